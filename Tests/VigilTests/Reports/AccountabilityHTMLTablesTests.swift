import Foundation
import Testing
import VigilSyntax

@testable import Vigil

/// The HTML accountability report, read back as tables: every number in it equals the JSON
/// report of the same audit, row by row.
@Suite("Accountability HTML (numbers)")
struct AccountabilityHTMLTablesTests {
  /// The months example with the people directory, as the README shows it, in `format`.
  static func audit(_ format: String) throws -> String {
    let result = vigil([
      "audit", repoPath("rules"), "--data", repoPath("examples/months.jsonl"), "--directory",
      repoPath("examples/people.csv"), "--report", "accountability", "--format", format,
      "--now", "2026-11-25T00:00:00Z",
    ])
    #expect(result.code == 1, "\(result.stderr)")
    #expect(unreadableInput(in: result.stderr) == nil, "\(result.stderr)")
    return result.stdout
  }

  /// The HTML report read as tables, with paths relative to the repository (in the page a
  /// `<wbr>` may cut a path, so they are made relative once the cells are read).
  static func page() throws -> HTMLPage {
    var page = HTMLPage(try audit("html"))
    for index in page.tables.indices {
      page.tables[index].rows = page.tables[index].rows.map { $0.map(relative) }
    }
    return page
  }

  /// The JSON report's section `key`, as objects.
  static func section(_ json: [String: Any], _ key: String) throws -> [[String: Any]] {
    guard let rows = json[key] as? [[String: Any]] else {
      throw FixtureError(path: "the JSON report", problem: "has no list '\(key)'")
    }
    return rows
  }

  /// Whether a cell shows `value` of the JSON report: a count exactly (thousands separated),
  /// a text as itself (`""` for null).
  static func shows(_ cell: String, _ value: Any?) -> Bool {
    switch value {
    case nil, is NSNull: return cell == ""
    case let text as String: return cell == text
    case let number as NSNumber:
      return cell.replacingOccurrences(of: ",", with: "") == "\(number.intValue)"
        && Double(number.intValue) == number.doubleValue
    default: return false
    }
  }

  /// Whether a cell shows the rate `rate` of `denominator`: `83.7% of 92`, `–` for none.
  static func showsRate(_ cell: String, _ rate: Any?, _ denominator: Any?) -> Bool {
    guard let rate = rate as? NSNumber, let denominator = denominator as? NSNumber else {
      return cell == "–"
    }
    let parts = cell.components(separatedBy: "% of ")
    guard parts.count == 2, let shown = Double(parts[0]) else { return false }
    return abs(shown - rate.doubleValue * 100) <= 0.005 + 1e-9
      && parts[1].replacingOccurrences(of: ",", with: "") == "\(denominator.intValue)"
  }

  /// Whether the cell of `column` shows what the JSON object `row` says.
  static func matches(_ cell: String, _ row: [String: Any], column: String, nameKey: String) -> Bool
  {
    let key = { (name: String) in name.replacingOccurrences(of: " ", with: "_") }
    switch column {
    case "party" where nameKey == "policy":
      let party = row["party"] as? String
      return cell == (party ?? "(none: it only flags)")
    case nameKey, "team": return shows(cell, row[column])
    case "compliance (pooled)":
      return showsRate(cell, row["pooled_compliance"], row["pooled_compliance_of"])
    case "compliance": return showsRate(cell, row["compliance"], row["compliance_of"])
    case "oldest open breach":
      guard let oldest = row["oldest_open"] as? [String: Any] else { return cell == "" }
      return cell.hasPrefix("\(oldest["policy"] ?? "") \(oldest["record"] ?? "")")
    case "violated": return shows(cell, row["violations"])
    default:
      let parts = column.split(separator: "/").map(String.init)
      return shows(cell, row[key(parts.last ?? column)])
    }
  }

  /// Compares the HTML table captioned `caption` with the JSON rows `rows`: the same rows in
  /// the same order, and every cell of `columns` equal to the JSON value of its column.
  static func expectSame(
    _ page: HTMLPage, _ caption: String, _ rows: [[String: Any]], nameKey: String,
    columns: [String], checked: [String]? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let table = try #require(page.table(caption), "no table '\(caption)'")
    #expect(table.columns == columns, sourceLocation: sourceLocation)
    #expect(!rows.isEmpty, "\(caption): no rows", sourceLocation: sourceLocation)
    #expect(table.rows.count == rows.count, "\(caption): rows", sourceLocation: sourceLocation)
    for (cells, row) in zip(table.records, rows) {
      for column in checked ?? table.columns {
        let cell = cells[column] ?? "<none>"
        #expect(
          matches(cell, row, column: column, nameKey: nameKey),
          "\(caption), \(row[nameKey] ?? "?"), \(column): \(cell) in HTML, not as in JSON",
          sourceLocation: sourceLocation)
      }
    }
  }

  static let rowColumns = [
    "violations", "of which/open", "of which/closed", "of which/undetermined", "in scope", "met",
    "pending", "at risk", "compliance (pooled)", "oldest open breach",
  ]

  static let shareColumns = [
    "in scope", "met", "violated", "violations/open", "violations/closed",
    "violations/undetermined", "pending", "at risk", "compliance",
  ]

  @Test func everyRowEqualsTheJSONReport() throws {
    let page = try Self.page()
    let data = Data(try Self.audit("json").utf8)
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let parties = try Self.section(json, "parties")
    try Self.expectSame(
      page, "Accountable parties, most violations first", parties, nameKey: "party",
      columns: ["party", "team"] + Self.rowColumns)
    try Self.expectSame(
      page, "Teams, most violations first", try Self.section(json, "teams"), nameKey: "team",
      columns: ["team"] + Self.rowColumns)
    try Self.expectSame(
      page, "Managers, most violations first", try Self.section(json, "managers"),
      nameKey: "manager", columns: ["manager"] + Self.rowColumns)
    try Self.expectSame(
      page, "Policies, in the order written", try Self.section(json, "policies"), nameKey: "policy",
      columns: ["policy", "severity", "scope", "party"] + Self.shareColumns)
    // Each party's own table of its policies.
    for party in parties {
      let name = try #require(party["party"] as? String)
      let shares = try #require(party["policies"] as? [[String: Any]])
      try Self.expectSame(
        page, "\(name): by policy", shares, nameKey: "policy",
        columns: ["policy"] + Self.shareColumns + ["because"],
        checked: ["policy"] + Self.shareColumns)
    }
  }

  /// The counts at the top of the page are the JSON report's `audit` counts.
  @Test func theCountsAreTheAudits() throws {
    let page = try Self.page()
    let data = Data(try Self.audit("json").utf8)
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let audit = try #require(json["audit"] as? [String: Any])
    let keys = ["records audited": "records", "groups with not enough data": "not_enough_data"]
    let shown = page.listItems.filter { !$0.bold.isEmpty }.map { item in
      (keys[item.text] ?? item.text.replacingOccurrences(of: " ", with: "_"), item.bold)
    }
    #expect(
      shown.map(\.0) == [
        "records", "rejected", "violations", "open", "undetermined", "at_risk", "data_errors",
        "not_enough_data", "dishonest_pauses",
      ])
    for (key, text) in shown {
      #expect(
        Self.shows(text, audit[key]), "\(key): \(text) in HTML, \(audit[key] ?? "null") in JSON")
    }
  }
}
