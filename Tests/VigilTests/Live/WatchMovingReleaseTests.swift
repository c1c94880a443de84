import Foundation
import Testing
import VigilCore
import VigilLive
import VigilRecords

@testable import Vigil

/// Bounded memory for group policies whose parts move with the clock: a record whose part no
/// longer changes (past every instant it can change at, no data error) is folded into its
/// groups' settled sums and dropped — without an id at once, with an id once no newer line of
/// it came for `--release-after` — and the watch says what it said before.
@Suite("Watch: records of group policies whose parts move with the clock released")
struct WatchMovingReleaseTests {
  /// `WatchMovingGroupTests.policy` without its count against `now` (which keeps every
  /// record: a part compared with `now` is never settled).
  static let policy = """
    define unresolved = from created_at until resolved_at
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
    policy slow_days:
      per team, daily by created_at
      among unresolved > 6h
      count >= 2 → flag
    """

  static let hour: Int64 = 3_600_000

  @Test(
    "settled records are released; the findings are those of a watch keeping them, the audit's",
    arguments: [(1, 0), (3, 3_600_000), (4, 7_200_000)] as [(UInt64, Int64)])
  func releasedRecordsSayTheSame(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = WatchMovingGroupTests.generate(seed: seed, records: 120, jitter: 2 * lateness)
    // The kept run: with `--release-after never` an id's record stays (one without an id,
    // settled, goes: no line can change it).
    var keptWithID = 0
    let never = replay.watch(lines, lateness: lateness) { _, engine in
      keptWithID = engine.movingRecordCount
    }
    var most = 0
    var released = 0
    var end = 0
    let keeping = replay.watch(lines, lateness: lateness, releaseAfter: 24 * Self.hour) {
      _, engine in
      most = max(most, engine.movingRecordCount)
      released = engine.releasedMovingCount
      end = engine.movingRecordCount
      #expect(engine.linesOfReleasedMoving == 0)
    }
    #expect(keeping.findings == never.findings)
    #expect(never.findings.filter { $0.kind == .violation }.count > 10)
    #expect(released > 40)
    #expect(most < keptWithID && end < keptWithID)
    // What stands agrees with the audit at every instant something changed.
    #expect(replay.disagreement(lines, keeping) == nil)
  }

  @Test("a line of a released record is named and not judged by these policies")
  func lineOfAReleasedRecord() throws {
    let replay = try LiveReplay(
      policy: """
        define unresolved = from created_at until resolved_at
        policy backlog:
          per owner
          count(unresolved > 4h) > 1 → notify owner
        """)
    func line(_ id: String, _ created: String, _ resolved: String? = nil) -> String {
      "{\"id\":\"\(id)\",\"owner\":\"kim\",\"created_at\":\"2026-12-01T\(created):00Z\""
        + (resolved.map { ",\"resolved_at\":\"2026-12-01T\($0):00Z\"" } ?? "") + "}"
    }
    let lines = [
      // The clock at 06:00: A closed (past its end and 4 h), read then.
      line("A", "01:00", "06:00"), line("B", "02:00"),
      // 06:30: A's last line was read half an hour ago; B open (a line may end it).
      line("C", "06:30"),
      // 08:00: A released (its part, counted, kept in kim's sums).
      line("D", "08:00"),
      // A again, resolved sooner: not judged (its part cannot be taken out of the sums).
      line("A", "01:00", "02:00"),
      // A as it was released: its part the same, nothing changes, nothing is named.
      line("A", "01:00", "06:00"),
    ]
    var counts: [String] = []
    let findings = replay.watch(lines, releaseAfter: Self.hour) { _, engine in
      counts.append(
        "\(engine.movingRecordCount) kept, \(engine.releasedMovingCount) released, "
          + "\(engine.linesOfReleasedMoving) not judged: " + engine.takeNotices().joined())
    }.findings
    #expect(
      counts == [
        "1 kept, 0 released, 0 not judged: ",
        "2 kept, 0 released, 0 not judged: ",
        "3 kept, 0 released, 0 not judged: ",
        "3 kept, 1 released, 0 not judged: ",
        "3 kept, 1 released, 1 not judged: live.jsonl:5: a line of record A, released by the "
          + "group policies whose parts move with the clock (settled, and no newer line for "
          + "1h): not judged by them\n",
        "3 kept, 1 released, 1 not judged: ",
      ])
    #expect(
      WatchSequenceTests.describe(findings) == [
        "violation 2026-12-01T06:00:00.001Z kim count(unresolved > 4h) 2 open=nil to kim"
      ])
    // Kept (never): A's new line takes its part out, and kim is back to one.
    #expect(
      WatchSequenceTests.describe(replay.watch(lines).findings) == [
        "violation 2026-12-01T06:00:00.001Z kim count(unresolved > 4h) 2 open=nil to kim",
        "resolved 2026-12-01T08:00:00Z kim count(unresolved > 4h) 2 open=nil to kim late",
        "violation 2026-12-01T08:00:00Z kim count(unresolved > 4h) 2 open=nil to kim late",
      ])
  }

  @Test("a restart from a checkpoint holding released records goes on as the uninterrupted run")
  func restart() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let keep = 24 * Self.hour
    let lines = WatchMovingGroupTests.generate(seed: 7, records: 100, jitter: Self.hour)
    let (whole, restarts) = try replay.restarts(
      lines, lateness: Self.hour, releaseAfter: keep, cuts: [30, 100, 150],
      count: \.releasedMovingCount)
    #expect(whole.count > 10)
    for restart in restarts {
      #expect(restart.same && restart.readBack, "cut after line \(restart.cut)")
      #expect(restart.restoredCount == restart.counted)
      #expect(restart.counted > 0 || restart.cut == 30)
    }
  }
}
