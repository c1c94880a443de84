import VigilCore
import VigilSyntax

/// Checking `each cycle from P until Q`: a state per cycle of a group's ordered records (an
/// event log's case), each cycle beginning at a record where `P` is true while none runs and
/// ending at the next record where `Q` is true.
extension Checker {
  /// The state of the cycle being judged: from the `cycleStart` aggregate until the
  /// `cycleEnd` one, which the group's judge sets cycle by cycle.
  package mutating func checkCycleState(
    _ from: Expr, _ until: Expr, _ whole: Expr
  ) -> (CheckedExpr, ValueType) {
    if groupScope == nil && checkingDefinitionAlone { return (.constant(.null), .state) }
    let example = "events per `Case ID`, ordered by at"
    guard let scope = groupScope, !aggregating, !scope.inPrevious else {
      report(
        .badGroup,
        groupScope == nil
          ? "'each cycle' reads a case's events in time order, and this policy judges single records"
          : "'each cycle' is a state of the whole case, not a value inside \(aggregating ? "an aggregate" : "previous()")",
        whole.range,
        help: groupScope == nil
          ? "use it in a file with an events line (\(example)), or in a policy with `per KEY, ordered by TIME`"
          : "compare the state itself: resolution > 30d")
      return unusable(from, until)
    }
    // Its errors are the condition's own: no "uses no aggregate" besides.
    if scope.windowed || scope.order == nil { groupScope?.sawUnknownFunction = true }
    if scope.windowed {
      report(
        .badGroup, "'each cycle' judges a group's cycles, and windows would cut them", whole.range,
        help: "remove the window from the per line: cycles are numbered over all the records")
      return unusable(from, until)
    }
    guard let order = scope.order else {
      report(
        .badGroup, "'each cycle' needs the time that orders the records", whole.range,
        help: "add it to the per line: per `Case ID`, ordered by at")
      return unusable(from, until)
    }
    aggregating = true
    let start = checkPredicate(from)
    let end = checkPredicate(until)
    aggregating = false
    let label = source.text(in: whole.range)
    if let known = scope.cycles, known.label != label {
      readsField = true
      report(
        .badGroup, "a policy judges one kind of cycle, and this is not its first, '\(known.label)'",
        whole.range, help: "give each kind of cycle a policy of its own")
      return unusable(from, until)
    }
    var first = CheckedAggregate(
      kind: .cycleStart, argument: start, filter: nil, measure: .time, label: label + " (start)",
      order: order)
    first.until = end
    let last = CheckedAggregate(
      kind: .cycleEnd, argument: nil, filter: nil, measure: .time, label: label + " (end)")
    readsField = true
    let startValue = groupValue(adding: first)
    let endValue = groupValue(adding: last)
    if case .aggregate(let startIndex) = startValue, case .aggregate(let endIndex) = endValue {
      groupScope?.cycles = CheckedCycles(
        start: startIndex, end: endIndex, choice: .every, label: label)
    }
    return (.state(from: startValue, until: endValue), .state)
  }

  /// A cycle state that cannot be used (an error was reported): its conditions are checked
  /// still, as reads of the records, so that nothing more is reported about them.
  private mutating func unusable(_ from: Expr, _ until: Expr) -> (CheckedExpr, ValueType) {
    let saved = aggregating
    aggregating = groupScope != nil
    _ = checkPredicate(from)
    _ = checkPredicate(until)
    aggregating = saved
    readsField = true
    return (.constant(.null), .state)
  }
}
