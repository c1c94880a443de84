/// Business days: deadlines counted in working days, with the calendar's versions.
///
/// The start moves into hours moment by moment (the first instant at or after it that is in a
/// working span of the version in force at that instant), as working time counts. The days
/// after it are those of the zone in force: a day starts at each midnight of the zone in
/// force at that instant, and it is a working day or not by the version in force at its start
/// (a version `from "DATE":` from that date on; one from an instant in the middle of a day,
/// from the next midnight in its zone on).
extension BusinessCalendar {
  /// The instant `days` business days after `start`: the same local time on the `days`-th
  /// working day after (a day with hours that is not a holiday), whatever that day's hours,
  /// at the first instant the clocks read it or a later time (a time they skip: when they
  /// jump past it; one they read twice: its first reading). A start outside working hours
  /// first moves to the next working span's start, as help desks start the clock.
  ///
  /// With versions: the local time is the start's in the zone in force then; each day after
  /// it is a working day or not by the version in force at its start (its hours and
  /// holidays); the deadline is read in the zone of its day's version.
  package func deadline(from start: Int64, days: Int) -> Int64 {
    let from = nextWorkingInstant(atOrAfter: start)
    var version = index(inForceAt: from)
    let zone = part(version).zone
    let local = from + zone.offset(at: from)
    var day = CivilTime.floorDiv(local, CivilTime.msPerDay)
    let timeOfDay = local - day * CivilTime.msPerDay
    for _ in 0..<days {
      // Without versions, straight through this calendar's own days.
      guard !versions.isEmpty else {
        day += 1
        while !isOwnWorkingDay(day) { day += 1 }
        continue
      }
      repeat {
        (version, day) = nextDay(after: day, of: version)
      } while !(version < 0
        ? isOwnWorkingDay(day) : versions[version].calendar.isOwnWorkingDay(day))
    }
    let reading = part(version).zone
    // Never before the start: with 0 days, from the second reading of a repeated time, the
    // first reading is earlier.
    return max(from, reading.firstInstant(reading: day * CivilTime.msPerDay + timeOfDay))
  }

  /// The day that starts after local `day` of version `index` (in its zone): the next
  /// midnight of the zone in force then, and the version in force at it.
  private func nextDay(after day: Int64, of index: Int) -> (version: Int, day: Int64) {
    var (version, next) = (index, day + 1)
    while version + 1 < versions.count,
      part(version).zone.firstInstant(reading: next * CivilTime.msPerDay)
        >= versions[version + 1].from
    {
      // The next version has taken effect: its first midnight at or after that instant.
      version += 1
      let taking = versions[version]
      next = taking.calendar.localDay(of: taking.from)
      if taking.calendar.zone.firstInstant(reading: next * CivilTime.msPerDay) < taking.from {
        next += 1
      }
    }
    return (version, next)
  }

  /// The index of the version in force at `instant`; -1 for this calendar's own parts.
  private func index(inForceAt instant: Int64) -> Int {
    var index = versions.count - 1
    while index >= 0 && versions[index].from > instant { index -= 1 }
    return index
  }

  /// Version `index`'s calendar; this one's own parts for -1.
  private func part(_ index: Int) -> BusinessCalendar {
    index < 0 ? self : versions[index].calendar
  }

  /// Whether `day` has hours and is not a holiday, by this calendar's own parts.
  private func isOwnWorkingDay(_ day: Int64) -> Bool {
    !holidays.contains(day) && !hours[Int(CivilTime.floorMod(day + 3, 7))].isEmpty
  }

  /// `instant` if it is in working hours of the version in force at it, else the first
  /// instant after it that is.
  private func nextWorkingInstant(atOrAfter instant: Int64) -> Int64 {
    var index = index(inForceAt: instant)
    var from = instant
    while true {
      let found = part(index).ownNextWorkingInstant(atOrAfter: from)
      // A working instant of this version's only while it is in force.
      guard index + 1 < versions.count, found >= versions[index + 1].from else { return found }
      index += 1
      from = versions[index].from
    }
  }

  /// `instant` if it is in working hours by this calendar's own parts, else the start of the
  /// next working span.
  private func ownNextWorkingInstant(atOrAfter instant: Int64) -> Int64 {
    var day = localDay(of: instant) - 1
    // A calendar has hours on some weekday; holidays can only close so many days in a row.
    for _ in 0..<(366 * 4) {
      defer { day += 1 }
      guard isOwnWorkingDay(day) else { continue }
      let midnight = day * CivilTime.msPerDay
      for interval in hours[Int(CivilTime.floorMod(day + 3, 7))] {
        let to = zone.firstInstant(reading: midnight + interval.end)
        let from = zone.firstInstant(reading: midnight + interval.start)
        // A span the spring-forward gap swallows (from == to) has no instant to start at.
        if to > instant && to > from { return max(instant, from) }
      }
    }
    return instant
  }
}
