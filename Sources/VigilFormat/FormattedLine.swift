/// One line of formatted output: its indentation, its code and its end-of-line comment.
package struct FormattedLine: Sendable, Equatable {
  /// Columns of indentation.
  package var indent: Int
  /// The code, without indentation or trailing spaces; empty for a blank or comment line.
  package var code: String
  /// The comment at its end (or, with no code, on a line of its own), `#` included.
  package var comment: String?

  /// A blank line.
  package static let blank = FormattedLine(indent: 0, code: "", comment: nil)

  /// Whether the line holds neither code nor comment.
  package var isBlank: Bool { code.isEmpty && comment == nil }

  /// Renders `lines` as a file: end-of-line comments of consecutive lines aligned two spaces
  /// after the longest code, every line ending with a newline.
  package static func render(_ lines: [FormattedLine]) -> String {
    var out = ""
    var index = 0
    while index < lines.count {
      var end = index
      while end < lines.count && lines[end].hasCodeAndComment { end += 1 }
      if end == index {
        out += lines[index].rendered(commentColumn: 0) + "\n"
        index += 1
        continue
      }
      let column = lines[index..<end].map { $0.indent + $0.code.count }.max() ?? 0
      for line in lines[index..<end] {
        out += line.rendered(commentColumn: column + 2) + "\n"
      }
      index = end
    }
    return out
  }

  private var hasCodeAndComment: Bool { !code.isEmpty && comment != nil }

  private func rendered(commentColumn: Int) -> String {
    if isBlank { return "" }
    let margin = String(repeating: " ", count: indent)
    guard let comment else { return margin + code }
    if code.isEmpty { return margin + comment }
    let width = indent + code.count
    return margin + code + String(repeating: " ", count: Swift.max(2, commentColumn - width))
      + comment
  }
}
