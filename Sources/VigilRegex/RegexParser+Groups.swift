extension RegexParser {
  /// A group, `(` … `)`: capturing, `(?:…)`, named `(?P<n>…)` / `(?<n>…)`, a flag group
  /// `(?i)` (nil: it changes `flags` for the rest of the enclosing group) or `(?i:…)`.
  package mutating func parseGroup(_ flags: inout Flags) throws(RegexError) -> RegexNode? {
    let start = offset
    offset += 1
    var inner = flags
    if peek == UInt8(ascii: "?") {
      offset += 1
      try refuseExtension(from: start)
      if try skipGroupName(from: start) {
        // a named group: captures are not kept, so it is a plain group
      } else if peek == UInt8(ascii: ":") {
        offset += 1
      } else {
        let closed = try parseFlags(&inner, from: start)
        if closed {
          flags = inner
          return nil
        }
      }
    }
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth {
      throw RegexError(
        .invalid, "groups nested more than \(Self.maxDepth) deep", start..<start + 1,
        help: "simplify the pattern")
    }
    let node = try parseAlternation(&inner)
    guard peek == UInt8(ascii: ")") else {
      throw RegexError(
        .invalid, "this '(' is not closed", start..<start + 1,
        help: "add ')' where the group ends, or write \\( for a parenthesis")
    }
    offset += 1
    return node
  }

  /// Throws for the `(?` extensions that Vigil refuses: look-ahead, look-behind, atomic
  /// groups, named back-references, recursion, conditionals, comments.
  package func refuseExtension(from start: Int) throws(RegexError) {
    let rest = bytes[offset...].prefix(3)
    func starts(_ prefix: String) -> Bool { rest.starts(with: prefix.utf8) }
    let refused: (String, String, String)?
    if starts("=") || starts("!") {
      refused = (
        starts("=") ? "(?=" : "(?!", "the look-ahead",
        "look-around can take time that is not linear in the text"
      )
    } else if starts("<=") || starts("<!") {
      refused = (
        starts("<=") ? "(?<=" : "(?<!", "the look-behind",
        "look-around can take time that is not linear in the text"
      )
    } else if starts(">") {
      refused = (
        "(?>", "the atomic group", "it exists to steer backtracking, which Vigil does not do"
      )
    } else if starts("P=") || starts("P>") || starts("&") {
      refused = (
        "(?" + String(decoding: rest.prefix(starts("&") ? 1 : 2), as: UTF8.self),
        starts("P>") || starts("&") ? "recursion" : "the back-reference",
        "back-references can take exponential time; Vigil's patterns match in linear time"
      )
    } else if starts("R") || starts("(") || starts("|") || starts("#")
      || rest.first.map({ $0 >= 0x30 && $0 <= 0x39 }) == true
    {
      let what =
        starts("R") || rest.first.map({ $0 >= 0x30 && $0 <= 0x39 }) == true
        ? "recursion"
        : starts("(") ? "the conditional" : starts("|") ? "the branch reset" : "the comment"
      refused = (
        "(?" + String(decoding: rest.prefix(1), as: UTF8.self), what,
        "it is not part of the RE2 syntax that Vigil's linear-time engine reads"
      )
    } else {
      refused = nil
    }
    guard let (construct, what, why) = refused else { return }
    throw RegexError(
      .unsupported, "\(what) '\(construct)' is not supported: \(why)",
      start..<start + construct.utf8.count, help: help(forRefused: what))
  }

  package func help(forRefused what: String) -> String {
    switch what {
    case "the look-ahead", "the look-behind":
      return "match the surrounding text too, or split the condition with 'and'/'not'"
    case "the back-reference": return "list the alternatives the group can match instead"
    case "the atomic group": return "use a plain group (?:…); the verdict of a match is the same"
    default: return "rewrite the pattern without it"
    }
  }

  /// Skips `P<name>` or `<name>` after `(?`; false when there is none.
  package mutating func skipGroupName(from start: Int) throws(RegexError) -> Bool {
    var index = offset
    if peek(at: index) == UInt8(ascii: "P") { index += 1 }
    guard peek(at: index) == UInt8(ascii: "<") else { return false }
    index += 1
    let nameStart = index
    while let byte = peek(at: index), byte == UInt8(ascii: "_") || isAlphanumeric(byte) {
      index += 1
    }
    guard index > nameStart, peek(at: index) == UInt8(ascii: ">") else {
      throw RegexError(
        .invalid, "a group name is letters, digits and '_' between < and >",
        start..<Swift.min(index + 1, bytes.count), help: "write (?P<name>…)")
    }
    offset = index + 1
    return true
  }

  /// Reads the flags of `(?flags)` or `(?flags:`; true when the group closed (`)`), false
  /// when it goes on (`:`).
  package mutating func parseFlags(_ flags: inout Flags, from start: Int) throws(RegexError) -> Bool
  {
    var on = true
    var sawFlag = false
    while let byte = peek {
      offset += 1
      switch byte {
      case UInt8(ascii: "i"): flags.fold = on
      case UInt8(ascii: "m"): flags.multiline = on
      case UInt8(ascii: "s"): flags.dotAll = on
      case UInt8(ascii: "U"): flags.ungreedy = on
      case UInt8(ascii: "-") where on:
        on = false
        continue
      case UInt8(ascii: ")"), UInt8(ascii: ":"):
        guard sawFlag else { break }
        return byte == UInt8(ascii: ")")
      default:
        break
      }
      if byte == UInt8(ascii: ")") || byte == UInt8(ascii: ":") || !"imsU".utf8.contains(byte) {
        let what =
          isAlphanumeric(byte)
          ? "unknown flag '\(text(offset - 1..<offset))' in '\(text(start..<offset))'"
          : "'\(text(start..<offset))' is not a group this syntax knows"
        throw RegexError(
          .invalid, what, start..<offset,
          help: "flags are i (case), m (lines), s (dot matches \\n) and U: (?i) or (?i:…)")
      }
      sawFlag = true
    }
    throw RegexError(
      .invalid, "this '(' is not closed", start..<start + 1,
      help: "add ')' where the group ends, or write \\( for a parenthesis")
  }

  package func isAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
  }
}
