import VigilCore
import VigilEvaluation

/// The HTML report's trends: per windowed group policy, a small line chart per group, on one
/// scale and the same windows for every group of the policy, breaches marked, the groups
/// that broke the policy first shown first; the values as a table behind them.
extension AccountabilityHTML {
  /// A section per policy with trends.
  package static func trends(
    _ trends: [AccountabilityReport.Trend], policies: [AccountabilityReport.PolicyRow] = []
  ) -> String {
    guard !trends.isEmpty else { return "" }
    var order: [String] = []
    var byPolicy: [String: [AccountabilityReport.Trend]] = [:]
    for trend in trends {
      if byPolicy[trend.policy] == nil { order.append(trend.policy) }
      byPolicy[trend.policy, default: []].append(trend)
    }
    var out = "<section id=\"trends\">\n<h2>Trends</h2>\n"
    out += "<p class=\"note\">Each policy’s groups share one scale and the same windows; "
    out += "a red triangle marks a window where the group broke the policy, grey marks one "
    out += "without enough data, a red dashed line the policy’s threshold. Groups that broke "
    out += "it first come first.</p>\n"
    for (number, policy) in order.enumerated() {
      let row = policies.first { $0.name == policy }
      let quantity = row?.trendQuantity ?? "value"
      let groups = relevant(aligned(byPolicy[policy] ?? [])).map { tested($0, quantity) }
      let threshold = row?.trendThreshold
      let values = groups.flatMap { $0.points.compactMap(\.value) } + (threshold.map { [$0] } ?? [])
      // Shares are shown as percentages: so is the scale.
      let percent = groups.allSatisfy { trend in
        trend.points.allSatisfy { $0.value == nil || $0.shown.hasSuffix("%") }
      }
      out += "<h3>\(escape(policy))"
      if quantity != "value" {
        out += " <span class=\"note\">\(quantity) from the previous window</span>"
      }
      if let threshold {
        out += " <span class=\"note\">threshold \(scaleText(threshold, percent: percent))</span>"
      }
      out += "</h3>\n<div class=\"grid\">\n"
      for trend in groups.prefix(maxGroups) {
        var plot = TrendPlot(
          points: trend.points, breached: trend.breached, low: values.min(), high: values.max())
        plot.threshold = threshold
        plot.percent = percent
        out += trendChart(trend, plot: plot)
      }
      out += "</div>\n"
      if groups.count > maxGroups {
        out += "<p class=\"note\">Showing \(maxGroups) of \(groups.count) groups.</p>\n"
      }
      out += trendData(Array(groups.prefix(maxGroups)), id: "trend-\(number)-data")
    }
    return out + "</section>\n"
  }

  /// The trends of one policy on the same windows: every window any group has.
  static func aligned(_ trends: [AccountabilityReport.Trend]) -> [AccountabilityReport.Trend] {
    let windows = Set(trends.flatMap { $0.points.map(\.window) }).sorted()
    return trends.map { trend in
      var aligned = trend
      aligned.points = windows.map { window in
        trend.points.first { $0.window == window } ?? (window, nil, "")
      }
      aligned.breached = windows.map { window in
        guard let index = trend.points.firstIndex(where: { $0.window == window }) else {
          return false
        }
        return index < trend.breached.count && trend.breached[index]
      }
      return aligned
    }
  }

  /// The quantity the policy tests, window by window: the value itself, or its drop or rise
  /// from the window before (none for the first window, or after one without a value).
  package static func tested(_ trend: AccountabilityReport.Trend, _ quantity: String)
    -> AccountabilityReport.Trend
  {
    guard quantity == "drop" || quantity == "rise" else { return trend }
    var out = trend
    let percent = trend.points.contains { $0.shown.hasSuffix("%") }
    out.points = trend.points.enumerated().map { index, point in
      guard index > 0, let now = point.value, let before = trend.points[index - 1].value else {
        return (point.window, nil, "")
      }
      let change = quantity == "drop" ? before - now : now - before
      let shown = percent ? Measurement.percentText(change) : Operations.formatNumber(change)
      return (point.window, change, shown)
    }
    return out
  }

  /// Groups that broke the policy first, then the others, each by name.
  static func relevant(_ trends: [AccountabilityReport.Trend]) -> [AccountabilityReport.Trend] {
    trends.enumerated().sorted { a, b in
      let first = (a.element.breached.firstIndex(of: true) ?? Int.max, a.offset)
      let second = (b.element.breached.firstIndex(of: true) ?? Int.max, b.offset)
      return first < second
    }.map(\.element)
  }

  /// One group's values window by window: a line broken where there was not enough data.
  package static func trendChart(
    _ trend: AccountabilityReport.Trend, plot: TrendPlot? = nil
  ) -> String {
    let group = trend.group.isEmpty ? "(all records)" : trend.group
    var out = "<figure>\n<figcaption>\(escape(group))"
    if let latest = trend.points.last(where: { $0.value != nil }) {
      out += " <span>latest \(escape(latest.shown)) in \(escape(latest.window))</span>"
    }
    out += "</figcaption>\n"
    out += svgOpen(width: 340, height: 150, label: "\(trend.policy), \(group): value per window")
    out += (plot ?? TrendPlot(points: trend.points, breached: trend.breached)).svg
    out += "</svg>\n"
    let missing = trend.points.filter { $0.value == nil }.map(\.window)
    if !missing.isEmpty {
      let listed = missing.prefix(4).map(escape).joined(separator: ", ")
      let more = missing.count > 4 ? " and \(missing.count - 4) more" : ""
      out += "<p class=\"note\">Not enough data (grey marks) in \(missing.count) of "
      out += "\(trend.points.count) windows: \(listed)\(more).</p>\n"
    }
    return out + "</figure>\n"
  }

  /// A value of a trend's scale: a percentage for shares, else the number, to two decimals.
  static func scaleText(_ value: Double, percent: Bool) -> String {
    percent
      ? Measurement.percentText(value) : Operations.formatNumber((value * 100).rounded() / 100)
  }

  /// The values the charts of a policy draw, one row per group and window.
  static func trendData(_ trends: [AccountabilityReport.Trend], id: String) -> String {
    var table = HTMLTable(
      caption: "The charts’ data", id: id,
      columns: [.init("group"), .init("window"), .init("value", numeric: true), .init("broke it")])
    table.sortable = false
    for trend in trends {
      for (index, point) in trend.points.enumerated() {
        let broke = index < trend.breached.count && trend.breached[index]
        table.rows.append([
          .init(trend.group.isEmpty ? "(all records)" : trend.group), .init(point.window),
          .init(point.value == nil ? "not enough data" : point.shown), .init(broke ? "yes" : ""),
        ])
      }
    }
    return chartData(table)
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

    /// Per point, whether the group broke the policy in that window.
    package let breached: [Bool]
    /// The policy's threshold, drawn as a line; whether values are shares (percentages).
    package var threshold: Double?
    package var percent = false

    /// A plot of `points` on a scale from `low` to `high` (every group of a policy alike).
    package init(points: [Point], breached: [Bool] = [], low: Double? = nil, high: Double? = nil) {
      self.points = points
      self.breached = breached
      let values = points.compactMap(\.value)
      self.low = low ?? values.min() ?? 0
      self.high = high ?? values.max() ?? 1
      let span = self.high > self.low ? self.high - self.low : max(abs(self.high), 1)
      floor = self.low - span * 0.15
      ceiling = self.high + span * 0.2
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
      out += references + thresholdLine + gaps + line + dots + windows
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
        let shown = scaleText(extreme, percent: percent)
        out += "<line x1=\"\(n(left))\" y1=\"\(n(y(extreme)))\" x2=\"\(n(right))\" "
        out += "y2=\"\(n(y(extreme)))\" stroke=\"#bbb\" stroke-dasharray=\"3 3\"/>"
        out += label(shown, x: left - 5, y: y(extreme) + 4, limit: 12, cls: "small muted")
        out += "\n"
      }
      return out
    }

    /// The threshold as a red dashed line, labelled at its right end.
    package var thresholdLine: String {
      guard let threshold else { return "" }
      let at = n(y(threshold))
      return "<line x1=\"\(n(left))\" y1=\"\(at)\" x2=\"\(n(right))\" y2=\"\(at)\" "
        + "stroke=\"#b2182b\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"><title>threshold "
        + "\(scaleText(threshold, percent: percent))</title></line>\n"
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
        let (cx, cy) = (x(index), y(value))
        if index < breached.count && breached[index] {
          // A breach: a red triangle, not only a colour.
          out += "<path d=\"M\(n(cx)) \(n(cy - 6))l5 9h-10z\" fill=\"#b2182b\"><title>"
          out += "\(escape(point.window)): \(escape(point.shown)), broke the policy</title></path>"
        } else {
          out += "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" "
          out += "r=\"\(points.count > 40 ? 2 : 3)\" fill=\"\(barColor)\"><title>"
          out += "\(escape(point.window)): \(escape(point.shown))</title></circle>"
        }
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
        // A week is named by its first day (the tooltip and the table have its whole name).
        let window = points[index].window
        let short = window.hasPrefix("week of ") ? String(window.dropFirst(8)) : window
        out += "text-anchor=\"middle\"><title>\(escape(window))</title>"
        out += "\(escape(clip(short, 12)))</text>\n"
      }
      return out
    }
  }
}
