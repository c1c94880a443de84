/// What an audit gathers across its inputs beyond the violations it writes as it goes: the
/// groups of every group policy (what each group's records added up to), and for the
/// accountability report, each party's share. Parts from chunks of an input merge into one,
/// in input order.
package struct AuditTally: Sendable {
  /// Per group policy, its groups (empty for a policy over an event log's cases).
  package var groups: [[GroupKey: GroupState]]
  /// Per group policy, the groups of a one-text key found by its bytes while records are
  /// tallied (`CompiledGroupPolicy.textKeySlot`); `settle()` moves them into `groups`.
  package var textGroups: [TextGroupIndex]
  /// Per events file, its cases (`TallyShape.caseWidths`).
  package var cases: [CaseTable]

  /// How many cases the event logs held (per events file, summed, the cases released while
  /// a log sorted by case was read included), for the summary.
  package var caseCount: Int { cases.reduce(0) { $0 + $1.count } + casesReleased }
  /// For a listing of one event log: its cases released as it is read while it is sorted by
  /// case, and their findings kept until the end (`CaseRelease`); nil when none are.
  var release: CaseRelease?
  /// How many cases were released while the log was read (judged, their states dropped).
  package var casesReleased: Int { release?.released ?? 0 }
  /// The most cases the tables held at once while a log was read with `release` (0 without).
  package var mostCasesHeld: Int { release?.mostHeld ?? 0 }
  /// For the accountability report (nil when not asked for).
  package var accountability: AccountabilityTally?

  /// No groups yet, for a program of this shape.
  package init(_ shape: TallyShape) {
    groups = Array(repeating: [:], count: shape.groupPolicies)
    textGroups = Array(repeating: TextGroupIndex(), count: shape.groupPolicies)
    cases = shape.caseWidths.map { CaseTable(widths: $0) }
    // A buffer of their own, even with no events file: the empty array's shared buffer is
    // never uniquely referenced, and the per-record tally would copy it for every record.
    cases.reserveCapacity(1)
  }

  /// Moves the groups found by their key's bytes into `groups`: what judging reads. A key
  /// of text is never in both (the index holds every text key of its policy).
  package mutating func settle() {
    for policy in textGroups.indices where !textGroups[policy].isEmpty {
      for (key, state) in textGroups[policy].groups() {
        groups[policy][key] = state
      }
      textGroups[policy].removeAll()
    }
  }

  /// Group `key` of group policy `policy` (not an event log's), as tallied so far.
  package func group(_ policy: Int, _ key: GroupKey) -> GroupState? {
    if let state = groups[policy][key] { return state }
    guard key.window == 0, key.values.count == 1, case .text(var text) = key.values[0] else {
      return nil
    }
    return text.withUTF8 { textGroups[policy].state(of: $0) }
  }

  /// Adds the groups another part of the audit found.
  package mutating func merge(_ other: AuditTally) {
    settle()
    var other = other
    other.settle()
    if let part = other.release { release = part }
    if let part = other.accountability {
      if accountability == nil { accountability = AccountabilityTally(gate: part.gate) }
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
