/// Time parsing: ISO-8601 instants, `time(…)` patterns, zones.
///
/// The first byte picks what the rest is:
/// - 0: a text read as ISO-8601. The byte and string readers agree; the fast reader of the
///   common layout agrees with the general one; an instant read formats to a text that reads
///   back to the same instant.
/// - 1: a pattern, a line feed, a text: the pattern compiles or is refused with a message, and
///   reading the text (in UTC and in New York) does not crash and agrees between bytes and
///   string.
/// - 2: eight bytes of an instant in years 0–9999: its ISO text reads back to it, as ISO and
///   through the pattern `yyyy-MM-dd'T'HH:mm:ss[.SSS]X`; its New York local time converts
///   back to an instant that shows the same local time.
enum TimeTarget {
  static let newYork = ZoneRules(identifier: "America/New_York") ?? .utc
  static let plain = try? TimePattern("yyyy-MM-dd'T'HH:mm:ssX")
  static let fraction = try? TimePattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
  static let earliest = CivilTime.daysFromCivil(year: 0, month: 1, day: 1) * CivilTime.msPerDay
  static let latest = CivilTime.daysFromCivil(year: 10_000, month: 1, day: 1) * CivilTime.msPerDay

  static func run(_ bytes: UnsafeRawBufferPointer) {
    _ = (newYork, plain, fraction)
    guard let mode = bytes.first else { return }
    let rest = Array(bytes.dropFirst())
    switch mode % 3 {
    case 0: iso(rest)
    case 1: pattern(rest)
    default: instant(rest)
    }
  }

  static func iso(_ bytes: [UInt8]) {
    let result = bytes.withUnsafeBufferPointer { TimeParsing.parseISO8601($0) }
    guard TimeParsing.parseISO8601(text(bytes)) == result || !isValidUTF8(bytes) else {
      fail("the string and byte ISO readers differ on \(bytes)")
    }
    if let fast = bytes.withUnsafeBufferPointer({ TimeParsing.commonISO8601($0) }) {
      let general = bytes.withUnsafeBufferPointer { TimeParsing.generalISO8601($0) }
      guard general == .time(fast) else {
        fail("the common layout reads \(fast), the general reader \(general): '\(text(bytes))'")
      }
    }
    _ = TimeParsing.startOfDay(text(bytes))
    if case .time(let instant) = result, instant >= earliest, instant < latest {
      roundTrip(instant)
    }
  }

  static func pattern(_ bytes: [UInt8]) {
    let parts = bytes.split(separator: 10, maxSplits: 1, omittingEmptySubsequences: false)
    let pattern: TimePattern
    do {
      pattern = try TimePattern(text(parts[0]))
    } catch {
      guard !error.message.isEmpty else { fail("a pattern refused without a message") }
      return
    }
    let value = parts.count > 1 ? Array(parts[1]) : []
    for zone in [ZoneRules.utc, newYork] {
      let read = value.withUnsafeBufferPointer { pattern.parse($0, zone: zone) }
      guard !isValidUTF8(value) || pattern.parse(text(value), zone: zone) == read else {
        fail("the string and byte pattern readers differ")
      }
    }
  }

  static func instant(_ bytes: [UInt8]) {
    guard bytes.count >= 8 else { return }
    var raw: UInt64 = 0
    for byte in bytes.prefix(8) { raw = raw << 8 | UInt64(byte) }
    let instant = earliest + Int64(raw % UInt64(latest - earliest))
    roundTrip(instant)
    let local = instant + newYork.offset(at: instant)
    let back = newYork.instant(local: local)
    guard back + newYork.offset(at: back) == local else {
      fail("New York local time \(local) of \(instant) converts back to \(back)")
    }
  }

  /// The instant's ISO text reads back to it, as ISO and through a pattern.
  static func roundTrip(_ instant: Int64) {
    let written = TimeParsing.formatISO8601(instant)
    guard TimeParsing.parseISO8601(written) == .time(instant) else {
      fail("\(instant) is written \(written), which reads \(TimeParsing.parseISO8601(written))")
    }
    let pattern = instant % 1000 == 0 ? plain : fraction
    guard let pattern, pattern.parse(written, zone: .utc) == instant else {
      fail("\(written) read through a pattern is not \(instant)")
    }
  }

  static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    String(validating: bytes, as: UTF8.self) != nil
  }
}
