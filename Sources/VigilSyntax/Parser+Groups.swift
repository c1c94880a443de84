/// Parsing the lines that make a policy a group policy: `per …`, `among …`, `at least …`.
extension Parser {
  /// Parses a group clause if the line starts with one; returns whether it did.
  package mutating func parseGroupClause(into decl: inout PolicyDecl) throws(ParseError) -> Bool {
    if current.isWord("per") && startsClauseBody(peek(1)) {
      let grouping = try parseGrouping()
      if decl.grouping != nil { reportRepeated("per", grouping.range) }
      decl.grouping = grouping
      return true
    }
    if current.isWord("among") && startsClauseBody(peek(1)) {
      advance()
      let scope = try parseExpression()
      if decl.scope != nil { reportRepeated("among", scope.range) }
      decl.scope = scope
      return true
    }
    if current.isWord("unless") && peek(1).isWord("followed") && !peek(1).startsLine {
      let followUp = try parseFollowUp()
      if decl.followUp != nil { reportRepeated("unless followed by", followUp.range) }
      decl.followUp = followUp
      return true
    }
    if current.isWord("at") && peek(1).isWord("least") && !peek(1).startsLine {
      let minimum = try parseMinimum()
      if decl.minimum != nil { reportRepeated("at least", minimum.range) }
      decl.minimum = minimum
      return true
    }
    return false
  }

  private mutating func reportRepeated(_ clause: String, _ range: SourceRange) {
    report(
      .badPolicy, "a policy has one '\(clause)' line", range,
      help: clause == "per" ? "list every key on one line: per owner, team" : "keep one of them")
  }

  /// Whether `token`, after a clause's first word, starts the clause's body on the same line
  /// (so `per > 3 → flag` stays a rule about a field named `per`).
  private func startsClauseBody(_ token: Token) -> Bool {
    guard !token.startsLine else { return false }
    switch token.kind {
    case .identifier, .quotedName, .string, .symbol(.leftParen): return true
    default: return false
    }
  }

  /// `per KEY, KEY, …[, PERIOD by TIME [in "Zone"]]`.
  package mutating func parseGrouping() throws(ParseError) -> Grouping {
    let start = advance().range.start
    var keys: [Expr] = []
    var window: Window?
    var order: Expr?
    var end = start
    repeat {
      if isWord("ordered") && peek(1).isWord("by") && !peek(1).startsLine {
        let orderStart = current.range.start
        advance()
        advance()
        let time = try parseAdditive()
        if order != nil {
          report(
            .badPolicy, "a group policy has one 'ordered by'",
            SourceRange(orderStart, time.range.end), help: "keep one of them")
        }
        order = time
        end = time.range.end
      } else if let word = current.identifier, let period = Window.Period(rawValue: word),
        !atStatementBoundary
      {
        let parsed = try parseWindow(period)
        if window != nil {
          report(
            .badPolicy, "a group policy has one window", parsed.range,
            help: "keep one of daily, weekly and monthly")
        }
        window = parsed
        end = parsed.range.end
      } else {
        let key = try parseAdditive()
        keys.append(key)
        end = key.range.end
      }
      guard current.isSymbol(.comma) && !atStatementBoundary else { break }
      advance()
    } while true
    return Grouping(keys: keys, window: window, order: order, range: SourceRange(start, end))
  }

  /// `PERIOD by TIME [in "Zone"]`, the period current.
  private mutating func parseWindow(_ period: Window.Period) throws(ParseError) -> Window {
    let start = current.range.start
    advance()
    guard isWord("by") else {
      throw error(
        "expected 'by' and a time after '\(period.rawValue)'",
        at: SourceRange(start, tokens[index - 1].range.end),
        help: "say which time places a record in a window: \(period.rawValue) by created_at")
    }
    advance()
    let time = try parseAdditive()
    var end = time.range.end
    var zone: (String, SourceRange)?
    if isWord("in") {
      advance()
      guard case .string(let name) = current.kind, !atStatementBoundary else {
        throw error(
          "expected a time zone in quotes after 'in'",
          help: "\(period.rawValue) by created_at in \"Europe/London\"")
      }
      zone = (name, current.range)
      end = advance().range.end
    }
    return Window(period: period, time: time, zone: zone, range: SourceRange(start, end))
  }

  /// `unless followed by PREDICATE within DURATION`.
  private mutating func parseFollowUp() throws(ParseError) -> FollowUp {
    let start = advance().range.start
    advance()  // followed
    guard isWord("by") else {
      throw error(
        "expected 'by' after 'unless followed'",
        help: "unless followed by outbound_contact within 7d")
    }
    advance()
    let predicate = try parseComparison()
    guard isWord("within") else {
      throw error(
        "expected 'within' and a duration after what must follow",
        help: "unless followed by \(source.text(in: predicate.range)) within 7d")
    }
    advance()
    let within = try parseAdditive()
    return FollowUp(
      predicate: predicate, within: within, range: SourceRange(start, within.range.end))
  }

  /// `no PREDICATE within DURATION`, at `no`.
  package mutating func parseNoneWithin() throws(ParseError) -> Expr {
    let start = advance().range.start
    let predicate = try parseComparison()
    guard isWord("within") else {
      throw error(
        "expected 'within' and a duration after 'no \(source.text(in: predicate.range))'",
        help: "no \(source.text(in: predicate.range)) within 90d: none in the last 90 days")
    }
    advance()
    let within = try parseAdditive()
    return Expr(.noneWithin(predicate, within: within), SourceRange(start, within.range.end))
  }

  /// `at least N [noun]`.
  private mutating func parseMinimum() throws(ParseError) -> Minimum {
    let start = advance().range.start
    advance()  // least
    guard case .number(let value) = current.kind, !atStatementBoundary, value >= 1,
      value == value.rounded(), value <= 1_000_000_000
    else {
      throw error(
        "expected a whole number of records after 'at least'",
        help: "at least 20 surveys: smaller groups are reported as not enough data")
    }
    var end = advance().range.end
    var noun: String?
    if !atStatementBoundary, case .identifier(let word) = current.kind {
      noun = word
      end = advance().range.end
    }
    return Minimum(count: Int(value), noun: noun, range: SourceRange(start, end))
  }
}
