import Foundation
import Testing
import VigilCore
import VigilSemantics
import VigilSyntax

@testable import Vigil

/// Business days in a calendar with versions: the start moves into hours by the version in
/// force at each moment; a day starts at each midnight of the zone in force then and is a
/// working day or not by the version in force at its start; the deadline is the start's
/// local time in the zone of its day's version. The conformance case
/// `business_days_versions.vigil` pins whole policies.
@Suite("Business days with calendar versions")
struct BusinessDayVersionTests {
  /// The calendar `office` of `source`, as the checker builds it.
  static func office(_ source: String) throws -> BusinessCalendar {
    let (file, parseErrors) = Parser.parse(Source(text: source, file: "v.vigil"))
    #expect(parseErrors.isEmpty)
    var checker = Checker(files: [file], knownFields: nil)
    checker.collectCalendars()
    return try #require(checker.calendars["office"]?.fixed)
  }

  /// Weekdays 09-17 UTC; Saturdays 10-14 from an instant in the middle of a Saturday.
  static let saturdaysFromNoon = """
    calendar office:
      monday to friday "09:00-17:00"
      from "2026-11-07T11:00:00Z":
        saturday "10:00-14:00"
    """

  @Test(
    "a version from an instant counts days from the next midnight; the start moves into hours moment by moment",
    arguments: [
      // Monday + 5: Saturday the 7th counts by the hours before the version (it took effect
      // after that day's midnight): Tuesday to Friday, then Monday the 9th.
      ("2026-11-02T10:00:00Z", 5, "2026-11-09T10:00:00Z"),
      // Saturday 10:30, before the version: no hours then; the version's span is working from
      // 11:00, when it takes effect. + 0 is that instant; + 1 is Monday 11:00 (Sunday has none).
      ("2026-11-07T10:30:00Z", 0, "2026-11-07T11:00:00Z"),
      ("2026-11-07T10:30:00Z", 1, "2026-11-09T11:00:00Z"),
      // A millisecond after the version's instant, in its hours: the start itself.
      ("2026-11-07T11:00:00.001Z", 0, "2026-11-07T11:00:00.001Z"),
      // Friday the 13th + 1: Saturday the 14th, a working day of the version.
      ("2026-11-13T10:00:00Z", 1, "2026-11-14T10:00:00Z"),
      // Friday the 6th + 1: Monday (the version's first Saturday counts by the hours before).
      ("2026-11-06T16:59:59.999Z", 1, "2026-11-09T16:59:59.999Z"),
    ])
  func instantVersion(start: String, days: Int, deadline: String) throws {
    let calendar = try Self.office(Self.saturdaysFromNoon)
    #expect(
      calendar.deadline(from: BusinessCalendarTests.instant(start), days: days)
        == BusinessCalendarTests.instant(deadline))
  }

  @Test(
    "a version from a date counts from that date's midnight, mid-week",
    arguments: [
      // Saturdays from Wednesday the 4th: Monday + 5 is Saturday the 7th.
      ("2026-11-02T10:00:00Z", 5, "2026-11-07T10:00:00Z"),
      // A start before the version, a deadline after it: Tuesday 10:00 + 3 is Friday.
      ("2026-11-03T10:00:00Z", 3, "2026-11-06T10:00:00Z"),
      // Tuesday + 4: Saturday the 7th.
      ("2026-11-03T10:00:00Z", 4, "2026-11-07T10:00:00Z"),
      // Saturday the 31st of October, before the version: no hours, from Monday 09:00.
      ("2026-10-31T12:00:00Z", 1, "2026-11-03T09:00:00Z"),
    ])
  func dateVersion(start: String, days: Int, deadline: String) throws {
    let calendar = try Self.office(
      """
      calendar office:
        monday to friday "09:00-17:00"
        from "2026-11-04":
          saturday "10:00-14:00"
      """)
    #expect(
      calendar.deadline(from: BusinessCalendarTests.instant(start), days: days)
        == BusinessCalendarTests.instant(deadline))
  }

  @Test(
    "holidays count by their day's version; a new zone reads the deadline's local time",
    arguments: [
      // A holiday of the calendar's own, kept by the version: Tuesday 3 Nov + 1 is Thursday.
      ("2026-11-03T09:00:00Z", 1, "2026-11-05T09:00:00Z"),
      // A holiday the version lists in November, before it takes effect: not a holiday.
      ("2026-11-09T09:00:00Z", 1, "2026-11-10T09:00:00Z"),
      // The version's own holiday, Tuesday 8 December: Monday + 1 is Wednesday.
      ("2026-12-07T09:00:00Z", 1, "2026-12-09T09:00:00Z"),
      // Friday 26 March 2027 10:00 CET + 1: Monday the 29th counts by Rome's version (the
      // UTC version takes effect at 06:00Z, after that day's midnight in UTC): 10:00 CEST,
      // the clocks having gone forward on Sunday.
      ("2027-03-26T09:00:00Z", 1, "2027-03-29T08:00:00Z"),
      // + 2: Tuesday the 30th counts by the UTC version: 10:00 UTC.
      ("2027-03-26T09:00:00Z", 2, "2027-03-30T10:00:00Z"),
      // Monday 07:30 CEST (05:30Z), before Rome's hours; Rome's 09:00 CEST (07:00Z) is after
      // the UTC version took effect, so the clock starts at the UTC version's 09:00Z.
      ("2027-03-29T05:30:00Z", 0, "2027-03-29T09:00:00Z"),
      ("2027-03-29T05:30:00Z", 2, "2027-03-31T09:00:00Z"),
      // Monday 06:00Z exactly, the version's instant: 08:00 UTC, before its hours.
      ("2027-03-29T06:00:00Z", 1, "2027-03-30T09:00:00Z"),
      // A millisecond before it: Rome's, 07:59:59.999 CEST, also before its hours.
      ("2027-03-29T05:59:59.999Z", 1, "2027-03-30T09:00:00Z"),
    ])
  func holidaysAndZones(start: String, days: Int, deadline: String) throws {
    let calendar = try Self.office(
      """
      calendar office:
        monday to friday "09:00-17:00"
        zone "Europe/Rome"
        holidays "2026-11-04"
        from "2026-12-01":
          holidays "2026-12-08", "2026-11-10"
        from "2027-03-29T06:00:00Z":
          zone "UTC"
      """)
    #expect(
      calendar.deadline(from: BusinessCalendarTests.instant(start), days: days)
        == BusinessCalendarTests.instant(deadline))
  }

  @Test(
    "a zone change: each day starts at a midnight of the zone in force then, so a team moving west lives a date twice",
    arguments: [
      // Tokyo to Honolulu from Monday 4 January 2027 (00:00 HST, 10:00Z). Friday 1 January
      // 10:00 JST + 1: Monday the 4th in Tokyo (it starts at 15:00Z on the 3rd), 10:00 JST.
      ("Asia/Tokyo", "Pacific/Honolulu", "2027-01-01T01:00:00Z", 1, "2027-01-04T01:00:00Z"),
      // + 2: the next day starts at 10:00Z, Monday the 4th in Honolulu: 10:00 HST. The
      // working time to it is 16h too: Friday 7h, Monday 8h in Tokyo and 1h in Honolulu.
      ("Asia/Tokyo", "Pacific/Honolulu", "2027-01-01T01:00:00Z", 2, "2027-01-04T20:00:00Z"),
      ("Asia/Tokyo", "Pacific/Honolulu", "2027-01-01T01:00:00Z", 3, "2027-01-05T20:00:00Z"),
      // Honolulu to Tokyo from Monday 4 January (00:00 JST, 15:00Z on the 3rd). Friday 1
      // January 10:00 HST + 1: Sunday the 3rd in Honolulu ends early, at 15:00Z; Monday the
      // 4th is Tokyo's: 10:00 JST.
      ("Pacific/Honolulu", "Asia/Tokyo", "2027-01-01T20:00:00Z", 1, "2027-01-04T01:00:00Z"),
    ])
  func zoneMoves(before: String, after: String, start: String, days: Int, deadline: String)
    throws
  {
    let calendar = try Self.office(
      """
      calendar office:
        monday to friday "09:00-17:00"
        zone "\(before)"
        from "2027-01-04":
          zone "\(after)"
      """)
    #expect(
      calendar.deadline(from: BusinessCalendarTests.instant(start), days: days)
        == BusinessCalendarTests.instant(deadline))
    if days == 2 && before == "Asia/Tokyo" {
      #expect(
        calendar.workingTime(
          from: BusinessCalendarTests.instant(start), to: BusinessCalendarTests.instant(deadline))
          == 16 * BusinessCalendarTests.hour)
    }
  }

  @Test(
    "Grammar.md's examples, in its calendar with versions",
    arguments: [
      ("2027-03-26T09:00:00Z", 1, "2027-03-29T08:00:00Z"),
      ("2027-03-26T09:00:00Z", 2, "2027-03-30T10:00:00Z"),
      ("2026-11-03T09:00:00Z", 1, "2026-11-05T09:00:00Z"),
      ("2026-12-07T09:00:00Z", 1, "2026-12-09T09:00:00Z"),
      ("2027-03-29T05:30:00Z", 0, "2027-03-29T08:00:00Z"),
    ])
  func grammarExamples(start: String, days: Int, deadline: String) throws {
    let calendar = try Self.office(
      """
      calendar office:
        monday to friday "09:00-17:00"
        zone "Europe/Rome"
        holidays "2026-11-04"
        from "2026-11-02":
          monday to friday "08:00-18:00"
          holidays "2026-12-08"
        from "2027-03-29T06:00:00Z":
          zone "UTC"
          saturday "10:00-12:00"
      """)
    #expect(
      calendar.deadline(from: BusinessCalendarTests.instant(start), days: days)
        == BusinessCalendarTests.instant(deadline))
  }

  /// A random calendar part: a zone, a span on some weekdays, a few holidays.
  static func randomPart(_ random: inout SplitMix) -> BusinessCalendar {
    let zones = [
      "UTC", "Europe/Rome", "Asia/Tokyo", "Pacific/Honolulu", "America/New_York",
      "Australia/Lord_Howe", "Pacific/Kiritimati",
    ]
    let start = random.below(23)
    let end = start + 1 + random.below(24 - start)
    let span = String(format: "%02d:00-%02d:00", start, end)
    var days = (0..<7).filter { _ in random.below(2) == 0 }
    if days.isEmpty { days = [random.below(7)] }
    let holidays = (0..<random.below(6)).map { _ in
      String(format: "2026-12-%02d", 1 + random.below(31))
    }
    return BusinessCalendarTests.calendar(
      random.pick(zones), [span], days: days, holidays: holidays)
  }

  /// Adding a version that takes effect at F re-grades no state that ended before F: for
  /// any end before F, `end > deadline` is the same by both calendars, so the deadlines are
  /// the same when either is before F.
  @Test("a version added at the end changes no deadline before it takes effect")
  func pastKeepsItsDeadlines() {
    var random = SplitMix(seed: 21)
    let december = BusinessCalendarTests.instant("2026-12-01T00:00:00Z")
    let day = CivilTime.msPerDay
    var compared = 0
    for _ in 0..<300 {
      var old = Self.randomPart(&random)
      if random.below(2) == 0 {
        let from = december + Int64(random.below(10)) * day + Int64(random.below(Int(day)))
        old.versions = [(from, Self.randomPart(&random))]
      }
      let added = Self.randomPart(&random)
      let after = old.versions.last?.from ?? december
      var from = after + 1 + Int64(random.below(Int(12 * day)))
      // Half of them from a date: its midnight in the version's zone.
      if random.below(2) == 0 {
        let local = CivilTime.floorDiv(from + added.zone.offset(at: from), day) + 1
        from = added.zone.firstInstant(reading: local * day)
      }
      var new = old
      new.versions.append((from, added))
      for _ in 0..<20 {
        let start = from - Int64(random.below(Int(15 * day)))
        let days = random.below(7)
        let before = old.deadline(from: start, days: days)
        let now = new.deadline(from: start, days: days)
        #expect(
          min(before, from) == min(now, from),
          "start \(start) + \(days) with a version from \(from): \(before) before, \(now) after")
        if before < from { compared += 1 }
      }
    }
    // Enough deadlines fell before the version for the comparison to mean something.
    #expect(compared > 1000)
  }

  /// Versions that change nothing (same zone, hours and holidays), from dates or instants,
  /// give every deadline the calendar gives alone: the versioned count walks the same days.
  @Test("versions that change nothing change no deadline")
  func sameVersions() {
    var random = SplitMix(seed: 2104)
    let december = BusinessCalendarTests.instant("2026-12-01T00:00:00Z")
    let day = CivilTime.msPerDay
    for _ in 0..<200 {
      let alone = Self.randomPart(&random)
      var versioned = alone
      var from = december
      for _ in 0..<(1 + random.below(3)) {
        from += 1 + Int64(random.below(Int(5 * day)))
        versioned.versions.append((from, alone))
      }
      for _ in 0..<20 {
        let start = december - 3 * day + Int64(random.below(Int(20 * day)))
        let days = random.below(8)
        #expect(
          versioned.deadline(from: start, days: days) == alone.deadline(from: start, days: days),
          "start \(start) + \(days)")
      }
    }
  }
}
