import Foundation
import Testing
import VigilReports

@testable import Vigil

@Suite("Warnings (warn at)")
struct WarningTests {
  static let policy = """
    define unresolved = from created_at until resolved_at
    policy resolution:
      type == "complaint" and unresolved > 48h → escalate to owner
      warn at 40h
    policy share:
      type == "call" and unresolved >= 10h → notify owner
      warn at 80%
    """

  /// Each finding as text (without the location): violations, then records at risk.
  func findings(_ records: [String], now: Int64 = 1_795_564_800_000) throws -> [String] {
    let policies = try PolicySet(source: Self.policy, file: "w.vigil")
    let audit = policies.audit(
      jsonLines: records.joined(separator: "\n"),
      now: Date(timeIntervalSince1970: Double(now) / 1000))
    let writer = ViolationWriter(format: .text)
    return (audit.violations + audit.atRisk).map {
      String(writer.text($0).split(separator: " ", maxSplits: 1)[1])
    }
  }

  @Test(
    "a record is at risk past the warning while its state is open, to the millisecond",
    arguments: [
      // now is 2026-11-25T00:00:00Z
      (#""created_at":"2026-11-23T08:00:00Z""#, []),  // exactly 40h: not past the warning
      (
        #""created_at":"2026-11-23T07:59:59.999Z""#,
        [
          "resolution [medium] R → escalate to ana: at risk: unresolved 40h0m0.001s, breaks > 48h in 7h59m59.999s (open)"
        ]
      ),
      // closed at 44h: it can no longer break the rule
      (#""created_at":"2026-11-22T00:00:00Z","resolved_at":"2026-11-23T20:00:00Z""#, []),
      // past the threshold: a violation, not a warning
      (
        #""created_at":"2026-11-22T23:59:59.999Z""#,
        ["resolution [medium] R → escalate to ana: unresolved 48h0m0.001s > 48h (open)"]
      ),
      // not begun: length 0
      (#""created_at":"2026-11-26T00:00:00Z""#, []),
    ])
  func boundaries(times: String, expected: [String]) throws {
    let record = #"{"id":"R","type":"complaint","owner":"ana","# + times + "}"
    #expect(try findings([record]) == expected)
  }

  @Test("an escalation chain at risk stands at its first level, not yet past the threshold")
  func chainAtRisk() throws {
    let policies = try PolicySet(
      source: """
        policy resolution:
          (from created_at until resolved_at) > 48h → escalate to owner, then "lead" after 1h
          warn at 40h
        """, file: "w.vigil")
    let audit = policies.audit(
      jsonLines: #"{"id":"R","owner":"ana","created_at":"2026-11-23T00:00:00Z"}"#,
      now: Date(timeIntervalSince1970: 1_795_564_800))
    // 48h exactly: at the threshold, still at risk; 47h: an hour before it.
    #expect(
      audit.atRisk.map { ViolationWriter(format: .text).text($0) } == [
        "w.vigil:2: resolution [medium] R → escalate to ana (level 1 of 2: at the threshold): "
          + "at risk: (from created_at until resolved_at) 48h, breaks > 48h in 0s (open)"
      ])
    let earlier = policies.audit(
      jsonLines: #"{"id":"R","owner":"ana","created_at":"2026-11-23T01:00:00Z"}"#,
      now: Date(timeIntervalSince1970: 1_795_564_800))
    #expect(
      earlier.atRisk.first?.actions.first?.escalation?.reason
        == "level 1 of 2: not past the threshold yet")
  }

  @Test("a share of the threshold: warn at 80% of 10h is 8h")
  func share() throws {
    let record = #"{"id":"C","type":"call","owner":"bo","created_at":"2026-11-24T15:59:59.999Z"}"#
    #expect(
      try findings([record]) == [
        "share [medium] C → notify bo: at risk: unresolved 8h0m0.001s, breaks >= 10h in 1h59m59.999s (open)"
      ])
    // The rule's own operator decides the boundary: `>=` is at risk at exactly 8h.
    let exactly = #"{"id":"C","type":"call","owner":"bo","created_at":"2026-11-24T16:00:00Z"}"#
    #expect(
      try findings([exactly]) == [
        "share [medium] C → notify bo: at risk: unresolved 8h, breaks >= 10h in 2h (open)"
      ])
    let before = #"{"id":"C","type":"call","owner":"bo","created_at":"2026-11-24T16:00:00.001Z"}"#
    #expect(try findings([before]) == [])
  }

  @Test("records at risk do not make the audit fail; the summary counts them")
  func exitCode() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "vigil-warnings-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let rules = folder.appendingPathComponent("w.vigil")
    let data = folder.appendingPathComponent("d.jsonl")
    try Self.policy.write(to: rules, atomically: true, encoding: .utf8)
    // resolved_at: null, so that the data has every field the policy reads.
    try
      #"{"id":"A","type":"complaint","owner":"ana","created_at":"2026-11-23T04:00:00Z","resolved_at":null}"#
      .write(to: data, atomically: true, encoding: .utf8)
    let result = vigil(
      [
        "audit", rules.path, "--data", data.path, "--now", "2026-11-25T00:00:00Z", "--format",
        "json",
      ])
    #expect(result.code == 0)
    #expect(result.stdout.contains(#""measured":"unresolved 44h","threshold":"> 48h""#))
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first?.hasSuffix(#""at_risk":"4h"}"#) == true)
    #expect(
      lines.last?.hasSuffix(
        #""violations":0,"open":0,"closed":0,"undetermined":0,"data_errors":0,"not_enough_data":0,"at_risk":1,"dishonest_pauses":0,"warnings":[]}}"#
      ) == true)
    #expect(result.stderr.hasSuffix("0 violations (0 open), 0 data errors, 1 at risk\n"))
  }
}
