import VigilCore
import VigilSyntax

/// Checking event logs: `events per KEY, ordered by TIME` makes every policy of its file
/// judge one case (the events of one key) as a group policy, with the case's fields read
/// from its latest event.
extension Checker {
  /// The file's `events` line, if it has one; a second one, a window or a missing order are
  /// reported.
  package mutating func eventsDeclaration(in file: PolicyFile) -> EventsDecl? {
    var found: EventsDecl?
    for case .events(let decl) in file.items {
      if let first = found {
        report(
          .badGroup, "a file has one 'events' line", decl.range,
          help: "keep one; policies over another log's cases go in a file of their own",
          notes: [note("the first 'events' line", first.range, file.source)])
        continue
      }
      if let window = decl.grouping.window {
        report(
          .badGroup, "a case has no windows: its events are judged together", window.range,
          help:
            "remove the window; to compare months, group cases in a policy file without 'events'")
      }
      if decl.grouping.order == nil {
        report(
          .badGroup, "an event log needs the time that orders its events", decl.range,
          help: "events per `Case ID`, ordered by at")
      }
      found = decl
    }
    return found
  }

  /// `decl` as a policy over the cases of `events`: grouped by the case key, in event order.
  package mutating func caseDecl(_ decl: PolicyDecl, _ events: EventsDecl) -> PolicyDecl {
    var decl = decl
    if let grouping = decl.grouping {
      report(
        .badGroup, "in an events file each policy judges one case, and 'per' would group again",
        grouping.range,
        help: "remove the line, or move the policy to a file without an 'events' line")
    }
    if let scope = decl.scope {
      report(
        .badGroup, "'among' picks a group's records, and here a policy judges whole cases",
        scope.range,
        help: "filter inside the aggregates (count(x where p)), or add the test to the rule")
    }
    decl.grouping = events.grouping
    decl.scope = nil
    return decl
  }

  /// A field outside aggregates in a case's condition: its value in the case's latest event,
  /// as `last(field)`.
  package mutating func checkLatestValue(
    _ path: FieldPath, _ range: SourceRange, hint: ValueType?, plainName: Bool
  ) -> (CheckedExpr, ValueType) {
    // INVARIANT: called only with a group scope.
    aggregating = true
    let (checked, type) = checkField(path, range, hint: hint, plainName: plainName)
    aggregating = false
    let aggregate = CheckedAggregate(
      kind: .last, argument: checked, filter: nil, measure: .number,
      label: "last(\(path.description))", order: groupScope!.order)
    return (groupValue(adding: aggregate), type)
  }
}
