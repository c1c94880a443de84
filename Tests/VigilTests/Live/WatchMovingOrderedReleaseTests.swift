import Testing
import VigilCore

@testable import VigilLive

/// Group policies whose parts move with the clock and that read `first`/`last` (their order
/// matters) in the watch: their settled records released as runs of records read on
/// consecutive lines (`SettledRun`), so that what is kept stays flat as records are read, and
/// the findings are those of never releasing, the audit's at every cut-off.
@Suite("Watch: records of moving group policies with first and last released")
struct WatchMovingOrderedReleaseTests {
  static let policy = """
    define unresolved = from created_at until resolved_at
    policy first_waiting:
      per owner, ordered by created_at
      among unresolved > 1h
      first(type) == "complaint" and last(type) == "enquiry" → notify owner
    policy turns:
      per team, ordered by created_at
      among unresolved
      last(type) == "complaint" and count >= 2 → flag
    """

  static let hour: Int64 = 3_600_000

  /// `count` records opened `perHour` an hour (their times on the hour: ties decide `first`
  /// and `last`), each resolved within 5 hours by a newer line of its id, a tenth without an
  /// id (never resolved: a state open, but no newer line can come); with `open`, one in 8
  /// with an id never resolved (kept for ever, between the records released).
  static func generate(
    seed: UInt64, records count: Int, perHour: Int = 2, open: Bool = false
  ) -> [String] {
    var random = SplitMix(seed: seed)
    var lines: [(arrival: Int64, text: String)] = []
    for number in 0..<count {
      let opened = WatchMovingGroupTests.start + Int64(number / perHour) * hour
      var fields = [
        "\"owner\":\"\(random.pick(["kim", "lee", "ana"]))\"",
        "\"team\":\"\(random.pick(["desk", "phones"]))\"",
        "\"type\":\"\(random.pick(["complaint", "enquiry", "complaint"]))\"",
        "\"created_at\":\(WatchReplayTests.time(opened))",
      ]
      let withID = random.below(10) != 0
      if withID { fields.append("\"id\":\"R\(number)\"") }
      lines.append((opened, "{" + fields.joined(separator: ",") + "}"))
      guard withID, !open || random.below(8) != 0 else { continue }
      let resolved = opened + Int64(random.below(Int(5 * hour)))
      let closing = fields + ["\"resolved_at\":\(WatchReplayTests.time(resolved))"]
      lines.append((resolved, "{" + closing.joined(separator: ",") + "}"))
    }
    return lines.enumerated().sorted {
      ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset)
    }
    .map(\.element.text)
  }

  @Test(
    "the findings are those of never releasing, and agree with the audit at every cut-off",
    arguments: [(5, 2, false), (6, 6, true), (7, 8, true)] as [(UInt64, Int, Bool)])
  func sameFindings(seed: UInt64, perHour: Int, open: Bool) throws {
    let replay = try LiveReplay(policy: Self.policy)
    #expect(replay.live.movingPolicies.indices.map(replay.live.isSummed) == [true, true])
    let lines = Self.generate(seed: seed, records: 120, perHour: perHour, open: open)
    let never = replay.watch(lines)
    var released = 0
    let releasing = replay.watch(lines, releaseAfter: 2 * Self.hour) { _, engine in
      released = engine.releasedMovingCount
    }
    #expect(releasing.findings == never.findings)
    #expect(never.findings.filter { $0.kind == .violation }.count > 5)
    #expect(released > 80)
    #expect(replay.disagreement(lines, releasing) == nil)
  }

  @Test("the records and released parts kept stay flat as the records read grow")
  func keptStaysFlat() throws {
    let replay = try LiveReplay(policy: Self.policy)
    var most: [(records: Int, parts: Int)] = []
    for records in [100, 400] {
      let lines = Self.generate(seed: 6, records: records)
      var (kept, parts) = (0, 0)
      _ = replay.watch(lines, releaseAfter: 2 * Self.hour) { _, engine in
        kept = max(kept, engine.movingRecordCount)
        parts = max(parts, engine.releasedMovingParts)
      }
      most.append((kept, parts))
    }
    // Kept: the records opened within the last hours and the tenth without an id that are
    // never resolved (released once past their instants); parts: a run per group between
    // records kept. Without releasing, every record read was kept (100, then 400).
    #expect(most[0].records < 40 && most[1].records <= most[0].records + 5, "\(most)")
    #expect(most[0].parts < 40 && most[1].parts <= most[0].parts + 5, "\(most)")
  }

  @Test("restarts from a checkpoint holding runs of records released go on as uninterrupted")
  func restart() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.generate(seed: 8, records: 60)
    let (whole, restarts) = try replay.restarts(
      lines, lateness: 0, releaseAfter: 2 * Self.hour, cuts: [1, 40, 80, lines.count - 1])
    #expect(whole.count > 5)
    var released = 0
    _ = replay.watch(lines, releaseAfter: 2 * Self.hour) { index, engine in
      if index == 80 { released = engine.releasedMovingCount }
    }
    // The checkpoint after line 80 holds runs of records released.
    #expect(released > 10)
    for restart in restarts {
      #expect(restart.same && restart.readBack, "cut after line \(restart.cut)")
    }
  }
}
