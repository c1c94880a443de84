import VigilCore
import VigilSyntax

/// Checking `each cycle from P until Q`: a state per cycle of a group's ordered records (an
/// event log's case), each cycle beginning at a record where `P` is true while none runs and
/// ending at the next record where `Q` is true.
extension Checker {
  /// The state of the cycle being judged: from the `cycleStart` aggregate until the
  /// `cycleEnd` one, which the group's judge sets cycle by cycle.
  package mutating func checkCycleState(
    _ from: Expr, _ until: Expr, in history: Expr?, _ whole: Expr
  ) -> (CheckedExpr, ValueType) {
    if let history, groupScope == nil {
      return checkRecordCycleState(from, until, in: history, whole)
    }
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
          ? "name the record's list of changes (each cycle in history from … until …), or use it in a file with an events line (\(example))"
          : "compare the state itself: resolution > 30d")
      return unusable(from, until)
    }
    if let history {
      groupScope?.sawUnknownFunction = true  // its error is the condition's own
      report(
        .badGroup,
        "'each cycle in …' reads a record's own list of changes, and this policy judges \(eventsFile == nil ? "groups" : "an event log's cases")",
        history.range, help: "a case's cycles are read from its events: each cycle from … until …")
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
    sawCycleError = true
    let saved = aggregating
    aggregating = groupScope != nil
    _ = checkPredicate(from)
    _ = checkPredicate(until)
    aggregating = saved
    readsField = true
    return (.constant(.null), .state)
  }
}

extension Checker {
  /// `each cycle in H from P until Q` in a record policy: `H` is the record's list of
  /// changes, and `P` and `Q` read each change's own fields (as a paused clock's condition
  /// does). The state runs through the cycle the record is judged in.
  mutating func checkRecordCycleState(
    _ from: Expr, _ until: Expr, in history: Expr, _ whole: Expr
  ) -> (CheckedExpr, ValueType) {
    let (checkedHistory, historyType) = check(history, hint: nil)
    if historyType != .any && historyType != .list {
      report(
        .typeMismatch, "a history is a list of changes, not \(historyType.article)",
        history.range, help: "each cycle in history from (status == \"open\") until resolving")
    }
    let (start, end) = checkChangeConditions(from, until)
    readsField = true
    let label = source.text(in: whole.range)
    let cycleState = CheckedExpr.state(from: .cycleBound(end: false), until: .cycleBound(end: true))
    // A definition checked on its own belongs to no policy: its cycles are no policy's.
    if checkingDefinitionAlone { return (cycleState, .state) }
    if let known = recordCycles, known.label != label {
      report(
        .badGroup, "a policy judges one kind of cycle, and this is not its first, '\(known.label)'",
        whole.range, help: "give each kind of cycle a policy of its own")
      return (.constant(.null), .state)
    }
    recordCycles = CheckedRecordCycles(
      history: checkedHistory, start: start, end: end, choice: .every, label: label)
    return (cycleState, .state)
  }

  /// Conditions that read a change's own fields, not the record's (they take no part in the
  /// record's types).
  mutating func checkChangeConditions(_ first: Expr, _ second: Expr) -> (CheckedExpr, CheckedExpr) {
    let (savedTypes, savedKnown) = (fieldTypes, knownFieldsSuspended)
    let (savedScope, savedAggregating) = (groupScope, aggregating)
    (knownFieldsSuspended, groupScope, aggregating) = (true, nil, false)
    let checked = (checkPredicate(first), checkPredicate(second))
    (fieldTypes, knownFieldsSuspended) = (savedTypes, savedKnown)
    (groupScope, aggregating) = (savedScope, savedAggregating)
    return checked
  }

  /// A record policy's `cycles:` line applied to its `each cycle in H` state; reported when
  /// the policy has none (not when its `each cycle` is in error: that error is reported).
  mutating func checkCyclesChoice(_ decl: PolicyDecl, _ cycles: CheckedRecordCycles?)
    -> CheckedRecordCycles?
  {
    guard let written = decl.cycles else { return cycles }
    guard var cycles else {
      if sawCycleError { return nil }
      report(
        .badProperty,
        "'cycles:' chooses the cycles of an 'each cycle' state, and this policy has none",
        written.range,
        help:
          "measure a state per cycle of the record's changes (each cycle in history from opening until resolving), or remove the line"
      )
      return nil
    }
    cycles.choice = CycleChoice(rawValue: written.which) ?? .every
    return cycles
  }
}

/// `each cycle in H from P until Q` in a record policy: the record's list of changes, what
/// begins a cycle and what ends one (each read in a change's own fields), and which cycles
/// count.
package struct CheckedRecordCycles: Sendable {
  package var history: CheckedExpr
  package var start: CheckedExpr
  package var end: CheckedExpr
  package var choice: CycleChoice
  /// The state as written: `each cycle in history from opening until resolving`.
  package var label: String
}
