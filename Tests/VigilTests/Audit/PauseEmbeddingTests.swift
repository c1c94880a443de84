import Foundation
import Testing
import Vigil

/// Dishonest pauses (`paused in … unless …`) through the embedding API: in an in-memory
/// audit, to a streamed audit's handler, and in the finding stream — each after its record's
/// violation, with the same parts the reports show.
@Suite("Dishonest pauses, embedded")
struct PauseEmbeddingTests {
  static let folder = "Tests/VigilTests/Fixtures/pauses"
  static let now = Date(timeIntervalSince1970: 1_795_564_800)  // 2026-11-25T00:00:00Z

  /// The fixture's policies and records (those of the honest-pause conformance case).
  static func fixture() throws -> (PolicySet, String) {
    try Paths.enterRoot()
    let source = try String(contentsOfFile: "\(folder)/policies.vigil", encoding: .utf8)
    let records = try String(contentsOfFile: "\(folder)/records.jsonl", encoding: .utf8)
    return (try PolicySet(source: source, file: "policies.vigil"), records)
  }

  /// Milliseconds since 1970 of an ISO-8601 instant in UTC.
  static func ms(_ text: String) -> Int64 {
    // INVARIANT: the tests pass well-formed instants.
    let date = ISO8601DateFormatter().date(from: text)!
    return Int64(date.timeIntervalSince1970 * 1000)
  }

  @Test("an in-memory audit lists each pause with who set it, its span and the time not paused")
  func inMemory() throws {
    let (policies, records) = try Self.fixture()
    let audit = policies.audit(jsonLines: records, now: Self.now)
    #expect(
      audit.pauses.map { "\($0.record) \($0.description)" } == [
        "B dishonest pause set by ann: resolution paused 2026-11-02T09:30:00Z–2026-11-02T10:30:00Z (1h), contradicted at 2026-11-02T10:00:00Z (change 2), 30m not paused",
        "B2 dishonest pause set by ann: resolution paused 2026-11-02T09:30:00Z–2026-11-02T10:30:00Z (1h), contradicted at 2026-11-02T10:29:59.999Z (change 2), 0.001s not paused",
        "C dishonest pause set by ann: resolution paused 2026-11-02T09:30:00Z–2026-11-02T10:30:00Z (1h), contradicted at 2026-11-02T09:30:00Z (change 2), 1h not paused",
        "E dishonest pause set by ann: resolution paused 2026-11-02T09:10:00Z–2026-11-02T09:30:00Z (20m), contradicted at 2026-11-02T09:20:00Z (change 2), 10m not paused",
        "F dishonest pause set by ann: resolution paused 2026-11-24T22:30:00Z–on (1h30m), contradicted at 2026-11-24T23:00:00.001Z (change 2), 59m59.999s not paused",
        "H dishonest pause set by carol: resolution paused 2026-11-02T09:10:00Z–2026-11-02T09:55:00Z (45m), contradicted at 2026-11-02T09:50:00Z (change 2), 5m not paused",
      ])
    // A pause is not a violation: the counts are the violations'.
    #expect(audit.counts.violations == 5)
    let b = try #require(audit.pauses.first)
    #expect(
      [b.began, b.contradicted, b.ended, b.notPaused, b.lasted]
        == [
          Self.ms("2026-11-02T09:30:00Z"), Self.ms("2026-11-02T10:00:00Z"),
          Self.ms("2026-11-02T10:30:00Z"), 1_800_000, 3_600_000,
        ])
    #expect(
      [b.policy, b.location, b.state, b.party] == [
        "over_1h", "policies.vigil:11", "resolution", "ann",
      ])
    #expect(b.breached && !b.ongoing && b.line == 2 && b.severity == .medium)
    let f = audit.pauses[4]
    #expect(f.ongoing && f.ended == nil && f.notPaused == 3_599_999 && f.lasted == 5_400_000)
    let h = audit.pauses[5]
    #expect(!h.breached && h.party == "carol")
  }

  @Test("a streamed audit hands each pause to its handler, after the record's violation")
  func handler() throws {
    let (policies, records) = try Self.fixture()
    var found: [String] = []
    _ = policies.audit(
      input: ByteInput(string: records), format: .jsonl, name: "records", now: Self.now,
      handler: AuditHandler(
        violation: { found.append("violation \($0.record)") }, rejection: { _ in true },
        dataError: { found.append("data error \($0.record)") },
        dishonestPause: { found.append("pause \($0.record) \($0.notPaused)") }))
    #expect(
      found == [
        "violation B", "pause B 1800000", "violation B2", "pause B2 1", "violation C",
        "pause C 3600000", "violation E", "pause E 600000", "violation F", "pause F 3599999",
        "pause H 300000",
      ])
  }

  @Test("the finding stream yields each pause in its place")
  func stream() async throws {
    let (policies, records) = try Self.fixture()
    var found: [String] = []
    for await finding in policies.findings(
      in: ByteInput(string: records), format: .jsonl, name: "records", now: Self.now)
    {
      found.append(FindingStreamTests.describe(finding))
    }
    #expect(
      found == [
        "violation over_1h B", "dishonest pause over_1h B", "violation over_1h B2",
        "dishonest pause over_1h B2", "violation over_1h C", "dishonest pause over_1h C",
        "violation over_1h E", "dishonest pause over_1h E", "violation over_1h F",
        "dishonest pause over_1h F", "dishonest pause over_1h H",
        "finished 10 audited, 0 rejected, 5 violations",
      ])
  }
}
