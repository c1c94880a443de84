import VigilCore
import VigilEvaluation
import VigilRecords

/// The formats a violation list can be written in.
package enum ReportFormat: String, Sendable, CaseIterable {
  /// One line per violation, like a compiler diagnostic.
  case text
  /// JSON Lines: one object per violation.
  case json
  /// CSV with a header row.
  case csv
}

/// Writes violations one at a time as bytes, so an audit streams its report without building
/// strings per violation.
package struct ViolationWriter: Sendable, FindingRenderer {
  /// The format written.
  package let format: ReportFormat
  /// The columns the JSON and CSV reports have after `baseColumns`.
  package let extra: ExtraColumns
  /// The policies' own parts of a CSV row or text line, when the writer was made for a
  /// program's audit.
  let cells: PreparedCells?

  /// Columns of the JSON and CSV reports after the base ones, each set there only when the
  /// policies can fill it, so a report of policies that cannot keeps its columns as they were.
  package struct ExtraColumns: OptionSet, Sendable {
    package let rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }
    /// `pauseColumns`: a policy measures a state with honest pauses (`unless`).
    package static let pauses = ExtraColumns(rawValue: 1)
    /// `holders`: a policy names a holder of the case (`accountable: FIELD at breach`).
    package static let holders = ExtraColumns(rawValue: 2)
  }

  /// The columns every JSON and CSV report has, in order.
  package static let baseColumns = [
    "policy", "location", "record", "party", "action", "target", "severity", "open", "measured",
    "threshold", "window", "sample", "escalation", "at_risk",
  ]

  /// What a row is (`violation`, `at risk`, `dishonest pause`), and a dishonest pause's facts
  /// (`PauseFinding`), empty in a violation's row.
  package static let pauseColumns = [
    "finding", "breached", "pause_state", "pause_began", "pause_ended", "pause_lasted",
    "contradicted_at", "contradicted_change", "not_paused",
  ]

  /// The columns of this writer's JSON and CSV reports, in order.
  package var columns: [String] {
    Self.baseColumns + (extra.contains(.pauses) ? Self.pauseColumns : [])
      + (extra.contains(.holders) ? ["holders"] : [])
  }

  /// A writer for `format`, with the `extra` columns.
  package init(format: ReportFormat, extra: ExtraColumns = []) {
    self.format = format
    self.extra = extra
    cells = nil
  }

  /// A writer for `format`, with the `extra` columns, of the violations of `program`: a
  /// plain violation (`ViolationDraft.isPlain`) is written from parts prepared once.
  package init(format: ReportFormat, extra: ExtraColumns = [], program: Program) {
    self.format = format
    self.extra = extra
    // A text line has none of the extra columns; JSON and CSV rows are prepared without them.
    cells = format == .text || extra.isEmpty ? PreparedCells(program, format: format) : nil
  }

  /// What comes before the first violation (the CSV header).
  package var header: String {
    format == .csv ? columns.joined(separator: ",") + "\r\n" : ""
  }

  /// What comes after the last violation: for JSON Lines, one last line
  /// `{"summary":{…}}` (the audit's ``AuditSummary/json``), the only line with no `policy`
  /// key; nothing in the other formats (the summary goes to standard error).
  package func footer(_ summary: AuditSummary) -> String {
    format == .json ? "{\"summary\":\(summary.json)}\n" : ""
  }

  /// One violation, with its line break.
  package func line(_ violation: Violation) -> String {
    var bytes: [UInt8] = []
    write(violation, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `rules/c.vigil:7: complaint_escalation [high] R00002 → escalate to dara: unresolved 61h12m > 48h (open)`
  package func text(_ violation: Violation) -> String {
    var bytes: [UInt8] = []
    writeText(violation, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends one violation, with its line break, to `out`.
  package func write(_ violation: Violation, to out: inout [UInt8]) {
    out.append(buffered: { write(violation, to: &$0) })
  }

  /// Appends one violation, with its line break, to `out`.
  package func write(_ violation: Violation, to out: inout ByteBuffer) {
    switch format {
    case .text:
      writeText(violation, to: &out)
      out.append(UInt8(ascii: "\n"))
    case .json:
      writeJSON(violation, to: &out)
      out.append(UInt8(ascii: "\n"))
    case .csv:
      writeCSV(violation, to: &out)
      out.append(UInt8(ascii: "\r"))
      out.append(UInt8(ascii: "\n"))
    }
  }

  package func writeText(_ violation: Violation, to out: inout [UInt8]) {
    out.append(buffered: { writeText(violation, to: &$0) })
  }

  /// As `writeText(_:to:)`, into a buffer: its control characters escaped (`TextLine`).
  package func writeText(_ violation: Violation, to out: inout ByteBuffer) {
    let start = out.count
    writeTextParts(violation, to: &out)
    TextLine.seal(from: start, in: &out)
  }

  private func writeTextParts(_ violation: Violation, to out: inout ByteBuffer) {
    out.append(violation.location)
    out.append(":")
    if violation.policy != violation.location {
      out.append(" ")
      out.append(violation.policy)
    }
    out.append(" [")
    out.append(violation.severity.rawValue)
    out.append("] ")
    out.append(violation.record)
    if let cycle = violation.cycle {
      out.append(", ")
      out.append(cycle.text)
    }
    out.append(" → ")
    for (index, action) in violation.actions.enumerated() {
      if index > 0 { out.append(", ") }
      out.append(action.description)
    }
    if let party = violation.party,
      party != violation.actions.first(where: { $0.kind != .flag })?.target
    {
      out.append(" (accountable: ")
      out.append(party)
      out.append(")")
    }
    if let left = violation.atRisk, let measurement = violation.measurement {
      // `at risk: unresolved 41h, breaks > 48h in 7h`.
      out.append(": at risk: ")
      measurement.write(to: &out)
      out.append(", breaks ")
      out.append(measurement.threshold ?? "")
      out.append(" in ")
      DurationFormat.append(left, to: &out)
    } else if let measurement = violation.measurement {
      out.append(": ")
      measurement.write(to: &out)
      if let threshold = measurement.threshold {
        out.append(" ")
        out.append(threshold)
      }
    } else {
      out.append(": when ")
      out.append(violation.condition)
    }
    if let open = violation.open { out.append(open ? " (open)" : " (closed)") }
    if let group = violation.group {
      out.append(" (")
      out.append(group.sample)
      out.append(")")
    }
    if let holders = violation.holders, violation.atRisk == nil {
      // `held by Value 1 20d (64.52%), Value 2 11d (35.48%, breached)`.
      out.append(" held by ")
      out.append(holders.text)
    }
  }

  /// The violation as one JSON object with exactly the keys of `columns` (those of
  /// `pauseColumns` null).
  package func writeJSON(_ violation: Violation, to out: inout [UInt8]) {
    out.append(buffered: { writeJSON(violation, to: &$0) })
  }

  /// As `writeJSON(_:to:)`, into a buffer.
  package func writeJSON(_ violation: Violation, to out: inout ByteBuffer) {
    out.append("{\"policy\":")
    JSONText.append(violation.policy, to: &out)
    out.append(",\"location\":")
    JSONText.append(violation.location, to: &out)
    out.append(",\"record\":")
    JSONText.append(violation.record, to: &out)
    out.append(",\"party\":")
    JSONText.append(violation.party, to: &out)
    out.append(",\"action\":\"")
    out.append(violation.action)
    out.append("\",\"target\":")
    JSONText.append(violation.target, to: &out)
    out.append(",\"severity\":\"")
    out.append(violation.severity.rawValue)
    out.append("\",\"open\":")
    out.append(violation.open.map { $0 ? "true" : "false" } ?? "null")
    out.append(",\"measured\":")
    if let measurement = violation.measurement {
      out.append(UInt8(ascii: "\""))
      let start = out.count
      measurement.write(to: &out)
      JSONText.seal(from: start, in: &out)
      out.append(UInt8(ascii: "\""))
    } else {
      out.append("null")
    }
    out.append(",\"threshold\":")
    JSONText.append(violation.threshold, to: &out)
    out.append(",\"window\":")
    JSONText.append(violation.cycle?.text ?? violation.group?.window, to: &out)
    out.append(",\"sample\":")
    out.append(violation.group.map { String($0.records) } ?? "null")
    out.append(",\"escalation\":")
    JSONText.append(violation.actions.first?.escalation?.reason, to: &out)
    out.append(",\"at_risk\":")
    JSONText.append(violation.atRisk.map(DurationFormat.format), to: &out)
    if extra.contains(.pauses) {
      out.append(",\"finding\":\"")
      out.append(violation.atRisk == nil ? "violation" : "at risk")
      out.append("\"")
      for column in Self.pauseColumns.dropFirst() {
        out.append(",\"")
        out.append(column)
        out.append("\":null")
      }
    }
    if extra.contains(.holders) {
      out.append(",\"holders\":")
      writeHoldersJSON(violation, to: &out)
    }
    out.append("}")
  }

  /// The violation as one CSV row; cells a spreadsheet would run as formulas are neutralised.
  package func writeCSV(_ violation: Violation, to out: inout [UInt8]) {
    out.append(buffered: { writeCSV(violation, to: &$0) })
  }

  /// As `writeCSV(_:to:)`, into a buffer.
  package func writeCSV(_ violation: Violation, to out: inout ByteBuffer) {
    let comma = UInt8(ascii: ",")
    CSVText.append(violation.policy, to: &out)
    out.append(comma)
    CSVText.append(violation.location, to: &out)
    out.append(comma)
    CSVText.append(violation.record, to: &out)
    out.append(comma)
    CSVText.append(violation.party ?? "", to: &out)
    out.append(comma)
    out.append(violation.action)
    out.append(comma)
    CSVText.append(violation.target ?? "", to: &out)
    out.append(comma)
    out.append(violation.severity.rawValue)
    out.append(comma)
    if let open = violation.open { out.append(open ? "true" : "false") }
    out.append(comma)
    if let measurement = violation.measurement {
      let start = out.count
      measurement.write(to: &out)
      CSVText.seal(from: start, in: &out)
    }
    out.append(comma)
    CSVText.append(violation.threshold ?? "", to: &out)
    out.append(comma)
    CSVText.append(violation.cycle?.text ?? violation.group?.window ?? "", to: &out)
    out.append(comma)
    if let group = violation.group { out.append(String(group.records)) }
    out.append(comma)
    CSVText.append(violation.actions.first?.escalation?.reason ?? "", to: &out)
    out.append(comma)
    CSVText.append(violation.atRisk.map(DurationFormat.format) ?? "", to: &out)
    if extra.contains(.pauses) {
      out.append(comma)
      out.append(violation.atRisk == nil ? "violation" : "at risk")
      for _ in Self.pauseColumns.dropFirst() { out.append(comma) }
    }
    if extra.contains(.holders) {
      out.append(comma)
      writeHoldersCSV(violation, to: &out)
    }
  }
}

/// JSON string quoting.
package enum JSONText {
  /// `text` as a JSON string literal, with every character JSON requires escaped.
  package static func quote(_ text: String) -> String {
    var bytes: [UInt8] = []
    append(text, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `text` as a JSON string literal, or `null` when it is nil.
  package static func append<Out: ByteWriting & ~Copyable>(_ text: String?, to out: inout Out) {
    guard let text else {
      out.append("null")
      return
    }
    append(bytes: text.utf8, to: &out)
  }

  /// Appends UTF-8 `bytes` as a JSON string literal.
  package static func append<Out: ByteWriting & ~Copyable>(
    bytes: some Collection<UInt8>, to out: inout Out
  ) {
    if let done: Void = bytes.withContiguousStorageIfAvailable({ append(buffer: $0, to: &out) }) {
      return done
    }
    append(buffer: Array(bytes), to: &out)
  }

  /// Appends UTF-8 `bytes` as a JSON string literal.
  package static func append<Out: ByteWriting & ~Copyable>(
    buffer bytes: UnsafeBufferPointer<UInt8>, to out: inout Out
  ) {
    out.append(UInt8(ascii: "\""))
    if !TextScan.containsJSONEscape(bytes) {
      out.append(bytes: bytes)
    } else {
      for byte in bytes { appendEscaped(byte, to: &out) }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// Appends `bytes` as a JSON string literal.
  package static func append<Out: ByteWriting & ~Copyable>(buffer bytes: [UInt8], to out: inout Out)
  {
    bytes.withUnsafeBufferPointer { append(buffer: $0, to: &out) }
  }

  /// Makes the bytes of `out` from `start` on, written raw, the inside of a JSON string
  /// literal: escapes them in the rare case they need it.
  package static func seal<Out: ByteWriting & ~Copyable>(from start: Int, in out: inout Out) {
    let needsWork = out.withWritten(from: start) { TextScan.containsJSONEscape($0) }
    guard needsWork else { return }
    let text = out.withWritten(from: start) { Array($0) }
    out.truncate(to: start)
    for byte in text { appendEscaped(byte, to: &out) }
  }

  private static func appendEscaped<Out: ByteWriting & ~Copyable>(_ byte: UInt8, to out: inout Out)
  {
    switch byte {
    case UInt8(ascii: "\""): out.append("\\\"")
    case UInt8(ascii: "\\"): out.append("\\\\")
    case UInt8(ascii: "\n"): out.append("\\n")
    case UInt8(ascii: "\r"): out.append("\\r")
    case UInt8(ascii: "\t"): out.append("\\t")
    case 0..<0x20:
      let hex: [UInt8] = Array("0123456789abcdef".utf8)
      out.append("\\u00")
      out.append(hex[Int(byte >> 4)])
      out.append(hex[Int(byte & 0xF)])
    default: out.append(byte)
    }
  }
}

/// CSV cell quoting (RFC 4180), safe to open in a spreadsheet.
package enum CSVText {
  /// `text` as a CSV cell: quoted when it holds a comma, quote or line break; prefixed with
  /// `'` when it begins with `=`, `+`, `-`, `@`, a tab or a carriage return, so a
  /// spreadsheet shows it as text.
  package static func cell(_ text: String) -> String {
    var bytes: [UInt8] = []
    append(text, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `text` as a CSV cell.
  package static func append<Out: ByteWriting & ~Copyable>(_ text: String, to out: inout Out) {
    append(bytes: text.utf8, to: &out)
  }

  /// Appends UTF-8 `bytes` as a CSV cell.
  package static func append<Out: ByteWriting & ~Copyable>(
    bytes: some Collection<UInt8>, to out: inout Out
  ) {
    if let done: Void = bytes.withContiguousStorageIfAvailable({ append(buffer: $0, to: &out) }) {
      return done
    }
    Array(bytes).withUnsafeBufferPointer { append(buffer: $0, to: &out) }
  }

  /// Appends UTF-8 `bytes` as a CSV cell.
  package static func append<Out: ByteWriting & ~Copyable>(
    buffer bytes: UnsafeBufferPointer<UInt8>, to out: inout Out
  ) {
    let quoted = TextScan.containsCSVSpecial(bytes)
    if quoted { out.append(UInt8(ascii: "\"")) }
    if let first = bytes.first, startsFormula(first) { out.append(UInt8(ascii: "'")) }
    guard quoted else {
      out.append(bytes: bytes)
      return
    }
    for byte in bytes {
      if byte == UInt8(ascii: "\"") { out.append(UInt8(ascii: "\"")) }
      out.append(byte)
    }
    out.append(UInt8(ascii: "\""))
  }

  /// Makes the bytes of `out` from `start` on, written raw, one CSV cell: the rare cell
  /// that needs quoting or neutralising is rewritten, any other is left as it is.
  package static func seal<Out: ByteWriting & ~Copyable>(from start: Int, in out: inout Out) {
    guard start < out.count else { return }
    let needsWork = out.withWritten(from: start) { cell in
      startsFormula(cell[0]) || TextScan.containsCSVSpecial(cell)
    }
    guard needsWork else { return }
    let cell = out.withWritten(from: start) { Array($0) }
    out.truncate(to: start)
    cell.withUnsafeBufferPointer { append(buffer: $0, to: &out) }
  }

  /// Whether a cell beginning with `byte` may be run as a formula: `=`, `+`, `-`, `@`, and
  /// the tab and carriage return OWASP lists (a spreadsheet may drop them and read on).
  package static func startsFormula(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"),
      UInt8(ascii: "\t"), UInt8(ascii: "\r"):
      return true
    default:
      return false
    }
  }
}
