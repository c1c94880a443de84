import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilLive
import VigilRecords

@testable import Vigil

/// Group policies whose records' parts move with the clock (a state or `now` in their
/// `among`, aggregates or window) in the watch: their groups added up again at each instant
/// they are judged — at each instant what `vigil audit --now` says, each finding the audit's
/// own, each record's data error once, naming its line.
@Suite("Watch of group policies whose parts move with the clock")
struct WatchMovingGroupTests {
  static let policy = """
    define unresolved = from created_at until resolved_at
    define complaint = type == "complaint"
    policy backlog:
      per owner
      count(unresolved > 4h) > 2 → notify owner
    policy slow_share:
      per team
      share(unresolved > 2h) > 50% → flag
      at least 3 records
    policy open_queue:
      per team
      among unresolved
      count > 3 → flag
    policy recent_complaints:
      per owner
      count(complaint and created_at > now - 3h) >= 2 → notify owner
    policy slow_days:
      per team, daily by created_at
      among unresolved > 6h
      count >= 2 → flag
    """

  static let start: Int64 = 1_796_112_000_000  // 2026-12-01T08:00:00Z
  static let hour: Int64 = 3_600_000

  /// Records opened over two days, each a line when it opens and, for most, a line of its id
  /// when it is resolved (up to 10 hours later), each arriving up to `jitter` after its time;
  /// a tenth of the records without an id (one line), a few with a time that cannot be read
  /// or resolved before they were opened.
  static func generate(seed: UInt64, records count: Int, jitter: Int64 = 0) -> [String] {
    var random = SplitMix(seed: seed)
    var lines: [(arrival: Int64, text: String)] = []
    for number in 0..<count {
      let opened = Self.start + Int64(random.below(Int(48 * Self.hour)))
      var fields = [
        "\"owner\":\"\(random.pick(["kim", "lee", "ana"]))\"",
        "\"team\":\"\(random.pick(["desk", "phones"]))\"",
        "\"type\":\"\(random.pick(["complaint", "enquiry", "complaint"]))\"",
      ]
      let withID = random.below(10) != 0
      if withID { fields.append("\"id\":\"M\(number)\"") }
      var created = "\"created_at\":\(WatchReplayTests.time(opened))"
      if random.below(40) == 0 { created = "\"created_at\":\"soon\"" }
      func arrival(_ at: Int64) -> Int64 {
        at + (jitter > 0 ? Int64(random.below(Int(jitter))) : 0)
      }
      lines.append((arrival(opened), "{" + (fields + [created]).joined(separator: ",") + "}"))
      guard withID, random.below(5) != 0 else { continue }
      var resolved = opened + Int64(random.below(Int(10 * Self.hour)))
      if random.below(30) == 0 { resolved = opened - Self.hour }
      let closing = fields + [created, "\"resolved_at\":\(WatchReplayTests.time(resolved))"]
      lines.append((arrival(max(opened, resolved)), "{" + closing.joined(separator: ",") + "}"))
    }
    return lines.enumerated().sorted {
      ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset)
    }
    .map(\.element.text)
  }

  @Test(
    "replays agree with the audit at every cut-off, in order and with late lines",
    arguments: [(1, 0), (2, 0), (3, 3_600_000), (4, 7_200_000)] as [(UInt64, Int64)])
  func replayMatchesTheAudit(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    #expect(replay.live.groupPolicies.map(\.name) == [])
    let lines = Self.generate(seed: seed, records: 40, jitter: 2 * lateness)
    let (noted, clocks) = WatchGroupTests.watch(replay, lines, lateness: lateness)
    let findings = noted.map(\.0)
    var auditErrors = Set<String>()
    let disagreement = replay.disagreement(
      lines, findings: findings, clocks: clocks, seed: seed, start: Self.start
    ) { cut, read, _ in
      auditErrors.formUnion(replay.auditErrors(Array(lines.prefix(read)), now: cut))
    }
    #expect(disagreement == nil)
    if disagreement != nil { return }
    // Each finding is the audit's own, at its instant, of the lines read when it was found.
    #expect(replay.notTheAudit(noted, lines) == [])
    // Each data error the audit reports at a cut-off, or as each line is read (a line replaced
    // at the same instant stands for no cut-off), is written once, naming its line (and none
    // it does not: a line replaced before its state began has none).
    for (read, clock) in clocks.enumerated() {
      guard let clock else { continue }
      auditErrors.formUnion(replay.auditErrors(Array(lines.prefix(read + 1)), now: clock))
    }
    let errors = findings.filter { $0.kind == .dataError }.compactMap(\.dataError)
    #expect(errors.map { "\($0.line) \($0.policy)" }.sorted() == auditErrors.sorted())
    #expect(findings.contains { $0.late } == (lateness > 0))
    let policies = Set(findings.filter { $0.kind == .violation }.compactMap(\.violation?.policy))
    #expect(
      policies == ["backlog", "slow_share", "open_queue", "recent_complaints", "slow_days"])
    #expect(Set(findings.map(\.kind)).isSuperset(of: [.violation, .resolved, .dataError]))
  }

  @Test("a restart from a checkpoint goes on as the uninterrupted run")
  func restart() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.generate(seed: 7, records: 40, jitter: Self.hour)
    let (whole, restarts) = try replay.restarts(
      lines, lateness: Self.hour, cuts: [1, 25, 50, lines.count - 1])
    #expect(whole.count > 30)
    for restart in restarts {
      #expect(restart.same && restart.readBack, "cut after line \(restart.cut)")
    }
  }

  @Test("a group's verdict changes with the clock alone, at the audit's instant")
  func exact() throws {
    let replay = try LiveReplay(
      policy: """
        define unresolved = from created_at until resolved_at
        policy backlog:
          per owner
          count(unresolved > 2h) > 1 → notify owner
        policy recent:
          per owner
          count(created_at > now - 3h) >= 2 → notify owner
        """)
    func line(_ id: String, _ created: String, _ resolved: String? = nil) -> String {
      "{\"id\":\"\(id)\",\"owner\":\"kim\",\"created_at\":\"2026-12-01T\(created)Z\""
        + (resolved.map { ",\"resolved_at\":\"2026-12-01T\($0)Z\"" } ?? "") + "}"
    }
    let lines = [
      line("A", "08:00:00"), line("B", "09:00:00"),
      // B resolved after 1h30: only A passes 2h.
      line("B", "09:00:00", "10:30:00"),
      line("C", "10:45:00"),
      // D's created_at cannot be read: a data error of each policy, naming line 5.
      "{\"id\":\"D\",\"owner\":\"kim\",\"created_at\":\"later\"}",
      line("E", "16:00:00"),
    ]
    #expect(
      WatchSequenceTests.describe(replay.watch(lines).findings) == [
        // A and B within the last 3 hours at 09:00 (and C at 10:45), until B is 3 hours old.
        "violation 2026-12-01T09:00:00Z kim count(created_at > now - 3h) 2 open=nil to kim",
        "data-error 2026-12-01T10:45:00Z - - open=nil to -",
        "data-error 2026-12-01T10:45:00Z - - open=nil to -",
        "resolved 2026-12-01T12:00:00Z kim count(created_at > now - 3h) 2 open=nil to kim",
        // C passes 2h at 12:45 and 1 ms: two unresolved for more than 2h, by the clock alone.
        "violation 2026-12-01T12:45:00.001Z kim count(unresolved > 2h) 2 open=nil to kim",
      ])
  }
}

/// `vigil watch` of a group policy whose parts move with the clock, on the command line.
@Suite("vigil watch of group policies whose parts move with the clock")
struct WatchMovingGroupCommandTests {
  @Test("each unreadable line is a data error naming its line; a group breaks by the clock alone")
  func text() throws {
    let folder = try temporaryFolder("watch")
    defer { try? FileManager.default.removeItem(at: folder) }
    let rules = folder.appendingPathComponent("rules.vigil").path
    try """
    define unresolved = from created_at until resolved_at
    policy backlog:
      per owner
      count(unresolved > 2h) > 1 → notify owner
    """.write(toFile: rules, atomically: true, encoding: .utf8)
    let lines =
      [
        #"{"id":"A","owner":"kim","created_at":"2026-12-01T08:00:00Z"}"#,
        #"{"id":"B","owner":"kim","created_at":"yesterday"}"#,
        #"{"id":"C","owner":"kim","created_at":"2026-12-01T09:00:00Z"}"#,
        #"{"id":"D","owner":"kim","created_at":"2026-12-01T10:00:00Z","resolved_at":"2026-12-01T09:00:00Z"}"#,
        #"{"id":"C","owner":"kim","created_at":"2026-12-01T09:00:00Z","resolved_at":"2026-12-01T12:00:00Z"}"#,
      ].joined(separator: "\n") + "\n"
    let result = vigil(
      ["watch", rules, "--data", "-", "--id", "id", "--clock", "event", "--format", "text"],
      stdin: lines)
    #expect(result.code == 0)
    #expect(
      result.stdout == """
        2026-12-01T08:00:00Z data-error: stdin:2: record B, policy backlog: created_at: cannot read 'yesterday' as a time
        2026-12-01T10:00:00Z data-error: stdin:4: record D, policy backlog: unresolved: ends (2026-12-01T09:00:00Z) before it starts (2026-12-01T10:00:00Z)
        2026-12-01T11:00:00.001Z violation: \(rules):4: backlog [medium] kim → notify kim: count(unresolved > 2h) 2 > 1 (4 records)

        """)
    #expect(result.stderr == "")
  }
}
