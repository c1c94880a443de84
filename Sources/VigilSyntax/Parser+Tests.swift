import VigilCore

/// Parsing policy test files (`PolicyTestFile`): the same tokens, lines and blocks as policy
/// files, with statements of their own.
extension Parser {
  /// Parses `source` as a test file and returns it with every diagnostic found.
  package static func parseTests(_ source: Source) -> (PolicyTestFile, [Diagnostic]) {
    var parser = Parser(source: source)
    var file = PolicyTestFile(source: source)
    while !parser.current.kind.isEnd {
      parser.beginStatement()
      do {
        try parser.parseTestStatement(into: &file)
        try parser.expectStatementEnd()
      } catch {
        parser.skipStatement()
      }
    }
    return (file, parser.diagnostics)
  }

  private mutating func parseTestStatement(into file: inout PolicyTestFile) throws(ParseError) {
    if isWord("policies") {
      advance()
      repeat {
        file.policies.append(try expectText("a policy file in quotes after 'policies'"))
      } while takeComma()
    } else if isWord("directory") {
      advance()
      file.directory = try expectText("a people file in quotes after 'directory'")
    } else if isWord("now") && !peek(1).startsLine {
      advance()
      file.now = try parseExpression()
    } else if isWord("test") {
      file.tests.append(try parseTest())
    } else {
      throw error(
        "expected 'test', 'policies', 'directory' or 'now', found \(current.kind)",
        help: "test name:\n    record r1:\n      type = \"complaint\"\n    expect policy: violation"
      )
    }
  }

  private mutating func parseTest() throws(ParseError) -> PolicyTest {
    advance()
    let (name, range) = try expectTestName("a test name after 'test'")
    try expectBlockColon(after: "test \(name)")
    var test = PolicyTest(name: name, range: range)
    let errorsBefore = diagnostics.count
    try parseBlock { parser throws(ParseError) in
      if parser.isWord("now") {
        parser.advance()
        test.now = try parser.parseExpression()
      } else if parser.isWord("record") {
        test.records.append(try parser.parseTestRecord())
      } else if parser.isWord("expect") {
        test.expectations.append(try parser.parseExpectation())
      } else {
        throw parser.error(
          "expected 'record', 'expect' or 'now' in a test, found \(parser.current.kind)",
          help: "record r1:\n      type = \"complaint\"")
      }
    }
    if test.expectations.isEmpty && diagnostics.count == errorsBefore {
      report(.badPolicy, "test '\(name)' expects nothing", range, help: "expect policy: violation")
    }
    return test
  }

  private mutating func parseTestRecord() throws(ParseError) -> TestRecord {
    let start = advance().range.start
    let (id, idRange) = try expectTestName("a record id after 'record'")
    var count = 1
    if isWord("times") {
      advance()
      guard case .number(let number) = current.kind, number >= 1, number <= 10_000,
        number == number.rounded()
      else {
        throw error("expected how many records after 'times', from 1 to 10000", help: "times 20")
      }
      advance()
      count = Int(number)
    }
    try expectBlockColon(after: "record \(id)")
    var record = TestRecord(id: id, range: SourceRange(start, idRange.end), count: count)
    try parseBlock { parser throws(ParseError) in
      let path = try parser.parseFieldPath()
      if parser.current.isSymbol(.colon) && !parser.peek(1).kind.isEnd && parser.peek(1).startsLine
      {
        parser.advance()
        var changes: [TestChange] = []
        try parser.parseBlock { parser throws(ParseError) in
          changes.append(try parser.parseChange())
        }
        record.timelines.append((path, changes))
        return
      }
      guard parser.current.isSymbol(.assign) else {
        throw parser.error(
          "expected '=' and a value after the field", help: "created_at = now - 50h")
      }
      parser.advance()
      record.fields.append((path, try parser.parseExpression()))
    }
    return record
  }

  /// `at TIME: field = value, field = value`.
  private mutating func parseChange() throws(ParseError) -> TestChange {
    guard isWord("at") else {
      throw error("expected 'at' and a time", help: "at now - 30h: status = \"open\"")
    }
    advance()
    let at = try parseAdditive()
    guard current.isSymbol(.colon) else {
      throw error("expected ':' after the change's time", help: "at now - 30h: status = \"open\"")
    }
    advance()
    var fields: [(FieldPath, Expr)] = []
    repeat {
      let path = try parseFieldPath()
      guard current.isSymbol(.assign) else {
        throw error("expected '=' and a value", help: "at now - 30h: status = \"open\"")
      }
      advance()
      fields.append((path, try parseAdditive()))
    } while takeComma()
    return TestChange(at: at, fields: fields)
  }

  private mutating func parseExpectation() throws(ParseError) -> Expectation {
    let start = advance().range.start
    let (policy, policyRange) = try expectTestName("a policy name after 'expect'")
    var subject: String?
    if isWord("for") {
      advance()
      subject = try expectTestName("a record id or group after 'for'").0
    }
    guard current.isSymbol(.colon) else {
      throw error("expected ':' and what the policy finds", help: "expect \(policy): violation")
    }
    advance()
    let outcome = try parseOutcome()
    var expectation = Expectation(
      policy: policy, policyRange: policyRange, subject: subject, outcome: outcome,
      range: SourceRange(start, tokens[index - 1].range.end))
    while takeComma() {
      try parseDetail(into: &expectation)
      expectation.range = SourceRange(start, tokens[index - 1].range.end)
    }
    return expectation
  }

  private mutating func parseOutcome() throws(ParseError) -> Expectation.Outcome {
    let first = current.range
    var words: [String] = []
    while !atStatementBoundary, let word = current.identifier, words.count < 3 {
      words.append(word)
      advance()
      if let outcome = Expectation.Outcome(rawValue: words.joined(separator: " ")) {
        return outcome
      }
    }
    let all = Expectation.Outcome.allCases.map(\.rawValue).joined(separator: ", ")
    throw error(
      "expected what the policy finds: \(all)", at: first,
      help: "expect slow_reply: no violation")
  }

  private mutating func parseDetail(into expectation: inout Expectation) throws(ParseError) {
    guard let word = current.identifier else {
      throw error("expected party, level, severity, open or closed, found \(current.kind)")
    }
    advance()
    switch word {
    case "party": expectation.party = try expectTestName("a party after 'party'").0
    case "severity": expectation.severity = try expectTestName("a severity after 'severity'").0
    case "level":
      guard case .number(let level) = current.kind, level >= 1, level == level.rounded() else {
        throw error("expected a level from 1 after 'level'", help: "level 2")
      }
      advance()
      expectation.level = Int(level)
    case "cycle":
      guard case .number(let cycle) = current.kind, cycle >= 1, cycle == cycle.rounded() else {
        throw error("expected a cycle from 1 after 'cycle'", help: "cycle 2")
      }
      advance()
      expectation.cycle = Int(cycle)
    case "open": expectation.open = true
    case "closed": expectation.open = false
    default:
      throw error(
        "'\(word)' is not something an expectation checks",
        at: tokens[index - 1].range, help: "party \"dara\", level 2, severity high, open, closed")
    }
  }

  // MARK: - Helpers

  /// Parses the lines indented under the current statement, each with `line`.
  private mutating func parseBlock(
    _ line: (inout Parser) throws(ParseError) -> Void
  ) throws(ParseError) {
    let blockIndent = statementIndent
    guard current.startsLine && current.indent > blockIndent else {
      throw error("expected lines indented under this one")
    }
    while !current.kind.isEnd && current.startsLine && current.indent > blockIndent {
      let (savedIndent, savedStart) = (statementIndent, statementStart)
      beginStatement()
      do {
        try line(&self)
        try expectStatementEnd()
      } catch {
        skipStatement()
      }
      (statementIndent, statementStart) = (savedIndent, savedStart)
    }
  }

  /// A name: a word, or a text in quotes (for ids like "K-201" and rules like "c.vigil:6").
  private mutating func expectTestName(_ what: String) throws(ParseError) -> (String, SourceRange) {
    switch current.kind {
    case .identifier(let name), .string(let name), .quotedName(let name):
      return (name, advance().range)
    case .number(let number):
      return (Operations.formatNumber(number), advance().range)
    default:
      throw error("expected \(what), found \(current.kind)")
    }
  }

  private mutating func expectText(_ what: String) throws(ParseError) -> (String, SourceRange) {
    guard case .string(let text) = current.kind, !atStatementBoundary else {
      throw error("expected \(what)")
    }
    return (text, advance().range)
  }

  private mutating func expectBlockColon(after what: String) throws(ParseError) {
    guard current.isSymbol(.colon) else {
      throw error("expected ':' after '\(what)'", at: tokens[index - 1].range)
    }
    advance()
  }

  /// `a`, `a.b`, `` `a b` ``: a field to set.
  private mutating func parseFieldPath() throws(ParseError) -> FieldPath {
    var components: [String] = []
    repeat {
      switch current.kind {
      case .identifier(let name), .quotedName(let name): components.append(name)
      default: throw error("expected a field name, found \(current.kind)")
      }
      advance()
    } while current.isSymbol(.dot)
      && {
        advance()
        return true
      }()
    return FieldPath(components)
  }

  private mutating func takeComma() -> Bool {
    guard current.isSymbol(.comma) && !atStatementBoundary else { return false }
    advance()
    return true
  }
}
