import Foundation
import Testing
import VigilEvaluation
import VigilSyntax

@testable import Vigil

/// `vigil diff`: two versions of the complaint policies (Fixtures/diff/old and new) replayed
/// over the shipped interactions.
@Suite("vigil diff")
struct DiffTests {
  static let folder = "Tests/VigilTests/Fixtures/diff"
  let replay = [
    "diff", repoPath("\(Self.folder)/old"), repoPath("\(Self.folder)/new"), "--data",
    repoPath("examples/interactions.jsonl"), "--now", "2026-11-25T00:00:00Z",
  ]

  @Test("lists what appears, disappears and changes, per policy, as text and JSON Lines")
  func changes() {
    let text = vigil(replay)
    #expect(text.code == 1)
    expectGolden(text.stdout, "\(Self.folder)/changes.txt")
    expectGolden(text.stderr, "\(Self.folder)/changes.stderr")
    let json = vigil(replay + ["--format", "json"])
    #expect(json.code == 1)
    expectGolden(json.stdout, "\(Self.folder)/changes.jsonl")
  }

  /// Run from the repository's root, as a person types the paths: `rules` and `./rules` are
  /// the same policies, their bare rules named alike.
  @Test(
    "the same policies twice change nothing, and exit 0, however the folder was typed",
    arguments: [
      ("rules", "./rules"), ("rules", "rules/"), ("./rules/", "rules"), ("rules", "rules"),
      ("\(Paths.root.path)/rules", "rules"),
    ])
  func unchanged(_ old: String, _ new: String) throws {
    try Paths.enterRoot()
    let result = vigil([
      "diff", old, new, "--data", "examples/interactions.jsonl", "--now", "2026-11-25T00:00:00Z",
    ])
    #expect(result.code == 0)
    expectGolden(result.stdout, "\(Self.folder)/unchanged.txt")
    #expect(
      result.stderr
        == "vigil diff: 0 added, 0 removed, 0 changed; 29 violations before, 29 after "
        + "(38 records audited; data errors: 9 before, 9 after)\n")
  }

  /// Fixtures/diff/bare: bare rules, two of them alike; moved and respaced, then edited.
  @Test(
    "a bare rule is matched by its text: moving it is no change, editing it is a new rule",
    arguments: [
      (
        "moved", Int32(0),
        "vigil diff: 0 added, 0 removed, 0 changed; 6 violations before, 6 after "
          + "(38 records audited; data errors: 2 before, 2 after)\n"
      ),
      (
        "edited", 1,
        "vigil diff: 4 added, 4 removed, 0 changed; 6 violations before, 6 after "
          + "(38 records audited; data errors: 2 before, 2 after)\n"
      ),
    ])
  func bareRules(_ version: String, _ code: Int32, _ summary: String) {
    let arguments = [
      "diff", repoPath("\(Self.folder)/bare/old.vigil"),
      repoPath("\(Self.folder)/bare/\(version).vigil"), "--data",
      repoPath("examples/interactions.jsonl"), "--now", "2026-11-25T00:00:00Z", "--allow",
      "duplicate-condition",
    ]
    let text = vigil(arguments)
    #expect(text.code == code)
    expectGolden(text.stdout, "\(Self.folder)/bare/\(version).txt")
    #expect(text.stderr == summary)
    let json = vigil(arguments + ["--format", "json"])
    #expect(json.code == code)
    expectGolden(json.stdout, "\(Self.folder)/bare/\(version).jsonl")
  }

  @Test("bare rules alike in one version are told apart by their order")
  func identities() throws {
    let policies = try PolicySet(
      source: """
        define complaint = type == "complaint"
        complaint   and owner is missing→flag  # first
        policy named:
          complaint → flag
        complaint and owner is missing → flag
        complaint and (owner is missing) → flag
        """, file: "./p.vigil")
    #expect(policies.policyNames == ["p.vigil:2", "named", "p.vigil:5", "p.vigil:6"])
    let text = "complaint and owner is missing → flag\n"
    #expect(
      policies.policyIdentities == [
        "p.vigil:2": .rule(text: text, occurrence: 0), "named": .named("named"),
        "p.vigil:5": .rule(text: text, occurrence: 1),
        "p.vigil:6": .rule(text: "complaint and (owner is missing) → flag\n", occurrence: 0),
      ])
  }

  @Test(
    "usage errors and policies with errors exit 2 and say why",
    arguments: [
      (["diff", "rules"], "vigil diff: name two versions of the policies: OLD_RULES NEW_RULES"),
      (["diff", "rules", "rules"], "vigil diff: name the records to replay: --data FILE"),
      (
        ["diff", "rules", "rules", "--data", "-", "--input-format", "jsonl"],
        "vigil diff: the records are read twice, so they must be a file, not '-'"
      ),
      (
        ["diff", "rules", "rules", "--data", "x.jsonl", "--format", "csv"],
        "vigil diff: --format must be text or json, not 'csv'"
      ),
    ])
  func usageErrors(_ arguments: [String], _ message: String) {
    let result = vigil(arguments)
    #expect(result.code == 2)
    #expect(result.stderr.hasPrefix(message + "\n"))
  }

  @Test("both versions' warnings are shown, unless --allow switches them off")
  func warnings() {
    let lints = repoPath("Tests/VigilTests/Fixtures/diagnostics/lints_units.vigil")
    let arguments = [
      "diff", lints, lints, "--data", repoPath("examples/interactions.jsonl"), "--now",
      "2026-11-25T00:00:00Z",
    ]
    #expect(vigil(arguments).stderr.contains("warning[suspicious-unit]"))
    let quiet = vigil(arguments + ["--allow", "all"])
    #expect(quiet.code == 0)
    #expect(quiet.stderr.hasPrefix("vigil diff: 0 added, 0 removed, 0 changed"))
  }

  @Test("a version whose policies have errors is reported, and nothing is compared")
  func policyErrors() {
    let result = vigil([
      "diff", repoPath("\(Self.folder)/old"),
      repoPath("Tests/VigilTests/Fixtures/diagnostics/types.vigil"),
      "--data", repoPath("examples/interactions.jsonl"),
    ])
    #expect(result.code == 2)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("error["))
    #expect(result.stderr.hasSuffix("; nothing was compared\n"))
  }

  // MARK: - Matching

  func violation(
    _ policy: String, _ record: String, party: String? = "ana", severity: Severity = .medium,
    atRisk: Int64? = nil
  ) -> Violation {
    var found = Violation(
      policy: policy, location: "p.vigil:1", record: record, party: party,
      actions: [.init(kind: .notify, target: party)], severity: severity, open: true,
      measurement: nil, condition: "c", input: "r", line: 1)
    found.atRisk = atRisk
    return found
  }

  @Test("findings are matched by policy and record, a repeated record in order")
  func matching() {
    let old = [
      violation("p", "1"), violation("p", "2", party: "bo"), violation("p", "2"),
      violation("q", "1"),
    ]
    let new = [
      violation("p", "2", party: "bo"), violation("p", "1", severity: .high),
      violation("q", "1", atRisk: 3_600_000), violation("r", "9"),
    ]
    let diff = ViolationDiff(old: old, new: new, order: ["r", "p", "q"])
    #expect(
      diff.changes == [
        .added(violation("r", "9")),
        .removed(violation("p", "2")),
        .changed(old: violation("p", "1"), new: violation("p", "1", severity: .high)),
        .changed(old: violation("q", "1"), new: violation("q", "1", atRisk: 3_600_000)),
      ])
    #expect(diff.policies.map(\.policy) == ["r", "p", "q"])
    // A record at risk is not a violation: q has one violation before, none after.
    #expect(diff.policies.map { [$0.before, $0.after] } == [[0, 1], [3, 2], [1, 0]])
    #expect(
      ViolationDiff.differences(violation("q", "1"), violation("q", "1", atRisk: 1))
        == ["violation → at risk"])
  }

  /// A calendar's hours edited in place re-grade the past, and the diff says so; the same
  /// change written as a version keeps the past's grades, and the diff says nothing of it.
  @Test("a calendar changed in place is named; one changed by a new version is not")
  func calendarEdits() throws {
    let folder = try temporaryFolder("diff-calendar")
    defer { try? FileManager.default.removeItem(at: folder) }
    let old = """
      calendar office:
        monday to friday "09:00-17:00"
        zone "Europe/Rome"

      define unresolved = from created_at until resolved_at

      policy slow:
        unresolved > 1h30m in office → notify owner

      """
    let inPlace = old.replacingOccurrences(of: "09:00-17:00", with: "08:00-18:00")
    let versioned = old.replacingOccurrences(
      of: "  zone \"Europe/Rome\"\n",
      with: "  zone \"Europe/Rome\"\n  from \"2026-11-02\":\n    monday to friday \"08:00-18:00\"\n"
    )
    // Friday 16:00 CET to Monday 09:00: 1h by the old hours, 3h by the new ones in place, 2h
    // by the version (the Friday by the old hours, the Monday from 08:00).
    let data =
      #"{"id": "A", "owner": "ana", "created_at": "2026-10-30T15:00:00Z", "#
      + #""resolved_at": "2026-11-02T08:00:00Z"}"# + "\n"
    for (name, text) in [
      ("old", old), ("inplace", inPlace), ("versioned", versioned), ("data", data),
    ] {
      try Data(text.utf8).write(
        to: folder.appendingPathComponent(name + (name == "data" ? ".jsonl" : ".vigil")))
    }
    func diff(_ new: String) -> CLIResult {
      vigil([
        "diff", folder.appendingPathComponent("old.vigil").path,
        folder.appendingPathComponent("\(new).vigil").path, "--data",
        folder.appendingPathComponent("data.jsonl").path, "--now", "2026-12-31T00:00:00Z",
      ])
    }
    let edited = diff("inplace")
    #expect(
      edited.stderr
        == "note: calendar 'office' was changed in place (its own hours, zone or holidays, or a "
        + "version it had): the new policies grade the past by the new hours too; to keep the "
        + "past's grades, write the change as a version of the calendar: from \"DATE\": and, "
        + "indented under it, the lines that change\n"
        + "vigil diff: 1 added, 0 removed, 0 changed; 0 violations before, 1 after (1 record audited)\n"
    )
    #expect(
      edited.stdout
        == "policy slow: 1 added, 0 removed, 0 changed (violations: 0 → 1)\n  + "
        + folder.appendingPathComponent("inplace.vigil").path
        + ":8: slow [medium] A → notify ana: unresolved 3h business (office) > 1h30m (closed)\n")
    let version = diff("versioned")
    #expect(
      version.stderr
        == "vigil diff: 1 added, 0 removed, 0 changed; 0 violations before, 1 after (1 record audited)\n"
    )
    #expect(
      version.stdout
        == "policy slow: 1 added, 0 removed, 0 changed (violations: 0 → 1)\n  + "
        + folder.appendingPathComponent("versioned.vigil").path
        + ":10: slow [medium] A → notify ana: unresolved 2h business (office) > 1h30m (closed)\n")
  }
}
