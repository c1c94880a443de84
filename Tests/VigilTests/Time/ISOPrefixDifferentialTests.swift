import Testing
import VigilCore

/// `TimeParsing.commonISO8601Prefix` against a slow reference written byte by byte, with
/// its own calendar (days counted year by year), on a large generated set of valid and
/// broken timestamps: the same instant, the same length, the same refusals.
@Suite("ISO-8601 prefix, differential")
struct ISOPrefixDifferentialTests {
  /// The reference: the layout `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)`, read one byte at a time.
  static func reference(_ bytes: [UInt8]) -> (instant: Int64, length: Int)? {
    guard bytes.count >= 20 else { return nil }
    func digits(_ at: Int, _ count: Int) -> Int? {
      var value = 0
      for byte in bytes[at..<(at + count)] {
        guard byte >= 0x30 && byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      return value
    }
    let separators: [(Int, UInt8)] = [(4, 0x2D), (7, 0x2D), (10, 0x54), (13, 0x3A), (16, 0x3A)]
    guard separators.allSatisfy({ bytes[$0.0] == $0.1 }),
      let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
      let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
      (1...12).contains(month), day >= 1, day <= YearByYearCalendar.days(in: month, of: year),
      hour <= 23, minute <= 59, second <= 59
    else { return nil }
    var index = 19
    var fraction = ""
    if bytes[index] == 0x2E {
      index += 1
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
        fraction.append(Character(UnicodeScalar(bytes[index])))
        index += 1
      }
      guard !fraction.isEmpty else { return nil }
    }
    // Milliseconds: the first three digits, padded with zeros; the rest truncated.
    let millis = Int64(String((fraction + "000").prefix(3)))!
    var offsetMinutes = 0
    if index < bytes.count, bytes[index] == 0x5A {
      index += 1
    } else if index + 6 <= bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D,
      bytes[index + 3] == 0x3A, let hours = digits(index + 1, 2),
      let minutes = digits(index + 4, 2), hours <= 23, minutes <= 59
    {
      offsetMinutes = (hours * 60 + minutes) * (bytes[index] == 0x2D ? -1 : 1)
      index += 6
    } else {
      return nil
    }
    let days = YearByYearCalendar.days(year: year, month: month, day: day)
    let seconds = ((days * 24 + Int64(hour)) * 60 + Int64(minute - offsetMinutes)) * 60
    return ((seconds + Int64(second)) * 1000 + millis, index)
  }

  static func prefix(_ bytes: [UInt8]) -> (instant: Int64, length: Int)? {
    bytes.withUnsafeBufferPointer { TimeParsing.commonISO8601Prefix($0) }
  }

  /// Compares the fast reader with the reference on `text` and returns what it read; when it
  /// read an instant, `parseISO8601` of the bytes it took reads the same.
  @discardableResult
  static func check(_ bytes: [UInt8]) -> (instant: Int64, length: Int)? {
    let fast = prefix(bytes)
    let slow = reference(bytes)
    #expect(fast?.instant == slow?.instant, "\(String(decoding: bytes, as: UTF8.self))")
    #expect(fast?.length == slow?.length, "\(String(decoding: bytes, as: UTF8.self))")
    if let fast {
      let taken = bytes[..<fast.length].withUnsafeBufferPointer { TimeParsing.parseISO8601($0) }
      #expect(taken == .time(fast.instant), "\(String(decoding: bytes, as: UTF8.self))")
    }
    return fast
  }

  static func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : "\(value)"
  }

  static func fourDigits(_ value: Int) -> String {
    String(String(value + 10_000).dropFirst())
  }

  /// A random timestamp: a day of 1899–2101 (or of `years`), any time, a fraction of
  /// `fractionDigits` digits (none for 0), `Z` or a random offset.
  static func timestamp(
    _ random: inout SplitMix, year: Int? = nil, month: Int? = nil, day: Int? = nil,
    fractionDigits: Int, zone: String? = nil
  ) -> String {
    let year = year ?? 1899 + random.below(203)
    let month = month ?? 1 + random.below(12)
    let day = day ?? 1 + random.below(YearByYearCalendar.days(in: month, of: year))
    var text = "\(fourDigits(year))-\(twoDigits(month))-\(twoDigits(day))T"
    text += "\(twoDigits(random.below(24))):\(twoDigits(random.below(60)))"
    text += ":\(twoDigits(random.below(60)))"
    if fractionDigits > 0 {
      text += "." + (0..<fractionDigits).map { _ in String(random.below(10)) }.joined()
    }
    if let zone { return text + zone }
    switch random.below(3) {
    case 0: return text + "Z"
    case 1: return text + "+\(twoDigits(random.below(24))):\(twoDigits(random.below(60)))"
    default: return text + "-\(twoDigits(random.below(24))):\(twoDigits(random.below(60)))"
    }
  }

  /// The reference's calendar and the known instants it must give.
  @Test func referenceKnowsItsDates() {
    let known: [(String, Int64)] = [
      ("1970-01-01T00:00:00Z", 0),
      ("2000-03-01T00:00:00Z", 951_868_800_000),
      ("2026-11-25T12:34:56.789+02:00", 1_795_602_896_789),
      ("1900-03-01T00:00:00.5Z", -2_203_891_199_500),
      ("2100-03-01T00:00:00-00:01", 4_107_542_460_000),
      ("0000-01-01T00:00:00Z", -62_167_219_200_000),
      ("9999-12-31T23:59:59.999999999Z", 253_402_300_799_999),
    ]
    for (text, instant) in known {
      let bytes = Array(text.utf8)
      #expect(Self.reference(bytes)?.instant == instant, "\(text)")
      #expect(Self.check(bytes)?.length == bytes.count, "\(text)")
    }
    #expect(Self.reference(Array("1900-02-29T00:00:00Z".utf8)) == nil)
    #expect(Self.reference(Array("2000-02-29T00:00:00Z".utf8)) != nil)
    #expect(Self.reference(Array("2100-02-29T00:00:00Z".utf8)) == nil)
  }

  /// Every day of 1896–2104 and of the years around other centuries, at a random time.
  @Test func everyDayOfTheYearsAround1901To2099() {
    var random = SplitMix(seed: 1901)
    var read = 0
    let years = Array(1896...2104) + [0, 1, 4, 99, 100, 400, 1600, 1700, 1800, 2400, 9996, 9999]
    for year in years {
      for month in 1...12 {
        // One day past the month's end too: the 29th of February of common years, the 31st
        // of April.
        for day in 0...YearByYearCalendar.days(in: month, of: year) + 1 {
          let text = Self.timestamp(
            &random, year: year, month: month, day: day, fractionDigits: random.below(10))
          if Self.check(Array(text.utf8)) != nil { read += 1 }
        }
      }
    }
    // Every existing day read, no other.
    let existing = years.map { YearByYearCalendar.isLeap($0) ? 366 : 365 }.reduce(0, +)
    #expect(read == existing)
  }

  /// Random timestamps with every fraction length, whole and changed: one byte replaced at
  /// each position, cut at each length, bytes added after, fields out of range.
  @Test func randomTimestampsAndTheirVariants() {
    var random = SplitMix(seed: 86_400)
    let replacements: [UInt8] = [
      0x00, 0x20, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x35, 0x39, 0x3A, 0x3B, 0x40, 0x54,
      0x5A, 0x74, 0x7A, 0x7F, 0x80, 0xB0, 0xB9, 0xF0, 0xFF,
    ]
    let trailers: [[UInt8]] = [[], [0x22], [0x30], [0x5A], [0x2C, 0x20], Array(":00\"".utf8)]
    var read = 0
    var checked = 0
    for round in 0..<400 {
      let text = Self.timestamp(&random, fractionDigits: round % 10)
      let bytes = Array(text.utf8)
      #expect(Self.check(bytes)?.length == bytes.count, "\(text)")
      for position in bytes.indices {
        var changed = bytes
        changed[position] = replacements[random.below(replacements.count)]
        if Self.check(changed) != nil { read += 1 }
        checked += 1
      }
      for length in 0..<bytes.count {
        if Self.check(Array(bytes[..<length])) != nil { read += 1 }
        checked += 1
      }
      for trailer in trailers {
        #expect(Self.check(bytes + trailer)?.length == bytes.count, "\(text)")
        checked += 1
      }
    }
    // Replacing a byte can leave a valid timestamp (a digit for a digit, a sign for a sign)
    // and so can cutting one (a fraction cut short before its `Z`): these many, each read
    // as the reference reads it.
    #expect(checked == 25_440)
    #expect(read == 1_473)
  }

  /// Each field at and just past its limits: month 0 and 13, day 0 and 32, hour 24, minute
  /// and second 60, offset hour 24 and minute 60, and the first values out of range by ten.
  @Test func fieldsAtTheirLimits() {
    var random = SplitMix(seed: 2100)
    let base = Array("2024-02-29T23:59:59.999+23:59".utf8)
    #expect(Self.check(base)?.length == base.count)
    // (position of the field's first digit, values to try).
    let fields: [(Int, [Int])] = [
      (5, [0, 1, 9, 10, 12, 13, 19, 20, 99]), (8, [0, 1, 28, 29, 30, 31, 32, 39, 99]),
      (11, [0, 9, 19, 20, 23, 24, 29, 30, 99]), (14, [0, 9, 50, 59, 60, 69, 99]),
      (17, [0, 9, 50, 59, 60, 69, 99]), (24, [0, 9, 19, 20, 23, 24, 29, 30, 99]),
      (27, [0, 9, 50, 59, 60, 69, 99]),
    ]
    var read = 0
    for (position, values) in fields {
      for value in values {
        for year in [1900, 1999, 2000, 2023, 2024, 2100, 2101] {
          for sign: UInt8 in [0x2B, 0x2D] {
            var bytes = base
            bytes.replaceSubrange(0..<4, with: Array(Self.fourDigits(year).utf8))
            bytes[23] = sign
            bytes.replaceSubrange(position..<position + 2, with: Array(Self.twoDigits(value).utf8))
            if Self.check(bytes) != nil { read += 1 }
          }
        }
      }
    }
    #expect(read == 176)
    // Months with 30 and 31 days, at their ends.
    for month in 1...12 {
      for day in 28...32 {
        for year in [1900, 2000, 2001, 2004, 2100] {
          let text = Self.timestamp(
            &random, year: year, month: month, day: day, fractionDigits: 0, zone: "Z")
          Self.check(Array(text.utf8))
        }
      }
    }
  }

  /// Fractions of every length from none to twelve digits, then a zone or not.
  @Test func everyFractionLength() {
    var random = SplitMix(seed: 999)
    for digits in 0...12 {
      for zone in ["Z", "+05:30", "-12:00", "", "z", "+0530", "+05", "X"] {
        let text = Self.timestamp(&random, fractionDigits: digits, zone: zone)
        let read = Self.check(Array(text.utf8))
        #expect((read != nil) == (zone == "Z" || zone.count == 6), "\(text)")
      }
      // The fraction's digits kept: `.1` is 100 ms, `.12` 120, `.123456` 123.
      let text =
        "2026-01-01T00:00:00" + (digits > 0 ? "." : "")
        + String("123456789012".prefix(digits)) + "Z"
      let expected: Int64 = [0, 100, 120, 123][min(digits, 3)]
      #expect(Self.check(Array(text.utf8))?.instant == 1_767_225_600_000 + expected, "\(text)")
    }
  }
}

/// Days counted year by year, from 1970: slow, and sharing nothing with `CivilTime`.
enum YearByYearCalendar {
  static func isLeap(_ year: Int) -> Bool {
    year % 400 == 0 || (year % 4 == 0 && year % 100 != 0)
  }

  static func days(in month: Int, of year: Int) -> Int {
    [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  }

  /// The days from 1970-01-01 to the start of each year 0...9999.
  static let yearStarts: [Int64] = {
    var starts = [Int64](repeating: 0, count: 10_000)
    for year in stride(from: 1969, through: 0, by: -1) {
      starts[year] = starts[year + 1] - (isLeap(year) ? 366 : 365)
    }
    for year in 1971..<10_000 {
      starts[year] = starts[year - 1] + (isLeap(year - 1) ? 366 : 365)
    }
    return starts
  }()

  static func days(year: Int, month: Int, day: Int) -> Int64 {
    var days = yearStarts[year]
    for earlier in 1..<month { days += Int64(Self.days(in: earlier, of: year)) }
    return days + Int64(day - 1)
  }
}
