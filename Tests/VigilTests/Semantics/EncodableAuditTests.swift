import Foundation
import Testing
import VigilCore

@testable import Vigil

/// An embedder audits its own types: `Encodable` records and `[String: Any]` dictionaries.
@Suite("Records from Swift types")
struct EncodableAuditTests {
  struct Ticket: Encodable {
    var id: String
    var type: String
    var owner: String?
    var createdAt: Date
    var resolvedAt: Date?

    enum CodingKeys: String, CodingKey {
      case id, type, owner
      case createdAt = "created_at"
      case resolvedAt = "resolved_at"
    }
  }

  static let policy = """
    define complaint = type == "complaint"
    define unresolved = from created_at until resolved_at
    complaint unresolved > 48h → escalate to owner
    """
  static let now = Date(timeIntervalSince1970: 1_795_564_800)  // 2026-11-25T00:00:00Z

  @Test func encodableRecordsAreAuditedAsTheirExportWouldBe() throws {
    let policies = try PolicySet(source: Self.policy, file: "c.vigil")
    let tickets = [
      Ticket(
        id: "T-1", type: "complaint", owner: "dara",
        createdAt: Self.now.addingTimeInterval(-48 * 3600 - 0.25)),
      Ticket(
        id: "T-2", type: "complaint", owner: nil,
        createdAt: Self.now.addingTimeInterval(-48 * 3600)),
      Ticket(
        id: "T-3", type: "complaint", owner: "kim",
        createdAt: Self.now.addingTimeInterval(-90 * 3600),
        resolvedAt: Self.now.addingTimeInterval(-80 * 3600)),
    ]
    let audit = try policies.audit(encoding: tickets, now: Self.now)
    // Exactly 48h is not more than 48h; a quarter of a second more is.
    #expect(
      audit.violations.map { "\($0.record) \($0.party ?? "-") \($0.measured ?? "")" } == [
        "T-1 dara unresolved 48h0m0.250s"
      ])
    #expect(audit.recordsAudited == 3)
  }

  @Test func dictionariesOfAnyAreRead() throws {
    let policies = try PolicySet(source: Self.policy, file: "c.vigil")
    let json =
      #"[{"id":"A","type":"complaint","owner":"ana","created_at":"2026-11-20T00:00:00Z","resolved_at":null}]"#
    let records = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    let audit = policies.audit(anyRecords: records, now: Self.now)
    #expect(audit.violations.map(\.record) == ["A"])
    #expect(
      Value(any: ["n": 1, "b": true, "l": [1.5, "x"], "d": Self.now] as [String: Any])
        == .record([
          "n": .number(1), "b": .bool(true), "l": .list([.number(1.5), .text("x")]),
          "d": .time(1_795_564_800_000),
        ]))
  }
}
