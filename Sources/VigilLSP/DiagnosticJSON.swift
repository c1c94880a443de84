import VigilCore
import VigilSyntax

/// Vigil's diagnostics as the protocol's `Diagnostic` objects.
enum DiagnosticJSON {
  /// `diagnostic` of a document whose lines are `lines`: its range, severity, code, message
  /// (with the help after it), the notes and the did-you-mean as related information, and
  /// the replacement a quick fix makes as `data`.
  static func diagnostic(
    _ diagnostic: Diagnostic, _ lines: LineIndex, analysis: Analysis, uri: (String) -> String
  ) -> JSON {
    let range = lines.range(diagnostic.range.start, diagnostic.range.end)
    var message = diagnostic.message
    if let help = diagnostic.help { message += "\nhelp: \(help)" }
    var related: [JSON] = diagnostic.notes.map { note in
      [
        "location": [
          "uri": .string(uri(note.source.file)),
          "range": LineIndex(note.source.bytes).range(note.range.start, note.range.end).json,
        ],
        "message": .string(note.message),
      ]
    }
    if let suggested = suggestion(diagnostic) {
      // The suggested name's declaration, when it is a definition or a calendar.
      let target =
        analysis.definition(suggested).map { ($0.0.nameRange, $0.1) }
        ?? analysis.calendar(suggested).map { ($0.0.nameRange, $0.1) }
      if let (declared, source) = target {
        related.append([
          "location": [
            "uri": .string(uri(source.file)),
            "range": LineIndex(source.bytes).range(declared.start, declared.end).json,
          ],
          "message": .string("did you mean '\(suggested)'? defined here"),
        ])
      } else {
        // A builtin, a severity, a warning's code: said where the diagnostic is.
        related.append([
          "location": ["uri": .string(uri(diagnostic.source.file)), "range": range.json],
          "message": .string("did you mean '\(suggested)'?"),
        ])
      }
    }
    var json: JSON = [
      "range": range.json,
      "severity": diagnostic.severity == .error ? 1 : 2,
      "code": .string(diagnostic.code.rawValue),
      "source": "vigil",
      "message": .string(message),
    ]
    if !related.isEmpty { json = json.setting("relatedInformation", .array(related)) }
    if let replacement = replacement(diagnostic) {
      json = json.setting("data", ["replacement": .string(replacement)])
    }
    return json
  }

  /// The name a did-you-mean help suggests: `did you mean 'x'?` at the help's start.
  static func suggestion(_ diagnostic: Diagnostic) -> String? {
    guard let help = diagnostic.help, help.hasPrefix("did you mean '") else { return nil }
    let rest = help.dropFirst("did you mean '".count)
    guard let end = rest.range(of: "'?") else { return nil }
    let name = String(rest[..<end.lowerBound])
    return name.isEmpty ? nil : name
  }

  /// The text that fixes the diagnostic in its range: its certain fix, or the name its
  /// did-you-mean suggests in place of the name it is about.
  static func replacement(_ diagnostic: Diagnostic) -> String? {
    if let fix = diagnostic.fix, fix.range == diagnostic.range { return fix.replacement }
    guard let name = suggestion(diagnostic) else { return nil }
    let written = diagnostic.source.text(in: diagnostic.range)
    // Only a name replaces a name (not a phrase the help quotes).
    guard !written.isEmpty,
      written.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
    else { return nil }
    return name
  }
}
