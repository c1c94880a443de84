/// The SQL engines `vigil sql` writes for, and how each spells what the queries need. Every
/// query is built from these few spellings, so what differs between engines is said here
/// and nowhere else.
package enum SQLDialect: String, Sendable, CaseIterable {
  case duckdb, postgres, spark

  /// The engine's name in messages: `DuckDB`.
  package var displayName: String {
    switch self {
    case .duckdb: return "DuckDB"
    case .postgres: return "PostgreSQL"
    case .spark: return "Spark SQL"
    }
  }

  /// A text literal.
  package func text(_ value: String) -> String {
    switch self {
    case .duckdb, .postgres:
      return "'" + value.replacingAll("'", with: "''") + "'"
    case .spark:
      // Spark SQL reads backslash escapes in literals: both quotes and backslashes are escaped.
      return "'" + value.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }
  }

  /// A quoted identifier.
  package func identifier(_ name: String) -> String {
    switch self {
    case .duckdb, .postgres: return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    case .spark: return "`" + name.replacingAll("`", with: "``") + "`"
    }
  }

  /// The 64-bit integer type.
  package var bigint: String { "BIGINT" }

  /// The double-precision type.
  package var double: String { self == .postgres ? "DOUBLE PRECISION" : "DOUBLE" }

  /// The type sums of numbers are exact in: 128-bit integers, PostgreSQL's `NUMERIC`,
  /// Spark's `DECIMAL(38,0)`.
  package var exactInteger: String {
    switch self {
    case .duckdb: return "HUGEINT"
    case .postgres: return "NUMERIC"
    case .spark: return "DECIMAL(38,0)"
    }
  }

  /// An expression of type `type` that stops the query with `message` when evaluated
  /// (`nonConstant`, a column, keeps PostgreSQL from raising it while planning).
  package func fail(_ message: String, _ type: String, nonConstant: String) -> String {
    switch self {
    case .duckdb: return "CAST(error(\(text(message))) AS \(type))"
    case .postgres:
      return "CAST(CAST(\(text(message + ": ")) || \(nonConstant) AS INTEGER) AS \(type))"
    case .spark: return "CAST(raise_error(\(text(message))) AS \(type))"
    }
  }

  /// The text type.
  package var textType: String { self == .spark ? "STRING" : "VARCHAR" }

  /// `a / b` on integers, truncated toward zero.
  package func intDiv(_ a: String, _ b: String) -> String {
    switch self {
    case .duckdb: return "((\(a)) // (\(b)))"
    case .postgres: return "((\(a)) / (\(b)))"
    case .spark: return "((\(a)) div (\(b)))"
    }
  }

  /// Whether `text` is matched whole by the regular expression `pattern` (written in the
  /// syntax all three engines share: no escapes, no classes but bracketed ones).
  package func fullMatch(_ text: String, _ pattern: String) -> String {
    switch self {
    case .duckdb: return "regexp_full_match(\(text), \(self.text(pattern)))"
    case .postgres: return "((\(text)) ~ \(self.text("^(?:" + pattern + ")$")))"
    case .spark: return "((\(text)) RLIKE \(self.text("^(?:" + pattern + ")$")))"
    }
  }

  /// Group `group` of the first match of `pattern` in `text`; '' or NULL when the group took
  /// no part in the match.
  package func group(_ text: String, _ pattern: String, _ group: Int) -> String {
    switch self {
    case .duckdb, .spark: return "regexp_extract(\(text), \(self.text(pattern)), \(group))"
    case .postgres: return "(regexp_match(\(text), \(self.text(pattern))))[\(group)]"
    }
  }

  /// A text read as a 64-bit integer, where it is known to be one.
  package func integer(_ text: String) -> String {
    "CAST(\(text) AS \(bigint))"
  }

  /// Whether the regular expression `pattern` (already written for this engine) matches
  /// somewhere in `text`.
  package func regexSearch(_ text: String, _ pattern: String) -> String {
    switch self {
    case .duckdb: return "regexp_matches(\(text), \(self.text(pattern)))"
    case .postgres: return "((\(text)) ~ \(self.text(pattern)))"
    case .spark: return "((\(text)) RLIKE \(self.text(pattern)))"
    }
  }

  /// A text known to hold a number in JSON's grammar, as a double; NULL when it is too large
  /// to be one (`1e400`).
  package func finiteDouble(_ text: String) -> String {
    switch self {
    case .duckdb:
      return
        "(CASE WHEN isfinite(TRY_CAST(\(text) AS DOUBLE)) THEN TRY_CAST(\(text) AS DOUBLE) END)"
    case .postgres:
      // numeric reads any size; only the finite doubles are numbers.
      return
        "(CASE WHEN abs(CAST(\(text) AS NUMERIC)) <= 1.7976931348623157e308 THEN CAST(\(text) AS DOUBLE PRECISION) END)"
    case .spark:
      return
        "(CASE WHEN abs(CAST(\(text) AS DOUBLE)) < double('Infinity') THEN CAST(\(text) AS DOUBLE) END)"
    }
  }

  /// `text` without the spaces and tabs around it.
  package func trimSpaces(_ text: String) -> String {
    switch self {
    case .duckdb, .postgres: return "regexp_replace(\(text), '^[ \\t]+|[ \\t]+$', '', 'g')"
    case .spark: return "regexp_replace(\(text), '^[ \\\\t]+|[ \\\\t]+$', '')"
    }
  }

  /// An integer as text.
  package func integerText(_ value: String) -> String {
    "CAST(\(value) AS \(textType))"
  }

  /// `text` holding `part`.
  package func containsText(_ text: String, _ part: String) -> String {
    switch self {
    case .duckdb, .postgres: return "(strpos(\(text), \(part)) > 0)"
    case .spark: return "(instr(\(text), \(part)) > 0)"
    }
  }

  /// Texts compared by their bytes (Unicode code points), whatever the database's collation.
  package func textOrder(_ a: String, _ op: String, _ b: String) -> String {
    switch self {
    case .duckdb, .spark: return "(\(a) \(op) \(b))"
    case .postgres: return "((\(a)) COLLATE \"C\" \(op) (\(b)) COLLATE \"C\")"
    }
  }

  /// Concatenation of texts (NULL when one is).
  package func concat(_ parts: [String]) -> String {
    "(" + parts.joined(separator: " || ") + ")"
  }

  /// The first day of the month holding the day `day` (days since 1970-01-01, an integer),
  /// by the engine's dates.
  package func monthStart(_ day: String) -> String {
    let date = "DATE '1970-01-01'"
    switch self {
    case .duckdb:
      return
        "CAST(CAST(date_trunc('month', \(date) + CAST(\(day) AS INTEGER)) AS DATE) - \(date) AS BIGINT)"
    case .postgres:
      let d = "(\(date) + CAST(\(day) AS INTEGER))"
      return
        "CAST(make_date(CAST(extract(year FROM \(d)) AS INTEGER), CAST(extract(month FROM \(d)) AS INTEGER), 1) - \(date) AS BIGINT)"
    case .spark:
      return
        "CAST(datediff(trunc(date_add(\(date), CAST(\(day) AS INT)), 'MM'), \(date)) AS BIGINT)"
    }
  }

  /// A group's key `a` and `b` alike (equal, or both NULL) as a join's condition, `kind` being
  /// what both hold. PostgreSQL joins on `IS NOT DISTINCT FROM` only by a nested loop, each
  /// event against each case (a case's holders over the help desk's 21,348 events took 148 s):
  /// there the same test is written as two equalities it can hash, whether each is NULL and
  /// each with NULL read as one value of its type (equal values stay equal, -0 and 0 alike).
  package func sameKey(_ a: String, _ b: String, _ kind: SQLKind) -> String {
    let zero: String
    switch (self, kind) {
    case (.postgres, .text): zero = "''"
    case (.postgres, .number), (.postgres, .time), (.postgres, .duration): zero = "0"
    case (.postgres, .bool): zero = "FALSE"
    default: return sameOrBothNull(a, b)
    }
    return "((\(a) IS NULL) = (\(b) IS NULL) AND COALESCE(\(a), \(zero)) = COALESCE(\(b), \(zero)))"
  }

  /// The integers from `low` to `high` (none when `high` is below it), a row each, as an
  /// item of a SELECT list that reads `low` and `high` from the row it is made from.
  package func numbers(from low: String, to high: String) -> String {
    switch self {
    case .duckdb: return "unnest(range(\(low), \(high) + 1))"
    case .postgres: return "generate_series(\(low), \(high))"
    case .spark: return "explode(sequence(\(low), \(high)))"
    }
  }

  /// `a` and `b` equal, or both NULL.
  package func sameOrBothNull(_ a: String, _ b: String) -> String {
    switch self {
    case .duckdb, .postgres: return "(\(a) IS NOT DISTINCT FROM \(b))"
    case .spark: return "(\(a) <=> \(b))"
    }
  }

  /// A value in ORDER BY, texts by their bytes.
  package func orderKey(_ value: String, text: Bool) -> String {
    text && self == .postgres ? "\(value) COLLATE \"C\"" : value
  }

  /// The `now` parameter of a query compiled with `--now param`.
  package var nowParameter: String {
    switch self {
    case .duckdb: return "$now"
    case .postgres: return "$1"
    case .spark: return ":now"
    }
  }
}

extension String {
  /// The text with every `word` that is a whole name (not part of a longer one: no letter,
  /// digit, `_` or `.` before it, no letter, digit or `_` after it) replaced.
  func replacingWord(_ word: String, with replacement: String) -> String {
    func isName(_ byte: UInt8?) -> Bool {
      guard let byte else { return false }
      return byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39)
        || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
    let bytes = Array(utf8)
    let target = Array(word.utf8)
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
      let end = index + target.count
      if end <= bytes.count, bytes[index..<end].elementsEqual(target),
        !isName(index > 0 ? bytes[index - 1] : nil),
        index == 0 || bytes[index - 1] != UInt8(ascii: "."),
        !isName(end < bytes.count ? bytes[end] : nil)
      {
        out += replacement.utf8
        index = end
      } else {
        out.append(bytes[index])
        index += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The text with every `target` replaced.
  func replacingAll(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
