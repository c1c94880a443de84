import Testing
import VigilSyntax

@testable import Vigil

/// The lexer keeps the comments it skips, for the formatter, and its tokens stay the same.
@Suite("Lexer comments")
struct LexerCommentTests {
  func lex(_ text: String) -> (tokens: [Token], comments: [Lexer.Comment]) {
    var lexer = Lexer(source: Source(text: text, file: "t"))
    let tokens = lexer.tokenize()
    return (tokens, lexer.comments)
  }

  @Test func commentsAreRecordedWithTheirRanges() {
    let (_, comments) = lex("# one\na → flag  # two → x\n  # three\r\n\"#\" # four")
    // A CRLF line break is not part of the comment, as an LF one is not.
    #expect(comments.map(\.text) == ["# one", "# two → x", "# three", "# four"])
    #expect(comments.map(\.range.start) == [0, 18, 32, 45])
    #expect(comments[1].range.end == 18 + "# two → x".utf8.count)
  }

  @Test func tokensAreTheSameWithOrWithoutComments() {
    let plain = lex("define a = 1\n  + 2\npolicy p:\n  a → flag\n")
    let commented = lex("# c\ndefine a = 1 # x\n  # y\n  + 2\npolicy p: # z\n  a → flag # w\n")
    #expect(plain.tokens.map(\.kind) == commented.tokens.map(\.kind))
    #expect(plain.tokens.map(\.startsLine) == commented.tokens.map(\.startsLine))
    #expect(plain.tokens.map(\.indent) == commented.tokens.map(\.indent))
    #expect(plain.comments.isEmpty)
    #expect(commented.comments.count == 5)
  }
}
