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

  /// Whether a cell shows `value` of the JSON report: a count exactly, a text as itself (`""`
  /// for null), and a compliance rate (`percent`) as a percentage rounded to two decimals
  /// (`–` for none).
  static func shows(_ cell: String, _ value: Any?, percent: Bool = false) -> Bool {
    switch value {
    case nil, is NSNull: return cell == (percent ? "–" : "")
    case let text as String: return !percent && cell == text
    case let number as NSNumber where percent:
      guard cell.hasSuffix("%"), let shown = Double(cell.dropLast()) else { return false }
      return abs(shown - number.doubleValue * 100) <= 0.005 + 1e-9
    case let number as NSNumber:
      return cell == "\(number.intValue)" && Double(number.intValue) == number.doubleValue
    default: return false
    }
  }

  /// The value of the JSON object `row` that the column `column` shows (`name` is the row's
  /// own name under `nameKey`; `group/column` reads the group's object).
  static func value(_ row: [String: Any], column: String, nameKey: String) -> Any? {
    let key = { (name: String) in name.replacingOccurrences(of: " ", with: "_") }
    if column == "name" { return row[nameKey] }
    // A party's, team's or manager's rate is pooled over its policies.
    if column == "compliance" && nameKey != "policy" { return row["pooled_compliance"] }
    let parts = column.split(separator: "/").map(String.init)
    guard parts.count == 2 else { return row[key(column)] }
    let group = parts[0] == "oldest open breach" ? "oldest_open" : key(parts[0])
    return (row[group] as? [String: Any])?[parts[1]]
  }

  /// Compares the HTML table under `heading` with the JSON section `key`: the same rows in the
  /// same order, and every cell equal to the JSON value of its column.
  static func expectSame(
    _ page: HTMLPage, _ heading: String, _ json: [String: Any], _ key: String, nameKey: String,
    columns: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let table = try #require(page.table(heading), "no table under '\(heading)'")
    let rows = try section(json, key)
    #expect(table.columns == columns, sourceLocation: sourceLocation)
    #expect(!rows.isEmpty, "\(heading): no rows", sourceLocation: sourceLocation)
    #expect(table.rows.count == rows.count, "\(heading): rows", sourceLocation: sourceLocation)
    for (cells, row) in zip(table.records, rows) {
      for column in table.columns {
        let expected = value(row, column: column, nameKey: nameKey)
        #expect(
          shows(cells[column] ?? "<none>", expected, percent: column == "compliance"),
          "\(heading), \(row[nameKey] ?? "?"), \(column): \(cells[column] ?? "<none>") in HTML, \(expected ?? "null") in JSON",
          sourceLocation: sourceLocation)
      }
    }
  }

  static let partyColumns = [
    "violations", "open", "closed", "undetermined", "by severity/low", "by severity/medium",
    "by severity/high",
    "by severity/critical", "compliance", "oldest open breach/policy",
    "oldest open breach/record", "oldest open breach/measured",
  ]

  @Test func everyRowEqualsTheJSONReport() throws {
    let page = try Self.page()
    let data = Data(try Self.audit("json").utf8)
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(
      page.tables.map(\.heading) == [
        "By accountable party", "By team", "By manager (everyone below them, and themselves)",
        "By policy",
      ])
    try Self.expectSame(
      page, "By accountable party", json, "parties", nameKey: "party",
      columns: ["name", "team"] + Self.partyColumns)
    try Self.expectSame(
      page, "By team", json, "teams", nameKey: "team", columns: ["name"] + Self.partyColumns)
    try Self.expectSame(
      page, "By manager (everyone below them, and themselves)", json, "managers",
      nameKey: "manager", columns: ["name"] + Self.partyColumns)
    try Self.expectSame(
      page, "By policy", json, "policies", nameKey: "policy",
      columns: ["policy", "severity", "violations", "in scope", "met", "compliance"])
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
        "records", "rejected", "violations", "open", "undetermined", "data_errors",
        "not_enough_data",
      ])
    for (key, text) in shown {
      #expect(
        Self.shows(text, audit[key]), "\(key): \(text) in HTML, \(audit[key] ?? "null") in JSON")
    }
  }
}
