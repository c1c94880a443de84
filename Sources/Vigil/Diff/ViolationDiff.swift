/// What changed between two audits of the same records by two versions of a policy set:
/// the violations (and records at risk) that appear, disappear, or change party, severity,
/// escalation level or action.
///
/// A finding is identified by its policy's name and its record (for a group policy, its
/// group and window); a record found twice by one policy (two records with one id) is
/// matched in order. Measurements are not compared: a new threshold changes what is
/// measured against, not who answers for the breach.
public struct ViolationDiff: Sendable {
  /// One difference.
  public enum Change: Sendable, Hashable {
    /// Found by the new policies only.
    case added(Violation)
    /// Found by the old policies only.
    case removed(Violation)
    /// Found by both, with different facts (`ViolationDiff.differences`).
    case changed(old: Violation, new: Violation)

    /// The finding as the new policies found it (the old one, for a removal).
    public var violation: Violation {
      switch self {
      case .added(let violation), .removed(let violation), .changed(_, let violation):
        return violation
      }
    }
  }

  /// One policy's findings before and after, and its changes.
  public struct PolicySummary: Sendable, Hashable {
    public var policy: String
    /// Violations (not counting records at risk) before and after.
    public var before = 0
    public var after = 0
    public var added = 0
    public var removed = 0
    public var changed = 0

    /// Whether anything about the policy changed.
    public var isUnchanged: Bool { added == 0 && removed == 0 && changed == 0 }
  }

  /// The differences, policy by policy (the new set's order, then policies only the old set
  /// has), each policy's removals, additions and changes in the order the audits found them.
  public private(set) var changes: [Change] = []
  /// Every policy that found something in either audit, in the same order.
  public private(set) var policies: [PolicySummary] = []

  /// Compares the findings of the old and the new policies (violations and records at risk,
  /// each in the order its audit found them); `order` lists policy names in the order
  /// reports should follow.
  public init(old: [Violation], new: [Violation], order: [String]) {
    var oldByKey: [Key: [Int]] = [:]
    for (index, violation) in old.enumerated() {
      oldByKey[Key(violation), default: []].append(index)
    }
    var matched = Array(repeating: false, count: old.count)
    var byPolicy: [String: (summary: PolicySummary, changes: [Change], removed: [Change])] = [:]
    func entry(_ policy: String) -> PolicySummary {
      byPolicy[policy]?.summary ?? PolicySummary(policy: policy)
    }
    for violation in old where violation.atRisk == nil {
      var summary = entry(violation.policy)
      summary.before += 1
      byPolicy[violation.policy, default: (summary, [], [])].summary = summary
    }
    var seen: [Key: Int] = [:]
    for violation in new {
      let key = Key(violation)
      let occurrence = seen[key, default: 0]
      seen[key] = occurrence + 1
      var summary = entry(violation.policy)
      if violation.atRisk == nil { summary.after += 1 }
      var change: Change?
      if let indices = oldByKey[key], occurrence < indices.count {
        matched[indices[occurrence]] = true
        let before = old[indices[occurrence]]
        if !Self.differences(before, violation).isEmpty {
          change = .changed(old: before, new: violation)
          summary.changed += 1
        }
      } else {
        change = .added(violation)
        summary.added += 1
      }
      byPolicy[violation.policy, default: (summary, [], [])].summary = summary
      if let change { byPolicy[violation.policy]!.changes.append(change) }
    }
    for (index, violation) in old.enumerated() where !matched[index] {
      byPolicy[violation.policy, default: (entry(violation.policy), [], [])].summary.removed += 1
      byPolicy[violation.policy]!.removed.append(.removed(violation))
    }
    var listed: Set<String> = []
    let named = order.filter { byPolicy[$0] != nil && listed.insert($0).inserted }
    let others = byPolicy.keys.filter { !listed.contains($0) }.sorted()
    for policy in named + others {
      // INVARIANT: every name comes from the dictionary's keys.
      let found = byPolicy[policy]!
      policies.append(found.summary)
      changes += found.removed
      changes += found.changes.filter { if case .added = $0 { true } else { false } }
      changes += found.changes.filter { if case .changed = $0 { true } else { false } }
    }
  }

  /// What differs between two findings of one policy about one record, as `what old → new`
  /// phrases (empty when nothing that matters changed).
  public static func differences(_ old: Violation, _ new: Violation) -> [String] {
    var found: [String] = []
    if (old.atRisk == nil) != (new.atRisk == nil) {
      found.append(old.atRisk == nil ? "violation → at risk" : "at risk → violation")
    }
    if old.severity != new.severity {
      found.append("severity \(old.severity.rawValue) → \(new.severity.rawValue)")
    }
    if old.party != new.party {
      found.append("party \(old.party ?? "(none)") → \(new.party ?? "(none)")")
    }
    let (oldLevel, newLevel) = (level(of: old), level(of: new))
    if oldLevel != newLevel {
      found.append(
        "level \(oldLevel.map(String.init) ?? "(none)") → \(newLevel.map(String.init) ?? "(none)")")
    }
    // Who the actions name is the party's change; what they do is this one.
    let (oldActions, newActions) = (actions(of: old), actions(of: new))
    if oldActions != newActions {
      found.append("action \(oldActions) → \(newActions)")
    }
    return found
  }

  /// The escalation level reached: a chain's level, 1 for an escalation without a chain, nil
  /// when the rule does not escalate.
  static func level(of violation: Violation) -> Int? {
    guard let escalation = violation.actions.first(where: { $0.kind == .escalate }) else {
      return nil
    }
    return escalation.escalation?.level ?? 1
  }

  /// What the actions do, without whom they name: `escalate, notify`.
  static func actions(of violation: Violation) -> String {
    violation.actions.map(\.kind.rawValue).joined(separator: ", ")
  }

  /// The totals over every policy.
  public var totals: PolicySummary {
    policies.reduce(into: PolicySummary(policy: "")) { total, policy in
      total.before += policy.before
      total.after += policy.after
      total.added += policy.added
      total.removed += policy.removed
      total.changed += policy.changed
    }
  }

  /// A finding's identity: its policy and its record (or group).
  private struct Key: Hashable {
    var policy: String
    var record: String

    init(_ violation: Violation) {
      policy = violation.policy
      record = violation.record
    }
  }
}
