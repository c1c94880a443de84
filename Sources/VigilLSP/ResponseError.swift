/// A JSON-RPC error, sent as a response's `error`.
package struct ResponseError: Error, Sendable, Equatable {
  /// The code, as JSON-RPC and the Language Server Protocol number them.
  package var code: Int
  /// What went wrong and how to fix it.
  package var message: String

  package init(_ code: Int, _ message: String) {
    self.code = code
    self.message = message
  }

  /// The body could not be read as JSON (-32700).
  package static func parseError(_ message: String) -> ResponseError {
    ResponseError(-32700, "Parse error: \(message)")
  }
  /// The JSON is no request, notification or response (-32600).
  package static func invalidRequest(_ message: String) -> ResponseError {
    ResponseError(-32600, "Invalid request: \(message)")
  }
  /// No such method (-32601).
  package static func methodNotFound(_ method: String) -> ResponseError {
    ResponseError(-32601, "Method not found: \(method)")
  }
  /// The parameters are not what the method takes (-32602).
  package static func invalidParams(_ message: String) -> ResponseError {
    ResponseError(-32602, "Invalid params: \(message)")
  }
  /// A request before `initialize` (-32002).
  package static let notInitialized = ResponseError(
    -32002, "Server not initialized: send 'initialize' first")
  /// The client cancelled the request before it was answered (-32800).
  package static let cancelled = ResponseError(-32800, "Request cancelled")
  /// The request was understood but cannot be done (-32803), such as formatting a file with
  /// syntax errors.
  package static func requestFailed(_ message: String) -> ResponseError {
    ResponseError(-32803, message)
  }

  /// `{"code":…,"message":…}`.
  package var json: JSON { ["code": JSON(code), "message": .string(message)] }
}
