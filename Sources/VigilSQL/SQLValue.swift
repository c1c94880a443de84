import VigilCore

/// What an SQL expression compiled from a Vigil expression holds.
package enum SQLKind: Sendable, Equatable {
  /// A text: a field as read (every field is read as a text, as a CSV cell is).
  case text
  /// A double.
  case number
  /// An instant: a 64-bit integer of milliseconds since the epoch, UTC.
  case time
  /// A 64-bit integer of milliseconds.
  case duration
  /// SQL's three-valued boolean.
  case bool
  /// The `null` literal.
  case null
}

/// A data error an expression can meet: when it is met (an SQL condition), on which field or
/// label, the value as read and the message, as `vigil audit --errors` reports them.
package struct SQLDataError: Sendable {
  /// An SQL condition, true when the record meets this error.
  package var when: String
  /// The field or label, as the audit names it.
  package var field: String
  /// SQL text of the value as read.
  package var value: String
  /// SQL text of the message.
  package var message: String
}

/// An SQL expression and what it holds; NULL is Vigil's missing (or unknown) value.
package struct SQLValue: Sendable {
  package var sql: String
  package var kind: SQLKind
  /// The data errors met evaluating it, in the order Vigil meets them (left to right).
  package var errors: [SQLDataError] = []
  /// The data errors of a text `coalesce` chose among values of another kind: met where the
  /// value is used (after the other operand is read, and only when that one is present),
  /// named after the use.
  package var pending: [SQLDataError] = []

  package init(
    _ sql: String, _ kind: SQLKind, errors: [SQLDataError] = [], pending: [SQLDataError] = []
  ) {
    self.sql = sql
    self.kind = kind
    self.errors = errors
    self.pending = pending
  }

  /// Its pending errors, met now beside `other` (SQL; nil: always) and named `field`.
  package func settled(beside other: String?, field: String) -> [SQLDataError] {
    pending.map { error in
      var met = error
      met.field = field
      if let other { met.when = "(\(error.when) AND \(other) IS NOT NULL)" }
      return met
    }
  }

  /// An SQL condition that is true when any of its data errors is met.
  package func anyError() -> String? {
    errors.isEmpty
      ? nil : "(" + errors.map { "COALESCE(\($0.when), FALSE)" }.joined(separator: " OR ") + ")"
  }
}

/// What decided a violation, when it fires: the first comparison the evaluation found true
/// (a state's before any other), as the audit's `measured`, `threshold` and `open` say.
struct SQLEvidence: Sendable {
  /// True when this comparison is reached and true.
  var when: String
  /// Whether a state's length or openness decided it (the audit prefers these).
  var isState: Bool
  /// SQL text of the measured value as the report writes it (`61h12m`).
  var measured: String
  /// SQL boolean: whether the state is open; NULL for a value comparison.
  var open: String
  /// The comparison's site, for its label and threshold.
  var site: Int
  /// SQL integer: how far past its limit the measured value is (`abs(measured - limit)`),
  /// when both are durations or both times; nil otherwise (an escalation's overrun).
  var overrun: String? = nil
  /// SQL integer: a state's length, for a warning's time left.
  var length: String? = nil
  /// SQL integer: the measured value in milliseconds, where it is a duration that is not
  /// `length` (a state's working time against a deadline in business days).
  var duration: String? = nil

  /// SQL integer: the measured duration, which the accountability report's oldest open
  /// breach is the longest of; nil where it is no duration.
  var measuredDuration: String? { duration ?? length }
}
