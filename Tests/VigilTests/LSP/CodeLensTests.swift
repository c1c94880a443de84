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
        == #"[{"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":0}},"command":{"title":"1 violation in sample.jsonl","command":""}},{"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":0}},"command":{"title":"explain record 1","command":"vigil.explain","arguments":["file:///WS/p.vigil","slow","1"]}},{"range":{"start":{"line":5,"character":0},"end":{"line":5,"character":0}},"command":{"title":"2 violations in sample.jsonl","command":""}},{"range":{"start":{"line":5,"character":0},"end":{"line":5,"character":0}},"command":{"title":"explain record 1","command":"vigil.explain","arguments":["file:///WS/p.vigil","/WS/p.vigil:6","1"]}}]"#
        .replacingOccurrences(of: "\"/WS", with: "\"" + harness.folder.path))
    // With an error, no audit and no lens.
    harness.open("q.vigil", "policy q:\n  nope > → flag\n")
    #expect(
      harness.result(
        "textDocument/codeLens", ["textDocument": ["uri": .string(harness.uri("q.vigil"))]])
        == "[]")
  }

  @Test func theExplainLensRunsVigilExplainForItsRecord() throws {
    let harness = try ServerHarness(files: [
      "common.vigil": LanguageServerFeatureTests.common, "sample.jsonl": Self.sample,
    ])
    harness.initialize(options: ["sample": "sample.jsonl"])
    harness.open("p.vigil", Self.policies)
    _ = harness.publishAll()
    func explain(_ arguments: [String]) -> [String] {
      harness.server.handle([
        "jsonrpc": "2.0", "id": 7, "method": "workspace/executeCommand",
        "params": [
          "command": "vigil.explain", "arguments": .array(arguments.map { .string($0) }),
        ],
      ])
      return harness.take().map {
        $0.replacingOccurrences(of: harness.folder.path, with: "/WS")
      }
    }
    let uri = harness.uri("p.vigil")
    let slow = explain([uri, "slow", "1"])
    // The text as a message to show, and as the result.
    let slowText =
      #""record 1 (sample.jsonl:1), as of 2026-07-25T17:20:00Z\n\nslow (/WS/p.vigil:4): fired\n  [medium] 1 → notify ann: unresolved 96h > 48h (closed)\n  scope: complaint (in scope, violated)\n  complaint unresolved > 48h: true\n    complaint: true\n    unresolved > 48h: true: 96h > 48h\n      unresolved: closed: from 2026-01-01T00:00:00Z until 2026-01-05T00:00:00Z, 96h\n""#
    #expect(
      slow == [
        #"{"jsonrpc":"2.0","method":"window/showMessage","params":{"type":3,"message":"#
          + slowText + "}}",
        #"{"jsonrpc":"2.0","id":7,"result":"# + slowText + "}",
      ])
    let unnamed = explain([uri, harness.folder.path + "/p.vigil:6", "2"])
    let unnamedText =
      #""record 2 (sample.jsonl:2), as of 2026-07-25T17:20:00Z\n\n/WS/p.vigil:6: fired\n  2 → flag: unresolved 10h > 2h (closed)\n  scope: complaint (in scope, violated)\n  complaint unresolved > 2h: true\n    complaint: true\n    unresolved > 2h: true: 10h > 2h\n      unresolved: closed: from 2026-01-01T00:00:00Z until 2026-01-01T10:00:00Z, 10h\n""#
    #expect(
      unnamed == [
        #"{"jsonrpc":"2.0","method":"window/showMessage","params":{"type":3,"message":"#
          + unnamedText + "}}",
        #"{"jsonrpc":"2.0","id":7,"result":"# + unnamedText + "}",
      ])
    #expect(
      explain([uri, "slow", "9"]) == [
        #"{"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"Invalid params: no record in sample.jsonl has the id '9' (field id)"}}"#
      ])
    #expect(
      explain([uri, "slow"]) == [
        #"{"jsonrpc":"2.0","id":7,"error":{"code":-32602,"message":"Invalid params: vigil.explain takes three strings: the document's URI, the policy and the record's id"}}"#
      ])
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
