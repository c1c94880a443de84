import Foundation
import Testing

@testable import Vigil

/// `vigil fmt` over every policy file of the repository that parses: formatting is idempotent,
/// means the same (the same tree, ranges aside) and keeps every comment, in order.
@Suite("Formatter (every policy file)")
struct FormatCorpusTests {
  /// Every `.vigil` file under rules/, examples/ and the test fixtures, relative to the root.
  static let files: [String] = ["rules", "examples", "Tests/VigilTests/Fixtures"].flatMap {
    folder -> [String] in
    let walker = FileManager.default.enumerator(atPath: repoPath(folder))
    var found: [String] = []
    while let relative = walker?.nextObject() as? String {
      if relative.hasSuffix(".vigil") { found.append(folder + "/" + relative) }
    }
    return found.sorted()
  }

  @Test func findsTheFiles() {
    #expect(Self.files.count > 40)
    #expect(Self.files.contains("rules/common.vigil"))
    #expect(Self.files.contains("Tests/VigilTests/Fixtures/format/statements.vigil"))
  }

  @Test(arguments: files)
  func formatKeepsMeaningAndComments(_ path: String) throws {
    let text = try String(contentsOfFile: repoPath(path), encoding: .utf8)
    let source = Source(text: text, file: path)
    let (original, diagnostics) = Parser.parse(source)
    guard diagnostics.isEmpty else { return }  // A file with syntax errors is not formatted.
    let formatted = try PolicyFormatter().format(source)
    let (reparsed, errors) = Parser.parse(Source(text: formatted, file: path))
    #expect(errors.isEmpty, "the formatted \(path) does not parse:\n\(formatted)")
    #expect(fileShape(reparsed) == fileShape(original), "the formatted \(path) means otherwise")
    #expect(comments(formatted) == comments(text), "the formatted \(path) lost comments")
    let again = try PolicyFormatter().format(Source(text: formatted, file: path))
    #expect(again == formatted, "formatting \(path) twice changes it")
    #expect(formatted.hasSuffix("\n") && !formatted.hasSuffix("\n\n"))
    #expect(!formatted.contains(" \n"), "trailing spaces in the formatted \(path)")
  }

  /// The layout does not depend on the spaces between the tokens of a line.
  @Test(arguments: files)
  func spacesBetweenTokensDoNotMatter(_ path: String) throws {
    let text = try String(contentsOfFile: repoPath(path), encoding: .utf8)
    guard let formatted = try? PolicyFormatter().format(Source(text: text, file: path)) else {
      return
    }
    let spaced = spacedOut(text)
    #expect(spaced != text || !text.contains(" "))
    #expect(try PolicyFormatter().format(Source(text: spaced, file: path)) == formatted)
  }

  /// `text` with two more spaces before every token that does not start its line (except the
  /// `(` of a call, which must follow its name).
  func spacedOut(_ text: String) -> String {
    var lexer = Lexer(source: Source(text: text, file: "t"))
    let tokens = lexer.tokenize()
    var bytes = Array(text.utf8)
    for position in stride(from: tokens.count - 2, to: 0, by: -1) {
      let token = tokens[position]
      let call = token.isSymbol(.leftParen) && tokens[position - 1].range.end == token.range.start
      guard !token.startsLine, !call else { continue }
      bytes.insert(contentsOf: Array("  ".utf8), at: token.range.start)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The texts of the comments of `text`, in order, without trailing spaces.
  func comments(_ text: String) -> [String] {
    var lexer = Lexer(source: Source(text: text, file: "t"))
    _ = lexer.tokenize()
    return lexer.comments.map { FileLayout.trimmed($0.text) }
  }
}
