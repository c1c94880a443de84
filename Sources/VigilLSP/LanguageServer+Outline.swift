import VigilSyntax

/// `textDocument/documentSymbol` and `textDocument/foldingRange`: the document's policies,
/// definitions and calendars.
extension LanguageServer {
  /// The protocol's `SymbolKind` numbers used.
  enum SymbolKind {
    static let function = 12
    static let constant = 14
    static let event = 24
  }

  func documentSymbols(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    let source = Source(text: document.text, file: document.path ?? "untitled.vigil")
    let (file, _) = Parser.parse(source)
    let lines = document.lines
    var symbols: [JSON] = []
    for item in file.items {
      let symbol:
        (name: String, detail: String, kind: Int, range: SourceRange, selection: SourceRange)
      switch item {
      case .policy(let policy):
        let name =
          policy.name
          ?? "rule at line \(source.location(of: policy.range.start).line)"
        symbol = (
          name, policy.severity?.name ?? "", SymbolKind.function, policy.range, policy.nameRange
        )
      case .define(let definition):
        symbol = (
          definition.name, source.text(in: definition.value.range), SymbolKind.constant,
          definition.range, definition.nameRange
        )
      case .calendar(let calendar):
        symbol = (calendar.name, "calendar", SymbolKind.event, calendar.range, calendar.nameRange)
      default:
        continue
      }
      var json: JSON = ["name": .string(symbol.name)]
      if !symbol.detail.isEmpty { json = json.setting("detail", .string(symbol.detail)) }
      json = json.setting("kind", JSON(symbol.kind))
      json = json.setting("range", lines.range(symbol.range.start, symbol.range.end).json)
      json = json.setting(
        "selectionRange", lines.range(symbol.selection.start, symbol.selection.end).json)
      symbols.append(json)
    }
    return .array(symbols)
  }

  func foldingRanges(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    let source = Source(text: document.text, file: document.path ?? "untitled.vigil")
    let (file, _) = Parser.parse(source)
    var folds: [JSON] = []
    for item in file.items {
      let range: SourceRange
      switch item {
      case .policy(let policy): range = policy.range
      case .define(let definition): range = definition.range
      case .calendar(let calendar): range = calendar.range
      default: continue
      }
      let start = document.lines.position(of: range.start).line
      let end = document.lines.position(of: max(range.start, range.end - 1)).line
      if end > start { folds.append(["startLine": JSON(start), "endLine": JSON(end)]) }
    }
    return .array(folds)
  }
}
