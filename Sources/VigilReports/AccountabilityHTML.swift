import VigilCore
import VigilEvaluation
import VigilSyntax

/// Renders the accountability report as one self-contained HTML5 page: inline CSS, inline
/// SVG charts (each with its data as a table behind it) and an inline script that sorts and
/// filters the tables; nothing is fetched. Readable on screen from 700 px wide, and printed
/// one party per page. Every name and text that comes from records or policies is escaped.
package enum AccountabilityHTML {
  package typealias Row = AccountabilityReport.Row

  /// The page for `report`, titled `title`. The output depends only on the report (its only
  /// date is the report's `now`), so rendering twice gives the same bytes.
  package static func render(
    _ report: AccountabilityReport, title: String = "Vigil accountability report"
  ) -> String {
    var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    out += "<title>\(escape(title))</title>\n<style>\n\(style)</style>\n</head>\n<body>\n<main>\n"
    out += header(report, title: title)
    out += contents(report) + reading
    out += "<section id=\"parties\">\n<h2>By accountable party</h2>\n"
    out +=
      violationsChart(report.parties) + rowsTable(report.parties, kind: .party) + "</section>\n"
    if !report.teams.isEmpty {
      out += "<section id=\"teams\">\n<h2>By team</h2>\n" + rowsTable(report.teams, kind: .team)
      out += "</section>\n"
    }
    if !report.managers.isEmpty {
      out += "<section id=\"managers\">\n<h2>By manager</h2>\n"
      out += "<p class=\"note\">Each manager answers for everyone below them, the teams they "
      out += "lead (and everyone below their leads), and themselves.</p>\n"
      out += rowsTable(report.managers, kind: .manager) + "</section>\n"
    }
    out += "<section id=\"policies\">\n<h2>By policy</h2>\n"
    out += complianceChart(report.policies) + policyTable(report.policies) + "</section>\n"
    if !report.cycles.isEmpty {
      out += "<section id=\"cycles\">\n<h2>By cycle</h2>\n" + cycleTable(report.cycles)
      out += "</section>\n"
    }
    if !report.holders.isEmpty {
      out += "<section id=\"holders\">\n<h2>By holder</h2>\n" + holderTable(report.holders)
      out += "</section>\n"
    }
    if !report.pauses.isEmpty {
      out += "<section id=\"pauses\">\n<h2>Dishonest pauses</h2>\n" + pauseTable(report.pauses)
      out += "</section>\n"
    }
    out += unaddressed(report) + trends(report.trends, policies: report.policies)
    out += problems(report)
    out += units(report)
    return out + "</main>\n<script>\n\(script)</script>\n</body>\n</html>\n"
  }

  /// `text` with `& < > " '` replaced by entities, safe in element content and attributes.
  package static func escape(_ text: String) -> String {
    if let escaped = asASCII(
      text,
      { byte, out in
        switch byte {
        case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
        default: out.append(byte)
        }
      })
    {
      return escaped
    }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  /// A party's name as shown: an empty one as `""`.
  package static func shown(_ name: String) -> String { name.isEmpty ? "\"\"" : name }

  // MARK: - Header

  package static func header(_ report: AccountabilityReport, title: String) -> String {
    let counts = report.counts
    let items = [
      ("records audited", counts.audited), ("rejected", counts.rejected),
      ("violations", counts.violations), ("open", counts.open),
      ("undetermined", counts.undetermined), ("at risk", counts.atRisk),
      ("data errors", counts.dataErrors), ("groups with not enough data", counts.notEnoughData),
      ("dishonest pauses", counts.dishonestPauses),
    ]
    var out = "<header>\n<h1>\(escape(title))</h1>\n"
    out += "<p class=\"asof\">as of \(escape(TimeParsing.formatISO8601(report.now)))</p>\n"
    out += "<ul class=\"counts\">\n"
    for (label, count) in items {
      out += "<li><b>\(ReadableValues.count(count))</b>\(label)</li>\n"
    }
    out += "</ul>\n"
    if let provenance = report.summary.provenance {
      out += provenanceList(provenance, now: report.now)
    }
    if !report.summary.warnings.isEmpty {
      out += "<section class=\"warnings\"><h2>Warnings about the data</h2>\n<ol>\n"
      for warning in report.summary.warnings {
        out += "<li><code>\(escape(warning.code.rawValue))</code> \(escape(warning.message))"
        if !warning.policies.isEmpty {
          out += " (read by \(escape(warning.policies.joined(separator: ", "))))"
        }
        out += "</li>\n"
      }
      out += "</ol></section>\n"
    }
    return out + "</header>\n"
  }

  /// Where the report came from, as a definition list.
  package static func provenanceList(_ provenance: AuditProvenance, now: Int64) -> String {
    let time = escape(TimeParsing.formatISO8601(now))
    var out = "<dl class=\"provenance\">\n"
    out += "<dt>Vigil</dt><dd>\(escape(provenance.version))</dd>\n"
    out += "<dt>As of</dt><dd>\(time) (\(escape(provenance.nowSource.description)))</dd>\n"
    let policies = provenance.policies
    out += "<dt>Policies</dt><dd>sha256 <code>\(policies.sha256)</code> of "
    out += "\(policies.files.count) \(policies.files.count == 1 ? "file" : "files"):<ul>"
    for file in policies.files {
      out += "<li>\(breakable(escape(file.path)))"
      out += file.kind == .policy ? "</li>" : " (\(file.kind.rawValue))</li>"
    }
    out += "</ul></dd>\n"
    for file in provenance.data {
      out += "<dt>Data</dt><dd>\(breakable(escape(file.description)))</dd>\n"
    }
    if let directory = provenance.directory {
      out += "<dt>Directory</dt><dd>\(breakable(escape(directory.description)))</dd>\n"
    }
    if let generated = provenance.generatedAt {
      out += "<dt>Generated</dt><dd>\(escape(TimeParsing.formatISO8601(generated)))</dd>\n"
    }
    return out + "</dl>\n"
  }

  /// Links to the page's sections.
  static func contents(_ report: AccountabilityReport) -> String {
    var links = [("parties", "By party")]
    if !report.teams.isEmpty { links.append(("teams", "By team")) }
    if !report.managers.isEmpty { links.append(("managers", "By manager")) }
    links.append(("policies", "By policy"))
    if !report.cycles.isEmpty { links.append(("cycles", "By cycle")) }
    if !report.holders.isEmpty { links.append(("holders", "By holder")) }
    if !report.pauses.isEmpty { links.append(("pauses", "Dishonest pauses")) }
    if !report.unaddressed.isEmpty { links.append(("unaddressed", "Without a party")) }
    if !report.trends.isEmpty { links.append(("trends", "Trends")) }
    links.append(("problems", "Data errors"))
    links.append(("each", "Each party"))
    let items = links.map { "<li><a href=\"#\($0.0)\">\($0.1)</a></li>" }.joined()
    return "<nav aria-label=\"Contents\"><ul class=\"toc\">\(items)</ul></nav>\n"
  }

  /// What the numbers mean (Grammar.md, "Scope and compliance").
  static let reading = """
    <details class="reading"><summary>How to read the numbers</summary>
    <p><b>In scope</b>: the records (groups, cases) a policy is about — its selecting tests \
    other than the measured one, else every record whose condition is known. Each is \
    <b>met</b>, <b>violated</b> (open, closed, or undetermined when no state decided it), or \
    <b>pending</b>: not broken yet, but a state the policy measures is still open; \
    <b>at risk</b> ones are pending past the policy’s warning. <b>Compliance</b> = met ÷ \
    (met + violated), given with its denominator (“93.8% of 1,000”), to two decimals; \
    pending ones are left out of it. A party’s, team’s or manager’s compliance is \
    <b>pooled</b> over its policies (sums of met and violated); each policy’s own rate is \
    in the party’s section. Durations are rounded down for reading (61h12m, 6d 5h, \
    6,165d); a cell’s tooltip has the exact value.</p></details>

    """

  // MARK: - Sections

  /// Why some violations have no party, policy by policy.
  static func unaddressed(_ report: AccountabilityReport) -> String {
    let notes = report.unaddressed
    guard !notes.isEmpty else { return "" }
    var out = "<section id=\"unaddressed\">\n<h2>Violations without a party</h2>\n<ul>\n"
    for note in notes {
      out += "<li><strong>\(escape(shown(note.party)))</strong>: "
      out += ReadableValues.count(note.violations)
      out += " of <code>\(escape(note.policy))</code> — \(escape(note.why))</li>\n"
    }
    return out + "</ul>\n</section>\n"
  }

  /// The first data errors and rejected lines, as a filterable table.
  static func problems(_ report: AccountabilityReport) -> String {
    let counts = report.counts
    var out = "<section id=\"problems\">\n<h2>Data errors and rejected lines</h2>\n"
    out += "<p class=\"note\">\(ReadableValues.count(counts.dataErrors)) data errors and "
    out += "\(ReadableValues.count(counts.rejected)) rejected lines"
    if report.problems.count < counts.dataErrors + counts.rejected {
      out += "; the first \(ReadableValues.count(report.problems.count)) are listed (--errors "
      out += "FILE lists every one)"
    }
    out += ".</p>\n"
    var table = HTMLTable(
      caption: "Data errors and rejected lines", id: "problems-table",
      columns: [
        .init("where"), .init("kind"), .init("record"), .init("policy"), .init("field"),
        .init("what"),
      ])
    table.filterable = true
    table.filterLabel = "Filter the errors"
    for event in report.problems {
      switch event {
      case .rejected(let rejection):
        table.rows.append(
          [.init("\(rejection.input):\(rejection.line)"), .init("rejected")]
            + [.init(""), .init(""), .init(""), .init(rejection.reason)])
      case .dataError(let error):
        let place = error.line == 0 ? "group" : "\(error.input):\(error.line)"
        table.rows.append(
          [.init(place), .init("data error"), .init(error.record), .init(error.policy)]
            + [.init(error.error.field), .init(error.error.message)])
      default: break
      }
    }
    return out + (table.rows.isEmpty ? "" : table.html) + "</section>\n"
  }

  /// A section per party (then team and manager): its policies, and a party's violations.
  static func units(_ report: AccountabilityReport) -> String {
    var out = "<section id=\"each\">\n<h2>Each party</h2>\n"
    for (index, row) in report.parties.enumerated() {
      out += unit(row, id: "party-\(index)", kind: "party", report: report)
    }
    for (index, row) in report.teams.enumerated() {
      out += unit(row, id: "team-\(index)", kind: "team", report: report)
    }
    for (index, row) in report.managers.enumerated() {
      out += unit(row, id: "manager-\(index)", kind: "manager", report: report)
    }
    return out + "</section>\n"
  }

  static func unit(_ row: Row, id: String, kind: String, report: AccountabilityReport)
    -> String
  {
    let name = escape(shown(row.name))
    var out = "<section class=\"unit\" id=\"\(id)\">\n<h3>\(kind == "party" ? "" : kind + " ")"
    out += "\(name)" + (row.team.map { " <span class=\"team\">(\(escape($0)))</span>" } ?? "")
    out += "</h3>\n<p class=\"note\">"
    out += "\(ReadableValues.count(row.violations)) violations (\(ReadableValues.count(row.open)) "
    out += "open, \(ReadableValues.count(row.closed)) closed, "
    out += "\(ReadableValues.count(row.undetermined)) undetermined); compliance pooled over "
    out += "\(row.policyCount) \(row.policyCount == 1 ? "policy" : "policies"): "
    out += "\(escape(ReadableValues.rate(row.compliance, of: row.judged)))"
    if kind != "party" && !row.members.isEmpty {
      out += "; counts \(escape(row.members.map(shown).joined(separator: ", ")))"
    }
    let severities = zip(Severity.allCases, row.bySeverity).filter { $0.1 > 0 }
    if !severities.isEmpty {
      out += "; by severity: "
      out += severities.map { "\(ReadableValues.count($1)) \($0.rawValue)" }.joined(separator: ", ")
    }
    let label = (kind == "party" ? "" : kind + " ") + shown(row.name)
    out += ".</p>\n"
    if kind == "party", row.isNoParty || row.name.isEmpty {
      // Why no one answers for these: the policies, and why each named no party.
      let notes = report.unaddressed.filter { $0.party == row.name }
      for note in notes {
        out += "<p class=\"note\">\(ReadableValues.count(note.violations)) of "
        out += "<code>\(escape(note.policy))</code>: \(escape(note.why)).</p>\n"
      }
    }
    out += shareTable(row, label: label, id: id, report: report)
    if kind == "party" { out += violationsTable(row, id: id) }
    return out + "</section>\n"
  }

  // MARK: - Helpers

  /// Escaped `html` that may wrap after `_` and `/`, so long identifiers fit their column.
  package static func breakable(_ html: String) -> String {
    if let broken = asASCII(
      html,
      { byte, out in
        out.append(byte)
        if byte == UInt8(ascii: "_") || byte == UInt8(ascii: "/") {
          out.append(contentsOf: "<wbr>".utf8)
        }
      })
    {
      return broken
    }
    var out = ""
    for character in html {
      out.append(character)
      if character == "_" || character == "/" { out += "<wbr>" }
    }
    return out
  }

  /// For a text of ASCII (each byte a character of its own, a line end's `\r\n` aside,
  /// which no rewrite here touches), `text` rewritten byte by byte by `rewrite`, with no
  /// character made: the same as rewriting its characters, at a tenth of the cost (a
  /// listed violation's cells are escaped and broken). Nil for any other text.
  private static func asASCII(
    _ text: String, _ rewrite: (UInt8, inout [UInt8]) -> Void
  ) -> String? {
    var text = text
    return text.withUTF8 { bytes -> String? in
      guard TextBytes.isASCII(bytes) else { return nil }
      var out: [UInt8] = []
      out.reserveCapacity(bytes.count + 8)
      for byte in bytes { rewrite(byte, &out) }
      return String(decoding: out, as: UTF8.self)
    }
  }

  package static func percent(_ fraction: Double?) -> String {
    fraction.map { Measurement.percentText($0) } ?? "–"
  }

  /// A coordinate with at most one decimal, the same on every platform.
  package static func n(_ value: Double) -> String {
    Operations.formatNumber((value * 10).rounded() / 10)
  }
}
