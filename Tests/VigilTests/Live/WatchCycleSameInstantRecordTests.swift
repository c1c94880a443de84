import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilLive

@testable import Vigil
@testable import VigilCLI

/// Record policies judging each cycle of a record's own list of changes (`each cycle in H`)
/// and event-log policies judging each cycle of a case, with cycles that begin at one instant
/// (changes on a coarse grid: a resolution and a reopening at the instant a cycle began, a
/// cycle ending where the next begins), under the three shapes (every cycle, the first, the
/// last): on the event clock, at every cut-off, the cycles standing are those `vigil audit
/// --now` lists, each told by its start and rank, and each finding is the audit's own.
@Suite("Watch of records' and cases' cycles beginning at one instant")
struct WatchCycleSameInstantRecordTests {
  static let start = WatchCycleSameInstantTests.start
  static let minute = WatchCycleSameInstantTests.minute

  /// The six policies of `WatchCycleSameInstantTests`, over `resolution`.
  static let shapes = """
    policy every_quick:
      resolution < 30m → flag
    policy every_slow:
      resolution > 2h → flag
      warn at 90m
    policy first_quick:
      resolution < 30m → flag
      cycles: first
    policy first_slow:
      resolution > 2h → flag
      warn at 90m
      cycles: first
    policy last_quick:
      resolution < 30m → flag
      cycles: last
    policy last_slow:
      resolution > 2h → flag
      warn at 90m
      cycles: last
    """

  /// (`touched`, which nothing breaks, gives each line its event time: the clock.)
  static let recordPolicy =
    """
    define resolution = each cycle in history
      from (status in ["new", "reopened"]) until (status == "resolved")
    define touched = from updated_at until updated_at
    policy untouched:
      touched > 1000d → flag

    """ + shapes

  static let casePolicy =
    """
    events per owner, ordered by at
    define opening = status in ["new", "reopened"]
    define resolving = status == "resolved"
    define resolution = each cycle from opening until resolving

    """ + shapes

  /// A change of a record's list: its instant and status.
  struct Entry {
    var at: Int64
    var status: String
  }

  /// Records whose lists change on a 30-minute grid over 6 hours (so that many changes fall
  /// at one instant): each change a line holding the whole record, in time order; a sixth of
  /// them then correct an earlier change of the list (another status, the same instant).
  static func records(seed: UInt64, changes count: Int) -> [String] {
    var random = SplitMix(seed: seed)
    var made: [(at: Int64, record: Int, entry: Entry?)] = []
    for _ in 0..<count {
      let at = start + 30 * minute * Int64(random.below(12))
      let status = random.pick(["new", "resolved", "reopened", "note", "resolved", "reopened"])
      made.append((at, random.below(2), Entry(at: at, status: status)))
      if random.below(6) == 0 {
        // A correction, read later: nil, its entry drawn when it comes.
        made.append((at + Int64(1 + random.below(180)) * minute, random.below(2), nil))
      }
    }
    let ordered = made.enumerated().sorted {
      ($0.element.at, $0.offset) < ($1.element.at, $1.offset)
    }
    var lists: [Int: [Entry]] = [:]
    var lines: [String] = []
    for (_, change) in ordered.map({ ($0.offset, $0.element) }) {
      if let entry = change.entry {
        lists[change.record, default: []].append(entry)
      } else {
        guard var list = lists[change.record], !list.isEmpty else { continue }
        let index = random.below(list.count)
        list[index].status = random.pick(["note", "resolved", "reopened", "new"])
        lists[change.record] = list
      }
      let history = lists[change.record]!.map {
        #"{"at":"# + WatchReplayTests.time($0.at) + #","status":"\#($0.status)"}"#
      }
      lines.append(
        #"{"id":"R\#(change.record)","updated_at":"# + WatchReplayTests.time(change.at)
          + #","history":[\#(history.joined(separator: ","))]}"#)
    }
    return lines
  }

  /// The cycles of record `id`'s list as of `now`, in its latest of `lines`, found as
  /// Grammar.md says, apart from the engine.
  static func recordCycles(_ lines: ArraySlice<String>, id: String, now: Int64) -> [(
    start: Int64, end: Int64?
  )] {
    guard let line = lines.last(where: { $0.hasPrefix(#"{"id":"\#(id)","#) }) else { return [] }
    // INVARIANT: the tests' lines are JSON objects with a list of changes, their times readable.
    let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    let history = object["history"] as! [[String: String]]
    let changes = history.enumerated().map { index, entry in
      guard case .time(let at) = TimeParsing.parseISO8601(entry["at"]!) else { fatalError() }
      return WatchCycleSameInstantTests.Change(
        id: "\(id)#\(index)", owner: id, status: entry["status"]!, at: at)
    }
    return WatchCycleSameInstantTests.cycles(changes[...], owner: id, now: now)
  }

  /// Events of two owners' cases on the 30-minute grid, each line an event of its own,
  /// arriving up to `jitter` after its time (later than the clock by up to that: late).
  static func events(seed: UInt64, count: Int, jitter: Int64) -> [String] {
    var random = SplitMix(seed: seed)
    var lines: [(arrival: Int64, text: String)] = []
    for event in 0..<count {
      let at = start + 30 * minute * Int64(random.below(12))
      let owner = random.pick(["kim", "lee"])
      let status = random.pick(["new", "resolved", "reopened", "note", "resolved", "reopened"])
      let arrival = at + (jitter > 0 ? Int64(random.below(Int(jitter / minute) + 1)) * minute : 0)
      lines.append((arrival, WatchCycleSameInstantTests.line("E\(event)", owner, status, at)))
    }
    return lines.enumerated().sorted {
      ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset)
    }.map(\.element.text)
  }

  /// Replays `lines` on the event clock and checks them against the audit at every cut-off,
  /// each cycle told by start and rank (`cycles`), and each finding the audit's own; returns
  /// the findings and whether the audit listed two cycles of one record beginning at one
  /// instant.
  static func check(
    _ policy: String, _ lines: [String], lateness: Int64, seed: UInt64,
    cycles: (_ record: String, _ read: Int, _ now: Int64) -> [(start: Int64, end: Int64?)]
  ) throws -> (findings: [LiveFinding], twice: Bool) {
    let replay = try LiveReplay(policy: policy)
    let (noted, clocks) = WatchGroupTests.watch(replay, lines, lateness: lateness)
    var twice = false
    #expect(
      WatchCycleSameInstantTests.disagreement(
        replay, lines, noted, clocks: clocks, seed: seed, twice: &twice, cycles: cycles) == nil)
    #expect(replay.notTheAudit(noted, lines) == [])
    return (noted.map(\.0), twice)
  }

  /// The quick policies, which each replay breaks (a cycle of no length is under 30 minutes).
  static let quick: Set<String> = ["every_quick", "first_quick", "last_quick"]

  @Test(
    "a record's own list: cycles beginning at one instant, the audit's at every cut-off",
    arguments: [2, 5, 7] as [UInt64])
  func recordCyclesAtOneInstant(seed: UInt64) throws {
    let lines = Self.records(seed: seed, changes: 50)
    let (findings, twice) = try Self.check(Self.recordPolicy, lines, lateness: 0, seed: seed) {
      record, read, now in Self.recordCycles(lines.prefix(read), id: record, now: now)
    }
    #expect(twice)
    let violations = findings.filter { $0.kind == .violation }.compactMap(\.violation?.policy)
    #expect(Set(violations).isSuperset(of: Self.quick.union(["every_slow", "last_slow"])))
  }

  @Test(
    "an event log's cases: cycles beginning at one instant, the audit's at every cut-off",
    arguments: [(2, 0), (6, 3_600_000), (9, 0)] as [(UInt64, Int64)])
  func caseCyclesAtOneInstant(seed: UInt64, lateness: Int64) throws {
    let lines = Self.events(seed: seed, count: 60, jitter: 2 * lateness)
    let changes = WatchCycleSameInstantTests.parse(lines)
    let (findings, twice) = try Self.check(
      Self.casePolicy, lines, lateness: lateness, seed: seed
    ) { record, read, now in
      WatchCycleSameInstantTests.cycles(changes.prefix(read), owner: record, now: now)
    }
    #expect(twice)
    let violations = findings.filter { $0.kind == .violation }.compactMap(\.violation?.policy)
    #expect(Set(violations).isSuperset(of: Self.quick))
    #expect(findings.contains { $0.late } == (lateness > 0))
  }
}

extension WatchCycleSameInstantRecordTests {
  @Test("a cycle now numbered and begun as one that ended: its end written first")
  func endedFirst() throws {
    let replay = try LiveReplay(
      policy: """
        define resolution = each cycle in history
          from (status in ["new", "reopened"]) until (status == "resolved")
        define touched = from updated_at until updated_at
        policy untouched:
          touched > 1000d → flag
        policy quick:
          resolution < 30m → flag
        """)
    func line(_ updated: String, _ statuses: [(String, String)]) -> String {
      let history = statuses.map { at, status in
        #"{"at":"2026-12-01T\#(at):00Z","status":"\#(status)"}"#
      }
      return #"{"id":"R","updated_at":"2026-12-01T\#(updated):00Z","history":["#
        + history.joined(separator: ",") + "]}"
    }
    // Cycles 07:00–08:00, 08:00–08:00 and 08:00 on (the third of rank 1); then the list
    // corrected: 07:00–07:30, 07:30–08:00 and 08:00 on (rank 0) — the third cycle again, now
    // the first begun at 08:00, the one of no length gone.
    let lines = [
      line(
        "08:00",
        [
          ("07:00", "new"), ("07:30", "note"), ("07:30", "note"), ("08:00", "resolved"),
          ("08:00", "reopened"), ("08:00", "resolved"), ("08:00", "reopened"),
        ]),
      line(
        "08:10",
        [
          ("07:00", "new"), ("07:30", "resolved"), ("07:30", "reopened"), ("08:00", "resolved"),
          ("08:00", "reopened"), ("08:00", "note"), ("08:00", "note"),
        ]),
    ]
    var text: [UInt8] = []
    for finding in replay.watch(lines).findings {
      FindingWriter(format: .text).write(finding, to: &text)
    }
    #expect(
      String(decoding: text, as: UTF8.self) == """
        2026-12-01T08:00:00Z violation: live.vigil:7: quick [medium] R, cycle 2 of 3 → flag: resolution 0s < 30m (closed)
        2026-12-01T08:00:00Z violation: live.vigil:7: quick [medium] R, cycle 3 of 3 → flag: resolution 0s < 30m (open)
        2026-12-01T08:10:00Z resolved: live.vigil:7: quick [medium] R, cycle 3 of 3 → flag: resolution 0s < 30m (open)
        2026-12-01T08:10:00Z violation: live.vigil:7: quick [medium] R, cycle 3 of 3 → flag: resolution 10m < 30m (open)

        """)
  }
}
