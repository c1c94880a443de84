import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports

@testable import Vigil

@Suite("Accountability report")
struct AccountabilityTests {
  static let folder = "Tests/VigilTests/Fixtures/accountability"

  /// The report of the fixture, audited with `jobs` threads and chunks of `chunkSize` bytes.
  func report(jobs: Int = 1, chunkSize: Int = 1 << 20) throws -> AccountabilityReport {
    let policies = try PolicySet(contentsOf: [repoPath("\(Self.folder)/policies.vigil")])
    let directory = try Directory.read(
      input: try ByteInput(path: repoPath("\(Self.folder)/people.csv")), format: .csv,
      name: "people.csv")
    var options = AuditOptions(
      now: 1_795_564_800_000, jobs: jobs, directory: directory)
    options.accountability = true
    options.chunkSize = chunkSize
    let driver = policies.driver(options)
    var tally = driver.newTally()
    var written: [UInt8] = []
    var (counts, _) = policies.writeReport(
      input: try ByteInput(path: repoPath("\(Self.folder)/records.jsonl")), format: .jsonl,
      name: "records.jsonl", driver: driver, groups: &tally, write: { written += $0 },
      event: { _ in })
    counts =
      counts
      + policies.writeGroupReport(&tally, driver: driver, write: { written += $0 }, event: { _ in })
    #expect(written.isEmpty, "the accountability report lists no violations")
    return policies.accountabilityReport(
      tally, counts: counts, now: options.now, directory: directory)
  }

  @Test func countsEachPartysShare() throws {
    let report = try report()
    #expect(report.parties.map(\.name) == ["ana", "bo", "(none)"])
    let ana = report.parties[0]
    #expect(ana.team == "phones")
    // `unhappy` has no state: its violation is neither open nor closed.
    #expect((ana.violations, ana.open, ana.closed, ana.undetermined) == (3, 2, 0, 1))
    #expect(ana.bySeverity == [1, 1, 1, 0])
    #expect(ana.byPolicy == ["late_complaints": 1, "follow_up": 1, "unhappy": 1])
    // In scope: C1, C2 (complaints), P1 (a purchase), the survey group; C1 met.
    #expect((ana.inScope, ana.met) == (4, 1))
    #expect(ana.compliance == 0.25)
    // The open breach measured longest: P1, unfollowed for 1320h (C2 is open 576h).
    #expect(ana.oldestOpen?.policy == "follow_up")
    #expect(ana.oldestOpen?.record == "P1")
    let bo = report.parties[1]
    #expect((bo.violations, bo.open, bo.inScope, bo.met) == (2, 1, 4, 2))
    #expect(bo.oldestOpen?.record == "C4")
    let none = report.parties[2]
    #expect((none.violations, none.inScope, none.met, none.compliance) == (0, 1, 1, 1.0))
  }

  /// A party literally named `(none)` and the row of what no party answers for have the
  /// same name and, here, the same counts: the party comes first, whatever order the tally's
  /// dictionary holds them in, and only the row without a party gets the note saying why.
  @Test func aPartyNamedNoneComesBeforeTheRowWithoutAParty() throws {
    let policies = try PolicySet(
      source: """
        policy late:
          type == "complaint" → notify owner
        """, file: "p.vigil")
    let records = """
      {"id": "A", "type": "complaint", "owner": "(none)"}
      {"id": "B", "type": "complaint"}
      {"id": "C", "type": "complaint", "owner": "ana"}
      {"id": "D", "type": "complaint", "owner": "ana"}

      """
    for jobs in [1, 2] {
      var options = AuditOptions(now: 1_795_564_800_000, jobs: jobs)
      options.accountability = true
      let driver = policies.driver(options)
      var tally = driver.newTally()
      var (counts, _) = policies.writeReport(
        input: ByteInput(string: records), format: .jsonl, name: "records.jsonl",
        driver: driver, groups: &tally, write: { _ in }, event: { _ in })
      counts =
        counts
        + policies.writeGroupReport(&tally, driver: driver, write: { _ in }, event: { _ in })
      let report = policies.accountabilityReport(
        tally, counts: counts, now: options.now, directory: nil)
      #expect(report.parties.map(\.name) == ["ana", "(none)", "(none)"])
      #expect(report.parties.map(\.isNoParty) == [false, false, true])
      #expect(report.parties.map(\.violations) == [2, 1, 1])
      #expect(report.unaddressed.map(\.why) == ["its party, owner, was missing"])
    }
  }

  @Test func rollsUpByTeamAndManager() throws {
    let report = try report()
    #expect(report.teams.map(\.name) == ["phones", "(no party)"])
    #expect(report.teams[0].violations == 5)
    #expect(report.teams[0].members == ["ana", "bo"])
    #expect(report.managers.map(\.name) == ["maria", "olu"])
    #expect(report.managers.map(\.violations) == [5, 5])
    #expect(report.managers[0].compliance == 3.0 / 8.0)
  }

  @Test func totalsEachPolicy() throws {
    let report = try report()
    #expect(report.policies.map(\.name) == ["late_complaints", "follow_up", "unhappy"])
    #expect(report.policies.map(\.violations) == [3, 1, 1])
    #expect(report.policies.map(\.inScope) == [5, 2, 2])
    #expect(report.policies.map(\.met) == [2, 1, 1])
  }

  @Test("the same report whatever the threads and chunks", arguments: [(1, 64), (2, 64), (2, 300)])
  func parallel(jobs: Int, chunkSize: Int) throws {
    let reference = try report()
    let other = try report(jobs: jobs, chunkSize: chunkSize)
    let json = AccountabilityWriter(format: .json)
    #expect(json.write(other) == json.write(reference))
    // The HTML lists each party's violations, in input order whatever the chunks.
    #expect(AccountabilityHTML.render(other) == AccountabilityHTML.render(reference))
    #expect(reference.parties[0].lines.map(\.record) == ["C2", "P1", "ana"])
  }

  @Test(arguments: [ReportFormat.text, .json, .csv])
  func golden(format: ReportFormat) throws {
    let text = AccountabilityWriter(format: format).write(try report())
    expectGolden(
      text, "\(Self.folder)/report.\(format.rawValue == "text" ? "txt" : format.rawValue)")
  }
}
