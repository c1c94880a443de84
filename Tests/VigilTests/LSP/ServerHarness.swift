import Foundation

@testable import VigilLSP

/// A language server driven in-process: messages in, and every message it sent and line it
/// logged kept, with a clock the test moves.
final class ServerHarness {
  final class Outputs {
    var sent: [JSON] = []
    var logged: [String] = []
    var now: UInt64 = 0
  }

  let outputs = Outputs()
  let server: LanguageServer
  /// The workspace folder (a new temporary one), and its `file://` URI.
  let folder: URL
  var folderURI: String { DocumentURI.uri(of: folder.path) }

  /// A server for a new folder holding `files` (name → text).
  init(files: [String: String] = [:]) throws {
    folder = try temporaryFolder("lsp")
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let outputs = outputs
    server = LanguageServer(
      send: { outputs.sent.append($0) }, log: { outputs.logged.append($0) }, version: "0.1.0",
      clock: { outputs.now }, wallClock: { 1_785_000_000_000 })
  }

  deinit {
    try? FileManager.default.removeItem(at: folder)
  }

  func uri(_ name: String) -> String {
    DocumentURI.uri(of: folder.appendingPathComponent(name).path)
  }

  /// What the server sent since the last call, each message as compact JSON, with the
  /// workspace folder's URI written `file:///WS`.
  func take() -> [String] {
    defer { outputs.sent = [] }
    return outputs.sent.map {
      $0.serialized.replacingOccurrences(of: folderURI, with: "file:///WS")
    }
  }

  /// Sends `initialize` (with `options` as initializationOptions) and `initialized`.
  func initialize(options: JSON? = nil) {
    var params: JSON = ["processId": nil, "rootUri": .string(folderURI), "capabilities": [:]]
    if let options { params = params.setting("initializationOptions", options) }
    server.handle(["jsonrpc": "2.0", "id": 0, "method": "initialize", "params": params])
    server.handle(["jsonrpc": "2.0", "method": "initialized", "params": [:]])
    _ = take()
  }

  /// The response to request `method`, as compact JSON.
  func request(_ method: String, _ params: JSON, id: Int = 1) -> String {
    server.handle(["jsonrpc": "2.0", "id": JSON(id), "method": .string(method), "params": params])
    let sent = take()
    return sent.count == 1 ? sent[0] : "\(sent.count) messages: \(sent)"
  }

  /// The `result` of request `method`, as compact JSON.
  func result(_ method: String, _ params: JSON) -> String {
    server.handle(["jsonrpc": "2.0", "id": 1, "method": .string(method), "params": params])
    let sent = outputs.sent
    outputs.sent = []
    guard sent.count == 1, let result = sent[0]["result"] else { return "no result: \(sent)" }
    return result.serialized.replacingOccurrences(of: folderURI, with: "file:///WS")
  }

  func notify(_ method: String, _ params: JSON) {
    server.handle(["jsonrpc": "2.0", "method": .string(method), "params": params])
  }

  /// Opens `name` with `text` (its file need not exist).
  func open(_ name: String, _ text: String, version: Int = 1) {
    notify(
      "textDocument/didOpen",
      [
        "textDocument": [
          "uri": .string(uri(name)), "languageId": "vigil", "version": JSON(version),
          "text": .string(text),
        ]
      ])
  }

  /// `{"textDocument":{"uri":…},"position":{…}}`.
  func at(_ name: String, _ line: Int, _ character: Int) -> JSON {
    [
      "textDocument": ["uri": .string(uri(name))],
      "position": ["line": JSON(line), "character": JSON(character)],
    ]
  }

  /// The diagnostics published once every pending one is due.
  func publishAll() -> [String] {
    server.publishDueDiagnostics()
    return take()
  }
}
