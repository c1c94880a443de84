import Testing
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilSemantics

@testable import Vigil

/// A condition `S and M` whose `S` holds exactly the scope's parts records the scope's truth
/// as it is tested (`CheckedPolicy.scopeIsFirstOperand`), so the accountability report does
/// not test the scope again; any other shape tests the scope on its own. The report's counts
/// are the same either way (`AccountabilitySemanticsTests`, and the 1M-record reports in every
/// format compared byte for byte with the build before, README "Speed").
@Suite("Scoped conditions")
struct ScopedConditionTests {
  @Test(
    "the scope is the first operand only when the measured test is the last part, alone",
    arguments: [
      ("complaint unresolved > 48h", true),
      ("type == \"complaint\" and unresolved > 48h", true),
      ("type == \"complaint\" and channel in [\"email\", \"chat\"] and unresolved > 48h", true),
      (
        "type == \"complaint\" and (channel == \"chat\" and tier == \"key\") and unresolved > 48h",
        true
      ),
      ("unresolved > 48h", false),
      ("unresolved > 48h and type == \"complaint\"", false),
      ("type == \"complaint\" and unresolved > 48h and rings > 3", false),
      ("type == \"complaint\" and (channel == \"chat\" and unresolved > 48h)", false),
      ("type == \"complaint\" or unresolved > 48h", false),
    ] as [(String, Bool)])
  func firstOperand(_ condition: String, _ expected: Bool) throws {
    let source = """
      define complaint = type == "complaint"
      define unresolved = from created_at until resolved_at

      policy p:
        \(condition) → flag

      """
    let set = try PolicySet(source: source, file: "s.vigil")
    let policy = try #require(set.checked.policies.first { $0.name == "p" })
    #expect(policy.scopeIsFirstOperand == expected, "\(condition)")
  }
}

extension ScopedConditionTests {
  /// Records whose scope is unknown (no `type`), false, or true, each with its measured test
  /// false, true or unknown: in scope only where the scope holds, whether the report reads the
  /// scope's truth from the condition (`a`) or tests it on its own (`b`, the scope after the
  /// measured test).
  @Test(
    "a record is in scope only where the scope holds, recorded or tested",
    arguments: [
      "type == \"complaint\" and unresolved > 48h", "unresolved > 48h and type == \"complaint\"",
    ])
  func unknownScopeIsOutOfScope(_ condition: String) throws {
    let source = """
      define unresolved = from created_at until resolved_at

      policy p:
        \(condition) → notify owner

      """
    let records = [
      // In scope: violated, met, and pending (open 10h).
      #"{"id":"A","type":"complaint","owner":"ana","created_at":"2026-11-01T00:00:00Z","resolved_at":"2026-11-05T00:00:00Z"}"#,
      #"{"id":"B","type":"complaint","owner":"ana","created_at":"2026-11-01T00:00:00Z","resolved_at":"2026-11-01T05:00:00Z"}"#,
      #"{"id":"C","type":"complaint","owner":"ana","created_at":"2026-11-24T14:00:00Z"}"#,
      // Out of scope: another type; no type (resolved in time, late, and no start).
      #"{"id":"D","type":"call","owner":"ana","created_at":"2026-11-01T00:00:00Z","resolved_at":"2026-11-01T05:00:00Z"}"#,
      #"{"id":"E","owner":"ana","created_at":"2026-11-01T00:00:00Z","resolved_at":"2026-11-01T05:00:00Z"}"#,
      #"{"id":"F","owner":"ana","created_at":"2026-11-01T00:00:00Z","resolved_at":"2026-11-05T00:00:00Z"}"#,
      #"{"id":"G","owner":"ana"}"#,
    ]
    let set = try PolicySet(source: source, file: "s.vigil")
    var options = AuditOptions(now: 1_795_564_800_000)
    options.accountability = true
    let driver = set.driver(options)
    var tally = driver.newTally()
    let (counts, _) = set.writeReport(
      input: ByteInput(string: records.joined(separator: "\n") + "\n"), format: .jsonl,
      name: "s.jsonl", driver: driver, groups: &tally, write: { _ in }, event: { _ in })
    let report = set.accountabilityReport(tally, counts: counts, now: options.now, directory: nil)
    let share = try #require(report.policies.first).totals
    #expect(
      [share.inScope, share.met, share.violated, share.pending] == [3, 1, 1, 1], "\(condition)")
  }
}
