import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilLive
import VigilRecords

@testable import Vigil
@testable import VigilCLI
@testable import VigilLive

/// Group policies judged per cycle summed (`MovingSums`): each group's parts kept in a tree
/// as lines come, are replaced or are released, and its cycles folded there too, so that a
/// judgement reads again only the records whose parts changed — the findings those of adding
/// every record kept up again, and the audit's at every cut-off.
@Suite("Watch of group policies judged per cycle: summed")
struct WatchCycleSumTests {
  static let policy = """
    define opening = status in ["new", "reopened"]
    define resolving = status == "resolved"
    define resolution = each cycle from opening until resolving
    policy owner_cycles:
      per owner, ordered by at
      resolution > 2h → flag
      warn at 90m
    """

  /// Two owners' tickets where one change (B) moves from kim's group to lee's and back to
  /// kim's at another time (a late line), reopening and then closing kim's first cycle, and
  /// another (J) moves later, merging two of kim's cycles; kim's records are released and its
  /// first three cycles folded while later lines come.
  static let lines = [
    ("A", "kim", "new", "00:00"), ("B", "kim", "resolved", "01:00"),
    ("B", "lee", "resolved", "01:00"), ("C", "kim", "new", "03:00"),
    ("B", "kim", "resolved", "02:30"), ("D", "lee", "new", "04:00"),
    ("E", "kim", "resolved", "06:00"), ("F", "kim", "new", "09:00"),
    ("G", "kim", "reopened", "08:00"), ("H", "kim", "resolved", "11:00"),
    ("I", "kim", "new", "12:00"), ("J", "kim", "resolved", "12:30"), ("K", "kim", "new", "13:00"),
    ("J", "kim", "resolved", "13:15"), ("L", "kim", "resolved", "13:30"),
    ("M", "kim", "new", "20:00"), ("N", "kim", "resolved", "21:00"), ("O", "kim", "new", "22:00"),
    ("P", "kim", "resolved", "23:59"),
  ].map { id, owner, status, at in
    #"{"id":"\#(id)","owner":"\#(owner)","status":"\#(status)","at":"2026-12-01T\#(at):00Z"}"#
  }

  @Test("a change moving between groups and cycles, released and folded: the audit's throughout")
  func movedReleasedAndFolded() throws {
    let replay = try LiveReplay(policy: Self.policy)
    #expect(replay.live.movingPolicies.indices.map(replay.live.isSummed) == [true])
    var counts: [String] = []
    let summed = replay.watch(Self.lines, releaseAfter: 4 * WatchGroupCycleTests.hour) {
      _, engine in
      // Records released, cycles folded, lines refused (none: the audit is the reference).
      counts.append(
        "\(engine.releasedMovingCount) \(engine.foldedCycleCount) "
          + "\(engine.linesBeforeFoldedCycles)")
    }
    #expect(replay.disagreement(Self.lines, summed) == nil)
    var text: [UInt8] = []
    for finding in summed.findings { FindingWriter(format: .text).write(finding, to: &text) }
    let (kim, lee) = (
      "live.vigil:6: owner_cycles [medium] kim", "live.vigil:6: owner_cycles [medium] lee"
    )
    let risk = "at risk: resolution 1h30m0.001s, breaks > 2h in 29m59.999s (open)"
    let broken = "resolution 2h0m0.001s > 2h (open)"
    #expect(
      String(decoding: text, as: UTF8.self) == """
        2026-12-01T01:30:00.001Z at-risk: \(kim), cycle 1 of 1 → flag: \(risk) (1 record)
        2026-12-01T02:00:00.001Z violation: \(kim), cycle 1 of 1 → flag: \(broken) (1 record)
        2026-12-01T03:00:00Z resolved-late (late): \(kim), cycle 1 of 2 → flag: resolution 2h30m > 2h (closed) (3 records)
        2026-12-01T04:30:00.001Z at-risk: \(kim), cycle 2 of 2 → flag: \(risk) (3 records)
        2026-12-01T05:00:00.001Z violation: \(kim), cycle 2 of 2 → flag: \(broken) (3 records)
        2026-12-01T05:30:00.001Z at-risk: \(lee), cycle 1 of 1 → flag: \(risk) (1 record)
        2026-12-01T06:00:00Z resolved-late: \(kim), cycle 2 of 2 → flag: resolution 3h > 2h (closed) (4 records)
        2026-12-01T06:00:00.001Z violation: \(lee), cycle 1 of 1 → flag: \(broken) (1 record)
        2026-12-01T09:30:00.001Z at-risk: \(kim), cycle 3 of 3 → flag: \(risk) (6 records)
        2026-12-01T10:00:00.001Z violation: \(kim), cycle 3 of 3 → flag: \(broken) (6 records)
        2026-12-01T11:00:00Z resolved-late: \(kim), cycle 3 of 3 → flag: resolution 3h > 2h (closed) (7 records)
        2026-12-01T23:30:00.001Z at-risk: \(kim), cycle 6 of 6 → flag: \(risk) (14 records)
        2026-12-01T23:59:00Z resolved-in-time: \(kim), cycle 6 of 6 → flag: \(risk) (14 records)

        """)
    // B's line on kim's group again came before B was released; kim's first three cycles
    // fold at 21:00, with none of its records kept from before 20:00.
    #expect(
      counts == [
        "0 0 0", "0 0 0", "0 0 0", "0 0 0", "0 0 0", "1 0 0", "1 0 0", "4 0 0", "4 0 0", "5 0 0",
        "5 0 0", "5 0 0", "7 0 0", "7 0 0", "7 0 0", "12 0 0", "12 3 0", "12 3 0", "12 3 0",
      ])
    // Added up again from every record kept at each judgement: the same findings.
    let whole = replay.watch(
      Self.lines, releaseAfter: 4 * WatchGroupCycleTests.hour, prepare: { $0.sumsCycles = false })
    #expect(whole.findings == summed.findings)
  }

  /// The generated tickets both tests below replay.
  static let tickets = WatchGroupCycleTests.generate(
    seed: 3, tickets: 24, jitter: 2 * WatchGroupCycleTests.hour)

  @Test("generated tickets: the findings of adding every record up again, far fewer reads")
  func generatedSumsAgree() throws {
    let replay = try LiveReplay(policy: WatchGroupCycleTests.policy)
    let lines = Self.tickets
    var reads = (summed: 0, whole: 0)
    let summed = replay.watch(
      lines, lateness: WatchGroupCycleTests.hour, releaseAfter: 10 * WatchGroupCycleTests.hour
    ) { _, engine in reads.summed = engine.movingPartReads }
    let whole = replay.watch(
      lines, lateness: WatchGroupCycleTests.hour, releaseAfter: 10 * WatchGroupCycleTests.hour,
      afterLine: { _, engine in reads.whole = engine.movingPartReads },
      prepare: { $0.sumsCycles = false })
    #expect(summed.findings == whole.findings)
    #expect(summed.findings.count > 30)
    #expect(reads.summed * 10 < reads.whole, "\(reads)")
  }

  @Test("each group's cycles judged from the first that changed: the findings of judging all")
  func changedCyclesJudged() throws {
    let replay = try LiveReplay(policy: WatchCycleFoldTests.policy)
    let lines = Self.tickets
    var judged = (changed: 0, all: 0)
    let changed = replay.watch(lines, lateness: WatchGroupCycleTests.hour) { _, engine in
      judged.changed = engine.movingCycleJudgements
    }
    let all = replay.watch(
      lines, lateness: WatchGroupCycleTests.hour,
      afterLine: { _, engine in judged.all = engine.movingCycleJudgements },
      prepare: { $0.judgesChangedCycles = false })
    #expect(changed.findings == all.findings)
    #expect(changed.findings.filter { $0.kind == .violation }.count > 10)
    #expect(judged.changed * 2 < judged.all, "\(judged)")
  }

  @Test("a cycle gone (a newer line begins none) is no longer judged: the audit's throughout")
  func cycleGone() throws {
    let replay = try LiveReplay(policy: Self.policy)
    // kim's second cycle, at risk at 03:30, goes when C's newer line begins none.
    let lines = [
      ("A", "kim", "new", "00:00"), ("B", "kim", "resolved", "01:00"), ("C", "kim", "new", "02:00"),
      ("D", "lee", "new", "03:40"), ("C", "kim", "note", "02:00"),
    ].map { id, owner, status, at in
      #"{"id":"\#(id)","owner":"\#(owner)","status":"\#(status)","at":"2026-12-01T\#(at):00Z"}"#
    }
    let changed = replay.watch(lines)
    #expect(replay.disagreement(lines, changed) == nil)
    #expect(changed.findings.map(\.kind) == [.atRisk, .resolvedInTime])
    let all = replay.watch(lines, prepare: { $0.judgesChangedCycles = false })
    #expect(changed.findings == all.findings)
  }
}
