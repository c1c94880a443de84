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
    let data = Paths.root.appendingPathComponent(
      "examples/data/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv"
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
    let data = Paths.root.appendingPathComponent(
      "examples/data/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv"
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
  func accountability(format: String) throws {
    try Paths.enterRoot()
    let result = vigil(
      [
        "audit", "rules", "--data", "examples/months.jsonl", "--directory",
        "examples/people.csv", "--report", "accountability", "--format", format,
      ] + now)
    #expect(result.code == 1)
    expectGolden(
      result.stdout, "examples/expected/accountability.\(format == "text" ? "txt" : format)")
    // The groups with not enough data summed up in one line, not listed as months.stderr does.
    expectGolden(result.stderr, "examples/expected/accountability.stderr")
  }

  /// The two real event logs, audited by their shipped policy files as of the day after each
  /// log ends, and replayed as of a day inside it (events after now left out, cases at risk):
  /// every figure equals the one examples/events_crosscheck.py computed without Vigil
  /// (kept in examples/expected/events_crosscheck.txt).
  @Test(
    arguments: [
      ("helpdesk", "2014-01-04T00:00:00Z"), ("helpdesk", "2013-03-01T00:00:00Z"),
      ("itsm", "2017-02-05T00:00:00Z"), ("itsm", "2016-03-05T12:00:00Z"),
    ])
  func eventLogs(log: String, now: String) throws {
    let data =
      log == "helpdesk"
      ? "examples/data/helpdesk_eventlog_italy/helpdesk.csv"
      : "examples/data/itsm_incident_eventlog/incident_event_log_first5998.csv"
    let result = vigil(
      [
        "audit", repoPath("examples/\(log)_events.vigil"), "--data",
        Paths.root.appendingPathComponent(data).path, "--now", now,
      ] + (log == "itsm" ? ["--id", "number"] : []))
    #expect(result.code == 1)
    if now.hasPrefix("2014") || now.hasPrefix("2017") {
      expectGolden(result.stderr, "examples/expected/\(log)_events.stderr")
    }
    // Per policy: cases breaking it, of them open, and cases at risk.
    var counts: [String: (Int, Int, Int)] = [:]
    for line in result.stdout.split(separator: "\n") {
      let policy = String(line.split(separator: " ")[1])
      var count = counts[policy] ?? (0, 0, 0)
      if line.contains(": at risk: ") {
        count.2 += 1
      } else {
        count.0 += 1
        if line.contains("(open)") { count.1 += 1 }
      }
      counts[policy] = count
    }
    let expected = try String(
      contentsOf: Paths.root.appendingPathComponent("examples/expected/events_crosscheck.txt"),
      encoding: .utf8
    ).split(separator: "\n").filter { $0.hasPrefix("\(log) \(now) ") }
    let actual = counts.keys.sorted().map { policy in
      // INVARIANT: the key comes from the dictionary.
      let (breaking, open, atRisk) = counts[policy]!
      return "\(log) \(now) \(policy): \(breaking) (\(open) open, \(atRisk) at risk)"
    }
    #expect(actual == expected.map(String.init))
  }

  /// The real help desk log judged cycle by cycle (examples/helpdesk_cycles.vigil): the
  /// accountability report (its "By cycle" section), and per policy the cases ever breached,
  /// those breached in their last cycle and the breaches of each cycle, equal to what
  /// examples/cycles_crosscheck.py computed without Vigil (examples/expected/cycles_crosscheck.txt).
  @Test func helpdeskCycles() throws {
    try Paths.enterRoot()
    let base = [
      "audit", "examples/helpdesk_cycles.vigil", "--data",
      "examples/data/helpdesk_eventlog_italy/helpdesk.csv", "--now", "2014-01-04T00:00:00Z",
      "--report", "accountability",
    ]
    let text = vigil(base)
    #expect(text.code == 1)
    expectGolden(text.stdout, "examples/expected/helpdesk_cycles.txt")
    expectGolden(text.stderr, "examples/expected/helpdesk_cycles.stderr")
    let csv = vigil(base + ["--format", "csv"])
    // The `cycles` rows (kind, name, team, policy, …, value), a policy's in a row: `judges`,
    // `ever breached`, `breached in last cycle`, then `cycle 1`, `cycle 2`, …
    var values: [(policy: String, cells: [(String, String)])] = []
    for row in csv.stdout.split(separator: "\r\n") where row.hasPrefix("cycles,") {
      let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      if values.last?.policy != cells[3] { values.append((cells[3], [])) }
      values[values.count - 1].cells.append((cells[1], cells[cells.count - 1]))
    }
    let actual = values.map { policy, cells in
      "\(policy) (\(cells[0].1)): ever breached \(cells[1].1), breached in last cycle \(cells[2].1), "
        + cells.dropFirst(3).map { "\($0.0): \($0.1)" }.joined(separator: ", ")
    }
    let expected = try String(
      contentsOf: Paths.root.appendingPathComponent("examples/expected/cycles_crosscheck.txt"),
      encoding: .utf8
    ).split(separator: "\n").map(String.init)
    #expect(actual == expected)
  }

  /// Who held the clock on the real help desk log (examples/helpdesk_holders.vigil): the
  /// accountability report (its "By holder" section), and per policy its late cases and per
  /// resource the late cases held, the time held, the breaches reached while holding and the
  /// handoffs with the budget left, equal to what examples/holders_crosscheck.py computed
  /// without Vigil (examples/expected/holders_crosscheck.txt).
  @Test func helpdeskHolders() throws {
    try Paths.enterRoot()
    let base = [
      "audit", "examples/helpdesk_holders.vigil", "--data",
      "examples/data/helpdesk_eventlog_italy/helpdesk.csv", "--now", "2014-01-04T00:00:00Z",
      "--report", "accountability",
    ]
    let text = vigil(base)
    #expect(text.code == 1)
    expectGolden(text.stdout, "examples/expected/helpdesk_holders.txt")
    expectGolden(text.stderr, "examples/expected/helpdesk_holders.stderr")
    let csv = vigil(base + ["--format", "csv"])
    // The policy rows (their violations in the fifth column), then the holder_* rows (kind,
    // holder, team, policy, …, value), six counts per policy and holder (and `holder_unit`,
    // `case` here, left out).
    var lines: [String] = []
    let rows = csv.stdout.split(separator: "\r\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    for policy in rows where policy[0] == "policy" {
      lines.append("\(policy[1]): \(policy[4]) late cases")
      let holders = rows.filter {
        $0[0].hasPrefix("holder_") && $0[0] != "holder_unit" && $0[3] == policy[1]
      }
      #expect(
        rows.filter { $0[0] == "holder_unit" && $0[3] == policy[1] }.map(\.last)
          == Array(repeating: "case", count: holders.count / 6))
      for start in stride(from: 0, to: holders.count, by: 6) {
        let counts = holders[start..<start + 6].map {
          "\($0[0].dropFirst("holder_".count)) \($0[$0.count - 1])"
        }
        lines.append("  \(holders[start][1]): " + counts.joined(separator: ", "))
      }
    }
    let expected = try String(
      contentsOf: Paths.root.appendingPathComponent("examples/expected/holders_crosscheck.txt"),
      encoding: .utf8
    ).split(separator: "\n").map(String.init)
    #expect(lines == expected)
  }

  /// The calendar in force that day, on the real help desk log
  /// (examples/helpdesk_calendar.vigil): Saturday mornings added as a version from 1 July
  /// 2012 add only the cases whose wait for a first response ran into a Saturday after it
  /// (the 9 of examples/expected/helpdesk_calendar_version.txt, all opened from July 2012 on);
  /// the same hours edited into the calendar in place re-grade the older cases too (32, 23 of
  /// them opened before July 2012), and `vigil diff` says so.
  @Test func helpdeskCalendar() throws {
    try Paths.enterRoot()
    let data = [
      "--data", "examples/data/helpdesk_eventlog_italy/helpdesk.csv", "--now",
      "2014-01-04T00:00:00Z",
    ]
    let audit = vigil(["audit", "examples/helpdesk_calendar.vigil"] + data)
    #expect(audit.code == 1)
    #expect(
      audit.stderr.split(separator: "\n").last.map(String.init)
        == "vigil: 21348 rows, 21348 records audited (4580 cases), 0 rejected, 2124 violations "
        + "(295 open), 0 data errors")
    let before = "Tests/VigilTests/Fixtures/calendar_change/before.vigil"
    let version = vigil(["diff", before, "examples/helpdesk_calendar.vigil"] + data)
    #expect(version.code == 1)
    expectGolden(version.stdout, "examples/expected/helpdesk_calendar_version.txt")
    #expect(
      version.stderr
        == "vigil diff: 9 added, 0 removed, 0 changed; 2115 violations before, 2124 after "
        + "(21348 records audited)\n")
    let inPlace = vigil(
      ["diff", before, "Tests/VigilTests/Fixtures/calendar_change/in_place.vigil"] + data)
    #expect(inPlace.code == 1)
    expectGolden(inPlace.stdout, "examples/expected/helpdesk_calendar_in_place.txt")
    #expect(
      inPlace.stderr
        == "note: calendar 'desk' was changed in place (its own hours, zone or holidays, or a "
        + "version it had): the new policies grade the past by the new hours too; to keep the "
        + "past's grades, write the change as a version of the calendar: from \"DATE\": and, "
        + "indented under it, the lines that change\n"
        + "vigil diff: 32 added, 0 removed, 0 changed; 2115 violations before, 2147 after "
        + "(21348 records audited)\n")
    // What the version adds, the edit in place adds too (the cases, with their measures).
    func added(_ output: String) -> Set<String> {
      Set(
        output.split(separator: "\n").filter { $0.hasPrefix("  + ") }.map {
          String($0.drop { $0 != "[" })
        })
    }
    #expect(added(version.stdout).count == 9)
    #expect(added(version.stdout).isSubset(of: added(inPlace.stdout)))
  }

  /// Honest pauses on the real help desk log (examples/helpdesk_pauses.vigil): the
  /// accountability report (its "Dishonest pauses" section), and per policy its late cases and
  /// per resource who set a dishonest pause, how many, the time not paused, how many were in a
  /// late case and how many last, equal to what examples/pauses_crosscheck.py computed without
  /// Vigil (examples/expected/pauses_crosscheck.txt).
  @Test func helpdeskPauses() throws {
    try Paths.enterRoot()
    let base = [
      "audit", "examples/helpdesk_pauses.vigil", "--data",
      "examples/data/helpdesk_eventlog_italy/helpdesk.csv", "--now", "2014-01-04T00:00:00Z",
      "--report", "accountability",
    ]
    let text = vigil(base)
    #expect(text.code == 1)
    expectGolden(text.stdout, "examples/expected/helpdesk_pauses.txt")
    let csv = vigil(base + ["--format", "csv"])
    // The policy rows (their violations in the fifth column), then the pause_* rows (kind,
    // party, team, policy, …, value), four per policy and party.
    var lines: [String] = []
    let rows = csv.stdout.split(separator: "\r\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    for policy in rows where policy[0] == "policy" {
      lines.append("\(policy[1]): \(policy[4]) late cases")
    }
    let pauses = rows.filter { $0[0].hasPrefix("pause_") }
    for start in stride(from: 0, to: pauses.count, by: 4) {
      let counts = pauses[start..<start + 4].map {
        "\($0[0].dropFirst("pause_".count)) \($0[$0.count - 1])"
      }
      lines.append("  \(pauses[start][1]): " + counts.joined(separator: ", "))
    }
    let expected = try String(
      contentsOf: Paths.root.appendingPathComponent("examples/expected/pauses_crosscheck.txt"),
      encoding: .utf8
    ).split(separator: "\n").map(String.init)
    #expect(lines == expected)
    // The violation report lists each dishonest pause (4725, as the cross-check's counts add
    // up to), the same on one thread and on three (the cases judged block by block).
    let listing = Array(base.dropLast(2))
    let one = vigil(listing + ["--jobs", "1"])
    let three = vigil(listing + ["--jobs", "3"])
    #expect(one.stdout == three.stdout)
    #expect(
      one.stdout.split(separator: "\n").filter { $0.contains(" → dishonest pause") }.count == 4725)
  }

  /// The real Boston 311 export of open cases, as of its own instant (its latest `open_dt`,
  /// 2025-05-19 18:27:31 in Boston): the cases found past their promised date are exactly the
  /// 2268 the city flags OVERDUE in its `on_time` column, and every count per policy and
  /// department is the one examples/boston311_crosscheck.py computed without Vigil (kept in
  /// examples/expected/boston311_crosscheck.txt).
  @Test func boston311() throws {
    let data = repoPath("examples/data/boston311_open_2025/boston311_open_cases_2025.csv")
    let result = vigil(
      [
        "audit", repoPath("examples/boston311.vigil"), "--data", data, "--id", "case_enquiry_id",
        "--now", "2025-05-19T22:27:31Z", "--format", "csv",
      ])
    #expect(result.code == 1)
    expectGolden(result.stderr, "examples/expected/boston311.stderr")
    // Per policy and party: violations, open, closed, undetermined; and the cases found late.
    var counts: [String: [Int]] = [:]
    var late: Set<Substring> = []
    for row in result.stdout.split(separator: "\r\n").dropFirst() {
      // policy, location, record, party, action, target, severity, open, …: no commas in these.
      let fields = row.split(separator: ",", omittingEmptySubsequences: false)
      let key = "\(fields[0]) \(fields[3])"
      var count = counts[key] ?? [0, 0, 0, 0]
      count[0] += 1
      count[fields[7] == "true" ? 1 : fields[7] == "false" ? 2 : 3] += 1
      counts[key] = count
      if fields[0].hasSuffix("_past_target") { late.insert(fields[2]) }
    }
    let actual = counts.keys.sorted().map { key in
      // INVARIANT: the key comes from the dictionary.
      let count = counts[key]!
      return "\(key): \(count[0]) (\(count[1]) open, \(count[2]) closed, \(count[3]) undetermined)"
    }
    let crosscheck = try String(
      contentsOf: Paths.root.appendingPathComponent("examples/expected/boston311_crosscheck.txt"),
      encoding: .utf8)
    let expected = crosscheck.split(separator: "\n").filter { $0.hasSuffix(" undetermined)") }
    #expect(actual == expected.map(String.init))
    // The city's flag, read from the export: its first six columns hold no commas or quotes
    // (index, case_enquiry_id, open_dt, sla_target_dt, closed_dt, on_time).
    let cases = try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n").dropFirst()
      .map { $0.split(separator: ",", maxSplits: 6, omittingEmptySubsequences: false) }
    #expect(cases.count == 2424)
    #expect(cases.allSatisfy { ["ONTIME", "OVERDUE"].contains($0[5]) })
    let overdue = Set(cases.filter { $0[5] == "OVERDUE" }.map { $0[1] })
    #expect(overdue.count == 2268)
    #expect(late == overdue)
  }

  @Test func cfpb() {
    let data = Paths.root.appendingPathComponent(
      "examples/data/cfpb_complaints_2013/Consumer_Complaints_1000.csv"
    ).path
    let result = vigil(
      ["audit", repoPath("examples/cfpb.vigil"), "--data", data, "--id", "complaint_id"] + now)
    #expect(result.code == 1)
    expectGolden(result.stderr, "examples/expected/cfpb.stderr")
  }
}
