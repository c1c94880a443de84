import Testing

@testable import Vigil
@testable import VigilCLI

/// Every help text, exactly (Fixtures/help), and the commands people try for help.
@Suite("Help texts")
struct HelpTests {
  static let folder = "Tests/VigilTests/Fixtures/help"

  @Test(
    "each command's help, the same by 'vigil help NAME' and 'NAME --help', within 100 columns",
    arguments: ["check", "audit", "test", "explain", "diff", "fmt", "lsp", "sql", "watch", "help"])
  func command(_ name: String) {
    let result = vigil(["help", name])
    #expect(result.code == 0)
    #expect(result.stderr == "")
    expectGolden(result.stdout, "\(Self.folder)/\(name).txt")
    #expect(vigil([name, "--help"]).stdout == result.stdout)
    for line in result.stdout.split(separator: "\n") {
      #expect(line.count <= CommandInfo.helpWidth, "too wide: \(line)")
    }
  }

  @Test("the general help, by --help and by 'vigil help'")
  func general() {
    let result = vigil(["--help"])
    #expect(result.code == 0)
    expectGolden(result.stdout, "\(Self.folder)/vigil.txt")
    #expect(vigil(["help"]) == result)
  }

  @Test("explain --help lists every verdict explain prints")
  func verdicts() {
    let help = vigil(["explain", "--help"]).stdout
    for verdict in PolicyExplanation.Verdict.allCases {
      #expect(help.contains("\n  \(verdict.rawValue)  "), "\(verdict.rawValue) is not listed")
    }
  }

  @Test("'vigil version' points at --version")
  func version() {
    #expect(
      vigil(["version"])
        == CLIResult(
          code: 2, stdout: "",
          stderr: "vigil: unknown command 'version'; for the version, run: vigil --version\n"))
  }

  @Test("an option's help that passes the width goes on under itself; a long flag leaves its line")
  func wrapping() {
    #expect(
      CommandInfo.optionLine("--now TIME", String(repeating: "word ", count: 16) + "end.")
        == "  --now TIME                " + String(repeating: "word ", count: 13) + "word\n"
        + "                            word word end.\n")
    #expect(
      CommandInfo.optionLine("--report violations|accountability", "What to report.")
        == "  --report violations|accountability\n                            What to report.\n")
  }
}
