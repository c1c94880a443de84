import VigilCore
import VigilEvaluation

// Dishonest pauses (`PauseFinding`) in the violation report: a line of their own in the text
// report, a row with the violations' columns in JSON and CSV, `finding` "dishonest pause".
extension ViolationWriter {
  /// Appends one dishonest pause, with its line break, to `out`.
  package func write(_ pause: PauseFinding, to out: inout [UInt8]) { emit(pause, to: &out) }

  /// Appends one dishonest pause, with its line break, to `out`.
  package func write(_ pause: PauseFinding, to out: inout ByteBuffer) { emit(pause, to: &out) }

  private func emit<Out: ByteWriting & ~Copyable>(_ pause: PauseFinding, to out: inout Out) {
    switch format {
    case .text:
      writeText(pause, to: &out)
      out.append(UInt8(ascii: "\n"))
    case .json:
      out.append("{")
      for (index, (column, value)) in zip(columns, cells(pause)).enumerated() {
        if index > 0 { out.append(",") }
        JSONText.append(column, to: &out)
        out.append(":")
        switch value {
        case .some(.text(let text)): JSONText.append(text, to: &out)
        case .some(.number(let number)): out.append(String(number))
        case .some(.bool(let truth)): out.append(truth ? "true" : "false")
        case .none: out.append("null")
        }
      }
      out.append("}\n")
    case .csv:
      for (index, value) in cells(pause).enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        switch value {
        case .some(.text(let text)): CSVText.append(text, to: &out)
        case .some(.number(let number)): out.append(String(number))
        case .some(.bool(let truth)): out.append(truth ? "true" : "false")
        case .none: break
        }
      }
      out.append("\r\n")
    }
  }

  /// `rules/t.vigil:8: over_1h [medium] B → dishonest pause set by alice: resolution paused
  /// 2026-11-02T09:30:00Z–2026-11-02T10:30:00Z (1h), contradicted at 2026-11-02T10:00:00Z
  /// (change 2), 30m not paused`.
  package func writeText<Out: ByteWriting & ~Copyable>(_ pause: PauseFinding, to out: inout Out) {
    let start = out.count
    writeTextParts(pause, to: &out)
    TextLine.seal(from: start, in: &out)
  }

  private func writeTextParts<Out: ByteWriting & ~Copyable>(
    _ pause: PauseFinding, to out: inout Out
  ) {
    out.append(pause.location)
    out.append(":")
    if pause.policy != pause.location {
      out.append(" ")
      out.append(pause.policy)
    }
    out.append(" [")
    out.append(pause.severity.rawValue)
    out.append("] ")
    out.append(pause.record)
    if let cycle = pause.cycle {
      out.append(", ")
      out.append(cycle.text)
    }
    out.append(" → ")
    out.append(pause.description)
  }

  /// A cell of a pause's row.
  private enum Cell {
    case text(String)
    case number(Int)
    case bool(Bool)
  }

  /// The pause's row, a cell per column of `columns` (nil for an empty one); its pause
  /// columns whatever `extra` says (a writer for pauses has them).
  private func cells(_ pause: PauseFinding) -> [Cell?] {
    let time = { (instant: Int64) in Cell.text(TimeParsing.formatISO8601(instant)) }
    let window = pause.cycle?.text ?? pause.group?.window
    let head: [Cell?] = [
      .text(pause.policy), .text(pause.location), .text(pause.record),
      pause.party.map(Cell.text), nil, nil, .text(pause.severity.rawValue), .bool(pause.ongoing),
      nil, nil, window.map(Cell.text), pause.group.map { .number($0.records) }, nil, nil,
    ]
    let facts: [Cell?] = [
      .text("dishonest pause"), .bool(pause.breached), .text(pause.pause.state),
      time(pause.pause.began), pause.ongoing ? nil : time(pause.pause.end),
      .text(DurationFormat.format(pause.lasted)), time(pause.pause.contradicted),
      .number(pause.pause.contradictedChange + 1),
      .text(DurationFormat.format(pause.pause.counted)),
    ]
    return head + facts + (extra.contains(.holders) ? [nil] : [])
  }
}
