import Foundation
import Testing
import VigilCore
import VigilLive
import VigilRecords

@testable import Vigil

/// Bounded memory for group policies with calendar windows: a window closes `--release-after`
/// after it ended (a line of it is then named, not judged), and its group is released once the
/// next window of its key has closed too; the watch then says what it said before, and what
/// the audit says at every cut-off.
@Suite("Watch: windows of group policies released")
struct WatchWindowReleaseTests {
  static let policy = """
    define complaint = type == "complaint"
    policy daily_complaints:
      per team, daily by created_at
      among complaint
      count >= 3 → flag
    policy more_than_yesterday:
      per team, daily by created_at in "Europe/Paris"
      count - previous(count) > 2 → flag
    policy low_daily_score:
      per owner, daily by created_at
      max(score) < 3 → flag
      at least 2 records
    """

  static let hour: Int64 = 3_600_000
  static let day = 24 * hour
  static let keep = 12 * hour

  /// Records created over five days, each read when created and again up to twice within 6
  /// hours (its type or score changed, its time not), each line up to `jitter` late.
  static func generate(seed: UInt64, records: Int, jitter: Int64) -> [(line: String, at: Int64)] {
    var random = SplitMix(seed: seed)
    var lines: [(arrival: Int64, line: String, at: Int64)] = []
    for number in 0..<records {
      let at = WatchGroupTests.start + Int64(random.below(Int(5 * day)))
      let team = random.pick(["desk", "phones"])
      let owner = random.pick(["kim", "lee", "ana"])
      var read = at
      for _ in 0..<(1 + random.below(3)) {
        let text =
          "{\"id\":\"W\(number)\",\"team\":\"\(team)\",\"owner\":\"\(owner)\","
          + "\"type\":\"\(random.pick(["complaint", "enquiry", "complaint"]))\","
          + "\"score\":\(1 + random.below(5)),\"created_at\":\(WatchReplayTests.time(at))}"
        let arrival = read + (jitter > 0 ? Int64(random.below(Int(jitter))) : 0)
        lines.append((arrival, text, at))
        read += Int64(random.below(Int(3 * hour)))
      }
    }
    return lines.enumerated().sorted {
      ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset)
    }
    .map { ($0.element.line, $0.element.at) }
  }

  /// The day a window starting at `instant` (UTC, or Paris in December: an hour ahead).
  static func day(_ instant: Int64, paris: Bool) -> Int64 {
    (instant + (paris ? hour : 0)) / day
  }

  @Test(
    "windows past are released; the findings are those of a watch keeping them, the audit's",
    arguments: [(31, 0), (32, 3_600_000)] as [(UInt64, Int64)])
  func releasedWindowsSayTheSame(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    let generated = Self.generate(seed: seed, records: 60, jitter: 2 * lateness)
    let lines = generated.map(\.line)
    let never = replay.watch(lines, lateness: lateness)
    // After each line: the groups made so far (policy 0 and 2 by UTC day, 1 by Paris day;
    // a record not a complaint makes none of policy 0), and those whose next window ended
    // `keep` before the clock.
    var made = Set<String>()
    var mismatches: [String] = []
    var mostReleased = 0
    let released = replay.watch(lines, lateness: lateness, releaseAfter: Self.keep) {
      index, engine in
      let line = lines[index]
      let at = generated[index].at
      let team = line.contains("\"desk\"") ? "desk" : "phones"
      let owner = ["kim", "lee", "ana"].first { line.contains("\"\($0)\"") }!
      if line.contains("complaint") { made.insert("0 \(team) \(Self.day(at, paris: false))") }
      made.insert("1 \(team) \(Self.day(at, paris: true))")
      made.insert("2 \(owner) \(Self.day(at, paris: false))")
      // INVARIANT: every line sets the clock (each has a window time).
      let clock = engine.clock! - Self.keep
      let gone = made.filter { group in
        let parts = group.split(separator: " ")
        let window = Int64(parts[2])!
        return window + 1 < Self.day(clock, paris: parts[0] == "1")
      }.count
      if engine.releasedWindowCount != gone || engine.groupCount != made.count - gone {
        mismatches.append(
          "line \(index + 1): kept \(engine.groupCount), released \(engine.releasedWindowCount); "
            + "expected \(made.count - gone), \(gone)")
      }
      if engine.linesOfClosedWindows != 0 { mismatches.append("line \(index + 1): closed") }
      mostReleased = gone
    }
    #expect(mismatches == [])
    #expect(mostReleased > 10)
    #expect(released.findings == never.findings)
    #expect(never.findings.count >= 20)
    // What stands agrees with the audit at every instant something changed and a millisecond
    // before.
    #expect(replay.disagreement(lines, released) == nil)
  }

  static func line(_ id: String, _ team: String, _ at: String, note: String = "") -> String {
    "{\"id\":\"\(id)\",\"team\":\"\(team)\",\"created_at\":\"2026-12-0\(at)Z\"\(note)}"
  }

  @Test("a line of a closed window is named and not judged; a window goes after the next")
  func closedWindow() throws {
    let replay = try LiveReplay(
      policy: """
        policy busy_day:
          per team, daily by created_at
          count > 1 → flag
        """)
    let lines = [
      Self.line("A", "desk", "1T10:00:00"), Self.line("B", "desk", "1T11:00:00"),
      // The 1st closed at 01:00 on the 2nd (an hour after it ended): not yet released, as the
      // 2nd has not closed.
      Self.line("C", "desk", "2T09:00:00"),
      // B moved to phones, read late: its part of the 1st is not taken out, nor added to
      // phones' 1st (closed): named once.
      Self.line("B", "phones", "1T11:00:00"),
      // A new record of the 1st: named.
      Self.line("D", "desk", "1T12:00:00"),
      // The 2nd closed at 01:00 on the 3rd: the 1st is released then.
      Self.line("E", "desk", "3T02:00:00"),
      // A's part unchanged (a note): nothing changes, nothing is named.
      Self.line("A", "desk", "1T10:00:00", note: ",\"note\":\"x\""),
      // A moved to phones: its part of the released 1st is another: named.
      Self.line("A", "phones", "1T10:00:00"),
    ]
    var counts: [String] = []
    let findings = replay.watch(lines, releaseAfter: Self.hour) { _, engine in
      counts.append(
        "\(engine.groupCount) kept, \(engine.releasedWindowCount) released, "
          + "\(engine.linesOfClosedWindows) lines not judged: " + engine.takeNotices().joined())
    }.findings
    let closed = ", a window closed (it ended 1h before the clock): not judged by it\n"
    #expect(
      counts == [
        "1 kept, 0 released, 0 lines not judged: ",
        "1 kept, 0 released, 0 lines not judged: ",
        "2 kept, 0 released, 0 lines not judged: ",
        "2 kept, 0 released, 1 lines not judged: live.jsonl:4: a line of desk in 2026-12-01 of "
          + "policy busy_day" + closed,
        "2 kept, 0 released, 2 lines not judged: live.jsonl:5: a line of desk in 2026-12-01 of "
          + "policy busy_day" + closed,
        "2 kept, 1 released, 2 lines not judged: ",
        "2 kept, 1 released, 2 lines not judged: ",
        "2 kept, 1 released, 3 lines not judged: live.jsonl:8: a line of phones in 2026-12-01 of "
          + "policy busy_day" + closed,
      ])
    #expect(
      WatchSequenceTests.describe(findings) == [
        "violation 2026-12-01T11:00:00Z desk in 2026-12-01 count 2 open=nil to -"
      ])
    // Kept (never): B's move resolves desk's 1st, D breaks it again, A's move resolves it
    // and breaks phones' 1st (A and B).
    #expect(
      WatchSequenceTests.describe(replay.watch(lines).findings) == [
        "violation 2026-12-01T11:00:00Z desk in 2026-12-01 count 2 open=nil to -",
        "resolved 2026-12-02T09:00:00Z desk in 2026-12-01 count 2 open=nil to - late",
        "violation 2026-12-02T09:00:00Z desk in 2026-12-01 count 2 open=nil to - late",
        "resolved 2026-12-03T02:00:00Z desk in 2026-12-01 count 2 open=nil to - late",
        "violation 2026-12-03T02:00:00Z phones in 2026-12-01 count 2 open=nil to - late",
      ])
  }

  @Test("a restart from a checkpoint holding released windows goes on as the uninterrupted run")
  func restart() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.generate(seed: 33, records: 50, jitter: Self.hour).map(\.line)
    let (whole, restarts) = try replay.restarts(
      lines, lateness: Self.hour, releaseAfter: Self.keep, cuts: [20, 60, 90],
      count: \.releasedWindowCount)
    #expect(whole.count >= 10)
    for restart in restarts {
      #expect(restart.same && restart.readBack, "cut after line \(restart.cut)")
      #expect(restart.restoredCount == restart.counted)
      #expect(restart.counted > 0 || restart.cut == 20)
    }
  }
}
