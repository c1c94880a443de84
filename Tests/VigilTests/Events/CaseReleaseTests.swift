import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports

@testable import Vigil

/// A listing of an event log sorted by case releases each case when the next begins
/// (`CaseRelease`): the report must be byte for byte the one of the log judged whole, with
/// one thread or two, in small chunks or the usual ones, whether the log is sorted, not
/// sorted, or sorted until a case comes again near its end (its cases then read again); and
/// a sorted log's tables hold a few cases at a time, however many it has.
@Suite("Case release")
struct CaseReleaseTests {
  typealias Run = ParallelAuditTests.Run

  /// What the audit of a file found, and how many cases it released and held at most.
  struct Audit: Equatable {
    var run: Run
    var cases: Int
    var released: Int
    var mostHeld: Int
  }

  /// Audits `path` as `vigil audit` lists it, releasing sorted cases when `releases`.
  static func audit(
    _ policies: String, _ path: String, format: InputFormat, idField: String, now: Int64,
    jobs: Int, chunkSize: Int?, releases: Bool, report: ReportFormat = .csv
  ) throws -> Audit {
    let set = try PolicySet(contentsOf: [policies])
    var options = AuditOptions(now: now, idField: FieldPath(idField), jobs: jobs)
    options.chunkSize = chunkSize
    options.releasesSortedCases = releases
    let driver = set.driver(options)
    var groups = driver.newTally()
    var output: [UInt8] = []
    var events: [String] = []
    var (counts, stopped) = set.writeReport(
      input: try ByteInput(path: path), format: format, name: "events", driver: driver,
      report: report, groups: &groups, write: { output += $0 },
      event: { events.append(ParallelAuditTests.eventText($0)) })
    let (released, mostHeld) = (groups.casesReleased, groups.mostCasesHeld)
    counts =
      counts
      + set.writeGroupReport(
        &groups, driver: driver, report: report, write: { output += $0 },
        event: { events.append(ParallelAuditTests.eventText($0)) })
    return Audit(
      run: Run(output: output, events: events, counts: counts, stopped: stopped),
      cases: groups.caseCount, released: released, mostHeld: mostHeld)
  }

  /// Expects the same listing (as text: a difference shows as lines), events and counts.
  static func expectSame(_ found: Run, _ expected: Run, _ comment: Comment) {
    #expect(
      String(decoding: found.output, as: UTF8.self)
        == String(decoding: expected.output, as: UTF8.self), comment)
    #expect(found.events == expected.events, comment)
    #expect(found.counts == expected.counts, comment)
    #expect(found.stopped == expected.stopped, comment)
  }

  // MARK: - The case drafts' fixture (JSON Lines), sorted by case

  /// The lines of `CaseDraftTests.events()` grouped by case (each case's events in their
  /// order), the cases in the order reports list them: the missing key first, then the
  /// texts by their UTF-8 bytes.
  static func sortedByCase(_ lines: [String]) -> [String] {
    var cases: [[UInt8]: [String]] = [:]
    var order: [[UInt8]] = []
    for line in lines {
      let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      // The missing key sorts first: no text's bytes are empty here.
      let key = (object?["ticket"] as? String).map { Array($0.utf8) } ?? []
      if cases[key] == nil { order.append(key) }
      cases[key, default: []].append(line)
    }
    return order.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { cases[$0]! }
  }

  /// The fixture's files: the policies, and its events unsorted, sorted by case, and sorted
  /// but for the first case's first event moved to the end (known only at the last chunk).
  static let files: (policies: String, unsorted: String, sorted: String, late: String) = {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("vigil-case-release-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    func write(_ name: String, _ text: String) -> String {
      let path = folder.appendingPathComponent(name).path
      _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
      return path
    }
    let lines = CaseDraftTests.events().split(separator: "\n").map(String.init)
    let sorted = sortedByCase(lines)
    let late = Array(sorted.dropFirst()) + [sorted[0]]
    return (
      write("cases.vigil", CaseDraftTests.policies),
      write("unsorted.jsonl", lines.joined(separator: "\n") + "\n"),
      write("sorted.jsonl", sorted.joined(separator: "\n") + "\n"),
      write("late.jsonl", late.joined(separator: "\n") + "\n")
    )
  }()

  static func fixture(_ path: String, jobs: Int, chunkSize: Int?, releases: Bool) throws -> Audit {
    try audit(
      files.policies, path, format: .jsonl, idField: "ticket", now: CaseDraftTests.now,
      jobs: jobs, chunkSize: chunkSize, releases: releases)
  }

  /// Every kind of finding of the fixture (drafts, made violations, cases at risk, data
  /// errors), in every listing format, the same with cases released as judged whole.
  @Test(arguments: [ReportFormat.csv, .text, .json])
  func sortedLogGivesTheAuditsOutput(_ report: ReportFormat) throws {
    let whole = try Self.audit(
      Self.files.policies, Self.files.sorted, format: .jsonl, idField: "ticket",
      now: CaseDraftTests.now, jobs: 1, chunkSize: nil, releases: false, report: report)
    #expect(whole.run.counts.violations > 1000)
    #expect(whole.run.counts.atRisk > 0)
    #expect(whole.run.counts.dataErrors > 0)
    #expect(whole.released == 0)
    for jobs in [1, 2] {
      for chunkSize in [2048, 1 << 20] {
        let released = try Self.audit(
          Self.files.policies, Self.files.sorted, format: .jsonl, idField: "ticket",
          now: CaseDraftTests.now, jobs: jobs, chunkSize: chunkSize, releases: true,
          report: report)
        Self.expectSame(released.run, whole.run, "jobs \(jobs), chunks of \(chunkSize)")
        #expect(released.cases == 2600, "jobs \(jobs), chunks of \(chunkSize)")
        // All but the last case, released as the next began.
        #expect(released.released == 2599, "jobs \(jobs), chunks of \(chunkSize)")
      }
    }
  }

  /// A log not sorted by case releases none, and one sorted until its last chunk reads the
  /// cases it released again: both give the audit's output.
  @Test(arguments: [1, 2])
  func unsortedLogsGiveTheAuditsOutput(jobs: Int) throws {
    for path in [Self.files.unsorted, Self.files.late] {
      let whole = try Self.fixture(path, jobs: 1, chunkSize: nil, releases: false)
      for chunkSize in [2048, 1 << 20] {
        let released = try Self.fixture(path, jobs: jobs, chunkSize: chunkSize, releases: true)
        Self.expectSame(released.run, whole.run, "\(path), chunks of \(chunkSize)")
        #expect(released.cases == 2600, "\(path), chunks of \(chunkSize)")
        #expect(released.released == 0, "\(path), chunks of \(chunkSize)")
      }
    }
    // The late log was released until its last chunk: its cases were read again.
    let late = try Self.fixture(Self.files.late, jobs: jobs, chunkSize: 2048, releases: true)
    #expect(late.mostHeld > 0)
  }

  /// `vigil audit` of one file (whose cases it releases) lists what it lists of the same log
  /// read from standard input (whose cases it keeps), and says the same on standard error
  /// (the cases counted, released ones included) but for the data's name.
  @Test(arguments: ["1", "2"])
  func commandLineReleasesAFilesCases(jobs: String) throws {
    let text = try String(contentsOfFile: Self.files.sorted, encoding: .utf8)
    let common = [
      "audit", Self.files.policies, "--id", "ticket", "--now", "2026-11-01T00:00:00Z",
      "--format", "csv", "--jobs", jobs,
    ]
    let file = vigil(common + ["--data", Self.files.sorted])
    let piped = vigil(common + ["--data", "-", "--input-format", "jsonl"], stdin: text)
    #expect(file.code == 1)
    #expect(file.stdout.split(separator: "\r\n").count > 1000)
    #expect(file.stdout == piped.stdout)
    #expect(file.stderr.replacingOccurrences(of: Self.files.sorted, with: "stdin") == piped.stderr)
  }

  // MARK: - Retained cases

  /// `count` help desk cases of a CSV log (`ticket,status,at`), sorted by case: each opened,
  /// perhaps assigned, resolved or reopened, with updates in between.
  static func helpDesk(cases count: Int) -> String {
    var state: UInt64 = 7
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let statuses = ["assigned", "updated", "pending", "updated", "resolved", "reopened"]
    var text = "ticket,status,at\n"
    for number in 0..<count {
      // 2026-01-01 plus up to 59 days, then events minutes to days apart.
      var second = 1_767_225_600 + next(59 * 86_400)
      for index in 0..<(1 + next(10)) {
        let status = index == 0 ? "new" : statuses[next(statuses.count)]
        let stamp = ISO8601DateFormatter().string(
          from: Date(timeIntervalSince1970: Double(second)))
        text += "T\(String(format: "%07d", number)),\(status),\(stamp)\n"
        second += 1 + next(2 * 86_400)
      }
    }
    return text
  }

  static let helpDeskPolicies = """
    events per ticket, ordered by at

    define opened = earliest(at)

    policy slow_first_response:
      from opened until earliest(at where status == "assigned") > 24h → flag
      severity: medium

    policy slow_resolution:
      from opened until earliest(at where status == "resolved") > 5d → flag
      warn at 4d
      severity: high

    policy reopened:
      count(status == "reopened") > 0 → flag
      severity: low

    policy left_pending:
      status == "pending" → flag
      severity: low
    """

  /// A sorted log's tables hold the cases of about one chunk, at 500 cases as at 4,000; the
  /// same log's listing is the audit's; the same cases not sorted are all held.
  @Test func sortedLogHoldsFewCases() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("vigil-case-held-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let policies = folder.appendingPathComponent("desk.vigil").path
    _ = FileManager.default.createFile(atPath: policies, contents: Data(Self.helpDeskPolicies.utf8))
    let now: Int64 = 1_772_323_200_000  // 2026-03-01T00:00:00Z
    var held: [Int] = []
    for count in [500, 4000] {
      let text = Self.helpDesk(cases: count)
      let sorted = folder.appendingPathComponent("sorted-\(count).csv").path
      _ = FileManager.default.createFile(atPath: sorted, contents: Data(text.utf8))
      // The same events, the cases interleaved: line i * step of the log as line i, for a
      // step prime to the count (a permutation).
      var lines = text.split(separator: "\n").dropFirst().map(String.init)
      let step = [7, 11, 13].first { lines.count % $0 != 0 }!
      lines = lines.indices.map { lines[($0 * step) % lines.count] }
      let interleaved = folder.appendingPathComponent("interleaved-\(count).csv").path
      _ = FileManager.default.createFile(
        atPath: interleaved,
        contents: Data(("ticket,status,at\n" + lines.joined(separator: "\n") + "\n").utf8))
      for jobs in [1, 2] {
        let whole = try Self.audit(
          policies, sorted, format: .csv, idField: "ticket", now: now, jobs: 1, chunkSize: nil,
          releases: false)
        let released = try Self.audit(
          policies, sorted, format: .csv, idField: "ticket", now: now, jobs: jobs,
          chunkSize: 4096, releases: true)
        Self.expectSame(released.run, whole.run, "\(count) cases, jobs \(jobs)")
        #expect(whole.run.counts.violations > count / 4, "\(count) cases")
        #expect(released.cases == count)
        #expect(released.released == count - 1)
        held.append(released.mostHeld)
        let unsorted = try Self.audit(
          policies, interleaved, format: .csv, idField: "ticket", now: now, jobs: jobs,
          chunkSize: 4096, releases: true)
        #expect(unsorted.released == 0)
        #expect(unsorted.cases == count)
      }
    }
    // A chunk of 4,096 bytes holds about 150 events: at most 40 cases, and one before them.
    #expect(held.allSatisfy { $0 > 1 && $0 <= 41 }, "\(held)")
  }
}
