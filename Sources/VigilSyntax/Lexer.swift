import VigilCore

/// Turns a policy file's bytes into tokens. Lexical errors are reported as diagnostics and
/// leave an `.invalid` token, so the parser goes on and every error in the file is found.
package struct Lexer {
  private let source: Source
  private let bytes: [UInt8]
  private var offset = 0
  private var lineHasToken = false
  private var lineIndent = 0
  /// The diagnostics found so far.
  package private(set) var diagnostics: [Diagnostic] = []
  /// The comments skipped so far, in order (tokens never include them).
  package private(set) var comments: [Comment] = []

  /// A comment: from `#` to the end of its line, without the line break.
  package struct Comment: Sendable, Hashable {
    /// The bytes it covers.
    package var range: SourceRange
    /// Its text, `#` included.
    package var text: String
  }

  /// A lexer over `source`.
  package init(source: Source) {
    self.source = source
    self.bytes = source.bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
  }

  /// Every token of the file, ending with `.end`.
  package mutating func tokenize() -> [Token] {
    var tokens: [Token] = []
    while true {
      let token = next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  /// The next token.
  package mutating func next() -> Token {
    skipTrivia()
    let start = offset
    let startsLine = !lineHasToken
    lineHasToken = true
    guard offset < bytes.count else {
      return Token(kind: .end, range: SourceRange(start, start), startsLine: true, indent: 0)
    }
    let kind = lexKind()
    return Token(
      kind: kind, range: SourceRange(start, offset), startsLine: startsLine, indent: lineIndent)
  }

  // MARK: - Trivia

  private mutating func skipTrivia() {
    while offset < bytes.count {
      switch bytes[offset] {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        offset += 1
      case UInt8(ascii: "\n"):
        offset += 1
        lineHasToken = false
        lineIndent = 0
        measureIndent()
      case UInt8(ascii: "#"):
        let start = offset
        while offset < bytes.count && !isLineEnd(offset) { offset += 1 }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        comments.append(Comment(range: SourceRange(start, offset), text: text))
      default:
        return
      }
    }
  }

  /// Whether a line ends at `index`: a `\n`, or the `\r` of a `\r\n` (or of the file's
  /// last line), so that a file with Windows line endings reads as one with `\n`.
  private func isLineEnd(_ index: Int) -> Bool {
    bytes[index] == UInt8(ascii: "\n")
      || (bytes[index] == UInt8(ascii: "\r")
        && (index + 1 == bytes.count || bytes[index + 1] == UInt8(ascii: "\n")))
  }

  private mutating func measureIndent() {
    var column = 0
    var index = offset
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: " ") {
        column += 1
      } else if bytes[index] == UInt8(ascii: "\t") {
        column += 8 - column % 8
      } else {
        break
      }
      index += 1
    }
    lineIndent = column
  }

  // MARK: - Tokens

  private mutating func lexKind() -> Token.Kind {
    let byte = bytes[offset]
    if isIdentifierStart(byte) { return lexIdentifier() }
    if isDigit(byte) { return lexNumber() }
    switch byte {
    case UInt8(ascii: "\""): return lexString()
    case UInt8(ascii: "`"): return lexQuotedName()
    case UInt8(ascii: "@"): return lexTimestamp()
    case 0xE2 where bytes[offset...].starts(with: [0xE2, 0x86, 0x92]):
      offset += 3
      return .symbol(.arrow)
    default: return lexSymbol()
    }
  }

  private mutating func lexIdentifier() -> Token.Kind {
    let start = offset
    while offset < bytes.count && (isIdentifierStart(bytes[offset]) || isDigit(bytes[offset])) {
      offset += 1
    }
    return .identifier(String(decoding: bytes[start..<offset], as: UTF8.self))
  }

  private mutating func lexSymbol() -> Token.Kind {
    let start = offset
    let two = offset + 1 < bytes.count ? [bytes[offset], bytes[offset + 1]] : [bytes[offset]]
    let pairs: [([UInt8], Token.Symbol)] = [
      (Array("->".utf8), .arrow), (Array("==".utf8), .equal), (Array("!=".utf8), .notEqual),
      (Array("<=".utf8), .lessEqual), (Array(">=".utf8), .greaterEqual),
    ]
    for (text, symbol) in pairs where two == text {
      offset += 2
      return .symbol(symbol)
    }
    offset += 1
    let singles: [UInt8: Token.Symbol] = [
      UInt8(ascii: "<"): .less, UInt8(ascii: ">"): .greater, UInt8(ascii: "="): .assign,
      UInt8(ascii: "+"): .plus, UInt8(ascii: "-"): .minus, UInt8(ascii: "*"): .star,
      UInt8(ascii: "/"): .slash, UInt8(ascii: "("): .leftParen, UInt8(ascii: ")"): .rightParen,
      UInt8(ascii: "["): .leftBracket, UInt8(ascii: "]"): .rightBracket,
      UInt8(ascii: ","): .comma, UInt8(ascii: "."): .dot, UInt8(ascii: ":"): .colon,
    ]
    if let symbol = singles[bytes[start]] { return .symbol(symbol) }
    // Consume a whole UTF-8 character so the caret covers it.
    while offset < bytes.count && bytes[offset] & 0xC0 == 0x80 { offset += 1 }
    let text = String(decoding: bytes[start..<offset], as: UTF8.self)
    var help: String? = nil
    if text == "!" { help = "write 'not' to negate, or '!=' for 'not equal'" }
    if text == "'" { help = "strings are written in double quotes: \"text\"" }
    if text == "&" || text == "|" { help = "write 'and' / 'or'" }
    report(.unexpectedCharacter, "unexpected character '\(text)'", start, help: help)
    return .invalid
  }

  // MARK: - Numbers, durations, percentages

  private mutating func lexNumber() -> Token.Kind {
    let start = offset
    let integerEnd = scanDigits()
    var isDecimal = false
    if offset + 1 < bytes.count && bytes[offset] == UInt8(ascii: ".") && isDigit(bytes[offset + 1])
    {
      offset += 1
      _ = scanDigits()
      isDecimal = true
    }
    let numberText = String(decoding: bytes[start..<offset], as: UTF8.self)
    if offset < bytes.count && bytes[offset] == UInt8(ascii: "%") {
      offset += 1
      return .percentage((Double(numberText) ?? 0) / 100)
    }
    if offset < bytes.count && isIdentifierStart(bytes[offset]) {
      if isDecimal {
        _ = scanWord()
        report(
          .invalidLiteral, "a duration cannot have a decimal point", start,
          help: "combine whole units instead, e.g. 1h30m for an hour and a half")
        return .invalid
      }
      offset = integerEnd
      return lexDuration(from: start)
    }
    return .number(Double(numberText) ?? 0)
  }

  /// Durations: one or more `<digits><unit>` parts, units largest first: w d h m s ms.
  private mutating func lexDuration(from start: Int) -> Token.Kind {
    let units = DurationWords.units
    offset = start
    var total: Int64 = 0
    var lastUnit = -1
    while offset < bytes.count && isDigit(bytes[offset]) {
      let digitsStart = offset
      _ = scanDigits()
      let amount = Int64(String(decoding: bytes[digitsStart..<offset], as: UTF8.self)) ?? 0
      let unitText = scanWord()
      guard !unitText.isEmpty else {
        report(
          .invalidLiteral, "the last number of this duration has no unit", start,
          help: "give every number a unit: 3h30m")
        return .invalid
      }
      guard let unitIndex = units.firstIndex(where: { $0.letter == unitText }) else {
        // `2days`, `1hr30mins`: the whole literal, and the one meant.
        while offset < bytes.count && (isIdentifierStart(bytes[offset]) || isDigit(bytes[offset])) {
          offset += 1
        }
        let written = String(decoding: bytes[start..<offset], as: UTF8.self)
        let meant = DurationWords.literal(correcting: written)
        report(
          .invalidLiteral, "unknown duration unit '\(unitText)'", start,
          help: (meant.map { "write \($0); " } ?? "")
            + "durations use w, d, h, m, s and ms, e.g. 48h, 1h30m, 90s", fix: meant)
        return .invalid
      }
      guard unitIndex > lastUnit else {
        report(
          .invalidLiteral, "duration units must go from largest to smallest, each once", start,
          help: "write e.g. 1h30m, not 30m1h")
        return .invalid
      }
      lastUnit = unitIndex
      let (product, overflow) = amount.multipliedReportingOverflow(
        by: units[unitIndex].milliseconds)
      if overflow {
        report(.invalidLiteral, "duration is too long", start)
        return .invalid
      }
      total += product
    }
    return .duration(total)
  }

  private mutating func scanDigits() -> Int {
    while offset < bytes.count && isDigit(bytes[offset]) {
      offset += 1
    }
    return offset
  }

  private mutating func scanWord() -> String {
    let start = offset
    while offset < bytes.count && isIdentifierStart(bytes[offset]) { offset += 1 }
    return String(decoding: bytes[start..<offset], as: UTF8.self)
  }

  // MARK: - Strings, names, timestamps

  private mutating func lexString() -> Token.Kind {
    let start = offset
    offset += 1
    var value: [UInt8] = []
    var valid = true
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\"") {
        offset += 1
        return valid ? .string(String(decoding: value, as: UTF8.self)) : .invalid
      }
      if isLineEnd(offset) { break }
      if byte == UInt8(ascii: "\\") {
        if let decoded = lexEscape() { value += decoded } else { valid = false }
        continue
      }
      value.append(byte)
      offset += 1
    }
    report(
      .unterminatedString, "this string has no closing quote", start,
      end: offset, help: "end the string with \" on the same line")
    return .invalid
  }

  private mutating func lexEscape() -> [UInt8]? {
    let start = offset
    offset += 1
    guard offset < bytes.count else { return nil }
    let byte = bytes[offset]
    offset += 1
    switch byte {
    case UInt8(ascii: "\""): return [byte]
    case UInt8(ascii: "\\"): return [byte]
    case UInt8(ascii: "n"): return [UInt8(ascii: "\n")]
    case UInt8(ascii: "t"): return [UInt8(ascii: "\t")]
    case UInt8(ascii: "r"): return [UInt8(ascii: "\r")]
    case UInt8(ascii: "u"): return lexUnicodeEscape(from: start)
    default:
      report(
        .invalidEscape, "unknown escape '\\\(Character(UnicodeScalar(byte)))'", start, end: offset,
        help: "strings know \\\" \\\\ \\n \\t \\r and \\u{XXXX}")
      return nil
    }
  }

  private mutating func lexUnicodeEscape(from start: Int) -> [UInt8]? {
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "{") else {
      report(.invalidEscape, "a \\u escape needs braces", start, end: offset, help: "write \\u{E9}")
      return nil
    }
    let digitsStart = offset + 1
    var index = digitsStart
    while index < bytes.count && index - digitsStart < 8 && bytes[index] != UInt8(ascii: "}") {
      index += 1
    }
    let hex = String(decoding: bytes[digitsStart..<index], as: UTF8.self)
    guard index < bytes.count, bytes[index] == UInt8(ascii: "}"),
      let code = UInt32(hex, radix: 16), let scalar = UnicodeScalar(code)
    else {
      offset = Swift.min(index + 1, bytes.count)
      report(
        .invalidEscape, "'\\u{\(hex)}' is not a Unicode character", start, end: offset,
        help: "write one to six hex digits, e.g. \\u{E9}")
      return nil
    }
    offset = index + 1
    return Array(String(Character(scalar)).utf8)
  }

  private mutating func lexQuotedName() -> Token.Kind {
    let start = offset
    offset += 1
    while offset < bytes.count && bytes[offset] != UInt8(ascii: "`") && !isLineEnd(offset) {
      offset += 1
    }
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "`") else {
      report(
        .unterminatedString, "this backquoted name has no closing backquote", start, end: offset,
        help: "end the field name with ` on the same line")
      return .invalid
    }
    let name = String(decoding: bytes[(start + 1)..<offset], as: UTF8.self)
    offset += 1
    if name.isEmpty {
      report(.invalidLiteral, "a backquoted name cannot be empty", start, end: offset)
      return .invalid
    }
    return .quotedName(name)
  }

  private mutating func lexTimestamp() -> Token.Kind {
    let start = offset
    offset += 1
    while offset < bytes.count && isTimestampByte(bytes[offset]) { offset += 1 }
    let text = String(decoding: bytes[(start + 1)..<offset], as: UTF8.self)
    switch TimeParsing.parseISO8601(text) {
    case .time(let milliseconds):
      return .timestamp(milliseconds)
    case .missingOffset:
      report(
        .invalidLiteral, "timestamp '@\(text)' has no time zone offset", start, end: offset,
        help: "add Z for UTC or an offset, e.g. @\(text.contains("T") ? text : text + "T00:00:00")Z"
      )
    case .invalid:
      report(
        .invalidLiteral, "'@\(text)' is not an ISO-8601 timestamp", start, end: offset,
        help: "write e.g. @2026-11-25T09:30:00Z or @2026-11-25T09:30:00+01:00")
    }
    return .invalid
  }

  // MARK: - Helpers

  private mutating func report(
    _ code: DiagnosticCode, _ message: String, _ start: Int, end: Int? = nil, help: String? = nil,
    fix: String? = nil
  ) {
    let range = SourceRange(start, end ?? offset)
    var diagnostic = Diagnostic(.error, code, message, source: source, range: range, help: help)
    diagnostic.fix = fix.map { Diagnostic.Fix(range: range, replacement: $0) }
    diagnostics.append(diagnostic)
  }

  private func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
  }

  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private func isTimestampByte(_ byte: UInt8) -> Bool {
    isDigit(byte) || isIdentifierStart(byte) || byte == UInt8(ascii: "-")
      || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
  }
}
