/// The parties of an accountability tally, each given a row number the first time it is
/// met, and found again by the bytes of its name (`NameTable`): no string made, hashed or
/// compared per violation. Parties are told apart byte for byte, as groups are (`GroupKey`)
/// and as SQL's `GROUP BY` tells them: `"José"` composed and decomposed are two parties.
package struct PartyIndex: Sendable {
  /// The parties by row (nil: what no party answers for).
  package private(set) var names: [String?] = []
  /// The named parties' rows, by their bytes.
  private var rows = NameTable()
  /// The row of nil (-1 until met).
  private var unnamedRow = -1

  /// None yet.
  package init() {}

  /// How many parties there are.
  package var count: Int { names.count }

  /// The row of `party`, and whether it was added now (the next row).
  package mutating func row(of party: String?) -> (row: Int, isNew: Bool) {
    guard var party else {
      if unnamedRow >= 0 { return (unnamedRow, false) }
      unnamedRow = names.count
      names.append(nil)
      return (unnamedRow, true)
    }
    let name = party
    return party.withUTF8 { row(named: $0, name) }
  }

  /// The row of the party named by `bytes`, and whether it was added now: as `row(of:)`
  /// finds it, with no string made unless the party is new.
  @inline(__always)
  package mutating func row(named bytes: UnsafeBufferPointer<UInt8>) -> (row: Int, isNew: Bool) {
    if let row = rows.number(of: bytes) { return (row, false) }
    return row(named: bytes, nil)
  }

  /// The row of the party named by `bytes` (`party`, when the caller has it as a string).
  private mutating func row(named bytes: UnsafeBufferPointer<UInt8>, _ party: String?)
    -> (row: Int, isNew: Bool)
  {
    let (row, isNew) = rows.number(of: bytes, adding: names.count)
    if isNew { names.append(party ?? String(decoding: bytes, as: UTF8.self)) }
    return (row, isNew)
  }
}
