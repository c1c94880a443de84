import VigilCore
import VigilSyntax

/// How a record (or group) in a policy's scope stands (Grammar.md, "Scope and compliance").
package enum ScopeOutcome: Sendable, Hashable {
  /// It did not break the policy, and cannot any more.
  case met
  /// It did not break the policy yet, but a state the policy measures is still open.
  case pending
  /// It broke the policy.
  case violated
}

/// What an audit gathers for the accountability report, party by party: violations by policy
/// and severity, open ones and the oldest of them, those whose state could not be decided,
/// and per policy how many records (or groups) in its scope the party answered for and how
/// they stand (met, pending, at risk, violated). Parts from chunks merge into one; the counts
/// do not depend on the order they merge in.
package struct AccountabilityTally: Sendable {
  /// Each party's share, in the order the parties were met; nil is the violations and records
  /// no party answers for. Parties are told apart byte for byte (`PartyIndex`): two names
  /// equal as strings (`"é"` composed and decomposed) are two. Made from the rows when read
  /// (once, for the report); each violation finds its party's row by `index`. The records
  /// counted in the record policies' scopes (`recordScopes`) are in the shares.
  package var byParty: [(party: String?, tally: PartyTally)] {
    guard let recordScopes else { return zip(index.names, rows).map { ($0, $1) } }
    var folded = self
    folded.recordScopes = nil
    recordScopes.fold(into: &folded)
    return folded.byParty
  }

  /// `byParty` by name, the shares of names equal as strings merged (for tests and tools that
  /// look a party up by name).
  package var parties: [String?: PartyTally] {
    get {
      Dictionary(byParty.map { ($0.party, $0.tally) }) { first, second in
        var merged = first
        merged.merge(second)
        return merged
      }
    }
    set {
      index = PartyIndex()
      rows = []
      recordScopes = nil
      for (party, tally) in newValue {
        _ = index.row(of: party)
        rows.append(tally)
      }
    }
  }
  /// The parties met, by row, and each one's share.
  private var index = PartyIndex()
  private var rows: [PartyTally] = []
  /// Which violations the parties' lists keep, shared by the tallies of one audit (nil: the
  /// first `PartyTally.keptLines` of each party's).
  package var gate: KeptLinesGate?
  /// By policy name, its severity (for the policies table).
  package var severities: [String: Severity] = [:]
  /// For windowed group policies: each group's value per window, to draw trends.
  package var series: [TrendPoint] = []
  /// For policies judged per cycle: their breaches by cycle, by policy name.
  package var cycles: [String: CycleTally] = [:]
  /// The records in the record policies' scopes, counted by party and added up chunk by chunk
  /// (`ScopeCounter`): in the parties' shares when `parties` is read.
  package var recordScopes: ScopeCounter?
  /// For policies whose party is a holder of the case: each holder's part, by policy name.
  package var holders: [String: [String: HolderTally]] = [:]
  /// The dishonest pauses, by policy name and by the party who set them (nil: none named).
  package var pauses: [String: [String?: PauseTally]] = [:]

  /// A violation: counted for its accountable party.
  package mutating func add(_ violation: consuming Violation) {
    note(violation.policy, violation.severity)
    if let cycle = violation.cycle {
      cycles[violation.policy, default: CycleTally()].add(cycle)
    }
    if let split = violation.holders {
      HolderTally.add(split, to: &holders[violation.policy, default: [:]], nobody: Self.noHolder)
    }
    let row = row(of: violation.party)
    // Moved on, never copied: the party's list may keep it.
    rows[row].add(consume violation)
  }

  /// A record policy's violation found but not made (`ViolationDraft`): counted for its
  /// party as `add(_:)` counts the violation, which is made only when the party's list keeps
  /// it or it is the party's oldest open breach so far. A plain violation whose party is
  /// named by bytes a reader left unread, of a report that lists no party's violations, is
  /// counted in `scopes` (the chunk's `ScopeCounter`, which finds the party's row once for
  /// the violation and its place in the policy's scope) and reaches the party's share when
  /// the counter is folded.
  package mutating func add(_ draft: borrowing ViolationDraft, scopes: inout ScopeCounter) {
    guard draft.isPlain else {
      add(draft.violation)
      return
    }
    let policy = draft.policy
    // Noted once per policy (by its index, with no string compared after the first).
    if policy.index >= 64 || notedIndexes & 1 << policy.index == 0 {
      note(policy.name, policy.severity)
      if policy.index < 64 { notedIndexes |= 1 << policy.index }
    }
    let row: Int
    if let bytes = draft.partyBytes, policy.actions[0].kind != .flag {
      if gate?.listsViolations == false {
        scopes.addViolation(draft, policy: policy.index, party: bytes)
        return
      }
      row = self.row(named: bytes)
    } else {
      row = self.row(of: draft.parties().party)
    }
    rows[row].add(draft)
  }

  /// The row of `party`'s share, added when new: keeping what the gate lets a chunk audited
  /// now keep, or for a share that parts merge into, every violation merged into it (up to
  /// the limit).
  private mutating func row(of party: String?, merging: Bool = false) -> Int {
    let (row, isNew) = index.row(of: party)
    if isNew {
      let limit =
        merging
        ? (gate?.listsViolations == false ? 0 : PartyTally.keptLines)
        : (gate?.limit(for: party) ?? PartyTally.keptLines)
      rows.append(PartyTally(keeping: limit))
    }
    return row
  }

  /// `row(of:)` for a party named by `bytes`.
  private mutating func row(named bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let (row, isNew) = index.row(named: bytes)
    if isNew {
      let party = index.names[row]
      rows.append(PartyTally(keeping: gate?.limit(for: party) ?? PartyTally.keptLines))
    }
    return row
  }

  /// The policies whose severity `severities` holds, as far as `note` has seen them: a
  /// violation's policy name is the compiled policy's own string, found here with no hash.
  private var noted: [String] = []
  /// The record policies below 64 whose severity `add(_:)` noted, by their index.
  private var notedIndexes: UInt64 = 0

  /// Keeps `policy`'s severity for the policies table.
  private mutating func note(_ policy: String, _ severity: Severity) {
    for known in noted where known == policy { return }
    severities[policy] = severity
    if noted.count < 16 { noted.append(policy) }
  }

  /// A record (or group) at risk of breaking its policy (`warn at`): counted for its party.
  /// A dishonest pause: counted for the party who set it.
  package mutating func addPause(_ finding: PauseFinding) {
    severities[finding.policy] = finding.severity
    pauses[finding.policy, default: [:]][finding.party, default: PauseTally()].add(finding)
  }

  package mutating func addAtRisk(_ violation: Violation) {
    severities[violation.policy] = violation.severity
    rows[row(of: violation.party)].share(violation.policy) { $0.atRisk += 1 }
  }

  /// A record (or group) in a policy's scope, the party that answers for it, and how it
  /// stands.
  package mutating func addScope(
    policy: String, severity: Severity, party: String?, outcome: ScopeOutcome
  ) {
    severities[policy] = severity
    rows[row(of: party)].addScope(policy: policy, outcome: outcome)
  }

  /// Records (or groups) in a policy's scope that one party answers for, counted by how they
  /// stand (`ScopeCounter`).
  package mutating func addScope(
    policy: String, severity: Severity, party: String?,
    counts: (met: Int, pending: Int, violated: Int)
  ) {
    severities[policy] = severity
    rows[row(of: party)].share(policy) { share in
      share.met += counts.met
      share.pending += counts.pending
      share.violated += counts.violated
    }
  }

  /// Violations of a record policy that one party answers for, counted (`ScopeCounter`):
  /// how many, how many open and how many undetermined.
  package mutating func addViolations(
    policy: String, severity: Severity, party: String?,
    counts: (violations: Int, open: Int, undetermined: Int)
  ) {
    severities[policy] = severity
    rows[row(of: party)].count(policy: policy, severity: severity, counts: counts)
  }

  /// An open breach of `party`'s, kept when it is older than the party's oldest so far.
  package mutating func addOldestOpen(_ breach: OpenBreach, party: String?) {
    let row = row(of: party)
    if rows[row].oldestOpen.map({ breach.isOlder(than: $0) }) ?? true {
      rows[row].oldestOpen = breach
    }
  }

  package mutating func merge(_ other: AccountabilityTally) {
    severities.merge(other.severities) { first, _ in first }
    for (party, tally) in zip(other.index.names, other.rows) {
      let row = row(of: party, merging: true)
      let wasOpen = rows[row].lines.isOpen
      rows[row].merge(tally)
      // Merged in input order: the chunks still to come keep none of the party's.
      if wasOpen && !rows[row].lines.isOpen { gate?.markFull(party) }
    }
    if let theirs = other.recordScopes {
      if recordScopes == nil {
        recordScopes = theirs
      } else {
        recordScopes!.merge(theirs)
      }
    }
    series += other.series
    cycles.merge(other.cycles) { $0.merged($1) }
    holders.merge(other.holders) { mine, theirs in mine.merging(theirs) { $0.merged($1) } }
    pauses.merge(other.pauses) { mine, theirs in mine.merging(theirs) { $0.merged($1) } }
  }

  /// Moves the records' violations kept `shift` lines down their input: a chunk's, whose lines
  /// were counted from its own start (`LineFeedLedger`), when it is stitched.
  package mutating func shiftLines(by shift: Int) {
    guard shift != 0 else { return }
    for row in rows.indices { rows[row].shiftLines(by: shift) }
    recordScopes?.shiftLines(by: shift)
  }

  /// An empty tally whose parties' lists keep the violations `gate` lets them keep.
  package init(gate: KeptLinesGate?) {
    self.gate = gate
  }

  /// Makes one from its parts.
  package init(
    parties: [String?: PartyTally] = [:], severities: [String: Severity] = [:],
    series: [TrendPoint] = []
  ) {
    self.severities = severities
    self.series = series
    self.parties = parties
  }
}

extension AccountabilityTally {
  /// The name of the stretches of a case no one held yet (no event had the field).
  package static let noHolder = "(no holder)"
}

/// A policy judged per cycle: its breaches by cycle number, the cases with a breach in any
/// cycle (Jira's `everBreached()`), and those whose breach was in their last cycle (its
/// `breached()`, of a policy that judges that cycle).
package struct CycleTally: Sendable, Hashable {
  /// Breaches of cycle 1, 2, …
  package var breaches: [Int] = []
  package var everBreached = 0
  package var lastBreached = 0

  /// Nothing yet.
  package init() {}

  /// A cycle's violation.
  package mutating func add(_ cycle: CycleFacts) {
    while breaches.count < cycle.number { breaches.append(0) }
    breaches[cycle.number - 1] += 1
    if cycle.firstBreach { everBreached += 1 }
    if cycle.number == cycle.count { lastBreached += 1 }
  }

  /// This and `other` added up.
  package func merged(_ other: CycleTally) -> CycleTally {
    var sum = self
    for (index, count) in other.breaches.enumerated() {
      if index < sum.breaches.count {
        sum.breaches[index] += count
      } else {
        sum.breaches.append(count)
      }
    }
    sum.everBreached += other.everBreached
    sum.lastBreached += other.lastBreached
    return sum
  }
}

/// One party's share of one policy: the records (or groups) of its scope the party answers
/// for, how they stand, and the violations.
package struct PolicyShare: Sendable, Hashable {
  package var policy: String
  /// In scope and not broken: met for good, or pending (a measured state still open).
  package var met = 0
  package var pending = 0
  /// Pending past the policy's `warn at` (counted in `pending` too, for a record whose
  /// state is open; a group at risk is counted as its judgement says).
  package var atRisk = 0
  /// In scope and broken (the violations, as judged).
  package var violated = 0
  /// The violations: open, undetermined (the rest are closed).
  package var violations = 0
  package var open = 0
  package var undetermined = 0

  /// Met, pending or violated.
  package var inScope: Int { met + pending + violated }
  /// Violations found closed.
  package var closed: Int { violations - open - undetermined }
  /// met ÷ (met + violated): nil when neither.
  package var compliance: Double? {
    met + violated == 0 ? nil : Double(met) / Double(met + violated)
  }

  /// Nothing yet, for `policy`.
  package init(policy: String) { self.policy = policy }

  package mutating func add(_ other: PolicyShare) {
    met += other.met
    pending += other.pending
    atRisk += other.atRisk
    violated += other.violated
    violations += other.violations
    open += other.open
    undetermined += other.undetermined
  }
}

/// One party's share of the audit.
package struct PartyTally: Sendable {
  package var violations = 0
  package var open = 0
  /// Violations whose open-or-closed could not be decided (`open: null`).
  package var undetermined = 0
  /// By severity, low to critical.
  package var bySeverity = [0, 0, 0, 0]
  /// The violations by policy (of the policies with any), as `shares` counts them.
  package var byPolicy: [String: Int] {
    Dictionary(
      uniqueKeysWithValues: shares.lazy.filter { $0.violations > 0 }.map {
        ($0.policy, $0.violations)
      })
  }
  package var oldestOpen: OpenBreach?
  /// The violations themselves, in input order (groups' after records'), the first
  /// `keptLines` of them.
  package var lines = KeptLines()
  /// At most this many violations are kept per party, for the HTML report's tables.
  package static let keptLines = 1000
  /// By policy, in the order first met. A short list, not a dictionary: a party has few
  /// policies, and the same name strings come back for every record.
  package var shares: [PolicyShare] = []

  /// Nothing yet, keeping at most `limit` of its violations.
  package init(keeping limit: Int = PartyTally.keptLines) {
    lines = KeptLines(limit: limit)
  }

  /// Changes the share of `policy`, adding it when new.
  package mutating func share(_ policy: String, _ change: (inout PolicyShare) -> Void) {
    if let index = shares.firstIndex(where: { $0.policy == policy }) {
      change(&shares[index])
    } else {
      var share = PolicyShare(policy: policy)
      change(&share)
      shares.append(share)
    }
  }

  package mutating func add(_ violation: consuming Violation) {
    let isOpen = violation.open
    count(policy: violation.policy, severity: violation.severity, open: isOpen)
    if isOpen == true {
      // The breach is made (its measured text written) only when it is the oldest so far.
      // (No closure here: it would capture, and so copy, the violation.)
      var isOldest = true
      if let oldest = oldestOpen { isOldest = OpenBreach.isOlder(violation, than: oldest) }
      if isOldest { oldestOpen = OpenBreach(violation) }
    }
    // Kept last, so that the violation moves into the list.
    if lines.isOpen { lines.append(ViolationLine(consume violation)) }
  }

  /// `add(_:)` for a plain violation found but not made (`AccountabilityTally.add(_:)`).
  package mutating func add(_ draft: borrowing ViolationDraft) {
    let policy = draft.policy
    let isOpen = draft.open
    count(policy: policy.name, severity: policy.severity, open: isOpen)
    if isOpen == true {
      var isOldest = true
      if let oldest = oldestOpen {
        isOldest = OpenBreach.isOlder(
          (draft.measuredDuration, draft.input, draft.line, policy.name), than: oldest)
      }
      if isOldest { oldestOpen = OpenBreach(draft) }
    }
    if lines.isOpen { lines.append(ViolationLine(draft.violation)) }
  }

  /// Violations of `policy`, of `severity`, counted elsewhere (`ScopeCounter`): in the
  /// party's counts and its share of the policy.
  package mutating func count(
    policy: String, severity: Severity, counts: (violations: Int, open: Int, undetermined: Int)
  ) {
    violations += counts.violations
    bySeverity[Self.column(of: severity)] += counts.violations
    open += counts.open
    undetermined += counts.undetermined
    share(policy) { share in
      share.violations += counts.violations
      share.open += counts.open
      share.undetermined += counts.undetermined
    }
  }

  /// One more violation of `policy`, of `severity`, open or closed (`open`; nil: not decided):
  /// in the party's counts and its share of the policy.
  private mutating func count(policy: String, severity: Severity, open isOpen: Bool?) {
    violations += 1
    // INVARIANT: every severity is a case.
    bySeverity[Self.column(of: severity)] += 1
    if isOpen == nil { undetermined += 1 }
    if isOpen == true { open += 1 }
    share(policy) { share in
      share.violations += 1
      if isOpen == nil { share.undetermined += 1 }
      if isOpen == true { share.open += 1 }
    }
  }

  /// A severity's place in `bySeverity`.
  private static func column(of severity: Severity) -> Int {
    switch severity {
    case .low: 0
    case .medium: 1
    case .high: 2
    case .critical: 3
    }
  }

  package mutating func addScope(policy: String, outcome: ScopeOutcome) {
    share(policy) { share in
      switch outcome {
      case .met: share.met += 1
      case .pending: share.pending += 1
      case .violated: share.violated += 1
      }
    }
  }

  /// Moves the records' violations kept `shift` lines down their input.
  package mutating func shiftLines(by shift: Int) {
    lines.shiftLines(by: shift)
    oldestOpen?.line += shift
  }

  package mutating func merge(_ other: PartyTally) {
    violations += other.violations
    open += other.open
    undetermined += other.undetermined
    for index in bySeverity.indices { bySeverity[index] += other.bySeverity[index] }
    for part in other.shares { share(part.policy) { $0.add(part) } }
    lines.append(contentsOf: other.lines)
    if let breach = other.oldestOpen, oldestOpen.map({ breach.isOlder(than: $0) }) ?? true {
      oldestOpen = breach
    }
  }
}

/// A violation as the HTML report lists it under its party: only what the report's columns
/// read, taken from the violation as it is kept (a fifth of its size: no actions, no party,
/// no group facts), so that a party's thousand cost little memory.
package struct ViolationLine: Sendable, Hashable {
  package let policy: String
  package let record: String
  /// The input and line of a record's violation; for a group's, the group's name.
  private let input: String
  private var line: Int
  private let group: String?
  private let measurement: Measurement?
  /// Open, closed, or undetermined (nil).
  package let open: Bool?
  /// The rule's condition, shown when no comparison explains the violation.
  private let condition: String

  package init(_ violation: consuming Violation) {
    policy = violation.policy
    record = violation.record
    input = violation.input
    line = violation.line
    group = violation.group?.name
    measurement = violation.measurement
    open = violation.open
    condition = violation.condition
  }

  /// Whether it is a group's (`place` is then no file).
  package var isGroup: Bool { group != nil }

  /// Moves a record's violation `shift` lines down its input (a group's has no line).
  package mutating func shiftLine(by shift: Int) {
    if group == nil { line += shift }
  }
  package var threshold: String? { measurement?.threshold }
  /// The measured value alone, and its label (`unresolved`), when there is one.
  package var value: Value? { measurement?.value }
  package var label: String? { measurement?.label }

  /// How long it has been open, when open and measured in time.
  package var openFor: Int64? {
    guard open == true, case .duration(let ms) = measurement?.value else { return nil }
    return ms
  }

  /// `file:line`, or for a group its name.
  package var place: String { group ?? "\(input):\(line)" }

  /// What was measured (`unresolved 61h12m`), or without a comparison to explain it, the
  /// condition that held.
  package var measured: String? {
    guard let measurement else { return condition }
    var bytes: [UInt8] = []
    measurement.write(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// An open violation, as the report names the oldest one.
package struct OpenBreach: Sendable, Hashable {
  package var policy: String
  package var record: String
  /// What was measured, as parts: its text (`measured`) is written only when read, for the
  /// one breach of a party's the report shows (a party's oldest is replaced many times).
  package var measurement: Measurement?
  /// How long it has been open, when measured in time (the longest is the oldest).
  package var length: Int64?
  package var input: String
  package var line: Int

  /// What was measured: `unresolved 61h12m`.
  package var measured: String? {
    measurement.map { measurement in
      var bytes: [UInt8] = []
      measurement.write(to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  package init(_ violation: borrowing Violation) {
    policy = violation.policy
    record = violation.record
    measurement = violation.measurement
    length = OpenBreach.length(of: violation)
    input = violation.input
    line = violation.line
  }

  /// The breach of a plain violation found but not made (`ViolationDraft`): what
  /// `init(_:)` takes from the violation, read from the draft, with no violation made.
  package init(_ draft: borrowing ViolationDraft) {
    policy = draft.policy.name
    record = draft.record
    measurement = draft.measurement
    length = draft.measuredDuration
    input = draft.input
    line = draft.line
  }

  /// How long a violation has been open, when measured in time.
  private static func length(of violation: Violation) -> Int64? {
    if case .duration(let ms) = violation.measurement?.value { return ms }
    return nil
  }

  /// Longer open first; among equals (or unmeasured), the first in the input.
  package func isOlder(than other: OpenBreach) -> Bool {
    OpenBreach.isOlder((length, input, line, policy), than: other)
  }

  /// Whether `violation`'s breach is older than `other`, as `isOlder(than:)` tells.
  package static func isOlder(_ violation: Violation, than other: OpenBreach) -> Bool {
    isOlder((length(of: violation), violation.input, violation.line, violation.policy), than: other)
  }

  static func isOlder(
    _ breach: (length: Int64?, input: String, line: Int, policy: String), than other: OpenBreach
  ) -> Bool {
    switch (breach.length, other.length) {
    case (let a?, let b?) where a != b: return a > b
    case (.some, nil): return true
    case (nil, .some): return false
    default:
      return (breach.input, breach.line, breach.policy) < (other.input, other.line, other.policy)
    }
  }
}

/// A windowed group policy's value for one group in one window.
package struct TrendPoint: Sendable, Hashable {
  package var policy: String
  /// The group's keys, as reports name them.
  package var group: String
  /// The window's first day (days since 1970-01-01) and name.
  package var windowStart: Int64
  package var window: String
  /// The policy's first aggregate, for the group in the window (nil: not enough data or
  /// nothing to aggregate).
  package var value: Double?
  /// The value as reports show it.
  package var shown: String
  /// Whether the group broke the policy in the window.
  package var breached = false
}
