import VigilCore
import VigilSyntax

/// The records in each policy's scope, counted party by party while a chunk is audited: a
/// record's party is found by its bytes (a party a reader left unread is never made a string)
/// in a small table of its own (`NameTable`), and its counts are integers in one flat array, by
/// party, policy and outcome — no dictionary of names, no string hashed, per record. A chunk's
/// counter goes to the tally whole (`AccountabilityTally.recordScopes`), where the chunks'
/// counters add up (`merge`); the parties' shares are made from them once, when read (`fold`).
package struct ScopeCounter: Sendable {
  /// The program's record policies, in order: their names and severities.
  private let policyList: [(name: String, severity: Severity)]
  /// The number of record policies.
  private let policies: Int
  /// The named parties' rows, found by their bytes.
  private var named = NameTable()
  /// The row of the records no party answers for (-1 until one).
  private var unnamedRow = -1
  /// By row, policy and outcome (met, pending, violated).
  private var counts: [Int] = []
  /// How many rows there are.
  private var rows = 0

  /// A counter for the record policies `policies` (the program's, in order).
  package init(policies: [(name: String, severity: Severity)]) {
    policyList = policies
    self.policies = policies.count
  }

  /// A record in the scope of the policy numbered `policy`, the party that answers for it,
  /// and how it stands.
  package mutating func add(policy: Int, party: String?, outcome: ScopeOutcome) {
    guard var party else {
      count(row: unnamed(), policy: policy, outcome: outcome)
      return
    }
    let row = party.withUTF8 { self.row(named: $0) }
    count(row: row, policy: policy, outcome: outcome)
  }

  /// A record in the scope of the policy numbered `policy`, the party that answers for it,
  /// and how it stands. Not inlined: in the accountability report's evaluation, too large a
  /// function to inline anything more into, its array accesses would be calls.
  @inline(never)
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
  @inline(__always)
  private mutating func row(named bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let (row, isNew) = named.number(of: bytes, adding: rows)
    if isNew { newRow() }
    return row
  }

  /// The row of the records no party answers for, added when it is new.
  private mutating func unnamed() -> Int {
    if unnamedRow < 0 {
      unnamedRow = rows
      newRow()
    }
    return unnamedRow
  }

  /// A row of counts, the next.
  private mutating func newRow() {
    counts.append(contentsOf: repeatElement(0, count: policies * 3))
    rows += 1
  }

  /// Adds `other`'s counts (of another chunk of the same audit) to these.
  package mutating func merge(_ other: ScopeCounter) {
    let width = policies * 3
    func add(_ row: Int, from theirs: Int) {
      for column in 0..<width {
        counts[row * width + column] += other.counts[theirs * width + column]
      }
    }
    other.named.forEachName { bytes, theirs in add(row(named: bytes), from: theirs) }
    if other.unnamedRow >= 0 { add(unnamed(), from: other.unnamedRow) }
  }

  /// Adds the counts to `tally`'s parties' shares.
  package func fold(into tally: inout AccountabilityTally) {
    var parties = [String?](repeating: nil, count: rows)
    named.forEachName { bytes, row in parties[row] = String(decoding: bytes, as: UTF8.self) }
    for (row, party) in parties.enumerated() {
      for (index, policy) in policyList.enumerated() {
        let base = (row * policies + index) * 3
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
