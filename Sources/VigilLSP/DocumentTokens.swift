import VigilCore
import VigilSemantics
import VigilSyntax

/// The tokens of a document, and what each name stands for there.
struct DocumentTokens {
  let source: Source
  let tokens: [Token]
  let comments: [Lexer.Comment]

  init(_ source: Source) {
    self.source = source
    var lexer = Lexer(source: source)
    self.tokens = lexer.tokenize().filter { $0.kind != .end }
    self.comments = lexer.comments
  }

  /// The index of the token at byte `offset`: the one holding it, else the one ending at it
  /// (the cursor just after a word).
  func index(at offset: Int) -> Int? {
    if let inside = tokens.firstIndex(where: { $0.range.start <= offset && offset < $0.range.end })
    {
      return inside
    }
    return tokens.firstIndex { $0.range.end == offset }
  }

  /// What a name stands for.
  enum Role: Equatable {
    case definition, calendar, builtin, aggregate, keyword, field, member, policy
  }

  /// What the identifier token at `index` stands for, in the set `analysis` checked.
  func role(at index: Int, _ analysis: Analysis?) -> Role? {
    guard let name = tokens[index].identifier else {
      if case .quotedName = tokens[index].kind { return .field }
      return nil
    }
    if index > 0 && tokens[index - 1].isSymbol(.dot) { return .member }
    if index > 0 && tokens[index - 1].isWord("policy") && tokens[index - 1].startsLine {
      return .policy
    }
    let isCall = index + 1 < tokens.count && tokens[index + 1].isSymbol(.leftParen)
    if analysis?.checker.definitions[name] != nil { return .definition }
    if analysis?.calendar(name) != nil { return .calendar }
    if isCall && Builtin.names.contains(name) { return .builtin }
    if AggregateKind.names.contains(name) && (isCall || name == "count") { return .aggregate }
    if Keywords.all.contains(name) { return .keyword }
    return .field
  }

  /// The identifier tokens named `name` that stand for a definition or calendar (not a
  /// member of a nested field).
  func references(to name: String) -> [SourceRange] {
    tokens.indices.filter { index in
      tokens[index].identifier == name && !(index > 0 && tokens[index - 1].isSymbol(.dot))
    }.map { tokens[$0].range }
  }
}

/// The words of the language, for completion and highlighting.
enum Keywords {
  /// Words that start a statement or a block line.
  static let statements = [
    "policy", "define", "calendar", "include", "events", "missing", "severity", "because",
    "accountable", "allow", "per", "among", "at", "unless", "warn", "cycles", "zone", "holidays",
    "otherwise", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ]
  /// Words inside expressions and actions.
  static let expressions = [
    "and", "or", "not", "in", "contains", "matches", "between", "is", "missing", "present",
    "true", "false", "null", "now", "from", "until", "where", "within", "no", "followed", "by",
    "ordered", "of", "paused", "while", "business", "days", "escalate", "notify", "flag", "to",
    "then", "after", "least", "daily", "weekly", "monthly", "low", "medium", "high", "critical",
    "manager", "team", "role", "email", "lead", "each", "cycle", "every", "breach", "held",
    "longest",
  ]
  static let all = Set(statements + expressions)
}
