import Foundation
import Testing
import Vigil
import VigilCore
import VigilEvaluation
import VigilSyntax

/// The README's embedding example, as written there, plus the façade's other entry points.
@Suite("Embedding API")
struct EmbeddingTests {
  let text = """
    define complaint = type == "complaint"
    define unresolved = from created_at until resolved_at
    complaint unresolved > 48h → escalate to owner
    """

  @Test func theReadmeExampleWorks() throws {
    let records: [[String: Value]] = [
      [
        "id": .text("a"), "type": .text("complaint"), "owner": .text("dara"),
        "created_at": .time(1_795_132_800_000),
      ],
      ["id": .text("b"), "type": .text("enquiry"), "created_at": .text("2026-11-01T00:00:00Z")],
    ]
    let policies = try PolicySet(source: text, file: "complaints.vigil")
    let audit = policies.audit(records, now: Date(timeIntervalSince1970: 1_795_564_800))
    #expect(audit.violations.map(\.record) == ["a"])
    #expect(audit.violations.first?.party == "dara")
    #expect(audit.violations.first?.measured == "unresolved 120h")
    #expect(
      audit.counts == AuditCounts(audited: 2, rejected: 0, violations: 1, open: 1, dataErrors: 0))
  }

  @Test func errorsAreThrownAsDiagnostics() {
    #expect(throws: Diagnostics.self) {
      try PolicySet(
        source: "define unresolved = from a until b\nunresolved > 48 → flag", file: "bad.vigil")
    }
    do {
      _ = try PolicySet(source: "x > 1", file: "bad.vigil")
      Issue.record("a rule without an action must not check")
    } catch {
      #expect(error.errors.map(\.code) == [.syntax])
      #expect(error.description.hasPrefix("bad.vigil:1:6: error[syntax]: this rule has no action"))
    }
  }

  @Test func policySetsAreSharedAcrossThreads() async throws {
    let policies = try PolicySet(source: text, file: "c.vigil")
    let lines = (0..<200).map { index in
      #"{"id":"r\#(index)","type":"complaint","owner":"o","created_at":"2026-11-01T00:00:00Z"}"#
    }.joined(separator: "\n")
    let counts = await withTaskGroup(of: Int.self) { group in
      for _ in 0..<8 {
        group.addTask {
          policies.audit(jsonLines: lines, now: Date(timeIntervalSince1970: 1_795_564_800))
            .violations.count
        }
      }
      return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(counts == Array(repeating: 200, count: 8))
  }
}
