import Foundation
import VigilCore
import VigilSyntax

/// The state of `vigil lsp` and the handling of each message, one at a time on one thread
/// (`StdioConnection` feeds it). Every handler is synchronous: a test hands it messages and
/// reads what it sent.
package final class LanguageServer {
  /// Sends a message to the client.
  let send: (JSON) -> Void
  /// Writes a line to the server's log (standard error).
  let log: (String) -> Void
  /// Nanoseconds of a monotonic clock, for the diagnostics' debounce.
  let clock: () -> UInt64
  /// The version `serverInfo` names (the `vigil` command's).
  let version: String

  /// Where the server is in its life.
  package enum Phase: Equatable {
    case waitingForInitialize, running, shutDown
  }
  package private(set) var phase = Phase.waitingForInitialize
  /// Set by `exit`: the process's exit code (0 after `shutdown`, 1 without).
  package private(set) var exitCode: Int32?

  /// The open documents, by URI.
  var documents: [String: TextDocument] = [:]
  /// The workspace's folder, from `initialize` (`rootUri`, or the first workspace folder).
  var workspaceFolder: String?
  /// The settings: from `initializationOptions`, else the workspace's `vigil.json`.
  var settings = ServerSettings()
  /// How long after the last change the diagnostics of a document are published.
  var diagnosticsDelay: UInt64 = 10_000_000
  /// The documents whose diagnostics are due, with when.
  var pendingDiagnostics: [String: UInt64] = [:]
  /// Each open document's analysis, while no document changed.
  var analyses: [String: Analysis] = [:]
  /// The files each open document's last analysis read (by `PolicyLoader.key`): which
  /// documents to check again when one of them changes.
  var filesRead: [String: Set<String>] = [:]
  /// The workspace's policy files on disk with their includes, once read
  /// (`workspaceIncludes`).
  var includeGraph: [String: [String]]?
  /// The closed files whose last diagnostics published were not empty.
  var closedWithDiagnostics: Set<String> = []
  /// Whether the client can watch files for the server (`initialize`'s capabilities).
  var watchesFiles = false
  /// The field names of the sample data, once read.
  var sampleFields: [String]?
  /// Each open document's code lens counts, while no document changed.
  var lensCounts: [String: [String: LensCount]] = [:]
  /// The time of the audits of the code lens, in milliseconds since the epoch.
  let wallClock: () -> Int64

  /// A server that sends through `send` and logs through `log`.
  package init(
    send: @escaping (JSON) -> Void, log: @escaping (String) -> Void, version: String,
    clock: @escaping () -> UInt64 = { DispatchTime.now().uptimeNanoseconds },
    wallClock: @escaping () -> Int64 = {
      Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
  ) {
    self.version = version
    self.wallClock = wallClock
    self.send = send
    self.log = log
    self.clock = clock
  }

  // MARK: - Receiving

  /// Handles one message's body: a parse error is answered with -32700.
  package func receive(_ body: [UInt8]) {
    let message: JSON
    do {
      message = try JSONReader.read(body)
    } catch {
      log("vigil lsp: a message that is not JSON (\(error)); answered with a parse error")
      return respond(id: .null, .failure(.parseError(error.description)))
    }
    handle(message)
  }

  /// Handles one message: a request is answered, a notification acted on, a response to the
  /// server (it sends no request) ignored.
  package func handle(_ message: JSON) {
    switch Envelope(message) {
    case .invalid(let id, let why):
      log("vigil lsp: \(why)")
      respond(id: id, .failure(.invalidRequest(why)))
    case .response:
      break
    case .notification(let method, let params):
      notify(method, params)
    case .request(let id, let method, let params):
      respond(id: id, request(method, params))
    }
  }

  /// Answers the request `id` as cancelled (its `$/cancelRequest` came before it was handled).
  package func answerCancelled(_ id: JSON) {
    respond(id: id, .failure(.cancelled))
  }

  func respond(id: JSON, _ result: Result<JSON, ResponseError>) {
    switch result {
    case .success(let value): send(["jsonrpc": "2.0", "id": id, "result": value])
    case .failure(let error): send(["jsonrpc": "2.0", "id": id, "error": error.json])
    }
  }

  func notification(_ method: String, _ params: JSON) {
    send(["jsonrpc": "2.0", "method": .string(method), "params": params])
  }

  private func request(_ method: String, _ params: JSON?) -> Result<JSON, ResponseError> {
    switch phase {
    case .waitingForInitialize:
      guard method == "initialize" else { return .failure(.notInitialized) }
    case .shutDown:
      return .failure(.invalidRequest("the server was shut down; only 'exit' is accepted"))
    case .running:
      if method == "initialize" {
        return .failure(.invalidRequest("'initialize' was sent already"))
      }
    }
    guard let handler = requestHandler(method) else { return .failure(.methodNotFound(method)) }
    do {
      return .success(try handler(params ?? .null))
    } catch {
      return .failure(error)
    }
  }

  private func notify(_ method: String, _ params: JSON?) {
    if method == "exit" {
      exitCode = phase == .shutDown ? 0 : 1
      return
    }
    guard phase == .running else {
      if method != "initialized" {
        log("vigil lsp: '\(method)' before 'initialize' or after 'shutdown': ignored")
      }
      return
    }
    guard let handler = notificationHandler(method) else {
      if !method.hasPrefix("$/") { log("vigil lsp: unknown notification '\(method)': ignored") }
      return
    }
    do {
      try handler(params ?? .null)
    } catch {
      log("vigil lsp: \(method): \(error.message)")
    }
  }

  /// The handler of request `method`, if the server has one.
  func requestHandler(_ method: String) -> ((JSON) throws(ResponseError) -> JSON)? {
    switch method {
    case "initialize": return initialize
    case "shutdown": return shutdown
    case "textDocument/formatting": return formatting
    case "textDocument/rangeFormatting": return rangeFormatting
    case "textDocument/documentSymbol": return documentSymbols
    case "textDocument/hover": return hover
    case "textDocument/definition": return definition
    case "textDocument/references": return references
    case "textDocument/rename": return rename
    case "textDocument/completion": return completion
    case "textDocument/codeAction": return codeActions
    case "textDocument/foldingRange": return foldingRanges
    case "textDocument/semanticTokens/full": return semanticTokens
    case "textDocument/codeLens": return codeLenses
    case "workspace/executeCommand": return executeCommand
    default: return nil
    }
  }

  /// The handler of notification `method`, if the server has one.
  func notificationHandler(_ method: String) -> ((JSON) throws(ResponseError) -> Void)? {
    switch method {
    case "textDocument/didOpen": return didOpen
    case "textDocument/didChange": return didChange
    case "textDocument/didClose": return didClose
    case "textDocument/didSave": return didSave
    case "workspace/didChangeWatchedFiles": return didChangeWatchedFiles
    case "initialized": return initialized
    case "workspace/didChangeConfiguration": return { _ in }
    default: return nil
    }
  }

  // MARK: - Lifecycle

  func initialize(_ params: JSON) throws(ResponseError) -> JSON {
    guard params.isObject else { throw .invalidParams("'initialize' takes an object") }
    if let root = params["rootUri"]?.string.flatMap(DocumentURI.path(of:)) {
      workspaceFolder = root
    } else if let first = params["workspaceFolders"]?.array?.first?["uri"]?.string {
      workspaceFolder = DocumentURI.path(of: first)
    } else if let root = params["rootPath"]?.string {
      workspaceFolder = root
    }
    settings = ServerSettings.load(
      options: params["initializationOptions"], folder: workspaceFolder)
    if let delay = settings.diagnosticsDelay { diagnosticsDelay = UInt64(delay) * 1_000_000 }
    for problem in settings.problems { log("vigil lsp: \(problem)") }
    watchesFiles =
      params["capabilities"]?["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"]?
      .bool == true
    phase = .running
    return [
      "capabilities": Self.capabilities,
      "serverInfo": ["name": "vigil", "version": .string(version)],
    ]
  }

  /// After `initialized`: asks a client that can watch files to tell of changes to policy,
  /// test and data files (an include or the sample changed on disk). Its answer is ignored.
  func initialized(_ params: JSON) throws(ResponseError) {
    guard watchesFiles else { return }
    send([
      "jsonrpc": "2.0", "id": "vigil-watch", "method": "client/registerCapability",
      "params": [
        "registrations": [
          [
            "id": "vigil-files", "method": "workspace/didChangeWatchedFiles",
            "registerOptions": [
              "watchers": [["globPattern": "**/*.{vigil,vigiltest,csv,jsonl,json}"]]
            ],
          ]
        ]
      ],
    ])
  }

  static let capabilities: JSON = [
    // Incremental sync, with open and close.
    "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
    "documentFormattingProvider": true,
    "documentRangeFormattingProvider": true,
    "documentSymbolProvider": true,
    "hoverProvider": true,
    "definitionProvider": true,
    "referencesProvider": true,
    "renameProvider": true,
    "completionProvider": ["triggerCharacters": ["."]],
    "codeActionProvider": ["codeActionKinds": ["quickfix"]],
    "foldingRangeProvider": true,
    "codeLensProvider": ["resolveProvider": false],
    "executeCommandProvider": ["commands": [.string(LanguageServer.explainCommand)]],
    "semanticTokensProvider": [
      "legend": ["tokenTypes": SemanticTokens.legendJSON, "tokenModifiers": []],
      "full": true,
    ],
  ]

  func shutdown(_ params: JSON) throws(ResponseError) -> JSON {
    phase = .shutDown
    return .null
  }

  // MARK: - Parameters

  /// The open document `params.textDocument.uri` names.
  func document(_ params: JSON) throws(ResponseError) -> TextDocument {
    guard let uri = params["textDocument"]?["uri"]?.string else {
      throw .invalidParams("textDocument.uri is missing")
    }
    guard let document = documents[uri] else {
      throw .invalidParams("no open document \(uri): send textDocument/didOpen first")
    }
    return document
  }

  /// The position `params.position` gives.
  func position(_ params: JSON) throws(ResponseError) -> Position {
    guard let position = Position(params["position"]) else {
      throw .invalidParams("position must be {\"line\": N, \"character\": N}")
    }
    return position
  }
}

/// What kind of JSON-RPC message a JSON value is.
enum Envelope {
  case request(id: JSON, method: String, params: JSON?)
  case notification(method: String, params: JSON?)
  case response
  /// Not a valid message: the id to answer (null when it has none usable), and why.
  case invalid(id: JSON, String)

  init(_ message: JSON) {
    guard message.isObject else {
      if message.array != nil {
        self = .invalid(id: .null, "batches are not supported: send one message at a time")
      } else {
        self = .invalid(id: .null, "a message must be a JSON object")
      }
      return
    }
    let id = message["id"]
    if let id, !(id.string != nil || id.integer != nil || id == .null) {
      self = .invalid(id: .null, "the id must be a number or a string")
      return
    }
    guard message["jsonrpc"]?.string == "2.0" else {
      self = .invalid(id: id ?? .null, "\"jsonrpc\" must be \"2.0\"")
      return
    }
    guard let method = message["method"] else {
      if id != nil && (message["result"] != nil || message["error"] != nil) {
        self = .response
      } else {
        self = .invalid(id: id ?? .null, "a message needs a \"method\"")
      }
      return
    }
    guard let name = method.string else {
      self = .invalid(id: id ?? .null, "\"method\" must be a string")
      return
    }
    // A null `params` is taken as none, as some clients send it.
    let params = message["params"] == .null ? nil : message["params"]
    if let params, !(params.isObject || params.array != nil) {
      self = .invalid(id: id ?? .null, "\"params\" must be an object or an array")
      return
    }
    if let id {
      self = .request(id: id, method: name, params: params)
    } else {
      self = .notification(method: name, params: params)
    }
  }
}
