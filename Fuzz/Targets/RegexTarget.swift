/// The regular-expression compiler and matcher (`CompiledRegex`), against a naive reference.
///
/// An input is a pattern, a line feed, and a text. The pattern is kept when the reference
/// below reads it (a restricted syntax: literals, `.`, classes, `\d \w \s \D \W \S`, escaped
/// metacharacters, `^ $ \b \B`, groups, non-capturing groups, alternation, `* + ? {m}
/// {m,} {m,n}` greedy or lazy with m, n ≤ 5, a leading `(?i)`) and is at most 24 bytes;
/// the text is at most 16 characters of `abcAB01_ -` (other bytes are mapped onto them).
///
/// Properties: compiling does not crash; a pattern the reference reads compiles; the engine
/// and the reference give the same verdict (is there a match anywhere in the text).
enum RegexTarget {
  static let alphabet = Array("abcAB01_ -".utf8)

  static func run(_ bytes: UnsafeRawBufferPointer) {
    let parts = bytes.split(separator: 10, maxSplits: 1, omittingEmptySubsequences: false)
    let pattern = text(parts[0])
    let textBytes = (parts.count > 1 ? Array(parts[1]) : []).prefix(16).map {
      alphabet.contains($0) ? $0 : alphabet[Int($0) % alphabet.count]
    }
    let compiled = try? CompiledRegex(pattern)
    guard parts[0].count <= 24, let reference = ReferenceRegex(Array(parts[0])) else { return }
    guard let compiled else { fail("the reference reads /\(pattern)/, the engine refuses it") }
    let subject = text(textBytes)
    let expected = reference.matches(textBytes)
    guard compiled.matches(subject) == expected else {
      fail("/\(pattern)/ on '\(subject)': the reference says \(expected), the engine does not")
    }
  }
}

/// A naive matcher of a small regular-expression syntax: each node maps a start position to
/// the set of positions where its matches can end (a bit set; texts are short), so it needs
/// no backtracking and knows nothing of greedy or lazy (the verdict is the same).
struct ReferenceRegex {
  indirect enum Node {
    case byte(UInt8)
    case any
    case set([UInt8], negated: Bool)
    case sequence([Node])
    case alternation([Node])
    case repeated(Node, min: Int, max: Int?)
    case start, end
    case boundary(Bool)
  }

  let root: Node
  let ignoresCase: Bool

  /// Whether `CompiledRegex` is the linear-time engine (RE2's semantics), as it is now, rather
  /// than Swift's `Regex`, which it replaced. With Swift's engine two kinds of patterns had to
  /// be left out: those with `\b` or `\B`, which Swift places at Unicode (UAX #29) word
  /// boundaries (`^\b` matches the empty text; RE2: between `\w` and not `\w`), and those
  /// that repeat a part holding a repetition or an alternation, on which Swift's
  /// backtracking takes exponential time (`((a+))+ac` on 16 `a`s ran past libFuzzer's
  /// timeout).
  static let engineIsLinear = true

  static let digits = Array("0123456789".utf8)
  static let spaces = Array(" \t\n\r\u{0B}\u{0C}".utf8)
  static let words = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_".utf8)
  static let literals = Set(words + Array(" -,".utf8))
  static let escapable = Set(Array(".*+?()[]{}|^$\\-".utf8))
  /// Everything the texts hold and more: the complement of a class is taken over these.
  static let universe = (32...126).map { UInt8($0) }

  /// The pattern read, or nil when it is outside the syntax.
  init?(_ pattern: [UInt8]) {
    var reader = Reader(bytes: pattern)
    ignoresCase = reader.take(Array("(?i)".utf8))
    guard let root = reader.alternation(), reader.position == pattern.count else { return nil }
    self.root = root
  }

  func matches(_ text: [UInt8]) -> Bool {
    (0...text.count).contains { ends(root, from: 1 << $0, in: text) != 0 }
  }

  /// The positions where `node` can end, starting at any of the positions in `starts`.
  func ends(_ node: Node, from starts: UInt32, in text: [UInt8]) -> UInt32 {
    var result: UInt32 = 0
    switch node {
    case .sequence(let items):
      return items.reduce(starts) { ends($1, from: $0, in: text) }
    case .alternation(let choices):
      return choices.reduce(0) { $0 | ends($1, from: starts, in: text) }
    case .repeated(let body, let min, let max):
      var current = starts
      for _ in 0..<min { current = ends(body, from: current, in: text) }
      result = current
      var count = min
      while max.map({ count < $0 }) ?? true {
        current = ends(body, from: current, in: text)
        count += 1
        if current | result == result { break }
        result |= current
      }
      return result
    default:
      for position in 0...text.count where starts & (1 << position) != 0 {
        if let end = step(node, at: position, in: text) { result |= 1 << end }
      }
      return result
    }
  }

  /// Where a one-character node or an assertion ends when it starts at `position`.
  func step(_ node: Node, at position: Int, in text: [UInt8]) -> Int? {
    let next = position < text.count ? text[position] : nil
    let previous = position > 0 ? text[position - 1] : nil
    switch node {
    case .byte(let byte):
      guard let next, fold(next) == fold(byte) else { return nil }
      return position + 1
    case .any:
      return next == nil || next == 10 ? nil : position + 1
    case .set(let members, let negated):
      guard let next else { return nil }
      let inside = members.contains { fold($0) == fold(next) }
      return inside != negated ? position + 1 : nil
    case .start: return position == 0 ? position : nil
    case .end: return position == text.count ? position : nil
    case .boundary(let wanted):
      let isWord = { (byte: UInt8?) in byte.map(Self.words.contains) ?? false }
      return (isWord(previous) != isWord(next)) == wanted ? position : nil
    default: return nil
    }
  }

  func fold(_ byte: UInt8) -> UInt8 {
    ignoresCase && byte >= 65 && byte <= 90 ? byte + 32 : byte
  }

  /// A recursive-descent reader of the syntax.
  struct Reader {
    let bytes: [UInt8]
    var position = 0
    var depth = 0

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func take(_ word: [UInt8]) -> Bool {
      guard bytes[position...].starts(with: word) else { return false }
      position += word.count
      return true
    }

    mutating func alternation() -> Node? {
      var choices: [Node] = []
      repeat {
        guard let sequence = sequence() else { return nil }
        choices.append(sequence)
      } while take([UInt8(ascii: "|")])
      return choices.count == 1 ? choices[0] : .alternation(choices)
    }

    mutating func sequence() -> Node? {
      var items: [Node] = []
      while let byte = current, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
        guard let (atom, isAssertion) = atom() else { return nil }
        guard let quantified = quantifier(atom) else { return nil }
        if case .repeated = quantified, isAssertion { return nil }
        items.append(quantified)
      }
      return .sequence(items)
    }

    mutating func atom() -> (Node, Bool)? {
      guard let byte = current else { return nil }
      position += 1
      switch byte {
      case UInt8(ascii: "."): return (.any, false)
      case UInt8(ascii: "^"): return (.start, true)
      case UInt8(ascii: "$"): return (.end, true)
      case UInt8(ascii: "["): return set().map { ($0, false) }
      case UInt8(ascii: "("):
        depth += 1
        defer { depth -= 1 }
        _ = take(Array("?:".utf8))
        guard depth <= 8, let inner = alternation(), take([UInt8(ascii: ")")]) else { return nil }
        return (inner, false)
      case UInt8(ascii: "\\"):
        guard let escaped = current else { return nil }
        position += 1
        if escaped == UInt8(ascii: "b") || escaped == UInt8(ascii: "B") {
          guard ReferenceRegex.engineIsLinear else { return nil }
          return (.boundary(escaped == UInt8(ascii: "b")), true)
        }
        return Self.escape(escaped).map { ($0, false) }
      default:
        return ReferenceRegex.literals.contains(byte) ? (.byte(byte), false) : nil
      }
    }

    /// `\d \w \s \D \W \S` or an escaped metacharacter.
    static func escape(_ byte: UInt8) -> Node? {
      switch byte {
      case UInt8(ascii: "d"): return .set(ReferenceRegex.digits, negated: false)
      case UInt8(ascii: "w"): return .set(ReferenceRegex.words, negated: false)
      case UInt8(ascii: "s"): return .set(ReferenceRegex.spaces, negated: false)
      case UInt8(ascii: "D"): return .set(ReferenceRegex.digits, negated: true)
      case UInt8(ascii: "W"): return .set(ReferenceRegex.words, negated: true)
      case UInt8(ascii: "S"): return .set(ReferenceRegex.spaces, negated: true)
      default: return ReferenceRegex.escapable.contains(byte) ? .byte(byte) : nil
      }
    }

    /// A class after its `[`: literals, ranges `a-c`, `\d \w \s` and escapes, then `]`.
    mutating func set() -> Node? {
      let negated = take([UInt8(ascii: "^")])
      var members: [UInt8] = []
      while let byte = current, byte != UInt8(ascii: "]") {
        position += 1
        if byte == UInt8(ascii: "\\") {
          guard let escaped = current, let node = Self.escape(escaped) else { return nil }
          position += 1
          switch node {
          case .byte(let literal): members.append(literal)
          case .set(let more, negated: false): members += more
          default: return nil
          }
          continue
        }
        guard ReferenceRegex.literals.contains(byte), byte != UInt8(ascii: "-") else { return nil }
        if current == UInt8(ascii: "-"), position + 1 < bytes.count,
          bytes[position + 1] != UInt8(ascii: "]")
        {
          let high = bytes[position + 1]
          guard ReferenceRegex.literals.contains(high), high != UInt8(ascii: "-"), byte <= high
          else { return nil }
          members += Array(byte...high)
          position += 2
        } else {
          members.append(byte)
        }
      }
      guard !members.isEmpty, take([UInt8(ascii: "]")]) else { return nil }
      return .set(members, negated: negated)
    }

    /// The atom with the quantifier that follows it, if any (and its lazy `?`).
    mutating func quantifier(_ atom: Node) -> Node? {
      var bounds: (Int, Int?)
      switch current {
      case UInt8(ascii: "*"): bounds = (0, nil)
      case UInt8(ascii: "+"): bounds = (1, nil)
      case UInt8(ascii: "?"): bounds = (0, 1)
      case UInt8(ascii: "{"):
        guard let counted = counted() else { return nil }
        bounds = counted
        position -= 1
      default: return atom
      }
      position += 1
      _ = take([UInt8(ascii: "?")])
      if let byte = current, "*+?{".utf8.contains(byte) { return nil }
      guard ReferenceRegex.engineIsLinear || !Self.branches(atom) else { return nil }
      return .repeated(atom, min: bounds.0, max: bounds.1)
    }

    /// Whether `node` holds a repetition or an alternation.
    static func branches(_ node: Node) -> Bool {
      switch node {
      case .repeated, .alternation: return true
      case .sequence(let items): return items.contains(where: branches)
      default: return false
      }
    }

    /// `{m}`, `{m,}` or `{m,n}` with one-digit bounds up to 5; leaves the reader on its `}`.
    mutating func counted() -> (Int, Int?)? {
      func digit(_ byte: UInt8?) -> Int? {
        guard let byte, byte >= 48, byte <= 53 else { return nil }
        return Int(byte - 48)
      }
      position += 1
      guard let low = digit(current) else { return nil }
      position += 1
      if take([UInt8(ascii: "}")]) { return (low, low) }
      guard take([UInt8(ascii: ",")]) else { return nil }
      if take([UInt8(ascii: "}")]) { return (low, nil) }
      guard let high = digit(current), high >= low else { return nil }
      position += 1
      guard take([UInt8(ascii: "}")]) else { return nil }
      return (low, high)
    }
  }
}
