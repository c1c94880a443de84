import Foundation

/// A plain, slow reading of a calendar, independent of Vigil's `BusinessCalendar` and
/// `ZoneRules`, to check them against: it steps through time a minute at a time and asks
/// Foundation's `TimeZone` for the offset.
///
/// The rule it implements (Grammar.md, "Spans when the clocks change"): a span runs from
/// the first instant the clocks read its start to the first instant they read its end or a
/// later time. So an instant is working time when the latest time the clocks have read so
/// far — their reading, except that after they go back it stays at the last reading before
/// until they catch up — is in a span of a working day. Spans, clock changes and offsets
/// are whole minutes, so whether an instant is working time only changes at whole minutes.
struct ReferenceCalendar {
  static let minute: Int64 = 60_000
  static let hour: Int64 = 3_600_000
  static let day: Int64 = 86_400_000

  let zone: TimeZone
  /// Per weekday, Monday first: spans as minutes of the day (the end may be 1440).
  let spans: [[(start: Int64, end: Int64)]]
  /// Holidays, as days since 1970-01-01 of the local calendar.
  let holidays: Set<Int64>
  private let gregorian: Calendar

  /// `spans` per weekday as `"HH:MM-HH:MM"`; `holidays` as `"YYYY-MM-DD"`.
  init(zone identifier: String, spans: [[String]], holidays: [String]) {
    // INVARIANT: the test's zones are all known to Foundation.
    zone = TimeZone(identifier: identifier)!
    var gregorian = Calendar(identifier: .gregorian)
    gregorian.timeZone = TimeZone(identifier: "UTC")!
    self.gregorian = gregorian
    self.spans = spans.map { day in
      day.map { text in
        let numbers = text.split(whereSeparator: { $0 == ":" || $0 == "-" }).map { Int64($0)! }
        return (numbers[0] * 60 + numbers[1], numbers[2] * 60 + numbers[3])
      }
    }
    self.holidays = Set(
      holidays.map { text in
        let parts = text.split(separator: "-").map { Int($0)! }
        let date = gregorian.date(
          from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        return Int64(date.timeIntervalSince1970) / 86_400
      })
  }

  /// The zone's offset at `instant`, in milliseconds.
  func offset(_ instant: Int64) -> Int64 {
    Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant) / 1000))) * 1000
  }

  /// Monday 0 … Sunday 6, by Foundation's calendar.
  func weekday(_ day: Int64) -> Int {
    let date = Date(timeIntervalSince1970: Double(day) * 86_400)
    return (gregorian.component(.weekday, from: date) + 5) % 7
  }

  /// The working time from `start` to `end`, in milliseconds.
  func workingTime(from start: Int64, to end: Int64) -> Int64 {
    guard end > start else { return 0 }
    var total: Int64 = 0
    var walk = Walk(self, from: start)
    while walk.cell < end {
      if walk.isWorking() {
        total += max(0, min(end, walk.cell + Self.minute) - max(start, walk.cell))
      }
      walk.advance()
    }
    return total
  }

  /// The instant `days` business days after `start`: the start moved to the first working
  /// instant at or after it; its local time (as the clocks read it) on the `days`-th day with
  /// hours that is not a holiday; the first instant the clocks have read that time by.
  func deadline(from start: Int64, days: Int) -> Int64 {
    var walk = Walk(self, from: start)
    while !walk.isWorking() { walk.advance() }
    let from = max(start, walk.cell)
    let local = from + offset(from)
    var day = floorDiv(local, Self.day)
    let timeOfDay = local - day * Self.day
    for _ in 0..<days {
      day += 1
      while holidays.contains(day) || spans[weekday(day)].isEmpty { day += 1 }
    }
    let target = day * Self.day + timeOfDay
    // The first instant whose reading (or an earlier one) is at or past the target.
    while true {
      if walk.latest >= target { return walk.cell }
      let reading = walk.cell + walk.offset
      if reading + Self.minute - 1 >= target { return walk.cell + max(0, target - reading) }
      walk.advance()
    }
  }

  /// Minute by minute through time, with the latest reading of the clocks so far.
  struct Walk {
    let calendar: ReferenceCalendar
    /// The minute being looked at (its first instant).
    var cell: Int64
    /// The clocks' offset during it.
    var offset: Int64 = 0
    /// The latest reading of the clocks before this minute.
    var latest: Int64 = .min
    private var hourStart: Int64 = .min
    private var hourOffset: Int64 = 0
    private var hourIsSteady = false
    /// The spans of the local day `spansDay` (none on a holiday).
    private var spansDay: Int64 = .min
    private var daySpans: [(start: Int64, end: Int64)] = []

    /// Starts at the minute of `instant`, having read the clocks for the four hours before
    /// (longer than any turning back of the clocks in the zones tested).
    init(_ calendar: ReferenceCalendar, from instant: Int64) {
      self.calendar = calendar
      cell = floorDiv(instant, ReferenceCalendar.minute) * ReferenceCalendar.minute
      let first = cell
      cell -= 4 * ReferenceCalendar.hour
      readOffset()
      while cell < first { advance() }
    }

    /// Whether the latest reading, this minute included, is in a span of a working day.
    mutating func isWorking() -> Bool {
      let reading = max(latest, cell + offset)
      let day = floorDiv(reading, ReferenceCalendar.day)
      if day != spansDay {
        spansDay = day
        daySpans = calendar.holidays.contains(day) ? [] : calendar.spans[calendar.weekday(day)]
      }
      let minuteOfDay = (reading - day * ReferenceCalendar.day) / ReferenceCalendar.minute
      return daySpans.contains { $0.start <= minuteOfDay && minuteOfDay < $0.end }
    }

    mutating func advance() {
      latest = max(latest, cell + offset + ReferenceCalendar.minute - 1)
      cell += ReferenceCalendar.minute
      readOffset()
    }

    /// The offset of this minute: asked once an hour when it is the same at both ends of
    /// the hour, else every minute.
    private mutating func readOffset() {
      let hour = floorDiv(cell, ReferenceCalendar.hour) * ReferenceCalendar.hour
      if hour != hourStart {
        hourStart = hour
        hourOffset = calendar.offset(hour)
        hourIsSteady = hourOffset == calendar.offset(hour + ReferenceCalendar.hour - 1)
      }
      offset = hourIsSteady ? hourOffset : calendar.offset(cell)
    }
  }
}

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
  a >= 0 ? a / b : -((-a + b - 1) / b)
}
