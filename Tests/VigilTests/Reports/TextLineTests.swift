import Testing
import VigilReports

/// A text report keeps each finding to its line: control characters in a record's id, a
/// party or any other value are written escaped, as the policy language writes them.
@Suite("Text lines")
struct TextLineTests {
  static let folder = "Tests/VigilTests/Fixtures/controls"

  @Test func escapesControlCharactersOnly() {
    #expect(
      TextLine.escaped("a\nb\rc\td\u{1B}[0m\u{7F}\u{0}é→ \\n")
        == #"a\nb\rc\td\u{1B}[0m\u{7F}\u{0}é→ \n"#)
    #expect(TextLine.escaped("plain text") == "plain text")
  }

  /// The listing, written from drafts (the plain policy `late`) and from made violations
  /// (`slow` measures a state), on one thread and on two.
  @Test(arguments: ["1", "2"])
  func theListingKeepsEachViolationToOneLine(jobs: String) {
    let result = vigil([
      "audit", repoPath("\(Self.folder)/policies.vigil"), "--data",
      repoPath("\(Self.folder)/records.jsonl"), "--now", "2026-01-02T00:00:00Z", "--jobs", jobs,
    ])
    #expect(result.code == 1)
    #expect(
      result.stdout == #"""
        Tests/VigilTests/Fixtures/controls/policies.vigil:2: late [medium] A\nB → notify x\ny: when type == "complaint"
        Tests/VigilTests/Fixtures/controls/policies.vigil:5: slow [medium] A\nB → escalate to x\ny: from created_at until resolved_at 3h > 1h (closed)
        Tests/VigilTests/Fixtures/controls/policies.vigil:2: late [medium] C\t\u{1B}[31mred → notify del\u{7F}ete: when type == "complaint"
        Tests/VigilTests/Fixtures/controls/policies.vigil:2: late [medium] D → notify ana: when type == "complaint"
        Tests/VigilTests/Fixtures/controls/policies.vigil:5: slow [medium] D → escalate to ana: from created_at until resolved_at 24h > 1h (open)

        """#)
  }

  @Test func theAccountabilityTablesKeepEachPartyToOneRow() {
    let result = vigil([
      "audit", repoPath("\(Self.folder)/policies.vigil"), "--data",
      repoPath("\(Self.folder)/records.jsonl"), "--now", "2026-01-02T00:00:00Z",
      "--report", "accountability",
    ])
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/accountability.txt")
  }
}
