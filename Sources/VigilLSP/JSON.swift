/// A JSON value as JSON-RPC messages carry it. Objects keep their members in order, so a
/// message is written exactly as it was built (and tests can compare whole messages).
///
///     let message: JSON = ["jsonrpc": "2.0", "id": 1, "result": nil]
package enum JSON: Sendable, Hashable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSON])
  /// The members in order; a key given twice keeps both (look-ups find the first).
  case object([Member])

  /// One member of an object.
  package struct Member: Sendable, Hashable {
    package var key: String
    package var value: JSON

    package init(_ key: String, _ value: JSON) {
      self.key = key
      self.value = value
    }
  }

  /// The member `key` of an object; nil for a missing key or a value that is no object.
  package subscript(key: String) -> JSON? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }

  /// The text, if a string.
  package var string: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The number, if one.
  package var number: Double? {
    if case .number(let number) = self { return number }
    return nil
  }

  /// The number, if an integer that an `Int` holds exactly.
  package var integer: Int? {
    guard case .number(let number) = self, number.rounded() == number,
      abs(number) < 9_007_199_254_740_992
    else { return nil }
    return Int(number)
  }

  /// The Boolean, if one.
  package var bool: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  /// The elements, if an array.
  package var array: [JSON]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  /// Whether it is an object.
  package var isObject: Bool {
    if case .object = self { return true }
    return false
  }

  /// An object with `value` set for `key` (added at the end, or replacing the first `key`).
  package func setting(_ key: String, _ value: JSON) -> JSON {
    guard case .object(var members) = self else { return self }
    if let index = members.firstIndex(where: { $0.key == key }) {
      members[index].value = value
    } else {
      members.append(Member(key, value))
    }
    return .object(members)
  }
}

extension JSON: ExpressibleByDictionaryLiteral {
  /// An object, its members in the literal's order.
  package init(dictionaryLiteral elements: (String, JSON)...) {
    self = .object(elements.map { Member($0.0, $0.1) })
  }
}

extension JSON: ExpressibleByArrayLiteral {
  package init(arrayLiteral elements: JSON...) {
    self = .array(elements)
  }
}

extension JSON: ExpressibleByStringLiteral {
  package init(stringLiteral value: String) {
    self = .string(value)
  }
}

extension JSON: ExpressibleByIntegerLiteral {
  package init(integerLiteral value: Int) {
    self = .number(Double(value))
  }
}

extension JSON: ExpressibleByFloatLiteral {
  package init(floatLiteral value: Double) {
    self = .number(value)
  }
}

extension JSON: ExpressibleByBooleanLiteral {
  package init(booleanLiteral value: Bool) {
    self = .bool(value)
  }
}

extension JSON: ExpressibleByNilLiteral {
  package init(nilLiteral: ()) {
    self = .null
  }
}

extension JSON {
  /// A number from an integer.
  package init(_ value: Int) {
    self = .number(Double(value))
  }

  /// A string, or null for nil.
  package init(_ value: String?) {
    self = value.map { .string($0) } ?? .null
  }

  /// The compact text of the value: no spaces, members in order, integers without a
  /// fraction, strings with `"`, `\` and control characters escaped (other characters as
  /// they are, in UTF-8).
  package var serialized: String {
    var bytes: [UInt8] = []
    write(into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The compact text's UTF-8 bytes, appended to `bytes`.
  package func write(into bytes: inout [UInt8]) {
    switch self {
    case .null: bytes += Array("null".utf8)
    case .bool(let value): bytes += Array((value ? "true" : "false").utf8)
    case .number(let number): bytes += Array(Self.numberText(number).utf8)
    case .string(let text): Self.writeString(text, into: &bytes)
    case .array(let elements):
      bytes.append(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        element.write(into: &bytes)
      }
      bytes.append(UInt8(ascii: "]"))
    case .object(let members):
      bytes.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        Self.writeString(member.key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        member.value.write(into: &bytes)
      }
      bytes.append(UInt8(ascii: "}"))
    }
  }

  /// `12`, `-3`, `0.5`; `null` for a number JSON cannot write (infinite, NaN).
  static func numberText(_ number: Double) -> String {
    guard number.isFinite else { return "null" }
    if number.rounded() == number && abs(number) < 9_007_199_254_740_992 {
      return String(Int64(number))
    }
    return "\(number)"
  }

  static func writeString(_ text: String, into bytes: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    bytes.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0..<0x20:
        bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
