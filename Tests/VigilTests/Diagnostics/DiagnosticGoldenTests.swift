import Testing

/// `vigil check` on each file in Fixtures/diagnostics, against its `.stderr` golden.
@Suite("Diagnostics (golden)")
struct DiagnosticGoldenTests {
  static let folder = "Tests/VigilTests/Fixtures/diagnostics"

  @Test(
    arguments: [
      ("names", [String]()), ("types", []), ("structure", []), ("syntax", []), ("includes", []),
      ("many_errors", []), ("groups", []), ("warnings", []), ("calendars", []), ("events", []),
      ("events_unordered", []),
      ("with_data", ["--data", "\(folder)/with_data.jsonl"]),
    ])
  func check(_ name: String, _ extra: [String]) {
    let result = vigil(["check", repoPath("\(Self.folder)/\(name).vigil")] + extra.map(absolute))
    #expect(result.code == 2)
    #expect(result.stdout == "")
    expectGolden(result.stderr, "\(Self.folder)/\(name).stderr")
  }

  func absolute(_ argument: String) -> String {
    argument.hasPrefix("Tests/") ? repoPath(argument) : argument
  }
}
