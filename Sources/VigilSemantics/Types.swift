import VigilCore
import VigilRegex
import VigilSyntax

/// The static type of an expression, as the checker infers it.
package enum ValueType: String, Sendable, Hashable {
  case bool, number, text, time, duration, list, record
  /// An interval of time per record (`from A until B`).
  case state
  /// The `null` literal.
  case null
  /// Not known until the record is read (a field nobody uses as a time, say).
  case any

  /// How the type is named in messages: "a duration", "an interval (state)".
  package var article: String {
    switch self {
    case .bool: return "a true/false value"
    case .number: return "a number"
    case .text: return "a text"
    case .time: return "a time"
    case .duration: return "a duration"
    case .list: return "a list"
    case .record: return "a nested record"
    case .state: return "a state"
    case .null: return "null"
    case .any: return "a value"
    }
  }

  /// Whether a value of this type can stand where a true/false value is wanted.
  package var isPredicate: Bool { self == .bool || self == .any || self == .state || self == .null }
}

/// How a field's raw value is read before use.
package enum FieldReading: Sendable, Hashable {
  /// As it is.
  case raw
  /// As a time: a text is read as ISO-8601, an empty text is missing.
  case time
}

/// A checked expression: names resolved, definitions expanded, types known. Only the checker
/// makes these, so the compiler can only be handed a program that was checked.
package indirect enum CheckedExpr: Sendable {
  case constant(Value)
  case field(FieldPath, FieldReading)
  case now
  case list([CheckedExpr])
  case call(Builtin, [CheckedExpr])
  case not(CheckedExpr)
  case negate(CheckedExpr)
  case and(CheckedExpr, CheckedExpr)
  case or(CheckedExpr, CheckedExpr)
  /// A comparison of two values; `site` describes it for the violation's `measured`.
  case compare(BinaryOperator, CheckedExpr, CheckedExpr, site: Int)
  /// A state's length compared with a duration (the state on the left).
  case stateLength(BinaryOperator, CheckedExpr, CheckedExpr, site: Int)
  /// A bare state as a predicate: open at now.
  case stateOpen(CheckedExpr, site: Int)
  case arithmetic(BinaryOperator, CheckedExpr, CheckedExpr)
  case membership(CheckedExpr, CheckedExpr, negated: Bool)
  case contains(CheckedExpr, CheckedExpr)
  case matches(CheckedExpr, CompiledRegex)
  case between(CheckedExpr, CheckedExpr, CheckedExpr, site: Int)
  case isMissing(CheckedExpr, negated: Bool)
  case state(from: CheckedExpr, until: CheckedExpr)
  /// A state whose clock stops during the changes of a history where a condition holds; the
  /// condition reads the fields of each change, not of the record.
  /// With `unless Q`: a pause is not honest (its time is not paused) from a change of it
  /// where `Q` holds until it ends.
  case pausedState(CheckedExpr, history: CheckedExpr, while: CheckedExpr, unless: CheckedExpr?)
  /// In a record policy judged per cycle of its own list of changes (`each cycle in H from P
  /// until Q`): the start (or, `end`, the end) of the cycle judged; missing when none is.
  case cycleBound(end: Bool)
  /// In a group policy: the group's value of its `per` key at this index.
  case groupKey(Int)
  /// In a group policy: the group's value of the aggregate at this index.
  case aggregate(Int)
  /// In a group policy: the aggregate's value in the group's previous window.
  case previous(Int)
  /// `manager of owner`: the directory's answer; `label` is the expression as written.
  case relation(Relation, CheckedExpr, label: String)
  /// A state's working time in a calendar compared with a duration (the state on the left).
  case calendarLength(BinaryOperator, CheckedExpr, CheckedExpr, site: Int, CalendarChoice)
  /// A state longer than a number of business days of a calendar (`>` or `>=`).
  case businessDays(BinaryOperator, CheckedExpr, Int, site: Int, CalendarChoice)
}

/// What a violation reports about the comparison that decided it: `unresolved 61h12m > 48h`.
package struct ComparisonSite: Sendable, Hashable {
  /// The measured side, as written (`unresolved`).
  package var label: String
  /// The operator as written (`>`), or nil for a bare state.
  package var op: String?
  /// The threshold side, as written (`48h`).
  package var threshold: String?
  /// Whether the measured side is the right operand (`48h < unresolved`).
  package var measuredOnRight: Bool
  /// Whether the measured number is a share, shown as a percentage (`23.5%`).
  package var percent = false
  /// The calendar a state's length was counted in, if any (`support_hours`).
  package var clock: String?

  /// Makes one from its parts.
  package init(
    label: String, op: String? = nil, threshold: String? = nil, measuredOnRight: Bool,
    percent: Bool = false, clock: String? = nil
  ) {
    self.label = label
    self.op = op
    self.threshold = threshold
    self.measuredOnRight = measuredOnRight
    self.percent = percent
    self.clock = clock
  }
}
