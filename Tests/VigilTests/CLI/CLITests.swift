import Foundation
import Testing

@testable import VigilCLI

@Suite("Command line (in-process)")
struct CLITests {
  static let folder = "Tests/VigilTests/Fixtures/cli"
  let policy = repoPath("\(folder)/policy.vigil")
  let jsonl = repoPath("\(folder)/records.jsonl")
  let csv = repoPath("\(folder)/records.csv")
  let now = ["--now", "2026-11-25T00:00:00Z"]
  /// What the audits of `policy` say they came from, before the data files.
  static let provenance = """
    audit by vigil 0.1.0
      now: 2026-11-25T00:00:00Z (given: --now 2026-11-25T00:00:00Z)
      policies: sha256 7b3162f292faeeb59147a488297e4209460ac44a9fa3462a70af0d07a1fe754e of 1 file
        Tests/VigilTests/Fixtures/cli/policy.vigil

    """

  @Test func auditsJSONLinesAsText() {
    let result = vigil(["audit", policy, "--data", jsonl] + now)
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/records.jsonl.txt")
    expectGolden(result.stderr, "\(Self.folder)/records.jsonl.stderr")
  }

  @Test func auditsJSONLinesAsJSON() {
    let result = vigil(["audit", policy, "--data", jsonl, "--format", "json"] + now)
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/records.jsonl.json")
    let lines = result.stdout.split(separator: "\n")
    // The last line is the audit's summary; every other a violation.
    #expect(
      lines.last?.hasPrefix(#"{"summary":{"now":"2026-11-25T00:00:00Z","now_from":"given","#)
        == true)
    for line in lines.dropLast() {
      let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      #expect(
        object.map { Set($0.keys) }
          == [
            "policy", "location", "record", "party", "action", "target", "severity", "open",
            "measured", "threshold", "window", "sample", "escalation", "at_risk",
          ])
    }
  }

  /// Group, sequence and recency policies: violations after the records', groups too small
  /// on standard error.
  @Test func auditsGroupPolicies() {
    let folder = "Tests/VigilTests/Fixtures/groups"
    let result = vigil(
      [
        "audit", repoPath("\(folder)/sequence.vigil"), "--data",
        repoPath("\(folder)/records.jsonl"),
      ]
        + now)
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(folder)/sequence.txt")
    expectGolden(result.stderr, "\(folder)/sequence.stderr")
  }

  @Test func auditsCSVWithAnIdColumn() {
    let result = vigil(
      ["audit", policy, "--data", csv, "--id", "Ticket No", "--format", "csv"] + now)
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/records.csv.csv")
    expectGolden(result.stderr, "\(Self.folder)/records.csv.stderr")
  }

  @Test func readsStandardInput() {
    let input =
      #"{"id":"S1","type":"complaint","owner":"o","created_at":"2026-11-01T00:00:00Z","resolved_at":null}"#
    let result = vigil(
      ["audit", policy, "--data", "-", "--input-format", "jsonl"] + now, stdin: input)
    #expect(result.code == 1)
    #expect(
      result.stdout
        == "Tests/VigilTests/Fixtures/cli/policy.vigil:4: [medium] S1 → escalate to o: unresolved 576h > 48h (open)\n"
    )
    #expect(
      result.stderr
        == Self.provenance + "  data: stdin (97 bytes, 1 line)\n"
        + "vigil: 1 line, 1 record audited, 0 rejected, 1 violation (1 open), 0 data errors\n")
  }

  @Test func recordsWithoutAnIdAreNamedByFileAndLine() {
    let input = #"{"type":"complaint","created_at":"2026-11-01T00:00:00Z"}"#
    let result = vigil(
      ["audit", policy, "--data", "-", "--input-format", "jsonl", "--format", "csv"] + now,
      stdin: "\n" + input)
    #expect(result.stdout.contains(",stdin:2,"))
  }

  @Test func auditsSeveralInputsInOrder() {
    let result = vigil(
      ["audit", policy, "--data", csv, "--data", jsonl, "--id", "Ticket No"] + now)
    #expect(result.code == 1)
    let records = result.stdout.split(separator: "\n").map { $0.split(separator: " ")[2] }
    // CSV records are named by Ticket No; JSON Lines records have no such field: file:line.
    #expect(records.first == "T-1")
    #expect(records.last == "Tests/VigilTests/Fixtures/cli/records.jsonl:7")
    #expect(
      result.stderr.hasSuffix(
        "vigil: 10 lines, 8 records audited, 2 rejected, 5 violations (2 open, 2 undetermined), "
          + "1 data error\n"))
  }

  @Test func noViolationsExitsZero() {
    let result = vigil(["audit", policy, "--data", repoPath("\(Self.folder)/clean.jsonl")] + now)
    #expect(
      result
        == CLIResult(
          code: 0, stdout: "",
          stderr: Self.provenance
            + "  data: Tests/VigilTests/Fixtures/cli/clean.jsonl (96 bytes, 1 line)\n"
            + "vigil: 1 line, 1 record audited, 0 rejected, 0 violations (0 open), 0 data errors\n")
    )
  }

  @Test func strictStopsAtTheFirstRejectedLine() {
    let result = vigil(["audit", policy, "--data", jsonl, "--strict"] + now)
    #expect(result.code == 3)
    #expect(result.stderr.hasSuffix("; stopped at the first rejected line (--strict)\n"))
    #expect(result.stderr.contains("records.jsonl:6: rejected: invalid JSON at column 34"))
  }

  @Test func strictFailsOnDataErrors() {
    let input = #"{"id":"D","type":"complaint","owner":"o","created_at":"later"}"#
    let result = vigil(
      ["audit", policy, "--data", "-", "--input-format", "jsonl", "--strict"] + now, stdin: input)
    #expect(result.code == 3)
  }

  @Test func writesTheReportToAFile() throws {
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent("vigil-\(UUID().uuidString).json").path
    defer { try? FileManager.default.removeItem(atPath: output) }
    let result = vigil(["audit", policy, "--data", jsonl, "-o", output, "--format", "json"] + now)
    #expect(result.code == 1)
    #expect(result.stdout == "")
    let written = relative(try String(contentsOfFile: output, encoding: .utf8))
    expectGolden(written, "\(Self.folder)/records.jsonl.json")
  }

  @Test func checksCleanPolicies() {
    let result = vigil(["check", policy])
    #expect(
      result
        == CLIResult(
          code: 0, stdout: "", stderr: "vigil: 2 policies checked: no errors, 0 warnings\n"))
  }

  @Test func auditRefusesPoliciesWithErrors() {
    let result = vigil(
      ["audit", repoPath("Tests/VigilTests/Fixtures/diagnostics/types.vigil"), "--data", jsonl])
    #expect(result.code == 2)
    #expect(result.stdout == "")
    #expect(result.stderr.hasSuffix("vigil: the policies have 11 errors; nothing was audited\n"))
  }

  @Test func helpAndVersion() {
    #expect(
      vigil(["--version"]) == CLIResult(code: 0, stdout: "vigil \(VigilCLI.version)\n", stderr: ""))
    let help = vigil(["--help"])
    #expect(help.code == 0)
    #expect(help.stdout.contains("Usage: vigil <command> [arguments]"))
    #expect(help.stdout.contains("  audit    Audit records against policies"))
    #expect(help.stdout.contains("  explain  Show why each policy did or did not fire"))
    let auditHelp = vigil(["help", "audit"])
    #expect(auditHelp.code == 0)
    #expect(
      auditHelp.stdout.hasPrefix(
        "Audit records against policies and report violations\n\nUsage: vigil audit RULES… --data FILE"
      ))
    #expect(auditHelp.stdout.contains("--now T"))
    #expect(vigil(["audit", "--help"]).stdout == auditHelp.stdout)
    #expect(vigil(["check", "-h"]).stdout == vigil(["help", "check"]).stdout)
    #expect(vigil([]).code == 2)
  }

  @Test(
    "usage errors say what is wrong and show usage",
    arguments: [
      (["audti"], "vigil: unknown command 'audti'; did you mean 'audit'?"),
      (
        ["audit", "x.vigil", "--dat", "d.jsonl"],
        "vigil audit: unknown option '--dat'; did you mean '--data'?"
      ),
      (["audit", "x.vigil"], "vigil audit: name the records to audit: --data FILE"),
      (["audit", "--data", "d.jsonl"], "vigil audit: name the policy files to audit with"),
      (
        ["audit", "x.vigil", "--data", "d.jsonl", "--now", "2026-11-25T10:00"],
        "vigil audit: --now '2026-11-25T10:00' has no time zone offset: add Z for UTC "
          + "(2026-11-25T10:00Z) or an offset (2026-11-25T10:00+01:00)"
      ),
      (
        ["audit", "x.vigil", "--data", "d.jsonl", "--now", "tomorrow"],
        "vigil audit: --now 'tomorrow' is not an instant or a date: give 2026-11-25T00:00:00Z "
          + "(any offset), or 2026-11-25 for the start of that day in UTC"
      ),
      (
        ["audit", "x.vigil", "--data", "d.jsonl", "--format", "xml"],
        "vigil audit: --format must be text, json, csv or html, not 'xml'"
      ),
      (
        ["audit", "x.vigil", "--data", "d.jsonl", "--format", "html"],
        "vigil audit: --format html is for the accountability report: add --report accountability"
      ),
      (
        ["audit", "x.vigil", "--data", "d.jsonl", "--report", "people"],
        "vigil audit: --report must be violations or accountability, not 'people'"
      ),
      (
        ["audit", "x.vigil", "--data", "d.txt"],
        "vigil audit: cannot tell the format of 'd.txt' (.jsonl, .ndjson, .json or .csv): add --input-format jsonl or csv"
      ),
      (
        ["audit", "x.vigil", "--data", "-", "--input-format", "xml"],
        "vigil audit: --input-format must be jsonl or csv, not 'xml'"
      ),
      (
        ["audit", "x.vigil", "--data", "d.jsonl", "--now"],
        "vigil audit: --now needs a value: --now TIME"
      ),
      (
        ["audit", "x.vigil", "--data", "d.jsonl", "--strict=yes"],
        "vigil audit: --strict takes no value"
      ),
      (["check"], "vigil check: name at least one policy file or folder"),
      (["help", "nope"], "vigil help: no command named 'nope'"),
      (["lsp", "x.vigil"], "vigil lsp: takes no file: the editor sends the documents"),
    ])
  func usageErrors(_ arguments: [String], _ message: String) {
    let result = vigil(arguments)
    #expect(result.code == 2)
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix(message + "\n"), "\(result.stderr)")
  }

  @Test func missingFilesAreReported() {
    let missingData = vigil(["audit", policy, "--data", "/nonexistent/d.jsonl"] + now)
    #expect(missingData.code == 2)
    #expect(
      missingData.stderr
        == "vigil audit: cannot read the data file '/nonexistent/d.jsonl': No such file or directory\n"
    )
    let missingPolicy = vigil(["check", "/nonexistent/rules"])
    #expect(missingPolicy.code == 2)
    #expect(
      missingPolicy.stderr
        == "vigil check: cannot read the policy file or folder '/nonexistent/rules': "
        + "No such file or directory\n")
  }
}
