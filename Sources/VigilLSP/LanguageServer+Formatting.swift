import VigilFormat
import VigilSyntax

/// `textDocument/formatting`: the whole document as `vigil fmt` writes it; and range
/// formatting.
extension LanguageServer {
  func formatting(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    let formatted = try format(document)
    guard formatted != document.text else { return [] }
    return [
      [
        "range": LSPRange(Position(line: 0, character: 0), document.lines.endPosition).json,
        "newText": .string(formatted),
      ]
    ]
  }

  /// `textDocument/rangeFormatting`: the lines of the whole document's `vigil fmt` layout
  /// that differ from the text, where they touch the lines of the range.
  func rangeFormatting(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    guard let range = LSPRange(params["range"]) else {
      throw .invalidParams("range must be {start, end}, start first")
    }
    let formatted = try format(document)
    let first = range.start.line
    let last =
      range.end.line > range.start.line && range.end.character == 0
      ? range.end.line - 1 : range.end.line
    let lines = document.lines
    func offset(ofLine line: Int) -> Int {
      line < lines.lineStarts.count ? lines.lineStarts[line] : lines.bytes.count
    }
    var edits: [JSON] = []
    for hunk in LineDiff.hunks(from: lines, to: LineIndex(Array(formatted.utf8)))
    where hunk.start <= last && max(hunk.end, hunk.start + 1) > first {
      edits.append([
        "range": lines.range(offset(ofLine: hunk.start), offset(ofLine: hunk.end)).json,
        "newText": .string(hunk.text),
      ])
    }
    return .array(edits)
  }

  /// The document as `vigil fmt` writes it.
  func format(_ document: TextDocument) throws(ResponseError) -> String {
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
    return formatted
  }
}
