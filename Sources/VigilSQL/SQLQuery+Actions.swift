import VigilSyntax

/// An action compiled: its kind, and its party at each level of its escalation chain (one
/// level without `then … after …`; none for `flag`).
struct SQLAction {
  var kind: Action.Kind
  /// SQL texts of the parties, first level first.
  var parties: [String]
  /// The delays of the levels after the first, in milliseconds, and as written.
  var delays: [Int64]
  var delayTexts: [String]
}

/// What a violation's actions say (Grammar.md, "Escalation chains"): the level each chain
/// reached, from how far past its threshold the deciding comparison was (`vigil_overrun`,
/// NULL when it was not measured in time), its party, and why.
extension SQLQuery {
  /// The level `action` reached: one more than the delays the overrun is past.
  func level(_ action: SQLAction) -> String {
    "(1" + action.delays.map { " + (CASE WHEN vigil_overrun > \($0) THEN 1 ELSE 0 END)" }.joined()
      + ")"
  }

  /// The party of `action` at the level it reached.
  func target(_ action: SQLAction) -> String {
    guard action.parties.count > 1 else { return action.parties.first ?? nullText }
    let level = level(action)
    return "(CASE \(level) "
      + action.parties.enumerated().map { "WHEN \($0 + 1) THEN \($1)" }.joined(separator: " ")
      + " END)"
  }

  /// `level 2 of 3: 52h past the threshold, more than 24h`, as `Escalation.reason` writes it.
  func escalationReason(_ action: SQLAction) -> String {
    let level = level(action)
    let more = action.delayTexts.enumerated().map {
      "WHEN \($0 + 2) THEN \(dialect.text(", more than " + $1))"
    }.joined(separator: " ")
    let past = dialect.concat([
      "': '", compiler.text.formatDuration("vigil_overrun"), "' past the threshold'",
      "(CASE \(level) \(more) ELSE '' END)",
    ])
    return dialect.concat([
      "'level '", dialect.integerText(level), dialect.text(" of \(action.parties.count)"),
      "(CASE WHEN vigil_overrun IS NULL THEN ': not measured in time'"
        + " WHEN vigil_overrun < 0 THEN ': not past the threshold yet'"
        + " WHEN vigil_overrun = 0 THEN ': at the threshold' ELSE \(past) END)",
    ])
  }

  /// The columns `party`, `action`, `target` and `escalation` of a violation of `rule`.
  func actionColumns(_ rule: CompiledRule) -> (
    party: String, action: String, target: String, escalation: String
  ) {
    let first = rule.actions.first
    let named = rule.actions.first { $0.kind != .flag }
    let target = first.map { $0.kind == .flag ? nullText : self.target($0) } ?? nullText
    let escalation =
      first.flatMap { $0.delays.isEmpty ? nil : escalationReason($0) } ?? nullText
    return (
      rule.accountable ?? named.map(self.target) ?? nullText,
      dialect.text(first?.kind.rawValue ?? "flag"), target, escalation
    )
  }
}
