import Testing
import VigilFormat

@testable import Vigil

@Suite("Unified diff")
struct UnifiedDiffTests {
  let old = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"

  @Test func equalTextsHaveNoDiff() {
    #expect(UnifiedDiff().render(old: old, new: old, file: "f") == "")
  }

  @Test func changesFarApartMakeTwoHunks() {
    let new = old.replacingOccurrences(of: "line 2\n", with: "line two\n")
      .replacingOccurrences(of: "line 15\n", with: "")
    let expected = """
      --- a/f
      +++ b/f
      @@ -1,5 +1,5 @@
       line 1
      -line 2
      +line two
       line 3
       line 4
       line 5
      @@ -12,7 +12,6 @@
       line 12
       line 13
       line 14
      -line 15
       line 16
       line 17
       line 18

      """
    #expect(UnifiedDiff().render(old: old, new: new, file: "f") == expected)
  }

  @Test func changesCloseTogetherShareAHunk() {
    let new = old.replacingOccurrences(of: "line 5\n", with: "five\n")
      .replacingOccurrences(of: "line 10\n", with: "ten\n")
    let diff = UnifiedDiff().render(old: old, new: new, file: "f")
    #expect(diff.components(separatedBy: "@@ ").count == 2)
    #expect(diff.contains("@@ -2,12 +2,12 @@\n"))
  }

  @Test func additionsAtTheStartAndAMissingLastLineBreak() {
    let diff = UnifiedDiff().render(old: "b\nc", new: "a\nb\nc\n", file: "f")
    #expect(
      diff == "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n+a\n b\n-c\n\\ No newline at end of file\n+c\n")
  }

  @Test func anEmptyOldText() {
    #expect(
      UnifiedDiff().render(old: "", new: "a\n", file: "f")
        == "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n")
  }
}
