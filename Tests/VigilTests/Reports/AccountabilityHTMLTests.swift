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

  /// A row of the report as its table shows it: name, (team,) counts, compliance, oldest open.
  static func cells(_ row: AccountabilityReport.Row, team: Bool) -> [String] {
    let compliance = row.compliance.map { Measurement.percentText($0) } ?? "–"
    return [row.name] + (team ? [row.team ?? ""] : [])
      + ([row.violations, row.open, row.closed, row.undetermined] + row.bySeverity).map(String.init)
      + [compliance, row.oldestOpen?.policy ?? "", row.oldestOpen?.record ?? ""]
      + [row.oldestOpen?.measured ?? ""]
  }

  @Test func escapesEverythingFromRecordsAndPolicies() {
    let report = Self.report()
    let html = AccountabilityHTML.render(report)
    #expect(!html.contains("<script"))
    #expect(html.contains(Self.escaped))
    // Read back, every name is the one the report holds, hostile ones included.
    let page = HTMLPage(html)
    #expect(page.table("By accountable party")?.rows.map { $0[0] } == report.parties.map(\.name))
    #expect(
      page.table("By accountable party")?.rows.map { $0[1] } == report.parties.map { $0.team ?? "" }
    )
    #expect(page.table("By team")?.rows.map { $0[0] } == ["phones", "email", "field & <ops>"])
    #expect(
      page.table("By manager (everyone below them, and themselves)")?.rows.map { $0[0] } == [
        "maria 'the boss'"
      ])
    #expect(page.table("By policy")?.rows.map { $0[0] } == report.policies.map(\.name))
    #expect(AccountabilityHTML.escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
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
    #expect(html.contains("@media print") && html.contains("print-color-adjust:exact"))
    #expect(html.contains("as of 2026-11-25T00:00:00Z"))
    #expect(html.contains("<th scope=\"col\""))
    // Violations, compliance, and one per trend group drawn (3, and 12 of 14).
    #expect(Self.occurrences("<svg", in: html) == 2 + 3 + 12)
    #expect(Self.occurrences("role=\"img\" aria-label=", in: html) == 2 + 3 + 12)
    #expect(html.contains("Showing the 20 parties with the most violations, of 24"))
    #expect(html.contains("Showing 12 of 14 groups."))
    #expect(html.contains("Not enough data"))
    #expect(html.contains("<h2>By team</h2>") && html.contains("<h2>By manager"))
  }

  /// Every count of every row, read back from the tables.
  @Test func tablesShowEveryRowsNumbers() throws {
    let report = Self.report()
    let page = HTMLPage(AccountabilityHTML.render(report))
    let parties = try #require(page.table("By accountable party"))
    #expect(parties.rows == report.parties.map { Self.cells($0, team: true) })
    #expect(page.table("By team")?.rows == report.teams.map { Self.cells($0, team: false) })
    #expect(
      page.table("By manager (everyone below them, and themselves)")?.rows
        == report.managers.map { Self.cells($0, team: false) })
    #expect(
      page.table("By policy")?.rows == [
        ["first_response", "high", "61", "420", "359", "85.48%"],
        ["resolution_time", "medium", "48", "380", "332", "87.37%"],
        ["reopened <twice>", "low", "40", "120", "80", "66.67%"],
        ["vip_escalation", "critical", "25", "30", "5", "16.67%"],
        ["legacy_queue", "low", "0", "0", "0", "–"],
      ])
    #expect(
      page.listItems.filter { !$0.bold.isEmpty }.map { "\($0.bold) \($0.text)" } == [
        "12480 records audited", "17 rejected", "\(report.counts.violations) violations",
        "\(report.counts.open) open", "\(report.counts.undetermined) undetermined", "3 data errors",
        "6 groups with not enough data",
      ])
  }

  @Test func omitsTeamsAndManagersWithoutADirectory() {
    let page = HTMLPage(AccountabilityHTML.render(Self.report(directory: false)))
    #expect(page.tables.map(\.heading) == ["By accountable party", "By policy"])
    #expect(page.table("By accountable party")?.columns.prefix(2) == ["name", "violations"])
  }

  @Test func rendersTheSameBytesTwice() throws {
    let html = AccountabilityHTML.render(Self.report())
    #expect(html == AccountabilityHTML.render(Self.report()))
    if let path = ProcessInfo.processInfo.environment["VIGIL_HTML_OUT"] {
      try html.write(toFile: path, atomically: true, encoding: .utf8)
    }
  }
}
