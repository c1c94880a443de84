import VigilCore

/// Parses a policy file into its statements. Errors are reported as diagnostics; the parser
/// skips to the next statement and goes on, so one run reports every syntax error in a file.
///
/// Statements are line-based: a statement ends where a line starts at or left of the
/// statement's own indentation (outside brackets). A line indented further continues it.
package struct Parser {
  package let source: Source
  package var tokens: [Token]
  package var index = 0
  /// The indentation of the statement being parsed; a line starting at or left of it ends it.
  package var statementIndent = 0
  /// The first token of the statement being parsed (it does not end the statement).
  package var statementStart = 0
  /// Open brackets and parentheses: inside them, line breaks mean nothing.
  package var bracketDepth = 0
  /// Current expression nesting.
  package var depth = 0
  /// The deepest nesting the parser accepts.
  package static let maximumDepth = 64
  /// The diagnostics found so far, the lexer's first.
  package private(set) var diagnostics: [Diagnostic]

  /// Words that cannot name a field or definition unless backquoted.
  package static let reservedWords: Set<String> = [
    "and", "or", "not", "in", "contains", "matches", "between", "is", "true", "false", "null",
    "now", "from", "until", "where",
  ]

  /// A parser over `source`.
  package init(source: Source) {
    self.source = source
    var lexer = Lexer(source: source)
    self.tokens = lexer.tokenize()
    self.diagnostics = lexer.diagnostics
  }

  /// Parses `source` and returns the file and every diagnostic found.
  package static func parse(_ source: Source) -> (PolicyFile, [Diagnostic]) {
    var parser = Parser(source: source)
    let file = parser.parseFile()
    return (file, parser.diagnostics)
  }

  /// Parses the whole file.
  package mutating func parseFile() -> PolicyFile {
    var items: [Item] = []
    while !current.kind.isEnd {
      beginStatement()
      do {
        if let item = try parseItem() { items.append(item) }
        try expectStatementEnd()
      } catch {
        skipStatement()
      }
    }
    return PolicyFile(source: source, items: items)
  }

  // MARK: - Statements

  package mutating func parseItem() throws(ParseError) -> Item? {
    let token = current
    if token.isWord("include") {
      return .include(try parseInclude())
    }
    if token.isWord("define") {
      return .define(try parseDefinition())
    }
    if token.isWord("policy"), case .identifier = peek(1).kind, peek(2).isSymbol(.colon) {
      return .policy(try parsePolicy())
    }
    if token.isWord("calendar"), case .identifier = peek(1).kind,
      peek(2).isSymbol(.colon) || peek(2).isWord("by")
    {
      return .calendar(try parseCalendar())
    }
    if token.isWord("events") && peek(1).isWord("per") && !peek(1).startsLine {
      let start = advance().range.start
      let grouping = try parseGrouping()
      return .events(EventsDecl(grouping: grouping, range: SourceRange(start, grouping.range.end)))
    }
    if token.isWord("missing"), case .string = peek(1).kind, !peek(1).startsLine {
      return try parseMissing()
    }
    let rule = try parseRule()
    return .policy(
      PolicyDecl(name: nil, nameRange: rule.range, rule: rule, range: rule.range))
  }

  /// `missing "TEXT", "TEXT", …`.
  package mutating func parseMissing() throws(ParseError) -> Item {
    let start = advance().range.start
    var texts: [String] = []
    var end = start
    repeat {
      guard case .string(let text) = current.kind, !atStatementBoundary else {
        throw error(
          "expected a text in quotes after 'missing'", help: "missing \"?\", \"N/A\"")
      }
      texts.append(text)
      end = advance().range.end
      guard current.isSymbol(.comma) && !atStatementBoundary else { break }
      advance()
    } while true
    return .missing(texts, SourceRange(start, end))
  }

  package mutating func parseInclude() throws(ParseError) -> Include {
    let start = advance().range.start
    guard case .string(let path) = current.kind else {
      throw error(
        "expected a file name in quotes after 'include'", help: "include \"common.vigil\"")
    }
    let end = advance().range.end
    return Include(path: path, range: SourceRange(start, end))
  }

  package mutating func parseDefinition() throws(ParseError) -> Definition {
    let start = advance().range.start
    let (name, nameRange) = try expectName(what: "a name to define after 'define'")
    guard current.isSymbol(.assign) else {
      throw error(
        "expected '=' after 'define \(name)'", help: "write: define \(name) = <expression>")
    }
    advance()
    let value = try parseExpression()
    return Definition(
      name: name, nameRange: nameRange, value: value, range: SourceRange(start, value.range.end))
  }

  package mutating func parsePolicy() throws(ParseError) -> PolicyDecl {
    let start = advance().range.start
    let (name, nameRange) = try expectName(what: "a policy name")
    advance()  // ':'
    guard current.startsLine || current.kind.isEnd else {
      throw error(
        "a policy's rule goes on the next line, indented",
        help: "policy \(name):\n    <condition> → <action>")
    }
    let blockIndent = statementIndent
    var decl = PolicyDecl(name: name, nameRange: nameRange, rule: nil, range: SourceRange(start, 0))
    var end = nameRange.end
    var blockHadErrors = false
    while !current.kind.isEnd && current.startsLine && current.indent > blockIndent {
      beginStatement()
      do {
        try parsePolicyLine(into: &decl)
        end = tokens[index - 1].range.end
        try expectStatementEnd()
      } catch {
        blockHadErrors = true
        skipStatement()
      }
    }
    decl.range = SourceRange(start, end)
    if decl.rule == nil && !blockHadErrors {
      report(
        .badPolicy, "policy '\(name)' has no rule", nameRange,
        help: "indent a rule under it: `  <condition> → <action>`")
    }
    return decl
  }

  package mutating func parsePolicyLine(into decl: inout PolicyDecl) throws(ParseError) {
    if case .identifier(let word) = current.kind, peek(1).isSymbol(.colon) {
      let wordRange = advance().range
      advance()
      try parseProperty(word, wordRange, into: &decl)
      return
    }
    if try parseGroupClause(into: &decl) { return }
    if current.isWord("warn") && peek(1).isWord("at") && !peek(1).startsLine {
      // `warn at 40h` (or `warn at 80%`): records close to breaking the rule are at risk.
      let start = advance().range.start
      advance()
      let limit = try parseAdditive()
      if decl.warning != nil { report(.badPolicy, "a policy has one 'warn at' line", limit.range) }
      decl.warning = (limit, SourceRange(start, limit.range.end))
      return
    }
    let rule = try parseRule()
    if decl.rule != nil {
      report(
        .badPolicy, "policy '\(decl.name ?? "")' already has a rule", rule.range,
        help: "give each rule its own policy, or join the conditions with 'or'")
    } else {
      decl.rule = rule
    }
  }

  package mutating func parseProperty(
    _ word: String, _ range: SourceRange, into decl: inout PolicyDecl
  ) throws(ParseError) {
    switch word {
    case "severity":
      let (level, levelRange) = try expectName(what: "a severity: low, medium, high or critical")
      if decl.severity != nil { reportDuplicate("severity", range) }
      decl.severity = (level, levelRange)
    case "because":
      guard case .string(let reason) = current.kind else {
        throw error(
          "expected a reason in quotes after 'because:'",
          help: "because: \"Customers were promised an answer within a day.\"")
      }
      advance()
      if decl.because != nil { reportDuplicate("because", range) }
      decl.because = reason
    case "accountable":
      let party = try parseAdditive()
      if decl.accountable != nil { reportDuplicate("accountable", range) }
      decl.accountable = party
      decl.holding = try parseHolderChoice()
      if decl.holding != nil, isWord("in"), !atStatementBoundary {
        // `accountable: assignee at breach in history`: a record's own list of changes.
        advance()
        decl.holderHistory = try parsePostfix()
      }
    case "cycles":
      let (which, whichRange) = try expectName(what: "which cycles count: every, first or last")
      if decl.cycles != nil { reportDuplicate("cycles", range) }
      if !["every", "first", "last"].contains(which) {
        let close = Suggestions.closest(to: which, in: ["every", "first", "last"])
        report(
          .badProperty, "'\(which)' is not a choice of cycles", whichRange,
          help: (close.map { "did you mean '\($0)'? " } ?? "")
            + "cycles: every (each cycle is judged), first or last")
      }
      decl.cycles = (which, whichRange)
    case "allow":
      if !decl.allowed.isEmpty { reportDuplicate("allow", range) }
      repeat {
        guard case .string(let code) = current.kind, !atStatementBoundary else {
          throw error(
            "expected a warning's code in quotes after 'allow:'",
            help: "allow: \"never-fires\", \"suspicious-unit\"")
        }
        decl.allowed.append((code, advance().range))
      } while current.isSymbol(.comma) && !atStatementBoundary
        && {
          advance()
          return true
        }()
    default:
      let known = ["severity", "because", "accountable", "allow", "cycles"]
      let suggestion = Suggestions.closest(to: word, in: known).map { "did you mean '\($0)'? " }
      report(
        .badProperty, "unknown policy property '\(word)'", range,
        help: (suggestion ?? "") + "a policy's properties are severity:, because: and accountable:")
      throw ParseError()
    }
  }

  /// After `accountable: FIELD`, the holder it names: `at breach`, `held longest` or `by
  /// share`; nil when none follows.
  package mutating func parseHolderChoice() throws(ParseError) -> (
    choice: HolderChoice, range: SourceRange
  )? {
    guard !atStatementBoundary else { return nil }
    let help =
      "name the holder: accountable: Resource at breach (who held the case when it broke), "
      + "held longest, or by share (every holder, with their share)"
    let pairs: [(String, String, HolderChoice)] = [
      ("at", "breach", .atBreach), ("held", "longest", .longest), ("by", "share", .share),
    ]
    for (first, second, choice) in pairs where current.isWord(first) {
      let start = advance().range.start
      // `breach` may go on a continuation line, as any part of a statement.
      guard isWord(second) else {
        let found = atStatementBoundary ? "the line's end" : "\(current.kind)"
        throw error(
          "expected '\(second)' after '\(first)', found \(found)",
          at: atStatementBoundary ? tokens[index - 1].range : current.range, help: help)
      }
      return (choice, SourceRange(start, advance().range.end))
    }
    return nil  // anything else: the line's end is expected, as after any property
  }

  package mutating func reportDuplicate(_ property: String, _ range: SourceRange) {
    report(
      .badProperty, "'\(property):' is given twice", range, help: "keep one of them")
  }

  package mutating func parseRule() throws(ParseError) -> Rule {
    let condition = try parseExpression()
    guard current.isSymbol(.arrow) && !atStatementBoundary else {
      if atStatementBoundary {
        throw error(
          "this rule has no action", at: SourceRange(condition.range.end, condition.range.end),
          help: "add an arrow and an action: → escalate to owner, → notify team, or → flag")
      }
      throw error(
        "expected '→' or an operator, found \(current.kind)",
        help: "a rule is `<condition> → <action>`; '->' works too")
    }
    advance()
    var actions = [try parseAction()]
    while current.isSymbol(.comma) && !atStatementBoundary {
      advance()
      actions.append(try parseAction())
    }
    // INVARIANT: `actions` is never empty.
    return Rule(
      condition: condition, actions: actions,
      range: SourceRange(condition.range.start, actions.last!.range.end))
  }

  package mutating func parseAction() throws(ParseError) -> Action {
    let start = current.range.start
    guard !atStatementBoundary, case .identifier(let word) = current.kind else {
      throw actionError()
    }
    switch word {
    case "escalate":
      advance()
      guard current.isWord("to") && !atStatementBoundary else {
        throw error("expected 'to' after 'escalate'", help: "escalate to owner")
      }
      advance()
      let target = try parseAdditive()
      var action = Action(
        kind: .escalate, target: target, range: SourceRange(start, target.range.end))
      // `, then P after D`: the chain's next levels.
      while current.isSymbol(.comma) && peek(1).isWord("then") && !peek(1).startsLine {
        advance()
        let stepStart = advance().range.start
        let party = try parseAdditive()
        guard isWord("after") else {
          throw error(
            "expected 'after' and a duration after the party",
            help: "escalate to owner, then manager of owner after 24h")
        }
        advance()
        let after = try parseAdditive()
        action.steps.append(
          EscalationStep(
            target: party, after: after, range: SourceRange(stepStart, after.range.end)))
        action.range = SourceRange(start, after.range.end)
      }
      return action
    case "notify":
      advance()
      let target = try parseAdditive()
      return Action(kind: .notify, target: target, range: SourceRange(start, target.range.end))
    case "flag":
      let end = advance().range.end
      return Action(kind: .flag, target: nil, range: SourceRange(start, end))
    default:
      throw actionError()
    }
  }

  package mutating func actionError() -> ParseError {
    var help = "actions are: escalate to <party>, notify <party>, flag"
    if let word = current.identifier,
      let close = Suggestions.closest(to: word, in: ["escalate", "notify", "flag"])
    {
      help = "did you mean '\(close)'? " + help
    }
    return error("expected an action, found \(current.kind)", help: help)
  }

  // MARK: - Statement boundaries

  package mutating func beginStatement() {
    statementIndent = current.indent
    statementStart = index
    bracketDepth = 0
    depth = 0
  }

  /// Whether the current token starts a new statement.
  package var atStatementBoundary: Bool {
    let token = current
    if token.kind.isEnd { return true }
    guard index > statementStart && token.startsLine && token.indent <= statementIndent else {
      return false
    }
    // Inside brackets a new line means nothing, unless it plainly starts a new statement.
    return bracketDepth == 0 || token.isWord("define") || token.isWord("policy")
      || token.isWord("include")
  }

  package mutating func expectStatementEnd() throws(ParseError) {
    guard atStatementBoundary else {
      throw error("unexpected \(current.kind) here", help: unexpectedHelp())
    }
  }

  package func unexpectedHelp() -> String? {
    if current.isSymbol(.arrow) { return "a rule has one arrow; join actions with commas" }
    if current.startsLine { return "a line indented further continues the line above it" }
    return nil
  }

  package mutating func skipStatement() {
    if index == statementStart { advance() }
    bracketDepth = 0
    while !atStatementBoundary { advance() }
  }

  // MARK: - Tokens

  package var current: Token { tokens[index] }

  package func peek(_ distance: Int) -> Token {
    tokens[Swift.min(index + distance, tokens.count - 1)]
  }

  @discardableResult
  package mutating func advance() -> Token {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  package mutating func expectName(what: String) throws(ParseError) -> (String, SourceRange) {
    guard !atStatementBoundary, case .identifier(let name) = current.kind else {
      throw error("expected \(what), found \(current.kind)")
    }
    if Parser.reservedWords.contains(name) {
      throw error("'\(name)' is a reserved word", help: "choose another name")
    }
    return (name, advance().range)
  }

  package mutating func report(
    _ code: DiagnosticCode, _ message: String, _ range: SourceRange, help: String? = nil,
    fix: String? = nil
  ) {
    var diagnostic = Diagnostic(.error, code, message, source: source, range: range, help: help)
    diagnostic.fix = fix.map { Diagnostic.Fix(range: range, replacement: $0) }
    diagnostics.append(diagnostic)
  }

  /// Reports a syntax error at the current token and returns the error to throw.
  package mutating func error(
    _ message: String, at range: SourceRange? = nil, help: String? = nil,
    code: DiagnosticCode = .syntax
  ) -> ParseError {
    if current.kind != .invalid || range != nil {
      report(code, message, range ?? current.range, help: help)
    }
    return ParseError()
  }
}

/// Thrown to abandon a statement after its error was reported.
package struct ParseError: Error {}

extension Token.Kind {
  package var isEnd: Bool { self == .end }
}
