import VigilCore

/// A calendar's working time and business-day deadlines as tables a query joins (Grammar.md,
/// "What the SQL means", "Calendars"), derived from the calendar itself by Vigil's own
/// arithmetic — its hours, zone, holidays and versions — so that the engine counts exactly
/// what the audit counts.
///
/// Time is cut into weeks of UTC (from Monday 1969-12-29 00:00Z); each week's working
/// intervals (or deadline pieces) are written relative to the week's start, and consecutive
/// weeks that are alike are one **run** (`w`, the first week's start; `n`, how many weeks).
/// Weeks differ only around a change of the clocks, a holiday or a version, so a run spans
/// months and the tables stay small.
struct SQLCalendarSpine {
  /// A week, in milliseconds.
  static let week: Int64 = 7 * CivilTime.msPerDay
  /// A Monday 00:00Z (1969-12-29): weeks start at it, a whole number of weeks before or after.
  static let monday: Int64 = -3 * CivilTime.msPerDay
  /// How far back from now the tables reach: about ten years (3,653 days), to the Monday
  /// before.
  static let reach: Int64 = 3653 * CivilTime.msPerDay

  /// A run of alike weeks and the rows of one of them.
  struct Run<Row: Equatable>: Equatable {
    var start: Int64
    var weeks: Int64
    var rows: [Row]
  }

  /// A working interval of a week, relative to its start: `[start, end)`.
  struct Interval: Equatable {
    var start: Int64
    var end: Int64
  }

  /// A piece of a week's starts, relative to its start, and their deadline: the start plus
  /// `value` (`linear`), or the week's start plus `value`.
  struct Piece: Equatable {
    var start: Int64
    var end: Int64
    var linear: Bool
    var value: Int64
  }

  let calendar: BusinessCalendar
  /// The first instant the tables cover, the Monday 00:00Z about ten years before now (a
  /// state that starts earlier stops the query with an error).
  let first: Int64
  /// The weeks covered: from `first` up to the end of the week holding now.
  let weeks: Int64

  init(_ calendar: BusinessCalendar, now: Int64) {
    self.calendar = calendar
    self.first =
      Self.monday + CivilTime.floorDiv(now - Self.reach - Self.monday, Self.week) * Self.week
    self.weeks = CivilTime.floorDiv(now - first, Self.week) + 1
  }

  /// Consecutive alike weeks joined.
  func runs<Row>(_ week: (Int64) -> [Row]) -> [Run<Row>] {
    var runs: [Run<Row>] = []
    for index in 0..<weeks {
      let start = first + index * Self.week
      let rows = week(start)
      if let last = runs.last, last.rows == rows, last.start + last.weeks * Self.week == start {
        runs[runs.count - 1].weeks += 1
      } else {
        runs.append(Run(start: start, weeks: 1, rows: rows))
      }
    }
    return runs.filter { !$0.rows.isEmpty }
  }

  /// The working intervals of every week, as runs. Nil when they do not add up to the
  /// calendar's own count of some week's working time (which would be a bug here: the query
  /// is not written then).
  func workingRuns() -> [Run<Interval>]? {
    var consistent = true
    let runs = self.runs { start -> [Interval] in
      let found = intervals(from: start, to: start + Self.week)
      let total = found.reduce(Int64(0)) { $0 + $1.end - $1.start }
      if total != calendar.workingTime(from: start, to: start + Self.week) { consistent = false }
      return found.map { Interval(start: $0.start - start, end: $0.end - start) }
    }
    return consistent ? runs : nil
  }

  /// The calendar's working intervals between `low` and `high` as instants, sorted, those
  /// that touch joined: each version's days' spans (less its holidays), each span from the
  /// first instant its zone's clocks read its start to the first they read its end, clipped
  /// to the stretch the version is in force.
  func intervals(from low: Int64, to high: Int64) -> [Interval] {
    let parts = [(Int64.min, calendar)] + calendar.versions.map { ($0.from, $0.calendar) }
    var found: [Interval] = []
    for (index, (from, part)) in parts.enumerated() {
      let until = index + 1 < parts.count ? parts[index + 1].0 : Int64.max
      let (lower, upper) = (max(low, from), min(high, until))
      guard lower < upper else { continue }
      let zone = part.zone
      let firstDay = CivilTime.floorDiv(lower + zone.offset(at: lower), CivilTime.msPerDay) - 1
      let lastDay = CivilTime.floorDiv(upper + zone.offset(at: upper), CivilTime.msPerDay) + 1
      for day in firstDay...lastDay where !part.holidays.contains(day) {
        let midnight = day * CivilTime.msPerDay
        for span in part.hours[Int(CivilTime.floorMod(day + 3, 7))] {
          let start = max(lower, zone.firstInstant(reading: midnight + span.start))
          let end = min(upper, zone.firstInstant(reading: midnight + span.end))
          if start < end { found.append(Interval(start: start, end: end)) }
        }
      }
    }
    found.sort { $0.start < $1.start }
    var joined: [Interval] = []
    for interval in found {
      if let last = joined.last, interval.start <= last.end {
        joined[joined.count - 1].end = max(last.end, interval.end)
      } else {
        joined.append(interval)
      }
    }
    return joined
  }

  /// The deadline `days` business days after each start of every week, as runs of pieces.
  /// Nil when a piece cannot be told (it fails the checks below).
  func deadlineRuns(days: Int) -> [Run<Piece>]? {
    var consistent = true
    let runs = self.runs { start -> [Piece] in
      guard let pieces = pieces(from: start, days: days) else {
        consistent = false
        return []
      }
      return pieces
    }
    return consistent ? runs : nil
  }

  /// The pieces of one week's starts: between working intervals the deadline is that of the
  /// next interval's start (the clock starts there), a constant; inside one it moves with the
  /// start (linear) except where the target day's clocks change, found by halving.
  func pieces(from week: Int64, days: Int) -> [Piece]? {
    let end = week + Self.week
    let working = intervals(from: week, to: end)
    var pieces: [Piece] = []
    var at = week
    func deadline(_ start: Int64) -> Int64 { calendar.deadline(from: start, days: days) }
    for interval in working + [Interval(start: end, end: end)] {
      if at < interval.start {
        pieces.append(
          Piece(
            start: at - week, end: interval.start - week, linear: false, value: deadline(at) - week)
        )
      }
      at = interval.start
      while at < interval.end {
        let found = piece(from: at, to: interval.end, deadline)
        guard let found else { return nil }
        pieces.append(
          Piece(
            start: at - week, end: found.end - week, linear: found.linear,
            value: found.linear ? found.value : found.value - week))
        at = found.end
      }
    }
    return pieces
  }

  /// The longest piece from `start` (up to `limit`) on which the deadline is constant or the
  /// start plus a constant, with its end and value (an instant when constant, else the shift).
  /// Nil when its middle does not agree with its ends.
  func piece(from start: Int64, to limit: Int64, _ deadline: (Int64) -> Int64)
    -> (end: Int64, linear: Bool, value: Int64)?
  {
    let first = deadline(start)
    let linear = start + 1 >= limit || deadline(start + 1) != first
    func holds(_ instant: Int64) -> Bool {
      linear ? deadline(instant) - instant == first - start : deadline(instant) == first
    }
    // The first instant where it no longer holds (it holds at `low`, not at `high`).
    var (low, high) = (start, limit)
    if holds(limit - 1) {
      low = limit - 1
    } else {
      while high - low > 1 {
        let middle = low + (high - low) / 2
        if holds(middle) { low = middle } else { high = middle }
      }
    }
    let end = low + 1
    // The deadline moves monotonically: a piece that holds at its ends and middle holds.
    guard holds(start + (end - 1 - start) / 2) else { return nil }
    return (end, linear, linear ? first - start : first)
  }
}
