import Foundation
import Testing
import VigilEvaluation
import VigilReports

@testable import Vigil

/// The HTML accountability report: one self-contained, escaped, deterministic page.
///
/// Set `VIGIL_HTML_OUT` to a path to write the sample page there (to look at it in a browser,
/// or render it with `examples/render_html.sh`).
@Suite("Accountability HTML")
struct AccountabilityHTMLTests {
  static let hostile = "<script>alert(\"x\")</script> & 'co'"
  static let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"

  /// A party with `violations` split over the severities, some open.
  static func party(_ name: String, team: String?, _ bySeverity: [Int], inScope: Int, met: Int)
    -> AccountabilityReport.Row
  {
    var row = AccountabilityReport.Row(name: name, team: team)
    row.isNoParty = name == AccountabilityReport.noParty
    row.bySeverity = bySeverity
    row.violations = bySeverity.reduce(0, +)
    row.open = row.violations / 2
    var share = PolicyShare(policy: "first_response")
    (share.met, share.violated, share.violations) = (met, inScope - met, inScope - met)
    row.shares = [share]
    if row.open > 0 {
      row.oldestOpen = ("first_response", "T-\(1000 + row.violations)", "\(row.violations * 7)h")
    }
    return row
  }

  /// Monthly values for a group, with gaps (not enough data) where `skip` says.
  static func trend(_ policy: String, _ group: String, base: Double, skip: Set<Int>)
    -> AccountabilityReport.Trend
  {
    let points = (1...9).map { month -> (window: String, value: Double?, shown: String) in
      let window = "2026-0\(month)"
      guard !skip.contains(month) else { return (window, nil, "") }
      let wobble = (month * 7 + group.unicodeScalars.reduce(0) { $0 + Int($1.value) }) % 11
      let value = base + Double(wobble) / 100 + Double(month) / 200
      return (window, value, Measurement.percentText(value))
    }
    return AccountabilityReport.Trend(policy: policy, group: group, points: points)
  }

  /// A report with 24 parties (one hostile), teams, managers, five policies (one with nothing
  /// in scope) and two trend policies (one with more groups than are drawn).
  static func report(directory: Bool = true) -> AccountabilityReport {
    let names = [
      hostile, "ana", "bo", "chen", "dara", "eli", "fatima", "gus", "hana", "ivo", "jun", "kofi",
      "lena", "marek", "nia", "oscar", "priya", "quinn", "rosa", "sam", "tomas", "uma", "viktor",
      "(none)",
    ]
    let teams = ["phones", "email", "field & <ops>"]
    let parties = names.enumerated().map { index, name in
      let scale = 24 - index
      return party(
        name, team: directory && name != "(none)" ? teams[index % 3] : nil,
        [scale % 5 + 1, scale % 4, scale / 6, index == 0 ? 3 : scale % 3 / 2],
        inScope: 40 + index, met: 30 + index / 2)
    }.sorted(by: AccountabilityReport.worstFirst)
    var teamRows: [AccountabilityReport.Row] = []
    var managerRows: [AccountabilityReport.Row] = []
    if directory {
      for team in teams {
        var row = AccountabilityReport.Row(name: team)
        for party in parties where party.team == team { row.add(party) }
        teamRows.append(row)
      }
      var manager = AccountabilityReport.Row(name: "maria 'the boss'")
      for party in parties where party.team == "phones" { manager.add(party) }
      managerRows.append(manager)
    }
    let policies = [
      policyRow("first_response", .high, violations: 61, inScope: 420, met: 359),
      policyRow("resolution_time", .medium, violations: 48, inScope: 380, met: 332),
      policyRow("reopened <twice>", .low, violations: 40, inScope: 120, met: 80),
      policyRow("vip_escalation", .critical, violations: 25, inScope: 30, met: 5),
      policyRow("legacy_queue", .low, violations: 0, inScope: 0, met: 0),
    ]
    let regions = (1...14).map { "region \($0 < 10 ? "0" : "")\($0)" }
    let trends =
      ["phones", "email", teams[2]].map { trend("monthly_slow_share", $0, base: 0.4, skip: [4]) }
      + regions.map {
        trend("regional_backlog", $0, base: 0.2, skip: $0.hasSuffix("3") ? [1, 2] : [])
      }
    let counts = AuditCounts(
      audited: 12_480, rejected: 17, violations: parties.reduce(0) { $0 + $1.violations },
      open: parties.reduce(0) { $0 + $1.open }, dataErrors: 3, notEnoughData: 6)
    return AccountabilityReport(
      parties: parties, teams: teamRows, managers: managerRows, policies: policies,
      trends: trends, counts: counts, now: 1_795_564_800_000)
  }

  /// A policy's totals: `met` met, `violations` violated, the rest of `inScope` pending.
  static func policyRow(
    _ name: String, _ severity: Severity, violations: Int, inScope: Int, met: Int
  ) -> AccountabilityReport.PolicyRow {
    var totals = PolicyShare(policy: name)
    (totals.met, totals.violated, totals.violations) = (met, violations, violations)
    totals.pending = inScope - met - violations
    return AccountabilityReport.PolicyRow(name: name, severity: severity, totals: totals)
  }

  static func occurrences(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  /// A row of the report as its summary table shows it.
  static func cells(_ row: AccountabilityReport.Row, team: Bool) -> [String] {
    let compliance = row.compliance.map { "\(Measurement.percentText($0)) of \(row.judged)" } ?? "–"
    var oldest = ""
    if let breach = row.oldestOpen { oldest = "\(breach.policy) \(breach.record)" }
    return [row.name] + (team ? [row.team ?? ""] : [])
      + [row.violations, row.open, row.closed, row.undetermined].map(String.init)
      + [row.inScope, row.met, row.pending, row.atRisk].map(String.init) + [compliance, oldest]
  }

  static let partiesCaption = "Accountable parties, most violations first"

  @Test func escapesEverythingFromRecordsAndPolicies() {
    let report = Self.report()
    let html = AccountabilityHTML.render(report)
    #expect(!html.contains("<script>alert"))
    #expect(Self.occurrences("<script", in: html) == 1)
    #expect(html.contains(Self.escaped))
    // Read back, every name is the one the report holds, hostile ones included.
    let page = HTMLPage(html)
    let parties = page.table(Self.partiesCaption)
    #expect(parties?.rows.map { $0[0] } == report.parties.map(\.name))
    #expect(parties?.rows.map { $0[1] } == report.parties.map { $0.team ?? "" })
    #expect(
      page.table("Teams, most violations first")?.rows.map { $0[0] } == [
        "phones", "email", "field & <ops>",
      ])
    #expect(
      page.table("Managers, most violations first")?.rows.map { $0[0] } == ["maria 'the boss'"])
    #expect(
      page.table("Policies, in the order written")?.rows.map { $0[0] }
        == report.policies.map(\.name))
    #expect(AccountabilityHTML.escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
  }

  /// Escaping and wrapping points, for texts of ASCII (rewritten byte by byte) and others
  /// (character by character: a mark combined with `&` or `_` makes another character).
  @Test(arguments: [
    ("plain", "plain", "plain"),
    ("a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f", "a&amp;b&lt;c&gt;d&quot;e&#39;f"),
    ("late_reply/v2", "late_reply/v2", "late_<wbr>reply/<wbr>v2"),
    ("", "", ""),
    ("a\r\n_b", "a\r\n_b", "a\r\n_<wbr>b"),
    ("café_<x>", "café_&lt;x&gt;", "café_<wbr>&lt;x&gt;"),
    ("x&\u{301}y_\u{301}z", "x&\u{301}y_\u{301}z", "x&\u{301}y_\u{301}z"),
  ])
  func escapesAndBreaks(text: String, escaped: String, broken: String) {
    #expect(AccountabilityHTML.escape(text) == escaped)
    #expect(AccountabilityHTML.breakable(AccountabilityHTML.escape(text)) == broken)
  }

  @Test func isOneSelfContainedPage() {
    let report = Self.report()
    let html = AccountabilityHTML.render(report, title: "Q3 <review>")
    #expect(Self.occurrences("<html", in: html) == 1)
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(html.contains("<meta charset=\"utf-8\">"))
    #expect(html.contains("<title>Q3 &lt;review&gt;</title>"))
    #expect(!html.contains("http://") && !html.contains("https://"))
    #expect(!html.contains("<link") && !html.contains("<img") && !html.contains("@import"))
    #expect(!html.contains("<script src") && !html.contains("fetch("))
    #expect(html.contains("@media print") && html.contains("print-color-adjust:exact"))
    #expect(html.contains(".unit{break-before:page"))
    #expect(html.contains("as of 2026-11-25T00:00:00Z"))
    #expect(html.contains("<th scope=\"col\""))
    #expect(html.contains("<th scope=\"row\""))
    // Violations, compliance, and one per trend group drawn (3, and 12 of 14).
    #expect(Self.occurrences("<svg", in: html) == 2 + 3 + 12)
    #expect(Self.occurrences("role=\"img\" aria-label=", in: html) == 2 + 3 + 12)
    // Every chart has its data as a table: two bar charts, two trend policies.
    #expect(Self.occurrences("<summary>The chart’s data as a table</summary>", in: html) == 4)
    #expect(html.contains("(the 20 with the most, of 24 with violations)"))
    #expect(html.contains("Showing 12 of 14 groups."))
    #expect(html.contains("Not enough data"))
    #expect(html.contains("<h2>By team</h2>") && html.contains("<h2>By manager</h2>"))
  }

  /// Every count of every row, read back from the tables.
  @Test func tablesShowEveryRowsNumbers() throws {
    let report = Self.report()
    let page = HTMLPage(AccountabilityHTML.render(report))
    let parties = try #require(page.table(Self.partiesCaption))
    #expect(
      parties.columns == [
        "party", "team", "violations", "of which/open", "of which/closed",
        "of which/undetermined", "in scope", "met", "pending", "at risk", "compliance (pooled)",
        "oldest open breach",
      ])
    // The oldest open breach also says how long, when it was measured in time.
    #expect(
      parties.rows.map { Array($0.dropLast()) }
        == report.parties.map {
          Array(Self.cells($0, team: true).dropLast())
        })
    #expect(
      page.table("Teams, most violations first")?.rows.map { Array($0.dropLast()) }
        == report.teams.map { Array(Self.cells($0, team: false).dropLast()) })
    #expect(
      page.table("Policies, in the order written")?.rows == [
        row("first_response", "high", "420", "359", "61", "0", "85.48% of 420"),
        row("resolution_time", "medium", "380", "332", "48", "0", "87.37% of 380"),
        row("reopened <twice>", "low", "120", "80", "40", "0", "66.67% of 120"),
        row("vip_escalation", "critical", "30", "5", "25", "0", "16.67% of 30"),
        row("legacy_queue", "low", "0", "0", "0", "0", "–"),
      ])
    #expect(
      page.listItems.filter { !$0.bold.isEmpty }.map { "\($0.bold) \($0.text)" } == [
        "12,480 records audited", "17 rejected", "\(report.counts.violations) violations",
        "\(report.counts.open) open", "\(report.counts.undetermined) undetermined", "0 at risk",
        "3 data errors", "6 groups with not enough data", "0 dishonest pauses",
      ])
  }

  /// A policy table's row: every violation closed, nothing pending.
  func row(
    _ name: String, _ severity: String, _ inScope: String, _ met: String, _ violated: String,
    _ pending: String, _ compliance: String
  ) -> [String] {
    [name, severity, "every record", "(none: it only flags)", inScope, met, violated]
      + ["0", violated, "0", pending, "0", compliance]
  }

  @Test func omitsTeamsAndManagersWithoutADirectory() {
    let page = HTMLPage(AccountabilityHTML.render(Self.report(directory: false)))
    let summaries = page.tables.map(\.heading).filter { !$0.contains(":") && !$0.contains("data") }
    #expect(summaries == [Self.partiesCaption, "Policies, in the order written"])
    #expect(page.table(Self.partiesCaption)?.columns.prefix(2) == ["party", "violations"])
  }

  /// Each party has a section: its policies, and its violations in a filterable table.
  @Test func eachPartyHasItsSection() throws {
    var report = Self.report()
    report.parties[0].lines = [
      Self.line(record: "T-1", line: 4, length: 220_320_000, open: true),
      Self.line(record: "T-2", line: 9, length: 6165 * 86_400_000, open: false),
    ]
    let html = AccountabilityHTML.render(report)
    let page = HTMLPage(html)
    let name = report.parties[0].name
    let violations = try #require(page.table("\(name): violations"))
    #expect(
      violations.columns == ["record", "policy", "where", "measured", "limit", "state", "open for"])
    #expect(
      violations.rows == [
        [
          "T-1", "first_response", "tickets.jsonl:4", "unresolved 61h12m", "> 48h", "open",
          "61h12m",
        ],
        ["T-2", "first_response", "tickets.jsonl:9", "unresolved 6,165d", "> 48h", "closed", ""],
      ])
    #expect(html.contains("<input type=\"search\" data-filter=\"party-0-violations\""))
    #expect(html.contains("<output data-count=\"party-0-violations\">2 of 2 rows</output>"))
    let policies = try #require(page.table("\(name): by policy"))
    #expect(policies.rows.map { $0[0] } == ["first_response"])
    // One section per party, team and manager.
    let units = Self.occurrences("<section class=\"unit\"", in: html)
    #expect(units == report.parties.count + report.teams.count + report.managers.count)
  }

  /// A violation of `first_response` (`unresolved > 48h`) in tickets.jsonl, as a party's
  /// table lists it.
  private static func line(record: String, line: Int, length: Int64, open: Bool) -> ViolationLine {
    ViolationLine(
      Violation(
        policy: "first_response", location: "rules.vigil:3", record: record, party: "ana",
        actions: [], severity: .high, open: open,
        measurement: Measurement(label: "unresolved", value: .duration(length), threshold: "> 48h"),
        condition: "unresolved > 48h", input: "tickets.jsonl", line: line))
  }

  /// Values as people read them.
  @Test(arguments: [
    (Int64(0), "0s"), (59_999, "59s"), (60_000, "1m"), (3_599_999, "59m"), (3_600_000, "1h"),
    (220_320_000, "61h12m"), (259_199_999, "71h59m"), (259_200_000, "3d"),
    (540_000_000, "6d 6h"), (863_999_999, "9d 23h"), (864_000_000, "10d"),
    (532_656_000_000, "6,165d"), (-3_600_000, "-1h"),
  ])
  func readableDurations(ms: Int64, shown: String) {
    #expect(ReadableValues.duration(ms) == shown)
  }

  @Test func readableCounts() {
    #expect(
      [0, 7, 999, 1000, 12_480, 1_234_567, -4500].map(ReadableValues.count) == [
        "0", "7", "999", "1,000", "12,480", "1,234,567", "-4,500",
      ])
    #expect(ReadableValues.rate(0.938, of: 1000) == "93.8% of 1,000")
    #expect(ReadableValues.rate(nil, of: 0) == "–")
  }

  /// A party with more than three times the next one's violations does not flatten the rest:
  /// the scale is the next one's, and its bar is marked cut.
  @Test func oneLargePartyDoesNotFlattenTheRest() {
    var big = AccountabilityReport.Row(name: "big")
    (big.violations, big.bySeverity) = (400, [0, 400, 0, 0])
    var small = AccountabilityReport.Row(name: "small")
    (small.violations, small.bySeverity) = (20, [0, 20, 0, 0])
    let chart = AccountabilityHTML.violationsChart([big, small])
    #expect(chart.contains(">400 (bar cut)</text>"))
    #expect(chart.contains(">20</text>"))
    // `small` is 20 of a scale of 25: 376 of 470 pixels.
    #expect(chart.contains("width=\"376\" height=\"16\" fill=\"#fd8d3c\""))
  }

  /// The groups that broke the policy first come first, on one scale.
  @Test func trendsComeByRelevanceOnOneScale() {
    func trend(_ group: String, _ values: [Double], breached: [Bool]) -> AccountabilityReport.Trend
    {
      AccountabilityReport.Trend(
        policy: "p", group: group,
        points: values.enumerated().map { ("2026-0\($0 + 1)", $1, "\($1)") }, breached: breached)
    }
    let html = AccountabilityHTML.trends([
      trend("a", [1, 2], breached: [false, false]), trend("b", [1, 9], breached: [false, true]),
      trend("c", [8, 1], breached: [true, false]),
    ])
    let order = ["c", "b", "a"].map { html.range(of: "<figcaption>\($0) ")?.lowerBound }
    #expect(order.allSatisfy { $0 != nil })
    #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    // The same scale (1 to 9) labelled in every chart.
    #expect(Self.occurrences(">9</text>", in: html) == 3)
    #expect(Self.occurrences("broke the policy</title></path>", in: html) == 2)
  }

  /// A policy that tests a drop (`previous(A) - A > 10%`) has the drop plotted, with its
  /// threshold, not the value it drops from.
  @Test func plotsTheQuantityThePolicyTests() {
    let trend = AccountabilityReport.Trend(
      policy: "falling", group: "phones",
      points: [("2026-08", 0.9, "90%"), ("2026-09", 0.75, "75%"), ("2026-10", 0.8, "80%")],
      breached: [false, true, false])
    let drops = AccountabilityHTML.tested(trend, "drop")
    #expect(drops.points.map(\.shown) == ["", "15%", "-5%"])
    #expect(drops.points.map(\.value) == [nil, 0.9 - 0.75, 0.75 - 0.8])
    #expect(AccountabilityHTML.tested(trend, "rise").points.map(\.shown) == ["", "-15%", "5%"])
    var policy = Self.policyRow("falling", .high, violations: 1, inScope: 3, met: 2)
    (policy.trendQuantity, policy.trendThreshold) = ("drop", 0.1)
    let html = AccountabilityHTML.trends([trend], policies: [policy])
    #expect(html.contains("drop from the previous window"))
    #expect(html.contains("<title>threshold 10%</title>"))
  }

  @Test func rendersTheSameBytesTwice() throws {
    let html = AccountabilityHTML.render(Self.report())
    #expect(html == AccountabilityHTML.render(Self.report()))
    if let path = ProcessInfo.processInfo.environment["VIGIL_HTML_OUT"] {
      try html.write(toFile: path, atomically: true, encoding: .utf8)
    }
  }
}
