import VigilCore
import VigilEvaluation
import VigilSyntax

/// Renders the accountability report as one self-contained HTML5 page: inline CSS and inline
/// SVG charts, no scripts and nothing fetched, readable on screen and printable. Every name and
/// text that comes from records or policies is escaped.
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
    out += "<h2>Violations per accountable party</h2>\n" + violationsChart(report.parties)
    let teams = report.parties.contains { $0.team != nil }
    out += "<h2>By accountable party</h2>\n" + rowsTable(report.parties, withTeam: teams)
    if !report.teams.isEmpty {
      out += "<h2>By team</h2>\n" + rowsTable(report.teams, withTeam: false)
    }
    if !report.managers.isEmpty {
      out += "<h2>By manager (everyone below them, and themselves)</h2>\n"
      out += rowsTable(report.managers, withTeam: false)
    }
    out += "<h2>By policy</h2>\n" + complianceChart(report.policies) + policyTable(report.policies)
    out += trends(report.trends)
    return out + "</main>\n</body>\n</html>\n"
  }

  /// `text` with `& < > " '` replaced by entities, safe in element content and attributes.
  package static func escape(_ text: String) -> String {
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

  /// At most this many parties in the violations chart, trend charts per policy.
  package static let maxParties = 20
  package static let maxGroups = 12

  /// Low to critical: light to dark (YlOrBr), so the order survives printing in grey.
  package static let severityColors = ["#fed976", "#fd8d3c", "#d94701", "#7f2704"]
  package static let barColor = "#2c6e9b"

  package static let style = """
    *{box-sizing:border-box}
    body{margin:0;color:#1a1a1a;background:#fff;
    font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
    main{max-width:1200px;margin:0 auto;padding:24px 32px 48px}
    h1{font-size:24px;margin:0 0 2px}
    h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid #1a1a1a}
    h3{font-size:15px;margin:20px 0 6px}
    .asof,.note{color:#555}
    .provenance{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:13px;
    color:#333;margin:12px 0 0}
    .provenance dt{font-weight:600}
    .provenance dd{margin:0;overflow-wrap:anywhere}
    .provenance ul{margin:0;padding-left:18px}
    .note{font-size:13px;margin:4px 0 8px}
    .counts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:12px 0 0}
    .counts li{border:1px solid #ccc;border-radius:6px;padding:6px 12px;min-width:130px}
    .counts b{display:block;font-size:20px;font-variant-numeric:tabular-nums}
    .wrap{overflow-x:auto}
    table{border-collapse:collapse;width:100%;font-size:13px}
    th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
    th{background:#eee;border-bottom:2px solid #888;font-weight:600;white-space:nowrap}
    th.group{text-align:center;border-bottom:1px solid #bbb}
    th[rowspan]{vertical-align:bottom}
    td{overflow-wrap:break-word}
    .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    tbody tr:nth-child(even){background:#f7f7f7}
    svg{display:block;max-width:100%;height:auto;margin:4px 0 8px}
    svg text{font-family:system-ui,sans-serif;font-size:12px;fill:#1a1a1a}
    svg .small{font-size:10px}
    svg .muted{fill:#555}
    .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:8px 24px}
    figure{margin:0}
    .grid svg{width:100%}
    figcaption{font-weight:600;font-size:13px;overflow-wrap:anywhere}
    figcaption span{font-weight:400;color:#555;margin-left:4px}
    svg,th,tr,.counts li{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    @media print{@page{margin:12mm} body{font-size:11px} main{max-width:none;padding:0}
    .wrap{overflow:visible} table{font-size:10px} h2,h3{break-after:avoid}
    tr,figure,svg{break-inside:avoid} thead{display:table-header-group}}

    """

  // MARK: - Header

  package static func header(_ report: AccountabilityReport, title: String) -> String {
    let counts = report.counts
    let items = [
      ("records audited", counts.audited), ("rejected", counts.rejected),
      ("violations", counts.violations), ("open", counts.open),
      ("undetermined", counts.undetermined), ("data errors", counts.dataErrors),
      ("groups with not enough data", counts.notEnoughData),
    ]
    var out = "<header>\n<h1>\(escape(title))</h1>\n"
    out += "<p class=\"asof\">as of \(escape(TimeParsing.formatISO8601(report.now)))</p>\n"
    out += "<ul class=\"counts\">\n"
    for (label, count) in items { out += "<li><b>\(count)</b>\(label)</li>\n" }
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
    return out + "</dl>\n"
  }

  // MARK: - Tables

  package static func rowsTable(_ rows: [Row], withTeam: Bool) -> String {
    let header =
      ["name"] + (withTeam ? ["team"] : [])
      + ["violations", "open", "closed", "undetermined"]
      + ["low", "medium", "high", "critical", "compliance"]
      + ["policy", "record", "measured"]
    let first = withTeam ? 2 : 1
    let numeric = Set(first..<first + 9)
    let groups = [("by severity", first + 4, 4), ("oldest open breach", first + 9, 3)]
    let cells = rows.map { row in
      [row.name] + (withTeam ? [row.team ?? ""] : [])
        + ["\(row.violations)", "\(row.open)", "\(row.closed)", "\(row.undetermined)"]
        + row.bySeverity.map(String.init)
        + [percent(row.compliance)]
        + [
          row.oldestOpen?.policy ?? "", row.oldestOpen?.record ?? "",
          row.oldestOpen?.measured ?? "",
        ]
    }
    return table(header, cells, numeric: numeric, groups: groups)
  }

  package static func policyTable(_ policies: [AccountabilityReport.PolicyRow]) -> String {
    let cells = policies.map { policy in
      [
        policy.name, policy.severity.rawValue, "\(policy.violations)", "\(policy.inScope)",
        "\(policy.met)", percent(policy.compliance),
      ]
    }
    let header = ["policy", "severity", "violations", "in scope", "met", "compliance"]
    return table(header, cells, numeric: Set(2..<6))
  }

  /// A table of escaped cells; the columns in `numeric` are right-aligned. Each group
  /// (title, first column, count) heads its columns from a row above the header.
  package static func table(
    _ header: [String], _ rows: [[String]], numeric: Set<Int>,
    groups: [(String, Int, Int)] = []
  ) -> String {
    guard !rows.isEmpty else { return "<p class=\"note\">None.</p>\n" }
    func cls(_ column: Int) -> String { numeric.contains(column) ? " class=\"num\"" : "" }
    let grouped = Set(groups.flatMap { $0.1..<$0.1 + $0.2 })
    let span = groups.isEmpty ? "" : " rowspan=\"2\""
    var out = "<div class=\"wrap\"><table>\n<thead><tr>"
    var lower = ""
    for (column, name) in header.enumerated() {
      let cell = "<th scope=\"col\"\(cls(column))"
      if let group = groups.first(where: { $0.1 == column }) {
        out += "<th scope=\"colgroup\" colspan=\"\(group.2)\" class=\"group\">\(group.0)</th>"
      }
      if grouped.contains(column) {
        lower += "\(cell)>\(escape(name))</th>"
      } else {
        out += "\(cell)\(span)>\(escape(name))</th>"
      }
    }
    out += lower.isEmpty ? "</tr>" : "</tr>\n<tr>\(lower)</tr>"
    out += "</thead>\n<tbody>\n"
    for row in rows {
      out += "<tr>"
      for (column, cell) in row.enumerated() {
        out += "<td\(cls(column))>\(breakable(escape(cell)))</td>"
      }
      out += "</tr>\n"
    }
    return out + "</tbody>\n</table></div>\n"
  }

  /// Escaped `html` that may wrap after `_` and `/`, so long identifiers fit their column.
  package static func breakable(_ html: String) -> String {
    var out = ""
    for character in html {
      out.append(character)
      if character == "_" || character == "/" { out += "<wbr>" }
    }
    return out
  }

  package static func percent(_ fraction: Double?) -> String {
    fraction.map { Measurement.percentText($0) } ?? "–"
  }

  // MARK: - Charts

  /// Stacked bars of each party's violations by severity, with a legend.
  package static func violationsChart(_ parties: [Row]) -> String {
    let charted = parties.filter { $0.violations > 0 }
    guard !charted.isEmpty else { return "<p class=\"note\">No violations.</p>\n" }
    let shown = charted.prefix(maxParties)
    let (barX, barWidth, rowHeight, top) = (240.0, 640.0, 22.0, 34.0)
    let most = Double(shown.map(\.violations).max() ?? 1)
    var svg = svgOpen(
      width: 960, height: top + Double(shown.count) * rowHeight + 6,
      label: "Violations per accountable party, by severity")
    for (index, severity) in Severity.allCases.enumerated() {
      let x = barX + Double(index) * 110
      svg += "<rect x=\"\(n(x))\" y=\"6\" width=\"14\" height=\"14\" "
      svg += "fill=\"\(severityColors[index])\" stroke=\"#1a1a1a\" stroke-width=\"0.5\"/>"
      svg += "<text x=\"\(n(x + 20))\" y=\"18\">\(severity.rawValue)</text>\n"
    }
    for (index, row) in shown.enumerated() {
      let y = top + Double(index) * rowHeight
      svg += label(row.name, x: barX - 8, y: y + 15, limit: 34)
      var x = barX
      for (level, count) in row.bySeverity.enumerated() where count > 0 {
        let width = Double(count) / most * barWidth
        svg += "<rect x=\"\(n(x))\" y=\"\(n(y + 3))\" width=\"\(n(width))\" height=\"16\" "
        svg += "fill=\"\(severityColors[level])\" stroke=\"#1a1a1a\" stroke-width=\"0.5\">"
        let what = "\(count) \(Severity.allCases[level].rawValue)"
        svg += "<title>\(escape(row.name)): \(what)</title></rect>"
        x += width
      }
      svg += "<text x=\"\(n(x + 6))\" y=\"\(n(y + 15))\">\(row.violations)</text>\n"
    }
    svg += "</svg>\n"
    if charted.count > maxParties {
      svg += "<p class=\"note\">Showing the \(maxParties) parties with the most violations, "
      svg += "of \(charted.count) with violations.</p>\n"
    }
    return svg
  }

  /// Each policy's compliance as a bar from 0 to 100%, with the percentage as text.
  package static func complianceChart(_ policies: [AccountabilityReport.PolicyRow]) -> String {
    guard !policies.isEmpty else { return "" }
    let (barX, barWidth, rowHeight, top) = (240.0, 600.0, 22.0, 6.0)
    let bottom = top + Double(policies.count) * rowHeight
    var svg = svgOpen(
      width: 960, height: bottom + 20, label: "Compliance per policy, from 0 to 100 percent")
    for tick in 0...4 {
      let x = n(barX + Double(tick) / 4 * barWidth)
      svg += "<line x1=\"\(x)\" y1=\"\(n(top))\" x2=\"\(x)\" y2=\"\(n(bottom))\" stroke=\"#bbb\"/>"
      svg += "<text class=\"small muted\" x=\"\(x)\" y=\"\(n(bottom + 14))\" "
      svg += "text-anchor=\"middle\">\(tick * 25)%</text>\n"
    }
    for (index, policy) in policies.enumerated() {
      let y = top + Double(index) * rowHeight
      svg += label(policy.name, x: barX - 8, y: y + 15, limit: 34)
      svg += "<rect x=\"\(n(barX))\" y=\"\(n(y + 3))\" width=\"\(n(barWidth))\" height=\"16\" "
      svg += "fill=\"#000\" fill-opacity=\"0.06\"/>"
      let text = percent(policy.compliance)
      if let compliance = policy.compliance {
        svg += "<rect x=\"\(n(barX))\" y=\"\(n(y + 3))\" width=\"\(n(compliance * barWidth))\" "
        svg += "height=\"16\" fill=\"\(barColor)\"><title>\(escape(policy.name)): "
        svg += "\(policy.met) of \(policy.inScope) met (\(text))</title></rect>"
      }
      svg += "<text x=\"\(n(barX + barWidth + 8))\" y=\"\(n(y + 15))\">\(text)</text>\n"
    }
    svg += "</svg>\n"
    if policies.contains(where: { $0.compliance == nil }) {
      svg += "<p class=\"note\">– : nothing was in the policy’s scope.</p>\n"
    }
    return svg
  }

  /// A section per policy with trends: a small line chart per group.
  package static func trends(_ trends: [AccountabilityReport.Trend]) -> String {
    guard !trends.isEmpty else { return "" }
    var order: [String] = []
    var byPolicy: [String: [AccountabilityReport.Trend]] = [:]
    for trend in trends {
      if byPolicy[trend.policy] == nil { order.append(trend.policy) }
      byPolicy[trend.policy, default: []].append(trend)
    }
    var out = "<h2>Trends</h2>\n"
    for policy in order {
      let groups = byPolicy[policy] ?? []
      out += "<h3>\(escape(policy))</h3>\n<div class=\"grid\">\n"
      for trend in groups.prefix(maxGroups) { out += trendChart(trend) }
      out += "</div>\n"
      if groups.count > maxGroups {
        out += "<p class=\"note\">Showing \(maxGroups) of \(groups.count) groups.</p>\n"
      }
    }
    return out
  }

  /// One group's values window by window: a line broken where there was not enough data.
  package static func trendChart(_ trend: AccountabilityReport.Trend) -> String {
    let group = trend.group.isEmpty ? "(all records)" : trend.group
    var out = "<figure>\n<figcaption>\(escape(group))"
    if let latest = trend.points.last(where: { $0.value != nil }) {
      out += " <span>latest \(escape(latest.shown)) in \(escape(latest.window))</span>"
    }
    out += "</figcaption>\n"
    out += svgOpen(width: 340, height: 150, label: "\(trend.policy), \(group): value per window")
    out += TrendPlot(points: trend.points).svg + "</svg>\n"
    let missing = trend.points.filter { $0.value == nil }.map(\.window)
    if !missing.isEmpty {
      let listed = missing.prefix(4).map(escape).joined(separator: ", ")
      let more = missing.count > 4 ? " and \(missing.count - 4) more" : ""
      out += "<p class=\"note\">Not enough data (grey marks) in \(missing.count) of "
      out += "\(trend.points.count) windows: \(listed)\(more).</p>\n"
    }
    return out + "</figure>\n"
  }

  /// The inside of a trend chart: reference lines at the lowest and highest values (labelled as
  /// shown), the line, a dot per value (its window and value as a tooltip), grey marks along
  /// the bottom for windows without enough data, and window names below.
  package struct TrendPlot {
    package typealias Point = (window: String, value: Double?, shown: String)
    package let points: [Point]
    package let left = 84.0
    package let right = 326.0
    package let top = 14.0
    package let bottom = 120.0
    package let low: Double
    package let high: Double
    package let floor: Double
    package let ceiling: Double

    package init(points: [Point]) {
      self.points = points
      let values = points.compactMap(\.value)
      low = values.min() ?? 0
      high = values.max() ?? 1
      let span = high > low ? high - low : max(abs(high), 1)
      floor = low - span * 0.15
      ceiling = high + span * 0.2
    }

    package var spacing: Double {
      points.count < 2 ? 24 : (right - left - 24) / Double(points.count - 1)
    }
    package func x(_ index: Int) -> Double {
      points.count < 2 ? (left + right) / 2 : left + 12 + Double(index) * spacing
    }
    package func y(_ value: Double) -> Double {
      bottom - (value - floor) / (ceiling - floor) * (bottom - top)
    }

    package var svg: String {
      var out = "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(right - left))\" "
      out += "height=\"\(n(bottom - top))\" fill=\"none\" stroke=\"#ccc\"/>\n"
      out += references + gaps + line + dots + windows
      if !points.contains(where: { $0.value != nil }) {
        out +=
          "<text class=\"muted\" x=\"\(n((left + right) / 2))\" y=\"\(n((top + bottom) / 2))\" "
        out += "text-anchor=\"middle\">not enough data in any window</text>\n"
      }
      return out
    }

    package var references: String {
      var out = ""
      for extreme in Set([low, high]).sorted() {
        guard let point = points.first(where: { $0.value == extreme }) else { continue }
        out += "<line x1=\"\(n(left))\" y1=\"\(n(y(extreme)))\" x2=\"\(n(right))\" "
        out += "y2=\"\(n(y(extreme)))\" stroke=\"#bbb\" stroke-dasharray=\"3 3\"/>"
        out += label(point.shown, x: left - 5, y: y(extreme) + 4, limit: 12, cls: "small muted")
        out += "\n"
      }
      return out
    }

    package var gaps: String {
      var out = ""
      for (index, point) in points.enumerated() where point.value == nil {
        let from = max(left, x(index) - max(spacing, 2) / 2)
        let to = min(right, x(index) + max(spacing, 2) / 2)
        out += "<rect x=\"\(n(from))\" y=\"\(n(bottom - 5))\" width=\"\(n(to - from))\" "
        out += "height=\"5\" fill=\"#aaa\"><title>"
        out += "\(escape(point.window)): not enough data</title></rect>\n"
      }
      return out
    }

    package var line: String {
      var path = ""
      var drawing = false
      for (index, point) in points.enumerated() {
        guard let value = point.value else {
          drawing = false
          continue
        }
        path += "\(drawing ? "L" : "M")\(n(x(index))) \(n(y(value)))"
        drawing = true
      }
      guard !path.isEmpty else { return "" }
      return "<path d=\"\(path)\" fill=\"none\" stroke=\"\(barColor)\" stroke-width=\"2\"/>\n"
    }

    /// Dots with tooltips; with few windows each value is also written above its dot.
    package var dots: String {
      var out = ""
      for (index, point) in points.enumerated() {
        guard let value = point.value else { continue }
        out += "<circle cx=\"\(n(x(index)))\" cy=\"\(n(y(value)))\" "
        out += "r=\"\(points.count > 40 ? 2 : 3)\" fill=\"\(barColor)\"><title>"
        out += "\(escape(point.window)): \(escape(point.shown))</title></circle>"
        if points.count <= 6 {
          out += "<text class=\"small\" x=\"\(n(x(index)))\" y=\"\(n(y(value) - 7))\" "
          out += "text-anchor=\"middle\">\(escape(clip(point.shown, 12)))</text>"
        }
        out += "\n"
      }
      return out
    }

    package var windows: String {
      var out = ""
      let long = points.contains { $0.window.count > 7 }
      let labels = long ? 3 : 4
      let step = max(1, (points.count + labels - 1) / labels)
      for index in stride(from: 0, to: points.count, by: step) {
        out += "<text class=\"small muted\" x=\"\(n(x(index)))\" y=\"\(n(bottom + 14))\" "
        out += "text-anchor=\"middle\">\(escape(clip(points[index].window, 12)))</text>\n"
      }
      return out
    }
  }

  // MARK: - SVG helpers

  package static func svgOpen(width: Double, height: Double, label: String) -> String {
    "<svg role=\"img\" aria-label=\"\(escape(label))\" "
      + "width=\"\(n(width))\" height=\"\(n(height))\" "
      + "viewBox=\"0 0 \(n(width)) \(n(height))\">\n"
  }

  /// Right-aligned text ending at `x`, clipped to `limit` characters; the whole text as a
  /// tooltip when clipped.
  package static func label(
    _ text: String, x: Double, y: Double, limit: Int, cls: String? = nil
  ) -> String {
    let clipped = clip(text, limit)
    var out = "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"end\""
    out += cls.map { " class=\"\($0)\">" } ?? ">"
    if clipped != text { out += "<title>\(escape(text))</title>" }
    return out + escape(clipped) + "</text>"
  }

  /// `text` cut to `limit` characters, ending in an ellipsis when cut.
  package static func clip(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
  }

  /// A coordinate with at most one decimal, the same on every platform.
  package static func n(_ value: Double) -> String {
    Operations.formatNumber((value * 10).rounded() / 10)
  }
}
