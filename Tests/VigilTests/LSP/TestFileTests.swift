import Foundation
import Testing

@testable import VigilLSP

/// `.vigiltest` files: their syntax errors as diagnostics, and no formatting.
@Suite("LSP test files")
struct TestFileTests {
  @Test func aTestFileShowsItsSyntaxErrors() throws {
    let harness = try ServerHarness()
    harness.initialize()
    harness.open("a.vigiltest", "test t:\n  record \"1\":\n    x = \n  expect \"p\": violation\n")
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/a.vigiltest","version":1,"diagnostics":[{"range":{"start":{"line":2,"character":7},"end":{"line":2,"character":7}},"severity":1,"code":"syntax","source":"vigil","message":"expected an expression before the end of the line\nhelp: a line indented further continues the line above it"}]}}"#
      ])
    harness.open("b.vigiltest", "test t:\n  record \"1\":\n    x = 1\n  expect \"p\": violation\n")
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/b.vigiltest","version":1,"diagnostics":[]}}"#
      ])
    #expect(
      harness.request(
        "textDocument/formatting",
        ["textDocument": ["uri": .string(harness.uri("b.vigiltest"))], "options": [:]])
        == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32803,"message":"vigil fmt formats .vigil files; a .vigiltest file is left as written"}}"#
    )
  }
}

extension TestFileTests {
  static let policies = """
    policy slow:
      from created_at until resolved_at > 48h → flag

    """
  static let tests = """
    now @2026-11-25T00:00:00Z

    test late:
      record "A":
        created_at = now - 3d
      expect "slow": violation

    test wrong:
      record "B":
        created_at = now - 1h
      expect "slow": violation

    """

  @Test func aSavedTestFileShowsItsFailedExpectations() throws {
    let harness = try ServerHarness(files: ["p.vigil": Self.policies, "p.vigiltest": Self.tests])
    harness.initialize()
    harness.open("p.vigiltest", Self.tests)
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/p.vigiltest","version":1,"diagnostics":[{"range":{"start":{"line":10,"character":0},"end":{"line":10,"character":26}},"severity":1,"code":"test-failed","source":"vigil","message":"failed: expect \"slow\": violation\ngot: no violation\nwhy, for record B:\n  from created_at until resolved_at > 48h: false: 1h, not > 48h\n    from created_at until resolved_at: open: from 2026-11-24T23:00:00Z, 1h to now\n      created_at: 2026-11-24T23:00:00Z\n      resolved_at: missing"}]}}"#
      ])
    // Edited and not saved: its syntax alone.
    harness.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": .string(harness.uri("p.vigiltest")), "version": 2],
        "contentChanges": [["text": .string(Self.tests + "\n")]],
      ])
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/p.vigiltest","version":2,"diagnostics":[]}}"#
      ])
    // Saved: run again.
    try (Self.tests + "\n").write(
      to: harness.folder.appendingPathComponent("p.vigiltest"), atomically: true, encoding: .utf8)
    harness.notify(
      "textDocument/didSave", ["textDocument": ["uri": .string(harness.uri("p.vigiltest"))]])
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/p.vigiltest","version":2,"diagnostics":[{"range":{"start":{"line":10,"character":0},"end":{"line":10,"character":26}},"severity":1,"code":"test-failed","source":"vigil","message":"failed: expect \"slow\": violation\ngot: no violation\nwhy, for record B:\n  from created_at until resolved_at > 48h: false: 1h, not > 48h\n    from created_at until resolved_at: open: from 2026-11-24T23:00:00Z, 1h to now\n      created_at: 2026-11-24T23:00:00Z\n      resolved_at: missing"}]}}"#
      ])
  }
}
