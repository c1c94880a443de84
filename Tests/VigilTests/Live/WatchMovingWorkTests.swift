import Testing
import VigilCore
import VigilLive

@testable import Vigil

/// The work of judging group policies whose parts move with the clock: a judgement reads again
/// only the records whose parts can have changed since the last (read since, or one of their
/// states' instants come), not every record kept, so that the work grows with the lines and
/// their instants, not with the lines times the records kept.
@Suite("Watch: the work of group policies whose parts move with the clock")
struct WatchMovingWorkTests {
  @Test(
    "the records' parts read grow with the lines, not with the lines times the records kept",
    arguments: [0, 3_600_000] as [Int64])
  func readsGrowWithTheLines(lateness: Int64) throws {
    let replay = try LiveReplay(policy: WatchMovingReleaseTests.policy)
    var perLine: [Double] = []
    for records in [100, 400] {
      let lines = WatchMovingGroupTests.generate(seed: 9, records: records, jitter: 2 * lateness)
      var reads = 0
      _ = replay.watch(lines, lateness: lateness) { _, engine in reads = engine.movingPartReads }
      perLine.append(Double(reads) / Double(lines.count))
    }
    // Each record is read when its line is, and again at an instant of its states (opened,
    // past 2, 4 and 6 hours, resolved) or when the next judgement looks at that instant: some
    // five to seven reads a line. Adding every record kept up again at each judgement and at
    // each look of the search for the next change read 1,100 to 1,700 a line at 100 records
    // and 4,400 to 5,800 at 400.
    #expect(perLine.allSatisfy { $0 < 8 }, "\(perLine)")
    #expect(perLine[1] < perLine[0] * 1.1, "\(perLine)")
  }
}

/// The work of group policies whose parts compare with `now`: each record's comparisons change
/// at instants found when its line is read, so such a policy is summed too — a judgement reads
/// the records whose instant came, not every record kept.
@Suite("Watch: the work of group policies whose parts compare with now")
struct WatchMovingNowWorkTests {
  @Test("the records' parts read grow with the lines, not with the lines times the records kept")
  func readsGrowWithTheLines() throws {
    let replay = try LiveReplay(policy: WatchMovingReleaseTests.nowPolicy)
    var perLine: [Double] = []
    for records in [60, 240] {
      let lines = WatchMovingGroupTests.generate(seed: 9, records: records)
      var reads = 0
      _ = replay.watch(lines) { _, engine in reads = engine.movingPartReads }
      perLine.append(Double(reads) / Double(lines.count))
    }
    // Each record read when its line is and at each instant its parts change (a state past 4
    // hours, a comparison with now turning, its window time): 5.9 and 6.0 a line at 60 and
    // 240 records (and at 100 and 400). Adding every record kept up again at each judgement and
    // at each look of the search read 7,534 and 9,477 a line at 100 and 400 records.
    #expect(perLine.allSatisfy { $0 < 8 }, "\(perLine)")
    #expect(perLine[1] < perLine[0] * 1.1, "\(perLine)")
  }
}

/// The groups judged: a summed policy whose condition reads no `now` judges again only the
/// groups whose parts changed (and the next window's, whose `previous` changed), not every
/// group at each judgement — the same findings.
@Suite("Watch: the groups judged of group policies whose parts move with the clock")
struct WatchMovingGroupWorkTests {
  static let policy = """
    define unresolved = from created_at until resolved_at
    policy slow_days:
      per owner, daily by created_at
      count(unresolved > 4h) - previous(count(unresolved > 4h)) > 1 → flag
    policy slow_share:
      per owner, type
      share(unresolved > 6h) > 40% → flag
      at least 5 records
    """

  /// Records opened over `days` days by four owners, each resolved up to 10 hours later by a
  /// newer line of its id (most of them), in time order.
  static func generate(records count: Int, days: Int) -> [String] {
    var random = SplitMix(seed: 31)
    var lines: [(at: Int64, text: String)] = []
    for number in 0..<count {
      let opened = WatchMovingGroupTests.start + Int64(random.below(days * 24 * 3_600_000))
      let fields = [
        "\"id\":\"R\(number)\"", "\"owner\":\"\(random.pick(["kim", "lee", "ana", "bo"]))\"",
        "\"type\":\"\(random.pick(["complaint", "enquiry"]))\"",
        "\"created_at\":\(WatchReplayTests.time(opened))",
      ]
      lines.append((opened, "{" + fields.joined(separator: ",") + "}"))
      guard random.below(4) != 0 else { continue }
      let resolved = opened + Int64(random.below(10 * 3_600_000))
      let closing = fields + ["\"resolved_at\":\(WatchReplayTests.time(resolved))"]
      lines.append((resolved, "{" + closing.joined(separator: ",") + "}"))
    }
    return lines.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
      .map(\.element.text)
  }

  @Test("the groups judged a line stay few as the groups grow; the findings are the same")
  func judgedGroups() throws {
    let replay = try LiveReplay(policy: Self.policy)
    var perLine: [(incremental: Double, whole: Double)] = []
    for (records, days) in [(80, 4), (240, 16)] {
      let lines = Self.generate(records: records, days: days)
      var counts: [Int] = []
      var findings: [[LiveFinding]] = []
      for incremental in [true, false] {
        var judged = 0
        findings.append(
          replay.watch(lines) { _, engine in
            engine.incrementalMovingGroups = incremental
            judged = engine.movingGroupJudgements
          }.findings)
        counts.append(judged)
      }
      #expect(findings[0] == findings[1])
      #expect(findings[0].count > 10)
      perLine.append(
        (Double(counts[0]) / Double(lines.count), Double(counts[1]) / Double(lines.count)))
    }
    // Judging every group: the groups (owners by day, owners by type) at each judgement, 39 a
    // line over 4 days and 90 over 16; only those that changed (and the next day's): 4.4 a
    // line either way.
    #expect(perLine.allSatisfy { $0.incremental < 5 }, "\(perLine)")
    #expect(perLine[1].whole > 2 * perLine[0].whole, "\(perLine)")
    #expect(perLine[1].incremental < perLine[0].incremental * 1.3, "\(perLine)")
  }

  @Test("a late line of one day judges the next day again (its previous changed)")
  func nextWindow() throws {
    let replay = try LiveReplay(policy: Self.policy)
    func line(_ id: String, _ created: String) -> String {
      #"{"id":"\#(id)","owner":"kim","type":"enquiry","created_at":"2026-12-\#(created)Z"}"#
    }
    // Three records of the 2nd open past 4 hours, with no 1st to compare with (previous is
    // missing: no violation). Then two of the 1st, late, open past 4 hours too: 3 - 1 > 1,
    // then 3 - 2 is not — each a line of the 1st only, the 2nd judged again.
    let lines = [
      line("B", "02T00:00:00"), line("C", "02T00:10:00"), line("D", "02T00:20:00"),
      line("T", "02T06:00:00"), line("E", "01T10:00:00"), line("F", "01T11:00:00"),
    ]
    var runs: [[String]] = []
    for incremental in [true, false] {
      let findings = replay.watch(lines) { _, engine in
        engine.incrementalMovingGroups = incremental
      }.findings
      runs.append(
        findings.map {
          "\(TimeParsing.formatISO8601($0.at)) \($0.kind.rawValue)\($0.late ? " late" : "") "
            + "\($0.violation?.record ?? "")"
        })
    }
    #expect(runs[0] == runs[1])
    #expect(
      runs[0] == [
        "2026-12-02T06:00:00Z violation late kim in 2026-12-02",
        "2026-12-02T06:00:00Z resolved late kim in 2026-12-02",
      ])
  }
}
