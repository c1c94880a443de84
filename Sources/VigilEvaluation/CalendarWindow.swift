import VigilCore
import VigilSyntax

/// The calendar windows of a group policy: days, ISO weeks (Monday to Sunday) or months of
/// a zone's local calendar. A window is known by the local day it starts on (days since
/// 1970-01-01), so windows follow the calendar across clock changes.
package struct CalendarWindow: Sendable {
  package let period: Window.Period
  package let zone: ZoneRules

  /// The first local day of the window holding `instant`.
  package func start(of instant: Int64) -> Int64 {
    let local = instant + zone.offset(at: instant)
    let day = CivilTime.floorDiv(local, CivilTime.msPerDay)
    switch period {
    case .daily:
      return day
    case .weekly:
      // 1970-01-01 was a Thursday: Monday-based weekday 3.
      return day - CivilTime.floorMod(day + 3, 7)
    case .monthly:
      let date = CivilTime.civilFromDays(day)
      return CivilTime.daysFromCivil(year: date.year, month: date.month, day: 1)
    }
  }

  /// The first day of the window before the one starting on `start`.
  package func previous(_ start: Int64) -> Int64 {
    switch period {
    case .daily: return start - 1
    case .weekly: return start - 7
    case .monthly:
      let date = CivilTime.civilFromDays(start)
      return date.month == 1
        ? CivilTime.daysFromCivil(year: date.year - 1, month: 12, day: 1)
        : CivilTime.daysFromCivil(year: date.year, month: date.month - 1, day: 1)
    }
  }

  /// The window as reports name it: `2026-10-05`, `week of 2026-10-05`, `2026-10`.
  package func label(_ start: Int64) -> String {
    let date = CivilTime.civilFromDays(start)
    let month = "\(date.year)-\(date.month < 10 ? "0" : "")\(date.month)"
    let day = "\(month)-\(date.day < 10 ? "0" : "")\(date.day)"
    switch period {
    case .daily: return day
    case .weekly: return "week of \(day)"
    case .monthly: return month
    }
  }
}
