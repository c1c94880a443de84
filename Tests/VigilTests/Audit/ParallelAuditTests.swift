import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports
import VigilSyntax

@testable import Vigil

/// Output must be byte-identical whatever the number of threads and wherever chunks are cut.
@Suite("Parallel audit")
struct ParallelAuditTests {
  struct Run: Equatable {
    var output: [UInt8]
    var events: [String]
    var counts: AuditCounts
    var stopped: Bool
  }

  static let now: Int64 = 1_795_564_800_000

  /// Each case: its name (of its golden files), the policies, the records and the id field.
  static let inputs: [(name: String, rules: String, data: String, id: String)] = [
    ("interactions_jsonl", "rules", "examples/interactions.jsonl", "id"),
    ("interactions_csv", "rules", "examples/interactions.csv", "id"),
    ("months", "rules", "examples/months.jsonl", "id"),
    (
      "cli_jsonl", "Tests/VigilTests/Fixtures/cli/policy.vigil",
      "Tests/VigilTests/Fixtures/cli/records.jsonl", "id"
    ),
    (
      "cli_csv", "Tests/VigilTests/Fixtures/cli/policy.vigil",
      "Tests/VigilTests/Fixtures/cli/records.csv", "Ticket No"
    ),
    (
      "nyc311", "examples/nyc311.vigil",
      "examples/data/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv", "Unique Key"
    ),
    (
      "sequence", "Tests/VigilTests/Fixtures/groups/sequence.vigil",
      "Tests/VigilTests/Fixtures/groups/records.jsonl", "id"
    ),
    (
      "helpdesk_events", "examples/helpdesk_events.vigil",
      "examples/data/helpdesk_eventlog_italy/helpdesk.csv", "Case ID"
    ),
    (
      "nyc311_groups", "examples/nyc311_groups.vigil",
      "examples/data/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv", "Unique Key"
    ),
    (
      "cfpb", "examples/cfpb.vigil",
      "examples/data/cfpb_complaints_2013/Consumer_Complaints_1000.csv", "complaint_id"
    ),
  ]

  /// Where the expected outputs of the cases are kept.
  static let goldens = "Tests/VigilTests/Fixtures/parallel"

  /// The counts, whether the audit stopped, and every event of `run`, one per line.
  static func eventsText(_ run: Run) -> String {
    let counts = run.counts
    let summary =
      "audited \(counts.audited), rejected \(counts.rejected), violations \(counts.violations)"
      + " (\(counts.open) open), data errors \(counts.dataErrors), not enough data"
      + " \(counts.notEnoughData), at risk \(counts.atRisk)\(run.stopped ? ", stopped" : "")"
    return ([summary] + run.events).map { $0 + "\n" }.joined()
  }

  /// Compares `run` with the golden files `NAME.EXTENSION` (the report) and `NAME.events`,
  /// with paths relative to the repository.
  static func expectGoldens(
    _ run: Run, _ name: String, extension: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    expectGolden(
      relative(String(decoding: run.output, as: UTF8.self)),
      "\(goldens)/\(name).\(`extension`)", sourceLocation: sourceLocation)
    expectGolden(
      relative(eventsText(run)), "\(goldens)/\(name).events", sourceLocation: sourceLocation)
  }

  func run(
    _ rules: String, _ data: String, id: String, jobs: Int, chunkSize: Int,
    report: ReportFormat = .csv, strict: Bool = false
  ) throws -> Run {
    let policies = try PolicySet(contentsOf: [repoPath(rules)])
    let path =
      data.hasPrefix("../")
      ? Paths.root.appendingPathComponent(data).standardized.path : repoPath(data)
    let input: ByteInput
    do {
      input = try ByteInput(path: path)
    } catch {
      throw FixtureError(path: data, problem: "cannot be read: \(error)")
    }
    var options = AuditOptions(
      now: Self.now, idField: FieldPath(id), jobs: jobs, strict: strict)
    options.chunkSize = chunkSize
    var output: [UInt8] = []
    var events: [String] = []
    let (counts, stopped) = policies.writeReport(
      input: input, format: InputFormat(path: path) ?? .jsonl, name: "data", options: options,
      report: report, write: { output += $0 },
      event: { events.append(Self.eventText($0)) })
    return Run(output: output, events: events, counts: counts, stopped: stopped)
  }

  /// An audit's event as the goldens' `.events` files show it.
  static func eventText(_ event: AuditEvent) -> String {
    switch event {
    case .rejected(let rejection): "\(rejection.line): \(rejection.reason)"
    case .dataError(let error):
      "\(error.line) \(error.record) \(error.policy): \(error.error.message)"
    case .notEnoughData(let shortfall):
      "\(shortfall.policy) \(shortfall.group.name): not enough data"
    case .warning(let warning): "warning: \(warning.message)"
    }
  }

  @Test(arguments: inputs.indices)
  func sameOutputWhateverTheThreadsAndChunks(_ index: Int) throws {
    let (name, rules, data, id) = Self.inputs[index]
    let reference = try run(rules, data, id: id, jobs: 1, chunkSize: 1 << 30)
    Self.expectGoldens(reference, name, extension: "csv")
    for (jobs, chunkSize) in [(1, 64), (2, 64), (2, 997), (3, 4096), (2, 1 << 16)] {
      let other = try run(rules, data, id: id, jobs: jobs, chunkSize: chunkSize)
      #expect(other == reference, "jobs \(jobs), chunks of \(chunkSize) bytes")
    }
  }

  @Test func recordsWithoutIdsAreNamedByTheirRealLine() throws {
    let reference = try run(
      "Tests/VigilTests/Fixtures/cli/policy.vigil", "Tests/VigilTests/Fixtures/cli/records.jsonl",
      id: "no_such_field", jobs: 1, chunkSize: 1 << 30, report: .text)
    // The record of line 7 is named data:7 (see the golden file).
    Self.expectGoldens(reference, "no_ids", extension: "txt")
    let chunked = try run(
      "Tests/VigilTests/Fixtures/cli/policy.vigil", "Tests/VigilTests/Fixtures/cli/records.jsonl",
      id: "no_such_field", jobs: 2, chunkSize: 50, report: .text)
    #expect(chunked == reference)
  }

  @Test func strictStopsAtTheSameRecord() throws {
    let reference = try run(
      "Tests/VigilTests/Fixtures/cli/policy.vigil", "Tests/VigilTests/Fixtures/cli/records.jsonl",
      id: "id", jobs: 1, chunkSize: 1 << 30, strict: true)
    #expect(reference.stopped)
    Self.expectGoldens(reference, "strict", extension: "csv")
    for chunkSize in [30, 100, 300] {
      let chunked = try run(
        "Tests/VigilTests/Fixtures/cli/policy.vigil",
        "Tests/VigilTests/Fixtures/cli/records.jsonl", id: "id", jobs: 2, chunkSize: chunkSize,
        strict: true)
      #expect(chunked == reference, "chunks of \(chunkSize) bytes")
    }
  }

  static let policy = """
    define unresolved = from created_at until resolved_at
    policy slow:
      unresolved > 48h -> escalate to owner
    """

  /// Each input: its name, format, text, the records audited, the violations (a record with
  /// a start is open since November) and the rejected lines.
  static let edgeInputs:
    [(
      name: String, format: InputFormat, text: String, audited: Int, violations: Int,
      rejected: [String]
    )] = [
      ("empty JSON Lines", .jsonl, "", 0, 0, []),
      ("empty CSV", .csv, "", 0, 0, []),
      ("CSV header only", .csv, "id,owner,created_at\r\n", 0, 0, []),
      (
        "JSON Lines with a byte order mark and no final newline", .jsonl,
        "\u{FEFF}{\"id\":\"a\",\"owner\":\"o\",\"created_at\":\"2026-11-01T00:00:00Z\"}\n\n"
          + "{\"id\":\"b\",\"owner\":\"p\",\"created_at\":\"2026-11-02T00:00:00Z\"}", 2, 2, []
      ),
      (
        "CSV with a byte order mark, CRLF and a quoted newline", .csv,
        "\u{FEFF}id,owner,created_at,note\r\na,o,2026-11-01T00:00:00Z,\"x\r\ny\"\r\n"
          + "b,p,2026-11-02T00:00:00Z,z", 2, 2, []
      ),
      (
        "a malformed CSV header", .csv, "id,\"owner\nb,c\n", 0, 0,
        ["1: invalid header: unterminated quoted field 2"]
      ),
      (
        "JSON Lines with a byte order mark inside", .jsonl,
        "{\"id\":\"a\"}\n\u{FEFF}{\"id\":\"b\"}\n", 1, 0,
        ["2: invalid JSON at column 1: expected a JSON object"]
      ),
    ]

  @Test(arguments: edgeInputs.indices)
  func edgesOfInputs(_ index: Int) throws {
    let (name, format, text, audited, violations, rejected) = Self.edgeInputs[index]
    let policies = try PolicySet(source: Self.policy, file: "p.vigil")
    func run(jobs: Int, chunkSize: Int) -> Run {
      var options = AuditOptions(now: Self.now, jobs: jobs)
      options.chunkSize = chunkSize
      var output: [UInt8] = []
      var events: [String] = []
      let (counts, stopped) = policies.writeReport(
        input: ByteInput(string: text), format: format, name: "in", options: options,
        write: { output += $0 },
        event: { event in
          if case .rejected(let rejection) = event {
            events.append("\(rejection.line): \(rejection.reason)")
          }
        })
      return Run(output: output, events: events, counts: counts, stopped: stopped)
    }
    let reference = run(jobs: 1, chunkSize: 1 << 20)
    #expect(reference.counts.audited == audited, "\(name)")
    #expect(reference.counts.rejected == rejected.count, "\(name)")
    #expect(reference.events == rejected, "\(name)")
    #expect(reference.counts.violations == violations, "\(name)")
    for chunkSize in [1, 7, 40] {
      #expect(run(jobs: 2, chunkSize: chunkSize) == reference, "\(name), chunks of \(chunkSize)")
    }
  }

  /// Parties and ids are read only for violations; what they say must not change for that.
  @Test func partiesReadLateAreTheSame() throws {
    let text = [
      #"{"id":"a","owner":"first","owner":"second","created_at":"2026-11-01T00:00:00Z"}"#,
      #"{"id":"b","owner":"x","owner":7,"created_at":"2026-11-01T00:00:00Z"}"#,
      #"{"id":"c\u0021","owner":"caf\u00e9 \"q\"","created_at":"2026-11-01T00:00:00Z"}"#,
      #"{"id":"d","owner":"ünï","created_at":"2026-11-01T00:00:00Z"}"#,
      #"{"owner":"no id","created_at":"2026-11-01T00:00:00Z"}"#,
    ].joined(separator: "\n")
    let policies = try PolicySet(source: Self.policy, file: "p.vigil")
    var output: [UInt8] = []
    _ = policies.writeReport(
      input: ByteInput(string: text), format: .jsonl, name: "in",
      options: AuditOptions(now: Self.now), report: .csv, write: { output += $0 }, event: { _ in })
    let rows = String(decoding: output, as: UTF8.self).split(separator: "\r\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).prefix(4).dropFirst(2)
        .joined(separator: " ")
    }
    #expect(rows == ["a second", "b 7", "c! \"café \"\"q\"\"\"", "d ünï", "in:5 no id"])
  }

  /// Times are read when a policy gets to them; escapes, bad texts and repeated keys too.
  @Test func timesReadLateAreTheSame() throws {
    let text = [
      #"{"id":"a","owner":"o","created_at":"2026-11-01T00:00:00\u005A"}"#,
      #"{"id":"b","owner":"o","created_at":"later"}"#,
      #"{"id":"c","owner":"o","created_at":"2026-11-24T12:00:00Z","created_at":"2026-11-01T00:00:00Z"}"#,
      #"{"id":"d","owner":"o","created_at":"2026-11-01T00:00:00Z","created_at":null}"#,
      #"{"id":"e","owner":"o","created_at":"2026-11-01T00:00:00+01:00","resolved_at":"2026-11-24T00:00:00.5Z"}"#,
    ].joined(separator: "\n")
    let policies = try PolicySet(source: Self.policy, file: "p.vigil")
    var output: [UInt8] = []
    var errors: [String] = []
    _ = policies.writeReport(
      input: ByteInput(string: text), format: .jsonl, name: "in",
      options: AuditOptions(now: Self.now), report: .json, write: { output += $0 },
      event: { event in
        if case .dataError(let report) = event {
          errors.append("\(report.record): \(report.error.message)")
        }
      })
    let records = try jsonViolations(String(decoding: output, as: UTF8.self), summary: false)
      .map(\.record)
    #expect(records == ["a", "c", "e"])
    #expect(errors == ["b: cannot read 'later' as a time"])
  }
}
