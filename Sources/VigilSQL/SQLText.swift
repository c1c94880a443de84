/// The readings and writings of values in SQL, exactly as Vigil's: ISO-8601 times to epoch
/// milliseconds, texts to numbers by JSON's grammar, and times, durations and numbers back
/// to the texts reports show. Only integer arithmetic, regular expressions of the syntax the
/// engines share and `CASE` are used, so each engine computes the same milliseconds.
package struct SQLText: Sendable {
  package let dialect: SQLDialect

  package init(_ dialect: SQLDialect) {
    self.dialect = dialect
  }

  // MARK: - Times

  /// An ISO-8601 instant with an offset, as `TimeParsing.parseISO8601` reads it. The date,
  /// hour and minute are at fixed places; `restPattern` reads what follows the minute.
  static let isoPattern =
    "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?"
    + "(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)"

  /// After the minute: group 1 the seconds, 2 the fraction, 3 the offset's sign, 4 its
  /// hours, 5 its minutes.
  static let restPattern =
    "^(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$"

  /// A date, or a date and a time of day, with no offset: `has no time zone offset`.
  static let localPattern =
    "([0-9]{4})-([0-9]{2})-([0-9]{2})([Tt ]([0-9]{2}):([0-9]{2})(:([0-9]{2})([.,][0-9]+)?)?)?"

  /// `text` read as ISO-8601, in milliseconds since the epoch; NULL when it is not a time
  /// Vigil reads (no offset, a day that does not exist, an hour past 23, …). Each part is
  /// matched where it is used: for a value met once (`now`, a text compared with a time);
  /// a field's column is read once per row by `isoMatch` and `isoTime(matched:)`.
  package func isoTime(_ text: String) -> String {
    let rest = "SUBSTR(\(text), 17)"
    func part(_ group: Int) -> String { dialect.group(rest, Self.restPattern, group) }
    func fixed(_ start: Int, _ length: Int) -> String { "SUBSTR(\(text), \(start), \(length))" }
    let parts = ISOParts(
      year: fixed(1, 4), month: fixed(6, 2), day: fixed(9, 2), hour: fixed(12, 2),
      minute: fixed(15, 2), second: part(1), fraction: part(2), sign: part(3),
      offsetHours: part(4), offsetMinutes: part(5))
    return instant(numbers(parts), matched: dialect.fullMatch(text, Self.isoPattern))
  }

  /// The parts of an ISO-8601 instant as the texts the regular expression matched; the
  /// second, fraction and offset '' or NULL when absent.
  struct ISOParts {
    let year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes: String
  }

  /// `isoPattern`, anchored, with a group for each part, in the order of `ISOParts`.
  static let isoPartsPattern =
    "^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?"
    + "(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)$"

  /// The names of the groups of `isoPartsPattern` (DuckDB's struct fields).
  static let isoPartNames = ["y", "mo", "d", "h", "mi", "s", "frac", "sign", "oh", "om"]

  /// Where the engine reads every part of a text with one match (DuckDB: a struct,
  /// PostgreSQL: an array), the column that holds them, computed once per row; nil where it
  /// does not (Spark: `isoTime` matches each part).
  package func isoMatch(_ text: String) -> String? {
    let pattern = dialect.text(Self.isoPartsPattern)
    switch dialect {
    case .duckdb:
      let names = Self.isoPartNames.map { "'\($0)'" }.joined(separator: ", ")
      return "regexp_extract(\(text), \(pattern), [\(names)])"
    case .postgres: return "regexp_match(\(text), \(pattern))"
    case .spark: return nil
    }
  }

  /// The parts of a column `isoMatch` wrote.
  func matchedParts(_ column: String) -> (parts: ISOParts, matched: String) {
    let part: (Int) -> String
    let matched: String
    switch dialect {
    case .duckdb:
      part = { "\(column).\(Self.isoPartNames[$0])" }
      // DuckDB's struct holds '' in every part when the text does not match.
      matched = "\(column).y <> ''"
    case .postgres, .spark:
      part = { "\(column)[\($0 + 1)]" }
      matched = "\(column) IS NOT NULL"
    }
    // The engine may compute a part's number on rows that did not match (DuckDB draws the
    // casts out of the CASE), where the part is '': read as 0 there, never cast.
    func digits(_ index: Int) -> String { "COALESCE(NULLIF(\(part(index)), ''), '0')" }
    let parts = ISOParts(
      year: digits(0), month: digits(1), day: digits(2), hour: digits(3), minute: digits(4),
      second: part(5), fraction: part(6), sign: part(7), offsetHours: part(8),
      offsetMinutes: part(9))
    return (parts, matched)
  }

  /// The instant of a column `isoMatch` wrote; NULL when its text is not a time Vigil reads.
  package func isoTime(matched column: String) -> String {
    let (parts, matched) = matchedParts(column)
    return instant(numbers(parts), matched: matched)
  }

  /// The names of the fields of `isoNumbers`' struct, in the order of `ISONumbers`.
  static let isoNumberNames = ["y", "mo", "d", "h", "mi", "s", "ms", "sg", "oh", "om"]

  /// Where the engine keeps numbers in a struct (DuckDB), the parts of a column `isoMatch`
  /// wrote as integers, each computed once per row (the instant's arithmetic names the year
  /// and month eight times each), and whether the text matched (`ok`); nil elsewhere.
  package func isoNumbers(matched column: String) -> String? {
    guard dialect == .duckdb else { return nil }
    let (parts, matched) = matchedParts(column)
    let numbers = self.numbers(parts)
    let values = [
      numbers.year, numbers.month, numbers.day, numbers.hour, numbers.minute, numbers.second,
      numbers.millis, numbers.sign, numbers.offsetHours, numbers.offsetMinutes,
    ]
    return "struct_pack(ok := \(matched), "
      + zip(Self.isoNumberNames, values).map { "\($0) := \($1)" }.joined(separator: ", ") + ")"
  }

  /// The instant of a column `isoNumbers` wrote.
  package func isoTime(numbers column: String) -> String {
    let field = Self.isoNumberNames.map { "\(column).\($0)" }
    let numbers = ISONumbers(
      year: field[0], month: field[1], day: field[2], hour: field[3], minute: field[4],
      second: field[5], millis: field[6], sign: field[7], offsetHours: field[8],
      offsetMinutes: field[9])
    return instant(numbers, matched: "\(column).ok")
  }

  /// The parts of an instant as SQL integers; `sign` is -1 or 1.
  struct ISONumbers {
    let year, month, day, hour, minute, second, millis, sign, offsetHours, offsetMinutes: String
  }

  /// The texts of `parts` read as integers: an absent second, fraction or offset is 0.
  func numbers(_ parts: ISOParts) -> ISONumbers {
    func number(_ text: String) -> String {
      "CAST(COALESCE(NULLIF(\(text), ''), '0') AS \(dialect.bigint))"
    }
    func integer(_ text: String) -> String { "CAST(\(text) AS \(dialect.bigint))" }
    let fraction = "SUBSTR(COALESCE(NULLIF(\(parts.fraction), ''), '0') || '00', 1, 3)"
    return ISONumbers(
      year: integer(parts.year), month: integer(parts.month), day: integer(parts.day),
      hour: integer(parts.hour), minute: integer(parts.minute), second: number(parts.second),
      millis: "CAST(\(fraction) AS \(dialect.bigint))",
      sign: "(CASE WHEN \(parts.sign) = '-' THEN -1 ELSE 1 END)",
      offsetHours: number(parts.offsetHours), offsetMinutes: number(parts.offsetMinutes))
  }

  /// The milliseconds of `numbers` when `matched` holds and they name an instant.
  func instant(_ numbers: ISONumbers, matched: String) -> String {
    let (year, month, day) = (numbers.year, numbers.month, numbers.day)
    let (hour, minute, second) = (numbers.hour, numbers.minute, numbers.second)
    let (offsetHours, offsetMinutes) = (numbers.offsetHours, numbers.offsetMinutes)
    let valid = [
      "\(hour) <= 23", "\(minute) <= 59", "\(second) <= 59", "\(offsetHours) <= 23",
      "\(offsetMinutes) <= 59", "\(month) BETWEEN 1 AND 12", "\(day) >= 1",
      "\(day) <= \(daysInMonth(year, month))",
    ].joined(separator: " AND ")
    let instant =
      "\(daysFromCivil(year, month, day)) * 86400000 + \(hour) * 3600000 + \(minute) * 60000"
      + " + \(second) * 1000 + \(numbers.millis) - \(numbers.sign) * (\(offsetHours) * 60 + \(offsetMinutes)) * 60000"
    return "(CASE WHEN \(matched) THEN (CASE WHEN \(valid) THEN \(instant) END) END)"
  }

  /// Whether `text` is a date or a local time with no offset (a data error of its own).
  package func isLocalTime(_ text: String) -> String {
    dialect.fullMatch(text, Self.localPattern)
  }

  /// The days of `month` in `year`.
  func daysInMonth(_ year: String, _ month: String) -> String {
    let leap = "((\(year)) % 4 = 0 AND ((\(year)) % 100 <> 0 OR (\(year)) % 400 = 0))"
    return
      "(CASE WHEN \(month) = 2 THEN (CASE WHEN \(leap) THEN 29 ELSE 28 END) WHEN \(month) IN (4, 6, 9, 11) THEN 30 ELSE 31 END)"
  }

  /// Days since 1970-01-01 of a civil date of a year 0…9999 (H. Hinnant's `days_from_civil`,
  /// shifted by 400 years so every division is of non-negative numbers).
  func daysFromCivil(_ year: String, _ month: String, _ day: String) -> String {
    let y = "(\(year) + 400 - (CASE WHEN \(month) <= 2 THEN 1 ELSE 0 END))"
    let era = dialect.intDiv(y, "400")
    let yearOfEra = "(\(y) - \(era) * 400)"
    let shifted = "(CASE WHEN \(month) > 2 THEN \(month) - 3 ELSE \(month) + 9 END)"
    let dayOfYear = "(\(dialect.intDiv("153 * \(shifted) + 2", "5")) + \(day) - 1)"
    let dayOfEra =
      "(\(yearOfEra) * 365 + \(dialect.intDiv(yearOfEra, "4")) - \(dialect.intDiv(yearOfEra, "100")) + \(dayOfYear))"
    return "(\(era) * 146097 + \(dayOfEra) - 719468 - 146097)"
  }

  /// Floor division of an integer by a positive constant.
  func floorDiv(_ value: String, _ divisor: Int64) -> String {
    dialect.intDiv(
      "(\(value)) - (((\(value)) % \(divisor)) + \(divisor)) % \(divisor)", "\(divisor)")
  }

  /// An instant (milliseconds) written as `TimeParsing.formatISO8601` writes it, for years
  /// 0…9999: `2026-11-25T00:00:00Z`, with `.123` only when the milliseconds are not zero.
  /// The engine writes the date and time of day of the instant in UTC (exact: no zone is
  /// involved).
  package func formatTime(_ ms: String) -> String {
    let millis = "((((\(ms)) % 1000) + 1000) % 1000)"
    let seconds: String
    switch dialect {
    case .duckdb:
      seconds = "strftime(make_timestamp(CAST(\(ms) AS BIGINT) * 1000), '%Y-%m-%dT%H:%M:%S')"
    case .postgres:
      seconds =
        "to_char(TIMESTAMP '1970-01-01 00:00:00' + (\(ms)) * INTERVAL '1 millisecond', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    case .spark:
      // A DATE has no zone: the day is computed whatever the session's time zone.
      let days = floorDiv(ms, 86_400_000)
      let timeOfDay = "((\(ms)) - \(days) * 86400000)"
      seconds = dialect.concat([
        "CAST(date_add(DATE '1970-01-01', CAST(\(days) AS INT)) AS STRING)", "'T'",
        pad(dialect.intDiv(timeOfDay, "3600000"), 2), "':'",
        pad("\(dialect.intDiv(timeOfDay, "60000")) % 60", 2), "':'",
        pad("\(dialect.intDiv(timeOfDay, "1000")) % 60", 2),
      ])
    }
    return dialect.concat([
      seconds, "(CASE WHEN \(millis) = 0 THEN '' ELSE '.' || \(pad(millis, 3)) END)", "'Z'",
    ])
  }

  /// A non-negative integer as text, zero-padded to `width` digits.
  func pad(_ value: String, _ width: Int) -> String {
    let zeros = String(repeating: "0", count: width)
    let text = dialect.integerText(value)
    return
      "(CASE WHEN LENGTH(\(text)) >= \(width) THEN \(text) ELSE SUBSTR('\(zeros)' || \(text), LENGTH(\(text)) + 1, \(width)) END)"
  }

  // MARK: - Durations

  /// A duration (milliseconds) written as `DurationFormat.format` writes it: `61h12m`,
  /// `48h0m0.001s`, `45s`, `0s`, `-2h`.
  package func formatDuration(_ ms: String) -> String {
    let magnitude = "abs(\(ms))"
    let hours = dialect.intDiv(magnitude, "3600000")
    let minutes = "(\(dialect.intDiv(magnitude, "60000")) % 60)"
    let rest = "(\(magnitude) % 60000)"
    let fraction = "(\(rest) % 1000)"
    let seconds =
      "\(dialect.integerText(dialect.intDiv(rest, "1000"))) || (CASE WHEN \(fraction) = 0 THEN '' ELSE '.' || \(pad(fraction, 3)) END) || 's'"
    // The first nonzero part and the last one, and every part between them.
    let showHours = "\(hours) <> 0"
    let showMinutes = "(\(minutes) <> 0 OR (\(hours) <> 0 AND \(rest) <> 0))"
    let showSeconds = "\(rest) <> 0"
    return """
      (CASE WHEN (\(ms)) = 0 THEN '0s' ELSE (CASE WHEN (\(ms)) < 0 THEN '-' ELSE '' END) || \
      (CASE WHEN \(showHours) THEN \(dialect.integerText(hours)) || 'h' ELSE '' END) || \
      (CASE WHEN \(showMinutes) THEN \(dialect.integerText(minutes)) || 'm' ELSE '' END) || \
      (CASE WHEN \(showSeconds) THEN \(seconds) ELSE '' END) END)
      """
  }

  // MARK: - Numbers

  /// JSON's number grammar, with spaces and tabs around it (`NumberText`).
  static let numberPattern = #"[ \t]*-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?[ \t]*"#

  /// `text` read as a number as `NumberText.number` reads it; NULL when it is not one.
  package func number(_ text: String) -> String {
    "(CASE WHEN \(dialect.fullMatch(text, Self.numberPattern)) THEN \(dialect.finiteDouble(dialect.trimSpaces(text))) END)"
  }

  /// A number written as `Operations.formatNumber` writes it: whole numbers below 10^15
  /// without a fraction.
  package func formatNumber(_ number: String) -> String {
    var written = "CAST(\(number) AS \(dialect.textType))"
    // DuckDB writes doubles as Swift does; PostgreSQL and Spark in layouts of their own.
    if dialect != .duckdb { written = swiftLayout(written) }
    return
      "(CASE WHEN (\(number)) = FLOOR(\(number)) AND abs(\(number)) < 1e15 THEN \(dialect.integerText("CAST(\(number) AS \(dialect.bigint))")) ELSE \(written) END)"
  }

  /// A double's shortest digits, written by the engine as `[-]I[.F][e±X]`, laid out as
  /// Swift's `description` lays them out: `1e+16`, `1.5e-05` when the decimal exponent is
  /// below -4 or above 15, else `0.0001`, `123.45`, `4503661355765002.0`. The text is named
  /// once (`vigil_t`), its digits and exponent once (`vigil_d`, `vigil_e`): a Spark lambda's
  /// parameter, a PostgreSQL subquery's columns.
  func swiftLayout(_ text: String) -> String {
    let pattern = "^-?([0-9]+)(?:[.]([0-9]*))?(?:[eE]([+-]?[0-9]+))?$"
    let t = dialect == .spark ? "vigil_t" : "vigil_n.vigil_t"
    func part(_ number: Int) -> String {
      "COALESCE(\(dialect.group(t, pattern, number)), '')"
    }
    let joined = "(\(part(1)) || \(part(2)))"
    let significant = "regexp_replace(\(joined), '^0+', '')"
    let digits = "regexp_replace(\(significant), '0+$', '')"
    let exponent =
      "(CAST(COALESCE(NULLIF(\(part(3)), ''), '0') AS INTEGER) + length(\(part(1))) - 1"
      + " - (length(\(joined)) - length(\(significant))))"
    let sign = "CASE WHEN substr(\(t), 1, 1) = '-' THEN '-' ELSE '' END"
    let (d, e) = ("vigil_p.d", "vigil_p.e")
    let count = "length(\(d))"
    let power = "lpad(CAST(abs(\(e)) AS \(dialect.textType)), 2, '0')"
    let scientific =
      "substr(\(d), 1, 1) || CASE WHEN \(count) > 1 THEN '.' || substr(\(d), 2, \(count)) ELSE '' END"
      + " || CASE WHEN \(e) < 0 THEN 'e-' ELSE 'e+' END || \(power)"
    let whole =
      "CASE WHEN \(count) <= \(e) + 1 THEN \(d) || repeat('0', \(e) + 1 - \(count)) || '.0'"
      + " ELSE substr(\(d), 1, \(e) + 1) || '.' || substr(\(d), \(e) + 2, \(count)) END"
    let fraction = "'0.' || repeat('0', -1 - \(e)) || \(d)"
    let layout =
      "vigil_p.s || CASE WHEN \(e) < -4 OR \(e) > 15 THEN \(scientific) WHEN \(e) >= 0 THEN \(whole) ELSE \(fraction) END"
    if dialect == .spark {
      let parts = "named_struct('d', \(digits), 'e', \(exponent), 's', \(sign))"
      return
        "element_at(transform(transform(array(\(text)), vigil_t -> \(parts)), vigil_p -> \(layout)), 1)"
    }
    return
      "(SELECT \(layout) FROM (SELECT \(digits) AS d, \(exponent) AS e, \(sign) AS s"
      + " FROM (SELECT \(text) AS vigil_t) AS vigil_n OFFSET 0) AS vigil_p)"
  }

}
