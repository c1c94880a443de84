import VigilFormat
import VigilSyntax

/// `textDocument/formatting`: the whole document as `vigil fmt` writes it.
extension LanguageServer {
  func formatting(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    if document.path?.hasSuffix(".vigiltest") == true {
      throw .requestFailed("vigil fmt formats .vigil files; a .vigiltest file is left as written")
    }
    let formatted: String
    do {
      formatted = try PolicyFormatter().format(
        Source(text: document.text, file: document.path ?? "untitled.vigil"))
    } catch {
      let first = error.all.first
      let place = first.map { "line \($0.location.line): \($0.message)" } ?? "syntax errors"
      throw .requestFailed(
        "cannot format \(document.path.map(shown) ?? document.uri): it does not parse (\(place)); fix its"
          + " errors first")
    }
    guard formatted != document.text else { return [] }
    return [
      [
        "range": LSPRange(Position(line: 0, character: 0), document.lines.endPosition).json,
        "newText": .string(formatted),
      ]
    ]
  }
}
