import Foundation
import Testing
import VigilCore
import VigilReports

@testable import Vigil

/// Calendar spans on the days the clocks change: a span runs from the first instant the
/// zone's clocks read its start to the first instant they read its end (or a later time).
/// Rome, 2026: on Sunday 29 March 02:00 CET becomes 03:00 CEST (01:00Z); on Sunday 25
/// October 03:00 CEST becomes 02:00 CET (01:00Z), and 02:00-03:00 is read twice.
@Suite("Calendar spans at clock changes")
struct ClockChangeSpansTests {
  static let hour: Int64 = 3_600_000
  static let minute: Int64 = 60_000

  static func instant(_ text: String) -> Int64 { BusinessCalendarTests.instant(text) }

  /// Rome's Sundays from 00:00 to 02:30 and from 03:30 to 06:00, a break between.
  static let rome = BusinessCalendarTests.calendar(
    "Europe/Rome", ["00:00-02:30", "03:30-06:00"], days: [6])

  @Test(
    "Rome, sunday \"00:00-02:30\", \"03:30-06:00\": the break keeps its meaning on both change days",
    arguments: [
      // Spring: the clocks read 00:00-02:00 CET (2h), jump at 01:00Z past 02:30 (the break
      // starts then), read 03:00-03:30 CEST on the break (30 min), and 03:30-06:00 at work:
      // 4h30m in all.
      ("2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z", 4 * hour + 30 * minute),
      ("2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z", 2 * hour),
      ("2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z", 0),
      ("2026-03-29T00:59:59.999Z", "2026-03-29T01:30:00.001Z", 2),
      ("2026-03-29T01:30:00Z", "2026-03-29T04:00:00Z", 2 * hour + 30 * minute),
      // Autumn: work from 00:00 CEST (22:00Z) to the first 02:30 (00:30Z); the break lasts
      // until 03:30 CET (02:30Z), two hours, the repeated hour in it; then 03:30-06:00 CET:
      // 5h in all.
      ("2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z", 5 * hour),
      ("2026-10-24T22:00:00Z", "2026-10-25T00:30:00Z", 2 * hour + 30 * minute),
      ("2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z", 0),
      ("2026-10-25T00:29:59.999Z", "2026-10-25T02:30:00.001Z", 2),
      ("2026-10-25T02:30:00Z", "2026-10-25T05:00:00Z", 2 * hour + 30 * minute),
      // An ordinary Sunday: 5h.
      ("2026-10-31T12:00:00Z", "2026-11-01T12:00:00Z", 5 * hour),
    ])
  func romeWithABreak(start: String, end: String, expected: Int64) {
    #expect(
      Self.rome.workingTime(from: Self.instant(start), to: Self.instant(end)) == expected)
  }

  @Test(
    "a span across the change is shorter in spring and longer in autumn; ends are half-open",
    arguments: [
      // 00:00-06:00: 5h in spring, 7h in autumn.
      (["00:00-06:00"], "2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z", 5 * hour),
      (["00:00-06:00"], "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z", 7 * hour),
      // Two spans meeting at 02:30 cover the same instants as one, without a double count.
      (["00:00-02:30", "02:30-06:00"], "2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z", 5 * hour),
      (["00:00-02:30", "02:30-06:00"], "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z", 7 * hour),
      // A span the gap swallows is empty in spring; in autumn it is its first reading.
      (["02:15-02:45"], "2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z", 0),
      (["02:15-02:45"], "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z", 30 * minute),
      // A span starting in the gap starts when the clocks jump (01:00Z, 03:00 CEST).
      (["02:30-04:00"], "2026-03-29T00:59:59.999Z", "2026-03-29T01:00:00.001Z", 1),
      (["02:30-04:00"], "2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z", hour),
      // Ending at 03:00 in autumn takes the repeated hour: the clocks first read 03:00 at
      // 02:00Z. Starting at 03:00, it is not counted.
      (["00:00-03:00"], "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z", 4 * hour),
      (["03:00-06:00"], "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z", 3 * hour),
      // Half-open: a span's start is in it, its end is not (06:00 CEST = 04:00Z).
      (["00:00-06:00"], "2026-03-29T04:00:00Z", "2026-03-29T05:00:00Z", 0),
      (["00:00-06:00"], "2026-03-29T03:59:59.999Z", "2026-03-29T05:00:00Z", 1),
      (["00:00-06:00"], "2026-03-28T22:00:00Z", "2026-03-28T23:00:00.001Z", 1),
    ])
  func simpleSpans(spans: [String], start: String, end: String, expected: Int64) {
    let calendar = BusinessCalendarTests.calendar("Europe/Rome", spans, days: [6])
    #expect(calendar.workingTime(from: Self.instant(start), to: Self.instant(end)) == expected)
  }

  /// Every day, all day, in Rome.
  static let daily = BusinessCalendarTests.calendar("Europe/Rome", ["00:00-24:00"])
  /// Monday to Thursday 09:00-17:00, Friday 09:00-12:00, in Rome.
  static let shortFriday = BusinessCalendar(
    name: "c", zone: daily.zone,
    hours: Array(repeating: [(9 * hour, 17 * hour)], count: 4) + [[(9 * hour, 12 * hour)], [], []],
    holidays: [])

  /// Sunday 02:15-02:45 (in the spring gap on 29 March) and Monday 09:00-17:00, in Rome.
  static let swallowed = BusinessCalendar(
    name: "c", zone: daily.zone,
    hours: [
      [(9 * hour, 17 * hour)], [], [], [], [], [],
      [(2 * hour + 15 * minute, 2 * hour + 45 * minute)],
    ],
    holidays: [])

  @Test(
    "the business-day deadline when its local time is skipped, repeated, or outside hours",
    arguments: [
      // Skipped: Saturday 02:30 CET + 1 is Sunday 02:30, which the clocks jump past at 01:00Z
      // (03:00 CEST): the deadline is then.
      (daily, "2026-03-28T01:30:00Z", 1, "2026-03-29T01:00:00Z"),
      // Repeated: Saturday 02:30 CEST + 1 is the first Sunday 02:30, in summer time.
      (daily, "2026-10-24T00:30:00Z", 1, "2026-10-25T00:30:00Z"),
      // From the second reading of 02:30 (CET), + 1 is Monday 02:30 CET.
      (daily, "2026-10-25T01:30:00Z", 1, "2026-10-26T01:30:00Z"),
      // Zero days from it: the start itself, not the first 02:30 an hour before.
      (daily, "2026-10-25T01:30:00Z", 0, "2026-10-25T01:30:00Z"),
      // Outside the day's hours: Thursday 15:00 + 1 is Friday 15:00, though Friday's hours
      // end at 12:00.
      (shortFriday, "2026-11-19T14:00:00Z", 1, "2026-11-20T14:00:00Z"),
      // A start before a span the gap swallows starts at the next span that has instants:
      // Monday 09:00 CEST, + 1 is the next Sunday 09:00.
      (swallowed, "2026-03-29T00:30:00Z", 1, "2026-04-05T07:00:00Z"),
    ])
  func deadlines(calendar: BusinessCalendar, start: String, count: Int, deadline: String) {
    #expect(calendar.deadline(from: Self.instant(start), days: count) == Self.instant(deadline))
  }

  @Test("a policy in Rome's night calendar measures both change days as the calendar reads")
  func policy() throws {
    let source = """
      define unresolved = from created_at until resolved_at
      calendar night:
        sunday "00:00-02:30", "03:30-06:00"
        zone "Europe/Rome"
      policy long_night:
        unresolved > 4h in night → flag
      """
    let policies = try PolicySet(source: source, file: "n.vigil")
    // Saturday noon to Sunday noon, around each change and on an ordinary Sunday.
    let records = [
      ("spring", "2026-03-28T11:00:00Z", "2026-03-29T10:00:00Z"),
      ("autumn", "2026-10-24T10:00:00Z", "2026-10-25T11:00:00Z"),
      ("ordinary", "2026-10-31T11:00:00Z", "2026-11-01T11:00:00Z"),
    ].map { #"{"id":"\#($0.0)","created_at":"\#($0.1)","resolved_at":"\#($0.2)"}"# }
    let audit = policies.audit(
      jsonLines: records.joined(separator: "\n"), now: Date(timeIntervalSince1970: 1.8e9))
    #expect(
      audit.violations.map { ViolationWriter(format: .text).text($0) } == [
        "n.vigil:6: long_night [medium] spring → flag: unresolved 4h30m business (night) > 4h (closed)",
        "n.vigil:6: long_night [medium] autumn → flag: unresolved 5h business (night) > 4h (closed)",
        "n.vigil:6: long_night [medium] ordinary → flag: unresolved 5h business (night) > 4h (closed)",
      ])
  }
}
