import Foundation
import Testing

@testable import VigilLSP

/// The code lens over each policy: its violations in the sample data.
@Suite("LSP code lens")
struct CodeLensTests {
  static let policies = """
    include "common.vigil"

    policy slow:
      complaint unresolved > 48h → notify owner

    complaint unresolved > 2h → flag

    """
  static let sample = """
    {"id": "1", "type": "complaint", "created_at": "2026-01-01T00:00:00Z", "resolved_at": "2026-01-05T00:00:00Z", "owner": "ann"}
    {"id": "2", "type": "complaint", "created_at": "2026-01-01T00:00:00Z", "resolved_at": "2026-01-01T10:00:00Z", "owner": "bo"}
    {"id": "3", "type": "enquiry", "created_at": "2026-01-01T00:00:00Z"}

    """

  @Test func eachPolicyShowsItsViolationsInTheSample() throws {
    let harness = try ServerHarness(files: [
      "common.vigil": LanguageServerFeatureTests.common, "sample.jsonl": Self.sample,
    ])
    harness.initialize(options: ["sample": "sample.jsonl"])
    harness.open("p.vigil", Self.policies)
    let params: JSON = ["textDocument": ["uri": .string(harness.uri("p.vigil"))]]
    #expect(
      harness.result("textDocument/codeLens", params)
        == #"[{"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":0}},"command":{"title":"1 violation in sample.jsonl","command":""}},{"range":{"start":{"line":5,"character":0},"end":{"line":5,"character":0}},"command":{"title":"2 violations in sample.jsonl","command":""}}]"#
    )
    // With an error, no audit and no lens.
    harness.open("q.vigil", "policy q:\n  nope > → flag\n")
    #expect(
      harness.result(
        "textDocument/codeLens", ["textDocument": ["uri": .string(harness.uri("q.vigil"))]])
        == "[]")
  }

  @Test func withoutASampleThereIsNoLens() throws {
    let harness = try ServerHarness(files: ["common.vigil": LanguageServerFeatureTests.common])
    harness.initialize()
    harness.open("p.vigil", Self.policies)
    #expect(
      harness.result(
        "textDocument/codeLens", ["textDocument": ["uri": .string(harness.uri("p.vigil"))]])
        == "[]")
  }
}
