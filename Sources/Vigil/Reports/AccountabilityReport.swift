/// The accountability report: per accountable party, what they answer for — violations by
/// severity and by policy, open and closed, the oldest open breach, and the compliance rate
/// (records in each policy's scope that met it, of those in scope) — rolled up by team and up
/// the manager chain when there is a directory; with each policy's totals and each windowed
/// group policy's trend.
public struct AccountabilityReport: Sendable {
  /// One party, team or manager.
  public struct Row: Sendable, Hashable {
    /// The party (`(none)` for what no party answers for), team or manager.
    public var name: String
    /// The party's team, from the directory.
    public var team: String?
    public var violations = 0
    public var open = 0
    /// By severity, in order: low, medium, high, critical.
    public var bySeverity: [Int] = [0, 0, 0, 0]
    /// By policy name, sorted by name.
    public var byPolicy: [String: Int] = [:]
    /// The open breach measured longest (else the first in the input).
    public var oldestOpen: (policy: String, record: String, measured: String?)?
    /// Records (or groups) in the scope of the party's policies, and those that met them.
    public var inScope = 0
    public var met = 0
    /// For a team or manager: the parties counted in it.
    public var members: [String] = []
    /// How long the oldest open breach has been open, when measured in time.
    var oldestLength: Int64?

    public var closed: Int { violations - open }
    /// met ÷ in scope, nil when nothing was in scope.
    public var compliance: Double? { inScope == 0 ? nil : Double(met) / Double(inScope) }

    public static func == (lhs: Row, rhs: Row) -> Bool {
      lhs.name == rhs.name && lhs.violations == rhs.violations && lhs.byPolicy == rhs.byPolicy
        && lhs.inScope == rhs.inScope && lhs.met == rhs.met && lhs.members == rhs.members
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    mutating func add(_ other: Row) {
      violations += other.violations
      open += other.open
      for index in bySeverity.indices { bySeverity[index] += other.bySeverity[index] }
      byPolicy.merge(other.byPolicy, uniquingKeysWith: +)
      inScope += other.inScope
      met += other.met
      members.append(other.name)
      // Members come worst first; a longer open breach, or the first one, is the oldest.
      if let breach = other.oldestOpen,
        oldestOpen == nil || (other.oldestLength ?? -1) > (oldestLength ?? -1)
      {
        oldestOpen = breach
        oldestLength = other.oldestLength
      }
    }
  }

  /// One policy's totals.
  public struct PolicyRow: Sendable, Hashable {
    public var name: String
    public var severity: Severity
    public var violations: Int
    public var inScope: Int
    public var met: Int
    public var compliance: Double? { inScope == 0 ? nil : Double(met) / Double(inScope) }
  }

  /// A windowed group policy's values for one group, window by window.
  public struct Trend: Sendable, Hashable {
    public var policy: String
    public var group: String
    /// Window names, values (nil: not enough data), and the values as shown.
    public var points: [(window: String, value: Double?, shown: String)]

    public static func == (lhs: Trend, rhs: Trend) -> Bool {
      lhs.policy == rhs.policy && lhs.group == rhs.group
        && lhs.points.map(\.window) == rhs.points.map(\.window)
        && lhs.points.map(\.value) == rhs.points.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
      hasher.combine(policy)
      hasher.combine(group)
    }
  }

  /// Parties, most violations first (then by name).
  public var parties: [Row]
  /// Teams (with a directory), most violations first.
  public var teams: [Row]
  /// Managers (with a directory), each counting everyone below them and themselves.
  public var managers: [Row]
  /// Policies, in source order.
  public var policies: [PolicyRow]
  public var trends: [Trend]
  /// The audit's counts and instant.
  public var counts: AuditCounts
  public var now: Int64
  /// What the inputs as wholes made doubtful: fields no record has, fields given twice,
  /// repeated record ids, no policies (`DataWarning`).
  public var warnings: [DataWarning] = []
}

extension PolicySet {
  /// The accountability report of an audit whose tally gathered it
  /// (`AuditTally(for:accountability: true)`).
  public func accountabilityReport(
    _ tally: AuditTally, counts: AuditCounts, now: Int64, directory: Directory?
  ) -> AccountabilityReport {
    let gathered = tally.accountability ?? AccountabilityTally()
    let parties = gathered.parties.map { party, part in
      AccountabilityReport.row(party ?? "(none)", part, directory)
    }.sorted(by: AccountabilityReport.worstFirst)
    var teams: [String: AccountabilityReport.Row] = [:]
    var managers: [String: AccountabilityReport.Row] = [:]
    if let directory {
      let managing = Set(directory.people.compactMap(\.manager))
      for row in parties {
        let team = row.team ?? "(not in the directory)"
        teams[team, default: AccountabilityReport.Row(name: team)].add(row)
        // A manager answers for everyone below them, and for themselves.
        let above = directory.managers(of: row.name)
        for manager in (managing.contains(row.name) ? [row.name] : []) + above {
          managers[manager, default: AccountabilityReport.Row(name: manager)].add(row)
        }
      }
    }
    let names = checked.policies.map(\.name)
    let policies = names.compactMap { name -> AccountabilityReport.PolicyRow? in
      guard let severity = gathered.severities[name] else { return nil }
      let rows = gathered.parties.values
      return AccountabilityReport.PolicyRow(
        name: name, severity: severity,
        violations: rows.reduce(0) { $0 + ($1.byPolicy[name] ?? 0) },
        inScope: rows.reduce(0) { $0 + ($1.inScope[name] ?? 0) },
        met: rows.reduce(0) { $0 + ($1.met[name] ?? 0) })
    }
    return AccountabilityReport(
      parties: parties, teams: teams.values.sorted(by: AccountabilityReport.worstFirst),
      managers: managers.values.sorted(by: AccountabilityReport.worstFirst), policies: policies,
      trends: AccountabilityReport.trends(gathered.series, order: names), counts: counts, now: now)
  }
}

extension AccountabilityReport {
  static func row(_ name: String, _ part: PartyTally, _ directory: Directory?) -> Row {
    // A party may be a person, or a team itself (`notify team`).
    let team = directory?.person(name)?.team ?? (directory?.isTeam(name) == true ? name : nil)
    var row = Row(name: name, team: team)
    row.violations = part.violations
    row.open = part.open
    row.bySeverity = part.bySeverity
    row.byPolicy = part.byPolicy
    row.oldestOpen = part.oldestOpen.map { ($0.policy, $0.record, $0.measured) }
    row.oldestLength = part.oldestOpen?.length
    row.inScope = part.inScope.values.reduce(0, +)
    row.met = part.met.values.reduce(0, +)
    return row
  }

  static func worstFirst(_ a: Row, _ b: Row) -> Bool {
    if a.violations != b.violations { return a.violations > b.violations }
    return Operations.textOrder(a.name, b.name) < 0
  }

  static func trends(_ points: [TrendPoint], order: [String]) -> [Trend] {
    var byGroup: [String: [String: [TrendPoint]]] = [:]
    for point in points {
      byGroup[point.policy, default: [:]][point.group, default: []].append(point)
    }
    var trends: [Trend] = []
    for policy in order {
      guard let groups = byGroup[policy] else { continue }
      for group in groups.keys.sorted(by: { Operations.textOrder($0, $1) < 0 }) {
        // INVARIANT: the key comes from the dictionary.
        let series = groups[group]!.sorted { $0.windowStart < $1.windowStart }
        trends.append(
          Trend(
            policy: policy, group: group,
            points: series.map { ($0.window, $0.value, $0.shown) }))
      }
    }
    return trends
  }
}
