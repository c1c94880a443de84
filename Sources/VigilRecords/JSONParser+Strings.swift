import VigilCore

/// A validated JSON string inside a line: where its content lies, between the quotes.
package struct JSONStringToken {
  /// The offset of the first content byte.
  package var start: Int
  /// The offset of the closing quote.
  package var end: Int
  /// Whether the content holds backslash escapes (so it must be decoded, not copied).
  package var hasEscapes: Bool
}

extension JSONParser {
  /// At `"`: validates the string (escapes, surrogate pairs, UTF-8, no control characters)
  /// and moves past its closing quote.
  @inline(__always)
  package mutating func scanString() throws(JSONSyntaxError) -> JSONStringToken {
    // Most strings are plain ASCII without escapes: find their closing quote at once.
    let end = JSONParser.skipPlainBytes(in: bytes, from: position &+ 1)
    if end < bytes.count && bytes[end] == RecordByte.quote {
      defer { position = end &+ 1 }
      return JSONStringToken(start: position &+ 1, end: end, hasEscapes: false)
    }
    return try scanStringCarefully()
  }

  /// `scanString` for strings with escapes, non-ASCII bytes or errors.
  private mutating func scanStringCarefully() throws(JSONSyntaxError) -> JSONStringToken {
    let opening = position
    var index = position + 1
    var hasEscapes = false
    while index < bytes.count {
      index = JSONParser.skipPlainBytes(in: bytes, from: index)
      guard index < bytes.count else { break }
      let byte = bytes[index]
      if byte == RecordByte.quote {
        position = index + 1
        return JSONStringToken(start: opening + 1, end: index, hasEscapes: hasEscapes)
      } else if byte == RecordByte.backslash {
        hasEscapes = true
        index = try escapeEnd(at: index)
      } else if byte < 0x20 {
        throw error(.controlCharacter, at: index)
      } else if byte < 0x80 {
        index += 1
      } else if case .valid(let length) = UTF8Validation.sequence(in: bytes, at: index) {
        index += length
      } else {
        throw error(.invalidUTF8, at: index)
      }
    }
    throw error(.unterminatedString, at: opening)
  }

  /// The offset of the first byte at or after `index` that needs a look of its own inside a
  /// string: a quote, a backslash, a control character or a non-ASCII byte; or of the first
  /// byte of the last incomplete word. Sixteen bytes at a time, then eight: most string
  /// content is plain ASCII.
  @inline(__always)
  package static func skipPlainBytes(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
    let quote = SIMD16<UInt8>(repeating: RecordByte.quote)
    let backslash = SIMD16<UInt8>(repeating: RecordByte.backslash)
    let space = SIMD16<Int8>(repeating: 0x20)
    return WordScan.skipWide(in: bytes, from: index) { chunk in
      // Read as signed, a control character and a non-ASCII byte are both below a space.
      (chunk .== quote) .| (chunk .== backslash)
        .| (SIMD16<Int8>(truncatingIfNeeded: chunk) .< space)
    } flags: { word in
      WordScan.equal(word, RecordByte.quote) | WordScan.equal(word, RecordByte.backslash)
        | WordScan.below(word, 0x20) | WordScan.nonASCII(word)
    }
  }

  /// Validates the escape at the backslash at `index`; returns the offset after it. A high
  /// surrogate `\uD800`–`\uDBFF` must be followed by a low one `\uDC00`–`\uDFFF`.
  private func escapeEnd(at index: Int) throws(JSONSyntaxError) -> Int {
    guard index + 1 < bytes.count else { throw error(.invalidEscape, at: index) }
    switch bytes[index + 1] {
    case RecordByte.quote, RecordByte.backslash, RecordByte.slash, RecordByte.lowercaseB,
      RecordByte.lowercaseF, RecordByte.lowercaseN, RecordByte.lowercaseR, RecordByte.lowercaseT:
      return index + 2
    case RecordByte.lowercaseU:
      guard let unit = hexUnit(at: index + 2) else {
        throw error(.invalidUnicodeEscape, at: index)
      }
      switch unit {
      case 0xD800...0xDBFF:
        guard lowSurrogate(at: index + 6) != nil else {
          throw error(.unpairedSurrogate, at: index)
        }
        return index + 12
      case 0xDC00...0xDFFF:
        throw error(.unpairedSurrogate, at: index)
      default:
        return index + 6
      }
    default:
      throw error(.invalidEscape, at: index)
    }
  }

  /// The value of the four hexadecimal digits at `index`, if there are four.
  private func hexUnit(at index: Int) -> UInt32? {
    guard index + 4 <= bytes.count else { return nil }
    var unit: UInt32 = 0
    for offset in 0..<4 {
      let byte = bytes[index + offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      unit = unit << 4 | UInt32(digit)
    }
    return unit
  }

  /// The low surrogate of a `\uDC00`–`\uDFFF` escape at `index`, if there is one.
  private func lowSurrogate(at index: Int) -> UInt32? {
    guard index + 1 < bytes.count, bytes[index] == RecordByte.backslash,
      bytes[index + 1] == RecordByte.lowercaseU, let unit = hexUnit(at: index + 2),
      (0xDC00...0xDFFF).contains(unit)
    else { return nil }
    return unit
  }

  /// The content of a validated string token.
  package func string(_ token: JSONStringToken) -> String {
    guard token.hasEscapes else {
      return String(decoding: content(of: token), as: UTF8.self)
    }
    return String(decoding: decodedBytes(token), as: UTF8.self)
  }

  /// The raw bytes between the quotes of a token.
  package func content(of token: JSONStringToken) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
  }

  /// The UTF-8 bytes of a validated token with its escapes decoded.
  package func decodedBytes(_ token: JSONStringToken) -> [UInt8] {
    var decoded: [UInt8] = []
    decoded.reserveCapacity(token.end - token.start)
    var index = token.start
    while index < token.end {
      let byte = bytes[index]
      guard byte == RecordByte.backslash else {
        decoded.append(byte)
        index += 1
        continue
      }
      let escaped = bytes[index + 1]
      guard escaped == RecordByte.lowercaseU else {
        decoded.append(JSONParser.unescaped(escaped))
        index += 2
        continue
      }
      // INVARIANT: scanString validated four hex digits after every `\u`.
      var scalar = hexUnit(at: index + 2)!
      index += 6
      if (0xD800...0xDBFF).contains(scalar) {
        // INVARIANT: scanString validated that a low surrogate escape follows.
        let low = lowSurrogate(at: index)!
        scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
        index += 6
      }
      JSONParser.appendUTF8(scalar, to: &decoded)
    }
    return decoded
  }

  /// The byte a one-character escape (`\n`, `\"`, ...) stands for.
  private static func unescaped(_ escaped: UInt8) -> UInt8 {
    switch escaped {
    case RecordByte.lowercaseB: 0x08
    case RecordByte.lowercaseF: 0x0C
    case RecordByte.lowercaseN: RecordByte.lineFeed
    case RecordByte.lowercaseR: RecordByte.carriageReturn
    case RecordByte.lowercaseT: RecordByte.tab
    default: escaped  // `"`, `\` and `/` stand for themselves.
    }
  }

  /// Appends the UTF-8 encoding of a Unicode scalar value (never a surrogate).
  private static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
      bytes.append(UInt8(scalar))
    case 0x80..<0x800:
      bytes.append(UInt8(0xC0 | scalar >> 6))
      bytes.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
      bytes.append(UInt8(0xE0 | scalar >> 12))
      bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      bytes.append(UInt8(0x80 | scalar & 0x3F))
    default:
      bytes.append(UInt8(0xF0 | scalar >> 18))
      bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      bytes.append(UInt8(0x80 | scalar & 0x3F))
    }
  }
}
