import VigilRegex
import VigilSyntax

extension Checker {
  /// Reports why a `matches` pattern does not compile, with the caret on the construct
  /// inside the string literal at `literal`.
  package mutating func reportRegexError(_ error: RegexError, literal: SourceRange) {
    let code: DiagnosticCode = error.kind == .unsupported ? .unsupportedRegex : .invalidRegex
    let prefix = error.kind == .unsupported ? "" : "invalid regular expression: "
    var help = error.help
    if error.kind == .invalid, help?.contains("\\") ?? true, help?.contains("in the string") != true
    {
      help = (help.map { $0 + "; " } ?? "") + "in a string, a backslash is written \\\\"
    }
    report(
      code, prefix + error.message, Self.sourceRange(of: error.range, in: literal, source),
      help: help)
  }

  /// The bytes of the source that hold `range` of the decoded string written at `literal`
  /// (its quotes included), reading the string's escapes; the whole literal when it cannot
  /// be followed (a string from elsewhere).
  package static func sourceRange(of range: Range<Int>, in literal: SourceRange, _ source: Source)
    -> SourceRange
  {
    let bytes = source.bytes
    guard literal.start < literal.end, literal.end <= bytes.count,
      bytes[literal.start] == UInt8(ascii: "\""), range.lowerBound < range.upperBound
    else { return literal }
    var offset = literal.start + 1
    var decoded = 0
    var start: Int?
    while offset < literal.end - 1 {
      if decoded >= range.lowerBound && start == nil { start = offset }
      if decoded >= range.upperBound { break }
      let length = escapeLength(bytes, at: offset, end: literal.end - 1)
      decoded += decodedLength(bytes, at: offset, length: length)
      offset += length
    }
    guard let start, decoded >= range.upperBound else { return literal }
    return SourceRange(start, offset)
  }

  /// The source length of the character or escape at `offset`.
  package static func escapeLength(_ bytes: [UInt8], at offset: Int, end: Int) -> Int {
    guard bytes[offset] == UInt8(ascii: "\\"), offset + 1 < end else { return 1 }
    guard bytes[offset + 1] == UInt8(ascii: "u") else { return 2 }
    var index = offset + 2
    while index < end && bytes[index] != UInt8(ascii: "}") { index += 1 }
    return Swift.min(index + 1, end) - offset
  }

  /// How many bytes of the string the source bytes at `offset` stand for.
  package static func decodedLength(_ bytes: [UInt8], at offset: Int, length: Int) -> Int {
    guard bytes[offset] == UInt8(ascii: "\\") else { return length }
    guard length > 2 else { return 1 }
    let hex = String(decoding: bytes[offset + 3..<offset + length - 1], as: UTF8.self)
    guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else { return 1 }
    return String(Character(scalar)).utf8.count
  }
}
