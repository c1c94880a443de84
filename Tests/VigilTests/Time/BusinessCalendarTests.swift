import Foundation
import Testing
import VigilCore
import VigilReports
import VigilSemantics

@testable import Vigil

@Suite("Business calendars")
struct BusinessCalendarTests {
  static let hour: Int64 = 3_600_000

  /// A calendar in `zone` with the same `spans` (e.g. "09:00-17:00") on `days` (0 Monday).
  static func calendar(
    _ zone: String, _ spans: [String], days: [Int] = Array(0..<7), holidays: [String] = []
  ) -> BusinessCalendar {
    var hours: [[(start: Int64, end: Int64)]] = Array(repeating: [], count: 7)
    for day in days { hours[day] = spans.compactMap { Checker.interval($0) } }
    return BusinessCalendar(
      name: "c", zone: ZoneRules(identifier: zone)!, hours: hours,
      holidays: Set(holidays.compactMap { Checker.date($0) }))
  }

  static func instant(_ text: String) -> Int64 {
    guard case .time(let ms) = TimeParsing.parseISO8601(text) else { fatalError(text) }
    return ms
  }

  @Test(
    "working time is exact across clock changes, midnights, year ends and leap days",
    arguments: [
      // New York, all day every day: the spring-forward day has 23 hours, the autumn one 25.
      (
        "America/New_York", ["00:00-24:00"], [], "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z",
        23 * hour
      ),
      (
        "America/New_York", ["00:00-24:00"], [], "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z",
        25 * hour
      ),
      // A span inside the spring-forward gap: 01:00 EST to 04:00 EDT is two real hours.
      (
        "America/New_York", ["01:00-04:00"], [], "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z",
        2 * hour
      ),
      // Around midnight: 22:00-24:00 and 00:00-02:00 make one four-hour night.
      (
        "UTC", ["00:00-02:00", "22:00-24:00"], [], "2026-11-10T23:00:00Z",
        "2026-11-11T01:00:00.001Z", 2 * hour + 1
      ),
      // Year end, with and without New Year's Day off (a Friday in 2027).
      (
        "UTC", ["09:00-17:00"], ["2027-01-01"], "2026-12-31T16:00:00Z", "2027-01-01T10:00:00Z", hour
      ),
      ("UTC", ["09:00-17:00"], [], "2026-12-31T16:00:00Z", "2027-01-01T10:00:00Z", 2 * hour),
      // A leap day is a working day like any other.
      ("UTC", ["09:00-17:00"], [], "2028-02-28T00:00:00Z", "2028-03-01T00:00:00Z", 16 * hour),
      // Starting and ending outside the hours.
      ("UTC", ["09:00-17:00"], [], "2026-11-14T20:00:00Z", "2026-11-15T08:00:00Z", 0),
      // Local hours in London summer time are an hour earlier in UTC.
      (
        "Europe/London", ["09:00-17:00"], [], "2026-07-01T07:59:59.999Z",
        "2026-07-01T08:00:00.001Z", 1
      ),
    ])
  func workingTime(
    zone: String, spans: [String], holidays: [String], start: String, end: String, expected: Int64
  ) {
    let calendar = Self.calendar(zone, spans, holidays: holidays)
    #expect(calendar.workingTime(from: Self.instant(start), to: Self.instant(end)) == expected)
  }

  @Test("weekends and holidays count nothing; an end before the start counts nothing")
  func weekdays() {
    let calendar = Self.calendar("UTC", ["09:00-12:30", "13:30-17:00"], days: Array(0..<5))
    // Friday 16:00 to Tuesday 10:00: 1h + 0 + 0 + 7h + 1h.
    #expect(
      calendar.workingTime(
        from: Self.instant("2026-11-20T16:00:00Z"), to: Self.instant("2026-11-24T10:00:00Z"))
        == 9 * Self.hour)
    #expect(calendar.workingTime(from: Self.instant("2026-11-24T10:00:00Z"), to: 0) == 0)
  }

  @Test("a state measured in a calendar says so, and is compared in working time")
  func policies() throws {
    let source = """
      define unresolved = from created_at until resolved_at
      calendar support_hours:
        monday to friday "09:00-12:30", "13:30-17:00"
        saturday "10:00-14:00"
        zone "Europe/London"
        holidays "2026-12-25"
      policy slow:
        unresolved > 16h in support_hours → notify owner
      """
    let policies = try PolicySet(source: source, file: "c.vigil")
    let records = [
      // Monday 09:00 to Wednesday 17:00: three days of 7h.
      #"{"id":"A","owner":"ana","created_at":"2026-11-16T09:00:00Z","resolved_at":"2026-11-18T17:00:00Z"}"#,
      // Friday 16:00 to now (Wednesday 00:00): 1h + Saturday 4h + 7h + 7h = 19h.
      #"{"id":"B","owner":"ana","created_at":"2026-11-20T16:00:00Z"}"#,
      // Saturday 20:00 to Monday 12:00: 3h.
      #"{"id":"C","owner":"ana","created_at":"2026-11-21T20:00:00Z","resolved_at":"2026-11-23T12:00:00Z"}"#,
      // Monday 09:00 to Tuesday 11:00: 7h + 2h = 16h exactly, not more.
      #"{"id":"D","owner":"ana","created_at":"2026-11-16T09:00:00Z","resolved_at":"2026-11-17T15:30:00Z"}"#,
    ]
    let audit = policies.audit(
      jsonLines: records.joined(separator: "\n"), now: Date(timeIntervalSince1970: 1_795_564_800))
    let writer = ViolationWriter(format: .text)
    #expect(
      audit.violations.map { writer.text($0) } == [
        "c.vigil:8: slow [medium] A → notify ana: unresolved 21h business (support_hours) > 16h (closed)",
        "c.vigil:8: slow [medium] B → notify ana: unresolved 19h business (support_hours) > 16h (open)",
      ])
  }

  @Test("a warning in a calendar gives the working time left")
  func warnings() throws {
    let source = """
      define unresolved = from created_at until resolved_at
      calendar office:
        monday to friday "09:00-17:00"
      policy slow:
        unresolved > 16h in office → notify owner
        warn at 12h
      """
    let policies = try PolicySet(source: source, file: "c.vigil")
    // Monday 09:00 to now (Wednesday 00:00): 8h + 8h = 16h, not more: at risk, 0 left.
    // Monday 13:00: 4h + 8h = 12h, exactly the warning: not past it.
    let records = [
      #"{"id":"A","owner":"ana","created_at":"2026-11-23T09:00:00Z"}"#,
      #"{"id":"B","owner":"ana","created_at":"2026-11-23T13:00:00Z"}"#,
      #"{"id":"C","owner":"ana","created_at":"2026-11-23T12:59:59.999Z"}"#,
    ]
    let audit = policies.audit(
      jsonLines: records.joined(separator: "\n"), now: Date(timeIntervalSince1970: 1_795_564_800))
    let writer = ViolationWriter(format: .text)
    #expect(audit.violations.isEmpty)
    #expect(
      audit.atRisk.map { writer.text($0) } == [
        "c.vigil:5: slow [medium] A → notify ana: at risk: unresolved 16h business (office), breaks > 16h in 0s (open)",
        "c.vigil:5: slow [medium] C → notify ana: at risk: unresolved 12h0m0.001s business (office), breaks > 16h in 3h59m59.999s (open)",
      ])
  }

  @Test(
    "business days: the same local time on the n-th working day; outside hours, from the next span",
    arguments: [
      // Friday 15:00 + 2: Tuesday 15:00.
      ("2026-11-20T15:00:00Z", 2, "2026-11-24T15:00:00Z"),
      // Saturday noon starts Monday 09:00: + 2 is Wednesday 09:00.
      ("2026-11-21T12:00:00Z", 2, "2026-11-25T09:00:00Z"),
      // After hours on Friday: Monday 09:00 + 1 is Tuesday 09:00.
      ("2026-11-20T18:00:00Z", 1, "2026-11-24T09:00:00Z"),
      // Over Christmas Day (a holiday) and the weekend.
      ("2026-12-23T10:00:00Z", 2, "2026-12-28T10:00:00Z"),
      // Over the clocks going forward: Friday 10:00 GMT + 1 is Monday 10:00 BST.
      ("2027-03-26T10:00:00Z", 1, "2027-03-29T09:00:00Z"),
      // Zero days: the start itself (moved into hours).
      ("2026-11-21T12:00:00Z", 0, "2026-11-23T09:00:00Z"),
    ])
  func businessDays(start: String, days: Int, deadline: String) {
    let calendar = Self.calendar(
      "Europe/London", ["09:00-17:00"], days: Array(0..<5), holidays: ["2026-12-25"])
    #expect(calendar.deadline(from: Self.instant(start), days: days) == Self.instant(deadline))
  }

  @Test("a state longer than business days breaks the rule a millisecond after the deadline")
  func businessDaysPolicy() throws {
    let source = """
      define unresolved = from created_at until resolved_at
      calendar office:
        monday to friday "09:00-17:00"
      policy slow:
        unresolved > 2 business days in office → notify owner
      """
    let policies = try PolicySet(source: source, file: "c.vigil")
    let records = [
      #"{"id":"A","owner":"ana","created_at":"2026-11-20T15:00:00Z","resolved_at":"2026-11-24T15:00:00Z"}"#,
      #"{"id":"B","owner":"ana","created_at":"2026-11-20T15:00:00Z","resolved_at":"2026-11-24T15:00:00.001Z"}"#,
      // Open: now (Wednesday 00:00) is before Thursday 09:00, the deadline of Monday 09:00 + 2.
      #"{"id":"C","owner":"ana","created_at":"2026-11-22T12:00:00Z"}"#,
    ]
    let audit = policies.audit(
      jsonLines: records.joined(separator: "\n"), now: Date(timeIntervalSince1970: 1_795_564_800))
    #expect(
      audit.violations.map { ViolationWriter(format: .text).text($0) } == [
        "c.vigil:5: slow [medium] B → notify ana: unresolved 16h0m0.001s business (office) > 2 business days (closed)"
      ])
  }

  @Test("a calendar chosen per record by a value; a value with no calendar is a data error")
  func chosenPerRecord() throws {
    let source = """
      define unresolved = from created_at until resolved_at
      calendar phone_hours:
        monday to sunday "08:00-20:00"
      calendar office_hours:
        monday to friday "09:00-17:00"
      calendar team_hours by team:
        "phones" → phone_hours
        "mail-desk" → office_hours
      policy slow:
        unresolved > 16h in team_hours → notify team
      """
    let policies = try PolicySet(source: source, file: "c.vigil")
    // Saturday 08:00 to Sunday 12:00:00.001: phones work 12h + 4h0.001s; the office nothing.
    let times = #""created_at":"2026-11-21T08:00:00Z","resolved_at":"2026-11-22T12:00:00.001Z""#
    let records = ["phones", "mail-desk", "web"].map {
      #"{"id":"\#($0)","team":"\#($0)","# + times + "}"
    }
    let audit = policies.audit(
      jsonLines: records.joined(separator: "\n"), now: Date(timeIntervalSince1970: 1_795_564_800))
    #expect(
      audit.violations.map { ViolationWriter(format: .text).text($0) } == [
        "c.vigil:10: slow [medium] phones → notify phones: unresolved 16h0m0.001s business (team_hours) > 16h (closed)"
      ])
    #expect(
      audit.dataErrors.map { "\($0.record): \($0.error.message)" } == [
        "web: no calendar for the text 'web'"
      ])
  }

  @Test("holidays from a file next to the policy file")
  func holidayFiles() throws {
    let policies = try PolicySet(
      contentsOf: [repoPath("Tests/VigilTests/Fixtures/calendars/office.vigil")])
    // Wednesday 23 Dec 09:00 to Tuesday 29 Dec 10:00: 8h + 8h + (25th, 28th off) + 1h = 17h.
    let record =
      #"{"id":"A","owner":"ana","created_at":"2026-12-23T09:00:00Z","resolved_at":"2026-12-29T10:00:00Z"}"#
    let audit = policies.audit(
      jsonLines: record, now: Date(timeIntervalSince1970: 1_800_000_000))
    #expect(audit.violations.map { $0.measured } == ["unresolved 17h business (office)"])
  }
}
