import VigilEvaluation
import VigilRecords
import VigilReports

extension PolicySet {
  /// The accountability report of an audit whose tally gathered it
  /// (`AuditDriver.newTally()` with `AuditOptions.accountability`).
  package func accountabilityReport(
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
