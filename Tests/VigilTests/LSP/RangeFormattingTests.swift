import Foundation
import Testing

@testable import VigilLSP

/// Range formatting: the lines of `vigil fmt`'s layout that differ, where they touch the range.
@Suite("LSP range formatting")
struct RangeFormattingTests {
  static func hunks(_ old: String, _ new: String) -> [LineDiff.Hunk] {
    LineDiff.hunks(from: LineIndex(Array(old.utf8)), to: LineIndex(Array(new.utf8)))
  }

  @Test func hunksReplaceRunsOfLines() {
    #expect(
      Self.hunks("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n") == [
        LineDiff.Hunk(start: 1, end: 2, text: "B\n"), LineDiff.Hunk(start: 4, end: 4, text: "e\n"),
      ])
    #expect(Self.hunks("a\r\nb", "a\nb\n") == [LineDiff.Hunk(start: 0, end: 2, text: "a\nb\n")])
    #expect(Self.hunks("a\nb\n", "a\nb\n") == [])
    #expect(Self.hunks("x\ny\n", "y\n") == [LineDiff.Hunk(start: 0, end: 1, text: "")])
  }

  @Test func onlyTheHunksTouchingTheRangeAreEdited() throws {
    let harness = try ServerHarness()
    harness.initialize()
    harness.open(
      "a.vigil", "define  x=1\n\npolicy p:\n  x>2 -> flag\n\npolicy q:\n  x  <  1 → flag\n")
    func format(_ first: Int, _ last: Int) -> String {
      harness.result(
        "textDocument/rangeFormatting",
        [
          "textDocument": ["uri": .string(harness.uri("a.vigil"))],
          "range": [
            "start": ["line": JSON(first), "character": 0],
            "end": ["line": JSON(last), "character": 3],
          ],
          "options": ["tabSize": 2, "insertSpaces": true],
        ])
    }
    #expect(
      format(5, 6)
        == #"[{"range":{"start":{"line":6,"character":0},"end":{"line":7,"character":0}},"newText":"  x < 1 → flag\n"}]"#
    )
    #expect(
      format(0, 3)
        == #"[{"range":{"start":{"line":0,"character":0},"end":{"line":1,"character":0}},"newText":"define x = 1\n"},{"range":{"start":{"line":3,"character":0},"end":{"line":4,"character":0}},"newText":"  x > 2 → flag\n"}]"#
    )
    #expect(format(4, 5) == "[]")
  }
}
