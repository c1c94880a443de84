import VigilSyntax

/// `textDocument/documentSymbol` and `textDocument/foldingRange`: the document's policies,
/// definitions and calendars, a calendar's versions (`from "DATE":`) as its children.
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
      if case .calendar(let calendar) = item, !calendar.versions.isEmpty {
        json = json.setting("children", .array(calendar.versions.map { versionSymbol($0, lines) }))
      }
      symbols.append(json)
    }
    return .array(symbols)
  }

  /// A calendar's version as a symbol: `from "2027-01-01"`, its date selected.
  private func versionSymbol(_ version: CalendarDecl, _ lines: LineIndex) -> JSON {
    let date = version.effective ?? (text: "", range: version.range)
    return [
      "name": .string("from \"\(date.text)\""), "detail": .string("version of \(version.name)"),
      "kind": JSON(SymbolKind.event),
      "range": lines.range(version.range.start, version.range.end).json,
      "selectionRange": lines.range(date.range.start, date.range.end).json,
    ]
  }

  func foldingRanges(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    let source = Source(text: document.text, file: document.path ?? "untitled.vigil")
    let (file, _) = Parser.parse(source)
    var folds: [JSON] = []
    var ranges: [SourceRange] = []
    for item in file.items {
      switch item {
      case .policy(let policy): ranges.append(policy.range)
      case .define(let definition): ranges.append(definition.range)
      case .calendar(let calendar): ranges += [calendar.range] + calendar.versions.map(\.range)
      default: continue
      }
    }
    for range in ranges {
      let start = document.lines.position(of: range.start).line
      let end = document.lines.position(of: max(range.start, range.end - 1)).line
      if end > start { folds.append(["startLine": JSON(start), "endLine": JSON(end)]) }
    }
    return .array(folds)
  }
}
