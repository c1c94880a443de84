/// Reads one JSON text (RFC 8259) into a `JSON` value: what a JSON-RPC message's body is.
/// Strict: no comments, no trailing commas, no leading zeros, no text after the value;
/// nesting deeper than `maxDepth` is an error rather than a deep recursion.
package struct JSONReader {
  /// How deep arrays and objects may nest.
  package static let maxDepth = 256

  private let bytes: [UInt8]
  private var index = 0

  /// What is wrong with a JSON text, and at which byte.
  package struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package var offset: Int
    package var description: String { "\(message) at byte \(offset)" }
  }

  private init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// The value `bytes` hold.
  package static func read(_ bytes: [UInt8]) throws(Failure) -> JSON {
    var reader = JSONReader(bytes)
    reader.skipSpace()
    let value = try reader.value(depth: 0)
    reader.skipSpace()
    guard reader.index == bytes.count else { throw reader.failure("text after the JSON value") }
    return value
  }

  /// The value `text` holds.
  package static func read(_ text: String) throws(Failure) -> JSON {
    try read(Array(text.utf8))
  }

  private func failure(_ message: String) -> Failure {
    Failure(message: message, offset: index)
  }

  private mutating func skipSpace() {
    while index < bytes.count,
      [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(
        bytes[index])
    {
      index += 1
    }
  }

  private mutating func value(depth: Int) throws(Failure) -> JSON {
    guard index < bytes.count else { throw failure("the text ends where a value should be") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try object(depth: depth + 1)
    case UInt8(ascii: "["): return try array(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try word("true", .bool(true))
    case UInt8(ascii: "f"): return try word("false", .bool(false))
    case UInt8(ascii: "n"): return try word("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw failure("unexpected character where a value should be")
    }
  }

  private mutating func word(_ word: String, _ value: JSON) throws(Failure) -> JSON {
    let expected = Array(word.utf8)
    guard bytes.count - index >= expected.count,
      Array(bytes[index..<index + expected.count]) == expected
    else { throw failure("unexpected character where a value should be") }
    index += expected.count
    return value
  }

  private mutating func object(depth: Int) throws(Failure) -> JSON {
    guard depth <= Self.maxDepth else { throw failure("nested more than \(Self.maxDepth) deep") }
    index += 1
    var members: [JSON.Member] = []
    skipSpace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard index < bytes.count else { throw failure("the text ends inside an object") }
      guard bytes[index] == UInt8(ascii: "\"") else {
        throw failure("expected a member's name in quotes")
      }
      let key = try string()
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw failure("expected ':' after a member's name")
      }
      index += 1
      skipSpace()
      members.append(JSON.Member(key, try value(depth: depth)))
      skipSpace()
      guard index < bytes.count else { throw failure("the text ends inside an object") }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      guard bytes[index] == UInt8(ascii: ",") else { throw failure("expected ',' or '}'") }
      index += 1
    }
  }

  private mutating func array(depth: Int) throws(Failure) -> JSON {
    guard depth <= Self.maxDepth else { throw failure("nested more than \(Self.maxDepth) deep") }
    index += 1
    var elements: [JSON] = []
    skipSpace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipSpace()
      elements.append(try value(depth: depth))
      skipSpace()
      guard index < bytes.count else { throw failure("the text ends inside an array") }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(elements)
      }
      guard bytes[index] == UInt8(ascii: ",") else { throw failure("expected ',' or ']'") }
      index += 1
    }
  }

  private mutating func number() throws(Failure) -> JSON {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit") }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw failure("expected a digit after '.'")
      }
      while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count
      && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E"))
    {
      index += 1
      if index < bytes.count
        && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"))
      {
        index += 1
      }
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw failure("expected a digit in the exponent")
      }
      while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let number = Double(text) else { throw failure("unreadable number") }
    return .number(number)
  }

  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private mutating func string() throws(Failure) -> String {
    index += 1
    var out: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let text = String(validating: out, as: UTF8.self) else {
          throw failure("a string that is not UTF-8")
        }
        return text
      case UInt8(ascii: "\\"):
        index += 1
        try escape(into: &out)
      case 0..<0x20:
        throw failure("a control character inside a string")
      default:
        out.append(byte)
        index += 1
      }
    }
    throw failure("the text ends inside a string")
  }

  private mutating func escape(into out: inout [UInt8]) throws(Failure) {
    guard index < bytes.count else { throw failure("the text ends inside a string") }
    let byte = bytes[index]
    index += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
    case UInt8(ascii: "b"): out.append(8)
    case UInt8(ascii: "f"): out.append(12)
    case UInt8(ascii: "n"): out.append(10)
    case UInt8(ascii: "r"): out.append(13)
    case UInt8(ascii: "t"): out.append(9)
    case UInt8(ascii: "u"):
      var scalar = try hex4()
      if (0xD800..<0xDC00).contains(scalar) {
        // A high surrogate: its pair must follow, else it stands for U+FFFD.
        if index + 1 < bytes.count && bytes[index] == UInt8(ascii: "\\")
          && bytes[index + 1] == UInt8(ascii: "u")
        {
          let saved = index
          index += 2
          let low = try hex4()
          if (0xDC00..<0xE000).contains(low) {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else {
            index = saved
            scalar = 0xFFFD
          }
        } else {
          scalar = 0xFFFD
        }
      } else if (0xDC00..<0xE000).contains(scalar) {
        scalar = 0xFFFD
      }
      // INVARIANT: surrogates were replaced above, so the scalar is valid.
      out += Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
    default:
      index -= 1
      throw failure("an unknown escape in a string")
    }
  }

  private mutating func hex4() throws(Failure) -> UInt32 {
    guard bytes.count - index >= 4 else { throw failure("expected 4 hex digits after \\u") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw failure("expected 4 hex digits after \\u")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }
}
