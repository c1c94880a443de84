import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports

@testable import Vigil

/// A listing of an event log writes a case's violation of a plain policy from its draft
/// (`CaseDraft`, written on the thread that judged the case), not from a made `Violation`:
/// the two must give the same bytes, in every format, for every kind of party, measurement,
/// key and case, and with one thread or two (cases judged block by block).
@Suite("Case drafts")
struct CaseDraftTests {
  typealias Run = ParallelAuditTests.Run

  /// Policies over every kind of cell a case's violation has: a party that is the action's
  /// or accountable, none (`flag`), an escalation chain (made, not drafted), states open and
  /// closed, with labels a CSV cell must quote and labels it need not, a share (a
  /// percentage), a sum (a number), a latest value (no measurement), cases at risk and data
  /// errors (a text compared with a number).
  static let policies = """
    events per ticket, ordered by at

    define opened = earliest(at)

    policy first_response:
      from opened until earliest(at where status == "assigned") > 24h → notify agent
      severity: medium

    policy resolution:
      from opened until earliest(at where status == "resolved") > 5d → escalate to agent
      warn at 4d
      accountable: team
      severity: high

    policy reopened:
      count(status == "reopened") > 0 → flag
      severity: low

    policy mostly_updates:
      share(status == "updated") > 50% → flag

    policy costly:
      sum(cost) > 100 → notify team

    policy left_pending:
      status == "pending" → notify agent
      accountable: team

    policy chain:
      from opened until latest(at) > 2d → escalate to agent, then "head" after 24h

    policy priced:
      price > 50 → flag

    policy long_open:
      from opened until latest(at) > 3d → flag
    """

  /// 2,600 cases (more than a block of `CaseJudging`, so that two threads judge them), of one
  /// to seven events each, with keys a CSV cell must quote or neutralise, keys not ASCII, a
  /// missing key, missing and odd parties, control characters a text line escapes, and texts
  /// where numbers are read.
  static func events() -> String {
    var state: UInt64 = 42
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let keys = ["T,%d", "=T%d", "T\"%d", "Të%d", "T%d", "-%d", "T %d", "T\\t%d"]
    let statuses = ["new", "assigned", "updated", "pending", "resolved", "reopened"]
    let agents = ["\"ana\"", "\"bo, jr\"", "null", "\"=cy\"", "\"dë\"", "\"e\\nf\""]
    let stamp = ISO8601DateFormatter()
    var lines: [String] = []
    for number in 0..<2600 {
      let key =
        number == 7
        ? "null"
        : "\""
          + String(format: keys[number % keys.count], number)
          .replacingOccurrences(of: "\"", with: "\\\"") + "\""
      var minute = next(60 * 24 * 31)
      for index in 0..<(1 + next(7)) {
        let status = index == 0 ? "new" : statuses[next(statuses.count)]
        // From 2026-10-01, some after now (left out).
        let time = stamp.string(
          from: Date(timeIntervalSince1970: 1_790_812_800 + 60 * Double(minute)))
        let price = next(10) == 0 ? "\"n/a\"" : String(next(100))
        lines.append(
          "{\"ticket\":\(key),\"at\":\"\(time)\",\"status\":\"\(status)\","
            + "\"agent\":\(agents[next(agents.count)]),\"team\":\"t\(next(3))\","
            + "\"cost\":\(next(60)),\"price\":\(price)}")
        minute += next(60 * 24)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The fixture's policies and events, written once.
  static let files: (policies: String, events: String) = {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("vigil-case-drafts-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let policies = folder.appendingPathComponent("cases.vigil").path
    let events = folder.appendingPathComponent("events.jsonl").path
    _ = FileManager.default.createFile(atPath: policies, contents: Data(Self.policies.utf8))
    _ = FileManager.default.createFile(atPath: events, contents: Data(Self.events().utf8))
    return (policies, events)
  }()

  static let now: Int64 = 1_793_491_200_000  // 2026-11-01T00:00:00Z

  /// The listing as `vigil audit` writes it: the cases judged with `renderer` (drafts written
  /// by `ViolationWriter`, or counted first by `CountingRenderer`).
  func drafted(jobs: Int, report: ReportFormat, counting: CountingRenderer? = nil) throws -> Run {
    let policies = try PolicySet(contentsOf: [Self.files.policies])
    let driver = policies.driver(
      AuditOptions(now: Self.now, idField: FieldPath("ticket"), jobs: jobs))
    var groups = driver.newTally()
    var output: [UInt8] = []
    var events: [String] = []
    var (counts, stopped) = policies.writeReport(
      input: try ByteInput(path: Self.files.events), format: .jsonl, name: "events",
      driver: driver, report: report, groups: &groups, write: { output += $0 },
      event: { events.append(ParallelAuditTests.eventText($0)) })
    let writer = ViolationWriter(format: report, program: driver.program)
    counts =
      counts
      + driver.judge(&groups, renderer: counting.map { $0 as any FindingRenderer } ?? writer) {
        found, bytes in
        for case .event(let event) in found { events.append(ParallelAuditTests.eventText(event)) }
        output += bytes
      }
    return Run(output: output, events: events, counts: counts, stopped: stopped)
  }

  /// The listing with every case's violation made a `Violation` and then written.
  func made(jobs: Int, report: ReportFormat) throws -> Run {
    let policies = try PolicySet(contentsOf: [Self.files.policies])
    var output: [UInt8] = []
    var events: [String] = []
    let (counts, stopped) = policies.writeReport(
      input: try ByteInput(path: Self.files.events), format: .jsonl, name: "events",
      options: AuditOptions(now: Self.now, idField: FieldPath("ticket"), jobs: jobs),
      report: report, write: { output += $0 },
      event: { events.append(ParallelAuditTests.eventText($0)) })
    return Run(output: output, events: events, counts: counts, stopped: stopped)
  }

  @Test(arguments: [ReportFormat.csv, .text, .json])
  func draftsWriteWhatViolationsWrite(_ report: ReportFormat) throws {
    let made = try self.made(jobs: 1, report: report)
    // Every kind of finding is there: drafts, made violations (the chain), cases at risk,
    // data errors.
    #expect(made.counts.violations > 1000)
    #expect(made.counts.atRisk > 0)
    #expect(made.counts.dataErrors > 0)
    for jobs in [1, 2] {
      let drafted = try drafted(jobs: jobs, report: report)
      #expect(
        String(decoding: drafted.output, as: UTF8.self)
          == String(decoding: made.output, as: UTF8.self), "jobs \(jobs)")
      #expect(drafted.events == made.events, "jobs \(jobs)")
      #expect(drafted.counts == made.counts, "jobs \(jobs)")
      #expect(try self.made(jobs: jobs, report: report) == made, "jobs \(jobs)")
    }
  }

  /// The plain policies' violations are written from drafts; the escalation chain's, the
  /// cases at risk and the record policies' (none here) are made.
  @Test func plainPoliciesAreDrafted() throws {
    for jobs in [1, 2] {
      let counting = CountingRenderer(ViolationWriter(format: .csv))
      let run = try drafted(jobs: jobs, report: .csv, counting: counting)
      let rows = String(decoding: run.output, as: UTF8.self).split(separator: "\r\n")
      let chained = rows.filter { $0.hasPrefix("chain,") }.count
      #expect(chained > 0)
      #expect(counting.drafts.value == run.counts.violations - chained, "jobs \(jobs)")
      #expect(counting.made.value == chained + run.counts.atRisk, "jobs \(jobs)")
    }
  }
}

/// A renderer that counts the case drafts and made violations it writes (`ViolationWriter`'s
/// made bytes, for a draft too).
final class CountingRenderer: FindingRenderer, @unchecked Sendable {
  let writer: ViolationWriter
  let drafts = Counter()
  let made = Counter()

  init(_ writer: ViolationWriter) { self.writer = writer }

  func write(_ violation: Violation, to out: inout ByteBuffer) {
    made.add()
    writer.write(violation, to: &out)
  }

  func write(_ draft: borrowing CaseDraft, to out: inout ByteBuffer) {
    drafts.add()
    writer.write(draft.violation, to: &out)
  }

  func write(_ pause: PauseFinding, to out: inout ByteBuffer) {
    writer.write(pause, to: &out)
  }

  /// A count shared by the judging threads.
  final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
  }
}
