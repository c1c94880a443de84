import VigilCore
import VigilEvaluation

extension ViolationWriter {
  /// Appends one violation found but not yet made, with its line break, to `out`: a plain
  /// one (`ViolationDraft.isPlain`) written from its parts and the prepared ones
  /// (`PreparedCells`), any other made and written as a `Violation` is.
  package func write(_ draft: borrowing ViolationDraft, to out: inout ByteBuffer) {
    guard let cells, draft.isPlain else {
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

  /// `writeJSON(_:to:)` of the violation `draft` would make, for a plain one.
  func writeJSON(
    _ draft: borrowing ViolationDraft, cells: PreparedCells, to out: inout ByteBuffer
  ) {
    let policy = draft.policy
    cells.writePrefix(policy: policy.index, to: &out)
    if let record = draft.recordBytes {
      JSONText.append(buffer: record, to: &out)
    } else {
      JSONText.append(draft.record, to: &out)
    }
    out.append(",\"party\":")
    let kind = policy.actions[0].kind
    if let party = draft.partyBytes, kind != .flag {
      JSONText.append(buffer: party, to: &out)
      out.append(",\"action\":\"")
      out.append(kind.rawValue)
      out.append("\",\"target\":")
      JSONText.append(buffer: party, to: &out)
    } else {
      let (party, target) = draft.parties()
      JSONText.append(party, to: &out)
      out.append(",\"action\":\"")
      out.append(kind.rawValue)
      out.append("\",\"target\":")
      JSONText.append(target, to: &out)
    }
    out.append(",\"severity\":\"")
    out.append(policy.severity.rawValue)
    out.append("\",\"open\":")
    out.append(draft.open.map { $0 ? "true" : "false" } ?? "null")
    out.append(",\"measured\":")
    if let site = draft.site {
      out.append(UInt8(ascii: "\""))
      let start = out.count
      if let length = draft.measuredDuration {
        cells.writeMeasurement(site: site, length: length, to: &out)
      } else {
        _ = draft.writeMeasured(to: &out)
      }
      JSONText.seal(from: start, in: &out)
      out.append(UInt8(ascii: "\""))
      out.append(",\"threshold\":")
      cells.writeThreshold(site: site, to: &out)
    } else {
      out.append("null,\"threshold\":null")
    }
    // No window, sample, escalation or time at risk: a plain violation has none.
    out.append(",\"window\":null,\"sample\":null,\"escalation\":null,\"at_risk\":null}")
  }

  /// `writeText(_:to:)` of the violation `draft` would make, for a plain one.
  func writeText(
    _ draft: borrowing ViolationDraft, cells: PreparedCells, to out: inout ByteBuffer
  ) {
    let start = out.count
    writeTextParts(draft, cells: cells, to: &out)
    TextLine.seal(from: start, in: &out)
  }

  private func writeTextParts(
    _ draft: borrowing ViolationDraft, cells: PreparedCells, to out: inout ByteBuffer
  ) {
    let policy = draft.policy
    cells.writePrefix(policy: policy.index, to: &out)
    if let record = draft.recordBytes {
      out.append(bytes: record)
    } else {
      out.append(draft.record)
    }
    out.append(" → ")
    let kind = policy.actions[0].kind
    if let party = draft.partyBytes, kind != .flag {
      out.append(kind == .escalate ? "escalate to " : "notify ")
      out.append(bytes: party)
    } else {
      let (party, target) = draft.parties()
      switch kind {
      case .escalate, .notify:
        out.append(kind == .escalate ? "escalate to " : "notify ")
        out.append(target ?? "(missing)")
      case .flag:
        out.append("flag")
      }
      if let party, party != (kind == .flag ? nil : target) {
        out.append(" (accountable: ")
        out.append(party)
        out.append(")")
      }
    }
    if let site = draft.site {
      out.append(": ")
      if let length = draft.measuredDuration {
        cells.writeMeasurement(site: site, length: length, to: &out)
      } else {
        _ = draft.writeMeasured(to: &out)
      }
      cells.writeThreshold(site: site, to: &out)
    } else {
      out.append(": when ")
      out.append(policy.conditionText)
    }
    if let open = draft.open { out.append(open ? " (open)" : " (closed)") }
  }

  /// `writeCSV(_:to:)` of the violation `draft` would make, for a plain one: the same cells
  /// from the record's bytes, the policy's prepared cells and what decided it
  /// (`ViolationDraftTests` holds the two to the same bytes).
  func writeCSV(
    _ draft: borrowing ViolationDraft, cells: PreparedCells, to out: inout ByteBuffer
  ) {
    let comma = UInt8(ascii: ",")
    let policy = draft.policy
    cells.writePrefix(policy: policy.index, to: &out)
    if let record = draft.recordBytes {
      CSVText.append(buffer: record, to: &out)
    } else {
      CSVText.append(draft.record, to: &out)
    }
    out.append(comma)
    let kind = policy.actions[0].kind
    if let party = draft.partyBytes, kind != .flag {
      CSVText.append(buffer: party, to: &out)
      out.append(comma)
      out.append(kind.rawValue)
      out.append(comma)
      CSVText.append(buffer: party, to: &out)
    } else {
      let (party, target) = draft.parties()
      if let party { CSVText.append(party, to: &out) }
      out.append(comma)
      out.append(kind.rawValue)
      out.append(comma)
      if let target { CSVText.append(target, to: &out) }
    }
    out.append(comma)
    out.append(policy.severity.rawValue)
    out.append(comma)
    if let open = draft.open { out.append(open ? "true" : "false") }
    out.append(comma)
    guard let site = draft.site else {
      // Nothing measured: no measured value or threshold; nor, for a plain violation, a
      // window, sample, escalation or time at risk.
      out.append(",,,,,")
      return
    }
    let start = out.count
    if let length = draft.measuredDuration {
      cells.writeMeasurement(site: site, length: length, to: &out)
    } else {
      _ = draft.writeMeasured(to: &out)
    }
    CSVText.seal(from: start, in: &out)
    out.append(comma)
    cells.writeThreshold(site: site, to: &out)
    out.append(",,,,")
  }
}

/// The parts of a violation's line that depend only on the policy, prepared once for an
/// audit's listing: per record policy what comes before the record (`policy,location,` as
/// CSV cells, `{"policy":…,"record":` or `location: policy [severity] `), and per comparison
/// site the measurement's label and clock and the threshold (a CSV cell, a JSON value or
/// ` > 48h`).
struct PreparedCells: Sendable {
  /// Every prepared part's bytes, one after the other.
  private let bytes: [UInt8]
  /// By policy index: what comes before the record.
  private let prefixes: [Range<Int>]
  /// By group policy index: what comes before the group.
  private let groupPrefixes: [Range<Int>]
  /// By site: `label ` or `label open for ` (a bare state), raw.
  private let labels: [Range<Int>]
  /// By site: ` business (clock)`, raw, or nothing.
  private let clocks: [Range<Int>]
  /// By site: `labels` and `clocks` as the parts of one CSV cell (quoted, neutralised) or
  /// inside of a JSON string (escaped) before and after a length: the length's own bytes
  /// never need it, so that the cell needs no `CSVText.seal` or `JSONText.seal` after.
  private let sealedLabels: [Range<Int>]
  private let sealedClocks: [Range<Int>]
  /// By site: the threshold as a CSV cell (`> 48h`), a JSON value (`"> 48h"`, `null`) or
  /// after a space (` > 48h`).
  private let thresholds: [Range<Int>]

  /// The parts of `program`'s violations in `format`.
  init(_ program: Program, format: ReportFormat) {
    var bytes: [UInt8] = []
    func part(_ write: (inout [UInt8]) -> Void) -> Range<Int> {
      let start = bytes.count
      write(&bytes)
      return start..<bytes.count
    }
    func prefix(name: String, location: String, severity: String) -> Range<Int> {
      part { out in
        switch format {
        case .csv:
          CSVText.append(name, to: &out)
          out.append(UInt8(ascii: ","))
          CSVText.append(location, to: &out)
          out.append(UInt8(ascii: ","))
        case .json:
          out.append(contentsOf: "{\"policy\":".utf8)
          JSONText.append(name, to: &out)
          out.append(contentsOf: ",\"location\":".utf8)
          JSONText.append(location, to: &out)
          out.append(contentsOf: ",\"record\":".utf8)
        case .text:
          out.append(contentsOf: "\(location):".utf8)
          if name != location { out.append(contentsOf: " \(name)".utf8) }
          out.append(contentsOf: " [\(severity)] ".utf8)
        }
      }
    }
    var prefixes = [Range<Int>](repeating: 0..<0, count: program.policies.count)
    for policy in program.policies where policy.index >= 0 {
      prefixes[policy.index] = prefix(
        name: policy.name, location: policy.location, severity: policy.severity.rawValue)
    }
    self.prefixes = prefixes
    var groupPrefixes = [Range<Int>](repeating: 0..<0, count: program.groupPolicies.count)
    for policy in program.groupPolicies {
      groupPrefixes[policy.index] = prefix(
        name: policy.name, location: policy.location, severity: policy.severity.rawValue)
    }
    self.groupPrefixes = groupPrefixes
    labels = program.sites.indices.map { site in
      part {
        $0.append(contentsOf: program.sites[site].label.utf8)
        $0.append(contentsOf: (program.thresholds[site] == nil ? " open for " : " ").utf8)
      }
    }
    clocks = program.sites.map { site in
      part { if let clock = site.clock { $0.append(contentsOf: " business (\(clock))".utf8) } }
    }
    thresholds = program.thresholds.map { threshold in
      part { out in
        switch (format, threshold) {
        case (.csv, let threshold?): CSVText.append(threshold, to: &out)
        case (.json, let threshold): JSONText.append(threshold, to: &out)
        case (.text, let threshold?): out.append(contentsOf: " \(threshold)".utf8)
        case (_, nil): break
        }
      }
    }
    var sealedLabels: [Range<Int>] = []
    var sealedClocks: [Range<Int>] = []
    for site in program.sites.indices {
      let (before, after) = Self.sealed(
        Array(bytes[labels[site]]), Array(bytes[clocks[site]]), format)
      sealedLabels.append(part { $0 += before })
      sealedClocks.append(part { $0 += after })
    }
    self.sealedLabels = sealedLabels
    self.sealedClocks = sealedClocks
    self.bytes = bytes
  }

  /// A raw `label` and `clock` as the parts of one cell or string in `format` before and
  /// after a length (digits and `d`, `h`, `m`, `s`, `-`), as sealing the whole would write
  /// them: for CSV quoted and with their quotes doubled when they hold a comma, quote or line
  /// break, and an apostrophe first when the label begins a formula; for JSON escaped.
  private static func sealed(
    _ label: [UInt8], _ clock: [UInt8], _ format: ReportFormat
  ) -> (before: [UInt8], after: [UInt8]) {
    switch format {
    case .text:
      return (label, clock)
    case .json:
      func inside(_ part: [UInt8]) -> [UInt8] {
        var string: [UInt8] = []
        JSONText.append(buffer: part, to: &string)
        return Array(string.dropFirst().dropLast())
      }
      return (inside(label), inside(clock))
    case .csv:
      let quote = UInt8(ascii: "\"")
      let quoted = (label + clock).withUnsafeBufferPointer { TextScan.containsCSVSpecial($0) }
      func doubled(_ part: [UInt8]) -> [UInt8] {
        quoted ? part.flatMap { $0 == quote ? [quote, quote] : [$0] } : part
      }
      var before: [UInt8] = quoted ? [quote] : []
      if let first = label.first, CSVText.startsFormula(first) {
        before.append(UInt8(ascii: "'"))
      }
      return (before + doubled(label), doubled(clock) + (quoted ? [quote] : []))
    }
  }

  /// Appends the bytes of `range`.
  @inline(__always)
  private func write(_ range: Range<Int>, to out: inout ByteBuffer) {
    bytes.withUnsafeBufferPointer { all in
      out.append(bytes: UnsafeBufferPointer(rebasing: all[range]))
    }
  }

  /// Appends what comes before the record in a violation of the record policy numbered
  /// `policy`.
  func writePrefix(policy: Int, to out: inout ByteBuffer) {
    write(prefixes[policy], to: &out)
  }

  /// Appends what comes before the group in a violation of the group policy numbered
  /// `groupPolicy`.
  func writePrefix(groupPolicy: Int, to out: inout ByteBuffer) {
    write(groupPrefixes[groupPolicy], to: &out)
  }

  /// Appends the measurement of a length `length` at `site`, raw, as `Measurement.write`.
  func writeMeasurement(site: Int, length: Int64, to out: inout ByteBuffer) {
    write(labels[site], to: &out)
    DurationFormat.append(length, to: &out)
    write(clocks[site], to: &out)
  }

  /// Appends the measurement of a length `length` at `site` as one CSV cell or the inside of
  /// a JSON string (raw in text), as `writeMeasurement` then `CSVText.seal` or
  /// `JSONText.seal` would, when the site's label is not empty; false, with nothing
  /// appended, when it is (a negative length would begin the cell).
  func writeSealedMeasurement(site: Int, length: Int64, to out: inout ByteBuffer) -> Bool {
    guard !labels[site].isEmpty else { return false }
    write(sealedLabels[site], to: &out)
    DurationFormat.append(length, to: &out)
    write(sealedClocks[site], to: &out)
    return true
  }

  /// Appends the threshold of `site`.
  func writeThreshold(site: Int, to out: inout ByteBuffer) {
    write(thresholds[site], to: &out)
  }
}
