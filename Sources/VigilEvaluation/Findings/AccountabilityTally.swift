import VigilSyntax

/// What an audit gathers for the accountability report, party by party: violations by policy
/// and severity, open ones and the oldest of them, those whose state could not be decided, and how many records (or groups) in each
/// policy's scope the party answered for and how many met it. Parts from chunks merge into
/// one; the counts do not depend on the order they merge in.
package struct AccountabilityTally: Sendable {
  /// By party; nil is the violations and records no party answers for.
  package var parties: [String?: PartyTally] = [:]
  /// By policy name, its severity (for the policies table).
  package var severities: [String: Severity] = [:]
  /// For windowed group policies: each group's value per window, to draw trends.
  package var series: [TrendPoint] = []

  /// A violation: counted for its accountable party.
  package mutating func add(_ violation: Violation) {
    severities[violation.policy] = violation.severity
    parties[violation.party, default: PartyTally()].add(violation)
  }

  /// A record (or group) in a policy's scope, the party that answers for it, and whether it
  /// met the policy.
  package mutating func addScope(policy: String, severity: Severity, party: String?, met: Bool) {
    severities[policy] = severity
    parties[party, default: PartyTally()].addScope(policy: policy, met: met)
  }

  package mutating func merge(_ other: AccountabilityTally) {
    severities.merge(other.severities) { first, _ in first }
    for (party, tally) in other.parties {
      parties[party, default: PartyTally()].merge(tally)
    }
    series += other.series
  }

  /// Makes one from its parts.
  package init(
    parties: [String?: PartyTally] = [:], severities: [String: Severity] = [:],
    series: [TrendPoint] = []
  ) {
    self.parties = parties
    self.severities = severities
    self.series = series
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
  package var byPolicy: [String: Int] = [:]
  package var oldestOpen: OpenBreach?
  /// By policy: records in scope, and those that met it. A short list, not a dictionary:
  /// a party has few policies, and the same name strings come back for every record.
  package var scopes: [(policy: String, inScope: Int, met: Int)] = []

  /// Records in scope, by policy.
  package var inScope: [String: Int] {
    Dictionary(scopes.map { ($0.policy, $0.inScope) }, uniquingKeysWith: +)
  }

  /// Records that met their policy, by policy.
  package var met: [String: Int] {
    Dictionary(scopes.map { ($0.policy, $0.met) }, uniquingKeysWith: +)
  }

  package mutating func add(_ violation: Violation) {
    violations += 1
    // INVARIANT: every severity is a case.
    bySeverity[Severity.allCases.firstIndex(of: violation.severity)!] += 1
    byPolicy[violation.policy, default: 0] += 1
    if violation.open == nil { undetermined += 1 }
    guard violation.open == true else { return }
    open += 1
    let breach = OpenBreach(violation)
    if oldestOpen.map({ breach.isOlder(than: $0) }) ?? true { oldestOpen = breach }
  }

  package mutating func addScope(policy: String, met: Bool, count: Int = 1) {
    let metCount = met ? count : 0
    if let index = scopes.firstIndex(where: { $0.policy == policy }) {
      scopes[index].inScope += count
      scopes[index].met += metCount
    } else {
      scopes.append((policy, count, metCount))
    }
  }

  package mutating func merge(_ other: PartyTally) {
    violations += other.violations
    open += other.open
    undetermined += other.undetermined
    for index in bySeverity.indices { bySeverity[index] += other.bySeverity[index] }
    byPolicy.merge(other.byPolicy, uniquingKeysWith: +)
    for scope in other.scopes {
      addScope(policy: scope.policy, met: false, count: scope.inScope)
      // INVARIANT: just added.
      scopes[scopes.firstIndex { $0.policy == scope.policy }!].met += scope.met
    }
    if let breach = other.oldestOpen, oldestOpen.map({ breach.isOlder(than: $0) }) ?? true {
      oldestOpen = breach
    }
  }
}

/// An open violation, as the report names the oldest one.
package struct OpenBreach: Sendable, Hashable {
  package var policy: String
  package var record: String
  /// What was measured: `unresolved 61h12m`.
  package var measured: String?
  /// How long it has been open, when measured in time (the longest is the oldest).
  package var length: Int64?
  package var input: String
  package var line: Int

  package init(_ violation: Violation) {
    policy = violation.policy
    record = violation.record
    measured = violation.measured
    if case .duration(let ms) = violation.measurement?.value { length = ms }
    input = violation.input
    line = violation.line
  }

  /// Longer open first; among equals (or unmeasured), the first in the input.
  package func isOlder(than other: OpenBreach) -> Bool {
    switch (length, other.length) {
    case (let a?, let b?) where a != b: return a > b
    case (.some, nil): return true
    case (nil, .some): return false
    default: return (input, line, policy) < (other.input, other.line, other.policy)
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
}
