import Testing
import VigilRecords
import VigilSyntax

@testable import Vigil

@Suite("Lexer")
struct LexerTests {
  func kinds(_ text: String) -> [Token.Kind] {
    var lexer = Lexer(source: Source(text: text, file: "t"))
    return lexer.tokenize().map(\.kind).dropLast()
  }

  func errors(_ text: String) -> [String] {
    var lexer = Lexer(source: Source(text: text, file: "t"))
    _ = lexer.tokenize()
    return lexer.diagnostics.map(\.message)
  }

  @Test(
    "durations are exact milliseconds",
    arguments: [
      ("90s", 90_000), ("30m", 1_800_000), ("48h", 172_800_000), ("2d", 172_800_000),
      ("1w", 604_800_000), ("500ms", 500), ("1h30m", 5_400_000), ("2d12h", 216_000_000),
      ("1h0m1s", 3_601_000), ("1s1ms", 1_001),
    ] as [(String, Int64)])
  func durations(_ text: String, _ milliseconds: Int64) {
    #expect(kinds(text) == [.duration(milliseconds)])
  }

  @Test func literals() {
    #expect(
      kinds("3 4.5 20% 12.5%") == [.number(3), .number(4.5), .percentage(0.2), .percentage(0.125)])
    #expect(kinds(#""a\"b\\c\n\t\u{E9}""#) == [.string("a\"b\\c\n\té")])
    #expect(kinds("`Created Date` x_1") == [.quotedName("Created Date"), .identifier("x_1")])
    #expect(kinds("@2026-11-25T00:00:00Z") == [.timestamp(1_795_564_800_000)])
    #expect(kinds("@2026-11-25T01:00:00.9999+01:00") == [.timestamp(1_795_564_800_999)])
    #expect(kinds("→ -> == != <= >= < > = + - * / ( ) [ ] , . :").count == 20)
    #expect(kinds("→ ->") == [.symbol(.arrow), .symbol(.arrow)])
    #expect(kinds("a # a comment → b\nc") == [.identifier("a"), .identifier("c")])
  }

  @Test func linesAndIndentation() {
    var lexer = Lexer(source: Source(text: "a b\n  c\n\td", file: "t"))
    let tokens = lexer.tokenize()
    #expect(tokens.map(\.startsLine) == [true, false, true, true, true])
    #expect(tokens.prefix(4).map(\.indent) == [0, 0, 2, 8])
  }

  @Test(
    "errors",
    arguments: [
      ("\"open", "this string has no closing quote"),
      ("`open", "this backquoted name has no closing backquote"),
      ("1.5h", "a duration cannot have a decimal point"),
      ("3h30", "the last number of this duration has no unit"),
      ("30m1h", "duration units must go from largest to smallest, each once"),
      ("5y", "unknown duration unit 'y'"),
      ("@2026-11-25T00:00:00", "timestamp '@2026-11-25T00:00:00' has no time zone offset"),
      ("@2026-13-25T00:00:00Z", "'@2026-13-25T00:00:00Z' is not an ISO-8601 timestamp"),
      ("a ! b", "unexpected character '!'"),
      ("\"\\q\"", "unknown escape '\\q'"),
      ("``", "a backquoted name cannot be empty"),
    ])
  func lexicalErrors(_ text: String, _ message: String) {
    #expect(errors(text) == [message])
  }
}
