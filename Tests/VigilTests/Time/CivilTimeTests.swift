import Testing
import VigilCore

@testable import Vigil

@Suite struct CivilTimeTests {
  // Day numbers from Python: date(...).toordinal() - date(1970, 1, 1).toordinal(); the
  // years before 1 follow from year 0 being a leap year (366 days) and year -1 a common one.
  @Test(
    arguments: [
      (1970, 1, 1, 0),
      (1969, 12, 31, -1),
      (2000, 3, 1, 11_017),
      (1600, 1, 1, -135_140),
      (2400, 12, 31, 157_419),
      (1, 1, 1, -719_162),
      (9999, 12, 31, 2_932_896),
      (0, 3, 1, -719_468),
      (0, 1, 1, -719_528),
      (-1, 1, 1, -719_893),
    ] as [(Int, Int, Int, Int64)])
  func countsDaysFromTheEpoch(year: Int, month: Int, day: Int, days: Int64) {
    #expect(CivilTime.daysFromCivil(year: year, month: month, day: day) == days)
    let date = CivilTime.civilFromDays(days)
    #expect(date.year == year && date.month == month && date.day == day)
  }

  @Test(arguments: [
    (2024, 2, 29, true),
    (2026, 2, 29, false),
    (2000, 2, 29, true),
    (1900, 2, 29, false),
    (2400, 2, 29, true),
    (0, 2, 29, true),
    (-4, 2, 29, true),
    (-100, 2, 29, false),
    (2026, 2, 28, true),
    (2026, 4, 30, true),
    (2026, 4, 31, false),
    (2026, 12, 31, true),
    (2026, 13, 1, false),
    (2026, 0, 1, false),
    (2026, 1, 0, false),
    (2026, 1, 32, false),
  ])
  func knowsWhichDatesExist(year: Int, month: Int, day: Int, valid: Bool) {
    #expect(CivilTime.isValid(year: year, month: month, day: day) == valid)
  }

  /// Walks every day from 1600-01-01 to 2400-12-31: each day number gives the calendar's
  /// next date, and converts back to itself.
  @Test func everyDayFrom1600To2400RoundTrips() {
    var expected = (year: 1600, month: 1, day: 1)
    var failures: [Int64] = []
    for days in Int64(-135_140)...157_419 {
      let date = CivilTime.civilFromDays(days)
      let back = CivilTime.daysFromCivil(year: date.year, month: date.month, day: date.day)
      if date != expected || back != days { failures.append(days) }
      expected = Self.nextDay(after: expected)
    }
    #expect(failures == [])
    #expect(expected == (2401, 1, 1))
  }

  /// The readers' fast path agrees with the general conversion on every month and day
  /// number (0…32) of the years 1895–2105, and answers nil outside 1901–2099 and for dates
  /// that do not exist.
  @Test func modernDaysAgreeWithTheGeneralConversion() {
    var disagreements: [String] = []
    var answered = 0
    for year in 1895...2105 {
      for month in 0...13 {
        for day in 0...32 {
          let fast = CivilTime.modernDays(year: year, month: month, day: day)
          let exists = CivilTime.isValid(year: year, month: month, day: day)
          let expected =
            (1901...2099).contains(year) && exists
            ? CivilTime.daysFromCivil(year: year, month: month, day: day) : nil
          if fast != expected { disagreements.append("\(year)-\(month)-\(day)") }
          if fast != nil { answered += 1 }
        }
      }
    }
    #expect(disagreements == [])
    // Every day of the 199 years: 365 each plus 49 leap days (1904, 1908, …, 2096).
    #expect(answered == 199 * 365 + 49)
  }

  /// Far from the present, years still have 365 or 366 days and 400 years 146 097.
  @Test(arguments: [-1_000_000, -40_001, -401, -1, 0, 1, 1582, 99_999, 123_456_789])
  func farYearsKeepTheCalendarsShape(year: Int) {
    let start = CivilTime.daysFromCivil(year: year, month: 1, day: 1)
    let next = CivilTime.daysFromCivil(year: year + 1, month: 1, day: 1)
    let later = CivilTime.daysFromCivil(year: year + 400, month: 3, day: 15)
    #expect(next - start == (CivilTime.isLeapYear(year) ? 366 : 365))
    #expect(later - CivilTime.daysFromCivil(year: year, month: 3, day: 15) == 146_097)
    let date = CivilTime.civilFromDays(start + 59)
    #expect(date.year == year && date.month == (CivilTime.isLeapYear(year) ? 2 : 3))
  }

  private static func nextDay(after date: (year: Int, month: Int, day: Int)) -> (
    year: Int, month: Int, day: Int
  ) {
    if CivilTime.isValid(year: date.year, month: date.month, day: date.day + 1) {
      return (date.year, date.month, date.day + 1)
    }
    if date.month < 12 { return (date.year, date.month + 1, 1) }
    return (date.year + 1, 1, 1)
  }
}
