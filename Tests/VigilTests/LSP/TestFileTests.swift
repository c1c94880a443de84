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
