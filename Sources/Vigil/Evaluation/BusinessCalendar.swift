/// A calendar of working time: hours per weekday in a zone's local time, and holidays. It
/// counts the working time between two instants, exactly to the millisecond: each working
/// interval of each local day is turned into instants by the zone's rules, so a day on
/// which the clocks change has its real length.
public struct BusinessCalendar: Sendable {
  /// The calendar's name, as reports show it.
  public let name: String
  let zone: ZoneRules
  /// Per weekday, Monday first: sorted, disjoint working intervals, in milliseconds of the
  /// local day (the end may be 24:00).
  let hours: [[(start: Int64, end: Int64)]]
  /// Holidays, as local days (days since 1970-01-01).
  let holidays: Set<Int64>

  /// The working time between `start` and `end` (0 when `end` is not after `start`).
  public func workingTime(from start: Int64, to end: Int64) -> Int64 {
    guard end > start else { return 0 }
    var total: Int64 = 0
    // A day either side: an instant's local day depends on its offset.
    var day = localDay(of: start) - 1
    let last = localDay(of: end) + 1
    while day <= last {
      defer { day += 1 }
      if holidays.contains(day) { continue }
      let midnight = day * CivilTime.msPerDay
      for interval in hours[Int(CivilTime.floorMod(day + 3, 7))] {
        let from = zone.instant(local: midnight + interval.start)
        let to = zone.instant(local: midnight + interval.end)
        let overlap = min(end, to) - max(start, from)
        if overlap > 0 { total += overlap }
      }
    }
    return total
  }

  /// The instant `days` business days after `start`: the same local time on the `days`-th
  /// working day after (a day with hours that is not a holiday). A start outside working
  /// hours first moves to the next working span's start, as help desks start the clock.
  public func deadline(from start: Int64, days: Int) -> Int64 {
    let from = nextWorkingInstant(atOrAfter: start)
    let local = from + zone.offset(at: from)
    var day = CivilTime.floorDiv(local, CivilTime.msPerDay)
    let timeOfDay = local - day * CivilTime.msPerDay
    for _ in 0..<days {
      day += 1
      while !isWorkingDay(day) { day += 1 }
    }
    return zone.instant(local: day * CivilTime.msPerDay + timeOfDay)
  }

  private func isWorkingDay(_ day: Int64) -> Bool {
    !holidays.contains(day) && !hours[Int(CivilTime.floorMod(day + 3, 7))].isEmpty
  }

  /// `instant` if it is in working hours, else the start of the next working span.
  private func nextWorkingInstant(atOrAfter instant: Int64) -> Int64 {
    var day = localDay(of: instant) - 1
    // A calendar has hours on some weekday; holidays can only close so many days in a row.
    for _ in 0..<(366 * 4) {
      defer { day += 1 }
      guard isWorkingDay(day) else { continue }
      let midnight = day * CivilTime.msPerDay
      for interval in hours[Int(CivilTime.floorMod(day + 3, 7))] {
        let to = zone.instant(local: midnight + interval.end)
        if to > instant { return max(instant, zone.instant(local: midnight + interval.start)) }
      }
    }
    return instant
  }

  private func localDay(of instant: Int64) -> Int64 {
    CivilTime.floorDiv(instant + zone.offset(at: instant), CivilTime.msPerDay)
  }
}

/// The calendar a record's time is counted in: the same for every record, or chosen by a
/// value of the record (`calendar team_hours by team:`).
struct CalendarChoice: Sendable {
  /// The name as the policy writes it after `in`.
  var name: String
  /// The calendar, when it is the same for every record.
  var fixed: BusinessCalendar?
  /// What chooses the calendar, and the calendar for each of its values.
  var selector: CheckedExpr?
  var byValue: [String: BusinessCalendar] = [:]
  /// The calendar for any other value (and for a missing one).
  var fallback: BusinessCalendar?
}
