import VigilCore
import VigilSemantics
import VigilSyntax

/// `textDocument/hover`: what a name or a duration under the cursor is.
extension LanguageServer {
  func hover(_ params: JSON) throws(ResponseError) -> JSON {
    let document = try document(params)
    let offset = document.lines.offset(of: try position(params))
    guard var analysis = analysis(document.uri) else { return .null }
    let source = Source(text: document.text, file: analysis.file)
    let tokens = DocumentTokens(source)
    guard let index = tokens.index(at: offset) else { return .null }
    let token = tokens.tokens[index]
    guard let text = hoverText(token, index, tokens, &analysis) else { return .null }
    return [
      "contents": ["kind": "markdown", "value": .string(text)],
      "range": document.lines.range(token.range.start, token.range.end).json,
    ]
  }

  private func hoverText(
    _ token: Token, _ index: Int, _ tokens: DocumentTokens, _ analysis: inout Analysis
  ) -> String? {
    if case .duration(let milliseconds) = token.kind {
      let written = tokens.source.text(in: token.range)
      let canonical = DurationFormat.format(milliseconds)
      return "duration `\(written)`" + (canonical == written ? "" : " = \(canonical)")
        + " = \(milliseconds) ms"
    }
    if case .quotedName(let name) = token.kind { return fieldHover(name, &analysis) }
    if let version = versionHover(token.range, analysis) { return version }
    guard let name = token.identifier else { return nil }
    switch tokens.role(at: index, analysis) {
    case .definition:
      guard let (definition, source) = analysis.definition(name) else { return nil }
      let type = analysis.type(ofDefinition: name).map { "\n\ntype: \($0)" } ?? ""
      let place =
        source.file == analysis.file
        ? ""
        : "\n\ndefined in \(shown(source.file)):\(source.location(of: definition.range.start).line)"
      return "```vigil\n\(source.text(in: definition.range))\n```" + type + place
    case .calendar:
      guard let (calendar, source) = analysis.calendar(name) else { return nil }
      let versions = calendar.versions.compactMap { $0.effective.map { "from \"\($0.text)\"" } }
      return "```vigil\n\(source.text(in: calendar.range))\n```"
        + (versions.isEmpty ? "" : "\n\nversions: " + versions.joined(separator: ", "))
    case .builtin:
      return "builtin function\n\n`\(Builtin.usage(name))`"
    case .aggregate:
      return "aggregate\n\n`\(AggregateKind.usage(name))`"
    case .field:
      return fieldHover(name, &analysis)
    case .policy:
      return policyHover(name, analysis)
    case .member, .keyword, nil:
      return nil
    }
  }

  /// Over a version's `from "DATE"`: which calendar's version it is, when it is in force, and
  /// its lines.
  private func versionHover(_ range: SourceRange, _ analysis: Analysis) -> String? {
    guard let file = analysis.document else { return nil }
    for case .calendar(let calendar) in file.items {
      for (index, version) in calendar.versions.enumerated() {
        guard let effective = version.effective,
          version.range.start <= range.start && range.end <= effective.range.end
        else { continue }
        let next = calendar.versions.dropFirst(index + 1).first?.effective
        let until = next.map { " until \"\($0.text)\"" } ?? " on"
        // Its lines as written, less the version's own indent.
        let column = file.source.location(of: version.range.start).column - 1
        let lines = file.source.text(in: version.range).split(
          separator: "\n", omittingEmptySubsequences: false
        ).map { $0.prefix(column).allSatisfy { $0 == " " } ? $0.dropFirst(column) : $0 }
        return "version of calendar `\(calendar.name)`, in force from \"\(effective.text)\"\(until)"
          + "\n\n```vigil\n\(lines.joined(separator: "\n"))\n```"
      }
    }
    return nil
  }

  /// `policy name` with its severity and why it exists.
  private func policyHover(_ name: String, _ analysis: Analysis) -> String? {
    guard let file = analysis.document else { return nil }
    for case .policy(let policy) in file.items where policy.name == name {
      var text = "policy `\(name)`, severity \(policy.severity?.name ?? "medium")"
      if let because = policy.because { text += "\n\n\(because)" }
      return text
    }
    return nil
  }

  private func fieldHover(_ name: String, _ analysis: inout Analysis) -> String {
    let type = analysis.checker.fieldTypes[FieldPath(name)] ?? .any
    return "field `\(name)`\n\ntype: \(type.article)"
  }
}
