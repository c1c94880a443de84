/// What reading a text as an ISO-8601 instant gave.
package enum ISOTimeResult: Equatable, Sendable {
  /// An instant, in milliseconds since 1970-01-01T00:00:00Z.
  case time(Int64)
  /// A well-formed date, or date and time, that names no offset (`2026-11-25T10:00:00`,
  /// `2026-11-25`): a local time whose instant depends on a zone the text does not give.
  case missingOffset
  /// Not an ISO-8601 date and time, or one that cannot exist (`2026-02-29`, `24:00`).
  case invalid
}

/// Reading and writing ISO-8601 instants, on bytes, in exact milliseconds.
package enum TimeParsing {
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
  @inline(__always)
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
  @inline(__always)
  package static func commonISO8601Prefix(
    _ bytes: UnsafeBufferPointer<UInt8>
  ) -> (instant: Int64, length: Int)? {
    guard bytes.count >= 20, let base = bytes.baseAddress else { return nil }
    // The first nineteen bytes as three words, `YYYY-MM-`, `DD` `T` and `HH:MM:SS`, each
    // checked at once: the separators in place and the digits digits.
    let raw = UnsafeRawPointer(base)
    let date = raw.loadUnaligned(as: UInt64.self)
    let dayWord = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    let clock = raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self)
    guard date & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000,
      dayWord & 0xFF_0000 == 0x54_0000,
      clock & 0x0000_FF00_00FF_0000 == 0x0000_3A00_003A_0000,
      let datePairs = digitPairs(date, lanes: 0x00FF_FF00_FFFF_FFFF),
      let dayPairs = digitPairs(dayWord, lanes: 0xFFFF),
      let clockPairs = digitPairs(clock, lanes: 0xFFFF_00FF_FF00_FFFF)
    else { return nil }
    let year = lane(datePairs, 0) * 100 + lane(datePairs, 2)
    let month = lane(datePairs, 5)
    let day = lane(dayPairs, 0)
    let hour = lane(clockPairs, 0)
    let minute = lane(clockPairs, 3)
    let second = lane(clockPairs, 6)
    guard hour < 24, minute < 60, second < 60 else { return nil }
    let days: Int64
    if let modern = CivilTime.modernDays(year: year, month: month, day: day) {
      days = modern
    } else if year < 1901 || year > 2099, CivilTime.isValid(year: year, month: month, day: day) {
      days = CivilTime.daysFromCivil(year: year, month: month, day: day)
    } else {
      return nil
    }
    @inline(__always) func number(_ at: Int, _ count: Int) -> Int? {
      var value = 0
      for index in at..<(at + count) {
        let digit = Int(bytes[index]) &- 48
        guard digit >= 0 && digit <= 9 else { return nil }
        value = value &* 10 &+ digit
      }
      return value
    }
    var index = 19
    var millis: Int64 = 0
    if bytes[index] == TimeBytes.dot {
      index += 1
      var digits = 0
      while index < bytes.count, bytes[index] &- 48 <= 9 {
        if digits < 3 { millis = millis &* 10 &+ Int64(bytes[index] &- 48) }
        digits += 1
        index += 1
      }
      guard digits > 0 else { return nil }
      for _ in Swift.min(digits, 3)..<3 { millis *= 10 }
    }
    var offset: Int64 = 0
    let length: Int
    if index < bytes.count && bytes[index] == TimeBytes.upperZ {
      length = index + 1
    } else if index + 6 <= bytes.count, bytes[index + 3] == TimeBytes.colon,
      bytes[index] == TimeBytes.plus || bytes[index] == TimeBytes.minus,
      let hours = number(index + 1, 2), let minutes = number(index + 4, 2), hours < 24,
      minutes < 60
    {
      offset = Int64(hours * 60 + minutes) * CivilTime.msPerMinute
      if bytes[index] == TimeBytes.minus { offset = -offset }
      length = index + 6
    } else {
      return nil
    }
    let timeOfDay = Int64(hour * 3600 + minute * 60 + second) * 1000 + millis
    return (days * CivilTime.msPerDay + timeOfDay - offset, length)
  }

  /// For a word whose bytes in `lanes` (0xFF each) are ASCII digits: in each byte, the
  /// number of two digits starting there (`"25"` → 25) — meaningful where both are in
  /// `lanes`; nil if some byte in `lanes` is not a digit.
  @inline(__always)
  private static func digitPairs(_ word: UInt64, lanes: UInt64) -> UInt64? {
    let picked = word & lanes
    let threes = 0x3030_3030_3030_3030 & lanes
    // A digit is 0x30–0x39: its high half is 3, and stays 3 when 6 is added.
    guard picked & 0xF0F0_F0F0_F0F0_F0F0 == threes,
      (picked &+ 0x0606_0606_0606_0606 & lanes) & 0xF0F0_F0F0_F0F0_F0F0 == threes
    else { return nil }
    // Each byte 0–9, times ten (at most 90) plus the next byte: at most 99, never carried.
    let digits = picked & 0x0F0F_0F0F_0F0F_0F0F
    return digits &* 10 &+ digits >> 8
  }

  /// Byte `index` of `word`, as a number.
  @inline(__always)
  private static func lane(_ word: UInt64, _ index: Int) -> Int {
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
package enum TimeBytes {
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
package struct TimeTextCursor {
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
