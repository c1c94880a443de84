import Foundation
import Testing
import VigilCore
import VigilFormat
import VigilSemantics
import VigilSyntax

@testable import Vigil

/// Calendars whose hours change from a date on (`from "…":`): each moment is counted by the
/// version in force at it. The conformance case `calendar_versions.vigil` pins whole policies;
/// these pin the boundaries and the layout.
@Suite("Calendar versions")
struct CalendarVersionTests {
  static let hour: Int64 = 3_600_000

  /// Weekday hours `spans` (every day) in UTC.
  static func calendar(_ spans: [String]) -> BusinessCalendar {
    BusinessCalendarTests.calendar("UTC", spans)
  }

  @Test(
    "a version takes over at its instant, to the millisecond",
    arguments: [
      // 09-17 until 12:00:00.001, then 10-16: 3h + 1ms, then 4h - 1ms.
      ("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", 7 * hour),
      // Only the part before: 09:00 to 12:00:00.001.
      ("2026-11-02T00:00:00Z", "2026-11-02T12:00:00.001Z", 3 * hour + 1),
      // Only the part after, from the instant it takes effect.
      ("2026-11-02T12:00:00.001Z", "2026-11-02T23:00:00Z", 4 * hour - 1),
      // A day wholly before (09-17) and a day wholly after (10-16).
      ("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 8 * hour),
      ("2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z", 6 * hour),
      // Weeks on both sides: 30 days of 8h before, 30 of 6h after, and the day between.
      ("2026-10-03T00:00:00Z", "2026-12-03T00:00:00Z", 30 * 8 * hour + 7 * hour + 30 * 6 * hour),
      // An end before the start counts nothing.
      ("2026-11-03T00:00:00Z", "2026-11-02T00:00:00Z", 0),
    ])
  func boundary(start: String, end: String, expected: Int64) {
    var calendar = Self.calendar(["09:00-17:00"])
    calendar.versions = [
      (BusinessCalendarTests.instant("2026-11-02T12:00:00.001Z"), Self.calendar(["10:00-16:00"]))
    ]
    #expect(
      calendar.workingTime(
        from: BusinessCalendarTests.instant(start), to: BusinessCalendarTests.instant(end))
        == expected)
  }

  @Test("versions in a row each count their own stretch, however many the interval spans")
  func severalVersions() {
    var calendar = Self.calendar(["09:00-17:00"])
    calendar.versions = [
      (BusinessCalendarTests.instant("2026-11-02T00:00:00Z"), Self.calendar(["10:00-16:00"])),
      (BusinessCalendarTests.instant("2026-11-03T00:00:00Z"), Self.calendar(["11:00-15:00"])),
      (BusinessCalendarTests.instant("2026-11-04T00:00:00Z"), Self.calendar(["12:00-14:00"])),
    ]
    // 8h, 6h, 4h and 2h on four days in a row.
    #expect(
      calendar.workingTime(
        from: BusinessCalendarTests.instant("2026-11-01T00:00:00Z"),
        to: BusinessCalendarTests.instant("2026-11-05T00:00:00Z")) == 20 * Self.hour)
    // From the second version's day to the third's: 4h only.
    #expect(
      calendar.workingTime(
        from: BusinessCalendarTests.instant("2026-11-03T00:00:00Z"),
        to: BusinessCalendarTests.instant("2026-11-04T00:00:00Z")) == 4 * Self.hour)
  }

  @Test("a version keeps the weekdays, zone and holidays it does not change, and adds holidays")
  func inheritance() throws {
    let source = """
      calendar office:
        monday to friday "09:00-17:00"
        saturday "10:00-12:00"
        zone "Europe/Rome"
        holidays "2026-12-25"
        from "2026-12-01":
          saturday "09:00-13:00"
          holidays "2026-12-08"
      """
    let (file, parseErrors) = Parser.parse(Source(text: source, file: "v.vigil"))
    #expect(parseErrors.isEmpty)
    var checker = Checker(files: [file], knownFields: nil)
    checker.collectCalendars()
    let calendar = try #require(checker.calendars["office"]?.fixed)
    let version = try #require(calendar.versions.first)
    // Midnight of 1 December in Rome (CET, +01:00).
    #expect(version.from == BusinessCalendarTests.instant("2026-11-30T23:00:00Z"))
    #expect(version.calendar.zone.identifier == "Europe/Rome")
    #expect(version.calendar.hours[0].map { $0.start } == [9 * Self.hour])
    #expect(version.calendar.hours[5].map { $0.end } == [13 * Self.hour])
    #expect(
      version.calendar.holidays.sorted()
        == [Checker.date("2026-12-08")!, Checker.date("2026-12-25")!])
    #expect(calendar.holidays == [Checker.date("2026-12-25")!])
  }

  @Test("a version is a block of the calendar's: formatted with its lines and comments")
  func layout() throws {
    let written = """
      calendar office:
        monday to friday "09:00-17:00"
        # longer hours from November
        from  "2026-11-02" :
              monday to friday "08:00-18:00"   # summer
              # and a holiday
              holidays "2026-12-08" ,"2026-12-24"
        from "2027-01-01T06:00:00Z":
         zone "UTC"

      """
    let expected = """
      calendar office:
        monday to friday "09:00-17:00"
        # longer hours from November
        from "2026-11-02":
          monday to friday "08:00-18:00"  # summer
          # and a holiday
          holidays "2026-12-08", "2026-12-24"
        from "2027-01-01T06:00:00Z":
          zone "UTC"

      """
    let formatted = try PolicyFormatter().format(written, file: "v.vigil")
    #expect(formatted == expected)
    #expect(try PolicyFormatter().format(formatted, file: "v.vigil") == expected)
  }
}
