import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports
import VigilSyntax

@testable import Vigil

/// A listing written as it is found writes a plain violation from its draft
/// (`ViolationDraft`, `ViolationWriter.write(_:to:)`), not from a made `Violation`: the two
/// must give the same bytes, for every kind of violation, party and cell.
@Suite("Violation drafts")
struct ViolationDraftTests {
  typealias Run = ParallelAuditTests.Run

  static let folder = "Tests/VigilTests/Fixtures/drafts"

  /// The listing written as it is found, on the audit's threads (drafts), in `report`.
  func rendered(
    _ rules: String, _ data: String, id: String, jobs: Int, report: ReportFormat
  ) throws -> Run {
    let policies = try PolicySet(contentsOf: [repoPath(rules)])
    let path = repoPath(data)
    var options = AuditOptions(now: ParallelAuditTests.now, idField: FieldPath(id), jobs: jobs)
    options.chunkSize = 997
    let driver = policies.driver(options)
    var groups = driver.newTally()
    var output: [UInt8] = []
    var events: [String] = []
    func event(_ event: AuditEvent) { events.append(ParallelAuditTests.eventText(event)) }
    var (counts, stopped) = policies.writeReport(
      input: try ByteInput(path: path), format: InputFormat(path: path) ?? .jsonl, name: "data",
      driver: driver, report: report, groups: &groups, write: { output += $0 }, event: event)
    counts =
      counts
      + policies.writeGroupReport(
        &groups, driver: driver, report: report, write: { output += $0 }, event: event)
    return Run(output: output, events: events, counts: counts, stopped: stopped)
  }

  @Test(arguments: [ReportFormat.csv, .text, .json])
  func draftsWriteWhatViolationsWrite(_ report: ReportFormat) throws {
    let rules = "\(Self.folder)/policy.vigil"
    let data = "\(Self.folder)/records.jsonl"
    let made = try ParallelAuditTests().run(
      rules, data, id: "id", jobs: 1, chunkSize: 1 << 30, report: report)
    ParallelAuditTests.expectGoldens(made, "../drafts/listing", extension: "\(report)")
    for jobs in [1, 2] {
      let drafted = try rendered(rules, data, id: "id", jobs: jobs, report: report)
      expectSame(drafted, made, "jobs \(jobs)")
    }
  }

  /// The same report bytes, events and counts.
  func expectSame(
    _ drafted: Run, _ made: Run, _ comment: Comment,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    #expect(
      String(decoding: drafted.output, as: UTF8.self)
        == String(decoding: made.output, as: UTF8.self), comment, sourceLocation: sourceLocation)
    #expect(drafted.events == made.events, comment, sourceLocation: sourceLocation)
    #expect(drafted.counts == made.counts, comment, sourceLocation: sourceLocation)
    #expect(drafted.stopped == made.stopped, comment, sourceLocation: sourceLocation)
  }

  /// The accountability report of the fixture: its violations counted from their drafts,
  /// made only for the HTML report's lists and the oldest open breaches.
  func accountability(jobs: Int, html: Bool) throws -> AccountabilityReport {
    try accountability(
      "\(Self.folder)/policy.vigil", "\(Self.folder)/records.jsonl", id: "id", jobs: jobs,
      html: html, chunkSize: 997)
  }

  /// The accountability report of `data` under `rules`: a report that lists no party's
  /// violations (`html` false) counts a plain violation in the chunk's `ScopeCounter`, one
  /// that lists them in the party's share.
  func accountability(
    _ rules: String, _ data: String, id: String, jobs: Int, html: Bool, chunkSize: Int
  ) throws -> AccountabilityReport {
    let policies = try PolicySet(contentsOf: [repoPath(rules)])
    var options = AuditOptions(now: ParallelAuditTests.now, idField: FieldPath(id), jobs: jobs)
    options.accountability = true
    options.listsPartyViolations = html
    options.chunkSize = chunkSize
    let driver = policies.driver(options)
    var tally = driver.newTally()
    let path = repoPath(data)
    var (counts, _) = policies.writeReport(
      input: try ByteInput(path: path), format: InputFormat(path: path) ?? .jsonl,
      name: (data as NSString).lastPathComponent, driver: driver, groups: &tally,
      write: { _ in }, event: { _ in })
    counts =
      counts + policies.writeGroupReport(&tally, driver: driver, write: { _ in }, event: { _ in })
    return policies.accountabilityReport(tally, counts: counts, now: options.now, directory: nil)
  }

  /// The report's golden files were checked equal to those of the build before drafts (the
  /// same fixture through `vigil audit --report accountability`, in every format).
  @Test func accountabilityCountsDraftsAsItCountedViolations() throws {
    for jobs in [1, 2] {
      let csv = AccountabilityWriter(format: .csv).write(
        try accountability(jobs: jobs, html: false))
      expectGolden(csv, "\(Self.folder)/accountability.csv")
      let report = try accountability(jobs: jobs, html: true)
      #expect(report.parties.map { $0.lines.map(\.record) } == Self.keptRecords, "jobs \(jobs)")
    }
  }

  /// The records each party's list keeps, party by party, as the report orders them.
  static let keptRecords = [
    ["r2", "r4", "r4", "r4", "5", "5", "5"], ["r1", "r1", "r1", "r1"], ["r4", "r4", "r4"],
    ["r2", "r2", "r2"], ["r1", "r1", "r6"], ["r2", "r2"], ["5", "5"], ["records.jsonl:3"],
    ["records.jsonl:3"], ["r7"], [],
  ]

  /// A report that lists no party's violations counts plain ones with the records in scope
  /// (`ScopeCounter.addViolation`); one that lists them counts them in the parties' shares:
  /// the same counts and oldest open breaches, whatever the threads and chunks.
  @Test(arguments: ParallelAuditTests.inputs.indices)
  func countedWithTheScopesAsInTheShares(_ index: Int) throws {
    let (name, rules, data, id) = ParallelAuditTests.inputs[index]
    let shares = try accountability(rules, data, id: id, jobs: 1, html: true, chunkSize: 1 << 30)
    let expected = AccountabilityWriter(format: .csv).write(shares)
    for (jobs, chunkSize) in [(1, 1 << 30), (2, 1 << 30), (2, 997), (2, 4093)] {
      let scopes = try accountability(
        rules, data, id: id, jobs: jobs, html: false, chunkSize: chunkSize)
      #expect(
        AccountabilityWriter(format: .csv).write(scopes) == expected,
        "\(name), jobs \(jobs), chunks of \(chunkSize)")
    }
  }

  @Test(arguments: ParallelAuditTests.inputs.indices)
  func draftsOfEveryExampleWriteWhatViolationsWrite(_ index: Int) throws {
    let (name, rules, data, id) = ParallelAuditTests.inputs[index]
    let made = try ParallelAuditTests().run(rules, data, id: id, jobs: 1, chunkSize: 1 << 30)
    let drafted = try rendered(rules, data, id: id, jobs: 2, report: .csv)
    expectSame(drafted, made, "\(name)")
  }
}
