import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilLive
import VigilRecords

@testable import Vigil
@testable import VigilCLI

/// The closed cycles of group policies judged per cycle, folded once the next cycle began
/// `--release-after` before the clock (`CycleFold`): their changes leave the runs of records
/// released, later cycles keep their numbers, and a line falling before them is named, not
/// judged.
@Suite("Watch of group policies judged per cycle: closed cycles folded")
struct WatchCycleFoldTests {
  static let policy = """
    define opening = status in ["new", "reopened"]
    define resolving = status == "resolved"
    define resolution = each cycle from opening until resolving
    policy owner_cycles:
      per owner, ordered by at
      resolution > 3h → flag
      warn at 2h
    policy last_cycle:
      per ticket, ordered by at
      resolution > 2h → flag
      cycles: last
    """

  static let hour = WatchGroupCycleTests.hour

  @Test("folding, the findings agree with the audit at every cut-off; the changes kept halve")
  func foldedReplayMatchesTheAudit() throws {
    var (folded, refused, kept) = (0, 0, 0)
    let (findings, _) = try WatchGroupCycleTests.check(
      Self.policy, seed: 3, lateness: Self.hour, tickets: 24, releaseAfter: 10 * Self.hour
    ) { engine in
      (folded, refused, kept) = (
        engine.foldedCycleCount, engine.linesBeforeFoldedCycles, engine.releasedCycleChanges
      )
    }
    // No line came 10 hours late: none refused, so the audit is the reference throughout.
    #expect(refused == 0)
    #expect(folded > 5, "\(folded) cycles folded")
    #expect(findings.filter { $0.kind == .violation }.count > 10)
    // Later cycles keep their numbers: some finding names a cycle after folded ones.
    #expect(findings.contains { ($0.violation?.cycle?.number ?? 0) > 3 })
    // The same replay keeping every change of the records released: the same findings.
    let replay = try LiveReplay(policy: Self.policy)
    let lines = WatchGroupCycleTests.generate(seed: 3, tickets: 24, jitter: 2 * Self.hour)
    var all = 0
    let whole = replay.watch(lines, lateness: Self.hour, releaseAfter: 10 * Self.hour) {
      _, engine in
      engine.foldsClosedCycles = false
      all = engine.releasedCycleChanges
    }
    #expect(whole.findings == findings)
    #expect(kept * 2 <= all && kept > 0, "\(kept) changes kept at the end, \(all) without folding")
  }

  /// One owner's cycles: the first broken, the second not, the third open past 2 hours when
  /// the first two fold (the third begun 2 hours before the clock); then a line late before
  /// the third.
  static let ownerPolicy = """
    define opening = status in ["new", "reopened"]
    define resolving = status == "resolved"
    define resolution = each cycle from opening until resolving
    policy owner_cycles:
      per owner, ordered by at
      resolution > 2h → flag
    """
  static let ownerLines = [
    ("T1", "new", "00:00"), ("T1", "resolved", "03:00"), ("T2", "new", "04:00"),
    ("T2", "resolved", "05:00"), ("T3", "new", "09:00"), ("T4", "new", "12:00"),
    // Late, before the cycle of 09:00, the first one kept: it would end the first cycle at
    // 02:00 (no breach), but that cycle and the next folded at 11:00 (the next begun 2 hours
    // before the clock): named, not judged.
    ("T5", "resolved", "02:00"), ("T3", "resolved", "12:30"),
  ].map { ticket, status, at in
    #"{"ticket":"\#(ticket)","owner":"kim","status":"\#(status)","at":"2026-12-01T\#(at):00Z"}"#
  }

  @Test("judging the first cycle, the cycles after it fold: the audit's at every cut-off")
  func firstCycleKept() throws {
    var (folded, refused) = (0, 0)
    let (findings, _) = try WatchGroupCycleTests.check(
      """
      define opening = status in ["new", "reopened"]
      define resolving = status == "resolved"
      define resolution = each cycle from opening until resolving
      policy first_cycle:
        per owner, ordered by at
        resolution > 1h → flag
        cycles: first
      """, seed: 3, lateness: Self.hour, tickets: 24, releaseAfter: 10 * Self.hour
    ) { engine in
      (folded, refused) = (engine.foldedCycleCount, engine.linesBeforeFoldedCycles)
    }
    #expect(refused == 0)
    #expect(folded > 5, "\(folded) cycles folded")
    // Only the first cycle of each owner: its changes stay, those after it fold.
    let numbers = Set(findings.compactMap { $0.violation?.cycle?.number })
    #expect(numbers == [1])
  }

  @Test("an exact replay: cycles numbered after those folded; a line before them named")
  func lateLineBeforeFoldedCycles() throws {
    let replay = try LiveReplay(policy: Self.ownerPolicy)
    let lines = Self.ownerLines
    var notices: [String] = []
    var counts: [String] = []
    let findings = replay.watch(lines, releaseAfter: 2 * Self.hour) { _, engine in
      notices += engine.takeNotices()
      counts.append(
        "\(engine.foldedCycleCount) folded, \(engine.releasedCycleChanges) changes kept, "
          + "\(engine.linesBeforeFoldedCycles) refused")
    }.findings
    var text: [UInt8] = []
    for finding in findings { FindingWriter(format: .text).write(finding, to: &text) }
    let rule = "live.vigil:6: owner_cycles [medium] kim"
    #expect(
      String(decoding: text, as: UTF8.self) == """
        2026-12-01T02:00:00.001Z violation: \(rule), cycle 1 of 1 → flag: resolution 2h0m0.001s > 2h (open) (1 record)
        2026-12-01T03:00:00Z resolved-late: \(rule), cycle 1 of 1 → flag: resolution 3h > 2h (closed) (2 records)
        2026-12-01T11:00:00.001Z violation: \(rule), cycle 3 of 3 → flag: resolution 2h0m0.001s > 2h (open) (5 records)
        2026-12-01T12:30:00Z resolved-late: \(rule), cycle 3 of 3 → flag: resolution 3h30m > 2h (closed) (7 records)

        """)
    #expect(
      counts == [
        "0 folded, 1 changes kept, 0 refused", "0 folded, 2 changes kept, 0 refused",
        "0 folded, 3 changes kept, 0 refused", "0 folded, 4 changes kept, 0 refused",
        "0 folded, 5 changes kept, 0 refused", "2 folded, 2 changes kept, 0 refused",
        "2 folded, 2 changes kept, 1 refused", "2 folded, 3 changes kept, 1 refused",
      ])
    #expect(
      notices == [
        "live.jsonl:7: a line of kim of policy owner_cycles, before its folded cycles (closed, "
          + "the next begun 2h or more before the clock): not judged by it\n"
      ])
    // Without release the audit's answer: the late line takes the first breach back.
    let kept = replay.watch(lines).findings
    #expect(Array(kept.prefix(3)) == Array(findings.prefix(3)))
    #expect(kept.map(\.kind) == [.violation, .resolvedLate, .violation, .withdrawn, .resolvedLate])
  }

  @Test("restarts from checkpoints holding folded cycles go on as the whole run")
  func restartWithFolds() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = WatchGroupCycleTests.generate(seed: 3, tickets: 24, jitter: 2 * Self.hour)
    let (whole, restarts) = try replay.restarts(
      lines, lateness: Self.hour, releaseAfter: 10 * Self.hour, cuts: [60, lines.count - 1],
      count: \.foldedCycleCount)
    #expect(whole.count > 20)
    for restart in restarts {
      #expect(restart.same && restart.readBack, "cut after line \(restart.cut)")
      #expect(restart.restoredCount == restart.counted && restart.counted > 0)
    }
  }

  @Test("the command names the line before folded cycles and counts both at the end")
  func commandCounts() throws {
    let folder = try temporaryFolder("watch-fold")
    defer { try? FileManager.default.removeItem(at: folder) }
    let rules = folder.appendingPathComponent("rules.vigil").path
    try Self.ownerPolicy.write(toFile: rules, atomically: true, encoding: .utf8)
    let result = vigil(
      ["watch", rules, "--data", "-", "--clock", "event", "--release-after", "2h"],
      stdin: Self.ownerLines.joined(separator: "\n") + "\n")
    #expect(result.code == 0)
    #expect(result.stdout.split(separator: "\n").count == 4)
    #expect(
      result.stderr == """
        stdin:7: a line of kim of policy owner_cycles, before its folded cycles (closed, the \
        next begun 2h or more before the clock): not judged by it
        vigil watch: 1 line came late
        vigil watch: 8 records of group policies whose parts move with the clock released; at \
        most 1 kept at once, 0 at the end
        vigil watch: 2 closed cycles of group policies judged per cycle folded; 3 changes of \
        records released kept at the end
        vigil watch: 1 line falling before folded cycles not judged by their group policies: \
        keep records longer with --release-after

        """)
  }
}
