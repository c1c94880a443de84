import VigilCore

/// Calendars of hours edited in place between two versions of a policy set: a change of a
/// calendar's own hours, zone or holidays, or of a version it already had, re-grades every
/// state it measures, the past's too. A change written as a new version (`from "DATE":`) at
/// the end of the calendar's versions does not.
extension PolicySet {
  /// The names of the calendars that `self` and `old` both have and that differ other than
  /// by versions added after `old`'s last, sorted.
  package func calendarsEditedInPlace(since old: PolicySet) -> [String] {
    checked.calendars.keys.sorted().filter { name in
      guard let before = old.checked.calendars[name], let after = checked.calendars[name] else {
        return false
      }
      return !Self.keeps(before, in: after)
    }
  }

  /// Whether `after` is `before` with versions added at the end (or nothing changed).
  private static func keeps(_ before: BusinessCalendar, in after: BusinessCalendar) -> Bool {
    guard after.versions.count >= before.versions.count, sameOwnParts(before, after) else {
      return false
    }
    return zip(before.versions, after.versions).allSatisfy { old, new in
      old.from == new.from && sameOwnParts(old.calendar, new.calendar)
    }
  }

  /// Whether two calendars have the same zone, hours and holidays (not counting versions).
  private static func sameOwnParts(_ a: BusinessCalendar, _ b: BusinessCalendar) -> Bool {
    a.zone.identifier == b.zone.identifier && a.holidays == b.holidays
      && a.hours.count == b.hours.count
      && zip(a.hours, b.hours).allSatisfy { x, y in
        x.count == y.count && zip(x, y).allSatisfy { $0.start == $1.start && $0.end == $1.end }
      }
  }
}
