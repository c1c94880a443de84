/// A lexical token of the policy language.
package struct Token: Sendable, Hashable {
  /// What kind of token it is, with its value where it has one.
  package var kind: Kind
  /// The bytes it covers.
  package var range: SourceRange
  /// Whether it is the first token on its line.
  package var startsLine: Bool
  /// The indentation (in columns) of the line it starts, when `startsLine`.
  package var indent: Int

  /// The kinds of token.
  package enum Kind: Sendable, Hashable {
    /// A name: a keyword or an identifier (keywords are told apart by the parser).
    case identifier(String)
    /// A backquoted field name: always a field, never a keyword or definition.
    case quotedName(String)
    /// A number literal.
    case number(Double)
    /// A duration literal, in milliseconds.
    case duration(Int64)
    /// A percentage literal, as a fraction (`20%` is 0.2).
    case percentage(Double)
    /// A string literal, escapes decoded.
    case string(String)
    /// A timestamp literal (`@2026-11-25T00:00:00Z`), in milliseconds since the epoch.
    case timestamp(Int64)
    /// A punctuation or operator token.
    case symbol(Symbol)
    /// The end of the file.
    case end
    /// Text that could not be lexed; a diagnostic was already reported for it.
    case invalid
  }

  /// Operators and punctuation.
  package enum Symbol: String, Sendable, Hashable, CaseIterable {
    case arrow = "→"
    case equal = "=="
    case notEqual = "!="
    case lessEqual = "<="
    case greaterEqual = ">="
    case less = "<"
    case greater = ">"
    case assign = "="
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case comma = ","
    case dot = "."
    case colon = ":"
  }

  /// The identifier's name, if it is one.
  package var identifier: String? {
    if case .identifier(let name) = kind { return name }
    return nil
  }

  /// Whether it is the symbol `symbol`.
  package func isSymbol(_ symbol: Symbol) -> Bool {
    if case .symbol(let found) = kind { return found == symbol }
    return false
  }

  /// Whether it is the identifier `name`.
  package func isWord(_ name: String) -> Bool {
    identifier == name
  }
}

extension Token.Kind: CustomStringConvertible {
  /// How the token is named in a "expected … found …" message.
  package var description: String {
    switch self {
    case .identifier(let name): return "'\(name)'"
    case .quotedName(let name): return "`\(name)`"
    case .number: return "a number"
    case .duration: return "a duration"
    case .percentage: return "a percentage"
    case .string: return "a string"
    case .timestamp: return "a timestamp"
    case .symbol(let symbol): return "'\(symbol.rawValue)'"
    case .end: return "the end of the file"
    case .invalid: return "invalid text"
    }
  }
}
