/// Calendar arithmetic on the proleptic Gregorian calendar, for any year.
///
/// The conversions are Howard Hinnant's `days_from_civil` and `civil_from_days`
/// (<https://howardhinnant.github.io/date_algorithms.html>): exact integer arithmetic,
/// no tables, no Foundation. Day 0 is 1970-01-01; year 0 is 1 BC, year -1 is 2 BC.
///
/// `@usableFromInline`, as every package type with `@inlinable` members: Swift 6.3 inlines
/// such a member into another module only when its type is (else each use is a call).
@usableFromInline package enum CivilTime {
  /// Milliseconds in a civil day.
  @inlinable package static var msPerDay: Int64 { 86_400_000 }
  /// Milliseconds in an hour.
  @inlinable package static var msPerHour: Int64 { 3_600_000 }
  /// Milliseconds in a minute.
  @inlinable package static var msPerMinute: Int64 { 60_000 }

  /// The number of days from 1970-01-01 to the given date, negative before it.
  ///
  /// `month` must be in 1...12 and `day` in 1...31 (see ``isValid(year:month:day:)``); the
  /// year may be any year whose day count fits in `Int64` with room to spare (|year| < 10^15).
  package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let m = Int64(month)
    let era = floorDiv(y, 400)
    let yearOfEra = y - era * 400  // 0...399
    let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1  // 0...365
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // 0...146096
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The date `days` days after 1970-01-01 (before it when negative).
  ///
  /// Valid for |days| < 2^62, which covers every day of an `Int64` count of milliseconds.
  package static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = floorDiv(z, 146_097)
    let dayOfEra = z - era * 146_097  // 0...146096
    let yearOfEra =
      (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365  // 0...399
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0...365
    let shiftedMonth = (5 * dayOfYear + 2) / 153  // 0...11, March first
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (Int(year), Int(month), Int(day))
  }

  /// Whether the date exists: a month in 1...12 and a day within that month, counting
  /// February 29 only in leap years (every fourth year, except centuries not divisible by 400).
  package static func isValid(year: Int, month: Int, day: Int) -> Bool {
    guard month >= 1 && month <= 12 && day >= 1 else { return false }
    return day <= daysInMonth(year: year, month: month)
  }

  /// Whether `year` has a February 29.
  package static func isLeapYear(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  /// The days from 1970-01-01 to a date of the years 1901–2099, or nil when the date does
  /// not exist (month 13, April 31, February 29 of a common year) or lies outside them.
  ///
  /// Between 1901 and 2099 every fourth year is a leap year and no other is, so the count
  /// needs no division by 100 or 400: the fast path of the readers, which meet dates of these
  /// years in nearly every record (the general ``daysFromCivil(year:month:day:)`` and
  /// ``isValid(year:month:day:)`` answer the rest, and a test compares the two on every day).
  @inlinable @inline(__always)
  package static func modernDays(year: Int, month: Int, day: Int) -> Int64? {
    let years = year &- 1901
    guard UInt(bitPattern: years) < 199, UInt(bitPattern: month &- 1) < 12 else { return nil }
    // Days in each month less 28, two bits a month from January (bits 2–3) on: in years
    // divisible by four February has one more.
    let isLeap = year & 3 == 0
    let extra = ((isLeap ? 0x03BB_EEDC : 0x03BB_EECC) &>> (month &* 2)) & 3
    guard UInt(bitPattern: day &- 1) < UInt(bitPattern: 28 &+ extra) else { return nil }
    // The days before each month are 30 a month plus a correction of -1…5, kept plus one in
    // three bits a month from January (bits 3–5) on: 31 before February, 59 before March
    // (60 in a leap year).
    let corrections = isLeap ? 0x6D_6C6D_2288 : 0x5B_2348_9088
    let before = 30 &* (month &- 1) &+ ((corrections &>> (month &* 3)) & 7) &- 1
    // 1 January 1901 is day -25,202; each year adds 365 days and each fourth a leap day.
    return Int64(-25_202 &+ years &* 365 &+ years &>> 2 &+ before &+ day &- 1)
  }

  /// The number of days in `month` (1...12) of `year`.
  package static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// `a / b` rounded toward negative infinity (`b` > 0).
  package static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b < 0) ? quotient - 1 : quotient
  }

  /// The remainder of ``floorDiv(_:_:)``, always in `0..<b` (`b` > 0).
  package static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
    let remainder = a % b
    return remainder < 0 ? remainder + b : remainder
  }
}
