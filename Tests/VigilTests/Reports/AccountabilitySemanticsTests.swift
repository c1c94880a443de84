import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports

@testable import Vigil

/// What the accountability report's numbers mean (Grammar.md, "Scope and compliance"): one
/// policy per shape of scope, records met, pending, at risk and violated, compliance as
/// met ÷ (met + violated), and the roll-up by the directory, on a fixture worked by hand.
@Suite("Accountability semantics")
struct AccountabilitySemanticsTests {
  static let folder = "Tests/VigilTests/Fixtures/accountability/semantics"

  /// The fixture's report as of 2026-11-25T00:00:00Z.
  static func report() throws -> AccountabilityReport {
    let policies = try PolicySet(contentsOf: [repoPath("\(folder)/policies.vigil")])
    let directory = try Directory.read(
      input: try ByteInput(path: repoPath("\(folder)/people.csv")), format: .csv,
      name: "people.csv")
    var options = AuditOptions(now: 1_795_564_800_000, directory: directory)
    options.accountability = true
    let driver = policies.driver(options)
    var tally = driver.newTally()
    var (counts, _) = policies.writeReport(
      input: try ByteInput(path: repoPath("\(folder)/records.jsonl")), format: .jsonl,
      name: "records.jsonl", driver: driver, groups: &tally, write: { _ in }, event: { _ in })
    counts =
      counts + policies.writeGroupReport(&tally, driver: driver, write: { _ in }, event: { _ in })
    return policies.accountabilityReport(
      tally, counts: counts, now: options.now, directory: directory)
  }

  /// A share as (in scope, met, violated, pending, at risk).
  static func counts(_ share: PolicyShare) -> [Int] {
    [share.inScope, share.met, share.violated, share.pending, share.atRisk]
  }

  @Test func eachPolicyShapeHasItsScope() throws {
    let report = try Self.report()
    let rows = report.policies.map { ($0.name, $0.scope, Self.counts($0.totals)) }
    let expected: [(String, String, [Int])] = [
      // timely is the measured test: every record whose timely is known (R1–R4, R6).
      ("untimely", "every record", [5, 4, 1, 0, 0]),
      // R1 met; R2 open 12h, R3 open 28h (at risk past 24h) pending; R4, R5 violated.
      ("late_complaints", "type == \"complaint\"", [5, 1, 2, 2, 1]),
      // The open ones (R2, R3, R4, R6): R3 and R6 have a note.
      ("open_without_note", "not finished", [4, 2, 2, 0, 0]),
      // O1 6h (violated), O2 1h and O3 exactly 4h, open (pending).
      ("slow_outage", "type == \"outage\"", [3, 0, 1, 2, 0]),
      // P2 followed in time, P3 never (violated), P1 5 days old (pending).
      ("follow_up", "records where type == \"purchase\"", [3, 1, 1, 1, 0]),
    ]
    #expect(rows.map(\.0) == expected.map(\.0))
    #expect(rows.map(\.1) == expected.map(\.1))
    #expect(rows.map(\.2) == expected.map(\.2))
    #expect(report.policies.map(\.compliance) == [0.8, 1.0 / 3.0, 0.5, 0, 0.5])
  }

  @Test func eachPartysSharePerPolicy() throws {
    let report = try Self.report()
    let shares = report.parties.flatMap { row in
      row.shares.map { "\(row.name) \($0.policy) \(Self.counts($0))" }
    }
    #expect(
      shares == [
        "(none) open_without_note [4, 2, 2, 0, 0]",
        " late_complaints [1, 0, 1, 0, 0]",
        "Bolt untimely [2, 1, 1, 0, 0]",
        "ana late_complaints [2, 1, 0, 1, 0]",
        "ana follow_up [2, 0, 1, 1, 0]",
        "bo late_complaints [2, 0, 1, 1, 1]",
        "bo follow_up [1, 1, 0, 0, 0]",
        "phones slow_outage [2, 0, 1, 1, 0]",
        "Acme untimely [3, 3, 0, 0, 0]",
        "mail-desk slow_outage [1, 0, 0, 1, 0]",
      ])
    // Pooled over its policies: ana met 1 and broke 1 of the 4 in scope (2 pending).
    let ana = try #require(report.parties.first { $0.name == "ana" })
    #expect((ana.compliance, ana.judged, ana.policyCount) == (0.5, 2, 2))
    // Nothing met or broken yet: no rate.
    #expect(report.parties.last?.compliance == nil)
  }

  @Test func rollsUpByTheDirectory() throws {
    let report = try Self.report()
    // A team named as the party counts for its team, its lead and the lead's managers.
    #expect(
      report.teams.map { "\($0.name) \($0.violations) \($0.members)" } == [
        "(no party) 3 [\"(none)\", \"\"]", "phones 3 [\"ana\", \"bo\", \"phones\"]",
        "(not in the directory) 1 [\"Bolt\", \"Acme\"]", "mail-desk 0 [\"mail-desk\"]",
      ])
    #expect(
      report.managers.map { "\($0.name) \($0.violations) \($0.inScope) \($0.members)" } == [
        "maria 3 9 [\"ana\", \"bo\", \"phones\"]",
        "olu 3 10 [\"ana\", \"bo\", \"phones\", \"mail-desk\"]",
        "lena 0 1 [\"mail-desk\"]",
      ])
  }

  @Test func explainsViolationsWithoutAParty() throws {
    let notes = try Self.report().unaddressed.map {
      "\($0.party)|\($0.policy)|\($0.violations)|\($0.why)"
    }
    #expect(
      notes == [
        "(none)|open_without_note|2|it only flags: it names no party (add accountable: FIELD to name one)",
        "|late_complaints|1|its party, owner, was an empty text",
      ])
  }

  /// `vigil explain` shows each policy's scope and how the record stands in it.
  @Test(arguments: [
    (
      "R2",
      [
        "untimely: every record (in scope, met)",
        "late_complaints: type == \"complaint\" (in scope, pending)",
        "open_without_note: not finished (in scope, violated)",
        "slow_outage: type == \"outage\" (out of scope)",
        "follow_up: records where type == \"purchase\"",
      ]
    ),
    (
      "R5",
      [
        "untimely: every record (out of scope: the condition is unknown)",
        "late_complaints: type == \"complaint\" (in scope, violated)",
        "open_without_note: not finished (out of scope)",
        "slow_outage: type == \"outage\" (out of scope)",
        "follow_up: records where type == \"purchase\"",
      ]
    ),
  ])
  func explainShowsTheScope(record: String, scopes: [String]) {
    let result = vigil([
      "explain", repoPath("\(Self.folder)/policies.vigil"), "--data",
      repoPath("\(Self.folder)/records.jsonl"), "--record", record, "--now",
      "2026-11-25T00:00:00Z",
    ])
    #expect(result.code == 0, "\(result.stderr)")
    var policy = ""
    var shown: [String] = []
    for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
      if let name = line.split(separator: " ").first, !line.hasPrefix(" "), line.contains("): ") {
        policy = String(name)
      }
      if line.hasPrefix("  scope: ") { shown.append("\(policy): \(line.dropFirst(9))") }
    }
    #expect(shown == scopes)
  }

  /// Telling pending from met reads the measured state again: the report counts the same
  /// data errors as the violations report, and a record with one is out of scope. A record
  /// is pending only while the other parts of the condition hold.
  @Test func pendingAddsNoDataError() throws {
    let folder = try temporaryFolder("pending")
    defer { try? FileManager.default.removeItem(at: folder) }
    let policy = folder.appendingPathComponent("p.vigil").path
    let data = folder.appendingPathComponent("d.jsonl").path
    try """
    define unresolved = from time(opened, "yyyy-MM-dd", "UTC") until resolved_at
    priority > 2 and unresolved > 48h → flag

    """.write(toFile: policy, atomically: true, encoding: .utf8)
    try """
    {"id":"A","priority":1,"opened":"not a date"}
    {"id":"B","priority":3,"opened":"2026-11-24"}
    {"id":"C","priority":1,"opened":"2026-11-24"}

    """.write(toFile: data, atomically: true, encoding: .utf8)
    let now = ["--now", "2026-11-25T00:00:00Z"]
    let plain = vigil(["audit", policy, "--data", data, "--format", "json"] + now)
    let report = vigil(
      ["audit", policy, "--data", data, "--report", "accountability", "--format", "json"] + now)
    #expect(plain.code == 0 && report.code == 0, "\(plain.stderr)\(report.stderr)")
    #expect(plain.stderr.hasSuffix(", 1 data error\n"))
    #expect(report.stderr.hasSuffix(", 1 data error\n"))
    // A has a data error (out of scope), B is pending (open 24h), C is met: open too, but
    // its priority keeps it from ever breaking the policy.
    #expect(
      report.stdout.contains(
        "\"in_scope\":2,\"met\":1,\"violated\":0,\"violations\":0,\"open\":0,\"closed\":0,"
          + "\"undetermined\":0,\"pending\":1,\"at_risk\":0"))
  }

  /// Parties are told apart byte for byte, as groups and SQL's `GROUP BY` tell them: the
  /// Kelvin sign and `K`, or `é` composed and decomposed, are equal strings but two parties
  /// (a report with both once stopped on a duplicate key).
  @Test func partiesAreToldApartByteForByte() throws {
    let folder = try temporaryFolder("parties-bytes")
    defer { try? FileManager.default.removeItem(at: folder) }
    let policy = folder.appendingPathComponent("p.vigil").path
    let data = folder.appendingPathComponent("d.jsonl").path
    try "policy late:\n  resolved_at - created_at > 1h → notify owner\n".write(
      toFile: policy, atomically: true, encoding: .utf8)
    let records = [
      ("1", "K", "03"), ("2", "\u{212A}", "00"), ("3", "Jos\u{E9}", "03"),
      ("4", "Jose\u{301}", "00"), ("5", "K", "00"),
    ]
    try records.map { id, owner, hour in
      "{\"id\":\"\(id)\",\"owner\":\"\(owner)\",\"created_at\":\"2026-01-01T00:00:00Z\","
        + "\"resolved_at\":\"2026-01-01T\(hour):30:00Z\"}\n"
    }.joined().write(toFile: data, atomically: true, encoding: .utf8)
    let report = vigil(
      ["audit", policy, "--data", data, "--report", "accountability", "--format", "csv"]
        + ["--now", "2026-02-01T00:00:00Z"])
    #expect(report.code == 1, "\(report.stderr)")
    let rows = report.stdout.split(separator: "\r\n").filter { !$0.hasPrefix("audit,") }
    // Compared as bytes: `==` on strings would take the pairs of names for one.
    #expect(
      rows.map { Array($0.utf8) }
        == [
          "kind,name,team,policy,violations,open,closed,undetermined,low,medium,high,critical,"
            + "in_scope,met,violated,pending,at_risk,compliance,compliance_of,oldest_open_policy,"
            + "oldest_open_record,oldest_open_measured,value",
          "party,Jos\u{E9},,,1,0,0,1,0,1,0,0,1,0,1,0,0,0,1,,,,",
          "party,K,,,1,0,0,1,0,1,0,0,2,1,1,0,0,0.5,2,,,,",
          "party,Jose\u{301},,,0,0,0,0,0,0,0,0,1,1,0,0,0,1,1,,,,",
          "party,\u{212A},,,0,0,0,0,0,0,0,0,1,1,0,0,0,1,1,,,,",
          "policy,late,,,2,0,0,2,,,,,5,3,2,0,0,0.6,5,,,,",
          "party_policy,Jos\u{E9},,late,1,0,0,1,,,,,1,0,1,0,0,0,1,,,,",
          "party_policy,K,,late,1,0,0,1,,,,,2,1,1,0,0,0.5,2,,,,",
          "party_policy,Jose\u{301},,late,0,0,0,0,,,,,1,1,0,0,0,1,1,,,,",
          "party_policy,\u{212A},,late,0,0,0,0,,,,,1,1,0,0,0,1,1,,,,",
        ].map { Array($0.utf8) })
  }

  /// The HTML page explains the parties without a name where it lists them, and in their
  /// own sections.
  @Test func theHTMLExplainsViolationsWithoutAParty() throws {
    let html = AccountabilityHTML.render(try Self.report())
    #expect(
      html.contains(
        "<li><strong>(none)</strong>: 2 of <code>open_without_note</code> — it only flags: it "
          + "names no party (add accountable: FIELD to name one)</li>"))
    #expect(
      html.contains(
        "<li><strong>&quot;&quot;</strong>: 1 of <code>late_complaints</code> — its party, "
          + "owner, was an empty text</li>"))
    #expect(
      html.contains(
        "<p class=\"note\">1 of <code>late_complaints</code>: its party, owner, was an empty "
          + "text.</p>"))
  }

  @Test(arguments: [ReportFormat.text, .json, .csv])
  func golden(format: ReportFormat) throws {
    var report = try Self.report()
    report.summary.provenance = nil
    let text = AccountabilityWriter(format: format).write(report)
    expectGolden(
      text, "\(Self.folder)/report.\(format.rawValue == "text" ? "txt" : format.rawValue)")
  }
}
