import Foundation
import Testing
import VigilFormat
import VigilSyntax

@testable import Vigil

/// Carelessly written files and their canonical layout, kept as golden files
/// (`Fixtures/format/NAME.vigil` → `NAME.formatted.vigil`, rewritten with `UPDATE_GOLDENS=1`).
@Suite("Formatter (golden)")
struct FormatGoldenTests {
  static let folder = "Tests/VigilTests/Fixtures/format"

  /// statements: every statement and policy line; breaking: long rules; parentheses: operators,
  /// parentheses and literals; comments: comments everywhere, blank lines.
  @Test(arguments: ["statements", "breaking", "parentheses", "comments"])
  func canonicalLayout(_ name: String) throws {
    let path = "\(Self.folder)/\(name).vigil"
    let text = try String(contentsOfFile: repoPath(path), encoding: .utf8)
    let formatted = try PolicyFormatter().format(Source(text: text, file: path))
    expectGolden(formatted, "\(Self.folder)/\(name).formatted.vigil")
    #expect(formatted != text, "the input of a golden test should need formatting")
    #expect(try PolicyFormatter().format(Source(text: formatted, file: path)) == formatted)
  }
}

/// The layout rules, one at a time.
@Suite("Formatter")
struct FormatterTests {
  func format(_ text: String, width: Int = 100) -> String {
    (try? PolicyFormatter(lineWidth: width).format(Source(text: text, file: "t.vigil")))
      ?? "<error>"
  }

  @Test(
    "spacing, arrows, indentation",
    arguments: [
      ("a>1->flag", "a > 1 → flag\n"),
      (
        "policy p :\n      a→notify  team\n      severity:low",
        "policy p:\n  a → notify team\n  severity: low\n"
      ),
      ("define x=f( a ,b )", "define x = f(a, b)\n"),
      ("define x=[ 1,2, ]", "define x = [1, 2]\n"),
      ("define x = a . b . `c d`", "define x = a.b.`c d`\n"),
      ("define x = - 3 * - y", "define x = -3 * -y\n"),
      ("events per k ,ordered by t", "events per k, ordered by t\n"),
      ("missing \"?\",\"N/A\"", "missing \"?\", \"N/A\"\n"),
      ("include\"common.vigil\"", "include \"common.vigil\"\n"),
    ])
  func spacing(_ input: String, _ expected: String) {
    #expect(format(input) == expected)
  }

  @Test(
    "literals as written, strings re-escaped",
    arguments: [
      ("define d = 1h30m + 90s + 1w2d", "define d = 1h30m + 90s + 1w2d\n"),
      ("define n = 007 + 4.50 + 12.5%", "define n = 007 + 4.50 + 12.5%\n"),
      ("define t = @2026-11-25T09:30:00.250+01:00", "define t = @2026-11-25T09:30:00.250+01:00\n"),
      (#"define s = "caf\u{E9}\u{200B}""#, #"define s = "café\u{200B}""# + "\n"),
      ("define s = \"a\ttab\"", #"define s = "a\ttab""# + "\n"),
      (#"define s = "\"q\" \\ \n""#, #"define s = "\"q\" \\ \n""# + "\n"),
      (
        "define b = x is not missing or y is present",
        "define b = x is not missing or y is present\n"
      ),
    ])
  func literals(_ input: String, _ expected: String) {
    #expect(format(input) == expected)
  }

  @Test(
    "parentheses: the author's kept, doubled ones collapsed",
    arguments: [
      ("define a = ((x))", "define a = (x)\n"),
      ("define a = (x + y) * z", "define a = (x + y) * z\n"),
      ("define a = x + (y * z)", "define a = x + (y * z)\n"),
      ("define a = not (x > 1)", "define a = not (x > 1)\n"),
      ("define a = vip (x or y)", "define a = vip (x or y)\n"),
      ("define a = vip(x)", "define a = vip(x)\n"),
      ("define a = x (-y)", "define a = x (-y)\n"),
      ("define a = (from s until e) + 1h", "define a = (from s until e) + 1h\n"),
    ])
  func parentheses(_ input: String, _ expected: String) {
    #expect(format(input) == expected)
  }

  @Test func blankLinesAreKeptOnceAndNeverLead() {
    let input =
      "\n\n# c\n\n\n\ndefine a = 1\ndefine b = 2\n\n\n\npolicy p:\n\n  a → flag\n\n\n  severity: low\n\n\n"
    let expected = "# c\n\ndefine a = 1\ndefine b = 2\n\npolicy p:\n  a → flag\n\n  severity: low\n"
    #expect(format(input) == expected)
  }

  @Test func definitionsAlignTheirEqualsSignsInARun() {
    let input =
      "define a = 1\ndefine long_name = 2\n# c\ndefine b = 3\ndefine cc = 4\n\ndefine d = 5\n"
    let expected =
      "define a         = 1\ndefine long_name = 2\n# c\ndefine b  = 3\ndefine cc = 4\n\ndefine d = 5\n"
    #expect(format(input) == expected)
  }

  @Test func endOfLineCommentsAlignOnConsecutiveLines() {
    let input = "define a = 1 # one\ndefine bb = 22     # two\n\ndefine c = 3   # three\n"
    let expected = "define a  = 1   # one\ndefine bb = 22  # two\n\ndefine c = 3  # three\n"
    #expect(format(input) == expected)
  }

  @Test func longRulesBreakBeforeTheArrowThenAtTheirOperators() {
    let input = "policy p:\n  aaaa and bbbb or cccc and dddd → notify team\n"
    #expect(
      format(input, width: 44)
        == "policy p:\n  aaaa and bbbb or cccc and dddd\n      → notify team\n")
    #expect(
      format(input, width: 30)
        == "policy p:\n  aaaa and bbbb\n      or cccc and dddd\n      → notify team\n")
    #expect(
      format(input, width: 14)
        == "policy p:\n  aaaa\n      and bbbb\n      or cccc\n      and dddd\n      → notify team\n"
    )
  }

  @Test func anEmptyFileStaysEmpty() {
    #expect(format("") == "")
    #expect(format("\n\n  \n") == "")
    #expect(format("# only a comment") == "# only a comment\n")
  }

  @Test func aFileThatDoesNotParseThrowsItsDiagnostics() {
    #expect(throws: Diagnostics.self) {
      try PolicyFormatter().format(Source(text: "define = 1\npolicy p:\n", file: "t.vigil"))
    }
    do {
      _ = try PolicyFormatter().format(Source(text: "a → b\ndefine = 1", file: "t.vigil"))
    } catch {
      #expect(error.all.map(\.code) == [.syntax, .syntax])
      #expect(error.all.map(\.location.line) == [1, 2])
    }
  }

  @Test func crlfLineEndsAndAByteOrderMarkAreDropped() {
    #expect(
      format("\u{FEFF}define a = 1  # c \r\ndefine b = 2\r\n")
        == "define a = 1  # c\ndefine b = 2\n")
  }
}
