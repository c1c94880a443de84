import VigilCore
import VigilEvaluation
import VigilSyntax

/// Writes the accountability report as text (aligned tables), JSON (one object) or CSV (a
/// row per fact about the audit, then one per party, team, manager and policy). Each says
/// where it came from (``AuditSummary``). HTML has a writer of its own.
package struct AccountabilityWriter: Sendable {
  package let format: ReportFormat

  /// A writer for `format` (text, json or csv).
  package init(format: ReportFormat) {
    self.format = format
  }

  /// The whole report.
  package func write(_ report: AccountabilityReport) -> String {
    switch format {
    case .text: return text(report)
    case .json: return json(report)
    case .csv: return csv(report)
    }
  }

  // MARK: - Text

  package func text(_ report: AccountabilityReport) -> String {
    let counts = report.counts
    var out = "Accountability as of \(TimeParsing.formatISO8601(report.now)): "
    out +=
      "\(counts.audited) records audited, \(counts.rejected) rejected, \(counts.violationsText), "
      + "\(counts.dataErrors) data errors\n"
    let provenance = report.summary.provenanceText
    if !provenance.isEmpty { out += "\n" + provenance }
    let warnings = report.summary.warnings
    if !warnings.isEmpty {
      out += "\nWarnings about the data\n"
      out += warnings.map { "  " + $0.rendered(asError: false) }.joined()
    }
    out += "\nBy accountable party\n"
    out += table(rowsHeader, report.parties.map(rowCells))
    if !report.teams.isEmpty {
      out += "\nBy team\n" + table(rowsHeader, report.teams.map(rowCells))
    }
    if !report.managers.isEmpty {
      out += "\nBy manager (everyone below them, and themselves)\n"
      out += table(rowsHeader, report.managers.map(rowCells))
    }
    out += "\nBy policy\n"
    out += table(
      ["policy", "severity", "violations", "in scope", "met", "compliance"],
      report.policies.map { policy in
        [
          policy.name, policy.severity.rawValue, "\(policy.violations)", "\(policy.inScope)",
          "\(policy.met)", percent(policy.compliance),
        ]
      })
    if !report.trends.isEmpty {
      out += "\nTrends\n"
      for trend in report.trends {
        let points = trend.points.map { "\($0.window) \($0.value == nil ? "–" : $0.shown)" }
        out += "  \(trend.policy) \(trend.group.isEmpty ? "" : trend.group + ": ")"
        out += points.joined(separator: ", ") + "\n"
      }
    }
    return out
  }

  private var rowsHeader: [String] {
    [
      "name", "violations", "open", "closed", "undetermined", "low", "medium", "high", "critical",
      "compliance",
      "oldest open",
    ]
  }

  private func rowCells(_ row: AccountabilityReport.Row) -> [String] {
    [
      row.name, "\(row.violations)", "\(row.open)", "\(row.closed)", "\(row.undetermined)",
      "\(row.bySeverity[0])",
      "\(row.bySeverity[1])", "\(row.bySeverity[2])", "\(row.bySeverity[3])",
      percent(row.compliance),
      row.oldestOpen.map { "\($0.policy) \($0.record)" + ($0.measured.map { " (\($0))" } ?? "") }
        ?? "",
    ]
  }

  /// Columns padded to their widest cell; numbers right-aligned.
  private func table(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    var out = ""
    for row in all {
      var line = "  "
      for (column, cell) in row.enumerated() {
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        let numeric = column > 0 && cell.first.map { $0.isNumber || $0 == "–" } ?? false
        line += numeric ? padding + cell : cell + padding
        if column < row.count - 1 { line += "  " }
      }
      while line.last == " " { line.removeLast() }
      out += line + "\n"
    }
    return out
  }

  private func percent(_ fraction: Double?) -> String {
    fraction.map { Measurement.percentText($0) } ?? "–"
  }

  // MARK: - JSON

  package func json(_ report: AccountabilityReport) -> String {
    var out = "{\"parties\":["
    out += report.parties.map { rowJSON($0, key: "party") }.joined(separator: ",")
    out += "],\"teams\":["
    out += report.teams.map { rowJSON($0, key: "team") }.joined(separator: ",")
    out += "],\"managers\":["
    out += report.managers.map { rowJSON($0, key: "manager") }.joined(separator: ",")
    out += "],\"policies\":["
    out += report.policies.map { policy in
      "{\"policy\":\(JSONText.quote(policy.name)),\"severity\":\"\(policy.severity.rawValue)\","
        + "\"violations\":\(policy.violations),\"in_scope\":\(policy.inScope),"
        + "\"met\":\(policy.met),\"compliance\":\(number(policy.compliance))}"
    }.joined(separator: ",")
    out += "],\"trends\":["
    out += report.trends.map { trend in
      let series = trend.points.map { point in
        "{\"window\":\(JSONText.quote(point.window)),\"value\":\(number(point.value)),"
          + "\"shown\":\(JSONText.quote(point.shown))}"
      }
      return "{\"policy\":\(JSONText.quote(trend.policy)),\"group\":\(JSONText.quote(trend.group)),"
        + "\"series\":[\(series.joined(separator: ","))]}"
    }.joined(separator: ",")
    out += "],\"audit\":\(report.summary.json)}\n"
    return out
  }

  private func rowJSON(_ row: AccountabilityReport.Row, key: String) -> String {
    var out = "{\"\(key)\":\(JSONText.quote(row.name))"
    if key == "party" {
      out += ",\"team\":" + (row.team.map(JSONText.quote) ?? "null")
    }
    out += ",\"violations\":\(row.violations),\"open\":\(row.open),\"closed\":\(row.closed)"
    out += ",\"undetermined\":\(row.undetermined)"
    let policies = row.byPolicy.keys.sorted { Operations.textOrder($0, $1) < 0 }
    out += ",\"by_policy\":{"
    out += policies.map { "\(JSONText.quote($0)):\(row.byPolicy[$0] ?? 0)" }.joined(separator: ",")
    out += "},\"by_severity\":{"
    out += Severity.allCases.enumerated().map { "\"\($1.rawValue)\":\(row.bySeverity[$0])" }
      .joined(separator: ",")
    out += "},\"oldest_open\":"
    if let oldest = row.oldestOpen {
      out +=
        "{\"policy\":\(JSONText.quote(oldest.policy)),\"record\":\(JSONText.quote(oldest.record)),"
      out += "\"measured\":" + (oldest.measured.map(JSONText.quote) ?? "null") + "}"
    } else {
      out += "null"
    }
    out +=
      ",\"in_scope\":\(row.inScope),\"met\":\(row.met),\"compliance\":\(number(row.compliance))"
    if key != "party" {
      out += ",\"members\":[" + row.members.map(JSONText.quote).joined(separator: ",") + "]"
    }
    return out + "}"
  }

  private func number(_ value: Double?) -> String {
    value.map { Operations.formatNumber($0) } ?? "null"
  }

  // MARK: - CSV

  /// The CSV report's columns. Rows of kind `audit` come first, one per fact of the audit
  /// (where it came from, its totals): the fact's name in `name`, its value in `value`.
  package static let csvColumns = [
    "kind", "name", "team", "violations", "open", "closed", "undetermined", "low", "medium", "high",
    "critical",
    "in_scope", "met", "compliance", "oldest_open_policy", "oldest_open_record",
    "oldest_open_measured", "value",
  ]

  package func csv(_ report: AccountabilityReport) -> String {
    var rows = [AccountabilityWriter.csvColumns]
    // The audit first, a row per fact: its name, and its value in the last column.
    let blank = Array(repeating: "", count: AccountabilityWriter.csvColumns.count - 3)
    for (key, value) in report.summary.keyValues {
      rows.append(["audit", key] + blank + [value])
    }
    for (kind, list) in [
      ("party", report.parties), ("team", report.teams), ("manager", report.managers),
    ] {
      for row in list {
        rows.append(
          [
            kind, row.name, row.team ?? "", "\(row.violations)", "\(row.open)", "\(row.closed)",
            "\(row.undetermined)",
          ] + row.bySeverity.map(String.init) + [
            "\(row.inScope)", "\(row.met)",
            number(row.compliance).replacingOccurrences(of: "null", with: ""),
            row.oldestOpen?.policy ?? "", row.oldestOpen?.record ?? "",
            row.oldestOpen?.measured ?? "", "",
          ])
      }
    }
    for policy in report.policies {
      rows.append(
        [
          "policy", policy.name, "", "\(policy.violations)", "", "", "", "", "", "", "",
          "\(policy.inScope)", "\(policy.met)",
          number(policy.compliance).replacingOccurrences(of: "null", with: ""), "", "", "", "",
        ])
    }
    return rows.map { $0.map(CSVText.cell).joined(separator: ",") + "\r\n" }.joined()
  }
}
