import Testing

@testable import VigilLSP

/// A change to an open include checks the closed files of the workspace that include it.
@Suite("LSP closed includers")
struct ClosedFileTests {
  @Test func aClosedFileThatIncludesAChangedDocumentGetsItsDiagnostics() throws {
    let common = "define complaint = type == \"complaint\"\n"
    let harness = try ServerHarness(files: [
      "common.vigil": common,
      "main.vigil": "include \"common.vigil\"\n\npolicy p:\n  complaint → flag\n",
      "other.vigil": "policy q:\n  x > 1 → flag\n",
    ])
    harness.initialize()
    harness.open("common.vigil", common)
    // Opened alone, its definition is unused; main.vigil (closed) is not checked for an open.
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/common.vigil","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":16}},"severity":2,"code":"unused-definition","source":"vigil","message":"'complaint' is defined but never used\nhelp: remove it, or use it in a policy"}]}}"#
      ])
    // The definition renamed in the editor: main.vigil (closed) no longer finds it; other.vigil
    // includes nothing and is not checked.
    func edit(_ text: String, version: Int) {
      harness.notify(
        "textDocument/didChange",
        [
          "textDocument": ["uri": .string(harness.uri("common.vigil")), "version": JSON(version)],
          "contentChanges": [["text": .string(text)]],
        ])
    }
    edit("define complaints = type == \"complaint\"\n", version: 2)
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/common.vigil","version":2,"diagnostics":[{"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":17}},"severity":2,"code":"unused-definition","source":"vigil","message":"'complaints' is defined but never used\nhelp: remove it, or use it in a policy"}]}}"#,
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/main.vigil","diagnostics":[{"range":{"start":{"line":3,"character":2},"end":{"line":3,"character":11}},"severity":1,"code":"unknown-name","source":"vigil","message":"no definition named 'complaint'\nhelp: did you mean 'complaints'? (for a field of that name, write it in backquotes: `complaint`)","relatedInformation":[{"location":{"uri":"file:///WS/common.vigil","range":{"start":{"line":0,"character":7},"end":{"line":0,"character":17}}},"message":"did you mean 'complaints'? defined here"}],"data":{"replacement":"complaints"}}]}}"#,
      ])
    // Renamed back: main.vigil's diagnostics are cleared, once.
    edit(common, version: 3)
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/common.vigil","version":3,"diagnostics":[{"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":16}},"severity":2,"code":"unused-definition","source":"vigil","message":"'complaint' is defined but never used\nhelp: remove it, or use it in a policy"}]}}"#,
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/main.vigil","diagnostics":[]}}"#,
      ])
    edit(common + "\n", version: 4)
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/common.vigil","version":4,"diagnostics":[{"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":16}},"severity":2,"code":"unused-definition","source":"vigil","message":"'complaint' is defined but never used\nhelp: remove it, or use it in a policy"}]}}"#
      ])
  }
}
