import VigilCore
import VigilSyntax

/// What an aggregate computes over the records of a group.
package enum AggregateKind: Sendable, Hashable {
  /// `count` / `count(p)`: how many records (where `p` is true).
  case count
  /// `share(p)`: the fraction of records where `p` is true, among those where it is known.
  case share
  /// `average(x)`, `sum(x)`: over the records where `x` is present.
  case average, sum
  /// `median(x)`: the middle value, or the mean of the two middle values.
  case median
  /// `p90(x)`, `percentile(x, 90)`: the nearest-rank percentile.
  case percentile(Int)
  /// `min(x)`, `max(x)`, and `earliest(t)`, `latest(t)` for times.
  case minimum, maximum
  /// `first(x)`, `last(x)`: the value of `x` in the group's earliest or latest record (by
  /// the `ordered by` time).
  case first, last
  /// `history(x)`: every record's value of `x` with its time, as a status history.
  case history
  /// `each cycle from P until Q`: the records where `P` or `Q` is true, with their times
  /// (`cycleStart`, whose argument is `P` and `until` is `Q`); `cycleEnd` keeps nothing, and
  /// both are set cycle by cycle when the group is judged.
  case cycleStart, cycleEnd

  /// The aggregate functions' names, for "did you mean" and the parser's help.
  package static let names = [
    "count", "share", "average", "sum", "median", "p90", "p95", "p99", "percentile", "min", "max",
    "earliest", "latest", "previous", "first", "last", "history",
  ]

  /// How each is called, for help lines.
  package static func usage(_ name: String) -> String {
    switch name {
    case "count": return "count, or count(condition): how many records (where it is true)"
    case "share": return "share(condition): the percentage of records where it is true"
    case "percentile": return "percentile(value, 75): the value 75% of the records are at or below"
    case "previous": return "previous(share(x)): the value in the group's previous window"
    case "earliest", "latest": return "\(name)(time field)"
    case "first": return "first(field): its value in the earliest record (needs ordered by)"
    case "last": return "last(field): its value in the latest record (needs ordered by)"
    case "history":
      return "history(status): the changes of a field, for paused clocks (needs ordered by)"
    default: return "\(name)(value), e.g. \(name)(resolved_at - created_at)"
    }
  }
}

/// What an aggregate's values are: numbers (texts read as numbers), durations or times.
package enum Measure: Sendable, Hashable {
  case number, duration, time
}

/// An aggregate of a group policy, with its record-level parts checked.
package struct CheckedAggregate: Sendable {
  package var kind: AggregateKind
  /// The value aggregated, or the condition counted (nil for a bare `count`).
  package var argument: CheckedExpr?
  /// `where`: only records where it is true count.
  package var filter: CheckedExpr?
  /// What the values are.
  package var measure: Measure
  /// The aggregate as written: `share(score <= 2)`.
  package var label: String
  /// For `first`, `last` and `history`: the time that orders the records.
  package var order: CheckedExpr?
  /// For `history`: the name its changes give the value (`status` in `history(status)`).
  package var field = ""
  /// For `cycleStart`: what ends a cycle.
  package var until: CheckedExpr?
  /// For `history` under a paused clock's `unless Q` in a group: `Q`, read in each record
  /// (event); each change then says under `contradictsKey` whether `Q` held in it.
  package var unless: CheckedExpr?

  /// The field of a change of `history(F) unless Q` that says whether `Q` held in its event
  /// (a name no field of a record can clash with in practice).
  package static let contradictsKey = "\u{0}unless"
}

/// `cycles: every|first|last`: which cycles of a policy's `each cycle` state are judged.
package enum CycleChoice: String, Sendable, Hashable, CaseIterable {
  case every, first, last
}

/// A group policy's `each cycle` state: its aggregates (set cycle by cycle when a group is
/// judged) and which cycles count.
package struct CheckedCycles: Sendable {
  /// The indices of the `cycleStart` and `cycleEnd` aggregates.
  package var start: Int
  package var end: Int
  package var choice: CycleChoice
  /// The state as written: `each cycle from opening until resolving`.
  package var label: String
}

/// Calendar windows of a group policy.
package struct CheckedWindow: Sendable {
  package var period: Window.Period
  /// The time that places a record in a window.
  package var time: CheckedExpr
  /// The zone whose calendar cuts the windows.
  package var zone: ZoneRules
}

/// `unless followed by B within D`: a sequence policy's follow-up.
package struct CheckedFollowUp: Sendable {
  /// What the following record must be.
  package var predicate: CheckedExpr
  /// How soon, in milliseconds.
  package var within: Int64
  /// The predicate as written, for reports.
  package var label: String
  /// The duration as written.
  package var withinText: String
}

/// What makes a checked policy a group policy.
package struct CheckedGroup: Sendable {
  /// The `per` keys, record-level expressions.
  package var keys: [CheckedExpr]
  package var window: CheckedWindow?
  /// `among`: the records the policy counts.
  package var scope: CheckedExpr?
  package var aggregates: [CheckedAggregate]
  /// `at least`: the smallest group judged.
  package var minimum: Int?
  /// What the records are called: `surveys`.
  package var noun: String
  /// `ordered by`: the time of each record, for `followed by` and `no … within`.
  package var order: CheckedExpr?
  /// For a sequence policy (`unless followed by`), its follow-up: then the condition,
  /// actions and party are about each record, as in a record policy.
  package var followUp: CheckedFollowUp?
  /// For the cases of an event log (`events per …`), the number of the file whose `events`
  /// line they follow: events after now have not happened yet, and are left out.
  package var caseFile: Int?
  /// For a policy with an `each cycle` state: the state, and which cycles are judged.
  package var cycles: CheckedCycles?
  /// For a policy whose party is a holder of the case (`accountable: Resource at breach`).
  package var holding: CheckedHolding?
}
