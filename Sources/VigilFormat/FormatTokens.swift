import VigilSemantics
import VigilSyntax

/// A file's tokens and comments as the formatter reads them: where each token starts and ends,
/// which parentheses match, and how each token is spelled in the canonical layout.
package struct FormatTokens {
  /// The file.
  package let source: Source
  /// Every token, ending with `.end`.
  package let tokens: [Token]
  /// Every comment, in order.
  package let comments: [Lexer.Comment]
  private let starts: [Int: Int]
  private let ends: [Int: Int]
  private let closing: [Int: Int]

  /// The tokens and comments of `source`.
  package init(source: Source) {
    var lexer = Lexer(source: source)
    self.source = source
    self.tokens = lexer.tokenize()
    self.comments = lexer.comments
    var starts: [Int: Int] = [:]
    var ends: [Int: Int] = [:]
    var closing: [Int: Int] = [:]
    var open: [Int] = []
    for (index, token) in tokens.enumerated() where token.kind != .end {
      starts[token.range.start] = index
      ends[token.range.end] = index
      if token.isSymbol(.leftParen) { open.append(index) }
      if token.isSymbol(.rightParen), let opening = open.popLast() { closing[opening] = index }
    }
    self.starts = starts
    self.ends = ends
    self.closing = closing
  }

  /// The index of the token starting at byte `offset`, if one does.
  package func index(startingAt offset: Int) -> Int? { starts[offset] }

  /// The index of the first token starting at or after byte `offset` (the end token if none).
  package func index(from offset: Int) -> Int {
    var low = 0
    var high = tokens.count - 1
    while low < high {
      let mid = (low + high) / 2
      if tokens[mid].range.start < offset { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// How many pairs of parentheses wrap the whole of `range` (`((a))` is 2, `(a) + (b)` none).
  package func wrappingParens(_ range: SourceRange) -> Int {
    guard var first = starts[range.start], var last = ends[range.end] else { return 0 }
    var count = 0
    while first < last, closing[first] == last {
      count += 1
      first += 1
      last -= 1
    }
    return count
  }

  /// The line (1-based) of token `index`.
  package func line(ofToken index: Int) -> Int {
    source.line(of: tokens[index].range.start)
  }

  /// How token `index` is written in the canonical layout: strings re-escaped, `->` as `→`,
  /// names, keywords and numbers as written.
  package func spelling(_ index: Int) -> String {
    let token = tokens[index]
    switch token.kind {
    case .string(let text): return Self.quoted(text)
    case .symbol(let symbol): return symbol.rawValue
    case .identifier(let name): return name
    case .quotedName(let name): return "`\(name)`"
    case .number, .duration, .percentage, .timestamp, .invalid, .end:
      return source.text(in: token.range)
    }
  }

  /// `text` as a string literal: quotes, backslashes, line breaks and tabs escaped, other
  /// invisible characters (controls, formatting marks) as `\u{…}`, the rest as it is.
  package static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if isInvisible(scalar) {
          out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// Controls, line and paragraph separators, and the marks that are invisible yet change
  /// how a text reads: zero-width space, byte order mark, direction marks and overrides.
  private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator: return true
    default: break
    }
    switch scalar.value {
    case 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
    default: return false
    }
  }
}
