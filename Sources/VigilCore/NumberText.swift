/// Reading a text (a CSV cell, a JSON string) as a number, as a person reads it: JSON's
/// number grammar, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, with spaces and
/// tabs around it allowed. `0x10`, `NaN`, `inf`, `Infinity`, `1_000`, `1,234`, `+5`, `.5`,
/// `05` and `1e400` (beyond a double) are not numbers.
package enum NumberText {
  /// The number `text` holds, or nil.
  package static func number(_ text: some StringProtocol) -> Double? {
    if let number = text.utf8.withContiguousStorageIfAvailable({ number(bytes: $0) }) {
      return number
    }
    return Array(text.utf8).withUnsafeBufferPointer { number(bytes: $0) }
  }

  /// The number UTF-8 `bytes` hold, or nil.
  package static func number(bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    var first = 0
    var last = bytes.count
    while first < last && isSpace(bytes[first]) { first += 1 }
    while last > first && isSpace(bytes[last - 1]) { last -= 1 }
    let trimmed = UnsafeBufferPointer(rebasing: bytes[first..<last])
    if let integer = smallInteger(trimmed) { return integer }
    guard isNumber(trimmed),
      let number = Double(String(decoding: trimmed, as: UTF8.self)), number.isFinite
    else { return nil }
    return number
  }

  /// A whole number of at most 15 digits (`-?(0|[1-9][0-9]*)`), the commonest number in a
  /// cell: read digit by digit, exactly the double `Double(_:)` reads (every integer below
  /// 2^53 is one), with no string made; nil for anything else.
  @inline(__always)
  private static func smallInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    let negative = !bytes.isEmpty && bytes[0] == UInt8(ascii: "-")
    let digits = UnsafeBufferPointer(rebasing: bytes[(negative ? 1 : 0)...])
    guard !digits.isEmpty, digits.count <= 15, digits[0] != UInt8(ascii: "0") || digits.count == 1
    else { return nil }
    var value: Int64 = 0
    for byte in digits {
      let digit = byte &- UInt8(ascii: "0")
      guard digit <= 9 else { return nil }
      value = value &* 10 &+ Int64(digit)
    }
    // `-0` is the double -0.0, as `Double("-0")` reads it.
    return negative ? -Double(value) : Double(value)
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
  }

  /// Whether `bytes` are a number by JSON's grammar, whole.
  package static func isNumber(_ bytes: some Collection<UInt8>) -> Bool {
    if let valid = bytes.withContiguousStorageIfAvailable({ isNumber($0) }) { return valid }
    return Array(bytes).withUnsafeBufferPointer { isNumber($0) }
  }

  /// Whether `bytes` are a number by JSON's grammar, whole.
  package static func isNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    let count = bytes.count
    /// Moves past a run of digits; false when there is none.
    func digits(_ index: inout Int) -> Bool {
      guard index < count, isDigit(bytes[index]) else { return false }
      while index < count && isDigit(bytes[index]) { index += 1 }
      return true
    }
    if index < count && bytes[index] == UInt8(ascii: "-") { index += 1 }
    if index < count && bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else if !digits(&index) {
      return false
    }
    if index < count && bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits(&index) else { return false }
    }
    if index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
      index += 1
      if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
        index += 1
      }
      guard digits(&index) else { return false }
    }
    return index == count
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}
