import VigilSyntax

/// What a checked action does and to whom.
package struct CheckedAction: Sendable {
  /// The action's kind.
  package var kind: Action.Kind
  /// The party, for escalate and notify.
  package var target: CheckedExpr?
  /// An escalation chain's later levels: party, and how far past the threshold (ms).
  package var steps: [CheckedStep] = []
}

/// A policy's early warning: records for which `condition` holds (the rule's condition with
/// its state's threshold lowered to the warning's) while the state is still open are at
/// risk of a breach in `limit` minus the state's length.
package struct CheckedWarning: Sendable {
  package var condition: CheckedExpr
  /// The rule's threshold, in milliseconds.
  package var limit: Int64
}

/// A level of an escalation chain, checked.
package struct CheckedStep: Sendable {
  package var target: CheckedExpr
  package var after: Int64
  /// The delay as written: `24h`.
  package var afterText: String
}

/// A policy after checking: a name, a checked condition, actions and properties.
package struct CheckedPolicy: Sendable {
  /// The policy's name: its own, or `FILE:LINE` for a bare rule.
  package var name: String
  /// `FILE:LINE` of the rule.
  package var location: String
  /// How serious a breach is.
  package var severity: Severity
  /// Why the policy exists, in the team's words.
  package var because: String?
  /// When the rule fires.
  package var condition: CheckedExpr
  /// The condition's source text, shown when no comparison explains a violation.
  package var conditionText: String
  /// What the rule does.
  package var actions: [CheckedAction]
  /// Who answers for a breach, when not the first action's party.
  package var accountable: CheckedExpr?
  /// For a group policy, its groups and aggregates: the condition, actions and party are
  /// then over a group's keys and aggregates, not over a record.
  package var group: CheckedGroup?
  /// `warn at`: the condition with its threshold moved earlier, and the real threshold.
  package var warning: CheckedWarning?

  /// The records a record policy is about, for compliance rates: the condition's selecting
  /// conjuncts (tests that pick records, like `type == "complaint"`, as opposed to
  /// thresholds and states). Nil: every record whose condition is known.
  package var scope: CheckedExpr? { CheckedPolicy.selectors(of: condition) }

  package static func selectors(of condition: CheckedExpr) -> CheckedExpr? {
    let selecting = conjuncts(of: condition).filter(isSelector)
    return selecting.dropFirst().reduce(selecting.first) { scope, next in
      scope.map { .and($0, next) }
    }
  }

  private static func conjuncts(of expr: CheckedExpr) -> [CheckedExpr] {
    if case .and(let left, let right) = expr { return conjuncts(of: left) + conjuncts(of: right) }
    return [expr]
  }

  /// Whether an expression only selects records: no state, no ordering comparison.
  private static func isSelector(_ expr: CheckedExpr) -> Bool {
    switch expr {
    case .stateLength, .stateOpen, .between, .aggregate, .previous, .calendarLength,
      .businessDays, .pausedState:
      return false
    case .compare(let op, let left, let right, _):
      return (op == .equal || op == .notEqual) && isSelector(left) && isSelector(right)
    case .not(let inner), .negate(let inner), .isMissing(let inner, _), .matches(let inner, _),
      .relation(_, let inner, _):
      return isSelector(inner)
    case .and(let left, let right), .or(let left, let right), .arithmetic(_, let left, let right),
      .membership(let left, let right, _), .contains(let left, let right):
      return isSelector(left) && isSelector(right)
    case .list(let items), .call(_, let items): return items.allSatisfy(isSelector)
    case .state(let from, let until): return isSelector(from) && isSelector(until)
    case .constant, .field, .now, .groupKey: return true
    }
  }
}

/// A policy set that passed the checker: the only thing the compiler accepts.
package struct CheckedProgram: Sendable {
  /// The policies, in source order (files in the order given, includes first).
  package var policies: [CheckedPolicy]
  /// The comparisons a violation can be explained by.
  package var sites: [ComparisonSite]
  /// The warnings the checker found.
  package var warnings: [Diagnostic]
  /// Where the policies use the people directory (`file:line`): an audit needs one then.
  package var directoryUses: [String] = []
  /// The texts that mean a missing value in a CSV cell (`missing "?"`), in every file.
  package var missingTexts: [String] = []
  /// When checked for `vigil explain`: each policy's condition as written, part by part,
  /// with what each part was checked to (in the order of `policies`).
  package var traces: [TraceNode] = []
  /// The files the policies come from, parsed (set by `PolicySet`, for `vigil diff`).
  package var files: [PolicyFile] = []
}
