import VigilCore
import VigilEvaluation
import VigilSyntax

/// The HTML report's bar charts, each a figure with its data as a table behind it.
extension AccountabilityHTML {
  /// At most this many parties in the violations chart, trend charts per policy.
  package static let maxParties = 20
  package static let maxGroups = 12

  /// Low to critical: light to dark (YlOrBr), so the order survives printing in grey.
  package static let severityColors = ["#fed976", "#fd8d3c", "#d94701", "#7f2704"]
  package static let barColor = "#2c6e9b"

  /// Stacked bars of each party's violations by severity, with a legend. When one party has
  /// more than three times the next, the scale is the next one's and its bar is cut (a gap
  /// and its count), so it does not flatten the rest.
  package static func violationsChart(_ parties: [Row]) -> String {
    let charted = parties.filter { $0.violations > 0 }
    guard !charted.isEmpty else { return "<p class=\"note\">No violations.</p>\n" }
    let drawn = Array(charted.prefix(maxParties))
    let (barX, barWidth, rowHeight, top) = (200.0, 470.0, 22.0, 34.0)
    let counts = drawn.map(\.violations)
    let cut = counts.count > 1 && counts[0] > 3 * counts[1]
    let most = Double(cut ? counts[1] : counts[0]) * (cut ? 1.25 : 1)
    var svg = "<figure>\n<figcaption>Violations per accountable party, by severity"
    if charted.count > maxParties {
      svg += " <span>(the \(maxParties) with the most, of \(charted.count) with violations)</span>"
    }
    svg += "</figcaption>\n"
    svg += svgOpen(
      width: 760, height: top + Double(drawn.count) * rowHeight + 6,
      label: "Violations per accountable party, by severity; the table below has the numbers")
    for (index, severity) in Severity.allCases.enumerated() {
      let x = barX + Double(index) * 110
      svg += "<rect x=\"\(n(x))\" y=\"6\" width=\"14\" height=\"14\" "
      svg += "fill=\"\(severityColors[index])\" stroke=\"#1a1a1a\" stroke-width=\"0.5\"/>"
      svg += "<text x=\"\(n(x + 20))\" y=\"18\">\(severity.rawValue)</text>\n"
    }
    for (index, row) in drawn.enumerated() {
      let y = top + Double(index) * rowHeight
      svg += label(shown(row.name), x: barX - 8, y: y + 15, limit: 27)
      var x = barX
      let scale = min(1, most / Double(row.violations)) / most * barWidth
      for (level, count) in row.bySeverity.enumerated() where count > 0 {
        let width = Double(count) * scale
        svg += "<rect x=\"\(n(x))\" y=\"\(n(y + 3))\" width=\"\(n(width))\" height=\"16\" "
        svg += "fill=\"\(severityColors[level])\" stroke=\"#1a1a1a\" stroke-width=\"0.5\">"
        let what = "\(count) \(Severity.allCases[level].rawValue)"
        svg += "<title>\(escape(shown(row.name))): \(what)</title></rect>"
        x += width
      }
      if Double(row.violations) > most {
        // The cut: a white gap across the bar, its end past the scale.
        svg += "<path d=\"M\(n(x - 24)) \(n(y + 1))l6 20M\(n(x - 18)) \(n(y + 1))l6 20\" "
        svg += "stroke=\"#fff\" stroke-width=\"4\"/>"
      }
      svg += "<text x=\"\(n(x + 6))\" y=\"\(n(y + 15))\">\(ReadableValues.count(row.violations))"
      svg += Double(row.violations) > most ? " (bar cut)</text>\n" : "</text>\n"
    }
    svg += "</svg>\n"
    var table = HTMLTable(
      caption: "The chart's data", id: "violations-chart-data",
      columns: [.init("party")] + Severity.allCases.map { .init($0.rawValue, numeric: true) }
        + [.init("violations", numeric: true)])
    table.sortable = false
    for row in drawn {
      table.rows.append(
        [.init(shown(row.name))] + row.bySeverity.map(HTMLTable.Cell.count)
          + [.count(row.violations)])
    }
    return svg + chartData(table) + "</figure>\n"
  }

  /// Each policy's compliance as a bar from 0 to 100%, with the rate, its denominator and
  /// the pending ones as text.
  package static func complianceChart(_ policies: [AccountabilityReport.PolicyRow]) -> String {
    guard !policies.isEmpty else { return "" }
    let (barX, barWidth, rowHeight, top) = (200.0, 300.0, 22.0, 6.0)
    let bottom = top + Double(policies.count) * rowHeight
    var svg = "<figure>\n<figcaption>Compliance per policy: met ÷ (met + violated)</figcaption>\n"
    svg += svgOpen(
      width: 760, height: bottom + 20,
      label: "Compliance per policy, from 0 to 100 percent; the table below has the numbers")
    for tick in 0...4 {
      let x = n(barX + Double(tick) / 4 * barWidth)
      svg += "<line x1=\"\(x)\" y1=\"\(n(top))\" x2=\"\(x)\" y2=\"\(n(bottom))\" stroke=\"#bbb\"/>"
      svg += "<text class=\"small muted\" x=\"\(x)\" y=\"\(n(bottom + 14))\" "
      svg += "text-anchor=\"middle\">\(tick * 25)%</text>\n"
    }
    for (index, policy) in policies.enumerated() {
      let y = top + Double(index) * rowHeight
      let totals = policy.totals
      svg += label(policy.name, x: barX - 8, y: y + 15, limit: 27)
      svg += "<rect x=\"\(n(barX))\" y=\"\(n(y + 3))\" width=\"\(n(barWidth))\" height=\"16\" "
      svg += "fill=\"#000\" fill-opacity=\"0.06\"/>"
      var text = ReadableValues.rate(policy.compliance, of: totals.met + totals.violated)
      if let compliance = policy.compliance {
        svg += "<rect x=\"\(n(barX))\" y=\"\(n(y + 3))\" width=\"\(n(compliance * barWidth))\" "
        svg += "height=\"16\" fill=\"\(barColor)\"><title>\(escape(policy.name)): "
        svg += "\(escape(text))</title></rect>"
      } else {
        text = "– (none met or violated)"
      }
      if totals.pending > 0 { text += ", \(ReadableValues.count(totals.pending)) pending" }
      svg += "<text x=\"\(n(barX + barWidth + 8))\" y=\"\(n(y + 15))\">\(escape(text))</text>\n"
    }
    svg += "</svg>\n"
    var table = HTMLTable(
      caption: "The chart's data", id: "compliance-chart-data",
      columns: [.init("policy")]
        + ["met", "violated", "pending", "compliance"].map { .init($0, numeric: true) })
    table.sortable = false
    for policy in policies {
      let totals = policy.totals
      table.rows.append(
        [.init(policy.name), .count(totals.met), .count(totals.violated), .count(totals.pending)]
          + [rate(policy.compliance, of: totals.met + totals.violated)])
    }
    return svg + chartData(table) + "</figure>\n"
  }

  /// A chart's data table, folded under the chart (a screen reader reaches it).
  static func chartData(_ table: HTMLTable) -> String {
    "<details class=\"data\"><summary>The chart’s data as a table</summary>\n"
      + table.html + "</details>\n"
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
}
