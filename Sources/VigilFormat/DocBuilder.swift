import VigilSyntax

/// Builds the `Doc` of each statement from its tree, walking the file's tokens alongside: each
/// printed token consumes its source token, so the comments written beside a token are printed
/// beside it, and a token left out (a redundant parenthesis) still hands over its comments.
package struct DocBuilder {
  /// The file's tokens.
  package let tokens: FormatTokens
  /// End-of-line comments, by the index of the token they follow.
  package let trailing: [Int: [String]]
  /// Comments on lines of their own inside a statement, by the index of the token they precede.
  package let leading: [Int: [String]]
  /// The next token to consume.
  package var index = 0

  /// Consumes the current token and prints `text` (its canonical spelling when nil), with the
  /// comments around it.
  package mutating func take(_ text: String? = nil) -> Doc {
    let doc = Doc.text(text ?? tokens.spelling(index))
    return consume(printing: doc)
  }

  /// Consumes the current token without printing it; its comments are printed.
  package mutating func skip() -> Doc {
    consume(printing: nil)
  }

  /// Consumes every token before `end`, printing them as `take` does with spaces between, and
  /// a breakable space after each comma (calendar lines, `missing`, `include`, properties).
  package mutating func words(upTo end: Int) -> Doc {
    var items: [Doc] = []
    var item: [Doc] = []
    while index < end {
      let token = tokens.tokens[index]
      let attached = token.isSymbol(.comma) || token.isSymbol(.colon) || item.isEmpty
      if !attached { item.append(.space) }
      item.append(take())
      if token.isSymbol(.comma) {
        items.append(.concat(item))
        item = []
      }
    }
    if !item.isEmpty { items.append(.concat(item)) }
    return items.count == 1 ? items[0] : .fill(items)
  }

  /// Consumes the tokens left before `end` (none, unless the tree left some out), keeping
  /// their comments.
  package mutating func finish(upTo end: Int) -> Doc {
    var docs: [Doc] = []
    while index < end { docs.append(skip()) }
    return .concat(docs)
  }

  /// Whether the current token is the symbol `symbol`.
  package func at(_ symbol: Token.Symbol) -> Bool {
    tokens.tokens[index].isSymbol(symbol)
  }

  /// Whether the current token is the word `word`.
  package func at(_ word: String) -> Bool {
    tokens.tokens[index].isWord(word)
  }

  private mutating func consume(printing doc: Doc?) -> Doc {
    guard index < tokens.tokens.count - 1 else { return doc ?? .empty }
    var docs = (leading[index] ?? []).map(Doc.commentLine)
    if let doc { docs.append(doc) }
    docs += (trailing[index] ?? []).map(Doc.comment)
    index += 1
    return docs.count == 1 ? docs[0] : .concat(docs)
  }
}
