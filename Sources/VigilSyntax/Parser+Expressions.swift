import VigilCore

/// Expressions, from the loosest operator to the tightest:
///
///     or  <  and, juxtaposition  <  not  <  comparisons  <  + -  <  * /  <  unary -  <  . call
extension Parser {
  /// Parses an expression.
  package mutating func parseExpression() throws(ParseError) -> Expr {
    try nested { (parser: inout Parser) throws(ParseError) in try parser.parseOr() }
  }

  package mutating func nested(
    _ body: (inout Parser) throws(ParseError) -> Expr
  ) throws(ParseError) -> Expr {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Parser.maximumDepth else {
      throw error(
        "this expression is nested too deeply (more than \(Parser.maximumDepth) levels)",
        help: "split it into definitions with 'define'", code: .nestingTooDeep)
    }
    return try body(&self)
  }

  package mutating func parseOr() throws(ParseError) -> Expr {
    var left = try parseAnd()
    while isWord("or") {
      advance()
      let right = try parseAnd()
      left = Expr(.binary(.or, left, right), left.range.union(right.range))
    }
    return left
  }

  package mutating func parseAnd() throws(ParseError) -> Expr {
    var left = try parseNot()
    while true {
      let op: BinaryOperator
      if isWord("and") {
        advance()
        op = .and
      } else if startsOperand {
        op = .juxtaposed
      } else {
        return left
      }
      let right = try parseNot()
      left = Expr(.binary(op, left, right), left.range.union(right.range))
    }
  }

  /// Whether the current token can begin a juxtaposed predicate.
  package var startsOperand: Bool {
    guard !atStatementBoundary else { return false }
    switch current.kind {
    case .identifier(let word):
      return !Parser.reservedWords.contains(word)
        || ["not", "now", "from", "true", "false", "null"]
          .contains(word)
    case .quotedName, .number, .duration, .percentage, .string, .timestamp: return true
    case .symbol(let symbol): return symbol == .leftParen || symbol == .leftBracket
    case .end, .invalid: return false
    }
  }

  package mutating func parseNot() throws(ParseError) -> Expr {
    if isWord("no") && startsNoneOperand { return try parseNoneWithin() }
    guard isWord("not") else { return try parseComparison() }
    let start = advance().range.start
    let operand = try nested { (parser: inout Parser) throws(ParseError) in try parser.parseNot() }
    return Expr(.unary(.not, operand), SourceRange(start, operand.range.end))
  }

  package mutating func parseComparison() throws(ParseError) -> Expr {
    let left = try parseAdditive()
    if let op = comparisonSymbol() {
      advance()
      return try finishBinary(op, left)
    }
    if current.isSymbol(.assign) && !atStatementBoundary {
      return try finishMistakenAssignment(left)
    }
    guard case .identifier(let word) = current.kind, !atStatementBoundary else { return left }
    switch word {
    case "in", "contains", "matches":
      advance()
      return try finishBinary(BinaryOperator(rawValue: word)!, left)  // INVARIANT: raw values.
    case "not" where peek(1).isWord("in"):
      advance()
      advance()
      return try finishBinary(.notIn, left)
    case "between":
      advance()
      let low = try parseAdditive()
      guard isWord("and") else {
        throw error("expected 'and' in 'between … and …'", help: "score between 1 and 5")
      }
      advance()
      let high = try parseAdditive()
      return Expr(.between(left, low, high), left.range.union(high.range))
    case "is":
      return try parseIsMissing(left)
    default:
      return left
    }
  }

  package mutating func parseIsMissing(_ operand: Expr) throws(ParseError) -> Expr {
    advance()
    var negated = false
    if isWord("not") {
      advance()
      negated = true
    }
    let helpText = "write 'is missing', 'is present' or 'is not missing'"
    guard case .identifier(let word) = current.kind, !atStatementBoundary else {
      throw error("expected 'missing' or 'present' after 'is'", help: helpText)
    }
    switch word {
    case "missing": break
    case "present": negated.toggle()
    default:
      throw error(
        "expected 'missing' or 'present' after 'is', found '\(word)'",
        help: word == "null" ? "null and absent are both missing: write 'is missing'" : helpText)
    }
    let end = advance().range.end
    return Expr(.isMissing(operand, negated: negated), SourceRange(operand.range.start, end))
  }

  /// `owner = "ana"`: one `=` where a comparison was meant, the `=` current. Reported with
  /// the corrected text, and read as `==`, so that the rest of the rule is still checked.
  package mutating func finishMistakenAssignment(_ left: Expr) throws(ParseError) -> Expr {
    let assign = advance().range
    let comparison = try finishBinary(.equal, left)
    let before = source.text(in: SourceRange(left.range.start, assign.start))
    let after = source.text(in: SourceRange(assign.end, comparison.range.end))
    let corrected = before + "==" + after
    report(
      .syntax, "'=' is not a comparison: use '==' to compare", assign,
      help: corrected.contains("\n") ? "write '==' for 'equal'" : "write \(corrected)", fix: "==")
    return comparison
  }

  package func comparisonSymbol() -> BinaryOperator? {
    guard !atStatementBoundary, case .symbol(let symbol) = current.kind else { return nil }
    switch symbol {
    case .equal: return .equal
    case .notEqual: return .notEqual
    case .less: return .less
    case .lessEqual: return .lessEqual
    case .greater: return .greater
    case .greaterEqual: return .greaterEqual
    default: return nil
    }
  }

  package mutating func finishBinary(_ op: BinaryOperator, _ left: Expr) throws(ParseError) -> Expr
  {
    var right = try parseAdditive()
    if op.isComparison, isWord("business"), peek(1).isWord("days") || peek(1).isWord("day") {
      advance()
      let end = advance().range.end
      right = Expr(.businessDays(right), SourceRange(right.range.start, end))
      guard isWord("in") else {
        throw error(
          "business days are counted in a calendar: add 'in' and its name",
          help: "unresolved > 2 business days in support_hours")
      }
    }
    if comparisonSymbol() != nil {
      throw error(
        "comparisons cannot be chained", help: "join two comparisons with 'and', or use 'between'")
    }
    let comparison = Expr(.binary(op, left, right), left.range.union(right.range))
    // `unresolved > 16h in support_hours`: after a comparison, `in NAME` names a calendar
    // (a comparison is never a list's element).
    if op.isComparison, isWord("in"), case .identifier(let name) = peek(1).kind,
      !peek(1).startsLine
    {
      advance()
      let nameRange = advance().range
      return Expr(
        .inCalendar(comparison, calendar: name, nameRange),
        comparison.range.union(nameRange))
    }
    return comparison
  }

  package mutating func parseAdditive() throws(ParseError) -> Expr {
    var left = try parseMultiplicative()
    while !atStatementBoundary, current.isSymbol(.plus) || current.isSymbol(.minus) {
      let op: BinaryOperator = advance().isSymbol(.plus) ? .plus : .minus
      let right = try parseMultiplicative()
      left = Expr(.binary(op, left, right), left.range.union(right.range))
    }
    return left
  }

  package mutating func parseMultiplicative() throws(ParseError) -> Expr {
    var left = try parseUnary()
    while !atStatementBoundary, current.isSymbol(.star) || current.isSymbol(.slash) {
      let op: BinaryOperator = advance().isSymbol(.star) ? .times : .divide
      let right = try parseUnary()
      left = Expr(.binary(op, left, right), left.range.union(right.range))
    }
    return left
  }

  package mutating func parseUnary() throws(ParseError) -> Expr {
    guard current.isSymbol(.minus), !atStatementBoundary else { return try parsePostfix() }
    let start = advance().range.start
    let operand = try nested { (parser: inout Parser) throws(ParseError) in try parser.parseUnary()
    }
    return Expr(.unary(.negate, operand), SourceRange(start, operand.range.end))
  }

  package mutating func parsePostfix() throws(ParseError) -> Expr {
    var base = try parsePrimary()
    while current.isSymbol(.dot) && !atStatementBoundary {
      advance()
      let name: String
      switch current.kind {
      case .identifier(let word): name = word
      case .quotedName(let word): name = word
      default:
        throw error("expected a field name after '.', found \(current.kind)")
      }
      let end = advance().range.end
      base = Expr(.member(base, name), SourceRange(base.range.start, end))
    }
    return base
  }

  // MARK: - Primaries

  package mutating func parsePrimary() throws(ParseError) -> Expr {
    guard !atStatementBoundary else {
      throw error(
        "expected an expression before the end of the line",
        at: SourceRange(tokens[index - 1].range.end, tokens[index - 1].range.end),
        help: "a line indented further continues the line above it")
    }
    let token = current
    switch token.kind {
    case .number(let value): return parseNumber(value)
    case .duration(let value): return literal(.duration(value))
    case .percentage(let value): return literal(.percentage(value))
    case .string(let value): return literal(.text(value))
    case .timestamp(let value): return literal(.time(value))
    case .quotedName(let name):
      advance()
      return Expr(.quotedName(name), token.range)
    case .identifier(let word): return try parseWord(word, token)
    case .symbol(.leftParen): return try parseParenthesized()
    case .symbol(.leftBracket): return try parseList()
    case .symbol(.arrow):
      throw error(
        "expected a condition before the arrow", help: "a rule is `<condition> → <action>`")
    default:
      throw error("expected an expression, found \(token.kind)")
    }
  }

  package mutating func literal(_ value: Literal) -> Expr {
    Expr(.literal(value), advance().range)
  }

  package mutating func parseWord(_ word: String, _ token: Token) throws(ParseError) -> Expr {
    switch word {
    case "true": return literal(.bool(true))
    case "false": return literal(.bool(false))
    case "null": return literal(.null)
    case "now":
      advance()
      return Expr(.now, token.range)
    case "from": return try parseState()
    case "each" where peek(1).isWord("cycle") && !peek(1).startsLine:
      return try parseCycleState()
    default:
      break
    }
    if Parser.reservedWords.contains(word) {
      throw error(
        "expected an expression, found '\(word)'",
        help: "'\(word)' is a reserved word; write `\(word)` in backquotes for a field of that name"
      )
    }
    if Relation(rawValue: word) == nil, peek(1).isWord("of"), !peek(1).startsLine,
      let close = Suggestions.closest(to: word, in: Relation.allCases.map(\.rawValue))
    {
      // `manger of owner`: a misspelt relation, not two fields side by side.
      throw error(
        "unknown relation '\(word) of'", at: token.range,
        help: "did you mean '\(close) of'? The directory's relations are "
          + Relation.allCases.map { "\($0.rawValue) of" }.joined(separator: ", "))
    }
    if let relation = Relation(rawValue: word), peek(1).isWord("of"), !peek(1).startsLine {
      // `manager of owner`: a relation of the directory.
      advance()
      advance()
      let operand = try nested { (parser: inout Parser) throws(ParseError) in
        try parser.parseUnary()
      }
      return Expr(.relation(relation, operand), SourceRange(token.range.start, operand.range.end))
    }
    advance()
    let next = current
    if next.isSymbol(.leftParen) && next.range.start == token.range.end {
      return try parseCall(word, token.range.start)
    }
    return Expr(.name(word), token.range)
  }

  package mutating func parseState() throws(ParseError) -> Expr {
    let start = advance().range.start
    let from = try parseAdditive()
    guard isWord("until") else {
      throw error(
        "expected 'until' in 'from … until …'", help: "from created_at until resolved_at")
    }
    advance()
    let until = try parseAdditive()
    let state = Expr(.state(from: from, until: until), SourceRange(start, until.range.end))
    return try parsePause(of: state)
  }

  /// `each cycle from P until Q`, and its pause if any: `P` and `Q` are conditions on the
  /// records (a name, a call, or a comparison in parentheses).
  package mutating func parseCycleState() throws(ParseError) -> Expr {
    let start = advance().range.start
    advance()
    let example = "each cycle from (Activity == \"Reopen\") until resolving"
    var history: Expr?
    if isWord("in") && !atStatementBoundary {
      // `each cycle in history from …`: a record's own list of changes.
      advance()
      history = try parsePostfix()
    }
    guard isWord("from") && !atStatementBoundary else {
      if history != nil {
        throw error(
          "expected 'from' and the changes that begin a cycle after 'each cycle in' and its list",
          help: "each cycle in history from (status == \"open\") until (status == \"resolved\")")
      }
      throw error(
        "expected 'from' and the records that begin a cycle after 'each cycle'", help: example)
    }
    advance()
    let from = try parseAdditive()
    guard isWord("until") && !atStatementBoundary else {
      throw error(
        isComparisonSymbol
          ? "a cycle's start is a condition in parentheses, or a name"
          : "expected 'until' and the records that end a cycle in 'each cycle from …'",
        help: example)
    }
    advance()
    let until = try parseAdditive()
    let state = Expr(
      .cycleState(from: from, until: until, history: history), SourceRange(start, until.range.end))
    return try parsePause(of: state)
  }

  /// Whether the current token is `== != < <= > >=` (or `=`, a comparison mistyped).
  private var isComparisonSymbol: Bool {
    guard case .symbol(let symbol) = current.kind else {
      return ["in", "not", "contains", "matches", "between", "is"].contains(current.identifier)
    }
    return [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .assign].contains(symbol)
  }

  /// `STATE paused in HISTORY while P [unless Q]` after a state, or the state itself.
  package mutating func parsePause(of state: Expr) throws(ParseError) -> Expr {
    let start = state.range.start
    guard isWord("paused") && peek(1).isWord("in") else { return state }
    advance()
    advance()
    let history = try parsePostfix()
    guard isWord("while") else {
      throw error(
        "expected 'while' and when the clock stops",
        help: "from created_at until resolved_at paused in history while status == \"pending\"")
    }
    advance()
    let condition = try parseNot()
    guard isWord("unless") && !atStatementBoundary else {
      return Expr(
        .pausedState(state, history: history, while: condition, unless: nil),
        SourceRange(start, condition.range.end))
    }
    advance()
    guard !atStatementBoundary else {
      throw error(
        "expected a condition after 'unless': the changes from which a pause is not honest",
        help: "paused in history while status == \"pending\" unless replied")
    }
    let dishonest = try parseNot()
    return Expr(
      .pausedState(state, history: history, while: condition, unless: dishonest),
      SourceRange(start, dishonest.range.end))
  }

  package mutating func parseCall(_ name: String, _ start: Int) throws(ParseError) -> Expr {
    let arguments = try parseSequence(closing: .rightParen, what: "argument")
    return Expr(.call(name, arguments.items), SourceRange(start, arguments.end))
  }

  package mutating func parseList() throws(ParseError) -> Expr {
    let start = current.range.start
    let elements = try parseSequence(closing: .rightBracket, what: "list element")
    return Expr(.list(elements.items), SourceRange(start, elements.end))
  }

  package mutating func parseParenthesized() throws(ParseError) -> Expr {
    let open = advance().range
    let start = open.start
    bracketDepth += 1
    let inner = try parseExpression()
    guard current.isSymbol(.rightParen) else {
      if atStatementBoundary {
        throw error("this '(' is never closed", at: open, help: "add ')' where the group ends")
      }
      throw error("expected ')', found \(current.kind)", help: "close the '(' opened earlier")
    }
    bracketDepth -= 1
    let end = advance().range.end
    return Expr(inner.kind, SourceRange(start, end))
  }

  /// `( a, b, … )` or `[ a, b, … ]`, the opening token current.
  package mutating func parseSequence(
    closing: Token.Symbol, what: String
  ) throws(ParseError) -> (items: [Expr], end: Int) {
    let open = advance().range
    bracketDepth += 1
    var items: [Expr] = []
    while !current.isSymbol(closing) {
      if atStatementBoundary {
        throw error(
          "this '\(closing == .rightParen ? "(" : "[")' is never closed", at: open,
          help: "add '\(closing.rawValue)' where it ends")
      }
      var item = try parseExpression()
      if closing == .rightParen && isWord("where") {
        // `share(low_score where survey)`: an aggregate's filter.
        advance()
        let filter = try parseExpression()
        item = Expr(.filtered(item, where: filter), SourceRange(item.range.start, filter.range.end))
      }
      items.append(item)
      if current.isSymbol(.comma) {
        advance()
      } else if !current.isSymbol(closing) {
        throw error(
          "expected ',' or '\(closing.rawValue)' after the \(what), found \(current.kind)")
      }
    }
    bracketDepth -= 1
    return (items, advance().range.end)
  }

  /// After `no`: whether a predicate follows on the same line (`no senior_contact within 90d`),
  /// so that `no == 1` still compares a field named `no`.
  package var startsNoneOperand: Bool {
    let next = peek(1)
    guard !next.startsLine else { return false }
    switch next.kind {
    case .identifier(let word): return !Parser.reservedWords.contains(word) || word == "not"
    case .quotedName, .symbol(.leftParen): return true
    default: return false
    }
  }

  package func isWord(_ word: String) -> Bool {
    current.isWord(word) && !atStatementBoundary
  }
}
