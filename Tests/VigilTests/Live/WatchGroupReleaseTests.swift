import Foundation
import Testing
import VigilCore
import VigilLive
import VigilRecords

@testable import Vigil
@testable import VigilCLI

/// Bounded memory for group policies without a window: the part of an id's latest line is
/// released once no newer line of the id came for `--release-after` (it stays in its group's
/// aggregates), and a group once no line changed it for as long (a later line of either is
/// named, not judged); the watch then says what it said before, and what the audit says at
/// every cut-off.
@Suite("Watch: ids' parts and groups of group policies without a window released")
struct WatchGroupReleaseTests {
  /// Three policies whose aggregates can be subtracted, three whose cannot (a maximum, the
  /// last by time, the latest time, read against now); a record policy whose state starts at
  /// `created_at` moves the event clock.
  static let policy = """
    define complaint = type == "complaint"
    policy stale:
      from created_at until resolved_at > 100d → flag
    policy busy_owner:
      per owner
      count > 3 → notify owner
    policy complaint_share:
      per owner
      share(complaint) > 50% → flag
      at least 3 records
    policy low_average:
      per owner
      average(score) < 2.5 → flag
    policy best_score:
      per owner
      max(score) < 4 → flag
      at least 2 records
    policy last_score:
      per owner, ordered by created_at
      last(score) < 2 → flag
    policy idle_owner:
      per owner
      latest(created_at) < now - 3h → notify owner
    """

  static let hour: Int64 = 3_600_000
  static let keep = 12 * hour
  static let owners = ["kim", "lee", "ana"]

  /// Records created over four days, their owners those of the 12 hours they were created in
  /// (so that owners go quiet), each read when created and again up to twice within 5 hours
  /// (its type, score or owner changed, its time not; an owner of the same 12 hours), a tenth
  /// without an id; each line up to `jitter` late. Lines with the same time make ties for
  /// `last`.
  static func generate(seed: UInt64, records: Int, jitter: Int64) -> [(line: String, at: Int64)] {
    var random = SplitMix(seed: seed)
    var lines: [(arrival: Int64, line: String, at: Int64)] = []
    for number in 0..<records {
      // Whole quarter hours: some records share a time.
      let at = WatchGroupTests.start + Int64(random.below(4 * 24 * 4)) * hour / 4
      let period = (at - WatchGroupTests.start) / (12 * hour)
      let id = random.below(10) == 0 ? "" : "\"id\":\"R\(number)\","
      var read = at
      for _ in 0..<(id.isEmpty ? 1 : 1 + random.below(3)) {
        let owner = "\(random.pick(Self.owners))\(period)"
        let text =
          "{\(id)\"owner\":\"\(owner)\","
          + "\"type\":\"\(random.pick(["complaint", "enquiry", "complaint"]))\","
          + "\"score\":\(1 + random.below(5)),\"created_at\":\(WatchReplayTests.time(at))}"
        let arrival = read + (jitter > 0 ? Int64(random.below(Int(jitter))) : 0)
        lines.append((arrival, text, at))
        read += Int64(random.below(Int(150 * 60_000)))
      }
    }
    return lines.enumerated().sorted {
      ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset)
    }
    .map { ($0.element.line, $0.element.at) }
  }

  /// The text between `"key":"` and the next quote in `line`, nil when it has none.
  static func field(_ key: String, _ line: String) -> String? {
    guard let start = line.range(of: "\"\(key)\":\"") else { return nil }
    return String(line[start.upperBound...].prefix { $0 != "\"" })
  }

  @Test(
    "quiet ids' parts and groups are released; the findings are those kept, the audit's",
    arguments: [(41, 0), (42, 3_600_000)] as [(UInt64, Int64)])
  func releasedSayTheSame(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.generate(seed: seed, records: 150, jitter: 2 * lateness).map(\.line)
    let never = replay.watch(lines, lateness: lateness)
    // After each line, from the lines: per owner the clock when a line last added a part to
    // its groups or took one out (its groups released `keep` after), per id the clock when its latest line was read, and per line
    // without an id the clock it was read at (its parts of the three policies that cannot
    // subtract are kept); released: those `keep` or more before the clock.
    var owners: [String: Int64] = [:]
    var ids: [String: (owner: String, seen: Int64)] = [:]
    var anonymous: [Int64] = []
    var mismatches: [String] = []
    var most = (ids: 0, groups: 0)
    let released = replay.watch(lines, lateness: lateness, releaseAfter: Self.keep) {
      index, engine in
      // INVARIANT: every line sets the clock (its state begins at its time).
      let clock = engine.clock!
      let line = lines[index]
      let owner = Self.field("owner", line)!
      owners[owner] = clock
      if let id = Self.field("id", line) {
        if let earlier = ids[id] { owners[earlier.owner] = clock }
        ids[id] = (owner, clock)
      } else {
        anonymous.append(clock)
      }
      let quiet = { (seen: Int64) in seen + Self.keep <= clock }
      let goneIDs = ids.values.filter { quiet($0.seen) }.count
      let goneGroups = owners.values.filter(quiet).count
      let parts = 6 * (ids.count - goneIDs) + 3 * anonymous.filter { !quiet($0) }.count
      let counted = [
        engine.releasedGroupIDCount, engine.releasedGroupCount, engine.groupCount,
        engine.groupPartCount, engine.linesOfReleasedGroups,
      ]
      // `idle_owner`'s groups go with the others: its comparison with now has its last
      // answer 3 hours after the group's latest record, within `keep` (it kept a timer pending
      // for ever before, and the group with it: 5 groups released per owner, not 6).
      let expected = [goneIDs, 6 * goneGroups, 6 * owners.count - 6 * goneGroups, parts, 0]
      if counted != expected {
        mismatches.append("line \(index + 1): \(counted), expected \(expected)")
      }
      most = (goneIDs, goneGroups)
    }
    #expect(mismatches == [])
    #expect(most.ids > 50 && most.groups > 10)
    #expect(released.findings == never.findings)
    #expect(never.findings.count >= 30)
    let policies = Set(
      never.findings.filter { $0.kind == .violation }.compactMap(\.violation?.policy))
    #expect(policies.count == 6)
    // What stands agrees with the audit at every instant something changed and a millisecond
    // before.
    #expect(replay.disagreement(lines, released) == nil)
  }

  static func line(_ id: String, _ owner: String, _ score: Int, _ at: String) -> String {
    "{\"id\":\"\(id)\",\"owner\":\"\(owner)\",\"score\":\(score),\"created_at\":\"2026-12-01T\(at):00Z\"}"
  }

  static func describe(_ findings: [LiveFinding]) -> [String] {
    findings.map { finding in
      "\(finding.kind.rawValue) \(TimeParsing.formatISO8601(finding.at)) "
        + "\(finding.violation?.policy ?? "-") \(finding.violation?.record ?? "-") "
        + "\(finding.violation?.measured ?? "-")" + (finding.late ? " late" : "")
    }
  }

  @Test("a changed line of a released id or a line of a released group is named, not judged")
  func named() throws {
    let replay = try LiveReplay(
      policy: """
        policy stale:
          from created_at until resolved_at > 100d → flag
        policy busy_owner:
          per owner
          count > 1 → notify owner
        policy best:
          per owner
          max(score) < 3 → flag
          at least 2 records
        """)
    let lines = [
      Self.line("A", "kim", 1, "10:00"), Self.line("B", "kim", 2, "10:30"),
      // 12:00: A's parts went at 11:00, B's and kim's groups at 11:30.
      Self.line("C", "lee", 4, "12:00"),
      // A as it was, a note: nothing changes, nothing is named.
      "{\"id\":\"A\",\"owner\":\"kim\",\"score\":1,\"note\":\"x\",\"created_at\":\"2026-12-01T10:00:00Z\"}",
      // A changed: named, not judged.
      Self.line("A", "lee", 1, "10:00"),
      // A new record of kim's released groups: named under each policy, not judged.
      Self.line("D", "kim", 1, "12:30"),
      Self.line("E", "lee", 3, "12:40"),
      // 13:10: C's parts went at 13:00; lee's maximum stays 4 (C's, released) when E's part
      // is taken out and the group added up again.
      Self.line("F", "lee", 2, "13:10"), Self.line("E", "lee", 1, "13:20"),
    ]
    var counts: [String] = []
    var summary: [String] = []
    let findings = replay.watch(lines, releaseAfter: Self.hour) { _, engine in
      summary = WatchCommand.summary(of: engine)
      counts.append(
        "\(engine.groupCount) kept, \(engine.releasedGroupCount) released, "
          + "\(engine.releasedGroupIDCount) ids, \(engine.groupPartCount) parts, "
          + "\(engine.linesOfReleasedGroups) not judged: " + engine.takeNotices().joined())
    }.findings
    let id = ", released by the group policies without a window (no newer line for 1h): "
    let group = ", a group released (no line for 1h): not judged by it\n"
    #expect(
      counts == [
        "2 kept, 0 released, 0 ids, 2 parts, 0 not judged: ",
        "2 kept, 0 released, 0 ids, 4 parts, 0 not judged: ",
        "2 kept, 2 released, 2 ids, 2 parts, 0 not judged: ",
        "2 kept, 2 released, 2 ids, 2 parts, 0 not judged: ",
        "2 kept, 2 released, 2 ids, 2 parts, 1 not judged: live.jsonl:5: a line of record A" + id
          + "not judged by them\n",
        "2 kept, 2 released, 2 ids, 2 parts, 2 not judged: live.jsonl:6: a line of kim of policy "
          + "busy_owner" + group + "live.jsonl:6: a line of kim of policy best" + group,
        "2 kept, 2 released, 2 ids, 4 parts, 2 not judged: ",
        "2 kept, 2 released, 3 ids, 4 parts, 2 not judged: ",
        "2 kept, 2 released, 3 ids, 4 parts, 2 not judged: ",
      ])
    #expect(
      Self.describe(findings) == [
        "violation 2026-12-01T10:30:00Z busy_owner kim count 2",
        "violation 2026-12-01T10:30:00Z best kim max(score) 2",
        "violation 2026-12-01T12:40:00Z busy_owner lee count 2",
      ])
    // What the end of the run says.
    #expect(
      summary == [
        "3 records released by the group policies without a window (6 parts kept in their "
          + "groups' aggregates); 4 parts kept at the end",
        "2 groups of group policies without a window released; 2 groups kept at the end",
        "2 lines of records or groups they released not judged by the group policies without a "
          + "window: keep them longer with --release-after",
      ])
    // Kept (never): A's move resolves kim's groups and breaks lee's count; D breaks kim's
    // again; lee's maximum is C's 4 throughout.
    #expect(
      Self.describe(replay.watch(lines).findings) == [
        "violation 2026-12-01T10:30:00Z busy_owner kim count 2",
        "violation 2026-12-01T10:30:00Z best kim max(score) 2",
        "resolved 2026-12-01T12:00:00Z busy_owner kim count 2",
        "resolved 2026-12-01T12:00:00Z best kim max(score) 2",
        "violation 2026-12-01T12:00:00Z busy_owner lee count 2",
        "violation 2026-12-01T12:30:00Z busy_owner kim count 2",
        "violation 2026-12-01T12:30:00Z best kim max(score) 2",
      ])
  }

  @Test("a group added up again takes its released parts first: their lines are the earlier")
  func releasedPartsFirst() throws {
    let replay = try LiveReplay(
      policy: """
        policy stale:
          from created_at until resolved_at > 100d → flag
        policy first_score:
          per owner, ordered by created_at
          first(score) < 2 → flag
        """)
    let lines = [
      Self.line("A", "kim", 1, "10:00"), Self.line("X", "kim", 3, "10:40"),
      // 11:10: A's part went at 11:00 (kim's group stays: X changed it at 10:40).
      Self.line("Y", "lee", 3, "11:10"),
      // At A's time, read after it: A is still first.
      Self.line("B", "kim", 5, "10:00"),
      // X taken out: kim's group added up again, A's part (released) before B's.
      Self.line("X", "kim", 3, "10:50"),
    ]
    var released: [Int] = []
    let findings = replay.watch(lines, releaseAfter: Self.hour) { _, engine in
      released.append(engine.releasedGroupPartCount)
    }.findings
    #expect(released == [0, 0, 1, 1, 1])
    #expect(
      Self.describe(findings) == ["violation 2026-12-01T10:00:00Z first_score kim first(score) 1"])
    #expect(findings == replay.watch(lines).findings)
  }

  @Test("a restart from a checkpoint holding released parts and groups goes on as before")
  func restart() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.generate(seed: 43, records: 120, jitter: Self.hour).map(\.line)
    let (whole, restarts) = try replay.restarts(
      lines, lateness: Self.hour, releaseAfter: Self.keep, cuts: [20, 120, 200],
      count: { $0.releasedGroupIDCount + $0.releasedGroupCount + $0.groupPartCount })
    #expect(whole.count >= 20)
    for restart in restarts {
      #expect(restart.same && restart.readBack, "cut after line \(restart.cut)")
      #expect(restart.restoredCount == restart.counted)
      #expect(restart.counted > 0 || restart.cut == 20)
    }
  }
}
