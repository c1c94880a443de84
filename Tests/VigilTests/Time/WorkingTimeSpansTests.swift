import Testing
import VigilCore

@testable import Vigil

/// Long states: the working time summed by weeks (with the clock changes' days counted for
/// real) equals the day-by-day count, in zones with and without daylight saving time, with
/// holidays, hours across the changes of the clocks, and random ends.
@Suite("Working time over long spans")
struct WorkingTimeSpansTests {
  static let day: Int64 = 86_400_000

  static let calendars = [
    BusinessCalendarTests.calendar(
      "America/New_York", ["09:00-12:30", "13:30-17:00"], days: [0, 1, 2, 3, 4],
      holidays: ["2024-12-25", "2025-01-01", "2025-07-04", "2026-12-25"]),
    // Every day, all day: a spring-forward day has 23 hours, an autumn one 25.
    BusinessCalendarTests.calendar("Europe/London", ["00:00-24:00"]),
    // Hours that the clocks jump over or repeat.
    BusinessCalendarTests.calendar(
      "America/New_York", ["00:30-03:30", "22:00-24:00"], days: [5, 6]),
    // Half-hour daylight saving time.
    BusinessCalendarTests.calendar("Australia/Lord_Howe", ["01:00-03:00", "09:00-17:00"]),
    BusinessCalendarTests.calendar("Asia/Kolkata", ["10:00-18:00"], days: [0, 1, 2, 3, 4, 5]),
    BusinessCalendarTests.calendar(
      "UTC", ["09:00-17:00"], days: [0, 2, 4], holidays: ["2025-03-05"]),
    // A zone that skipped a whole day (Samoa, 2011-12-30).
    BusinessCalendarTests.calendar("Pacific/Apia", ["08:00-16:00"]),
  ]

  @Test("summed by weeks, the same to the millisecond as day by day", arguments: 0..<7)
  func sameAsDayByDay(_ index: Int) {
    let calendar = Self.calendars[index]
    // A fixed sequence of starts and lengths (a linear congruential generator).
    var state: UInt64 = 42 &+ UInt64(index)
    func next(_ bound: Int64) -> Int64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int64((state >> 1) % UInt64(bound))
    }
    let origin = BusinessCalendarTests.instant("2010-06-01T00:00:00Z")
    for _ in 0..<300 {
      let start = origin + next(16 * 365 * Self.day)
      let end = start + next(3 * 365 * Self.day)
      let expected = calendar.clipped(
        days: dayOf(start, calendar) - 1...dayOf(end, calendar) + 1, from: start, to: end)
      #expect(
        calendar.workingTime(from: start, to: end) == expected,
        "\(calendar.zone.identifier) from \(start) to \(end)")
    }
  }

  private func dayOf(_ instant: Int64, _ calendar: BusinessCalendar) -> Int64 {
    CivilTime.floorDiv(instant + calendar.zone.offset(at: instant), Self.day)
  }
}
