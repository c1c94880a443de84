import VigilCore
import VigilEvaluation
import VigilRecords
import VigilSyntax

/// The accountability report: per accountable party, what they answer for — violations by
/// severity and by policy, open, closed and undetermined, the oldest open breach, and per
/// policy the records (or groups) of its scope they answer for: met, pending (and at risk),
/// violated, and compliance = met ÷ (met + violated) (Grammar.md, "Scope and compliance") —
/// rolled up by team and up the manager chain when there is a directory; with each policy's
/// totals and each windowed group policy's trend.
package struct AccountabilityReport: Sendable {
  /// One party, team or manager.
  package struct Row: Sendable, Hashable {
    /// The party (`(none)` for what no party answers for), team or manager.
    package var name: String
    /// The party's team, from the directory.
    package var team: String?
    package var violations = 0
    package var open = 0
    /// Violations whose open-or-closed could not be decided (`open: null`): counted neither
    /// open nor closed.
    package var undetermined = 0
    /// By severity, in order: low, medium, high, critical.
    package var bySeverity: [Int] = [0, 0, 0, 0]
    /// By policy name, sorted by name.
    package var byPolicy: [String: Int] = [:]
    /// The open breach measured longest (else the first in the input).
    package var oldestOpen: (policy: String, record: String, measured: String?)?
    /// Per policy (in the policies' order): the scope's records the row answers for, how
    /// they stand, and the violations.
    package var shares: [PolicyShare] = []
    /// For a party: its violations (the first `PartyTally.keptLines`), in input order.
    package var lines = KeptLines()
    /// For a team or manager: the parties counted in it.
    package var members: [String] = []
    /// Whether this is the row of what no party answers for (named `noParty`), not a party
    /// that happens to be called so.
    package var isNoParty = false
    /// How long the oldest open breach has been open, when measured in time.
    package var oldestLength: Int64?

    /// Violations found closed: neither open nor undetermined.
    package var closed: Int { violations - open - undetermined }
    /// Over all its policies (pooled): records in scope, met, pending, at risk, violated.
    package var inScope: Int { shares.reduce(0) { $0 + $1.inScope } }
    package var met: Int { shares.reduce(0) { $0 + $1.met } }
    package var pending: Int { shares.reduce(0) { $0 + $1.pending } }
    package var atRisk: Int { shares.reduce(0) { $0 + $1.atRisk } }
    package var violated: Int { shares.reduce(0) { $0 + $1.violated } }
    /// The policies with something in scope.
    package var policyCount: Int { shares.filter { $0.inScope > 0 }.count }
    /// Pooled over its policies: met ÷ (met + violated), nil when neither.
    package var compliance: Double? {
      met + violated == 0 ? nil : Double(met) / Double(met + violated)
    }
    /// The denominator of `compliance`: met + violated.
    package var judged: Int { met + violated }

    package static func == (lhs: Row, rhs: Row) -> Bool {
      lhs.name == rhs.name && lhs.violations == rhs.violations && lhs.byPolicy == rhs.byPolicy
        && lhs.shares == rhs.shares && lhs.members == rhs.members
    }

    package func hash(into hasher: inout Hasher) { hasher.combine(name) }

    package mutating func add(_ other: Row) {
      violations += other.violations
      open += other.open
      undetermined += other.undetermined
      for index in bySeverity.indices { bySeverity[index] += other.bySeverity[index] }
      byPolicy.merge(other.byPolicy, uniquingKeysWith: +)
      for part in other.shares {
        if let index = shares.firstIndex(where: { $0.policy == part.policy }) {
          shares[index].add(part)
        } else {
          shares.append(part)
        }
      }
      members.append(other.name)
      // Members come worst first; a longer open breach, or the first one, is the oldest.
      if let breach = other.oldestOpen,
        oldestOpen == nil || (other.oldestLength ?? -1) > (oldestLength ?? -1)
      {
        oldestOpen = breach
        oldestLength = other.oldestLength
      }
    }

    /// Makes one from its parts.
    package init(
      name: String, team: String? = nil, violations: Int = 0, open: Int = 0, undetermined: Int = 0,
      bySeverity: [Int] = [0, 0, 0, 0], byPolicy: [String: Int] = [:],
      oldestOpen: (policy: String, record: String, measured: String?)? = nil,
      shares: [PolicyShare] = [], members: [String] = [], oldestLength: Int64? = nil
    ) {
      self.name = name
      self.team = team
      self.violations = violations
      self.open = open
      self.undetermined = undetermined
      self.bySeverity = bySeverity
      self.byPolicy = byPolicy
      self.oldestOpen = oldestOpen
      self.shares = shares
      self.members = members
      self.oldestLength = oldestLength
    }
  }

  /// One policy's totals, and what reports say of it.
  package struct PolicyRow: Sendable, Hashable {
    package var name: String
    package var severity: Severity
    /// Every party's share, added up.
    package var totals: PolicyShare
    /// Its scope as reports show it: `type == "complaint"`, `every record`, `every case`.
    package var scope: String
    /// Its measured test as written.
    package var measuredText: String?
    /// Who answers for a breach, as written (nil: the policy only flags).
    package var partyText: String?
    /// Why the policy exists (`because:`).
    package var because: String?
    /// The number its trend's value is compared with, when it is one.
    package var trendThreshold: Double?
    /// What the trend charts plot: `value`, `drop` or `rise` (`CheckedPolicy.trendQuantity`).
    package var trendQuantity: String?

    package var violations: Int { totals.violations }
    package var inScope: Int { totals.inScope }
    package var met: Int { totals.met }
    package var compliance: Double? { totals.compliance }

    /// Makes one from its parts.
    package init(
      name: String, severity: Severity, totals: PolicyShare, scope: String = "every record",
      measuredText: String? = nil, partyText: String? = nil, because: String? = nil
    ) {
      self.name = name
      self.severity = severity
      self.totals = totals
      self.scope = scope
      self.measuredText = measuredText
      self.partyText = partyText
      self.because = because
    }
  }

  /// A windowed group policy's values for one group, window by window.
  package struct Trend: Sendable, Hashable {
    package var policy: String
    package var group: String
    /// Window names, values (nil: not enough data), and the values as shown.
    package var points: [(window: String, value: Double?, shown: String)]
    /// Per point, whether the group broke the policy in that window.
    package var breached: [Bool] = []

    package static func == (lhs: Trend, rhs: Trend) -> Bool {
      lhs.policy == rhs.policy && lhs.group == rhs.group
        && lhs.points.map(\.window) == rhs.points.map(\.window)
        && lhs.points.map(\.value) == rhs.points.map(\.value)
    }

    package func hash(into hasher: inout Hasher) {
      hasher.combine(policy)
      hasher.combine(group)
    }

    /// Makes one from its parts.
    package init(
      policy: String, group: String, points: [(window: String, value: Double?, shown: String)],
      breached: [Bool] = []
    ) {
      self.policy = policy
      self.group = group
      self.points = points
      self.breached = breached
    }
  }

  /// A policy judged per cycle (`each cycle from … until …`): which cycles it judges, and
  /// its breaches by cycle.
  package struct CycleRow: Sendable, Hashable {
    package var policy: String
    /// `every`, `first` or `last`.
    package var judges: String
    package var tally: CycleTally
    /// Whether its cycles are a record's own (`each cycle in H`), not an event log case's:
    /// the report counts records ever breached, not cases.
    package var ofRecords = false

    /// Makes one from its parts.
    package init(policy: String, judges: String, tally: CycleTally, ofRecords: Bool = false) {
      self.policy = policy
      self.judges = judges
      self.tally = tally
      self.ofRecords = ofRecords
    }

    /// What `rows` count once among those ever breached: `case`, `record`, or `case or
    /// record` when they mix the two.
    package static func counted(_ rows: [CycleRow]) -> String {
      let records = rows.filter(\.ofRecords).count
      return records == 0 ? "case" : records == rows.count ? "record" : "case or record"
    }

    /// What `rows` count, in the plural: `cases`, `records` or `cases or records`.
    package static func countedPlural(_ rows: [CycleRow]) -> String {
      let records = rows.filter(\.ofRecords).count
      return records == 0 ? "cases" : records == rows.count ? "records" : "cases or records"
    }
  }

  /// A holder's part in the breaches of a policy whose party is a holder of the case
  /// (`accountable: Resource at breach`).
  package struct HolderRow: Sendable, Hashable {
    package var policy: String
    /// `at breach`, `held longest` or `by share`.
    package var names: String
    package var holder: String
    package var tally: HolderTally
    /// The share of the policy's breached cases' time they held.
    package var share: Double
    /// Whether the policy's cases are records with their own history (`accountable: F at
    /// breach in H`), not an event log's cases: the report counts breached records.
    package var ofRecords = false

    /// Makes one from its parts.
    package init(
      policy: String, names: String, holder: String, tally: HolderTally, share: Double,
      ofRecords: Bool = false
    ) {
      self.policy = policy
      self.names = names
      self.holder = holder
      self.tally = tally
      self.share = share
      self.ofRecords = ofRecords
    }

    /// What `rows` count, in the plural: `cases`, `records` or `cases or records`.
    package static func countedPlural(_ rows: [HolderRow]) -> String {
      let records = rows.filter(\.ofRecords).count
      return records == 0 ? "cases" : records == rows.count ? "records" : "cases or records"
    }

    /// A policy's rows: its holders, longest held first (then by name), each with their
    /// share of the time all held.
    package static func rows(
      policy: String, names: String, _ tallies: [String: HolderTally], ofRecords: Bool = false
    ) -> [HolderRow] {
      let total = tallies.values.reduce(Int64(0)) { $0 + $1.held }
      return tallies.sorted {
        $0.value.held != $1.value.held
          ? $0.value.held > $1.value.held : Operations.textOrder($0.key, $1.key) < 0
      }.map { holder, tally in
        HolderRow(
          policy: policy, names: names, holder: holder, tally: tally,
          share: total == 0 ? 0 : Double(tally.held) / Double(total), ofRecords: ofRecords)
      }
    }
  }

  /// The dishonest pauses one party set under one policy (`paused in … unless …`).
  package struct PauseRow: Sendable, Hashable {
    package var policy: String
    /// Who set them (`noParty` when none is named).
    package var party: String
    package var tally: PauseTally

    /// A policy's rows: most pauses first, then most time not paused, then by party.
    package static func rows(policy: String, _ tallies: [String?: PauseTally]) -> [PauseRow] {
      tallies.map { party, tally in
        PauseRow(policy: policy, party: party ?? AccountabilityReport.noParty, tally: tally)
      }.sorted { a, b in
        if a.tally.pauses != b.tally.pauses { return a.tally.pauses > b.tally.pauses }
        if a.tally.notPaused != b.tally.notPaused { return a.tally.notPaused > b.tally.notPaused }
        return Operations.textOrder(a.party, b.party) < 0
      }
    }
  }

  /// Parties, most violations first (then by name).
  package var parties: [Row]
  /// Teams (with a directory), most violations first.
  package var teams: [Row]
  /// Managers (with a directory), each counting everyone below them and themselves.
  package var managers: [Row]
  /// Policies, in source order.
  package var policies: [PolicyRow]
  package var trends: [Trend]
  /// The policies judged per cycle, in source order (none: the report has no such section).
  package var cycles: [CycleRow] = []
  /// The holders of the policies whose party is a holder of the case, policy by policy in
  /// source order (none: the report has no such section).
  package var holders: [HolderRow] = []
  /// The dishonest pauses, policy by policy in source order, by who set them (none: the
  /// report has no such section).
  package var pauses: [PauseRow] = []
  /// The first data errors and rejected lines (at most `keptProblems`), in the order met.
  package var problems: [AuditEvent] = []
  /// At most this many data errors and rejected lines are kept for the HTML report.
  package static let keptProblems = 500
  /// The audit as a whole: its instant, counts and provenance.
  package var summary: AuditSummary

  /// The audit's counts.
  package var counts: AuditCounts {
    get { summary.counts }
    set { summary.counts = newValue }
  }

  /// The audit's instant.
  package var now: Int64 {
    get { summary.now }
    set { summary.now = newValue }
  }

  /// A report of these rows, for an audit as of `now` with `counts` (and no provenance: set
  /// `summary.provenance` for one).
  package init(
    parties: [Row], teams: [Row], managers: [Row], policies: [PolicyRow], trends: [Trend],
    counts: AuditCounts, now: Int64
  ) {
    self.parties = parties
    self.teams = teams
    self.managers = managers
    self.policies = policies
    self.trends = trends
    self.summary = AuditSummary(now: now, counts: counts)
  }
}

extension AccountabilityReport {
  package static func row(
    _ name: String, _ part: PartyTally, _ directory: Directory?, order: [String]
  ) -> Row {
    // A party may be a person, or a team itself (`notify team`).
    let team = directory?.person(name)?.team ?? (directory?.isTeam(name) == true ? name : nil)
    var row = Row(name: name, team: team)
    row.violations = part.violations
    row.open = part.open
    row.undetermined = part.undetermined
    row.bySeverity = part.bySeverity
    row.byPolicy = part.byPolicy
    row.oldestOpen = part.oldestOpen.map { ($0.policy, $0.record, $0.measured) }
    row.oldestLength = part.oldestOpen?.length
    row.shares = inOrder(part.shares, order)
    row.lines = part.lines
    return row
  }

  /// `shares` in the order of the policy names `order` (others last, by name).
  package static func inOrder(_ shares: [PolicyShare], _ order: [String]) -> [PolicyShare] {
    let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    return shares.sorted { a, b in
      let (x, y) = (rank[a.policy] ?? Int.max, rank[b.policy] ?? Int.max)
      return x != y ? x < y : Operations.textOrder(a.policy, b.policy) < 0
    }
  }

  /// Why some violations have no party (`(none)`) or an empty one (`""`): for each such row,
  /// one note per policy it has violations of, naming who the policy holds accountable.
  package var unaddressed: [(party: String, policy: String, violations: Int, why: String)] {
    var notes: [(String, String, Int, String)] = []
    for row in parties where row.isNoParty || row.name.isEmpty {
      for policy in policies {
        guard let count = row.byPolicy[policy.name], count > 0 else { continue }
        let why: String
        if let party = policy.partyText {
          why =
            row.name.isEmpty
            ? "its party, \(party), was an empty text" : "its party, \(party), was missing"
        } else {
          why = "it only flags: it names no party (add accountable: FIELD to name one)"
        }
        notes.append((row.name, policy.name, count, why))
      }
    }
    return notes
  }

  /// The name of the row of what no party answers for.
  package static let noParty = "(none)"

  /// The rows' order: most violations first, then by name; of a party named `(none)` and
  /// the row of what no party answers for, the party first.
  /// `rows` ordered by `worstFirst(_:_:)`: their places sorted, each row moved once (a row
  /// is large: a sort that moves rows copies and destroys each many times).
  package static func worstFirst<Rows: Collection<Row>>(_ rows: Rows) -> [Row] {
    let rows = Array(rows)
    return rows.indices.sorted { worstFirst(rows[$0], rows[$1]) }.map { rows[$0] }
  }

  package static func worstFirst(_ a: Row, _ b: Row) -> Bool {
    if a.violations != b.violations { return a.violations > b.violations }
    let order = Operations.textOrder(a.name, b.name)
    return order != 0 ? order < 0 : !a.isNoParty && b.isNoParty
  }

  package static func trends(_ points: [TrendPoint], order: [String]) -> [Trend] {
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
            points: series.map { ($0.window, $0.value, $0.shown) },
            breached: series.map(\.breached)))
      }
    }
    return trends
  }
}
