import Foundation
import Testing

/// The shipped examples and real exports, audited by the shipped policies, against the golden
/// outputs kept in examples/expected/.
@Suite("Examples (golden)")
struct ExamplesTests {
  let now = ["--now", "2026-11-25T00:00:00Z"]

  @Test func rulesCheckCleanly() {
    let result = vigil(["check", repoPath("rules")])
    #expect(result.code == 0)
    #expect(result.stderr.hasSuffix("checked: no errors, 0 warnings\n"), "\(result.stderr)")
  }

  @Test func interactionsJSONLines() {
    let arguments = ["audit", repoPath("rules"), "--data", repoPath("examples/interactions.jsonl")]
    let text = vigil(arguments + now)
    #expect(text.code == 1)
    expectGolden(text.stdout, "examples/expected/interactions.jsonl.txt")
    expectGolden(text.stderr, "examples/expected/interactions.jsonl.stderr")
    let json = vigil(arguments + now + ["--format", "json"])
    expectGolden(json.stdout, "examples/expected/interactions.jsonl.json")
  }

  @Test func interactionsCSV() {
    let result = vigil(
      ["audit", repoPath("rules"), "--data", repoPath("examples/interactions.csv")] + now)
    #expect(result.code == 1)
    expectGolden(result.stdout, "examples/expected/interactions.csv.txt")
    expectGolden(result.stderr, "examples/expected/interactions.csv.stderr")
  }

  /// The real NYC 311 extract, as it is. The 48h count (3954: 3431 open, 523 closed) was
  /// cross-checked independently by examples/nyc311_crosscheck.py.
  @Test func nyc311() {
    let data = Paths.shared.appendingPathComponent(
      "data/real/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv"
    ).path
    let result = vigil(
      ["audit", repoPath("examples/nyc311.vigil"), "--data", data, "--id", "Unique Key"] + now
        + ["--format", "csv"])
    #expect(result.code == 1)
    expectGolden(result.stderr, "examples/expected/nyc311.stderr")
    let rows = result.stdout.split(separator: "\r\n").dropFirst()
    #expect(rows.filter { $0.hasPrefix("unresolved_over_48h,") }.count == 3954)
    #expect(
      rows.filter { $0.hasPrefix("unresolved_over_48h,") && $0.contains(",true,") }.count == 3431)
  }

  /// Group policies on the same extract. The counts (86 borough-months with more than 60% of
  /// requests slow, 3 whose median rose by more than a week, 2004 groups too small) were
  /// cross-checked independently by examples/nyc311_groups_crosscheck.py.
  @Test func nyc311Groups() {
    let data = Paths.shared.appendingPathComponent(
      "data/real/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv"
    ).path
    let result = vigil(
      ["audit", repoPath("examples/nyc311_groups.vigil"), "--data", data, "--id", "Unique Key"]
        + now)
    #expect(result.code == 1)
    expectGolden(result.stdout, "examples/expected/nyc311_groups.txt")
    expectGolden(result.stderr, "examples/expected/nyc311_groups.stderr")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.filter { $0.contains(" borough_slow_share [") }.count == 86)
    #expect(lines.filter { $0.contains(" borough_slower_than_last_month [") }.count == 3)
    #expect(result.stderr.hasSuffix("2004 groups with not enough data\n"))
  }

  /// Four months of three teams (examples/months.jsonl, made by months_generate.py) with the
  /// people directory: every violation format, and the accountability report in every format.
  @Test(arguments: ["text", "json", "csv"])
  func months(format: String) {
    let result = vigil(
      [
        "audit", repoPath("rules"), "--data", repoPath("examples/months.jsonl"), "--directory",
        repoPath("examples/people.csv"), "--format", format,
      ] + now)
    #expect(result.code == 1)
    expectGolden(result.stdout, "examples/expected/months.\(format == "text" ? "txt" : format)")
    expectGolden(result.stderr, "examples/expected/months.stderr")
  }

  /// Run from the repository's root with relative paths, as the README shows it: the text
  /// and HTML reports align their columns to the names, and a bare rule is named by its path.
  @Test(arguments: ["text", "json", "csv", "html"])
  func accountability(format: String) {
    // Every test that changes the working directory sets it to the same root.
    FileManager.default.changeCurrentDirectoryPath(Paths.root.path)
    let result = vigil(
      [
        "audit", "rules", "--data", "examples/months.jsonl", "--directory",
        "examples/people.csv", "--report", "accountability", "--format", format,
      ] + now)
    #expect(result.code == 1)
    expectGolden(
      result.stdout, "examples/expected/accountability.\(format == "text" ? "txt" : format)")
    expectGolden(result.stderr, "examples/expected/months.stderr")
  }

  /// The two real event logs, audited case by case with group policies; every count was
  /// cross-checked independently by examples/events_crosscheck.py.
  @Test func eventLogs() {
    let helpdesk = vigil(
      [
        "audit", repoPath("examples/helpdesk_events.vigil"), "--data",
        Paths.shared.appendingPathComponent("data/real/helpdesk_eventlog_italy/helpdesk.csv").path,
        "--now", "2014-01-04T00:00:00Z",
      ])
    #expect(helpdesk.code == 1)
    expectGolden(helpdesk.stderr, "examples/expected/helpdesk_events.stderr")
    let itsm = vigil(
      [
        "audit", repoPath("examples/itsm_events.vigil"), "--data",
        Paths.shared.appendingPathComponent(
          "data/real/itsm_incident_eventlog/incident_event_log_first5998.csv"
        ).path, "--id", "number", "--now", "2017-02-05T00:00:00Z",
      ])
    #expect(itsm.code == 1)
    expectGolden(itsm.stderr, "examples/expected/itsm_events.stderr")
    let lines = { (output: String, policy: String) in
      output.split(separator: "\n").filter { $0.contains(" \(policy) [") }
    }
    #expect(lines(helpdesk.stdout, "slow_first_response").count == 2125)
    #expect(
      lines(helpdesk.stdout, "slow_first_response").filter { $0.contains("(open)") }.count == 295)
    #expect(lines(helpdesk.stdout, "slow_resolution").count == 455)
    #expect(lines(helpdesk.stdout, "slow_resolution").filter { $0.contains("(open)") }.count == 11)
    #expect(lines(helpdesk.stdout, "resolved_but_not_closed").count == 10)
    // The resolution clock paused while waiting: 245, 7 of them never resolved.
    #expect(lines(helpdesk.stdout, "slow_resolution_not_waiting").count == 245)
    #expect(
      lines(helpdesk.stdout, "slow_resolution_not_waiting").filter { $0.contains("(open)") }.count
        == 7)
    #expect(lines(helpdesk.stdout, "left_waiting").count == 8)
    #expect(lines(itsm.stdout, "slow_resolution").count == 351)
    #expect(lines(itsm.stdout, "reassigned_often").count == 62)
    #expect(lines(itsm.stdout, "reopened").count == 10)
    #expect(lines(itsm.stdout, "sla_missed").count == 395)
  }

  @Test func cfpb() {
    let data = Paths.shared.appendingPathComponent(
      "data/real/cfpb_complaints_2013/Consumer_Complaints_1000.csv"
    ).path
    let result = vigil(
      ["audit", repoPath("examples/cfpb.vigil"), "--data", data, "--id", "complaint_id"] + now)
    #expect(result.code == 1)
    expectGolden(result.stderr, "examples/expected/cfpb.stderr")
  }
}
