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

  /// The violation's text lists each dishonest pause that counted time inside the state:
  /// when it began and ended (`on` while it lasts), the change that contradicted it, and the
  /// time it counts.
  @Test func reportsEachDishonestPause() throws {
    try Paths.enterRoot()
    let result = vigil([
      "audit", "\(Self.folder)/policies.vigil", "--data", "\(Self.folder)/records.jsonl",
      "--now", "2026-11-25T00:00:00Z",
    ])
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/violations.txt")
  }

  /// In an event log, `history(status)` gives the changes; a pause is dishonest from an event
  /// of it where the condition after `unless` holds.
  @Test func eventLogs() throws {
    let log = [
      event("T", "09:00", #""status":"new""#),
      event("T", "09:10", #""status":"waiting""#),
      event("T", "09:20", #""status":"waiting, replied""#),
      event("T", "09:40", #""status":"working""#),
    ]
    let policy = """
      define resolution = from earliest(at) until now
        paused in history(status) while status in ["waiting", "waiting, replied"]
          unless status == "waiting, replied"
      policy p:
        resolution > 2h → flag
      """
    #expect(
      try caseFindings(policy, log) == [
        "p [medium] T → flag: resolution 2h50m > 2h (closed) (4 events); dishonest pause"
          + " 2026-11-25T09:10:00Z–2026-11-25T09:40:00Z contradicted at 2026-11-25T09:20:00Z,"
          + " 20m not paused"
      ])
  }
}
