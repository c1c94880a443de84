import VigilSyntax

/// `textDocument/semanticTokens/full`: every token of a document with its role, encoded as
/// the protocol says (five numbers a token, lines and starts relative to the one before).
enum SemanticTokens {
  /// The token types, in the order of their numbers.
  static let legend = [
    "keyword", "variable", "property", "function", "string", "number", "comment", "operator",
    "namespace", "class",
  ]
  static var legendJSON: JSON { .array(legend.map { .string($0) }) }

  /// The legend's number for a type.
  static func type(_ name: String) -> Int {
    // INVARIANT: only names of the legend are asked for.
    legend.firstIndex(of: name)!
  }

  /// The encoded tokens of `tokens`, whose document's lines are `lines`.
  static func encode(_ tokens: DocumentTokens, _ analysis: Analysis?, _ lines: LineIndex) -> [Int] {
    var marked: [(start: Int, end: Int, type: Int)] = []
    for (index, token) in tokens.tokens.enumerated() {
      let type: String?
      switch token.kind {
      case .identifier:
        switch tokens.role(at: index, analysis) {
        case .definition: type = "variable"
        case .calendar: type = "namespace"
        case .builtin, .aggregate: type = "function"
        case .keyword: type = "keyword"
        case .field, .member: type = "property"
        case .policy: type = "class"
        case nil: type = nil
        }
      case .quotedName: type = "property"
      case .number, .duration, .percentage, .timestamp: type = "number"
      case .string: type = "string"
      case .symbol(let symbol):
        type =
          [.comma, .dot, .colon, .leftParen, .rightParen, .leftBracket, .rightBracket]
            .contains(symbol) ? nil : "operator"
      case .end, .invalid: type = nil
      }
      if let type { marked.append((token.range.start, token.range.end, Self.type(type))) }
    }
    for comment in tokens.comments {
      marked.append((comment.range.start, comment.range.end, Self.type("comment")))
    }
    marked.sort { $0.start < $1.start }
    var data: [Int] = []
    var previous = Position(line: 0, character: 0)
    for mark in marked {
      let start = lines.position(of: mark.start)
      let end = lines.position(of: mark.end)
      // A token spanning lines (none should) is cut at its first line's end.
      let length =
        end.line == start.line
        ? end.character - start.character
        : lines.position(of: lines.lineEnd(start.line)).character - start.character
      guard length > 0 else { continue }
      let deltaLine = start.line - previous.line
      let deltaStart = deltaLine == 0 ? start.character - previous.character : start.character
      data += [deltaLine, deltaStart, length, mark.type, 0]
      previous = start
    }
    return data
  }
}

extension LanguageServer {
  func semanticTokens(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    let analysis = analysis(document.uri)
    let tokens = DocumentTokens(
      Source(text: document.text, file: analysis?.file ?? "untitled.vigil"))
    return [
      "data": .array(SemanticTokens.encode(tokens, analysis, document.lines).map { JSON($0) })
    ]
  }
}
