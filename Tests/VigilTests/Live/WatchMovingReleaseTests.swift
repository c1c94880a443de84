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

  /// Parts compared with `now` (counted, a share, extremes among the recent), besides a
  /// state: each record's comparisons change at instants found when its line is read
  /// (`TimeProbes.orderInstants`), so its part is settled past the last of them.
  static let nowPolicy = """
    define unresolved = from created_at until resolved_at
    define complaint = type == "complaint"
    policy backlog:
      per owner
      count(unresolved > 4h) > 2 → notify owner
    policy recent_complaints:
      per owner
      count(complaint and created_at > now - 3h) >= 2 → notify owner
    policy recent_share:
      per team
      share(created_at > now - 2h) > 10% → flag
      at least 3 records
    policy recent_spread:
      per team
      among created_at >= now - 5h
      latest(created_at) - earliest(created_at) > 4h → flag
    policy recent_days:
      per owner, daily by created_at
      count(created_at > now - 90m) >= 2 → flag
    """

  @Test(
    "records whose parts compare with now are released once their comparisons are settled",
    arguments: [(4, 7_200_000)] as [(UInt64, Int64)])
  func releasedRecordsComparedWithNow(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.nowPolicy)
    let lines = WatchMovingGroupTests.generate(seed: seed, records: 100, jitter: 2 * lateness)
    var keptNever = 0
    let never = replay.watch(lines, lateness: lateness) { _, engine in
      keptNever = max(keptNever, engine.movingRecordCount)
    }
    var most = 0
    var released = 0
    let keeping = replay.watch(lines, lateness: lateness, releaseAfter: 3 * Self.hour) {
      _, engine in
      most = max(most, engine.movingRecordCount)
      released = engine.releasedMovingCount
    }
    #expect(keeping.findings == never.findings)
    let policies = Set(never.findings.compactMap(\.violation?.policy))
    #expect(policies.count == 5, "\(policies)")
    // Every record was kept before (a part compared with now was never settled); now 71 of the
    // 100 go (not those with an id whose state stays open), and at most 48 are kept at once,
    // where 92 were (in order, seed 1: 77, 38 and 91).
    #expect(released > 65, "\(released)")
    #expect(most * 10 < keptNever * 6, "at most \(most) kept at once, \(keptNever) never")
    #expect(replay.disagreement(lines, keeping) == nil)
  }

  @Test("a record compared with now goes a millisecond after its comparison's last change")
  func releasedAfterTheLastComparison() throws {
    let replay = try LiveReplay(
      policy: """
        define unresolved = from created_at until resolved_at
        policy backlog:
          per owner
          count(unresolved > 30m) > 1 → notify owner
        policy recent:
          per owner
          count(created_at > now - 3h) >= 2 → notify owner
        """)
    func line(_ id: String, _ created: String, _ resolved: String, note: String = "") -> String {
      "{\"id\":\"\(id)\",\"owner\":\"kim\",\"created_at\":\"2026-12-01T\(created):00Z\","
        + "\"resolved_at\":\"2026-12-01T\(resolved):00Z\"\(note)}"
    }
    let lines = [
      line("A", "08:00", "08:30"), line("B", "09:00", "09:10"),
      // 12:05: A was 3 hours old at 11:00 (its last change at 11:00:00.001, released
      // then), B at 12:00 (released at 12:00:00.001).
      line("C", "12:00", "12:05"),
      // A as it was released, a note: nothing changes, nothing is named.
      line("A", "08:00", "08:30", note: ",\"note\":\"x\""),
      // B changed: named, not judged.
      line("B", "11:30", "12:06"),
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
        "1 kept, 2 released, 0 not judged: ",
        "1 kept, 2 released, 0 not judged: ",
        "1 kept, 2 released, 1 not judged: live.jsonl:5: a line of record B, released by the "
          + "group policies whose parts move with the clock (settled, and no newer line for "
          + "1h): not judged by them\n",
      ])
    #expect(
      WatchSequenceTests.describe(findings) == [
        "violation 2026-12-01T09:10:00Z kim count(created_at > now - 3h) 2 open=nil to kim",
        "resolved 2026-12-01T11:00:00Z kim count(created_at > now - 3h) 2 open=nil to kim",
      ])
    // Kept (never): B's new line is judged, with C two within 3 hours.
    #expect(
      WatchSequenceTests.describe(replay.watch(lines).findings) == [
        "violation 2026-12-01T09:10:00Z kim count(created_at > now - 3h) 2 open=nil to kim",
        "resolved 2026-12-01T11:00:00Z kim count(created_at > now - 3h) 2 open=nil to kim",
        "violation 2026-12-01T12:06:00Z kim count(created_at > now - 3h) 2 open=nil to kim",
      ])
  }

  /// kim's backlog: more than one ticket unresolved past 4 hours.
  static let backlogPolicy = """
    define unresolved = from created_at until resolved_at
    policy backlog:
      per owner
      count(unresolved > 4h) > 1 → notify owner
    """

  /// A ticket of kim's, created (and resolved) at these times of 2026-12-01.
  static func backlogLine(_ id: String, _ created: String, _ resolved: String? = nil) -> String {
    "{\"id\":\"\(id)\",\"owner\":\"kim\",\"created_at\":\"2026-12-01T\(created):00Z\""
      + (resolved.map { ",\"resolved_at\":\"2026-12-01T\($0):00Z\"" } ?? "") + "}"
  }

  @Test("a line of a released record is named and not judged by these policies")
  func lineOfAReleasedRecord() throws {
    let replay = try LiveReplay(policy: Self.backlogPolicy)
    func line(_ id: String, _ created: String, _ resolved: String? = nil) -> String {
      Self.backlogLine(id, created, resolved)
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

  @Test("a state file whose released records' digests were made from JSON is read and trusted")
  func jsonPartsDigests() throws {
    let replay = try LiveReplay(policy: Self.backlogPolicy)
    func line(_ id: String, _ created: String, _ resolved: String? = nil) -> String {
      Self.backlogLine(id, created, resolved)
    }
    // As in `lineOfAReleasedRecord`: A released at 08:00; then A as it was released (nothing
    // named), and A resolved sooner (named, not judged).
    let lines = [
      line("A", "01:00", "06:00"), line("B", "02:00"), line("C", "06:30"), line("D", "08:00"),
      line("A", "01:00", "06:00"), line("A", "01:00", "02:00"),
    ]
    // The first four lines by a build keeping the digests in JSON's form (STATE's "parts").
    var snapshot: WatchEngine.Snapshot?
    _ = replay.watch(
      Array(lines.prefix(4)), releaseAfter: Self.hour,
      afterLine: { index, engine in if index == 3 { snapshot = engine.snapshot } },
      prepare: { $0.writesJSONPartsDigests = true })
    let data = try JSONEncoder().encode(try #require(snapshot))
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains(#""parts":""#) && !text.contains("partsV2"))
    // Read back and gone on from, with no replay: A's lines judged as the uninterrupted run
    // judges them — the one as released silent, the other named.
    let engine = WatchEngine(
      replay.live, input: replay.input, replacesByID: true,
      restoring: try JSONDecoder().decode(WatchEngine.Snapshot.self, from: data))
    engine.releaseAfter = Self.hour
    #expect(engine.releasedMovingCount == 1)
    let decoder = RecordDecoder(layout: replay.live.layout, format: .jsonl)
    var notices: [String] = []
    for (index, line) in lines.enumerated().dropFirst(4) {
      guard case .record(let values) = decoder.decode(Array(line.utf8)) else {
        Issue.record("line \(index + 1) is not a record: \(line)")
        continue
      }
      #expect(engine.applyEvent(values, line: index + 1, lateness: 0) == [])
      notices.append(engine.takeNotices().joined())
    }
    #expect(
      notices == [
        "",
        "live.jsonl:6: a line of record A, released by the group policies whose parts move "
          + "with the clock (settled, and no newer line for 1h): not judged by them\n",
      ])
    #expect(engine.linesOfReleasedMoving == 1)
    // Written again: the old digests kept as they were, none of the new form.
    let again = String(decoding: try JSONEncoder().encode(engine.snapshot), as: UTF8.self)
    #expect(again.contains(#""parts":""#) && !again.contains("partsV2"))
    // The build of now writes the new form, and its run is the same.
    var current: WatchEngine.Snapshot?
    _ = replay.watch(
      Array(lines.prefix(4)), releaseAfter: Self.hour,
      afterLine: { index, engine in if index == 3 { current = engine.snapshot } })
    let written = String(decoding: try JSONEncoder().encode(try #require(current)), as: UTF8.self)
    #expect(written.contains("partsV2") && !written.contains(#""parts":""#))
  }

  @Test(
    "a restart from a checkpoint holding released records goes on as the uninterrupted run",
    arguments: [false, true])
  func restart(comparedWithNow: Bool) throws {
    let replay = try LiveReplay(policy: comparedWithNow ? Self.nowPolicy : Self.policy)
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

  @Test("a state whose records lack the instants of their comparisons with now gets them back")
  func stateWithoutComparisonInstants() throws {
    let folder = try temporaryFolder("watch")
    defer { try? FileManager.default.removeItem(at: folder) }
    let rules = folder.appendingPathComponent("rules.vigil").path
    try """
    policy slow:
      from created_at until resolved_at > 10h → flag
    policy recent:
      per owner
      count(created_at > now - 3h) >= 2 → notify owner
    """.write(toFile: rules, atomically: true, encoding: .utf8)
    func line(_ id: String, _ created: String, _ resolved: String) -> String {
      "{\"id\":\"\(id)\",\"owner\":\"kim\",\"created_at\":\"2026-12-01T\(created):00Z\","
        + "\"resolved_at\":\"2026-12-01T\(resolved):00Z\"}\n"
    }
    let lines = [
      line("A", "08:00", "08:30"), line("B", "09:00", "09:10"), line("C", "12:00", "12:05"),
    ]
    let data = folder.appendingPathComponent("data.jsonl").path
    let state = folder.appendingPathComponent("state.json").path
    func watch(_ more: [String] = []) -> CLIResult {
      vigil(
        [
          "watch", rules, "--data", data, "--id", "id", "--clock", "event", "--no-follow",
          "--release-after", "never",
        ] + more)
    }
    try lines.joined().write(toFile: data, atomically: true, encoding: .utf8)
    let whole = watch()
    try lines.prefix(2).joined().write(toFile: data, atomically: false, encoding: .utf8)
    let first = watch(["--state", state])
    // As a build that did not time comparisons with now wrote it: no record has instants
    // (here only its comparison's).
    var json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state)))
        as? [String: Any])
    var engine = try #require(json["engine"] as? [String: Any])
    var moving = try #require(engine["moving"] as? [String: Any])
    let records = try #require(moving["records"] as? [[String: Any]])
    #expect(records.count == 2)
    moving["records"] = records.map { record in
      var record = record
      record["instants"] = [Int]()
      return record
    }
    engine["moving"] = moving
    json["engine"] = engine
    try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: state))
    try lines.joined().write(toFile: data, atomically: false, encoding: .utf8)
    let second = watch(["--state", state])
    #expect(first.code == 0 && second.code == 0)
    // A is 3 hours old at 11:00: kim's count falls to one then, with no line read.
    #expect(whole.stdout.contains("\"finding\":\"resolved\",\"at\":\"2026-12-01T11:00:00Z\""))
    #expect(first.stdout + second.stdout == whole.stdout)
  }
}
