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
      + "\(counts.dataErrors) data errors"
      + (counts.dishonestPauses > 0
        ? ", \(counts.dishonestPauses) dishonest pause" + (counts.dishonestPauses == 1 ? "" : "s")
        : "") + "\n"
    let provenance = report.summary.provenanceText
    if !provenance.isEmpty { out += "\n" + provenance }
    let warnings = report.summary.warnings
    if !warnings.isEmpty {
      out += "\nWarnings about the data\n"
      out += warnings.map { "  " + $0.rendered(asError: false) }.joined()
    }
    out += "\nBy accountable party (compliance pooled over each party's policies)\n"
    out += table(rowsHeader, report.parties.map(rowCells))
    if !report.teams.isEmpty {
      out += "\nBy team\n" + table(rowsHeader, report.teams.map(rowCells))
    }
    if !report.managers.isEmpty {
      out += "\nBy manager (everyone below them, the teams they lead, and themselves)\n"
      out += table(rowsHeader, report.managers.map(rowCells))
    }
    out += "\nBy policy\n"
    out += table(
      ["policy", "severity", "scope"] + shareHeader,
      report.policies.map { policy in
        [policy.name, policy.severity.rawValue, policy.scope]
          + shareCells(policy.totals)
      })
    if !report.cycles.isEmpty { out += cyclesText(report.cycles) }
    if !report.holders.isEmpty { out += holdersText(report.holders) }
    if !report.pauses.isEmpty { out += pausesText(report.pauses) }
    out += "\nBy party and policy\n"
    out += table(
      ["party", "policy"] + shareHeader,
      report.parties.flatMap { row in
        row.shares.map { [AccountabilityWriter.shown(row.name), $0.policy] + shareCells($0) }
      })
    let notes = report.unaddressed
    if !notes.isEmpty {
      out += "\nViolations without a party\n"
      for note in notes {
        out += "  \(TextLine.escaped(AccountabilityWriter.shown(note.party))): "
        out += "\(note.violations) of \(note.policy): "
        out += note.why + "\n"
      }
    }
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

  /// A party's name as reports show it: an empty one as `""`.
  package static func shown(_ name: String) -> String { name.isEmpty ? "\"\"" : name }

  /// A rate with its denominator: `40% of 5`, `–` for none.
  package static func rate(_ fraction: Double?, of count: Int) -> String {
    fraction.map { "\(Measurement.percentText($0)) of \(count)" } ?? "–"
  }

  private var shareHeader: [String] {
    [
      "in scope", "met", "violated", "open", "closed", "undetermined", "pending", "at risk",
      "compliance",
    ]
  }

  private func shareCells(_ share: PolicyShare) -> [String] {
    [
      "\(share.inScope)", "\(share.met)", "\(share.violations)", "\(share.open)",
      "\(share.closed)", "\(share.undetermined)", "\(share.pending)", "\(share.atRisk)",
      AccountabilityWriter.rate(share.compliance, of: share.met + share.violated),
    ]
  }

  private var rowsHeader: [String] {
    [
      "name", "violations", "open", "closed", "undetermined", "low", "medium", "high", "critical",
      "in scope", "met", "pending", "at risk", "pooled compliance", "oldest open",
    ]
  }

  private func rowCells(_ row: AccountabilityReport.Row) -> [String] {
    [
      AccountabilityWriter.shown(row.name), "\(row.violations)", "\(row.open)", "\(row.closed)",
      "\(row.undetermined)", "\(row.bySeverity[0])", "\(row.bySeverity[1])",
      "\(row.bySeverity[2])", "\(row.bySeverity[3])", "\(row.inScope)", "\(row.met)",
      "\(row.pending)", "\(row.atRisk)", AccountabilityWriter.rate(row.compliance, of: row.judged),
      row.oldestOpen.map { "\($0.policy) \($0.record)" + ($0.measured.map { " (\($0))" } ?? "") }
        ?? "",
    ]
  }

  /// Columns padded to their widest cell; numbers right-aligned; a cell's control characters
  /// escaped (`TextLine`), so that a name with a line break keeps to its row (`TextTable`).
  func table(_ header: [String], _ rows: [[String]]) -> String {
    TextTable.render(header, rows)
  }

  private func percent(_ fraction: Double?) -> String {
    fraction.map { Measurement.percentText($0) } ?? "–"
  }

  // MARK: - JSON

  /// The policies judged per cycle, as a table: which cycles each judges, the cases (or
  /// records) ever breached and breached in their last cycle, and the breaches of each cycle.
  private func cyclesText(_ rows: [AccountabilityReport.CycleRow]) -> String {
    let width = rows.map(\.tally.breaches.count).max() ?? 0
    let counted = AccountabilityReport.CycleRow.counted(rows)
    let header =
      [
        "policy", "judges", "\(AccountabilityReport.CycleRow.countedPlural(rows)) ever breached",
        "breached in last cycle",
      ]
      + (0..<width).map { "cycle \($0 + 1)" }
    let cells = rows.map { row in
      [row.policy, row.judges, "\(row.tally.everBreached)", "\(row.tally.lastBreached)"]
        + (0..<width).map {
          row.tally.breaches.indices.contains($0) ? "\(row.tally.breaches[$0])" : "0"
        }
    }
    return
      "\nBy cycle (breaches of each cycle judged; a \(counted) counts once among those ever "
      + "breached)\n"
      + table(header, cells)
  }

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
        + "\"scope\":\(JSONText.quote(policy.scope)),"
        + "\"party\":\(policy.partyText.map(JSONText.quote) ?? "null"),"
        + shareJSON(policy.totals) + "}"
    }.joined(separator: ",")
    out += "],\"unaddressed\":["
    out += report.unaddressed.map { note in
      "{\"party\":\(JSONText.quote(note.party)),\"policy\":\(JSONText.quote(note.policy)),"
        + "\"violations\":\(note.violations),\"why\":\(JSONText.quote(note.why))}"
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
    out += "]"
    if !report.cycles.isEmpty {
      out += ",\"cycles\":["
      out += report.cycles.map { row in
        "{\"policy\":\(JSONText.quote(row.policy)),\"judges\":\"\(row.judges)\","
          + "\"ever_breached\":\(row.tally.everBreached),"
          + "\"last_cycle_breached\":\(row.tally.lastBreached),"
          + "\"breaches_by_cycle\":[\(row.tally.breaches.map(String.init).joined(separator: ","))]}"
      }.joined(separator: ",")
      out += "]"
    }
    if !report.holders.isEmpty { out += ",\"holders\":" + holdersJSON(report.holders) }
    if !report.pauses.isEmpty { out += ",\"pauses\":" + pausesJSON(report.pauses) }
    out += ",\"audit\":\(report.summary.json)}\n"
    return out
  }

  /// A share's counts and compliance, as JSON members (no braces).
  private func shareJSON(_ share: PolicyShare) -> String {
    "\"in_scope\":\(share.inScope),\"met\":\(share.met),\"violated\":\(share.violated),"
      + "\"violations\":\(share.violations),\"open\":\(share.open),\"closed\":\(share.closed),"
      + "\"undetermined\":\(share.undetermined),\"pending\":\(share.pending),"
      + "\"at_risk\":\(share.atRisk),\"compliance\":\(number(share.compliance)),"
      + "\"compliance_of\":\(share.met + share.violated)"
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
    out += ",\"in_scope\":\(row.inScope),\"met\":\(row.met),\"violated\":\(row.violated)"
    out += ",\"pending\":\(row.pending),\"at_risk\":\(row.atRisk)"
    out += ",\"pooled_compliance\":\(number(row.compliance)),\"pooled_compliance_of\":\(row.judged)"
    out += ",\"pooled_over_policies\":\(row.policyCount)"
    out +=
      ",\"policies\":["
      + row.shares.map {
        "{\"policy\":\(JSONText.quote($0.policy)),"
          + shareJSON($0) + "}"
      }.joined(separator: ",") + "]"
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
  /// (where it came from, its totals): the fact's name in `name`, its value in `value`. Then
  /// rows of kind party, team and manager (their compliance pooled over their policies),
  /// policy, and party_policy (a party's share of a policy, the policy in `policy`).
  package static let csvColumns = [
    "kind", "name", "team", "policy", "violations", "open", "closed", "undetermined", "low",
    "medium", "high", "critical", "in_scope", "met", "violated", "pending", "at_risk",
    "compliance", "compliance_of", "oldest_open_policy", "oldest_open_record",
    "oldest_open_measured", "value",
  ]

  package func csv(_ report: AccountabilityReport) -> String {
    var rows = [AccountabilityWriter.csvColumns]
    // The audit first, a row per fact: its name, and its value in the last column.
    let blank = Array(repeating: "", count: AccountabilityWriter.csvColumns.count - 3)
    for (key, value) in report.summary.keyValues {
      rows.append(["audit", key] + blank + [value])
    }
    let noSeverity = ["", "", "", ""]
    for (kind, list) in [
      ("party", report.parties), ("team", report.teams), ("manager", report.managers),
    ] {
      for row in list {
        rows.append(
          [
            kind, row.name, row.team ?? "", "", "\(row.violations)", "\(row.open)",
            "\(row.closed)", "\(row.undetermined)",
          ] + row.bySeverity.map(String.init) + [
            "\(row.inScope)", "\(row.met)", "\(row.violated)", "\(row.pending)", "\(row.atRisk)",
            csvNumber(row.compliance), "\(row.judged)",
            row.oldestOpen?.policy ?? "", row.oldestOpen?.record ?? "",
            row.oldestOpen?.measured ?? "", "",
          ])
      }
    }
    for policy in report.policies {
      rows.append(["policy", policy.name, "", ""] + shareCSV(policy.totals, noSeverity))
    }
    for row in report.parties {
      for share in row.shares {
        rows.append(
          ["party_policy", row.name, row.team ?? "", share.policy] + shareCSV(share, noSeverity))
      }
    }
    // A policy judged per cycle: a row per count, its value in the last column.
    let cycleBlank = Array(repeating: "", count: AccountabilityWriter.csvColumns.count - 5)
    for row in report.cycles {
      let counts =
        [
          ("judges", row.judges), ("ever breached", "\(row.tally.everBreached)"),
          ("breached in last cycle", "\(row.tally.lastBreached)"),
        ]
        + row.tally.breaches.enumerated().map { ("cycle \($0.offset + 1)", "\($0.element)") }
      for (name, value) in counts {
        rows.append(["cycles", name, "", row.policy] + cycleBlank + [value])
      }
    }
    rows += holdersCSV(report.holders)
    rows += pausesCSV(report.pauses)
    return rows.map { $0.map(CSVText.cell).joined(separator: ",") + "\r\n" }.joined()
  }

  private func shareCSV(_ share: PolicyShare, _ noSeverity: [String]) -> [String] {
    ["\(share.violations)", "\(share.open)", "\(share.closed)", "\(share.undetermined)"]
      + noSeverity + [
        "\(share.inScope)", "\(share.met)", "\(share.violated)", "\(share.pending)",
        "\(share.atRisk)", csvNumber(share.compliance), "\(share.met + share.violated)", "", "",
        "", "",
      ]
  }

  private func csvNumber(_ value: Double?) -> String {
    value.map { Operations.formatNumber($0) } ?? ""
  }
}
