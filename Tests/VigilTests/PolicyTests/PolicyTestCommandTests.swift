import Foundation
import Testing

/// `vigil test`: the tests shipped with rules/, and how passes, failures and malformed test
/// files read (Fixtures/tests).
@Suite("vigil test")
struct PolicyTestCommandTests {
  static let folder = "Tests/VigilTests/Fixtures/tests"

  @Test("every test of rules/ passes")
  func rulesPass() {
    let result = vigil(["test", repoPath("rules")])
    #expect(result.code == 0)
    expectGolden(result.stdout, "\(Self.folder)/rules.txt")
    #expect(result.stderr == "vigil test: 46 passed, 0 failed (5 files)\n")
  }

  @Test(
    "the tests of the examples on real exports' shapes pass: times of New York, Rome and Boston")
  func examplesPass() {
    let result = vigil(["test", repoPath("examples")])
    #expect(result.code == 0)
    #expect(result.stderr == "vigil test: 47 passed, 0 failed (8 files)\n")
  }

  @Test("every policy in rules/ is named by an expectation")
  func rulesAreCovered() throws {
    let rules = repoPath("rules")
    let files = try FileManager.default.contentsOfDirectory(atPath: rules)
    var expected = Set<String>()
    for file in files where file.hasSuffix(".vigiltest") {
      let text = try String(contentsOfFile: rules + "/" + file, encoding: .utf8)
      for line in text.split(separator: "\n") where line.contains("expect ") {
        // `expect NAME [for …]: …` or `expect "file.vigil:6": …`
        let name = line.split(separator: " ", omittingEmptySubsequences: true)[1]
        expected.insert(String(name.trimmingCharacters(in: CharacterSet(charactersIn: "\":"))))
      }
    }
    let check = vigil(["check", rules])
    #expect(check.code == 0)
    for file in files where file.hasSuffix(".vigil") {
      let text = try String(contentsOfFile: rules + "/" + file, encoding: .utf8)
      for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      {
        if line.hasPrefix("policy ") {
          let name = String(line.dropFirst(7).prefix { $0 != ":" })
          #expect(expected.contains(name), "no test expects anything of \(name)")
        } else if line.contains("→") && !line.hasPrefix(" ") && !line.hasPrefix("#") {
          #expect(expected.contains("\(file):\(number + 1)"), "no test of \(file):\(number + 1)")
        }
      }
    }
  }

  @Test(
    "timelines, passing and failing tests, and malformed test files",
    arguments: [
      ("tickets", Int32(0)), ("failing", 1), ("malformed", 2), ("cycles", 1), ("pauses", 1),
    ])
  func fixture(_ name: String, _ code: Int32) {
    let result = vigil(["test", repoPath("\(Self.folder)/\(name).vigiltest")])
    #expect(result.code == code)
    expectGolden(result.stdout, "\(Self.folder)/\(name).txt")
    expectGolden(result.stderr, "\(Self.folder)/\(name).stderr")
  }

  @Test("a test file with errors does not keep the next file's tests from running")
  func errorsStayInTheirFile() {
    let result = vigil([
      "test", repoPath("\(Self.folder)/orphan.vigiltest"),
      repoPath("\(Self.folder)/tickets.vigiltest"),
    ])
    #expect(result.code == 2)
    #expect(
      result.stdout == """
        ok   \(Self.folder)/tickets.vigiltest:4 the_clock_stops_while_the_customer_is_awaited
        ok   \(Self.folder)/tickets.vigiltest:14 without_the_wait_it_breaks_and_reaches_the_lead
        ok   \(Self.folder)/tickets.vigiltest:22 four_hours_past_is_not_more_than_four_hours_past

        """)
    #expect(
      result.stderr == Self.orphanError
        + "vigil test: 3 passed, 0 failed (2 files); 1 error in test or policy files\n")
  }

  @Test("a test file without its policies says how to name them")
  func missingPolicies() {
    let result = vigil(["test", repoPath("\(Self.folder)/orphan.vigiltest")])
    #expect(result.code == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr == Self.orphanError
        + "vigil test: 0 passed, 0 failed (1 file); 1 error in test or policy files\n")
  }

  @Test(
    "a file that is not a test file, a path that is not there, and a run with no test: exit 2",
    arguments: [
      (
        "\(folder)/tickets.vigil",
        "vigil test: '\(folder)/tickets.vigil' is a policy file, not a test file: its tests go in "
          + "'\(folder)/tickets.vigiltest', so run: vigil test \(folder)/tickets.vigiltest\n"
      ),
      (
        "Tests/VigilTests/Fixtures/explain/policies.vigil",
        "vigil test: 'Tests/VigilTests/Fixtures/explain/policies.vigil' is a policy file, not a "
          + "test file: its tests go in 'Tests/VigilTests/Fixtures/explain/policies.vigiltest', "
          + "which does not exist (Grammar.md, \"Policy tests\", shows what one holds)\n"
      ),
      ("README.md", "vigil test: 'README.md' is not a test file: test files end in .vigiltest\n"),
      (
        "\(folder)/nosuch.vigiltest",
        "vigil test: cannot read the test file or folder '\(folder)/nosuch.vigiltest': "
          + "No such file or directory\n"
      ),
      (
        "Tests/VigilTests/Fixtures/explain",
        "vigil test: no tests: no .vigiltest file in 'Tests/VigilTests/Fixtures/explain'\n"
      ),
      (
        "\(folder)/empty.vigiltest",
        "vigil test: no tests: '\(folder)/empty.vigiltest' holds no 'test' block "
          + "(Grammar.md, \"Policy tests\", shows what one holds)\n"
      ),
    ])
  func nothingTested(_ path: String, _ message: String) {
    let result = vigil(["test", repoPath(path)])
    #expect(result.code == 2)
    #expect(result.stdout == "")
    #expect(result.stderr == message)
  }

  /// The error of a test file whose policy file does not exist.
  static let orphanError = """
    \(folder)/orphan.vigiltest:1:1: error[include-not-found]: no policy file '\(folder)/orphan.vigil'
      1 | test lonely:
        | ^
      help: a test file tests the .vigil file of its name; or name them: policies "x.vigil"

    """
}
