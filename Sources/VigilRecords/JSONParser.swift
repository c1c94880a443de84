import VigilCore

/// A strict JSON parser over the bytes of one line, working in place.
///
/// It can validate and skip a value without building anything, or parse it into a `Value`.
/// Every method starts at `position` and leaves `position` after what it read. Errors carry
/// the byte offset where they were found.
///
/// Depths count containers: the line's object is at depth 1. `skipValue(depth:)` and
/// `parseValue(depth:)` take the depth of the container holding the value.
package struct JSONParser {
  /// The deepest nesting of objects and arrays accepted.
  package static let maximumDepth = 512

  /// The line's bytes, without its line end.
  package let bytes: UnsafeBufferPointer<UInt8>
  /// The offset of the next byte to read.
  package var position = 0
  /// Where to leave the spans of texts read later, by slot (see `RecordSlots.deferred`).
  package var deferred: UnsafeMutableBufferPointer<Int>?
  /// Where to note the slots the record writes, when a reader keeps count (`SlotMarks`).
  package var marks: SlotMarks?
  /// The keys expected next, learnt from the lines before, when a reader keeps them.
  package var predictions: KeyPredictions?

  /// A parser at the start of `bytes`.
  package init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// The byte at `position`, or 0 at the end (0 is never valid outside a string).
  @inline(__always)
  package var current: UInt8 {
    position < bytes.count ? bytes[position] : 0
  }

  /// Whether the line holds only whitespace.
  package static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.allSatisfy(isWhitespace)
  }

  @inline(__always)
  package static func isWhitespace(_ byte: UInt8) -> Bool {
    // Not a line feed: it ends the line, and a record is one line (the reader may parse the
    // rest of its input as it comes, the parser finding each line's end).
    byte == RecordByte.space || byte == RecordByte.tab || byte == RecordByte.carriageReturn
  }

  /// Skips spaces, tabs and carriage returns.
  @inline(__always)
  package mutating func skipWhitespace() {
    // Every whitespace byte is at most a space: one comparison passes anything else. The
    // commonest whitespace is the one space after `:` or `,`: two comparisons pass it.
    guard position < bytes.count, bytes[position] <= RecordByte.space else { return }
    if bytes[position] == RecordByte.space, position &+ 1 < bytes.count,
      bytes[position &+ 1] > RecordByte.space
    {
      position &+= 1
      return
    }
    skipWhitespaceRun()
  }

  /// `skipWhitespace` past a run of whitespace bytes.
  private mutating func skipWhitespaceRun() {
    while position < bytes.count && bytes[position] <= RecordByte.space
      && JSONParser.isWhitespace(bytes[position])
    {
      position += 1
    }
  }

  package func error(_ kind: JSONSyntaxError.Kind, at offset: Int? = nil) -> JSONSyntaxError {
    JSONSyntaxError(kind: kind, offset: offset ?? position)
  }

  // MARK: Containers

  /// At `{`: consumes it and the whitespace after it. Returns whether the object has members;
  /// an empty object is consumed whole.
  package mutating func enterObject(depth: Int) throws(JSONSyntaxError) -> Bool {
    guard depth <= JSONParser.maximumDepth else { throw error(.tooDeep) }
    position += 1
    skipWhitespace()
    switch current {
    case RecordByte.closingBrace:
      position += 1
      return false
    case RecordByte.quote:
      return true
    default:
      throw error(.expected("a string key or '}'"))
    }
  }

  /// At a key: reads it, the `:` and the whitespace around it.
  @inline(__always)
  package mutating func readKey() throws(JSONSyntaxError) -> JSONStringToken {
    guard current == RecordByte.quote else { throw error(.expected("a string key")) }
    let key = try scanString()
    if current != RecordByte.colon {
      skipWhitespace()
      guard current == RecordByte.colon else { throw error(.expected("':'")) }
    }
    position += 1
    skipWhitespace()
    return key
  }

  /// After a member's value: consumes `,` and returns true, or `}` and returns false.
  @inline(__always)
  package mutating func nextMember() throws(JSONSyntaxError) -> Bool {
    if current == RecordByte.comma {
      position &+= 1
      skipWhitespace()
      return true
    }
    skipWhitespace()
    switch current {
    case RecordByte.comma:
      position += 1
      skipWhitespace()
      return true
    case RecordByte.closingBrace:
      position += 1
      return false
    default:
      throw error(.expected("',' or '}'"))
    }
  }

  /// At `[`: consumes it and the whitespace after it. Returns whether the array has elements;
  /// an empty array is consumed whole.
  package mutating func enterArray(depth: Int) throws(JSONSyntaxError) -> Bool {
    guard depth <= JSONParser.maximumDepth else { throw error(.tooDeep) }
    position += 1
    skipWhitespace()
    guard current == RecordByte.closingBracket else { return true }
    position += 1
    return false
  }

  /// After an element: consumes `,` and returns true, or `]` and returns false.
  package mutating func nextElement() throws(JSONSyntaxError) -> Bool {
    skipWhitespace()
    switch current {
    case RecordByte.comma:
      position += 1
      skipWhitespace()
      return true
    case RecordByte.closingBracket:
      position += 1
      return false
    default:
      throw error(.expected("',' or ']'"))
    }
  }

  // MARK: Values

  /// Validates the value at `position` and moves past it, building nothing.
  package mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
    switch current {
    case RecordByte.quote:
      _ = try scanString()
    case RecordByte.openingBrace:
      if try enterObject(depth: depth + 1) {
        repeat {
          _ = try readKey()
          // Most members are strings: skipped here, with no call.
          if current == RecordByte.quote {
            _ = try scanString()
          } else {
            try skipValue(depth: depth + 1)
          }
        } while try nextMember()
      }
    case RecordByte.openingBracket:
      if try enterArray(depth: depth + 1) {
        repeat {
          if current == RecordByte.quote {
            _ = try scanString()
          } else {
            try skipValue(depth: depth + 1)
          }
        } while try nextElement()
      }
    case RecordByte.minus, RecordByte.zero...RecordByte.nine:
      try scanNumber()
    default:
      _ = try scanLiteral()
    }
  }

  /// Parses the value at `position` into a `Value`.
  package mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> Value {
    switch current {
    case RecordByte.quote:
      return .text(string(try scanString()))
    case RecordByte.openingBrace:
      return try parseObject(depth: depth + 1)
    case RecordByte.openingBracket:
      return try parseArray(depth: depth + 1)
    case RecordByte.minus, RecordByte.zero...RecordByte.nine:
      let start = position
      try scanNumber()
      return .number(number(from: start, to: position))
    default:
      return try scanLiteral()
    }
  }

  /// Parses the object at `position` (at `depth`) into a `.record`; the last duplicate wins.
  package mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> Value {
    var members: [String: Value] = [:]
    if try enterObject(depth: depth) {
      repeat {
        let key = string(try readKey())
        members[key] = try parseValue(depth: depth)
      } while try nextMember()
    }
    return .record(members)
  }

  /// Parses the array at `position` (at `depth`) into a `.list`.
  package mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> Value {
    var elements: [Value] = []
    if try enterArray(depth: depth) {
      repeat {
        elements.append(try parseValue(depth: depth))
      } while try nextElement()
    }
    return .list(elements)
  }

  /// Reads `true`, `false` or `null`; anything else is not a value.
  package mutating func scanLiteral() throws(JSONSyntaxError) -> Value {
    let (literal, value): (StaticString, Value)
    switch current {
    case RecordByte.lowercaseT: (literal, value) = ("true", .bool(true))
    case RecordByte.lowercaseF: (literal, value) = ("false", .bool(false))
    case RecordByte.lowercaseN: (literal, value) = ("null", .null)
    default: throw error(.expected("a value"))
    }
    let count = literal.utf8CodeUnitCount
    guard position + count <= bytes.count else { throw error(.invalidLiteral) }
    for index in 0..<count where bytes[position + index] != literal.utf8Start[index] {
      throw error(.invalidLiteral)
    }
    position += count
    return value
  }

  // MARK: Whole lines

  /// What the first byte of a line that is not an object shows it holds.
  package func notAnObject() -> JSONSyntaxError {
    switch current {
    case RecordByte.openingBracket: error(.notAnObject(found: "an array"))
    case RecordByte.quote: error(.notAnObject(found: "a string"))
    case RecordByte.minus, RecordByte.zero...RecordByte.nine: error(.notAnObject(found: "a number"))
    case RecordByte.lowercaseT where startsWith("true"),
      RecordByte.lowercaseF where startsWith("false"):
      error(.notAnObject(found: "a boolean"))
    case RecordByte.lowercaseN where startsWith("null"): error(.notAnObject(found: "null"))
    default: error(.expected("a JSON object"))
    }
  }

  /// Whether the bytes from the current position spell `literal`.
  private func startsWith(_ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard position + count <= bytes.count else { return false }
    for index in 0..<count where bytes[position + index] != literal.utf8Start[index] {
      return false
    }
    return true
  }

  /// After the line's object: only whitespace may follow.
  package mutating func expectEndOfLine() throws(JSONSyntaxError) {
    skipWhitespace()
    guard position == bytes.count else { throw error(.trailingCharacters) }
  }
}
