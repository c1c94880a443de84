/// A date-time pattern that could not be compiled.
package struct TimePatternError: Error, Sendable, Equatable {
  /// What is wrong, for a person to read: `unknown pattern letter 'Q'`.
  package var message: String

  /// An error saying `message`.
  package init(message: String) {
    self.message = message
  }
}

/// A compiled Unicode (CLDR / java.time style) date-time pattern, such as
/// `MM/dd/yyyy hh:mm:ss a`, that reads local times from text.
///
/// Letters: `y` `yyyy` (year; `yy` is 2000–2099; `u` is the same as `y`), `M` `MM` (month number), `MMM` (`Jan`),
/// `MMMM` (`January`), `d` `dd`, `H` `HH` (0–23), `h` `hh` (1–12, with `a`), `K` (0–11,
/// with `a`), `k` (1–24), `m` `mm`, `s` `ss`, `S…` (fraction of a second, kept to the
/// millisecond and truncated), `a` (`AM`/`PM`), `E`…`EEEE` (weekday name, read and ignored),
/// `X` `XX` `XXX` `x` `xx` `xxx` `Z`…`ZZZZZ` (an offset such as `Z`, `+05:30`, `-0500`;
/// when the text has one, it overrides the zone). Text in single quotes is literal, `''` is
/// a quote, and any other character that is not an ASCII letter stands for itself. Month,
/// weekday and AM/PM names are English and read in any case.
///
/// Widths: a single letter reads one or two digits; a doubled letter reads exactly two, or
/// just one when it is delimited (neither the element before nor the one after reads
/// digits: literals, names and the pattern's ends delimit), so `MM/dd/yyyy` reads
/// `3/7/2026` while `yyyyMMdd` needs every digit. `yyyy` reads exactly four digits and `y`
/// one to four. `S…` reads any number of digits (exactly as many as letters when a number
/// follows). The whole text must match: trailing characters are a mismatch.
package struct TimePattern: Sendable, Equatable {
  /// The pattern as written.
  package let pattern: String
  /// The steps of reading a text, in order (the SQL compiler writes them as a regular
  /// expression).
  package let elements: [PatternElement]

  /// Compiles a Unicode (CLDR / java.time style) date pattern; throws with a clear message
  /// for an unsupported or malformed pattern (`unknown pattern letter 'Q'`,
  /// `unterminated quoted literal`).
  package init(_ pattern: String) throws(TimePatternError) {
    let specs = try PatternCompiler.specs(of: pattern)
    try PatternCompiler.validate(specs)
    self.pattern = pattern
    self.elements = PatternCompiler.elements(from: specs)
  }

  /// Reads `text` in `zone`; nil when the text does not match the pattern or names an
  /// impossible date or time (February 30, hour 13 with `h`). A local time that a clock
  /// change repeats or skips resolves as ``ZoneRules/instant(local:)`` says.
  package func parse(_ text: String, zone: ZoneRules) -> Int64? {
    var text = text
    return text.withUTF8 { parse($0, zone: zone) }
  }

  /// Reads the UTF-8 `bytes` in `zone`, exactly as `parse(_:zone:)` reads a string.
  package func parse(_ bytes: UnsafeBufferPointer<UInt8>, zone: ZoneRules) -> Int64? {
    var cursor = TimeTextCursor(bytes)
    var fields = ParsedFields()
    for element in elements {
      guard fields.read(element, from: &cursor) else { return nil }
    }
    guard cursor.isAtEnd, let local = fields.localTime() else { return nil }
    if let offset = fields.offset { return local - offset }
    return zone.instant(local: local)
  }
}

/// A numeric field of a pattern.
package enum NumberField: Sendable, Equatable {
  /// `y`, `yyyy`: the year as written.
  case year
  /// `yy`: two digits, in 2000...2099.
  case shortYear
  /// `M`, `MM`: 1...12.
  case month
  /// `d`, `dd`: 1...31.
  case day
  /// `H`, `HH`: 0...23.
  case hour
  /// `h`, `hh`: 1...12, with AM/PM.
  case clockHour
  /// `K`, `KK`: 0...11, with AM/PM.
  case hourOfHalfDay
  /// `k`, `kk`: 1...24, where 24 is midnight.
  case clockHourOfDay
  /// `m`, `mm`: 0...59.
  case minute
  /// `s`, `ss`: 0...59.
  case second
}

/// One step of reading a text.
package enum PatternElement: Sendable, Equatable {
  /// Bytes that must appear as they are.
  case literal([UInt8])
  /// `min`...`max` digits.
  case number(NumberField, min: Int, max: Int)
  /// `min`...`max` fraction digits, kept to the millisecond.
  case fraction(min: Int, max: Int)
  /// A month's abbreviation (`Jan`) or full name (`January`).
  case monthName(full: Bool)
  /// A weekday's name, full or abbreviated, read and ignored.
  case weekdayName
  /// `AM` or `PM`.
  case amPm
  /// A UTC offset.
  case offset
}

/// How many digits a numeric letter run reads, before its neighbours are known.
private enum DigitRule: Equatable {
  /// One up to this many, greedily.
  case upTo(Int)
  /// Exactly this many.
  case exactly(Int)
  /// Two, or one when neither neighbouring element reads digits.
  case pair
}

/// A pattern element as compiled from one letter run, before widths are settled.
private enum PatternSpec: Equatable {
  case literal([UInt8])
  case number(NumberField, DigitRule)
  case fraction(count: Int)
  case monthName(full: Bool)
  case weekdayName
  case amPm
  case offset

  /// What the element sets, to catch a pattern that sets it twice.
  var subject: String? {
    switch self {
    case .literal: return nil
    case .number(.year, _), .number(.shortYear, _): return "year"
    case .number(.month, _), .monthName: return "month"
    case .number(.day, _): return "day"
    case .number(.hour, _), .number(.clockHour, _), .number(.hourOfHalfDay, _),
      .number(.clockHourOfDay, _):
      return "hour"
    case .number(.minute, _): return "minute"
    case .number(.second, _): return "second"
    case .fraction: return "fraction of a second"
    case .weekdayName: return "weekday"
    case .amPm: return "AM/PM marker"
    case .offset: return "offset"
    }
  }

  /// Whether the text this element reads can start with a digit.
  var startsWithDigit: Bool {
    switch self {
    case .number, .fraction: return true
    case .literal(let bytes): return bytes.first.map(TimeBytes.isDigit) ?? false
    case .monthName, .weekdayName, .amPm, .offset: return false
    }
  }

  /// Whether the text this element reads can end with a digit.
  var endsWithDigit: Bool {
    switch self {
    case .number, .fraction, .offset: return true
    case .literal(let bytes): return bytes.last.map(TimeBytes.isDigit) ?? false
    case .monthName, .weekdayName, .amPm: return false
    }
  }

  /// The number field, if the element is one.
  var numberField: NumberField? {
    if case .number(let field, _) = self { return field }
    return nil
  }
}

/// Turns pattern text into elements: tokenize, map letter runs, validate, settle widths.
private enum PatternCompiler {
  static func specs(of pattern: String) throws(TimePatternError) -> [PatternSpec] {
    let bytes = Array(pattern.utf8)
    guard !bytes.isEmpty else { throw TimePatternError(message: "empty pattern") }
    var specs: [PatternSpec] = []
    var literal: [UInt8] = []
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == TimeBytes.quote {
        index = try quoted(bytes, from: index, into: &literal)
      } else if TimeBytes.isLetter(byte) {
        var end = index + 1
        while end < bytes.count && bytes[end] == byte { end += 1 }
        if !literal.isEmpty { specs.append(.literal(literal)) }
        literal = []
        specs.append(try spec(letter: byte, count: end - index))
        index = end
      } else {
        literal.append(byte)
        index += 1
      }
    }
    if !literal.isEmpty { specs.append(.literal(literal)) }
    return specs
  }

  /// Reads `''` (a quote) or a quoted literal starting at the quote at `start`; returns
  /// the index after it.
  private static func quoted(_ bytes: [UInt8], from start: Int, into literal: inout [UInt8])
    throws(TimePatternError) -> Int
  {
    if start + 1 < bytes.count && bytes[start + 1] == TimeBytes.quote {
      literal.append(TimeBytes.quote)
      return start + 2
    }
    var index = start + 1
    while index < bytes.count {
      if bytes[index] != TimeBytes.quote {
        literal.append(bytes[index])
        index += 1
      } else if index + 1 < bytes.count && bytes[index + 1] == TimeBytes.quote {
        literal.append(TimeBytes.quote)  // '' inside quotes is a quote too
        index += 2
      } else {
        return index + 1
      }
    }
    throw TimePatternError(message: "unterminated quoted literal")
  }

  /// The element for a run of `count` copies of `letter`.
  private static func spec(letter: UInt8, count: Int) throws(TimePatternError) -> PatternSpec {
    let name = String(UnicodeScalar(letter))
    func upTo(_ maximum: Int, _ spec: PatternSpec) throws(TimePatternError) -> PatternSpec {
      guard count <= maximum else {
        let run = String(repeating: name, count: count)
        throw TimePatternError(
          message: "too many pattern letters '\(run)' ('\(name)' takes at most \(maximum))")
      }
      return spec
    }
    func twoDigit(_ field: NumberField) throws(TimePatternError) -> PatternSpec {
      try upTo(2, .number(field, count == 1 ? .upTo(2) : .pair))
    }
    switch name {
    case "y", "u":
      let rules: [DigitRule] = [.upTo(4), .pair, .upTo(4), .exactly(4)]
      return try upTo(4, .number(count == 2 ? .shortYear : .year, rules[min(count, 4) - 1]))
    case "M":
      let specs: [PatternSpec] = [
        .number(.month, .upTo(2)), .number(.month, .pair), .monthName(full: false),
        .monthName(full: true),
      ]
      return try upTo(4, specs[min(count, 4) - 1])
    case "d": return try twoDigit(.day)
    case "H": return try twoDigit(.hour)
    case "h": return try twoDigit(.clockHour)
    case "K": return try twoDigit(.hourOfHalfDay)
    case "k": return try twoDigit(.clockHourOfDay)
    case "m": return try twoDigit(.minute)
    case "s": return try twoDigit(.second)
    case "S": return .fraction(count: count)
    case "a": return try upTo(1, .amPm)
    case "E": return try upTo(4, .weekdayName)
    case "X", "x": return try upTo(3, .offset)
    case "Z": return try upTo(5, .offset)
    default: throw TimePatternError(message: unknownLetterMessage(name))
    }
  }

  private static func unknownLetterMessage(_ name: String) -> String {
    let base = "unknown pattern letter '\(name)'"
    switch name {
    case "Y": return base + " (week-based year); use 'y' for the year"
    case "D": return base + " (day of the year); use 'd' for the day of the month"
    case "L": return base + "; use 'M' for the month"
    case "T": return base + "; put letters meant literally in quotes, as in 'T'"
    case "z", "V", "v", "O":
      return base
        + " (zone name); zone names in the text are not supported: use an offset ('XXX')"
        + " or give the zone separately"
    default: return base
    }
  }

  /// Rejects patterns that set a field twice, lack a date, or mix the hour letters wrongly.
  static func validate(_ specs: [PatternSpec]) throws(TimePatternError) {
    var seen: Set<String> = []
    for subject in specs.compactMap(\.subject) {
      guard seen.insert(subject).inserted else {
        throw TimePatternError(message: "the pattern gives the \(subject) twice")
      }
    }
    if !seen.contains("year") {
      throw TimePatternError(message: "the pattern has no year (use 'yyyy')")
    }
    if !seen.contains("month") {
      let hint = seen.contains("minute") ? "; 'mm' is minutes" : ""
      throw TimePatternError(message: "the pattern has no month (use 'MM'\(hint))")
    }
    if !seen.contains("day") {
      throw TimePatternError(message: "the pattern has no day of the month (use 'dd')")
    }
    try validateHour(specs.compactMap(\.numberField), hasAmPm: seen.contains("AM/PM marker"))
  }

  private static func validateHour(_ fields: [NumberField], hasAmPm: Bool)
    throws(TimePatternError)
  {
    let halfDay = fields.contains(.clockHour) || fields.contains(.hourOfHalfDay)
    let fullDay = fields.contains(.hour) || fields.contains(.clockHourOfDay)
    if halfDay && !hasAmPm {
      throw TimePatternError(
        message: "'h' is the 1–12 hour and needs 'a' (AM/PM); use 'H' for the 0–23 hour")
    }
    if hasAmPm && fullDay {
      throw TimePatternError(
        message: "'a' (AM/PM) goes with the 1–12 hour 'h'; 'H' is already the 0–23 hour")
    }
    if hasAmPm && !halfDay {
      throw TimePatternError(message: "'a' (AM/PM) needs an hour ('hh')")
    }
  }

  /// Settles each element's width by its neighbours.
  static func elements(from specs: [PatternSpec]) -> [PatternElement] {
    specs.indices.map { index in
      let previousIsNumber = index > 0 && specs[index - 1].endsWithDigit
      let nextIsNumber = index + 1 < specs.count && specs[index + 1].startsWithDigit
      return element(
        specs[index], nextIsNumber: nextIsNumber,
        delimited: !previousIsNumber && !nextIsNumber)
    }
  }

  /// The element for `spec`; `delimited` when neither neighbour reads digits, so a doubled
  /// letter may read a single digit without ambiguity.
  private static func element(_ spec: PatternSpec, nextIsNumber: Bool, delimited: Bool)
    -> PatternElement
  {
    switch spec {
    case .literal(let bytes): return .literal(bytes)
    case .number(let field, .upTo(let maximum)): return .number(field, min: 1, max: maximum)
    case .number(let field, .exactly(let count)): return .number(field, min: count, max: count)
    case .number(let field, .pair): return .number(field, min: delimited ? 1 : 2, max: 2)
    case .fraction(let count):
      return nextIsNumber ? .fraction(min: count, max: count) : .fraction(min: 1, max: .max)
    case .monthName(let full): return .monthName(full: full)
    case .weekdayName: return .weekdayName
    case .amPm: return .amPm
    case .offset: return .offset
    }
  }
}

/// English names, lowercase, as bytes.
private enum Names {
  static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ].map { Array($0.utf8) }
  static let monthAbbreviations = months.map { Array($0.prefix(3)) }
  static let weekdays = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ].map { Array($0.utf8) }
  static let weekdayAbbreviations = weekdays.map { Array($0.prefix(3)) }
  static let am = Array("am".utf8)
  static let pm = Array("pm".utf8)
}

/// The fields read so far from one text.
private struct ParsedFields {
  var year = 1970
  var month = 1
  var day = 1
  var hour = 0
  var hourField = NumberField.hour
  var minute = 0
  var second = 0
  var millis: Int64 = 0
  var isPM = false
  var offset: Int64?

  /// Reads one element; false when the text does not match it.
  mutating func read(_ element: PatternElement, from cursor: inout TimeTextCursor) -> Bool {
    switch element {
    case .literal(let bytes):
      for byte in bytes where !cursor.take(byte) { return false }
      return true
    case .number(let field, let min, let max):
      guard let value = cursor.digits(min: min, max: max) else { return false }
      store(value, in: field)
      return true
    case .fraction(let min, let max):
      guard let value = cursor.fractionMillis(min: min, max: max) else { return false }
      millis = value
      return true
    case .monthName(let full):
      let names = full ? Names.months : Names.monthAbbreviations
      guard let index = Self.name(in: names, from: &cursor) else { return false }
      month = index + 1
      return true
    case .weekdayName:
      return Self.name(in: Names.weekdays, from: &cursor) != nil
        || Self.name(in: Names.weekdayAbbreviations, from: &cursor) != nil
    case .amPm:
      isPM = cursor.takeCaseInsensitive(Names.pm)
      return isPM || cursor.takeCaseInsensitive(Names.am)
    case .offset:
      offset = cursor.utcOffset(lenient: true)
      return offset != nil
    }
  }

  private mutating func store(_ value: Int, in field: NumberField) {
    switch field {
    case .year: year = value
    case .shortYear: year = 2000 + value
    case .month: month = value
    case .day: day = value
    case .hour, .clockHour, .hourOfHalfDay, .clockHourOfDay:
      hour = value
      hourField = field
    case .minute: minute = value
    case .second: second = value
    }
  }

  /// The index of the name in `names` that comes next, consuming it.
  private static func name(in names: [[UInt8]], from cursor: inout TimeTextCursor) -> Int? {
    names.firstIndex { cursor.takeCaseInsensitive($0) }
  }

  /// The hour of the day (0...23), or nil when the hour is out of its field's range.
  private func hourOfDay() -> Int? {
    switch hourField {
    case .clockHour: return (1...12).contains(hour) ? hour % 12 + (isPM ? 12 : 0) : nil
    case .hourOfHalfDay: return (0...11).contains(hour) ? hour + (isPM ? 12 : 0) : nil
    case .clockHourOfDay: return (1...24).contains(hour) ? hour % 24 : nil
    default: return (0...23).contains(hour) ? hour : nil
    }
  }

  /// Milliseconds of the local civil epoch, or nil when the date or time cannot exist.
  func localTime() -> Int64? {
    guard CivilTime.isValid(year: year, month: month, day: day), let hourOfDay = hourOfDay(),
      minute <= 59, second <= 59
    else { return nil }
    let days = CivilTime.daysFromCivil(year: year, month: month, day: day)
    return days * CivilTime.msPerDay + Int64(hourOfDay) * CivilTime.msPerHour
      + Int64(minute) * CivilTime.msPerMinute + Int64(second) * 1000 + millis
  }
}
