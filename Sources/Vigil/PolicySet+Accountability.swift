import VigilEvaluation
import VigilRecords
import VigilReports
import VigilSemantics

extension PolicySet {
  /// The accountability report of an audit whose tally gathered it
  /// (`AuditDriver.newTally()` with `AuditOptions.accountability`).
  package func accountabilityReport(
    _ tally: AuditTally, counts: AuditCounts, now: Int64, directory: Directory?
  ) -> AccountabilityReport {
    let gathered = tally.accountability ?? AccountabilityTally()
    let byParty = gathered.byParty
    let names = checked.policies.map(\.name)
    let parties = AccountabilityReport.worstFirst(
      byParty.map { party, part in
        var row = AccountabilityReport.row(
          party ?? AccountabilityReport.noParty, part, directory, order: names)
        row.isNoParty = party == nil
        return row
      })
    let (teams, managers) = directory.map { Self.rollUp(parties, $0) } ?? ([], [])
    // Every policy, those with nothing in scope too.
    let policies = checked.policies.map { policy in
      var totals = PolicyShare(policy: policy.name)
      for (_, part) in byParty {
        for share in part.shares where share.policy == policy.name { totals.add(share) }
      }
      var row = AccountabilityReport.PolicyRow(
        name: policy.name, severity: policy.severity, totals: totals,
        scope: Self.scopeShown(policy),
        measuredText: policy.measuredText, partyText: policy.partyText, because: policy.because)
      row.trendThreshold = policy.trendThreshold
      row.trendQuantity = policy.trendQuantity
      return row
    }
    var report = AccountabilityReport(
      parties: parties, teams: teams, managers: managers, policies: policies,
      trends: AccountabilityReport.trends(gathered.series, order: names), counts: counts, now: now)
    report.cycles = checked.policies.compactMap { policy in
      (policy.group?.cycles?.choice ?? policy.recordCycles?.choice).map { choice in
        AccountabilityReport.CycleRow(
          policy: policy.name, judges: choice.rawValue,
          tally: gathered.cycles[policy.name] ?? CycleTally(), ofRecords: policy.group == nil)
      }
    }
    report.holders = checked.policies.flatMap { policy in
      (policy.group?.holding ?? policy.recordHolding).map { holding in
        AccountabilityReport.HolderRow.rows(
          policy: policy.name, names: holding.choice.rawValue,
          gathered.holders[policy.name] ?? [:], ofRecords: policy.group == nil)
      } ?? []
    }
    report.pauses = checked.policies.flatMap { policy in
      gathered.pauses[policy.name].map {
        AccountabilityReport.PauseRow.rows(policy: policy.name, $0)
      } ?? []
    }
    return report
  }

  /// A policy's scope as reports show it (Grammar.md, "Scope and compliance").
  static func scopeShown(_ policy: CheckedPolicy) -> String {
    guard let group = policy.group else { return policy.scopeText ?? "every record" }
    if group.followUp != nil {
      return "records where \(policy.scopeText ?? policy.conditionText)"
    }
    let noun = group.caseFile != nil ? "every case" : "every group"
    return noun + (policy.scopeText.map { " (among \($0))" } ?? "")
  }

  /// The parties rolled up by the directory (README, "Accountability"): by team (a person's
  /// team; a team named as a party is its own; others in `(not in the directory)`, and what
  /// no party answers for in `(no party)`), and up the manager chain: a person counts for
  /// themselves when they manage someone or lead a team and for each manager above them; a
  /// team counts for its lead and each manager above the lead.
  static func rollUp(_ parties: [AccountabilityReport.Row], _ directory: Directory)
    -> (teams: [AccountabilityReport.Row], managers: [AccountabilityReport.Row])
  {
    var teams: [String: AccountabilityReport.Row] = [:]
    var managers: [String: AccountabilityReport.Row] = [:]
    let managing = Set(directory.people.compactMap(\.manager))
    for row in parties {
      let unnamed = row.isNoParty || row.name.isEmpty
      let team = unnamed ? "(no party)" : row.team ?? "(not in the directory)"
      teams[team, default: AccountabilityReport.Row(name: team)].add(row)
      var chain: [String] = []
      if directory.person(row.name) != nil {
        let leads = row.team.map { directory.lead(of: $0) == row.name } ?? false
        if managing.contains(row.name) || leads { chain.append(row.name) }
        chain += directory.managers(of: row.name)
      } else if !unnamed, directory.isTeam(row.name), let lead = directory.lead(of: row.name) {
        chain = [lead] + directory.managers(of: lead)
      }
      for manager in chain {
        managers[manager, default: AccountabilityReport.Row(name: manager)].add(row)
      }
    }
    return (
      AccountabilityReport.worstFirst(teams.values),
      AccountabilityReport.worstFirst(managers.values)
    )
  }
}
