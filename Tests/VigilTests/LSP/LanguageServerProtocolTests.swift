import Foundation
import Testing

@testable import VigilLSP

/// JSON-RPC as `vigil lsp` speaks it: the life cycle, every malformed message answered with
/// the right error, and cancellation.
@Suite("LSP protocol")
struct LanguageServerProtocolTests {
  @Test func initializeAnnouncesTheCapabilities() throws {
    let harness = try ServerHarness()
    #expect(
      harness.request("initialize", ["rootUri": .string(harness.folderURI), "capabilities": [:]])
        == #"{"jsonrpc":"2.0","id":1,"result":{"capabilities":{"textDocumentSync":{"openClose":true,"change":2,"save":{"includeText":false}},"documentFormattingProvider":true,"documentRangeFormattingProvider":true,"documentSymbolProvider":true,"hoverProvider":true,"definitionProvider":true,"referencesProvider":true,"renameProvider":true,"completionProvider":{"triggerCharacters":["."]},"codeActionProvider":{"codeActionKinds":["quickfix"]},"foldingRangeProvider":true,"codeLensProvider":{"resolveProvider":false},"executeCommandProvider":{"commands":["vigil.explain"]},"semanticTokensProvider":{"legend":{"tokenTypes":["keyword","variable","property","function","string","number","comment","operator","namespace","class"],"tokenModifiers":[]},"full":true}},"serverInfo":{"name":"vigil","version":"0.1.0"}}}"#
    )
  }

  @Test func theLifeCycleRefusesRequestsOutOfTurn() throws {
    let harness = try ServerHarness()
    #expect(
      harness.request("textDocument/hover", harness.at("a.vigil", 0, 0))
        == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"Server not initialized: send 'initialize' first"}}"#
    )
    harness.initialize()
    #expect(
      harness.request("initialize", ["capabilities": [:]])
        == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: 'initialize' was sent already"}}"#
    )
    #expect(harness.request("shutdown", nil, id: 2) == #"{"jsonrpc":"2.0","id":2,"result":null}"#)
    #expect(
      harness.request("textDocument/hover", harness.at("a.vigil", 0, 0), id: 3)
        == #"{"jsonrpc":"2.0","id":3,"error":{"code":-32600,"message":"Invalid request: the server was shut down; only 'exit' is accepted"}}"#
    )
    #expect(harness.server.exitCode == nil)
    harness.notify("exit", nil)
    #expect(harness.server.exitCode == 0)
  }

  @Test func exitWithoutShutdownExitsWithOne() throws {
    let harness = try ServerHarness()
    harness.initialize()
    harness.notify("exit", nil)
    #expect(harness.server.exitCode == 1)
  }

  @Test(arguments: [
    (
      "[1]",
      #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: batches are not supported: send one message at a time"}}"#
    ),
    (
      #""x""#,
      #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a message must be a JSON object"}}"#
    ),
    (
      #"{"jsonrpc":"1.0","id":4,"method":"shutdown"}"#,
      #"{"jsonrpc":"2.0","id":4,"error":{"code":-32600,"message":"Invalid request: \"jsonrpc\" must be \"2.0\""}}"#
    ),
    (
      #"{"jsonrpc":"2.0","id":{},"method":"shutdown"}"#,
      #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: the id must be a number or a string"}}"#
    ),
    (
      #"{"jsonrpc":"2.0","id":"a"}"#,
      #"{"jsonrpc":"2.0","id":"a","error":{"code":-32600,"message":"Invalid request: a message needs a \"method\""}}"#
    ),
    (
      #"{"jsonrpc":"2.0","id":5,"method":7}"#,
      #"{"jsonrpc":"2.0","id":5,"error":{"code":-32600,"message":"Invalid request: \"method\" must be a string"}}"#
    ),
    (
      #"{"jsonrpc":"2.0","id":6,"method":"shutdown","params":"x"}"#,
      #"{"jsonrpc":"2.0","id":6,"error":{"code":-32600,"message":"Invalid request: \"params\" must be an object or an array"}}"#
    ),
    (
      #"{"jsonrpc":"2.0","id":7,"method":"textDocument/unknown","params":{}}"#,
      #"{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"Method not found: textDocument/unknown"}}"#
    ),
    (
      #"{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nowhere.vigil"},"position":{"line":0,"character":0}}}"#,
      #"{"jsonrpc":"2.0","id":8,"error":{"code":-32602,"message":"Invalid params: no open document file:///nowhere.vigil: send textDocument/didOpen first"}}"#
    ),
    (
      #"{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":{"textDocument":{}}}"#,
      #"{"jsonrpc":"2.0","id":9,"error":{"code":-32602,"message":"Invalid params: textDocument.uri is missing"}}"#
    ),
    (
      #"{bad"#,
      #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: expected a member's name in quotes at byte 1"}}"#
    ),
    // A response to the server (it sends no request) is ignored.
    (#"{"jsonrpc":"2.0","id":3,"result":null}"#, ""),
  ])
  func malformedMessagesAreAnsweredWithTheirError(body: String, response: String) throws {
    let harness = try ServerHarness()
    harness.initialize()
    harness.server.receive(Array(body.utf8))
    #expect(harness.take() == (response.isEmpty ? [] : [response]))
  }

  @Test func aPositionThatIsNoPositionIsInvalidParams() throws {
    let harness = try ServerHarness()
    harness.initialize()
    harness.open("a.vigil", "define x = 1\n")
    #expect(
      harness.request(
        "textDocument/hover",
        ["textDocument": ["uri": .string(harness.uri("a.vigil"))], "position": ["line": -1]])
        == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: position must be {\"line\": N, \"character\": N}"}}"#
    )
  }

  @Test func aNotificationThatFailsIsLoggedAndAnsweredWithNothing() throws {
    let harness = try ServerHarness()
    harness.initialize()
    harness.notify("textDocument/didChange", ["textDocument": ["uri": "file:///x.vigil"]])
    harness.notify("workspace/somethingNew", [:])
    #expect(harness.take() == [])
    #expect(
      harness.outputs.logged == [
        "vigil lsp: textDocument/didChange: Invalid params: no open document file:///x.vigil: send textDocument/didOpen first",
        "vigil lsp: unknown notification 'workspace/somethingNew': ignored",
      ])
  }

  @Test func aRequestCancelledWhileWaitingIsAnsweredWithRequestCancelled() throws {
    let harness = try ServerHarness()
    harness.initialize()
    harness.open("a.vigil", "define x = 1\n")
    _ = harness.publishAll()
    let queue = MessageQueue()
    let hover: JSON = [
      "jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
      "params": harness.at("a.vigil", 0, 7),
    ]
    queue.push(.message(hover))
    queue.push(.message(hover.setting("id", 8)))
    queue.push(.message(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 7]]))
    // A cancellation for a request already answered, or never sent, changes nothing.
    queue.push(.message(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 99]]))
    var handled: [String] = []
    while let item = queue.pop(until: 0) {
      switch item {
      case .message(let message): harness.server.handle(message)
      case .cancelled(let id): harness.server.answerCancelled(id)
      case .unreadable, .end: break
      }
      handled += harness.take()
    }
    #expect(
      handled == [
        #"{"jsonrpc":"2.0","id":7,"error":{"code":-32800,"message":"Request cancelled"}}"#,
        #"{"jsonrpc":"2.0","id":8,"result":{"contents":{"kind":"markdown","value":"```vigil\ndefine x = 1\n```\n\ntype: a number"},"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":8}}}}"#,
      ])
  }
}

extension LanguageServerProtocolTests {
  @Test func aClientThatWatchesFilesIsAskedToWatchPolicyAndDataFiles() throws {
    let harness = try ServerHarness()
    harness.server.handle([
      "jsonrpc": "2.0", "id": 0, "method": "initialize",
      "params": [
        "capabilities": ["workspace": ["didChangeWatchedFiles": ["dynamicRegistration": true]]]
      ],
    ])
    _ = harness.take()
    harness.notify("initialized", [:])
    #expect(
      harness.take() == [
        #"{"jsonrpc":"2.0","id":"vigil-watch","method":"client/registerCapability","params":{"registrations":[{"id":"vigil-files","method":"workspace/didChangeWatchedFiles","registerOptions":{"watchers":[{"globPattern":"**/*.{vigil,vigiltest,csv,jsonl,json}"}]}}]}}"#
      ])
    // Its answer is a response, ignored.
    harness.server.handle(["jsonrpc": "2.0", "id": "vigil-watch", "result": nil])
    #expect(harness.take() == [])
  }
}
