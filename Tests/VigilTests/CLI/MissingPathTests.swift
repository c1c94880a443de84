import Testing

/// A path that cannot be read is named, without a source line to show.
@Suite("Missing paths")
struct MissingPathTests {
  @Test("check and audit name the path that is not there", arguments: ["check", "audit"])
  func named(_ command: String) {
    let result = vigil([
      command, "no/such.vigil", "--data", repoPath("examples/interactions.jsonl"),
    ])
    #expect(result.code == 2)
    #expect(
      result.stderr.hasPrefix(
        "vigil: error[include-not-found]: no such file or folder: no/such.vigil\n"))
  }
}
