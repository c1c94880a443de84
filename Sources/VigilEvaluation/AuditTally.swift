/// What an audit gathers across its inputs beyond the violations it writes as it goes: the
/// groups of every group policy (what each group's records added up to), and for the
/// accountability report, each party's share. Parts from chunks of an input merge into one,
/// in input order.
package struct AuditTally: Sendable {
  /// Per group policy, its groups (empty for a policy over an event log's cases).
  package var groups: [[GroupKey: GroupState]]
  /// Per events file, its cases (`TallyShape.caseWidths`).
  package var cases: [CaseTable]

  /// How many cases the event logs held (per events file, summed), for the summary.
  package var caseCount: Int { cases.reduce(0) { $0 + $1.count } }
  /// For the accountability report (nil when not asked for).
  package var accountability: AccountabilityTally?

  /// No groups yet, for a program of this shape.
  package init(_ shape: TallyShape) {
    groups = Array(repeating: [:], count: shape.groupPolicies)
    cases = shape.caseWidths.map { CaseTable(widths: $0) }
  }

  /// Adds the groups another part of the audit found.
  package mutating func merge(_ other: AuditTally) {
    if let part = other.accountability {
      if accountability == nil { accountability = AccountabilityTally() }
      accountability!.merge(part)
    }
    for table in other.cases.indices {
      cases[table].merge(other.cases[table])
    }
    for policy in other.groups.indices {
      if groups[policy].isEmpty {
        groups[policy] = other.groups[policy]
        continue
      }
      for (key, state) in other.groups[policy] {
        if let index = groups[policy].index(forKey: key) {
          groups[policy].values[index].merge(state)
        } else {
          groups[policy][key] = state
        }
      }
    }
  }
}
