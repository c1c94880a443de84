import VigilRegex

/// A `matches` pattern rewritten for an engine, from Vigil's parse of it, so that the engine
/// matches exactly the texts Vigil matches: every class spelt out (no `\d`, `\w`, `(?i)`,
/// whose meanings differ between engines), `.` as `[^\n]`. What an engine cannot say with the
/// same meaning (word boundaries outside RE2, line anchors outside RE2, case folding beyond
/// ASCII) is a gap.
enum SQLRegex {
  /// The pattern for `dialect`.
  static func pattern(_ pattern: String, for dialect: SQLDialect) throws -> String {
    let node: RegexNode
    do {
      node = try RegexParser.parse(pattern)
    } catch {
      // The checker compiled it already.
      throw SQLGap("the pattern \"\(pattern)\"", at: .op(.matches))
    }
    return try write(node, dialect, pattern)
  }

  static func write(_ node: RegexNode, _ dialect: SQLDialect, _ pattern: String) throws -> String {
    func gap(_ what: String) -> SQLGap {
      SQLGap("\(what) in the pattern \"\(pattern)\"", at: .op(.matches))
    }
    switch node {
    case .empty: return ""
    case .literal(let scalar, let fold):
      let set = RegexCharSet([scalar...scalar], fold: fold)
      if !fold { return escape(scalar, dialect) }
      return try charClass(set, dialect) ?? { throw gap("case folding beyond ASCII") }()
    case .set(let set):
      return try charClass(set, dialect) ?? { throw gap("case folding beyond ASCII") }()
    case .any(let dotAll):
      if dotAll { return anything(dialect) }
      return "[^\\n]"
    case .assertion(let assertion):
      switch (assertion, dialect) {
      case (.textStart, _): return dialect == .postgres ? "^" : "\\A"
      case (.textEnd, _): return dialect == .postgres ? "$" : "\\z"
      case (.lineStart, .duckdb): return "(?m:^)"
      case (.lineEnd, .duckdb): return "(?m:$)"
      case (.wordBoundary, .duckdb): return "\\b"
      case (.notWordBoundary, .duckdb): return "\\B"
      case (.lineStart, _), (.lineEnd, _): throw gap("'^' or '$' of a line ((?m))")
      case (.wordBoundary, _), (.notWordBoundary, _): throw gap("a word boundary (\\b, \\B)")
      }
    case .concat(let parts):
      return try parts.map { try "(?:" + write($0, dialect, pattern) + ")" }.joined()
    case .alternate(let branches):
      return try "(?:" + branches.map { try write($0, dialect, pattern) }.joined(separator: "|")
        + ")"
    case .repetition(let inner, let min, let max):
      if dialect == .postgres && (min > 255 || (max ?? 0) > 255) {
        throw gap("a count above 255")
      }
      let count: String
      switch (min, max) {
      case (0, nil): count = "*"
      case (1, nil): count = "+"
      case (0, 1): count = "?"
      case (_, nil): count = "{\(min),}"
      case (_, let max?) where max == min: count = "{\(min)}"
      case (_, let max?): count = "{\(min),\(max)}"
      }
      return try "(?:" + write(inner, dialect, pattern) + ")" + count
    }
  }

  /// Any one scalar.
  static func anything(_ dialect: SQLDialect) -> String {
    "[" + escape(0, dialect) + "-" + escape(0x10FFFF, dialect) + "]"
  }

  /// No scalar at all.
  static func nothing(_ dialect: SQLDialect) -> String {
    "[^" + escape(0, dialect) + "-" + escape(0x10FFFF, dialect) + "]"
  }

  /// A scalar, escaped so every engine reads it as itself.
  static func escape(_ scalar: UInt32, _ dialect: SQLDialect) -> String {
    if let ascii = Unicode.Scalar(scalar), scalar < 0x80,
      ascii.properties.isAlphabetic || ("0"..."9").contains(Character(ascii))
    {
      return String(Character(ascii))
    }
    let hex = String(scalar, radix: 16, uppercase: true)
    switch dialect {
    case .duckdb, .spark: return "\\x{\(hex)}"
    case .postgres:
      return scalar <= 0xFFFF
        ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }
  }

  /// A bracketed class matching what the set matches in Vigil; nil when it folds case
  /// beyond ASCII.
  static func charClass(_ set: RegexCharSet, _ dialect: SQLDialect) -> String? {
    var ranges = set.ranges
    if set.fold {
      guard ranges.allSatisfy({ $0.upperBound < 0x80 }) else { return nil }
      ranges = folded(ranges)
    }
    if ranges.isEmpty { return set.negated ? anything(dialect) : nothing(dialect) }
    let body = ranges.map { range in
      range.lowerBound == range.upperBound
        ? escape(range.lowerBound, dialect)
        : escape(range.lowerBound, dialect) + "-" + escape(range.upperBound, dialect)
    }.joined()
    return "[" + (set.negated ? "^" : "") + body + "]"
  }

  /// ASCII ranges, with every scalar whose simple lowercase or uppercase mapping is in them:
  /// the other case of each letter, and the four non-ASCII scalars that map onto ASCII
  /// (K KELVIN SIGN → k, İ → i, ı → I, ſ → S).
  static func folded(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
    func holds(_ character: Character) -> Bool {
      // INVARIANT: callers pass ASCII characters.
      let scalar = character.unicodeScalars.first!.value
      return ranges.contains { $0.contains(scalar) }
    }
    var result = ranges
    for range in ranges {
      for scalar in range {
        if (0x41...0x5A).contains(scalar) { result.append((scalar + 0x20)...(scalar + 0x20)) }
        if (0x61...0x7A).contains(scalar) { result.append((scalar - 0x20)...(scalar - 0x20)) }
      }
    }
    if holds("k") { result.append(0x212A...0x212A) }
    if holds("i") { result.append(0x130...0x130) }
    if holds("I") { result.append(0x131...0x131) }
    if holds("S") { result.append(0x17F...0x17F) }
    return RegexCharSet.normalised(result)
  }
}
