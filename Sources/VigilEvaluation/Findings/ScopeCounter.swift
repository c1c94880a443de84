import VigilCore
import VigilSyntax

/// The records in each policy's scope, counted party by party while a chunk is audited, and
/// the plain violations of a report that lists none (`addViolation`): a record's party is
/// found by its bytes (a party a reader left unread is never made a string) in a small table
/// of its own (`NameTable`), and its counts are integers in one flat array, by party, policy
/// and column (met, pending, violated; violations, open, undetermined) — no dictionary of
/// names, no string hashed, per record. A chunk's counter goes to the tally whole
/// (`AccountabilityTally.recordScopes`), where the chunks' counters add up (`merge`); the
/// parties' shares are made from them once, when read (`fold`).
package struct ScopeCounter: Sendable {
  /// The program's record policies, in order: their names and severities.
  private let policyList: [(name: String, severity: Severity)]
  /// The number of record policies.
  private let policies: Int
  /// The named parties' rows, found by their bytes.
  private var named = NameTable()
  /// The row of the records no party answers for (-1 until one).
  private var unnamedRow = -1
  /// By row, policy and column (`Column`).
  private var counts: [Int] = []
  /// How many rows there are.
  private var rows = 0
  /// By row, the party's oldest open breach of the violations `addViolation` counted.
  private var oldest: [OpenBreach?] = []
  /// The row `addViolation` found last and its party's bytes, for the next `add` alone: the
  /// record's place in the policy's scope, counted right after its violation.
  private var lastViolation: (address: Int, count: Int, row: Int)?

  /// A row's counts for one policy, in this order.
  private enum Column {
    static let met = 0
    static let pending = 1
    static let violated = 2
    static let violations = 3
    static let open = 4
    static let undetermined = 5
    static let width = 6
  }

  /// A counter for the record policies `policies` (the program's, in order).
  package init(policies: [(name: String, severity: Severity)]) {
    policyList = policies
    self.policies = policies.count
  }

  /// A record in the scope of the policy numbered `policy`, the party that answers for it,
  /// and how it stands.
  package mutating func add(policy: Int, party: String?, outcome: ScopeOutcome) {
    lastViolation = nil
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
    let last = lastViolation
    lastViolation = nil
    switch party {
    case .bytes(let bytes):
      // The record's violation was just counted: its party's row is known.
      if let last, last.address == Int(bitPattern: bytes.baseAddress), last.count == bytes.count {
        count(row: last.row, policy: policy, outcome: outcome)
        return
      }
      count(row: row(named: bytes), policy: policy, outcome: outcome)
    case .name(let name): add(policy: policy, party: name, outcome: outcome)
    }
  }

  /// A plain violation of the record policy numbered `policy` (`ViolationDraft`), whose
  /// party is named by `party`: counted for the party, its open or undetermined state too, and
  /// kept as the party's oldest open breach when it is (as `PartyTally.add(_:)` counts it).
  @inline(never)
  package mutating func addViolation(
    _ draft: borrowing ViolationDraft, policy: Int, party: UnsafeBufferPointer<UInt8>
  ) {
    let row = row(named: party)
    lastViolation = (Int(bitPattern: party.baseAddress), party.count, row)
    let base = (row * policies + policy) * Column.width
    counts[base + Column.violations] += 1
    switch draft.open {
    case nil: counts[base + Column.undetermined] += 1
    case false?: break
    case true?:
      counts[base + Column.open] += 1
      if let known = oldest[row],
        !OpenBreach.isOlder(
          (draft.measuredDuration, draft.input, draft.line, draft.policy.name), than: known)
      {
        return
      }
      oldest[row] = OpenBreach(draft)
    }
  }

  @inline(__always)
  private mutating func count(row: Int, policy: Int, outcome: ScopeOutcome) {
    let column =
      switch outcome {
      case .met: Column.met
      case .pending: Column.pending
      case .violated: Column.violated
      }
    counts[(row * policies + policy) * Column.width + column] += 1
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
    counts.append(contentsOf: repeatElement(0, count: policies * Column.width))
    oldest.append(nil)
    rows += 1
  }

  /// Adds `other`'s counts (of another chunk of the same audit) to these, and keeps the older
  /// of each party's oldest open breaches.
  package mutating func merge(_ other: ScopeCounter) {
    let width = policies * Column.width
    func add(_ row: Int, from theirs: Int) {
      for column in 0..<width {
        counts[row * width + column] += other.counts[theirs * width + column]
      }
      if let breach = other.oldest[theirs], oldest[row].map({ breach.isOlder(than: $0) }) ?? true {
        oldest[row] = breach
      }
    }
    other.named.forEachName { bytes, theirs in add(row(named: bytes), from: theirs) }
    if other.unnamedRow >= 0 { add(unnamed(), from: other.unnamedRow) }
  }

  /// Moves the oldest open breaches kept `shift` lines down their input: a chunk's, whose
  /// lines were counted from its own start, when it is stitched.
  package mutating func shiftLines(by shift: Int) {
    for row in oldest.indices { oldest[row]?.line += shift }
  }

  /// Adds the counts to `tally`'s parties' shares.
  package func fold(into tally: inout AccountabilityTally) {
    var parties = [String?](repeating: nil, count: rows)
    named.forEachName { bytes, row in parties[row] = String(decoding: bytes, as: UTF8.self) }
    for (row, party) in parties.enumerated() {
      for (index, policy) in policyList.enumerated() {
        let base = (row * policies + index) * Column.width
        let (met, pending, violated) = (
          counts[base + Column.met], counts[base + Column.pending], counts[base + Column.violated]
        )
        if met + pending + violated > 0 {
          tally.addScope(
            policy: policy.name, severity: policy.severity, party: party,
            counts: (met: met, pending: pending, violated: violated))
        }
        let violations = counts[base + Column.violations]
        guard violations > 0 else { continue }
        tally.addViolations(
          policy: policy.name, severity: policy.severity, party: party,
          counts: (
            violations: violations, open: counts[base + Column.open],
            undetermined: counts[base + Column.undetermined]
          ))
      }
      if let breach = oldest[row] { tally.addOldestOpen(breach, party: party) }
    }
  }
}

/// The party that answers for a record in a policy's scope: the bytes of a text a reader
/// left unread (valid while the record is evaluated), or a name (nil: none).
package enum ScopeParty {
  case bytes(UnsafeBufferPointer<UInt8>)
  case name(String?)
}
