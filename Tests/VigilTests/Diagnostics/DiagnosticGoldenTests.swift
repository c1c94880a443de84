import Testing

/// `vigil check` on each file in Fixtures/diagnostics, against its `.stderr` golden.
@Suite("Diagnostics (golden)")
struct DiagnosticGoldenTests {
  static let folder = "Tests/VigilTests/Fixtures/diagnostics"

  @Test(
    arguments: [
      ("names", [String]()), ("types", []), ("structure", []), ("syntax", []), ("includes", []),
      ("many_errors", []), ("groups", []), ("warnings", []), ("calendars", []), ("events", []),
      ("allow_errors", []), ("regex_unsupported", []), ("regex_invalid", []),
      ("events_unordered", []), ("newcomer", []),
    ])
  func check(_ name: String, _ extra: [String]) {
    let result = vigil(["check", repoPath("\(Self.folder)/\(name).vigil")] + extra.map(absolute))
    #expect(result.code == 2)
    #expect(result.stdout == "")
    expectGolden(result.stderr, "\(Self.folder)/\(name).stderr")
  }

  /// Policy sets with warnings only (the lints): exit code 0.
  @Test(
    arguments: [
      ("lints", "lints", [String]()), ("lints_units", "lints_units", []),
      ("lints_texts", "lints_texts", []),
      ("lints_texts", "lints_texts_data", ["--data", "\(folder)/lints_texts.jsonl"]),
      ("lints", "lints_allowed", ["--allow", "never-fires,duplicate-condition"]),
      ("lints_allow_property", "lints_allow_property", []),
      // The fields no record has: the warnings `vigil audit` gives on the same data.
      ("with_data", "with_data", ["--data", "\(folder)/with_data.jsonl"]),
    ])
  func lints(_ name: String, _ golden: String, _ extra: [String]) {
    let result = vigil(["check", repoPath("\(Self.folder)/\(name).vigil")] + extra.map(absolute))
    #expect(result.code == 0)
    #expect(result.stdout == "")
    expectGolden(result.stderr, "\(Self.folder)/\(golden).stderr")
  }

  func absolute(_ argument: String) -> String {
    argument.hasPrefix("Tests/") ? repoPath(argument) : argument
  }
}
