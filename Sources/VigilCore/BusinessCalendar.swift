/// A calendar of working time: hours per weekday in a zone's local time, and holidays. It
/// counts the working time between two instants, exactly to the millisecond: each working
/// interval of each local day is turned into instants by the zone's rules, so a day on
/// which the clocks change has its real length.
///
/// A span's edges are wall-clock times: a span runs from the first instant the zone's clocks
/// read its start to the first instant they read its end or a later time (half-open). A
/// span the spring-forward gap cuts is shorter (an edge in the gap is the instant the clocks
/// jump past it); one that holds the end of the autumn repeat is longer (an edge read twice
/// is its first reading).
package struct BusinessCalendar: Sendable {
  /// The calendar's name, as reports show it.
  package let name: String
  package let zone: ZoneRules
  /// Per weekday, Monday first: sorted, disjoint working intervals, in milliseconds of the
  /// local day (the end may be 24:00).
  package let hours: [[(start: Int64, end: Int64)]]
  /// Holidays, as local days (days since 1970-01-01).
  package let holidays: Set<Int64>
  /// The versions that take the calendar's place from an instant on (`from "2027-01-01":`),
  /// in the order they take effect, each a calendar of its own (with no versions): this
  /// calendar's hours, zone and holidays are in force until the first of them.
  package var versions: [(from: Int64, calendar: BusinessCalendar)] = []

  /// The working time between `start` and `end` (0 when `end` is not after `start`), each
  /// moment counted by the version in force at it.
  package func workingTime(from start: Int64, to end: Int64) -> Int64 {
    guard let first = versions.first else { return ownWorkingTime(from: start, to: end) }
    guard end > start else { return 0 }
    var total = ownWorkingTime(from: start, to: min(end, first.from))
    for (index, version) in versions.enumerated() {
      let until = index + 1 < versions.count ? versions[index + 1].from : end
      total += version.calendar.ownWorkingTime(from: max(start, version.from), to: min(end, until))
    }
    return total
  }

  /// The working time between `start` and `end` by this calendar's own hours, zone and
  /// holidays (not its versions').
  ///
  /// The days that lie wholly inside the interval are summed by weeks: a week's hours, less
  /// the holidays' hours, corrected on the few days the clocks change. The days at either
  /// end are counted one by one, clipped to the interval.
  private func ownWorkingTime(from start: Int64, to end: Int64) -> Int64 {
    guard end > start else { return 0 }
    // A day either side: an instant's local day depends on its offset.
    let (first, last) = (localDay(of: start) - 1, localDay(of: end) + 1)
    // Days from `first + 4` to `last - 4` have all their hours inside the interval, whatever
    // the offsets (even a zone that skipped a whole day).
    let (inner, innerLast) = (first + 4, last - 4)
    guard innerLast - inner >= 14,
      let changes = zone.changes(
        from: (inner - 2) * CivilTime.msPerDay, through: (innerLast + 3) * CivilTime.msPerDay)
    else { return clipped(days: first...last, from: start, to: end) }
    return clipped(days: first...(inner - 1), from: start, to: end)
      + wholeDays(inner...innerLast, changes: changes)
      + clipped(days: (innerLast + 1)...last, from: start, to: end)
  }

  /// The working time of `days`, each counted by the zone's rules, clipped to the interval
  /// from `start` to `end`.
  package func clipped(days: ClosedRange<Int64>, from start: Int64, to end: Int64) -> Int64 {
    var total: Int64 = 0
    for day in days where !holidays.contains(day) {
      let midnight = day * CivilTime.msPerDay
      for interval in hours[Int(CivilTime.floorMod(day + 3, 7))] {
        let from = zone.firstInstant(reading: midnight + interval.start)
        let to = zone.firstInstant(reading: midnight + interval.end)
        let overlap = min(end, to) - max(start, from)
        if overlap > 0 { total += overlap }
      }
    }
    return total
  }

  /// The working time of whole local `days`: their weekdays' hours, less the holidays', with
  /// the real length of each day near a change of the clocks (`changes`, the instants of the
  /// offset changes around them).
  private func wholeDays(_ days: ClosedRange<Int64>, changes: [Int64]) -> Int64 {
    let nominal = hours.map { $0.reduce(Int64(0)) { $0 + $1.end - $1.start } }
    let count = days.upperBound - days.lowerBound + 1
    var total = count / 7 * nominal.reduce(0, +)
    var day = days.upperBound - count % 7 + 1
    while day <= days.upperBound {
      total += nominal[Int(CivilTime.floorMod(day + 3, 7))]
      day += 1
    }
    for day in holidays where days.contains(day) {
      total -= nominal[Int(CivilTime.floorMod(day + 3, 7))]
    }
    // A day within a day of a change may have hours of another length.
    var irregular: Set<Int64> = []
    for change in changes {
      let day = CivilTime.floorDiv(change, CivilTime.msPerDay)
      for near in (day - 2)...(day + 2) where days.contains(near) && !holidays.contains(near) {
        irregular.insert(near)
      }
    }
    for day in irregular {
      let real = clipped(days: day...day, from: .min, to: .max)
      total += real - nominal[Int(CivilTime.floorMod(day + 3, 7))]
    }
    return total
  }

  /// The local day (days since 1970-01-01) of `instant` in this calendar's own zone.
  func localDay(of instant: Int64) -> Int64 {
    CivilTime.floorDiv(instant + zone.offset(at: instant), CivilTime.msPerDay)
  }

  /// Makes one from its parts.
  package init(
    name: String, zone: ZoneRules, hours: [[(start: Int64, end: Int64)]], holidays: Set<Int64>
  ) {
    self.name = name
    self.zone = zone
    self.hours = hours
    self.holidays = holidays
  }
}
