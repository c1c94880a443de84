import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilLive
import VigilRecords

@testable import Vigil

/// Group policies that aggregate records (counts, shares, averages, extremes, minimum
/// samples, calendar windows, `previous`, a condition reading `now`) in the watch: each
/// group's aggregates kept as lines come, a newer line of an id replacing the older one in
/// its group — at each instant what `vigil audit --now` says, each finding the audit's own.
@Suite("Watch of group policies")
struct WatchGroupTests {
  static let policy = """
    define complaint = type == "complaint"
    policy busy_owner:
      per owner
      count > 12 → notify owner
    policy complaint_share:
      per owner
      share(complaint) > 40% → flag
      at least 4 records
    policy low_average:
      per team
      average(score) < 2.9 → flag
    policy daily_complaints:
      per team, daily by created_at
      among complaint
      count >= 3 → flag
    policy more_than_yesterday:
      per team, daily by created_at in "Europe/Paris"
      count - previous(count) > 2 → flag
    policy best_score:
      per owner
      max(score) < 5 → flag
      at least 3 records
    policy idle_owner:
      per owner
      latest(created_at) < now - 3h → notify owner
    """

  static let start: Int64 = 1_796_112_000_000  // 2026-12-01T08:00:00Z
  static let hour: Int64 = 3_600_000

  /// Lines over three days, each arriving up to `jitter` after its time: a tenth without an
  /// id, a quarter of the others replacing an earlier line of their id (any field may change),
  /// a few with a score that cannot be read.
  static func generate(seed: UInt64, lines count: Int, jitter: Int64 = 0) -> [String] {
    var random = SplitMix(seed: seed)
    var lines: [(arrival: Int64, text: String)] = []
    for number in 0..<count {
      let id = number >= 10 && random.below(4) == 0 ? random.below(number) : number
      let at = Self.start + Int64(random.below(Int(72 * Self.hour)))
      var fields = [
        "\"owner\":\"\(random.pick(["kim", "lee", "ana"]))\"",
        "\"team\":\"\(random.pick(["desk", "phones"]))\"",
        "\"type\":\"\(random.pick(["complaint", "enquiry", "call", "complaint"]))\"",
        "\"created_at\":\(WatchReplayTests.time(at))",
      ]
      if random.below(10) != 0 { fields.append("\"id\":\"G\(id)\"") }
      switch random.below(30) {
      case 0: fields.append("\"score\":\"n/a\"")
      case 1, 2, 3: break
      default: fields.append("\"score\":\(1 + random.below(5))")
      }
      let arrival = at + (jitter > 0 ? Int64(random.below(Int(jitter))) : 0)
      lines.append((arrival, "{" + fields.joined(separator: ",") + "}"))
    }
    return lines.enumerated().sorted {
      ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset)
    }
    .map(\.element.text)
  }

  /// Replays `lines` line by line, noting for each finding how many lines had been read when
  /// it was found: a finding a line caused names that line, one a timer caused an earlier one.
  static func watch(
    _ replay: LiveReplay, _ lines: [String], lateness: Int64, releaseAfter: Int64? = nil,
    end: (WatchEngine) -> Void = { _ in }
  ) -> (findings: [(LiveFinding, read: Int)], clocks: [Int64?]) {
    let engine = WatchEngine(replay.live, input: replay.input, replacesByID: true)
    engine.releaseAfter = releaseAfter
    defer {
      LiveReplay.expectNoFaults(engine)
      end(engine)
    }
    let decoder = RecordDecoder(layout: replay.live.layout, format: .jsonl)
    var findings: [(LiveFinding, read: Int)] = []
    var clocks: [Int64?] = []
    for (index, line) in lines.enumerated() {
      if case .record(let values) = decoder.decode(Array(line.utf8)) {
        for finding in engine.applyEvent(values, line: index + 1, lateness: lateness) {
          let caused = finding.violation?.line == index + 1
          findings.append((finding, caused ? index + 1 : index))
        }
      }
      clocks.append(engine.clock)
    }
    return (findings, clocks)
  }

  @Test(
    "replays agree with the audit at every cut-off, in order and with late lines",
    arguments: [(1, 0), (2, 0), (3, 3_600_000), (4, 7_200_000)] as [(UInt64, Int64)])
  func replayMatchesTheAudit(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    #expect(replay.live.groupPolicies.map(\.name) == [])
    let lines = Self.generate(seed: seed, lines: 150, jitter: 2 * lateness)
    let (noted, clocks) = Self.watch(replay, lines, lateness: lateness)
    let findings = noted.map(\.0)
    // What stands agrees with the audit at every instant something changed, a millisecond
    // before, and at instants drawn at random.
    let disagreement = replay.disagreement(
      lines, findings: findings, clocks: clocks, seed: seed, start: Self.start)
    #expect(disagreement == nil)
    if disagreement != nil { return }
    // Each finding is the audit's own, at its instant, of the lines read when it was found.
    #expect(replay.notTheAudit(noted, lines) == [])
    #expect(findings.contains { $0.late } == (lateness > 0))
    let policies = Set(findings.filter { $0.kind == .violation }.compactMap(\.violation?.policy))
    #expect(
      policies == [
        "busy_owner", "complaint_share", "low_average", "daily_complaints", "more_than_yesterday",
        "best_score", "idle_owner",
      ])
    #expect(Set(findings.map(\.kind)).isSuperset(of: [.violation, .resolved, .dataError]))
  }

  @Test("a restart from a checkpoint goes on as the uninterrupted run")
  func restart() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.generate(seed: 7, lines: 150, jitter: Self.hour)
    let whole = replay.watch(lines, lateness: Self.hour).findings
    #expect(whole.count > 30)
    for cut in [1, 40, 80, 120, 149] {
      var snapshot: WatchEngine.Snapshot?
      let before = replay.watch(Array(lines.prefix(cut)), lateness: Self.hour) { index, engine in
        if index == cut - 1 { snapshot = engine.snapshot }
      }.findings
      let data = try JSONEncoder().encode(try #require(snapshot))
      let decoded = try JSONDecoder().decode(WatchEngine.Snapshot.self, from: data)
      #expect(decoded == snapshot)
      let engine = WatchEngine(
        replay.live, input: replay.input, replacesByID: true, restoring: decoded)
      let decoder = RecordDecoder(layout: replay.live.layout, format: .jsonl)
      var after: [LiveFinding] = []
      for (index, line) in lines.enumerated().dropFirst(cut) {
        if case .record(let values) = decoder.decode(Array(line.utf8)) {
          after += engine.applyEvent(values, line: index + 1, lateness: Self.hour)
        }
      }
      #expect(before + after == whole, "cut after line \(cut)")
    }
  }

  @Test("a group's finding comes once, when it becomes true; a newer line of an id moves a record")
  func exact() throws {
    let replay = try LiveReplay(
      policy: """
        policy busy_owner:
          per owner
          count > 2 → notify owner
        policy idle_owner:
          per owner
          latest(created_at) < now - 3h → notify owner
        policy daily:
          per team, daily by created_at
          count - previous(count) > 1 → flag
        """)
    func line(_ id: String, _ owner: String, _ at: String) -> String {
      "{\"id\":\"\(id)\",\"owner\":\"\(owner)\",\"team\":\"desk\",\"created_at\":\"2026-12-0\(at)Z\"}"
    }
    let lines = [
      line("A", "kim", "1T08:00:00"), line("B", "kim", "1T09:00:00"),
      line("C", "kim", "2T10:00:00"), line("D", "lee", "2T10:30:00"),
      line("E", "lee", "2T11:00:00"),
      // C was lee's: kim is back to two records, lee has three (read after the clock passed
      // 10:00, in a window already counted: late).
      line("C", "lee", "2T10:00:00"), line("F", "lee", "2T16:00:00"),
    ]
    #expect(
      WatchSequenceTests.describe(replay.watch(lines).findings) == [
        // Nothing from kim for 3 hours: by the clock alone, 3 h and 1 ms after 09:00.
        "violation 2026-12-01T12:00:00.001Z kim latest(created_at) 2026-12-01T09:00:00Z open=nil to kim",
        "violation 2026-12-02T10:00:00Z kim count 3 open=nil to kim",
        "resolved 2026-12-02T10:00:00Z kim latest(created_at) 2026-12-01T09:00:00Z open=nil to kim",
        "resolved 2026-12-02T11:00:00Z kim count 3 open=nil to kim late",
        "violation 2026-12-02T11:00:00Z kim latest(created_at) 2026-12-01T09:00:00Z open=nil to kim late",
        "violation 2026-12-02T11:00:00Z lee count 3 open=nil to lee late",
        "violation 2026-12-02T14:00:00.001Z lee latest(created_at) 2026-12-02T11:00:00Z open=nil to lee",
        // Four on the 2nd against two on the 1st (in the next window, `previous` is read).
        "violation 2026-12-02T16:00:00Z desk in 2026-12-02 count - previous(count) 2 open=nil to -",
        "resolved 2026-12-02T16:00:00Z lee latest(created_at) 2026-12-02T11:00:00Z open=nil to lee",
      ])
  }

  @Test("a line read before the clock is set counts when it is, each line its own")
  func beforeTheClock() throws {
    let replay = try LiveReplay(
      policy: """
        policy busy_owner:
          per owner
          count > 1 → notify owner
        policy per_day:
          per owner, daily by created_at
          count > 5 → flag
        """)
    let lines = [
      // No time: it does not set the event clock, and waits for it.
      "{\"id\":\"A\",\"owner\":\"lee\"}",
      "{\"id\":\"B\",\"owner\":\"kim\",\"created_at\":\"2026-12-01T08:00:00Z\"}",
      "{\"id\":\"C\",\"owner\":\"kim\",\"created_at\":\"2026-12-01T09:00:00Z\"}",
    ]
    #expect(
      WatchSequenceTests.describe(replay.watch(lines).findings) == [
        "violation 2026-12-01T09:00:00Z kim count 2 open=nil to kim"
      ])
  }
}
