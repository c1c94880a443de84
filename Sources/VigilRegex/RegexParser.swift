/// Reads a pattern in the RE2 syntax (shared by RE2, Go's `regexp` and Rust's `regex`) into
/// a `RegexNode`. Constructs that cannot match in linear time (back-references,
/// look-around, possessive repetitions, atomic groups, recursion) are refused with a
/// `RegexError` of kind `.unsupported` that says which and why; other mistakes are `.invalid`.
/// Offsets are UTF-8 byte offsets into the pattern.
package struct RegexParser {
  /// The most a counted repetition may ask for, as in RE2: `{1000}` is the limit.
  package static let maxRepeat = 1000
  /// The deepest nesting of groups.
  package static let maxDepth = 64

  /// The flags in force: `(?i)`, `(?m)`, `(?s)`, `(?U)`.
  package struct Flags {
    package var fold = false
    package var multiline = false
    package var dotAll = false
    package var ungreedy = false
  }

  package let bytes: [UInt8]
  package var offset = 0
  package var depth = 0

  /// The tree of `pattern`, or why it cannot be read.
  package static func parse(_ pattern: String) throws(RegexError) -> RegexNode {
    var parser = RegexParser(bytes: Array(pattern.utf8))
    var flags = Flags()
    let node = try parser.parseAlternation(&flags)
    if parser.offset < parser.bytes.count {  // only a ')' stops the top level early
      throw RegexError(
        .invalid, "this ')' closes no group", parser.offset..<parser.offset + 1,
        help: "remove it, or write \\) for a parenthesis")
    }
    return node
  }

  package var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

  package func peek(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

  // MARK: - Alternation, concatenation, repetition

  package mutating func parseAlternation(_ flags: inout Flags) throws(RegexError) -> RegexNode {
    var branches = [try parseConcat(&flags)]
    while peek == UInt8(ascii: "|") {
      offset += 1
      branches.append(try parseConcat(&flags))
    }
    return branches.count == 1 ? branches[0] : .alternate(branches)
  }

  package mutating func parseConcat(_ flags: inout Flags) throws(RegexError) -> RegexNode {
    var items: [RegexNode] = []
    while let byte = peek, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
      let start = offset
      guard let atom = try parseAtom(&flags) else { continue }
      items.append(try parseRepetitions(atom, from: start))
    }
    return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
  }

  /// The repetition operators after an atom: one, optionally lazy (`?`). A second one is an
  /// error: `a**` (nested) or `a*+` (possessive).
  package mutating func parseRepetitions(_ atom: RegexNode, from start: Int) throws(RegexError)
    -> RegexNode
  {
    guard let (min, max) = try parseRepetitionOperator() else { return atom }
    if peek == UInt8(ascii: "?") { offset += 1 }  // lazy: the same verdict
    let next = offset
    if peek == UInt8(ascii: "+") {
      throw RegexError(
        .unsupported,
        "the possessive repetition '\(text(start..<next + 1))' is not supported: "
          + "it exists to steer backtracking, which Vigil does not do",
        start..<next + 1, help: "drop the final '+'; the verdict of a match is the same")
    }
    if try parseRepetitionOperator() != nil {
      throw RegexError(
        .invalid, "a repetition of a repetition ('\(text(start..<offset))')", start..<offset,
        help: "put the inner one in a group: (?:a*)*")
    }
    return .repetition(atom, min: min, max: max)
  }

  /// `*`, `+`, `?` or `{m}`, `{m,}`, `{m,n}` at the offset (then consumed), or nil.
  package mutating func parseRepetitionOperator() throws(RegexError) -> (Int, Int?)? {
    switch peek {
    case UInt8(ascii: "*"):
      offset += 1
      return (0, nil)
    case UInt8(ascii: "+"):
      offset += 1
      return (1, nil)
    case UInt8(ascii: "?"):
      offset += 1
      return (0, 1)
    case UInt8(ascii: "{"):
      guard let (min, max, end) = try countedRepetition(at: offset) else { return nil }
      offset = end
      return (min, max)
    default: return nil
    }
  }

  /// The bounds and end of `{m}`, `{m,}` or `{m,n}` starting at `start`, or nil when the
  /// brace is not one (it is then a literal `{`, as in RE2).
  package func countedRepetition(at start: Int) throws(RegexError) -> (Int, Int?, Int)? {
    var index = start + 1
    func number() -> Int? {
      let first = index
      var value = 0
      while let byte = peek(at: index), byte >= 0x30, byte <= 0x39 {
        value = Swift.min(value * 10 + Int(byte - 0x30), 1_000_000)
        index += 1
      }
      return index > first ? value : nil
    }
    guard let min = number() else { return nil }
    var max: Int? = min
    if peek(at: index) == UInt8(ascii: ",") {
      index += 1
      max = peek(at: index) == UInt8(ascii: "}") ? nil : number()
      if max == nil && peek(at: index) != UInt8(ascii: "}") { return nil }
    }
    guard peek(at: index) == UInt8(ascii: "}") else { return nil }
    let range = start..<index + 1
    if min > Self.maxRepeat || (max ?? 0) > Self.maxRepeat {
      throw RegexError(
        .invalid,
        "the repetition '\(text(range))' counts past \(Self.maxRepeat), the most a pattern allows",
        range, help: "use a smaller count, or * or +")
    }
    if let max, max < min {
      throw RegexError(
        .invalid, "the repetition '\(text(range))' has its bounds the wrong way round", range,
        help: "write {\(max),\(min)}")
    }
    return (min, max, index + 1)
  }

  // MARK: - Atoms

  /// One atom, or nil for a flag group such as `(?i)` (which changes `flags`).
  package mutating func parseAtom(_ flags: inout Flags) throws(RegexError) -> RegexNode? {
    let start = offset
    let byte = bytes[offset]
    switch byte {
    case UInt8(ascii: "("): return try parseGroup(&flags)
    case UInt8(ascii: "["): return try parseClass(flags)
    case UInt8(ascii: "."):
      offset += 1
      return .any(dotAll: flags.dotAll)
    case UInt8(ascii: "^"):
      offset += 1
      return .assertion(flags.multiline ? .lineStart : .textStart)
    case UInt8(ascii: "$"):
      offset += 1
      return .assertion(flags.multiline ? .lineEnd : .textEnd)
    case UInt8(ascii: "\\"): return try parseEscape(flags)
    case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
      throw nothingToRepeat(start..<start + 1)
    case UInt8(ascii: "{"):
      if let (_, _, end) = try countedRepetition(at: start) { throw nothingToRepeat(start..<end) }
      offset += 1
      return .literal(UInt32(byte), fold: false)
    default:
      let scalar = decodeScalar()
      return .literal(scalar, fold: flags.fold && Self.hasCase(scalar))
    }
  }

  package func nothingToRepeat(_ range: Range<Int>) -> RegexError {
    RegexError(
      .invalid, "'\(text(range))' has nothing to repeat", range,
      help:
        "put what it repeats before it, or write \\\(text(range.lowerBound..<range.lowerBound + 1)) for the character"
    )
  }

  /// The scalar at the offset (the pattern is valid UTF-8: it comes from a `String`).
  package mutating func decodeScalar() -> UInt32 {
    let lead = bytes[offset]
    let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    let end = Swift.min(offset + length, bytes.count)
    let scalar = String(decoding: bytes[offset..<end], as: UTF8.self).unicodeScalars.first
    offset = end
    return scalar?.value ?? 0xFFFD
  }

  /// Whether another scalar matches this one under `(?i)`.
  package static func hasCase(_ value: UInt32) -> Bool {
    RegexCaseFolding.folded([value...value]) != [value...value]
  }

  /// The pattern's text in `range`.
  package func text(_ range: Range<Int>) -> String {
    String(decoding: bytes[range.clamped(to: 0..<bytes.count)], as: UTF8.self)
  }
}
