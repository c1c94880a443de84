extension RegexParser {
  /// What an escape stands for: one scalar, or a set of them (`\d`, `[:alpha:]`, …).
  package enum ClassItem {
    case scalar(UInt32)
    case ranges([ClosedRange<UInt32>])
  }

  /// An escape outside a class: `\d`, `\b`, `\Q…\E`, `\x41`, `\.` …
  package mutating func parseEscape(_ flags: Flags) throws(RegexError) -> RegexNode {
    let start = offset
    guard let letter = peek(at: offset + 1) else {
      throw RegexError(
        .invalid, "the pattern ends with a lone backslash", start..<start + 1,
        help: "to match a backslash, write \\\\\\\\ in the string")
    }
    switch letter {
    case UInt8(ascii: "A"):
      offset += 2
      return .assertion(.textStart)
    case UInt8(ascii: "z"):
      offset += 2
      return .assertion(.textEnd)
    case UInt8(ascii: "b"):
      offset += 2
      return .assertion(.wordBoundary)
    case UInt8(ascii: "B"):
      offset += 2
      return .assertion(.notWordBoundary)
    case UInt8(ascii: "Q"): return parseQuoted(flags)
    default:
      switch try parseClassEscape() {
      case .scalar(let scalar): return .literal(scalar, fold: flags.fold && Self.hasCase(scalar))
      case .ranges(let ranges): return .set(RegexCharSet(ranges))
      }
    }
  }

  /// `\Q…\E`: the text between, literally (to the end of the pattern without `\E`).
  package mutating func parseQuoted(_ flags: Flags) -> RegexNode {
    offset += 2
    var items: [RegexNode] = []
    while offset < bytes.count {
      if bytes[offset] == UInt8(ascii: "\\") && peek(at: offset + 1) == UInt8(ascii: "E") {
        offset += 2
        break
      }
      let scalar = decodeScalar()
      items.append(.literal(scalar, fold: flags.fold && Self.hasCase(scalar)))
    }
    return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
  }

  /// An escape that may stand in a class too: a character escape or `\d \w \s \D \W \S`.
  package mutating func parseClassEscape() throws(RegexError) -> ClassItem {
    let start = offset
    let letter = bytes[offset + 1]
    offset += 2
    switch letter {
    case UInt8(ascii: "d"): return .ranges(RegexCharSet.digits)
    case UInt8(ascii: "D"): return .ranges(RegexCharSet.complement(RegexCharSet.digits))
    case UInt8(ascii: "w"): return .ranges(RegexCharSet.word)
    case UInt8(ascii: "W"): return .ranges(RegexCharSet.complement(RegexCharSet.word))
    case UInt8(ascii: "s"): return .ranges(RegexCharSet.space)
    case UInt8(ascii: "S"): return .ranges(RegexCharSet.complement(RegexCharSet.space))
    case UInt8(ascii: "a"): return .scalar(0x07)
    case UInt8(ascii: "f"): return .scalar(0x0C)
    case UInt8(ascii: "t"): return .scalar(0x09)
    case UInt8(ascii: "n"): return .scalar(0x0A)
    case UInt8(ascii: "r"): return .scalar(0x0D)
    case UInt8(ascii: "v"): return .scalar(0x0B)
    case UInt8(ascii: "x"): return .scalar(try parseHexEscape(from: start))
    case UInt8(ascii: "1")...UInt8(ascii: "9"), UInt8(ascii: "k"), UInt8(ascii: "g"):
      throw RegexError(
        .unsupported,
        "the back-reference '\(text(start..<offset))' is not supported: back-references can "
          + "take exponential time; Vigil's patterns match in linear time",
        start..<offset, help: "list the alternatives the group can match instead")
    case UInt8(ascii: "p"), UInt8(ascii: "P"):
      throw RegexError(
        .unsupported,
        "the Unicode property class '\(text(start..<offset))…' is not supported: Vigil's "
          + "engine has no Unicode tables", start..<offset,
        help: "list the characters in a class: [a-zà-ÿ]")
    case UInt8(ascii: "C"):
      throw RegexError(
        .unsupported,
        "the any-byte escape '\\C' is not supported: Vigil matches whole Unicode scalars",
        start..<offset, help: "use . for any character")
    default:
      if letter < 0x80 && !isAlphanumeric(letter) && letter >= 0x20 && letter != 0x7F {
        return .scalar(UInt32(letter))
      }
      offset = start + 1
      let scalarEnd = { () -> Int in
        var copy = self
        _ = copy.decodeScalar()
        return copy.offset
      }()
      offset = scalarEnd
      let help =
        letter == UInt8(ascii: "0")
        ? "write a character by its code as \\x00 or \\x{263A}"
        : "escapes are \\d \\w \\s \\D \\W \\S \\b \\B \\A \\z \\Q…\\E \\a \\f \\t \\n \\r \\v "
          + "\\x41 \\x{263A}, and \\ before punctuation"
      throw RegexError(
        .invalid, "unknown escape '\(text(start..<offset))'", start..<offset, help: help)
    }
  }

  /// `\x41` (two hex digits) or `\x{263A}` (one to six); the offset is past the `x`.
  package mutating func parseHexEscape(from start: Int) throws(RegexError) -> UInt32 {
    var digits: [UInt8] = []
    if peek == UInt8(ascii: "{") {
      offset += 1
      while let byte = peek, byte != UInt8(ascii: "}"), digits.count <= 8 {
        digits.append(byte)
        offset += 1
      }
      guard peek == UInt8(ascii: "}") else { throw badHex(from: start) }
      offset += 1
    } else {
      for _ in 0..<2 {
        guard let byte = peek else { break }
        digits.append(byte)
        offset += 1
      }
      guard digits.count == 2 else { throw badHex(from: start) }
    }
    guard !digits.isEmpty, digits.count <= 6,
      let value = UInt32(String(decoding: digits, as: UTF8.self), radix: 16),
      Unicode.Scalar(value) != nil
    else { throw badHex(from: start) }
    return value
  }

  package func badHex(from start: Int) -> RegexError {
    RegexError(
      .invalid, "'\(text(start..<offset))' is not a character code", start..<offset,
      help: "write two hex digits (\\x41) or one to six in braces (\\x{263A})")
  }

  // MARK: - Classes

  /// `[…]` or `[^…]`.
  package mutating func parseClass(_ flags: Flags) throws(RegexError) -> RegexNode {
    let start = offset
    offset += 1
    var negated = false
    if peek == UInt8(ascii: "^") {
      negated = true
      offset += 1
    }
    var ranges: [ClosedRange<UInt32>] = []
    var first = true
    while true {
      guard let byte = peek else {
        throw RegexError(
          .invalid, "this '[' is not closed", start..<start + 1,
          help: "add ']' where the class ends, or write \\[ for a bracket")
      }
      if byte == UInt8(ascii: "]") && !first {
        offset += 1
        break
      }
      first = false
      if byte == UInt8(ascii: "["), peek(at: offset + 1) == UInt8(ascii: ":"),
        let named = try parsePosixClass()
      {
        ranges += named
        continue
      }
      let itemStart = offset
      switch try parseClassItem() {
      case .ranges(let set): ranges += set
      case .scalar(let low):
        guard peek == UInt8(ascii: "-"), let after = peek(at: offset + 1),
          after != UInt8(ascii: "]")
        else {
          ranges.append(low...low)
          continue
        }
        offset += 1
        guard case .scalar(let high) = try parseClassItem() else {
          throw RegexError(
            .invalid, "a range cannot end with a class ('\(text(itemStart..<offset))')",
            itemStart..<offset, help: "write the '-' as \\- or put it last")
        }
        guard low <= high else {
          throw RegexError(
            .invalid, "the range '\(text(itemStart..<offset))' goes backwards",
            itemStart..<offset, help: "write the smaller character first")
        }
        ranges.append(low...high)
      }
    }
    return .set(RegexCharSet(ranges, negated: negated, fold: flags.fold))
  }

  /// One scalar or escape inside a class.
  package mutating func parseClassItem() throws(RegexError) -> ClassItem {
    guard bytes[offset] == UInt8(ascii: "\\") else { return .scalar(decodeScalar()) }
    guard let letter = peek(at: offset + 1) else {
      throw RegexError(
        .invalid, "this '[' is not closed", offset..<offset + 1,
        help: "add ']' where the class ends")
    }
    if letter == UInt8(ascii: "b") || letter == UInt8(ascii: "B") || letter == UInt8(ascii: "A")
      || letter == UInt8(ascii: "z") || letter == UInt8(ascii: "Q")
    {
      throw RegexError(
        .invalid, "'\(text(offset..<offset + 2))' cannot stand in a class", offset..<offset + 2,
        help: "move it out of the brackets")
    }
    return try parseClassEscape()
  }

  /// `[:alpha:]` or `[:^alpha:]` at the offset (then consumed), or nil if this is not one.
  package mutating func parsePosixClass() throws(RegexError) -> [ClosedRange<UInt32>]? {
    let start = offset
    var index = offset + 2
    while let byte = peek(at: index), byte != UInt8(ascii: ":"), byte != UInt8(ascii: "]") {
      index += 1
    }
    guard peek(at: index) == UInt8(ascii: ":"), peek(at: index + 1) == UInt8(ascii: "]") else {
      return nil
    }
    var name = text(start + 2..<index)
    let negated = name.hasPrefix("^")
    if negated { name.removeFirst() }
    guard let ranges = Self.posixClasses[name] else {
      throw RegexError(
        .invalid, "unknown class '\(text(start..<index + 2))'", start..<index + 2,
        help: "classes are "
          + Self.posixClasses.keys.sorted().map { "[:\($0):]" }.joined(separator: " "))
    }
    offset = index + 2
    return negated ? RegexCharSet.complement(ranges) : ranges
  }

  /// The ASCII classes `[[:name:]]`, as in RE2.
  package static let posixClasses: [String: [ClosedRange<UInt32>]] = [
    "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A], "alpha": [0x41...0x5A, 0x61...0x7A],
    "ascii": [0x00...0x7F], "blank": [0x09...0x09, 0x20...0x20],
    "cntrl": [0x00...0x1F, 0x7F...0x7F], "digit": [0x30...0x39], "graph": [0x21...0x7E],
    "lower": [0x61...0x7A], "print": [0x20...0x7E],
    "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E],
    "space": [0x09...0x0D, 0x20...0x20], "upper": [0x41...0x5A], "word": RegexCharSet.word,
    "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66],
  ]
}
