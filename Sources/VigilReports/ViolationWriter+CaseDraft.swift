import VigilCore
import VigilEvaluation

extension ViolationWriter {
  /// Appends one case's violation of a plain policy, found but not yet made, with its line
  /// break, to `out`: written from the case's parts and the prepared ones (`PreparedCells`)
  /// when the writer has them, else made and written as a `Violation` is.
  package func write(_ draft: borrowing CaseDraft, to out: inout ByteBuffer) {
    guard let cells else {
      write(draft.violation, to: &out)
      return
    }
    switch format {
    case .csv:
      writeCSV(draft, cells: cells, to: &out)
      out.append(UInt8(ascii: "\r"))
    case .json: writeJSON(draft, cells: cells, to: &out)
    case .text: writeText(draft, cells: cells, to: &out)
    }
    out.append(UInt8(ascii: "\n"))
  }

  /// `writeCSV(_:to:)` of the violation `draft` would make (`ViolationDraftTests` holds the
  /// two to the same bytes).
  func writeCSV(_ draft: borrowing CaseDraft, cells: PreparedCells, to out: inout ByteBuffer) {
    let comma = UInt8(ascii: ",")
    let policy = draft.policy
    cells.writePrefix(groupPolicy: policy.index, to: &out)
    CSVText.append(draft.record, to: &out)
    out.append(comma)
    if let party = draft.party { CSVText.append(party, to: &out) }
    out.append(comma)
    out.append(policy.actions[0].kind.rawValue)
    out.append(comma)
    if let target = draft.target { CSVText.append(target, to: &out) }
    out.append(comma)
    out.append(policy.severity.rawValue)
    out.append(comma)
    if let open = draft.open { out.append(open ? "true" : "false") }
    out.append(comma)
    if let site = draft.site {
      writeMeasured(draft, site: site, cells: cells, to: &out) { CSVText.seal(from: $0, in: &$1) }
      out.append(comma)
      cells.writeThreshold(site: site, to: &out)
    } else {
      out.append(comma)
    }
    // No window, escalation or time at risk: a case's violation of a plain policy has none.
    out.append(comma)
    out.append(comma)
    out.append(String(draft.records))
    out.append(",,")
  }

  /// `writeJSON(_:to:)` of the violation `draft` would make.
  func writeJSON(_ draft: borrowing CaseDraft, cells: PreparedCells, to out: inout ByteBuffer) {
    let policy = draft.policy
    cells.writePrefix(groupPolicy: policy.index, to: &out)
    JSONText.append(draft.record, to: &out)
    out.append(",\"party\":")
    JSONText.append(draft.party, to: &out)
    out.append(",\"action\":\"")
    out.append(policy.actions[0].kind.rawValue)
    out.append("\",\"target\":")
    JSONText.append(draft.target, to: &out)
    out.append(",\"severity\":\"")
    out.append(policy.severity.rawValue)
    out.append("\",\"open\":")
    out.append(draft.open.map { $0 ? "true" : "false" } ?? "null")
    out.append(",\"measured\":")
    if let site = draft.site {
      out.append(UInt8(ascii: "\""))
      writeMeasured(draft, site: site, cells: cells, to: &out) { JSONText.seal(from: $0, in: &$1) }
      out.append(UInt8(ascii: "\""))
      out.append(",\"threshold\":")
      cells.writeThreshold(site: site, to: &out)
    } else {
      out.append("null,\"threshold\":null")
    }
    out.append(",\"window\":null,\"sample\":")
    out.append(String(draft.records))
    out.append(",\"escalation\":null,\"at_risk\":null}")
  }

  /// `writeText(_:to:)` of the violation `draft` would make: its control characters escaped
  /// (`TextLine`), as a made violation's are.
  func writeText(_ draft: borrowing CaseDraft, cells: PreparedCells, to out: inout ByteBuffer) {
    let start = out.count
    writeTextParts(draft, cells: cells, to: &out)
    TextLine.seal(from: start, in: &out)
  }

  private func writeTextParts(
    _ draft: borrowing CaseDraft, cells: PreparedCells, to out: inout ByteBuffer
  ) {
    let policy = draft.policy
    cells.writePrefix(groupPolicy: policy.index, to: &out)
    out.append(draft.record)
    out.append(" → ")
    let kind = policy.actions[0].kind
    switch kind {
    case .escalate, .notify:
      out.append(kind == .escalate ? "escalate to " : "notify ")
      out.append(draft.target ?? "(missing)")
    case .flag:
      out.append("flag")
    }
    if let party = draft.party, party != (kind == .flag ? nil : draft.target) {
      out.append(" (accountable: ")
      out.append(party)
      out.append(")")
    }
    if let site = draft.site {
      out.append(": ")
      writeMeasured(draft, site: site, cells: cells, to: &out) { _, _ in }
      cells.writeThreshold(site: site, to: &out)
    } else {
      out.append(": when ")
      out.append(policy.conditionText)
    }
    if let open = draft.open { out.append(open ? " (open)" : " (closed)") }
    out.append(" (")
    out.append(draft.sample)
    out.append(")")
  }

  /// Appends what decided the case's violation, measured at `site`, sealed as its cell or
  /// string requires: a length from the site's sealed parts, anything else `seal`ed after
  /// (from where it began).
  private func writeMeasured(
    _ draft: borrowing CaseDraft, site: Int, cells: PreparedCells, to out: inout ByteBuffer,
    seal: (Int, inout ByteBuffer) -> Void
  ) {
    if let length = draft.measuredDuration,
      cells.writeSealedMeasurement(site: site, length: length, to: &out)
    {
      return
    }
    let start = out.count
    if let length = draft.measuredDuration {
      cells.writeMeasurement(site: site, length: length, to: &out)
    } else {
      _ = draft.writeMeasured(to: &out)
    }
    seal(start, &out)
  }
}
