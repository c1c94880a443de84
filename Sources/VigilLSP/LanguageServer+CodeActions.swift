import VigilSyntax

/// `textDocument/codeAction`: quick fixes for the diagnostics in the range asked about — the
/// name a did-you-mean suggests, or a certain fix (`==` for `=`).
extension LanguageServer {
  func codeActions(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    guard let asked = LSPRange(params["range"]) else {
      throw .invalidParams("range must be {start, end}, start first")
    }
    guard let analysis = analysis(document.uri) else { return [] }
    let start = document.lines.offset(of: asked.start)
    let end = document.lines.offset(of: asked.end)
    var actions: [JSON] = []
    for diagnostic in analysis.ownDiagnostics
    where diagnostic.range.start <= end && diagnostic.range.end >= start {
      guard let replacement = DiagnosticJSON.replacement(diagnostic) else { continue }
      let json = DiagnosticJSON.diagnostic(
        diagnostic, document.lines, analysis: analysis, uri: uriFor)
      let range = document.lines.range(diagnostic.range.start, diagnostic.range.end)
      actions.append([
        "title": .string("Replace with '\(replacement)'"),
        "kind": "quickfix",
        "diagnostics": [json],
        "isPreferred": true,
        "edit": [
          "changes": .object([
            JSON.Member(document.uri, [["range": range.json, "newText": .string(replacement)]])
          ])
        ],
      ])
    }
    return .array(actions)
  }
}
