import VigilCore
import VigilEvaluation

/// What changed between two audits of the same records by two versions of a policy set:
/// the violations (and records at risk) that appear, disappear, or change party, severity,
/// escalation level or action.
///
/// A finding is identified by its policy (a named policy by its name, a bare rule by its text:
/// `PolicyIdentity`) and its record (for a group policy, its group and window); a record found
/// twice by one policy (two records with one id) is matched in order. Measurements are not compared: a new threshold changes what is
/// measured against, not who answers for the breach.
package struct ViolationDiff: Sendable {
  /// One difference.
  package enum Change: Sendable, Hashable {
    /// Found by the new policies only.
    case added(Violation)
    /// Found by the old policies only.
    case removed(Violation)
    /// Found by both, with different facts (`ViolationDiff.differences`).
    case changed(old: Violation, new: Violation)

    /// The finding as the new policies found it (the old one, for a removal).
    package var violation: Violation {
      switch self {
      case .added(let violation), .removed(let violation), .changed(_, let violation):
        return violation
      }
    }
  }

  /// One policy's findings before and after, and its changes.
  package struct PolicySummary: Sendable, Hashable {
    package var policy: String
    /// Violations (not counting records at risk) before and after.
    package var before = 0
    package var after = 0
    package var added = 0
    package var removed = 0
    package var changed = 0
    /// Its dishonest pauses (`PauseFinding`) before and after, and their changes.
    package var pauses = PauseSummary()

    /// Whether anything about the policy's violations changed.
    package var isUnchanged: Bool { added == 0 && removed == 0 && changed == 0 }
  }

  /// One policy's dishonest pauses before and after, and how many appear, disappear or
  /// change.
  package struct PauseSummary: Sendable, Hashable {
    package var before = 0
    package var after = 0
    package var added = 0
    package var removed = 0
    package var changed = 0

    /// Whether the policy found a dishonest pause in either audit.
    package var isEmpty: Bool { before == 0 && after == 0 }
    /// Whether none appeared, disappeared or changed.
    package var isUnchanged: Bool { added == 0 && removed == 0 && changed == 0 }
  }

  /// One difference of dishonest pauses.
  package enum PauseChange: Sendable, Hashable {
    case added(PauseFinding)
    case removed(PauseFinding)
    case changed(old: PauseFinding, new: PauseFinding)

    /// The pause as the new policies found it (the old one, for a removal).
    package var pause: PauseFinding {
      switch self {
      case .added(let pause), .removed(let pause), .changed(_, let pause): return pause
      }
    }
  }

  /// The differences, policy by policy (the new set's order, then policies only the old set
  /// has), each policy's removals, additions and changes in the order the audits found them;
  /// each policy's are as many as its summary's `added + removed + changed`.
  package private(set) var changes: [Change] = []
  /// The differences of dishonest pauses, policy by policy in the same order, each policy's
  /// as many as its `pauses` summary's `added + removed + changed`.
  package private(set) var pauseChanges: [PauseChange] = []
  /// Every policy that found something in either audit, in the same order.
  package private(set) var policies: [PolicySummary] = []

  /// Compares the findings of the old and the new policies (violations and records at risk,
  /// each in the order its audit found them), a policy by its name; `order` lists policy
  /// names in the order reports should follow (others come after it, sorted).
  package init(old: [Violation], new: [Violation], order: [String]) {
    self.init(
      old: old, new: new, oldPauses: [], newPauses: [],
      identities: Identities(old: [:], new: [:], order: order.map(PolicyIdentity.named), names: [:])
    )
  }

  /// Compares what `oldPolicies` found (`old`) with what `newPolicies` found (`new`), each in
  /// the order its audit found them. A named policy is matched by its name, a bare rule by
  /// its text as `vigil fmt` prints it (`PolicyIdentity`), so a rule that moved, or was read
  /// from a folder typed another way, is the same rule. Policies come in the new set's order
  /// (named as the new set names them), then those only the old set has.
  package init(
    old: [Violation], of oldPolicies: PolicySet, new: [Violation], of newPolicies: PolicySet,
    oldPauses: [PauseFinding] = [], newPauses: [PauseFinding] = []
  ) {
    let (before, after) = (oldPolicies.policyIdentities, newPolicies.policyIdentities)
    let order =
      newPolicies.policyNames.map { after[$0] ?? .named($0) }
      + oldPolicies.policyNames.map { before[$0] ?? .named($0) }
    var names: [PolicyIdentity: String] = [:]
    for name in oldPolicies.policyNames { names[before[name] ?? .named(name)] = name }
    for name in newPolicies.policyNames { names[after[name] ?? .named(name)] = name }
    self.init(
      old: old, new: new, oldPauses: oldPauses, newPauses: newPauses,
      identities: Identities(old: before, new: after, order: order, names: names))
  }

  private init(
    old: [Violation], new: [Violation], oldPauses: [PauseFinding], newPauses: [PauseFinding],
    identities: Identities
  ) {
    let oldIdentities = old.map { identities.old[$0.policy] ?? .named($0.policy) }
    var oldByKey: [Key: [Int]] = [:]
    for (index, violation) in old.enumerated() {
      oldByKey[Key(oldIdentities[index], violation), default: []].append(index)
    }
    var matched = Array(repeating: false, count: old.count)
    var byPolicy: [PolicyIdentity: Entry] = [:]
    for (index, violation) in old.enumerated() {
      byPolicy[oldIdentities[index], default: Entry(violation.policy)].summary.before +=
        violation.atRisk == nil ? 1 : 0
    }
    var seen: [Key: Int] = [:]
    for violation in new {
      let identity = identities.new[violation.policy] ?? .named(violation.policy)
      let key = Key(identity, violation)
      let occurrence = seen[key, default: 0]
      seen[key] = occurrence + 1
      var found = byPolicy[identity] ?? Entry(violation.policy)
      found.summary.policy = violation.policy
      if violation.atRisk == nil { found.summary.after += 1 }
      if let indices = oldByKey[key], occurrence < indices.count {
        matched[indices[occurrence]] = true
        let before = old[indices[occurrence]]
        if !Self.differences(before, violation).isEmpty {
          found.changed.append(.changed(old: before, new: violation))
          found.summary.changed += 1
        }
      } else {
        found.added.append(.added(violation))
        found.summary.added += 1
      }
      byPolicy[identity] = found
    }
    for (index, violation) in old.enumerated() where !matched[index] {
      byPolicy[oldIdentities[index], default: Entry(violation.policy)].summary.removed += 1
      byPolicy[oldIdentities[index], default: Entry(violation.policy)].removed.append(
        .removed(violation))
    }
    Self.comparePauses(oldPauses, newPauses, identities, into: &byPolicy)
    var listed: Set<PolicyIdentity> = []
    let named = identities.order.filter { byPolicy[$0] != nil && listed.insert($0).inserted }
    let others = byPolicy.filter { !listed.contains($0.key) }.sorted {
      $0.value.summary.policy < $1.value.summary.policy
    }
    for identity in named + others.map(\.key) {
      // INVARIANT: every identity comes from the dictionary's keys.
      var found = byPolicy[identity]!
      if let name = identities.names[identity] { found.summary.policy = name }
      policies.append(found.summary)
      changes += found.removed + found.added + found.changed
      pauseChanges += found.pauses
    }
  }

  /// How the findings of each version are told apart: each version's policies' identities by
  /// name, the order reports follow, and the name each identity is shown with.
  fileprivate struct Identities {
    var old: [String: PolicyIdentity]
    var new: [String: PolicyIdentity]
    var order: [PolicyIdentity]
    var names: [PolicyIdentity: String]
  }

  /// One policy's summary and changes while they are collected.
  fileprivate struct Entry {
    var summary: PolicySummary
    var removed: [Change] = []
    var added: [Change] = []
    var changed: [Change] = []
    /// Its pauses' changes: removals, additions, then changes.
    var pauses: [PauseChange] = []

    init(_ policy: String) {
      summary = PolicySummary(policy: policy)
    }
  }

  /// What differs between two findings of one policy about one record, as `what old → new`
  /// phrases (empty when nothing that matters changed).
  package static func differences(_ old: Violation, _ new: Violation) -> [String] {
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
  package var totals: PolicySummary {
    policies.reduce(into: PolicySummary(policy: "")) { total, policy in
      total.before += policy.before
      total.after += policy.after
      total.added += policy.added
      total.removed += policy.removed
      total.changed += policy.changed
      total.pauses.before += policy.pauses.before
      total.pauses.after += policy.pauses.after
      total.pauses.added += policy.pauses.added
      total.pauses.removed += policy.pauses.removed
      total.pauses.changed += policy.pauses.changed
    }
  }

  /// A finding's identity: its policy's and its record (or group), and for a policy judged
  /// per cycle the cycle's number.
  private struct Key: Hashable {
    var policy: PolicyIdentity
    var record: String
    var cycle: Int?

    init(_ policy: PolicyIdentity, _ violation: Violation) {
      self.policy = policy
      record = violation.record
      cycle = violation.cycle?.number
    }
  }
}

extension ViolationDiff {
  /// Matches the dishonest pauses of the two audits, a pause by its policy, its record (or
  /// case), its cycle, the state it paused and when it began (several alike matched in
  /// order), and adds their counts and changes to `byPolicy`.
  fileprivate static func comparePauses(
    _ old: [PauseFinding], _ new: [PauseFinding], _ identities: Identities,
    into byPolicy: inout [PolicyIdentity: Entry]
  ) {
    guard !old.isEmpty || !new.isEmpty else { return }
    let oldIdentities = old.map { identities.old[$0.policy] ?? .named($0.policy) }
    var oldByKey: [PauseKey: [Int]] = [:]
    for (index, pause) in old.enumerated() {
      oldByKey[PauseKey(oldIdentities[index], pause), default: []].append(index)
      byPolicy[oldIdentities[index], default: Entry(pause.policy)].summary.pauses.before += 1
    }
    var matched = Array(repeating: false, count: old.count)
    var seen: [PauseKey: Int] = [:]
    var added: [PolicyIdentity: [PauseChange]] = [:]
    var changed: [PolicyIdentity: [PauseChange]] = [:]
    for pause in new {
      let identity = identities.new[pause.policy] ?? .named(pause.policy)
      let key = PauseKey(identity, pause)
      let occurrence = seen[key, default: 0]
      seen[key] = occurrence + 1
      var found = byPolicy[identity] ?? Entry(pause.policy)
      found.summary.pauses.after += 1
      if let indices = oldByKey[key], occurrence < indices.count {
        matched[indices[occurrence]] = true
        let before = old[indices[occurrence]]
        if !differences(before, pause).isEmpty {
          changed[identity, default: []].append(.changed(old: before, new: pause))
          found.summary.pauses.changed += 1
        }
      } else {
        added[identity, default: []].append(.added(pause))
        found.summary.pauses.added += 1
      }
      byPolicy[identity] = found
    }
    for (index, pause) in old.enumerated() where !matched[index] {
      byPolicy[oldIdentities[index], default: Entry(pause.policy)].summary.pauses.removed += 1
      byPolicy[oldIdentities[index], default: Entry(pause.policy)].pauses.append(.removed(pause))
    }
    for (identity, changes) in added { byPolicy[identity]?.pauses += changes }
    for (identity, changes) in changed { byPolicy[identity]?.pauses += changes }
  }

  /// What differs between two findings of one dishonest pause, as `what old → new` phrases
  /// (empty when nothing that matters changed): who set it, where it ended, the change that
  /// contradicted it, the time not paused, whether its record broke the policy.
  package static func differences(_ old: PauseFinding, _ new: PauseFinding) -> [String] {
    var found: [String] = []
    if old.party != new.party {
      found.append("set by \(old.party ?? "(none)") → \(new.party ?? "(none)")")
    }
    let ended = { (pause: PauseFinding) in
      pause.ended.map(TimeParsing.formatISO8601) ?? "on"
    }
    if ended(old) != ended(new) { found.append("ended \(ended(old)) → \(ended(new))") }
    if old.contradicted != new.contradicted {
      found.append(
        "contradicted at \(TimeParsing.formatISO8601(old.contradicted)) → "
          + TimeParsing.formatISO8601(new.contradicted))
    }
    if old.notPaused != new.notPaused {
      found.append(
        "not paused \(DurationFormat.format(old.notPaused)) → \(DurationFormat.format(new.notPaused))"
      )
    }
    if old.breached != new.breached {
      found.append(old.breached ? "in a breach → not" : "not in a breach → in one")
    }
    return found
  }

  /// A dishonest pause's identity: its policy's, its record (or case), its cycle, its state
  /// and the instant it began.
  private struct PauseKey: Hashable {
    var policy: PolicyIdentity
    var record: String
    var cycle: Int?
    var state: String
    var began: Int64

    init(_ policy: PolicyIdentity, _ pause: PauseFinding) {
      self.policy = policy
      record = pause.record
      cycle = pause.cycle?.number
      state = pause.state
      began = pause.began
    }
  }
}
