/// What a checked action does and to whom.
struct CheckedAction: Sendable {
  /// The action's kind.
  var kind: Action.Kind
  /// The party, for escalate and notify.
  var target: CheckedExpr?
  /// An escalation chain's later levels: party, and how far past the threshold (ms).
  var steps: [CheckedStep] = []
}

/// A level of an escalation chain, checked.
struct CheckedStep: Sendable {
  var target: CheckedExpr
  var after: Int64
  /// The delay as written: `24h`.
  var afterText: String
}

/// A policy after checking: a name, a checked condition, actions and properties.
struct CheckedPolicy: Sendable {
  /// The policy's name: its own, or `FILE:LINE` for a bare rule.
  var name: String
  /// `FILE:LINE` of the rule.
  var location: String
  /// How serious a breach is.
  var severity: Severity
  /// Why the policy exists, in the team's words.
  var because: String?
  /// When the rule fires.
  var condition: CheckedExpr
  /// The condition's source text, shown when no comparison explains a violation.
  var conditionText: String
  /// What the rule does.
  var actions: [CheckedAction]
  /// Who answers for a breach, when not the first action's party.
  var accountable: CheckedExpr?
  /// For a group policy, its groups and aggregates: the condition, actions and party are
  /// then over a group's keys and aggregates, not over a record.
  var group: CheckedGroup?
}

/// A policy set that passed the checker: the only thing the compiler accepts.
struct CheckedProgram: Sendable {
  /// The policies, in source order (files in the order given, includes first).
  var policies: [CheckedPolicy]
  /// The comparisons a violation can be explained by.
  var sites: [ComparisonSite]
  /// The warnings the checker found.
  var warnings: [Diagnostic]
  /// Where the policies use the people directory (`file:line`): an audit needs one then.
  var directoryUses: [String] = []
}
