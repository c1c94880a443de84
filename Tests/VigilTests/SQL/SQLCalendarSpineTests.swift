import Testing
import VigilCore
import VigilSemantics

@testable import Vigil
@testable import VigilSQL

/// The tables `vigil sql` joins for a calendar (`SQLCalendarSpine`), read back by the same
/// arithmetic the query does, give the calendar's own working time and deadlines to the
/// millisecond: around clock changes, holidays and versions, and at random. What the engines
/// make of the query is checked by .ci/sql-test.
@Suite("SQL calendar tables")
struct SQLCalendarSpineTests {
  static let now: Int64 = 1_795_564_800_000  // 2026-11-25T00:00:00Z

  /// The calendars of a policy file, by name.
  static func calendars(_ file: String) throws -> [String: BusinessCalendar] {
    try PolicySet(contentsOf: [repoPath(file)], root: nil, rootOption: nil).checked.calendars
  }

  /// The working time between `a` and `b` as the query sums it over the table's runs.
  static func working(
    _ runs: [SQLCalendarSpine.Run<SQLCalendarSpine.Interval>], _ a: Int64, _ b: Int64
  ) -> Int64 {
    let week = SQLCalendarSpine.week
    func before(_ t: Int64, _ w: Int64, _ n: Int64, _ s: Int64, _ e: Int64) -> Int64 {
      let since = t - w - s
      guard since > 0 else { return 0 }
      let weeks = since / week
      return min(weeks, n) * (e - s) + (weeks < n ? min(since - weeks * week, e - s) : 0)
    }
    var total: Int64 = 0
    for run in runs {
      for row in run.rows
      where run.start + row.start < b && run.start + (run.weeks - 1) * week + row.end > a {
        total +=
          before(b, run.start, run.weeks, row.start, row.end)
          - before(a, run.start, run.weeks, row.start, row.end)
      }
    }
    return total
  }

  /// The deadline of a start as the query finds it in the table (nil: no row holds it).
  static func deadline(_ runs: [SQLCalendarSpine.Run<SQLCalendarSpine.Piece>], _ a: Int64)
    -> Int64?
  {
    let week = SQLCalendarSpine.week
    var found: Int64?
    for run in runs where a >= run.start && a < run.start + run.weeks * week {
      let weeks = (a - run.start) / week
      let offset = a - run.start - weeks * week
      for piece in run.rows where offset >= piece.start && offset < piece.end {
        found = max(
          found ?? .min, piece.linear ? a + piece.value : run.start + weeks * week + piece.value)
      }
    }
    return found
  }

  /// Starts and ends around the instants where the calendars are irregular, and at random.
  static func instants() -> [Int64] {
    let irregular: [Int64] = [
      1_774_746_000_000,  // 2026-03-29T01:00Z, Rome springs forward
      1_792_890_000_000,  // 2026-10-25T01:00Z, Rome falls back
      1_793_512_800_000,  // 2026-11-01T06:00Z, New York falls back
      1_774_821_600_000,  // 2026-03-29T22:00Z, Monday 30 March in Rome (a holiday)
      1_780_264_800_000,  // 2026-05-31T22:00Z, 1 June in Rome (a version)
      1_793_167_200_000,  // 2026-10-28T06:00Z (a version)
      1_796_425_200_000,  // 2026-12-04T23:00Z
    ]
    var found: [Int64] = []
    for instant in irregular {
      for shift: Int64 in [0, 1, -1, 1_800_000, -1_800_000, 3_600_000, -7_200_000, 86_400_000] {
        found.append(instant + shift)
      }
    }
    var random = SplitMix(seed: 17)
    for _ in 0..<300 {
      found.append(now - Int64.random(in: 0..<(9 * 365 * 86_400_000), using: &random))
    }
    return found.filter { $0 <= now }
  }

  @Test(
    "the table's working time is the calendar's, to the millisecond",
    arguments: [
      ("Tests/VigilTests/Fixtures/sql/calendars.vigil", "desk"),
      ("Tests/VigilTests/Fixtures/sql/calendars.vigil", "weekdays"),
      ("examples/office_calendar.vigil", "office"),
    ])
  func workingTime(_ file: String, _ name: String) throws {
    let calendar = try #require(try Self.calendars(file)[name])
    let spine = SQLCalendarSpine(calendar, now: Self.now)
    let runs = try #require(spine.workingRuns())
    let instants = Self.instants()
    var compared = 0
    for (index, a) in instants.enumerated() {
      for b in instants[index...] where b >= a && b - a < 40 * 86_400_000 {
        #expect(
          Self.working(runs, a, b) == calendar.workingTime(from: a, to: b),
          "\(name) from \(a) to \(b)")
        compared += 1
      }
    }
    #expect(compared > 1000)
  }

  @Test(
    "the table's deadlines are the calendar's, to the millisecond",
    arguments: [
      ("Tests/VigilTests/Fixtures/sql/calendars.vigil", "desk", 1),
      ("Tests/VigilTests/Fixtures/sql/calendars.vigil", "desk", 3),
      ("examples/office_calendar.vigil", "office", 2),
    ])
  func deadlines(_ file: String, _ name: String, _ days: Int) throws {
    let calendar = try #require(try Self.calendars(file)[name])
    let spine = SQLCalendarSpine(calendar, now: Self.now)
    let runs = try #require(spine.deadlineRuns(days: days))
    for a in Self.instants() where a >= spine.first {
      #expect(
        Self.deadline(runs, a) == calendar.deadline(from: a, days: days), "\(name) from \(a)")
    }
    // Every start from the first instant to now is in exactly one piece.
    var covered = spine.first
    for run in runs {
      #expect(run.start == covered)
      #expect(run.rows.first?.start == 0 && run.rows.last?.end == SQLCalendarSpine.week)
      for (row, next) in zip(run.rows, run.rows.dropFirst()) { #expect(row.end == next.start) }
      covered = run.start + run.weeks * SQLCalendarSpine.week
    }
    #expect(covered > Self.now)
  }

  @Test("the tables reach back ten years, to a Monday, and are a few runs of weeks")
  func reach() throws {
    let calendar = try #require(
      try Self.calendars("Tests/VigilTests/Fixtures/sql/weekdays.vigil")["weekdays"])
    let spine = SQLCalendarSpine(calendar, now: Self.now)
    #expect(spine.first == 1_479_686_400_000)  // Monday 2016-11-21T00:00:00Z
    let runs = try #require(spine.workingRuns())
    // The weeks before the holiday's, its week, the weeks after.
    #expect(runs.map(\.weeks) == [521, 1, 1])
    #expect(runs[1].rows.count == 4)
  }
}
