/// The parties of an accountability tally, each given a row number the first time it is
/// met, and found again by the bytes of its name in a small open-addressing table: no
/// `Hasher` per violation (a dictionary keyed by the party's string hashed it for every one,
/// about a third of what tallying a violation cost).
package struct PartyIndex: Sendable {
  /// The parties by row (nil: what no party answers for).
  package private(set) var names: [String?] = []
  /// Each slot a named party's row, or -1; its size a power of two, at least twice the
  /// named rows.
  private var table = [Int32](repeating: -1, count: 64)
  /// The row of nil (-1 until met).
  private var unnamedRow = -1
  private var named = 0

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
    let hash = party.withUTF8 { Self.hash($0) }
    let mask = table.count - 1
    var slot = hash & mask
    while true {
      let row = Int(table[slot])
      if row < 0 { break }
      if names[row] == party { return (row, false) }
      slot = (slot + 1) & mask
    }
    let row = names.count
    names.append(party)
    table[slot] = Int32(row)
    named += 1
    if named * 2 > table.count { rehash() }
    return (row, true)
  }

  /// The row of the party named by the ASCII `bytes` (where byte equality is the string's
  /// equality), and whether it was added now: as `row(of:)` finds it, with no string made
  /// unless the party is new.
  package mutating func row(ofASCII bytes: UnsafeBufferPointer<UInt8>) -> (row: Int, isNew: Bool) {
    let mask = table.count - 1
    var slot = Self.hash(bytes) & mask
    while true {
      let row = Int(table[slot])
      if row < 0 { break }
      if Self.equal(names[row], bytes) { return (row, false) }
      slot = (slot + 1) & mask
    }
    let row = names.count
    names.append(String(decoding: bytes, as: UTF8.self))
    table[slot] = Int32(row)
    named += 1
    if named * 2 > table.count { rehash() }
    return (row, true)
  }

  /// Whether `name` is exactly `bytes`.
  @inline(__always)
  private static func equal(_ name: String?, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let name, name.utf8.count == bytes.count else { return false }
    // A word at a time (`ByteWords`), not byte by byte through a generic sequence.
    return name.utf8.withContiguousStorageIfAvailable { ByteWords.equal($0, bytes) }
      ?? name.utf8.elementsEqual(bytes)
  }

  /// Doubles the table and places every named row again.
  private mutating func rehash() {
    table = [Int32](repeating: -1, count: table.count * 2)
    let mask = table.count - 1
    for (row, name) in names.enumerated() {
      guard var name else { continue }
      var slot = name.withUTF8 { Self.hash($0) } & mask
      while table[slot] >= 0 { slot = (slot + 1) & mask }
      table[slot] = Int32(row)
    }
  }

  /// FNV-1a of the bytes: a party's name is short.
  @inline(__always)
  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return Int(truncatingIfNeeded: hash ^ (hash >> 29))
  }
}
