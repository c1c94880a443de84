/// Reading a text (a CSV cell, a JSON string) as a number, as a person reads it: JSON's
/// number grammar, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, with spaces and
/// tabs around it allowed. `0x10`, `NaN`, `inf`, `Infinity`, `1_000`, `1,234`, `+5`, `.5`,
/// `05` and `1e400` (beyond a double) are not numbers.
package enum NumberText {
  /// The number `text` holds, or nil.
  package static func number(_ text: some StringProtocol) -> Double? {
    let trimmed = trimmed(text)
    guard isNumber(trimmed.utf8), let number = Double(trimmed), number.isFinite else {
      return nil
    }
    return number
  }

  private static func trimmed(_ text: some StringProtocol) -> Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    let whole = Substring(text)
    guard let first = whole.firstIndex(where: { !isSpace($0) }) else { return "" }
    // INVARIANT: a non-space character exists, so a last one does.
    let last = whole.lastIndex(where: { !isSpace($0) })!
    return whole[first...last]
  }

  /// Whether `bytes` are a number by JSON's grammar, whole.
  package static func isNumber(_ bytes: some Collection<UInt8>) -> Bool {
    var index = bytes.startIndex
    func at(_ predicate: (UInt8) -> Bool) -> Bool {
      index < bytes.endIndex && predicate(bytes[index])
    }
    func skip(_ byte: UInt8) -> Bool {
      guard at({ $0 == byte }) else { return false }
      index = bytes.index(after: index)
      return true
    }
    func digits() -> Bool {
      guard at(isDigit) else { return false }
      while at(isDigit) { index = bytes.index(after: index) }
      return true
    }
    _ = skip(UInt8(ascii: "-"))
    if !skip(UInt8(ascii: "0")) {
      guard at({ $0 != UInt8(ascii: "0") }), digits() else { return false }
    }
    if skip(UInt8(ascii: ".")) {
      guard digits() else { return false }
    }
    if skip(UInt8(ascii: "e")) || skip(UInt8(ascii: "E")) {
      if !skip(UInt8(ascii: "+")) { _ = skip(UInt8(ascii: "-")) }
      guard digits() else { return false }
    }
    return index == bytes.endIndex
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}
