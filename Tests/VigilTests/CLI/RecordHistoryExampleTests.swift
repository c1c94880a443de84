import Foundation
import Testing

/// examples/helpdesk_tickets.vigil over examples/helpdesk_tickets.jsonl: 600 tickets of the
/// real help desk log folded into records, each with its own list of changes
/// (examples/helpdesk_tickets_generate.py). Holders and cycles read from a record's own
/// history must find what the event log's policies find over the same cases.
@Suite("Example: a record's own history (helpdesk_tickets)")
struct RecordHistoryExampleTests {
  let base = [
    "audit", "examples/helpdesk_tickets.vigil", "--data", "examples/helpdesk_tickets.jsonl",
    "--now", "2014-01-04T00:00:00Z",
  ]

  /// The violations (each cycle named, each late ticket's holders) and the accountability
  /// report (its "By cycle" and "By holder" sections), as golden files.
  @Test func goldens() throws {
    try Paths.enterRoot()
    let text = vigil(base)
    #expect(text.code == 1)
    expectGolden(text.stdout, "examples/expected/helpdesk_tickets.txt")
    let report = vigil(base + ["--report", "accountability"])
    #expect(report.code == 1)
    expectGolden(report.stdout, "examples/expected/helpdesk_tickets_accountability.txt")
  }

  /// The record export's violations are the event log's, case for record: the same tickets
  /// late, the same parties, lengths, cycles and holders (with their times and shares), for
  /// the policies helpdesk_holders.vigil and helpdesk_cycles.vigil measure the same way,
  /// over the log's rows of the same 600 cases.
  @Test func sameAsTheEventLog() throws {
    try Paths.enterRoot()
    let folder = try temporaryFolder("tickets")
    defer { try? FileManager.default.removeItem(at: folder) }
    let log = try String(
      contentsOf: Paths.root.appendingPathComponent(
        "examples/data/helpdesk_eventlog_italy/helpdesk.csv"), encoding: .utf8)
    var cases: Set<Substring> = []
    var rows: [Substring] = []
    for (index, row) in log.split(whereSeparator: \.isNewline).enumerated() {
      guard index > 0 else {
        rows.append(row)
        continue
      }
      let key = row.prefix { $0 != "," }
      if !cases.contains(key) {
        guard cases.count < 600 else { continue }
        cases.insert(key)
      }
      rows.append(row)
    }
    // The header and the 2,769 rows of the first 600 cases.
    #expect(cases.count == 600 && rows.count == 2_770)
    let subset = folder.appendingPathComponent("helpdesk600.csv")
    try (rows.joined(separator: "\n") + "\n").write(to: subset, atomically: true, encoding: .utf8)
    let events = ["examples/helpdesk_holders.vigil", "examples/helpdesk_cycles.vigil"].flatMap {
      file in
      findings(
        vigil([
          "audit", file, "--data", subset.path, "--now", "2014-01-04T00:00:00Z", "--format",
          "json",
        ]).stdout)
    }
    let records = findings(vigil(base + ["--format", "json"]).stdout)
    let compared: Set<String> = [
      "late_resolution", "late_resolution_not_waiting", "slow_resolution_every_cycle",
      "slow_resolution_last_cycle",
    ]
    let fromEvents = events.filter { compared.contains($0.policy) }.sorted()
    #expect(fromEvents.count == 251)
    let fromRecords = records.sorted()
    #expect(fromRecords.count == fromEvents.count)
    // The first that differs, if any (the whole lists are long).
    let differing = zip(fromRecords, fromEvents).first { $0 != $1 }
    #expect(differing == nil, "\(String(describing: differing))")
  }

  /// A violation of a JSON report as the comparison reads it: the measured value without its
  /// label (the two files name their states differently), the holders' JSON re-encoded with
  /// sorted keys.
  private struct Finding: Comparable {
    var policy, record, party, open, measured, window, holders: String

    static func < (lhs: Finding, rhs: Finding) -> Bool {
      (lhs.policy, lhs.record, lhs.window) < (rhs.policy, rhs.record, rhs.window)
    }
  }

  private func findings(_ report: String) -> [Finding] {
    report.split(separator: "\n").compactMap { line in
      guard
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let policy = object["policy"] as? String
      else { return nil }
      // No holders: no column (a report whose policies name none), or null in it.
      let holders =
        (object["holders"] as? [Any]).flatMap {
          try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys])
        }.map { String(decoding: $0, as: UTF8.self) } ?? "-"
      let measured = (object["measured"] as? String ?? "").drop { $0 != " " }
      return Finding(
        policy: policy, record: object["record"] as? String ?? "",
        party: object["party"] as? String ?? "-", open: "\(object["open"] ?? "-")",
        measured: String(measured), window: object["window"] as? String ?? "-",
        holders: holders)
    }
  }
}
