import VigilCore

/// A `time()` pattern as a regular expression every engine matches alike (ASCII digits,
/// letters spelt out in both cases, no engine's case folding), with one group per field, and
/// the SQL that reads the fields as Vigil's `TimePattern` reads them.
///
/// Vigil reads a pattern left to right, each number as many digits as it may take; a regular
/// expression may take fewer to let the rest match. The two agree when every number of
/// varying width is followed by an element that cannot start with a digit, and a weekday
/// name (full or abbreviated) by one that cannot start with a letter; other patterns, and
/// patterns with an offset, are not compiled.
struct SQLTimePattern {
  /// The regular expression, without anchors.
  private(set) var regex = ""
  /// The field each group reads, in order.
  private(set) var groups: [Field] = []

  /// What a group of the regular expression reads.
  enum Field: Equatable {
    case number(NumberField)
    case fraction
    case monthName
    case amPm
  }

  init(_ pattern: TimePattern) throws {
    let elements = pattern.elements
    for (index, element) in elements.enumerated() {
      let next = index + 1 < elements.count ? elements[index + 1] : nil
      try add(element, next: next, pattern: pattern.pattern)
    }
  }

  private mutating func add(_ element: PatternElement, next: PatternElement?, pattern: String)
    throws
  {
    let gap = SQLGap(
      "time() with the pattern \"\(pattern)\"", at: .call("time"),
      reason: "a number of varying width before a digit, a weekday name before a letter, or"
        + " an offset in the text")
    switch element {
    case .literal(let bytes):
      regex += Self.literal(bytes)
    case .number(let field, let min, let max):
      if min != max, Self.startsWithDigit(next) { throw gap }
      regex += "([0-9]{\(min),\(max)})"
      groups.append(.number(field))
    case .fraction(let min, let max):
      if min != max, Self.startsWithDigit(next) { throw gap }
      regex += max == .max ? "([0-9]{\(min),})" : "([0-9]{\(min),\(max)})"
      groups.append(.fraction)
    case .monthName(let full):
      let names = full ? Self.months : Self.months.map { String($0.prefix(3)) }
      regex += "(" + names.map(Self.anyCase).joined(separator: "|") + ")"
      groups.append(.monthName)
    case .weekdayName:
      if Self.startsWithLetter(next) { throw gap }
      let names = Self.weekdays + Self.weekdays.map { String($0.prefix(3)) }
      regex += "(?:" + names.map(Self.anyCase).joined(separator: "|") + ")"
    case .amPm:
      regex += "([aApP][mM])"
      groups.append(.amPm)
    case .offset:
      throw gap
    }
  }

  private static func startsWithDigit(_ element: PatternElement?) -> Bool {
    switch element {
    case .number, .fraction: return true
    case .literal(let bytes): return bytes.first.map(TimeBytes.isDigit) ?? false
    default: return false
    }
  }

  private static func startsWithLetter(_ element: PatternElement?) -> Bool {
    switch element {
    case .monthName, .weekdayName, .amPm: return true
    case .literal(let bytes): return bytes.first.map(TimeBytes.isLetter) ?? false
    default: return false
    }
  }

  static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ]
  static let weekdays = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ]

  /// `jan` as `[jJ][aA][nN]`.
  static func anyCase(_ name: String) -> String {
    name.map { "[\($0)\($0.uppercased())]" }.joined()
  }

  /// Bytes that stand for themselves: letters and digits as they are, other ASCII escaped,
  /// other characters as they are.
  static func literal(_ bytes: [UInt8]) -> String {
    var result = ""
    for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
      if scalar.isASCII && !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
        result += scalar == " " ? " " : "\\" + String(scalar)
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// The local time (milliseconds of the civil epoch) the text `x` names, or NULL when it
  /// does not match or names no date or time.
  func localTime(_ x: String, dialect: SQLDialect, text: SQLText) -> String {
    let anchored = "^" + regex + "$"
    var year = "1970"
    var month = "1"
    var day = "1"
    var hour = "0"
    var minute = "0"
    var second = "0"
    var millis = "0"
    var hourField = NumberField.hour
    var pm = "FALSE"
    // DuckDB and PostgreSQL read each group once, as a column of a scalar subquery (the
    // arithmetic names the year and month many times); Spark takes no such subquery.
    let once = dialect != .spark
    var columns: [String] = []
    // PostgreSQL matches once, every group in one array (`vigil_m`); the others a group a call.
    let postgres = dialect == .postgres
    for (index, field) in groups.enumerated() {
      let group = postgres ? "vigil_m[\(index + 1)]" : dialect.group(x, anchored, index + 1)
      let read = "COALESCE(NULLIF(\(group), ''), '0')"
      columns.append("\(read) AS vigil_p\(index + 1)")
      let part = once ? "vigil_p\(index + 1)" : read
      let number = "CAST(\(part) AS \(dialect.bigint))"
      switch field {
      case .number(.year): year = number
      case .number(.shortYear): year = "(2000 + \(number))"
      case .number(.month): month = number
      case .number(.day): day = number
      case .number(.minute): minute = number
      case .number(.second): second = number
      case .number(let field):
        hour = number
        hourField = field
      case .fraction:
        millis = "CAST(SUBSTR(\(part) || '00', 1, 3) AS \(dialect.bigint))"
      case .monthName:
        let cases = Self.months.enumerated().map { "WHEN '\($1.prefix(3))' THEN \($0 + 1)" }
        month = "(CASE SUBSTR(LOWER(\(part)), 1, 3) \(cases.joined(separator: " ")) END)"
      case .amPm: pm = "(LOWER(\(part)) = 'pm')"
      }
    }
    let (hourOfDay, hourValid) = Self.hourOfDay(hour, hourField, pm)
    let valid = [
      hourValid, "\(minute) <= 59", "\(second) <= 59", "\(month) BETWEEN 1 AND 12",
      "\(day) >= 1", "\(day) <= \(text.daysInMonth(year, month))",
    ].joined(separator: " AND ")
    let local =
      "\(text.daysFromCivil(year, month, day)) * 86400000 + \(hourOfDay) * 3600000"
      + " + \(minute) * 60000 + \(second) * 1000 + \(millis)"
    let matched = postgres ? "vigil_m IS NOT NULL" : dialect.fullMatch(x, regex)
    guard once else {
      return "(CASE WHEN \(matched) THEN (CASE WHEN \(valid) THEN \(local) END) END)"
    }
    let parts = (["\(matched) AS vigil_ok"] + columns).joined(separator: ", ")
    // `OFFSET 0` keeps PostgreSQL from copying each part into every use (its planner then
    // takes minutes and gigabytes over the zone's table).
    let source =
      postgres
      ? " FROM (SELECT regexp_match(\(x), \(dialect.text(anchored))) AS vigil_m OFFSET 0)"
        + " AS vigil_match OFFSET 0" : ""
    return "(SELECT CASE WHEN vigil_ok THEN (CASE WHEN \(valid) THEN \(local) END) END"
      + " FROM (SELECT \(parts)\(source)) AS vigil_parts)"
  }

  /// The hour of the day (0–23) and the condition that the hour is in its field's range.
  private static func hourOfDay(_ hour: String, _ field: NumberField, _ pm: String)
    -> (String, String)
  {
    let half = "(CASE WHEN \(pm) THEN 12 ELSE 0 END)"
    switch field {
    case .clockHour: return ("(\(hour) % 12 + \(half))", "\(hour) BETWEEN 1 AND 12")
    case .hourOfHalfDay: return ("(\(hour) + \(half))", "\(hour) BETWEEN 0 AND 11")
    case .clockHourOfDay: return ("(\(hour) % 24)", "\(hour) BETWEEN 1 AND 24")
    default: return (hour, "\(hour) <= 23")
    }
  }
}
