import Foundation
import Testing
import VigilCore
import VigilSemantics

@testable import Vigil

/// Vigil's working time and business-day deadlines against `ReferenceCalendar`, a plain
/// minute-by-minute reading with Foundation's offsets, on generated records in ten calendars:
/// zones with daylight saving time, half-hour offsets and changes (Lord Howe, St John's,
/// Adelaide), changes at midnight (Santiago), a skipped day (Apia, 2011-12-30), lunch
/// breaks, night desks, days ending at 24:00 and holidays (some on the days of a change).
/// Half the records start within three days of a change of the clocks.
@Suite("Working time against an independent reading")
struct WorkingTimeDifferentialTests {
  /// A calendar as a policy writes it.
  struct Spec: Sendable, CustomTestStringConvertible {
    var name: String
    var zone: String
    /// Lines of hours: the days as written, those days (Monday 0), the spans.
    var lines: [(days: String, weekdays: ClosedRange<Int>, spans: [String])]
    var holidays: [String] = []
    /// The years the records start in.
    var years: ClosedRange<Int> = 2025...2027
    var testDescription: String { name }

    /// The spans of each weekday, Monday first.
    var spansByWeekday: [[String]] {
      (0..<7).map { day in lines.filter { $0.weekdays.contains(day) }.flatMap(\.spans) }
    }

    var policyText: String {
      var text = "calendar \(name):\n"
      for line in lines {
        text += "  \(line.days) " + line.spans.map { "\"\($0)\"" }.joined(separator: ", ") + "\n"
      }
      text += "  zone \"\(zone)\"\n"
      if !holidays.isEmpty {
        text += "  holidays " + holidays.map { "\"\($0)\"" }.joined(separator: ", ") + "\n"
      }
      return text
    }

    var vigil: BusinessCalendar {
      BusinessCalendar(
        name: name, zone: ZoneRules(identifier: zone)!,
        hours: spansByWeekday.map { $0.compactMap { Checker.interval($0) } },
        holidays: Set(holidays.compactMap { Checker.date($0) }))
    }

    var reference: ReferenceCalendar {
      ReferenceCalendar(zone: zone, spans: spansByWeekday, holidays: holidays)
    }
  }

  static let every = "monday to sunday"
  static let specs: [Spec] = [
    Spec(
      name: "rome_lunch", zone: "Europe/Rome",
      lines: [("monday to friday", 0...4, ["09:00-13:00", "14:00-18:00"])],
      holidays: ["2025-12-25", "2026-03-30", "2026-10-26", "2027-03-29"]),
    Spec(
      name: "rome_break", zone: "Europe/Rome",
      lines: [
        ("sunday", 6...6, ["00:00-02:30", "03:30-06:00"]),
        ("monday to saturday", 0...5, ["08:00-20:00"]),
      ]),
    Spec(
      name: "ny_night", zone: "America/New_York",
      lines: [
        ("monday to friday", 0...4, ["00:00-06:00", "22:00-24:00"]),
        ("saturday", 5...5, ["00:00-06:00"]), ("sunday", 6...6, ["01:30-02:30"]),
      ],
      holidays: ["2026-11-26"]),
    Spec(
      name: "london_all", zone: "Europe/London", lines: [(every, 0...6, ["00:00-24:00"])],
      holidays: ["2026-03-29", "2026-12-25"]),
    Spec(
      name: "lord_howe", zone: "Australia/Lord_Howe",
      lines: [(every, 0...6, ["01:00-03:00", "09:00-17:00"])], holidays: ["2026-04-06"]),
    Spec(
      name: "santiago", zone: "America/Santiago",
      lines: [(every, 0...6, ["00:00-01:00", "09:00-18:00", "23:00-24:00"])]),
    Spec(
      name: "st_johns", zone: "America/St_Johns",
      lines: [("monday to saturday", 0...5, ["00:00-03:00", "21:00-24:00"])]),
    Spec(
      name: "adelaide", zone: "Australia/Adelaide",
      lines: [("monday to friday", 0...4, ["08:30-12:00", "12:45-17:00"])],
      holidays: ["2026-01-26", "2026-10-05"]),
    Spec(
      name: "kolkata", zone: "Asia/Kolkata",
      lines: [("monday to saturday", 0...5, ["10:00-18:00"])]),
    Spec(
      name: "apia", zone: "Pacific/Apia", lines: [(every, 0...6, ["08:00-16:00"])],
      years: 2011...2012),
  ]

  /// A generated record: its interval, and a number of business days.
  struct Record {
    var start: Int64
    var end: Int64
    var days: Int
  }

  /// `count` records for `spec`, the same on every run (a linear congruential generator).
  static func records(_ spec: Spec, count: Int, seed: UInt64) -> [Record] {
    var state = seed
    func next(_ bound: Int64) -> Int64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int64((state >> 17) % UInt64(bound))
    }
    let day = ReferenceCalendar.day
    let first = Int64(CivilTime.daysFromCivil(year: spec.years.lowerBound, month: 1, day: 1)) * day
    let last =
      Int64(CivilTime.daysFromCivil(year: spec.years.upperBound + 1, month: 1, day: 1))
      * day
    let changes = offsetChanges(spec.zone, from: first, to: last)
    return (0..<count).map { _ in
      var start =
        !changes.isEmpty && next(2) == 0
        ? changes[Int(next(Int64(changes.count)))] - 3 * day + next(6 * day)
        : first + next(last - first)
      let lengths = [3 * day, 10 * day, 35 * day]
      let roll = next(20)
      var length = next(lengths[roll < 13 ? 0 : roll < 18 ? 1 : 2])
      // A fifth on whole minutes, to meet the spans' ends exactly.
      if next(5) == 0 {
        start -= start % 60_000
        length -= length % 60_000
      }
      return Record(start: start, end: start + length, days: Int(next(4)))
    }
  }

  /// Instants near which the zone's offset changes (to within six hours), by Foundation.
  static func offsetChanges(_ zone: String, from: Int64, to: Int64) -> [Int64] {
    let timeZone = TimeZone(identifier: zone)!
    let step: Int64 = 6 * ReferenceCalendar.hour
    var changes: [Int64] = []
    var previous = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(from) / 1000))
    var instant = from + step
    while instant < to {
      let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant) / 1000))
      if offset != previous { changes.append(instant) }
      previous = offset
      instant += step
    }
    return changes
  }

  @Test("working time and deadlines agree to the millisecond", arguments: specs)
  func agree(_ spec: Spec) {
    let (vigil, reference) = (spec.vigil, spec.reference)
    var disagreements: [String] = []
    var working = 0
    for (index, record) in Self.records(spec, count: 200, seed: UInt64(spec.name.count))
      .enumerated()
    {
      let expected = reference.workingTime(from: record.start, to: record.end)
      let actual = vigil.workingTime(from: record.start, to: record.end)
      if expected > 0 { working += 1 }
      if actual != expected {
        disagreements.append(
          "\(index) \(TimeParsing.formatISO8601(record.start))…\(TimeParsing.formatISO8601(record.end)): \(actual) ≠ \(expected)"
        )
      }
      let deadline = reference.deadline(from: record.start, days: record.days)
      let vigilDeadline = vigil.deadline(from: record.start, days: record.days)
      if vigilDeadline != deadline {
        disagreements.append(
          "\(index) \(TimeParsing.formatISO8601(record.start)) + \(record.days) business days: \(TimeParsing.formatISO8601(vigilDeadline)) ≠ \(TimeParsing.formatISO8601(deadline))"
        )
      }
    }
    #expect(disagreements == [], "\(spec.name)")
    // The records did meet working hours (most of them).
    #expect(working >= 150, "\(spec.name): \(working) of 200 records have working time")
  }

  @Test("an audit in a calendar per record shows the reference's working time")
  func audit() throws {
    var source = "define unresolved = from created_at until resolved_at\n"
    source += Self.specs.map(\.policyText).joined()
    source += "calendar desk by cal:\n"
    source += Self.specs.map { "  \"\($0.name)\" → \($0.name)\n" }.joined()
    source += "policy worked:\n  unresolved > 0s in desk → flag\n"
    let policies = try PolicySet(source: source, file: "w.vigil")
    var lines: [String] = []
    var expected: [String] = []
    for spec in Self.specs {
      let reference = spec.reference
      for (index, record) in Self.records(spec, count: 30, seed: 7).enumerated() {
        let id = "\(spec.name)-\(index)"
        lines.append(
          #"{"id":"\#(id)","cal":"\#(spec.name)","created_at":"\#(TimeParsing.formatISO8601(record.start))","resolved_at":"\#(TimeParsing.formatISO8601(record.end))"}"#
        )
        let working = reference.workingTime(from: record.start, to: record.end)
        if working > 0 {
          expected.append("\(id): unresolved \(DurationFormat.format(working)) business (desk)")
        }
      }
    }
    let audit = policies.audit(
      jsonLines: lines.joined(separator: "\n"), now: Date(timeIntervalSince1970: 4e9))
    #expect(audit.dataErrors.isEmpty)
    #expect(audit.violations.map { "\($0.record): \($0.measured ?? "-")" } == expected)
    #expect(expected.count >= 250)
  }
}
