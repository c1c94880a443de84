import Foundation
import Testing
import VigilCore
import VigilReports
import VigilSyntax

@testable import Vigil

/// Honest pauses (`paused in H while P unless Q`): the parser's tree, the time counted, and
/// each dishonest pause in the violation's text.
@Suite("Honest pauses")
struct HonestPauseTests {
  static let folder = "Tests/VigilTests/Fixtures/pauses"

  @Test(
    "unless follows the paused condition and, like it, reads one comparison of the changes",
    arguments: [
      (
        "from a until b paused in h while s == \"p\" unless r > 1h",
        "(paused (state a b) h (== s \"p\") (unless (> r dur:3600000)))"
      ),
      (
        "from a until b paused in h while s == \"p\" unless not r",
        "(paused (state a b) h (== s \"p\") (unless (not r)))"
      ),
    ])
  func parses(_ text: String, _ tree: String) {
    #expect(condition("policy p:\n  " + text) == tree)
  }

  @Test func unlessNeedsACondition() {
    let (_, diagnostics) = parse("define d = from a until b paused in h while s == \"p\" unless\n")
    #expect(
      diagnostics.map(\.message) == [
        "expected a condition after 'unless': the changes from which a pause is not honest"
      ])
  }

  /// Each dishonest pause is a finding of its own, after the record's violation (if any),
  /// also for a record that did not break the policy (H), in every format of the audit's
  /// report: who set it, when it began and ended (`on` while it lasts), how long it lasted,
  /// the change that contradicted it, and the time not paused.
  @Test(arguments: ["text", "json", "csv"])
  func reportsEachDishonestPause(_ format: String) throws {
    try Paths.enterRoot()
    let result = vigil([
      "audit", "\(Self.folder)/policies.vigil", "--data", "\(Self.folder)/records.jsonl",
      "--now", "2026-11-25T00:00:00Z", "--format", format,
    ])
    #expect(result.code == 1)
    let name = format == "text" ? "violations.txt" : "violations.\(format)"
    expectGolden(result.stdout, "\(Self.folder)/\(name)")
  }

  /// The accountability report counts the dishonest pauses per policy and per party who set
  /// them: how many, the time not paused, how many were in a breach, how many last (the HTML
  /// page's "Dishonest pauses" table too).
  @Test(arguments: ["text", "json", "csv", "html"])
  func accountabilityCountsPausesPerParty(_ format: String) throws {
    try Paths.enterRoot()
    let result = vigil([
      "audit", "\(Self.folder)/policies.vigil", "--data", "\(Self.folder)/records.jsonl",
      "--now", "2026-11-25T00:00:00Z", "--report", "accountability", "--format", format,
    ])
    #expect(result.code == 1)
    let name = "accountability.\(format == "text" ? "txt" : format)"
    expectGolden(result.stdout, "\(Self.folder)/\(name)")
  }

  /// `vigil explain` lists a record's dishonest pauses under the policy, breached or not.
  @Test func explainShowsThePauses() throws {
    try Paths.enterRoot()
    let result = vigil([
      "explain", "\(Self.folder)/policies.vigil", "--data", "\(Self.folder)/records.jsonl",
      "--now", "2026-11-25T00:00:00Z", "--record", "H",
    ])
    expectGolden(result.stdout, "\(Self.folder)/explain-H.txt")
  }

  /// In an event log, `history(status)` gives the changes; a pause is dishonest from an event
  /// of it where the condition after `unless` holds, and the holder of the case when it began
  /// set it (T1: ana, though bo held it when it was contradicted; T3: bo, who took the case at
  /// the instant the pause began). T2 and T3 did not break the policy.
  @Test func eventLogs() throws {
    try Paths.enterRoot()
    let result = vigil([
      "audit", "\(Self.folder)/events.vigil", "--data", "\(Self.folder)/events.jsonl",
      "--now", "2026-11-25T12:00:00Z",
    ])
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/events.txt")
    // In CSV, a pause's row has the violations' columns, the holders' last (empty for it).
    let csv = vigil([
      "audit", "\(Self.folder)/events.vigil", "--data", "\(Self.folder)/events.jsonl",
      "--now", "2026-11-25T12:00:00Z", "--format", "csv",
    ])
    expectGolden(csv.stdout, "\(Self.folder)/events.csv")
    let explained = vigil([
      "explain", "\(Self.folder)/events.vigil", "--data", "\(Self.folder)/events.jsonl",
      "--now", "2026-11-25T12:00:00Z", "--record", "T1", "--format", "json",
    ])
    expectGolden(explained.stdout, "\(Self.folder)/explain-T1.json")
  }

  /// `unless` in an event log reads each event whole: an event "customer replied" that leaves
  /// the status "waiting" contradicts the pause, to the millisecond and by input order at one
  /// instant (the records and cases of Fixtures/conformance/honest_pauses_events.vigil).
  @Test func eventsContradictPauses() throws {
    try Paths.enterRoot()
    let file = "Tests/VigilTests/Fixtures/conformance/honest_pauses_events.vigil"
    let records = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
      .filter { $0.hasPrefix("# record: ") }.map { $0.dropFirst(10) }
    let result = vigil(
      [
        "audit", file, "--data", "-", "--input-format", "jsonl", "--now",
        "2026-11-25T00:00:00Z",
      ], stdin: records.joined(separator: "\n"))
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/events-contradicted.txt")
  }

  /// A policy judged per cycle has each cycle's dishonest pauses, the part inside the cycle,
  /// named by their cycle after its violation.
  @Test func eachCycleHasItsPauses() throws {
    try Paths.enterRoot()
    let result = vigil([
      "audit", "\(Self.folder)/cycles.vigil", "--data", "\(Self.folder)/cycles.jsonl", "--now",
      "2026-11-25T13:00:00Z",
    ])
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/cycles.txt")
  }
}
