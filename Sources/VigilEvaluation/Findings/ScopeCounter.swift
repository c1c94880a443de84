import VigilCore
import VigilSyntax

/// The records in each policy's scope, counted party by party while a chunk is audited, and
/// added to the accountability tally once, at the chunk's end: a record's party is found by
/// its bytes (a party a reader left unread is never made a string) in a small hash table of
/// its own, and its counts are integers in one flat array, by party, policy and outcome — no
/// dictionary of names, no string hashed, per record.
package struct ScopeCounter {
  /// The number of record policies.
  private let policies: Int
  /// The parties by row (nil: the records no party answers for), and that row (-1 until one).
  private var parties: [String?] = []
  private var unnamedRow = -1
  /// The named parties' bytes, row after row: row `r`'s are `names[starts[r]..<ends[r]]`.
  private var names: [UInt8] = []
  private var starts: [Int] = []
  private var ends: [Int] = []
  /// Open addressing: each slot a named row, or -1; its size a power of two, at least twice
  /// the named rows.
  private var table = [Int32](repeating: -1, count: 64)
  private var named = 0
  /// By row, policy and outcome (met, pending, violated).
  private var counts: [Int] = []

  /// A counter for `policies` record policies.
  package init(policies: Int) {
    self.policies = policies
  }

  /// A record in the scope of the policy numbered `policy`, the party that answers for it,
  /// and how it stands.
  package mutating func add(policy: Int, party: String?, outcome: ScopeOutcome) {
    guard var party else {
      if unnamedRow < 0 { unnamedRow = newRow(for: nil) }
      count(row: unnamedRow, policy: policy, outcome: outcome)
      return
    }
    let row = party.withUTF8 { self.row(named: $0) }
    count(row: row, policy: policy, outcome: outcome)
  }

  /// A record in the scope of the policy numbered `policy`, the party that answers for it,
  /// and how it stands.
  @inline(__always)
  package mutating func add(policy: Int, party: ScopeParty, outcome: ScopeOutcome) {
    switch party {
    case .bytes(let bytes): count(row: row(named: bytes), policy: policy, outcome: outcome)
    case .name(let name): add(policy: policy, party: name, outcome: outcome)
    }
  }

  @inline(__always)
  private mutating func count(row: Int, policy: Int, outcome: ScopeOutcome) {
    let column =
      switch outcome {
      case .met: 0
      case .pending: 1
      case .violated: 2
      }
    counts[(row * policies + policy) * 3 + column] += 1
  }

  /// The row of the party named `bytes`, adding one when it is new.
  private mutating func row(named bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let mask = table.count - 1
    var index = Self.hash(bytes) & mask
    while true {
      let row = Int(table[index])
      if row < 0 { break }
      if ends[row] - starts[row] == bytes.count, matches(row, bytes) { return row }
      index = (index + 1) & mask
    }
    let row = newRow(for: String(decoding: bytes, as: UTF8.self))
    starts.append(names.count)
    names.append(contentsOf: bytes)
    ends.append(names.count)
    table[index] = Int32(row)
    named += 1
    if named * 2 > table.count { rehash() }
    return row
  }

  /// Whether row `row`'s party is named `bytes` (of the same length).
  private func matches(_ row: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    names.withUnsafeBufferPointer { all in
      guard let base = all.baseAddress, let other = bytes.baseAddress else { return true }
      return ByteWords.equal(base + starts[row], other, count: bytes.count)
    }
  }

  /// Doubles the table and places every named row again.
  private mutating func rehash() {
    table = [Int32](repeating: -1, count: table.count * 2)
    let mask = table.count - 1
    for row in parties.indices where row != unnamedRow {
      let hash = names.withUnsafeBufferPointer { all in
        Self.hash(UnsafeBufferPointer(rebasing: all[starts[row]..<ends[row]]))
      }
      var index = hash & mask
      while table[index] >= 0 { index = (index + 1) & mask }
      table[index] = Int32(row)
    }
  }

  /// A hash of the bytes, read a word at a time.
  @inline(__always)
  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    ByteWords.tableHash(bytes)
  }

  /// A row of counts for `party`.
  private mutating func newRow(for party: String?) -> Int {
    parties.append(party)
    if party == nil {
      // Keeps `starts` and `ends` by row.
      starts.append(0)
      ends.append(0)
    }
    counts.append(contentsOf: repeatElement(0, count: policies * 3))
    return parties.count - 1
  }

  /// Adds the counts to `tally`, naming each policy by its place in `policies` (the
  /// program's record policies, in order).
  package func fold(
    into tally: inout AccountabilityTally, _ policies: [(name: String, severity: Severity)]
  ) {
    for (row, party) in parties.enumerated() {
      for (index, policy) in policies.enumerated() {
        let base = (row * self.policies + index) * 3
        let (met, pending, violated) = (counts[base], counts[base + 1], counts[base + 2])
        guard met + pending + violated > 0 else { continue }
        tally.addScope(
          policy: policy.name, severity: policy.severity, party: party,
          counts: (met: met, pending: pending, violated: violated))
      }
    }
  }
}

/// The party that answers for a record in a policy's scope: the bytes of a text a reader
/// left unread (valid while the record is evaluated), or a name (nil: none).
package enum ScopeParty {
  case bytes(UnsafeBufferPointer<UInt8>)
  case name(String?)
}
