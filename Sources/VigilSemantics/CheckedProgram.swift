import VigilCore
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

  /// The records a record policy is about, for compliance rates (Grammar.md, "Scope"): the
  /// selecting conjuncts of its condition other than its measured test. Nil: every record
  /// whose condition is known. Set by `findScope`.
  package var scope: CheckedExpr?
  /// Whether the condition is `S and M` with `scope` the conjuncts of `S` and `M` the
  /// measured test: then `S`'s truth, found as the condition is tested, is the scope's.
  package var scopeIsFirstOperand = false
  /// The scope as written (`type == "complaint"`), nil for every record.
  package var scopeText: String?
  /// The measured test as written (`unresolved > 48h`).
  package var measuredText: String?
  /// For a group policy whose measured test compares its first aggregate with a number
  /// (`share(late) > 20%`): that number, the threshold its trend charts draw.
  package var trendThreshold: Double?
  /// What that test compares with the threshold: the first aggregate (`value`), its drop
  /// from the previous window (`drop`: `previous(A) - A`) or its rise (`rise`: `A -
  /// previous(A)`); nil when it is none of them.
  package var trendQuantity: String?
  /// Who answers for a breach, as written: `accountable:`, else the first party an action
  /// names (nil: the policy only flags).
  package var partyText: String?
  /// When a record in scope that did not break the policy is *pending*: every other part of
  /// its condition holds and a state its measured test compares with `>` or `>=` is still
  /// open, so it may yet break it. Nil: never.
  package var pending: CheckedExpr?
  /// `pending` for a record known to be in scope: without the scope's conjuncts, which then
  /// hold (`true and X` is `X`), so that they are not evaluated twice per record.
  package var pendingInScope: CheckedExpr?
  /// A record policy judged per cycle of the record's own list of changes (`each cycle in H
  /// from P until Q`).
  package var recordCycles: CheckedRecordCycles?
  /// A record policy whose party is a holder of the record's own list of changes
  /// (`accountable: FIELD at breach in H`).
  package var recordHolding: CheckedHolding?

  /// Sets `scope`, `scopeText`, `measuredText`, `pending` and `pendingInScope` from the condition as written
  /// (`written`, in `source`) and as checked: its conjuncts are the parts joined by `and`
  /// as written (a definition or a `between` is one part).
  package mutating func findScope(_ written: Expr, _ source: Source) {
    let parts = CheckedPolicy.conjuncts(written, condition)
    let checked = parts.map(\.1)
    guard let measured = CheckedPolicy.measuredIndex(of: checked) else { return }
    measuredText = source.text(in: parts[measured].0.range)
    let picked = CheckedPolicy.scopeIndices(of: checked)
    scope = picked.dropFirst().reduce(picked.first.map { checked[$0] }) { scope, next in
      scope.map { .and($0, checked[next]) }
    }
    if case .binary(let op, _, let right) = written.kind, op == .and || op == .juxtaposed,
      case .and(_, let checkedRight) = condition,
      CheckedPolicy.conjuncts(right, checkedRight).count == 1, measured == parts.count - 1,
      picked == Array(0..<measured)
    {
      // `and` is associative and commutative in its truth (SQL's three values): the left
      // operand, however its parts are grouped, holds exactly when they all do.
      scopeIsFirstOperand = true
    }
    scopeText =
      picked.isEmpty
      ? nil : picked.map { source.text(in: parts[$0].0.range) }.joined(separator: " and ")
    if case .compare(_, let left, let right, _) = checked[measured],
      case .constant(.number(let limit)) = right
    {
      switch left {
      case .aggregate(0): trendQuantity = "value"
      case .arithmetic(.minus, .previous(0), .aggregate(0)): trendQuantity = "drop"
      case .arithmetic(.minus, .aggregate(0), .previous(0)): trendQuantity = "rise"
      default: break
      }
      if trendQuantity != nil { trendThreshold = limit }
    }
    let open = CheckedPolicy.growingStates(in: checked[measured])
    let anyOpen = open.dropFirst().reduce(open.first) { either, next in
      either.map { .or($0, next) }
    }
    // Pending only while every other part holds: otherwise the record cannot break it.
    pending = checked.indices.filter { $0 != measured }.reduce(anyOpen) { pending, index in
      pending.map { .and(checked[index], $0) }
    }
    pendingInScope = checked.indices.filter { $0 != measured && !picked.contains($0) }
      .reduce(anyOpen) { pending, index in pending.map { .and(checked[index], $0) } }
  }

  /// Sets the texts reports show of the policy `decl` (its scope, measured test and party).
  package mutating func describe(_ decl: PolicyDecl, _ rule: Rule, _ source: Source) {
    findScope(rule.condition, source)
    partyText =
      (decl.accountable ?? rule.actions.first { $0.kind != .flag }?.target)
      .map { source.text(in: $0.range) }
  }

  /// The conjuncts of a condition as written, each with its checked form.
  private static func conjuncts(_ written: Expr, _ checked: CheckedExpr) -> [(Expr, CheckedExpr)] {
    if case .binary(let op, let left, let right) = written.kind, op == .and || op == .juxtaposed,
      case .and(let checkedLeft, let checkedRight) = checked
    {
      return conjuncts(left, checkedLeft) + conjuncts(right, checkedRight)
    }
    return [(written, checked)]
  }

  /// Which of a condition's conjuncts is its measured test: the last one that is not a
  /// selector, else the last one.
  package static func measuredIndex(of conjuncts: [CheckedExpr]) -> Int? {
    conjuncts.lastIndex { !isSelector($0) } ?? (conjuncts.isEmpty ? nil : conjuncts.count - 1)
  }

  /// Which of a condition's conjuncts make its scope: the selectors, but the measured test.
  package static func scopeIndices(of conjuncts: [CheckedExpr]) -> [Int] {
    let measured = measuredIndex(of: conjuncts)
    return conjuncts.indices.filter { $0 != measured && isSelector(conjuncts[$0]) }
  }

  /// `state open` for each state that `expr` compares as longer than a limit (outside a
  /// `not`): such a state, while open, can still grow past it.
  private static func growingStates(in expr: CheckedExpr) -> [CheckedExpr] {
    switch expr {
    case .stateLength(let op, let state, _, let site),
      .calendarLength(let op, let state, _, let site, _),
      .businessDays(let op, let state, _, let site, _):
      return op == .greater || op == .greaterEqual ? [.stateOpen(state, site: site)] : []
    case .and(let left, let right), .or(let left, let right):
      return growingStates(in: left) + growingStates(in: right)
    default: return []
    }
  }

  /// Whether an expression only selects records: no state, no ordering comparison.
  package static func isSelector(_ expr: CheckedExpr) -> Bool {
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
    case .cycleBound: return false
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
  /// The calendars of hours, by name (for `vigil diff`, which says when one changed in place).
  package var calendars: [String: BusinessCalendar] = [:]
}
