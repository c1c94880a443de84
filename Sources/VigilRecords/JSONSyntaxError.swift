/// A syntax error in one JSON line: what is wrong, and the byte offset where it was found.
package struct JSONSyntaxError: Error {
  /// What is wrong.
  package enum Kind {
    /// Something else was expected here; the payload says what (`"',' or '}'"`).
    case expected(String)
    /// The line does not hold an object; the payload names what it holds (`"an array"`).
    case notAnObject(found: String)
    /// A string without its closing quote (the offset is the opening quote).
    case unterminatedString
    /// A backslash followed by a character that is not an escape.
    case invalidEscape
    /// `\u` not followed by four hexadecimal digits.
    case invalidUnicodeEscape
    /// A `\u` escape of half a surrogate pair without the other half.
    case unpairedSurrogate
    /// A byte below 0x20 inside a string.
    case controlCharacter
    /// A letter sequence that is not `true`, `false` or `null`.
    case invalidLiteral
    /// Containers nested deeper than `JSONParser.maximumDepth`.
    case tooDeep
    /// Something after the end of the object.
    case trailingCharacters
    /// Bytes that are not well-formed UTF-8.
    case invalidUTF8
  }

  /// What is wrong.
  package var kind: Kind
  /// The byte offset in the line.
  package var offset: Int

  /// The reason a reader reports: `invalid JSON at column 17: expected ',' or '}'`. Columns
  /// count Unicode scalars from 1.
  package func reason(in line: UnsafeBufferPointer<UInt8>) -> String {
    let column = UTF8Validation.column(of: offset, in: line)
    switch kind {
    case .notAnObject(let found):
      return "expected a JSON object, found \(found)"
    case .invalidUTF8:
      return "invalid UTF-8 at column \(column)"
    default:
      if startsInvalidUTF8(in: line) {
        return "invalid UTF-8 at column \(column)"
      }
      let atEnd = offset >= line.count
      return "invalid JSON at column \(column): \(detail(atEndOfLine: atEnd))"
    }
  }

  /// Whether the unexpected byte is itself not UTF-8: that is the better explanation.
  private func startsInvalidUTF8(in line: UnsafeBufferPointer<UInt8>) -> Bool {
    guard offset < line.count, line[offset] >= 0x80 else { return false }
    if case .valid = UTF8Validation.sequence(in: line, at: offset) { return false }
    return true
  }

  private func detail(atEndOfLine: Bool) -> String {
    switch kind {
    case .expected(let what):
      return atEndOfLine ? "expected \(what), found end of line" : "expected \(what)"
    case .notAnObject(let found): return "expected a JSON object, found \(found)"
    case .unterminatedString: return "unterminated string"
    case .invalidEscape: return "invalid escape sequence"
    case .invalidUnicodeEscape: return "invalid \\u escape, expected four hexadecimal digits"
    case .unpairedSurrogate: return "unpaired surrogate in \\u escape"
    case .controlCharacter: return "unescaped control character in string"
    case .invalidLiteral: return "invalid literal, expected true, false or null"
    case .tooDeep: return "nesting deeper than \(JSONParser.maximumDepth)"
    case .trailingCharacters: return "unexpected characters after the object"
    case .invalidUTF8: return "invalid UTF-8"
    }
  }
}
