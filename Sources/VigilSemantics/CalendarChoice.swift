import VigilCore

/// The calendar a record's time is counted in: the same for every record, or chosen by a
/// value of the record (`calendar team_hours by team:`).
package struct CalendarChoice: Sendable {
  /// The name as the policy writes it after `in`.
  package var name: String
  /// The calendar, when it is the same for every record.
  package var fixed: BusinessCalendar?
  /// What chooses the calendar, and the calendar for each of its values.
  package var selector: CheckedExpr?
  package var byValue: [String: BusinessCalendar] = [:]
  /// The calendar for any other value (and for a missing one).
  package var fallback: BusinessCalendar?
}
