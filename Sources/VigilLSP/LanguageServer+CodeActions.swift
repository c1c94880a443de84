import VigilSyntax

/// `textDocument/codeAction`: quick fixes for the diagnostics on the lines asked about — the
/// name a did-you-mean suggests or a certain fix (`==` for `=`), removing an unused
/// definition, and allowing a warning in the policy it is about (its `allow:` line).
extension LanguageServer {
  func codeActions(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    guard let asked = LSPRange(params["range"]) else {
      throw .invalidParams("range must be {start, end}, start first")
    }
    guard let analysis = analysis(document.uri), let file = analysis.document else { return [] }
    // The diagnostics on the lines of the range (a cursor asks about its line's).
    let lines = wholeLines(
      SourceRange(
        document.lines.offset(of: asked.start), document.lines.offset(of: asked.end) + 1),
      document.lines)
    var actions: [JSON] = []
    for diagnostic in analysis.ownDiagnostics
    where diagnostic.range.start < lines.end && diagnostic.range.end >= lines.start {
      let json = DiagnosticJSON.diagnostic(
        diagnostic, document.lines, analysis: analysis, uri: uriFor)
      func action(_ title: String, _ range: SourceRange, _ text: String, preferred: Bool) -> JSON {
        [
          "title": .string(title),
          "kind": "quickfix",
          "diagnostics": [json],
          "isPreferred": .bool(preferred),
          "edit": [
            "changes": .object([
              JSON.Member(
                document.uri,
                [
                  [
                    "range": document.lines.range(range.start, range.end).json,
                    "newText": .string(text),
                  ]
                ])
            ])
          ],
        ]
      }
      if let replacement = DiagnosticJSON.replacement(diagnostic) {
        actions.append(
          action("Replace with '\(replacement)'", diagnostic.range, replacement, preferred: true))
      }
      if diagnostic.code == .unusedDefinition,
        let definition = file.items.lazy.compactMap({ item -> Definition? in
          guard case .define(let definition) = item, definition.nameRange == diagnostic.range
          else { return nil }
          return definition
        }).first
      {
        actions.append(
          action(
            "Remove the unused definition '\(definition.name)'",
            wholeLines(definition.range, document.lines), "", preferred: false))
      }
      if diagnostic.severity == .warning,
        let policy = file.items.lazy.compactMap({ item -> PolicyDecl? in
          guard case .policy(let policy) = item, policy.range.start <= diagnostic.range.start,
            diagnostic.range.end <= policy.range.end
          else { return nil }
          return policy
        }).first
      {
        let code = diagnostic.code.rawValue
        let name = policy.name.map { "policy '\($0)'" } ?? "this rule"
        let (range, text) = allowEdit(policy, code, document.lines)
        actions.append(action("Allow '\(code)' in \(name)", range, text, preferred: false))
      }
    }
    return .array(actions)
  }

  /// `range` grown to whole lines, with the line break after them.
  func wholeLines(_ range: SourceRange, _ lines: LineIndex) -> SourceRange {
    let first = lines.position(of: range.start).line
    let last = lines.position(of: max(range.start, range.end - 1)).line
    let end = last + 1 < lines.lineStarts.count ? lines.lineStarts[last + 1] : lines.bytes.count
    return SourceRange(lines.lineStarts[first], end)
  }

  /// The edit that adds `code` to the policy's `allow:` line, or writes one after its block.
  func allowEdit(_ policy: PolicyDecl, _ code: String, _ lines: LineIndex) -> (SourceRange, String)
  {
    if let last = policy.allowed.last {
      return (SourceRange(last.range.end, last.range.end), ", \"\(code)\"")
    }
    let after = wholeLines(policy.range, lines).end
    let line = "  allow: \"\(code)\""
    if after == lines.bytes.count && lines.bytes.last != 10 {
      return (SourceRange(after, after), "\n" + line)
    }
    return (SourceRange(after, after), line + "\n")
  }
}
