import Foundation

/// The rules of a time zone: its offset from UTC at any instant, and the instant of any
/// local wall-clock time.
///
/// The rules come from Foundation's `TimeZone` (the IANA database), read once when the value
/// is made: every offset change up to the year 2200 is kept in a sorted table, so converting
/// a time costs a binary search and no call into Foundation. Later instants, in zones that
/// still change their clocks then, ask Foundation each time; past 2600 they are first moved
/// back by whole 400-year Gregorian cycles (after which dates fall on the same weekdays, so
/// a zone's yearly rule repeats exactly). Times are exact milliseconds.
package struct ZoneRules: Sendable, Equatable {
  /// The zone's name as given (`"America/New_York"`, `"UTC"`).
  package let identifier: String
  private let table: ZoneTable

  /// The rules of the IANA zone named `identifier` (`"America/New_York"`, `"Europe/Rome"`,
  /// `"UTC"`); nil when Foundation does not know the name.
  package init?(identifier: String) {
    guard let timeZone = TimeZone(identifier: identifier) else { return nil }
    self.identifier = identifier
    self.table = ZoneTable(timeZone)
  }

  private init(identifier: String, fixedOffset: Int64) {
    self.identifier = identifier
    self.table = ZoneTable(fixedOffset: fixedOffset)
  }

  /// Coordinated Universal Time: offset zero, always.
  package static let utc = ZoneRules(identifier: "UTC", fixedOffset: 0)

  /// Two rules are equal when they name the same zone.
  package static func == (lhs: ZoneRules, rhs: ZoneRules) -> Bool {
    lhs.identifier == rhs.identifier
  }

  /// The instant of a local wall-clock time, given as milliseconds of the local "civil"
  /// epoch (`CivilTime.daysFromCivil(...) * 86_400_000` plus the time of day).
  ///
  /// A local time that occurs twice, because the clocks went back, takes the earlier
  /// offset: its first occurrence, the earlier instant. A local time skipped because the
  /// clocks went forward is moved forward by the length of the gap, as java.time does:
  /// 02:30 on the US spring-forward day in New York is 03:30 EDT (07:30Z).
  package func instant(local: Int64) -> Int64 {
    table.instant(local: local, skipped: .movedByGap)
  }

  /// The first instant at which the zone's clocks read the local time `local` or a later
  /// one: the instant of `local` when the clocks show it (its first occurrence when they
  /// show it twice, because they went back), and for a local time they skip, the instant
  /// they jump past it — the start of the spring-forward gap.
  ///
  /// Calendar spans are cut at these instants: a span from 02:30 to 03:30 on the day Rome's
  /// clocks go from 02:00 to 03:00 starts when they jump (01:00Z) and lasts half an hour.
  package func firstInstant(reading local: Int64) -> Int64 {
    table.instant(local: local, skipped: .changeInstant)
  }

  /// The zone's offset from UTC at `instant`, in milliseconds (east positive).
  package func offset(at instant: Int64) -> Int64 {
    table.offset(at: instant)
  }

  /// The instants in `from...through` at which the offset changes, ascending; nil when the
  /// range reaches past the table (the year 2200) in a zone that still changes its clocks.
  package func changes(from: Int64, through: Int64) -> [Int64]? {
    table.changes(from: from, through: through)
  }
}

/// Where a local time that the clocks skip is put.
private enum SkippedTime {
  /// Later by the length of the gap, as java.time does (02:30 in a 02:00-03:00 gap is 03:30).
  case movedByGap
  /// At the instant the clocks jump past it (02:30 in a 02:00-03:00 gap is 03:00).
  case changeInstant
}

/// A zone's offset changes as a sorted table, plus Foundation for instants beyond it.
private final class ZoneTable: Sendable {
  /// How far from a local time its instant can be: more than any UTC offset ever used.
  static let window: Int64 = 26 * CivilTime.msPerHour
  /// The table holds the changes before 2200-01-01T00:00:00Z.
  static let horizonSeconds: TimeInterval = 7_258_118_400
  /// Where the search for the first change starts, long before any zone existed.
  static let originSeconds: TimeInterval = -1e12
  /// A bound on the changes of one zone, in case Foundation ever stops advancing.
  static let maximumChanges = 20_000
  /// 400 Gregorian years, a whole number of weeks.
  static let cycle: Int64 = 146_097 * CivilTime.msPerDay

  /// The instants at which the offset changes, ascending.
  let changes: [Int64]
  /// `offsets[k]` is the offset in effect from `changes[k]` until the next change.
  let offsets: [Int64]
  /// The offset before the first change.
  let initialOffset: Int64
  /// The table is complete for instants before this one; `.max` when it is complete for all.
  let horizon: Int64
  /// Asked for instants at or after `horizon`; nil for a fixed offset.
  let timeZone: TimeZone?

  init(fixedOffset: Int64) {
    changes = []
    offsets = []
    initialOffset = fixedOffset
    horizon = .max
    timeZone = nil
  }

  init(_ timeZone: TimeZone) {
    var changes: [Int64] = []
    var offsets: [Int64] = []
    let end = Date(timeIntervalSince1970: Self.horizonSeconds)
    var cursor = Date(timeIntervalSince1970: Self.originSeconds)
    let initialOffset = Self.offset(of: timeZone, at: cursor)
    var beyondEnd = false
    while changes.count < Self.maximumChanges,
      let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next > cursor
    {
      if next >= end {
        beyondEnd = true
        break
      }
      let offset = Self.offset(of: timeZone, at: next)
      if offset != (offsets.last ?? initialOffset) {
        changes.append(Self.milliseconds(next))
        offsets.append(offset)
      }
      cursor = next
    }
    self.changes = changes
    self.offsets = offsets
    self.initialOffset = initialOffset
    self.horizon = beyondEnd ? Self.milliseconds(end) : .max
    self.timeZone = timeZone
  }

  func offset(at instant: Int64) -> Int64 {
    guard instant < horizon || horizon == .max else {
      return foundationOffset(at: Self.folded(instant, above: horizon).value)
    }
    return offsetBefore(firstChange(after: instant))
  }

  func instant(local: Int64, skipped: SkippedTime) -> Int64 {
    let high = saturating(local, minus: -Self.window)
    guard high < horizon || horizon == .max else {
      let (folded, shift) = Self.folded(local, above: saturating(horizon, minus: -Self.window))
      return saturating(foundationInstant(local: folded, skipped: skipped), minus: -shift)
    }
    let low = saturating(local, minus: Self.window)
    let first = firstChange(after: low)
    let end = firstChange(after: high)
    if first == end {
      return saturating(local, minus: offsetBefore(first))
    }
    return Self.resolve(
      local: local, startOffset: offsetBefore(first),
      changes: changes[first..<end], offsets: offsets[first..<end], skipped: skipped)
  }

  func changes(from: Int64, through: Int64) -> [Int64]? {
    guard through < horizon || horizon == .max else { return nil }
    var index = firstChange(after: from - 1)
    var found: [Int64] = []
    while index < changes.count && changes[index] <= through {
      found.append(changes[index])
      index += 1
    }
    return found
  }

  /// The index of the first change after `instant` (the count when there is none).
  private func firstChange(after instant: Int64) -> Int {
    var low = 0
    var high = changes.count
    while low < high {
      let middle = (low + high) / 2
      if changes[middle] <= instant {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low
  }

  /// The offset in effect just before `changes[index]`.
  private func offsetBefore(_ index: Int) -> Int64 {
    index == 0 ? initialOffset : offsets[index - 1]
  }

  /// Resolves a local time near the changes given (those within `window` of it), where
  /// `startOffset` is in effect before the first of them.
  private static func resolve(
    local: Int64, startOffset: Int64, changes: ArraySlice<Int64>, offsets: ArraySlice<Int64>,
    skipped: SkippedTime
  ) -> Int64 {
    func offset(at instant: Int64) -> Int64 {
      var result = startOffset
      for (change, offset) in zip(changes, offsets) where change <= instant {
        result = offset
      }
      return result
    }
    // Every offset in effect near `local` is a candidate; the earliest consistent instant wins.
    var earliest = Int64.max
    func consider(_ candidate: Int64) {
      let instant = saturating(local, minus: candidate)
      if offset(at: instant) == candidate { earliest = min(earliest, instant) }
    }
    consider(startOffset)
    for candidate in offsets { consider(candidate) }
    if earliest != .max { return earliest }
    // No instant shows this local time: it is in a gap, and moves forward by the gap (or
    // to the gap's start).
    var before = startOffset
    for (change, after) in zip(changes, offsets) {
      if after > before && change + before <= local && local < change + after {
        return skipped == .movedByGap ? saturating(local, minus: before) : change
      }
      before = after
    }
    return saturating(local, minus: startOffset)
  }

  private func foundationOffset(at instant: Int64) -> Int64 {
    guard let timeZone else { return initialOffset }
    return Self.offset(of: timeZone, at: Self.date(instant))
  }

  /// `value` moved back by whole cycles into `base..<base + cycle`, and how far it moved;
  /// values below `base + cycle` stay.
  private static func folded(_ value: Int64, above base: Int64) -> (value: Int64, shift: Int64) {
    guard base < .max - cycle, value >= base + cycle else { return (value, 0) }
    let shift = (value - base) / cycle * cycle
    return (value - shift, shift)
  }

  private func foundationInstant(local: Int64, skipped: SkippedTime) -> Int64 {
    guard let timeZone else { return saturating(local, minus: initialOffset) }
    let low = saturating(local, minus: Self.window)
    let high = saturating(local, minus: -Self.window)
    let startOffset = Self.offset(of: timeZone, at: Self.date(low))
    var changes: [Int64] = []
    var offsets: [Int64] = []
    var cursor = Self.date(low)
    while changes.count < 8, let next = timeZone.nextDaylightSavingTimeTransition(after: cursor),
      next > cursor, Self.milliseconds(next) <= high
    {
      changes.append(Self.milliseconds(next))
      offsets.append(Self.offset(of: timeZone, at: next))
      cursor = next
    }
    return Self.resolve(
      local: local, startOffset: startOffset, changes: changes[...], offsets: offsets[...],
      skipped: skipped)
  }

  private static func offset(of timeZone: TimeZone, at date: Date) -> Int64 {
    Int64(timeZone.secondsFromGMT(for: date)) * 1000
  }

  // Foundation counts seconds in a Double; the instants it reports are whole seconds, far
  // inside the Double's exact range, so rounding recovers them exactly.
  private static func milliseconds(_ date: Date) -> Int64 {
    let value = (date.timeIntervalSince1970 * 1000).rounded()
    guard value > -9.2e18 else { return .min }
    guard value < 9.2e18 else { return .max }
    return Int64(value)
  }

  private static func date(_ instant: Int64) -> Date {
    Date(timeIntervalSince1970: TimeInterval(instant) / 1000)
  }
}

/// `value - amount`, clamped to the `Int64` range instead of trapping.
private func saturating(_ value: Int64, minus amount: Int64) -> Int64 {
  let (result, overflow) = value.subtractingReportingOverflow(amount)
  guard overflow else { return result }
  return amount > 0 ? .min : .max
}
