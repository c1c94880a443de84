/// Renders diagnostics as a compiler prints them:
///
///     rules/x.vigil:4:19: error[unknown-name]: no field or definition named 'resolvd_at'
///         4 |   complaint from created_at until resolvd_at
///           |                                   ^~~~~~~~~~
///       help: did you mean 'resolved_at'?
package struct DiagnosticRenderer: Sendable {
  /// How many errors to show before "N more errors".
  package var errorLimit: Int

  /// A renderer showing at most `errorLimit` errors (warnings are capped alike).
  package init(errorLimit: Int = 20) {
    self.errorLimit = errorLimit
  }

  /// Every diagnostic, capped, followed by nothing else.
  package func render(_ diagnostics: [Diagnostic]) -> String {
    var out = ""
    var shownErrors = 0
    var shownWarnings = 0
    var hiddenErrors = 0
    var hiddenWarnings = 0
    for diagnostic in diagnostics {
      if diagnostic.severity == .error {
        guard shownErrors < errorLimit else {
          hiddenErrors += 1
          continue
        }
        shownErrors += 1
      } else {
        guard shownWarnings < errorLimit else {
          hiddenWarnings += 1
          continue
        }
        shownWarnings += 1
      }
      out += render(diagnostic)
    }
    if hiddenErrors > 0 { out += "… \(plural(hiddenErrors, "more error"))\n" }
    if hiddenWarnings > 0 { out += "… \(plural(hiddenWarnings, "more warning"))\n" }
    return out
  }

  /// One diagnostic: its header, the source line with a caret under the range, notes and help.
  /// A diagnostic about no text (a path that cannot be read) has no line to show.
  package func render(_ diagnostic: Diagnostic) -> String {
    let location = diagnostic.location
    let place =
      diagnostic.source.bytes.isEmpty
      ? diagnostic.source.file : "\(diagnostic.source.file):\(location.line):\(location.column)"
    var out = "\(place): "
    out += "\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]: \(diagnostic.message)\n"
    if !diagnostic.source.bytes.isEmpty { out += excerpt(diagnostic.source, diagnostic.range) }
    for note in diagnostic.notes {
      let noteLocation = note.source.location(of: note.range.start)
      out += "  note: \(note.message) (\(note.source.file):\(noteLocation.line))\n"
      out += excerpt(note.source, note.range)
    }
    if let help = diagnostic.help {
      out += "  help: \(help)\n"
    }
    return out
  }

  /// The line holding the start of `range`, and a caret line under the range.
  package func excerpt(_ source: Source, _ range: SourceRange) -> String {
    let start = source.location(of: range.start)
    let lineText = source.text(ofLine: start.line)
    let gutter = String(start.line)
    let pad = String(repeating: " ", count: gutter.count)
    let endLocation = source.location(of: Swift.max(range.start, range.end))
    let lineLength = lineText.count
    let lastColumn =
      endLocation.line == start.line ? endLocation.column : lineLength + 1
    let width = Swift.max(1, lastColumn - start.column)
    let caret = "^" + String(repeating: "~", count: width - 1)
    let indent = String(repeating: " ", count: start.column - 1)
    return "  \(gutter) | \(lineText)\n  \(pad) | \(indent)\(caret)\n"
  }

  private func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }
}
