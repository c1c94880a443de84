/// What reading a text as an ISO-8601 instant gave.
@usableFromInline package enum ISOTimeResult: Equatable, Sendable {
  /// An instant, in milliseconds since 1970-01-01T00:00:00Z.
  case time(Int64)
  /// A well-formed date, or date and time, that names no offset (`2026-11-25T10:00:00`,
  /// `2026-11-25`): a local time whose instant depends on a zone the text does not give.
  case missingOffset
  /// Not an ISO-8601 date and time, or one that cannot exist (`2026-02-29`, `24:00`).
  case invalid
}

/// Reading and writing ISO-8601 instants, on bytes, in exact milliseconds.
///
/// `@usableFromInline`, as every package type with `@inlinable` members: Swift 6.3 inlines
/// such a member into another module only when its type is (else each use is a call).
@usableFromInline package enum TimeParsing {
  /// Reads ISO-8601: `YYYY-MM-DD'T'HH:MM[:SS[.fraction]]` followed by `Z`, `z`, `±HH:MM`,
  /// `±HHMM` or `±HH`.
  ///
  /// The `T` may also be `t` or a single space. The fraction (after `.` or `,`) may have any
  /// number of digits; it is kept to the millisecond and further digits are truncated, not
  /// rounded (`.000999` is `.000`). A date and time without an offset, or a date alone
  /// (`YYYY-MM-DD`), is ``ISOTimeResult/missingOffset``. Anything else is
  /// ``ISOTimeResult/invalid``: a date that does not exist (month 13, April 31, February 29
  /// of a common year), hour 24, minute or second 60, offset hours above 23 or minutes
  /// above 59, trailing characters, an empty text.
  package static func parseISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> ISOTimeResult {
    if let instant = commonISO8601(bytes) { return .time(instant) }
    return generalISO8601(bytes)
  }

  /// Reads every ISO-8601 form `parseISO8601(_:)` accepts, one element at a time.
  package static func generalISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> ISOTimeResult {
    var cursor = TimeTextCursor(bytes)
    guard let days = cursor.isoDate() else { return .invalid }
    if cursor.isAtEnd { return .missingOffset }
    guard cursor.takeAny(TimeBytes.upperT, TimeBytes.lowerT, TimeBytes.space),
      let timeOfDay = cursor.isoTimeOfDay()
    else { return .invalid }
    if cursor.isAtEnd { return .missingOffset }
    guard let offset = cursor.utcOffset(lenient: false), cursor.isAtEnd else { return .invalid }
    return .time(days * CivilTime.msPerDay + timeOfDay - offset)
  }

  /// The common layout `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`, read at fixed offsets; nil
  /// for anything else (which the general reader then judges).
  @inlinable @inline(__always)
  package static func commonISO8601(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    guard let (instant, length) = commonISO8601Prefix(bytes), length == bytes.count else {
      return nil
    }
    return instant
  }

  /// `commonISO8601` of the bytes `bytes` starts with: the instant and how many bytes it
  /// took (up to its `Z` or offset), whatever follows. A reader that knows what must follow
  /// (a JSON string's closing quote) checks that byte, and has read the time without first
  /// looking for the text's end.
  ///
  /// Inlinable, so that the readers (in another module) read a time without a call.
  @inlinable @inline(__always)
  package static func commonISO8601Prefix(
    _ bytes: UnsafeBufferPointer<UInt8>
  ) -> (instant: Int64, length: Int)? {
    let count = bytes.count
    guard count >= 20, let base = bytes.baseAddress else { return nil }
    // The first nineteen bytes as three words, `YYYY-MM-`, `DDTHH:MM` and `HH:MM:SS`, each
    // xored with its layout: a digit becomes 0–9 and a separator in place 0. Adding 0x76 to
    // a digit's byte (0x7F to a separator's) sets its bit 7 when it was anything else, and
    // the byte itself has bit 7 when it was far from it: one test for all nineteen. A byte
    // carries into the next only when it is wrong already.
    let raw = UnsafeRawPointer(base)
    let date = raw.loadUnaligned(as: UInt64.self) ^ 0x2D30_302D_3030_3030
    let middle = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) ^ 0x3030_3A30_3054_3030
    let clock = raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self) ^ 0x3030_3A30_303A_3030
    let wrong =
      (date &+ 0x7F76_767F_7676_7676) | date | (middle &+ 0x7676_7F76_767F_7676) | middle
      | (clock &+ 0x7676_7F76_767F_7676) | clock
    // Each byte 0–9 times ten plus the next: the numbers of two digits (`"25"` → 25).
    let clockPairs = clock &* 10 &+ clock &>> 8
    // Hour below 24, minute and second below 60, at once: each pair (at most 99) plus 128
    // less its limit reaches bit 7 when it is out of range, and never carries.
    guard
      (wrong | (clockPairs &+ 0x0044_0000_4400_0068) & 0x0080_0000_8000_0080)
        & 0x8080_8080_8080_8080 == 0
    else { return nil }
    let datePairs = date &* 10 &+ date &>> 8
    let year = lane(datePairs, 0) &* 100 &+ lane(datePairs, 2)
    let month = lane(datePairs, 5)
    let day = lane(middle, 0) &* 10 &+ lane(middle, 1)
    guard
      let days = CivilTime.modernDays(year: year, month: month, day: day)
        ?? otherDays(year: year, month: month, day: day)
    else { return nil }
    var index = 19
    var millis = 0
    if base[19] == TimeBytes.dot {
      // Bytes past the end read as zero, which is no digit.
      let fraction = word(raw, count: count, at: 20) ^ 0x3030_3030_3030_3030
      let notDigits = (fraction &+ 0x7676_7676_7676_7676 | fraction) & 0x8080_8080_8080_8080
      guard notDigits & 0x80 == 0 else { return nil }
      let digits = notDigits.trailingZeroBitCount &>> 3  // 1–8
      // The first three digits (zeros after fewer), then each pair of them as a number.
      let kept = fraction & 0xFF_FFFF & ((notDigits & (0 &- notDigits)) &>> 7 &- 1)
      millis = Int(truncatingIfNeeded: (kept &* 10 &+ kept &>> 8) & 0xFF) &* 10 &+ lane(kept, 2)
      index = 20 &+ digits
      // Eight digits and maybe more: the rest (truncated) one by one.
      if digits == 8 {
        while index < count, base[index] &- TimeBytes.zero <= 9 { index &+= 1 }
      }
    }
    // `Z` or `±HH:MM`; bytes past the end read as zero, which matches neither.
    let zone = word(raw, count: count, at: index)
    let length: Int
    var offsetMinutes = 0
    if zone & 0xFF == UInt64(TimeBytes.upperZ) {
      length = index &+ 1
    } else {
      let sign = zone & 0xFF
      // `HH:MM` after the sign, checked as the clock is.
      let offset = (zone ^ 0x3030_3A30_3000) & 0xFFFF_FFFF_FF00
      let pairs = offset &* 10 &+ offset &>> 8
      guard sign == UInt64(TimeBytes.plus) || sign == UInt64(TimeBytes.minus),
        ((offset &+ 0x7676_7F76_7600) | offset | (pairs &+ 0x0044_0000_6800))
          & 0x8080_8080_8000 == 0
      else { return nil }
      offsetMinutes = lane(pairs, 1) &* 60 &+ lane(pairs, 4)
      if sign == UInt64(TimeBytes.minus) { offsetMinutes = 0 &- offsetMinutes }
      length = index &+ 6
    }
    // Days of years 0–9999 and the rest are far from overflowing.
    let minutes =
      days &* 1440
      &+ Int64(lane(clockPairs, 0) &* 60 &+ lane(clockPairs, 3) &- offsetMinutes)
    let seconds = minutes &* 60 &+ Int64(lane(clockPairs, 6))
    return (seconds &* 1000 &+ Int64(millis), length)
  }

  /// The days of a date outside the years ``CivilTime/modernDays(year:month:day:)`` counts,
  /// or nil when it does not exist or lies within them (then it did not exist there).
  @usableFromInline @inline(never)
  static func otherDays(year: Int, month: Int, day: Int) -> Int64? {
    guard year < 1901 || year > 2099, CivilTime.isValid(year: year, month: month, day: day)
    else { return nil }
    return CivilTime.daysFromCivil(year: year, month: month, day: day)
  }

  /// The eight bytes at `offset` (at least 12, at most `count`, which is at least 20), those
  /// past the end zero.
  @inlinable @inline(__always)
  static func word(_ base: UnsafeRawPointer, count: Int, at offset: Int) -> UInt64 {
    if offset &+ 8 <= count { return base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
    let start = count &- 8
    return base.loadUnaligned(fromByteOffset: start, as: UInt64.self)
      >> UInt64((offset &- start) &* 8)
  }

  /// Byte `index` of `word`, as a number.
  @inlinable @inline(__always)
  static func lane(_ word: UInt64, _ index: Int) -> Int {
    Int(truncatingIfNeeded: word >> UInt64(8 * index) & 0xFF)
  }

  /// Reads ISO-8601 from a string, exactly as the byte-buffer `parseISO8601(_:)` does.
  package static func parseISO8601(_ text: String) -> ISOTimeResult {
    var text = text
    return text.withUTF8 { parseISO8601($0) }
  }

  /// Writes an instant as ISO-8601 in UTC: `2026-11-25T00:00:00Z`, with `.123` only when
  /// the millisecond part is not zero.
  ///
  /// Years 0...9999 have four digits; later years are written `+12345`, earlier ones
  /// `-0001` (ISO-8601's expanded form, which `parseISO8601(_:)` does not read).
  package static func formatISO8601(_ ms: Int64) -> String {
    let days = CivilTime.floorDiv(ms, CivilTime.msPerDay)
    let timeOfDay = ms - days * CivilTime.msPerDay
    let date = CivilTime.civilFromDays(days)
    var out: [UInt8] = []
    out.reserveCapacity(24)
    appendYear(date.year, to: &out)
    out.append(TimeBytes.minus)
    appendPadded(Int64(date.month), width: 2, to: &out)
    out.append(TimeBytes.minus)
    appendPadded(Int64(date.day), width: 2, to: &out)
    out.append(TimeBytes.upperT)
    appendPadded(timeOfDay / CivilTime.msPerHour, width: 2, to: &out)
    out.append(TimeBytes.colon)
    appendPadded(timeOfDay / CivilTime.msPerMinute % 60, width: 2, to: &out)
    out.append(TimeBytes.colon)
    appendPadded(timeOfDay / 1000 % 60, width: 2, to: &out)
    if timeOfDay % 1000 != 0 {
      out.append(TimeBytes.dot)
      appendPadded(timeOfDay % 1000, width: 3, to: &out)
    }
    out.append(TimeBytes.upperZ)
    return String(decoding: out, as: UTF8.self)
  }

  private static func appendYear(_ year: Int, to out: inout [UInt8]) {
    if year < 0 {
      out.append(TimeBytes.minus)
    } else if year > 9999 {
      out.append(TimeBytes.plus)
    }
    appendPadded(Int64(year.magnitude), width: 4, to: &out)
  }

  /// Appends the decimal digits of `value` (≥ 0), zero-padded to at least `width`.
  package static func appendPadded(_ value: Int64, width: Int, to out: inout [UInt8]) {
    var digits: [UInt8] = []
    var rest = value
    repeat {
      digits.append(TimeBytes.zero + UInt8(rest % 10))
      rest /= 10
    } while rest > 0
    for _ in digits.count..<max(width, digits.count) { out.append(TimeBytes.zero) }
    out.append(contentsOf: digits.reversed())
  }
}

/// The ASCII bytes the time readers look for.
///
/// `@usableFromInline`, as every package type with `@inlinable` members: Swift 6.3 inlines
/// such a member into another module only when its type is (else each use is a call).
@usableFromInline package enum TimeBytes {
  @inlinable package static var zero: UInt8 { UInt8(ascii: "0") }
  @inlinable package static var nine: UInt8 { UInt8(ascii: "9") }
  @inlinable package static var plus: UInt8 { UInt8(ascii: "+") }
  @inlinable package static var minus: UInt8 { UInt8(ascii: "-") }
  @inlinable package static var colon: UInt8 { UInt8(ascii: ":") }
  @inlinable package static var dot: UInt8 { UInt8(ascii: ".") }
  @inlinable package static var comma: UInt8 { UInt8(ascii: ",") }
  @inlinable package static var space: UInt8 { UInt8(ascii: " ") }
  @inlinable package static var quote: UInt8 { UInt8(ascii: "'") }
  @inlinable package static var upperT: UInt8 { UInt8(ascii: "T") }
  @inlinable package static var lowerT: UInt8 { UInt8(ascii: "t") }
  @inlinable package static var upperZ: UInt8 { UInt8(ascii: "Z") }
  @inlinable package static var lowerZ: UInt8 { UInt8(ascii: "z") }
  package static let utc = Array("utc".utf8)
  package static let gmt = Array("gmt".utf8)

  /// Whether `byte` is `0`...`9`.
  package static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }

  /// Whether `byte` is an ASCII letter.
  package static func isLetter(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
  }

  /// `byte` lowercased when it is an ASCII capital letter.
  package static func lowercased(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
  }
}

/// A read position in a byte buffer, with the small readers the time formats share.
/// Every reader returns nil (or false) when the text does not match; the position is then
/// unspecified, because callers give up on the whole text.
@usableFromInline package struct TimeTextCursor {
  package let bytes: UnsafeBufferPointer<UInt8>
  package var position = 0

  package init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// Whether every byte has been read.
  package var isAtEnd: Bool { position >= bytes.count }

  /// The next byte, if any.
  package var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  /// Consumes `byte` if it is next.
  package mutating func take(_ byte: UInt8) -> Bool {
    guard current == byte else { return false }
    position += 1
    return true
  }

  /// Consumes the next byte if it is one of the three given.
  package mutating func takeAny(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
    guard let byte = current, byte == a || byte == b || byte == c else { return false }
    position += 1
    return true
  }

  /// Consumes `word` (lowercase ASCII) if it is next, in any case.
  package mutating func takeCaseInsensitive(_ word: [UInt8]) -> Bool {
    guard bytes.count - position >= word.count else { return false }
    for (index, byte) in word.enumerated()
    where TimeBytes.lowercased(bytes[position + index]) != byte {
      return false
    }
    position += word.count
    return true
  }

  /// Reads `min`...`max` decimal digits, as many as there are; nil when fewer than `min`.
  package mutating func digits(min: Int, max: Int) -> Int? {
    var value = 0
    var count = 0
    while count < max, let byte = current, TimeBytes.isDigit(byte) {
      value = value * 10 + Int(byte - TimeBytes.zero)
      count += 1
      position += 1
    }
    return count >= min ? value : nil
  }

  /// Reads `min`...`max` fraction digits (any `max`) as milliseconds, truncating digits
  /// after the third: `5` is 500, `123456` is 123.
  package mutating func fractionMillis(min: Int, max: Int) -> Int64? {
    var millis: Int64 = 0
    var count = 0
    while count < max, let byte = current, TimeBytes.isDigit(byte) {
      if count < 3 { millis = millis * 10 + Int64(byte - TimeBytes.zero) }
      count += 1
      position += 1
    }
    guard count >= min else { return nil }
    for _ in Swift.min(count, 3)..<3 { millis *= 10 }
    return millis
  }

  /// Reads a UTC offset in milliseconds: `Z`, `z`, `±HH`, `±HHMM` or `±HH:MM`, hours at most
  /// 23 and minutes at most 59. `lenient` also takes `UTC` and `GMT` (alone or before a
  /// signed offset) and one-digit hours (`GMT+8`).
  package mutating func utcOffset(lenient: Bool) -> Int64? {
    if take(TimeBytes.upperZ) || take(TimeBytes.lowerZ) { return 0 }
    if lenient, takeCaseInsensitive(TimeBytes.utc) || takeCaseInsensitive(TimeBytes.gmt) {
      guard current == TimeBytes.plus || current == TimeBytes.minus else { return 0 }
    }
    guard let sign = current, sign == TimeBytes.plus || sign == TimeBytes.minus else { return nil }
    position += 1
    guard let hours = digits(min: lenient ? 1 : 2, max: 2), hours <= 23 else { return nil }
    var minutes = 0
    if take(TimeBytes.colon) || current.map(TimeBytes.isDigit) == true {
      guard let value = digits(min: 2, max: 2), value <= 59 else { return nil }
      minutes = value
    }
    let magnitude = Int64(hours) * CivilTime.msPerHour + Int64(minutes) * CivilTime.msPerMinute
    return sign == TimeBytes.minus ? -magnitude : magnitude
  }

  /// Reads `YYYY-MM-DD` as days since 1970-01-01; nil unless the date exists.
  package mutating func isoDate() -> Int64? {
    guard let year = digits(min: 4, max: 4), take(TimeBytes.minus),
      let month = digits(min: 2, max: 2), take(TimeBytes.minus),
      let day = digits(min: 2, max: 2),
      CivilTime.isValid(year: year, month: month, day: day)
    else { return nil }
    return CivilTime.daysFromCivil(year: year, month: month, day: day)
  }

  /// Reads `HH:MM[:SS[.fraction]]` as milliseconds since midnight.
  package mutating func isoTimeOfDay() -> Int64? {
    guard let hour = digits(min: 2, max: 2), hour <= 23, take(TimeBytes.colon),
      let minute = digits(min: 2, max: 2), minute <= 59
    else { return nil }
    var second = 0
    var millis: Int64 = 0
    if take(TimeBytes.colon) {
      guard let value = digits(min: 2, max: 2), value <= 59 else { return nil }
      second = value
      if take(TimeBytes.dot) || take(TimeBytes.comma) {
        guard let value = fractionMillis(min: 1, max: .max) else { return nil }
        millis = value
      }
    }
    return Int64(hour) * CivilTime.msPerHour + Int64(minute) * CivilTime.msPerMinute
      + Int64(second) * 1000 + millis
  }
}
