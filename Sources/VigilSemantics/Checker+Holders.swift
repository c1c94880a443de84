import VigilCore
import VigilSyntax

/// `accountable: FIELD at breach | held longest | by share`: the party of a case's breach is
/// a holder of the case — the field's value from each event on — chosen by how they held the
/// state the policy measures.
package struct CheckedHolding: Sendable {
  package var choice: HolderChoice
  /// The field as written (`Resource`): the holders' name.
  package var field: String
  /// `history(FIELD)`: the case's holders, change by change (a group-level value); for a
  /// record policy (`… in H`), the record's list of changes `H`.
  package var history: CheckedExpr
  /// For a record policy: the holder's field, read in each change of `history`.
  package var path: FieldPath?
  /// The state the rule measures, its comparison, its threshold and its calendar.
  package var state: CheckedExpr
  package var op: BinaryOperator
  package var threshold: Int64
  package var calendar: CalendarChoice?
}

extension Checker {
  /// The holding of a group policy over an event log's cases whose `accountable:` line names
  /// a holder; nil (with an error) when the party is not a field of the events or the rule
  /// has not exactly one state compared with a fixed duration by `>` or `>=`. Called while the
  /// policy's group scope is open: the holders' history is one of its aggregates.
  package mutating func checkHolding(
    _ decl: PolicyDecl, _ condition: CheckedExpr
  ) -> CheckedHolding? {
    guard let (choice, range) = decl.holding, let party = decl.accountable else { return nil }
    let words = "'\(choice.rawValue)'"
    if let history = decl.holderHistory {
      report(
        .badPolicy,
        "'\(choice.rawValue) in …' reads a record's own list of changes, and this policy judges \(eventsFile == nil || decl.followUp != nil ? "groups" : "an event log's cases")",
        history.range,
        help: "a case's holders are read from its events: accountable: Resource \(choice.rawValue)")
      return nil
    }
    guard eventsFile != nil, let order = groupScope?.order else {
      reportHoldingOutsideCases(decl)
      return nil
    }
    guard fieldPath(of: party) != nil else {
      report(
        .badPolicy, "\(words) names a holder of the case, and a holder is a field of its events",
        party.range,
        help: "name the field that says who holds it: accountable: Resource \(choice.rawValue)")
      return nil
    }
    let measures = Self.stateMeasures(in: condition)
    guard measures.count == 1, let measure = measures.first else {
      report(
        .badPolicy,
        measures.isEmpty
          ? "\(words) splits the time of the state the rule measures, and this rule measures none against a duration"
          : "\(words) splits the time of one state, and this rule has \(measures.count) state thresholds",
        range,
        help: "for example: resolution > 30d → flag, with accountable: Resource \(choice.rawValue)")
      return nil
    }
    aggregating = true
    let (field, _) = check(party, hint: nil)
    aggregating = false
    let text = source.text(in: party.range)
    var aggregate = CheckedAggregate(
      kind: .history, argument: field, filter: nil, measure: .number,
      label: "history(\(text))", order: order)
    aggregate.field = text
    return CheckedHolding(
      choice: choice, field: text, history: groupValue(adding: aggregate), state: measure.state,
      op: measure.op, threshold: measure.threshold, calendar: measure.calendar)
  }

  /// The holding of a record policy (`accountable: FIELD at breach in H`): the holders read
  /// from the record's list of changes `H`, `FIELD` a field of each change; nil (with an
  /// error) as for a case's holding.
  package mutating func checkRecordHolding(_ decl: PolicyDecl, _ condition: CheckedExpr)
    -> CheckedHolding?
  {
    guard let (choice, range) = decl.holding, let party = decl.accountable,
      let list = decl.holderHistory
    else { return nil }
    let (history, type) = check(list, hint: nil)
    if type != .any && type != .list {
      report(
        .typeMismatch, "a history is a list of changes, not \(type.article)", list.range,
        help: "accountable: assignee \(choice.rawValue) in history")
    }
    guard let path = fieldPath(of: party) else {
      report(
        .badPolicy,
        "'\(choice.rawValue)' names a holder of the record, and a holder is a field of its changes",
        party.range,
        help:
          "name the field that says who holds it: accountable: assignee \(choice.rawValue) in history"
      )
      return nil
    }
    let words = "'\(choice.rawValue)'"
    let measures = Self.stateMeasures(in: condition)
    guard measures.count == 1, let measure = measures.first else {
      report(
        .badPolicy,
        measures.isEmpty
          ? "\(words) splits the time of the state the rule measures, and this rule measures none against a duration"
          : "\(words) splits the time of one state, and this rule has \(measures.count) state thresholds",
        range,
        help:
          "for example: resolution > 8h → flag, with accountable: assignee \(choice.rawValue) in history"
      )
      return nil
    }
    return CheckedHolding(
      choice: choice, field: source.text(in: party.range), history: history, path: path,
      state: measure.state, op: measure.op, threshold: measure.threshold,
      calendar: measure.calendar)
  }

  /// Reports `at breach`, `held longest` or `by share` in a policy that judges no event
  /// log's cases.
  package mutating func reportHoldingOutsideCases(_ decl: PolicyDecl) {
    guard let (choice, range) = decl.holding else { return }
    let judged =
      decl.grouping == nil
      ? "single records"
      : decl.followUp != nil
        ? "each event ('unless followed by')" : "groups, not the cases of an events line"
    report(
      .badPolicy,
      "'\(choice.rawValue)' names a holder of an event log's case, and this policy judges \(judged)",
      range,
      help:
        decl.grouping == nil
        ? "name the record's list of changes: accountable: owner \(choice.rawValue) in history; or write accountable: FIELD alone"
        : "holders are read from a case's events: in a file with `events per …, ordered by …`; or write accountable: FIELD alone"
    )
  }

  /// The state comparisons `S > D` and `S >= D` with a fixed duration (in a calendar or not).
  package static func stateMeasures(in expr: CheckedExpr) -> [(
    op: BinaryOperator, state: CheckedExpr, threshold: Int64, calendar: CalendarChoice?
  )] {
    switch expr {
    case .stateLength(let op, let state, .constant(.duration(let threshold)), _)
    where op == .greater || op == .greaterEqual:
      return [(op, state, threshold, nil)]
    case .calendarLength(let op, let state, .constant(.duration(let threshold)), _, let calendar)
    where op == .greater || op == .greaterEqual:
      return [(op, state, threshold, calendar)]
    case .and(let left, let right), .or(let left, let right):
      return stateMeasures(in: left) + stateMeasures(in: right)
    default: return []
    }
  }
}
