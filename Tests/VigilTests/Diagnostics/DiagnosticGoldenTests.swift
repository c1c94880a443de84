import Testing
import VigilSyntax

@testable import VigilCLI

/// `vigil check` on each file in Fixtures/diagnostics, against its `.stderr` golden.
@Suite("Diagnostics (golden)")
struct DiagnosticGoldenTests {
  static let folder = "Tests/VigilTests/Fixtures/diagnostics"

  @Test(
    arguments: [
      ("names", [String]()), ("types", []), ("structure", []), ("syntax", []), ("includes", []),
      ("many_errors", []), ("groups", []), ("warnings", []), ("calendars", []), ("events", []),
      ("allow_errors", []), ("regex_unsupported", []), ("regex_invalid", []),
      ("events_unordered", []), ("newcomer", []), ("calendar_versions", []),
      ("cycles_syntax", []), ("cycles", []), ("holders", []), ("holders_records", []),
      ("record_history", []), ("record_history_events", []),
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
      // Two kinds of cycles of a record's changes, in definitions of their own: no error.
      ("record_history_definitions", "record_history_definitions", []),
      // The fields no record has: the warnings `vigil audit` gives on the same data.
      ("with_data", "with_data", ["--data", "\(folder)/with_data.jsonl"]),
    ])
  func lints(_ name: String, _ golden: String, _ extra: [String]) {
    let result = vigil(["check", repoPath("\(Self.folder)/\(name).vigil")] + extra.map(absolute))
    #expect(result.code == 0)
    #expect(result.stdout == "")
    expectGolden(result.stderr, "\(Self.folder)/\(golden).stderr")
  }

  /// `--format json` (JSON Lines) and `--format sarif` on standard output: codes, ranges,
  /// notes and fixes; standard error keeps the summary line alone.
  @Test(
    arguments: [
      ("newcomer", [String](), Int32(2), "vigil: 12 errors, 0 warnings\n"),
      ("events", [], 2, "vigil: 5 errors, 0 warnings\n"),
      (
        "with_data", ["--data", "\(folder)/with_data.jsonl"], 0,
        "vigil: 2 policies checked: no errors, 3 warnings\n"
      ),
    ])
  func machineReadable(_ name: String, _ extra: [String], _ code: Int32, _ summary: String) throws {
    // Relative paths, from the root, as a code-scanning job gives them: URIs stay relative.
    try Paths.enterRoot()
    for format in ["json", "sarif"] {
      let result = vigil(["check", "\(Self.folder)/\(name).vigil", "--format", format] + extra)
      #expect(result.code == code)
      #expect(result.stderr == summary)
      expectGolden(result.stdout, "\(Self.folder)/\(name).\(format)")
    }
  }

  @Test(
    "SARIF names a file by a URI reference, columns count code points",
    arguments: [
      ("rules/a.vigil", "rules/a.vigil"), ("/tmp/a b/x#1.vigil", "file:///tmp/a%20b/x%231.vigil"),
      ("règles/é.vigil", "r%C3%A8gles/%C3%A9.vigil"),
    ])
  func uri(_ path: String, _ uri: String) {
    #expect(CheckReportWriter.uri(path) == uri)
    // `"é" = x`, the é written as e and a combining accent: 2 code points, 1 character.
    let source = Source(text: "\"e\u{301}\" = x", file: path)
    let place = CheckReportWriter.position(source, Array("\"e\u{301}\" ".utf8).count)
    #expect((place.line, place.column) == (1, 6))
  }

  func absolute(_ argument: String) -> String {
    argument.hasPrefix("Tests/") ? repoPath(argument) : argument
  }
}
