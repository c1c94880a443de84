import VigilCore
import VigilEvaluation
import VigilReports
import VigilSyntax

/// What `vigil check` found, for programs: JSON Lines (one object a finding) or SARIF 2.1.0
/// (the format code-scanning tools read). Lines are 1-based; columns are 1-based and count
/// Unicode code points, as SARIF's `unicodeCodePoints`; an end is one past the last.
struct CheckReportWriter {
  /// The formats `--format` takes.
  enum Format: String {
    case text, json, sarif
  }

  let format: Format
  /// The diagnostics shown (warnings `--allow`ed left out), in order.
  let diagnostics: [Diagnostic]
  /// The warnings about `--data` shown.
  let dataWarnings: [DataWarning]

  /// The report: nothing for text, which goes to standard error as a compiler's.
  func write() -> String {
    switch format {
    case .text: return ""
    case .json:
      return (diagnostics.map(json) + dataWarnings.map(json)).map { $0 + "\n" }.joined()
    case .sarif: return sarif()
    }
  }

  // MARK: - JSON Lines

  /// `{"file", "line", "column", "end_line", "end_column", "severity", "code", "message",
  /// "help", "fix": {"replacement"}, "notes": [{"file", "line", "column", "message"}]}`.
  private func json(_ diagnostic: Diagnostic) -> String {
    let (start, end) = Self.region(diagnostic.source, diagnostic.range)
    let notes = diagnostic.notes.map { note in
      let at = Self.position(note.source, note.range.start)
      return "{\"file\":\(JSONText.quote(note.source.file)),\"line\":\(at.line),"
        + "\"column\":\(at.column),\"message\":\(JSONText.quote(note.message))}"
    }
    return "{\"file\":\(JSONText.quote(diagnostic.source.file)),\"line\":\(start.line),"
      + "\"column\":\(start.column),\"end_line\":\(end.line),\"end_column\":\(end.column),"
      + "\"severity\":\"\(diagnostic.severity.rawValue)\","
      + "\"code\":\(JSONText.quote(diagnostic.code.rawValue)),"
      + "\"message\":\(JSONText.quote(diagnostic.message)),"
      + "\"help\":\(diagnostic.help.map(JSONText.quote) ?? "null"),"
      + "\"fix\":"
      + (diagnostic.fix.map { "{\"replacement\":\(JSONText.quote($0.replacement))}" } ?? "null")
      + ",\"notes\":[\(notes.joined(separator: ","))]}"
  }

  /// A warning about the data: no place in a policy file, so file and places are null.
  private func json(_ warning: DataWarning) -> String {
    "{\"file\":null,\"line\":null,\"column\":null,\"end_line\":null,\"end_column\":null,"
      + "\"severity\":\"warning\",\"code\":\(JSONText.quote(warning.code.rawValue)),"
      + "\"message\":\(JSONText.quote(warning.message)),\"help\":null,\"fix\":null,\"notes\":[]}"
  }

  // MARK: - SARIF

  private func sarif() -> String {
    let codes =
      diagnostics.map(\.code.rawValue) + dataWarnings.map(\.code.rawValue)
    var rules: [String] = []
    for code in codes where !rules.contains(code) { rules.append(code) }
    let results =
      diagnostics.map { sarifResult($0, rules) } + dataWarnings.map { sarifResult($0, rules) }
    return "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
      + "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"vigil\",\"version\":"
      + JSONText.quote(VigilCLI.version) + ",\"rules\":["
      + rules.map { "{\"id\":\(JSONText.quote($0))}" }.joined(separator: ",") + "]}},"
      + "\"columnKind\":\"unicodeCodePoints\",\"results\":["
      + results.joined(separator: ",") + "]}]}\n"
  }

  private func sarifResult(_ diagnostic: Diagnostic, _ rules: [String]) -> String {
    let code = diagnostic.code.rawValue
    let text = diagnostic.message + (diagnostic.help.map { "\nhelp: \($0)" } ?? "")
    var out =
      "{\"ruleId\":\(JSONText.quote(code)),\"ruleIndex\":\(rules.firstIndex(of: code) ?? 0),"
      + "\"level\":\"\(diagnostic.severity.rawValue)\",\"message\":{\"text\":\(JSONText.quote(text))},"
      + "\"locations\":[\(Self.location(diagnostic.source, diagnostic.range))]"
    if !diagnostic.notes.isEmpty {
      out +=
        ",\"relatedLocations\":["
        + diagnostic.notes.map { note in
          let location = Self.location(note.source, note.range)
          return "{" + location.dropFirst().dropLast()
            + ",\"message\":{\"text\":\(JSONText.quote(note.message))}}"
        }.joined(separator: ",") + "]"
    }
    if let fix = diagnostic.fix {
      out +=
        ",\"fixes\":[{\"description\":{\"text\":"
        + JSONText.quote(diagnostic.help ?? "write \(fix.replacement)")
        + "},\"artifactChanges\":[{\"artifactLocation\":{\"uri\":"
        + JSONText.quote(Self.uri(diagnostic.source.file)) + "},\"replacements\":[{"
        + "\"deletedRegion\":\(Self.region(json: diagnostic.source, fix.range)),"
        + "\"insertedContent\":{\"text\":\(JSONText.quote(fix.replacement))}}]}]}]"
    }
    return out + "}"
  }

  private func sarifResult(_ warning: DataWarning, _ rules: [String]) -> String {
    let code = warning.code.rawValue
    return "{\"ruleId\":\(JSONText.quote(code)),\"ruleIndex\":\(rules.firstIndex(of: code) ?? 0),"
      + "\"level\":\"warning\",\"message\":{\"text\":\(JSONText.quote(warning.message))}}"
  }

  /// `{"physicalLocation": {"artifactLocation": {"uri"}, "region": {…}}}`.
  private static func location(_ source: Source, _ range: SourceRange) -> String {
    "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\(JSONText.quote(uri(source.file)))},"
      + "\"region\":\(region(json: source, range))}}"
  }

  private static func region(json source: Source, _ range: SourceRange) -> String {
    let (start, end) = region(source, range)
    return "{\"startLine\":\(start.line),\"startColumn\":\(start.column),"
      + "\"endLine\":\(end.line),\"endColumn\":\(end.column)}"
  }

  // MARK: - Places

  /// A line and a column in code points, both from 1.
  struct Place {
    var line: Int
    var column: Int
  }

  /// Where `range` starts and ends (one past its last character).
  static func region(_ source: Source, _ range: SourceRange) -> (Place, Place) {
    (position(source, range.start), position(source, Swift.max(range.end, range.start)))
  }

  /// The line of byte `offset`, and its column in Unicode code points (a byte order mark
  /// takes none).
  static func position(_ source: Source, _ offset: Int) -> Place {
    let line = source.line(of: offset)
    var start = source.lineStarts[line - 1]
    if line == 1 && source.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    let end = Swift.max(start, Swift.min(offset, source.bytes.count))
    let column = String(decoding: source.bytes[start..<end], as: UTF8.self).unicodeScalars.count
    return Place(line: line, column: column + 1)
  }

  /// A file's path as a URI reference: relative paths as they are, absolute ones as `file://`,
  /// with the characters a URI cannot hold percent-encoded.
  static func uri(_ path: String) -> String {
    var out = path.hasPrefix("/") ? "file://" : ""
    for byte in path.utf8 {
      let plain =
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
        || (byte >= 0x61 && byte <= 0x7A) || "/-._~".utf8.contains(byte)
      out += plain ? String(UnicodeScalar(byte)) : "%" + hex(byte)
    }
    return out
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
  }
}
