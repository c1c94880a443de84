import Foundation
import Testing
import VigilSyntax

@testable import Vigil
@testable import VigilEvaluation

/// Dishonest pauses in `vigil diff` and in the audit's summary line (Grammar.md, "Honest
/// pauses"): a pause is matched by its policy, record (or case), cycle, state and beginning;
/// one that appears, disappears or changes (who set it, its end, the change that
/// contradicted it, the time not paused, its record's breach) is listed under its policy.
@Suite("Dishonest pauses in diff and in the summary line")
struct DiffPauseTests {
  static let folder = "Tests/VigilTests/Fixtures/diff/pauses"

  /// `unless replied` becomes `unless called`: A's pause is contradicted 15 minutes earlier
  /// (changed), B's pause becomes dishonest (added), C's becomes honest (removed); the
  /// violations do not change, and the exit code says something did.
  @Test(arguments: [("text", "diff.txt"), ("json", "diff.json")])
  func diffListsPauseChanges(_ format: String, _ golden: String) throws {
    try Paths.enterRoot()
    let result = vigil([
      "diff", "\(Self.folder)/old.vigil", "\(Self.folder)/new.vigil", "--data",
      "\(Self.folder)/records.jsonl", "--now", "2026-11-25T00:00:00Z", "--format", format,
    ])
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/\(golden)")
    #expect(
      result.stderr
        == "vigil diff: 0 added, 0 removed, 0 changed; 1 violation before, 1 after (3 records "
        + "audited); dishonest pauses: 4 before, 4 after (2 added, 2 removed, 2 changed)\n")
  }

  /// What a changed pause says, fact by fact (the others as in `base`): who set it, its end
  /// (`on` while it lasts), the change that contradicted it, the time not paused, its
  /// record's breach; its length alone (the same end) is no change.
  @Test(
    arguments: [
      ("set by bo", ["set by ann → bo"]),
      ("set by no one", ["set by ann → (none)"]),
      ("lasting", ["ended 2026-11-02T10:30:00Z → on"]),
      (
        "contradicted 1ms later",
        [
          "contradicted at 2026-11-02T10:00:00Z → 2026-11-02T10:00:00.001Z",
          "not paused 30m → 29m59.999s",
        ]
      ),
      ("no breach", ["in a breach → not"]),
      ("longer", []),
    ])
  func pauseDifferences(_ change: String, _ expected: [String]) {
    let base = PauseFinding(
      policy: "p", location: "p.vigil:3", record: "A", input: "a.jsonl", line: 1,
      severity: .medium, party: "ann", breached: true,
      pause: DishonestPause(
        began: 1_793_611_800_000, contradicted: 1_793_613_600_000, end: 1_793_615_400_000,
        beganChange: 0, contradictedChange: 1, counted: 1_800_000, state: "resolution"),
      now: 1_795_564_800_000)
    var changed = base
    switch change {
    case "set by bo": changed.party = "bo"
    case "set by no one": changed.party = nil
    case "lasting": changed.ongoing = true
    case "contradicted 1ms later":
      changed.pause.contradicted += 1
      changed.pause.counted -= 1
    case "no breach": changed.breached = false
    default: changed.lasted += 1
    }
    #expect(ViolationDiff.differences(base, changed) == expected)
  }

  /// The same policies on both sides: the pauses are unchanged, and so is the exit code.
  @Test func unchangedPauses() throws {
    try Paths.enterRoot()
    let result = vigil([
      "diff", "\(Self.folder)/old.vigil", "\(Self.folder)/old.vigil", "--data",
      "\(Self.folder)/records.jsonl", "--now", "2026-11-25T00:00:00Z",
    ])
    #expect(result.code == 0)
    #expect(
      result.stdout == """
        policy over_1h: unchanged (1 violation); dishonest pauses: unchanged (2)
        policy over_2h: unchanged (0 violations); dishonest pauses: unchanged (2)

        """)
    #expect(
      result.stderr
        == "vigil diff: 0 added, 0 removed, 0 changed; 1 violation before, 1 after (3 records "
        + "audited); dishonest pauses: 4 before, 4 after (0 added, 0 removed, 0 changed)\n")
  }

  /// Policies with no honest pauses: nothing about pauses is said.
  @Test func noPausesNoWords() throws {
    try Paths.enterRoot()
    let result = vigil([
      "diff", "Tests/VigilTests/Fixtures/cycles/policies.vigil",
      "Tests/VigilTests/Fixtures/cycles/policies.vigil", "--data",
      "Tests/VigilTests/Fixtures/cycles/events.jsonl", "--now", "2026-11-25T03:00:00Z",
    ])
    #expect(result.code == 0)
    #expect(!result.stdout.contains("dishonest") && !result.stderr.contains("dishonest"))
  }

  /// The summary line counts the dishonest pauses (as many as the report lists), whether
  /// the records are judged on one thread or two, for the accountability report too, and
  /// for an event log's cases; an audit that finds none says nothing of them.
  @Test(
    arguments: [
      (
        "pauses/policies.vigil", "pauses/records.jsonl", "2026-11-25T00:00:00Z", [String](),
        "vigil: 10 lines, 10 records audited, 0 rejected, 5 violations (1 open), 0 data errors, "
          + "6 dishonest pauses"
      ),
      (
        "pauses/policies.vigil", "pauses/records.jsonl", "2026-11-25T00:00:00Z",
        ["--jobs", "2"],
        "vigil: 10 lines, 10 records audited, 0 rejected, 5 violations (1 open), 0 data errors, "
          + "6 dishonest pauses"
      ),
      (
        "pauses/policies.vigil", "pauses/records.jsonl", "2026-11-25T00:00:00Z",
        ["--report", "accountability"],
        "vigil: 10 lines, 10 records audited, 0 rejected, 5 violations (1 open), 0 data errors, "
          + "6 dishonest pauses"
      ),
      (
        "pauses/events.vigil", "pauses/events.jsonl", "2026-11-25T12:00:00Z", [],
        "vigil: 14 lines, 14 records audited (3 cases), 0 rejected, 1 violation (0 open), "
          + "0 data errors, 3 dishonest pauses"
      ),
      (
        "record_history/policies.vigil", "record_history/records.jsonl",
        "2026-11-25T00:00:00Z", [],
        "vigil: 3 lines, 3 records audited, 0 rejected, 8 violations (0 open), 0 data errors, "
          + "1 at risk, 2 dishonest pauses"
      ),
      (
        "cycles/policies.vigil", "cycles/events.jsonl", "2026-11-25T03:00:00Z", [],
        "vigil: 11 lines, 11 records audited (3 cases), 0 rejected, 5 violations (0 open), "
          + "0 data errors, 1 at risk"
      ),
    ])
  func summaryLineCountsPauses(
    _ policies: String, _ data: String, _ now: String, _ extra: [String], _ line: String
  ) throws {
    try Paths.enterRoot()
    let fixtures = "Tests/VigilTests/Fixtures/"
    let result = vigil(
      ["audit", fixtures + policies, "--data", fixtures + data, "--now", now] + extra)
    #expect(result.stderr.split(separator: "\n").last.map(String.init) == line)
    if extra.isEmpty {
      let listed = result.stdout.split(separator: "\n").filter {
        $0.contains(" → dishonest pause")
      }
      let counted =
        line.split(separator: ", ").last { $0.hasSuffix("dishonest pauses") }
        ?? line.split(separator: ", ").last { $0.hasSuffix("dishonest pause") }
      #expect("\(listed.count)" == counted?.split(separator: " ").first.map(String.init) ?? "0")
    }
  }
}
