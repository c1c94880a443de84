import Foundation
import Testing
import VigilCore
import VigilLive

@testable import Vigil

/// Event logs in the watch: cases built from events as they arrive, judged on the event
/// clock, give at each instant T what `vigil audit --now T` gives of the events read by then.
@Suite("Watch of event logs against the audit")
struct WatchEventLogTests {
  static let policy = """
    events per case, ordered by at

    define opened        = earliest(at)
    define first_charge  = earliest(at where activity == "take")
    define first_resolve = earliest(at where activity == "resolve")
    define closed        = count(activity == "close") > 0
    define resolution_not_waiting = from opened until first_resolve
        paused in history(activity) while activity == "wait"

    policy slow_first_response:
      from opened until first_charge > 4h → flag
      warn at 3h
    policy slow_resolution:
      from opened until first_resolve > 48h → escalate to owner, then "lead" after 24h
      warn at 40h
    policy resolved_not_closed:
      count(activity == "resolve") > 0 and not closed → flag
    policy slow_not_waiting:
      resolution_not_waiting > 30h → flag
    policy left_waiting:
      activity == "wait" → flag
      accountable: resource
    policy stale:
      not closed and latest(at) < now - 12h → notify owner
    """

  static let start: Int64 = 1_796_112_000_000  // 2026-12-01T08:00:00Z

  /// An event log: one line per activity of a case, in the order they happened; with
  /// `jitter`, each line up to that much later (so that some arrive late).
  static func generate(seed: UInt64, cases: Int, jitter: Int64 = 0) -> [String] {
    var random = SplitMix(seed: seed)
    let hour: Int64 = 3_600_000
    var events: [(at: Int64, arrival: Int64, line: String)] = []
    for number in 0..<cases {
      var at = start + Int64(random.below(Int(200 * hour)))
      let owner = random.pick(["kim", "lee"])
      func add(_ activity: String) {
        let resource = random.pick(["ana", "bo", "cy"])
        let arrival = at + (jitter > 0 ? Int64(random.below(Int(jitter))) : 0)
        events.append(
          (
            at, arrival,
            "{\"case\":\"C\(number)\",\"activity\":\"\(activity)\",\"owner\":\"\(owner)\","
              + "\"resource\":\"\(resource)\",\"at\":\(WatchReplayTests.time(at))}"
          ))
      }
      add("open")
      for _ in 0..<random.below(5) {
        at += Int64(random.below(Int(30 * hour)))
        add(random.pick(["take", "wait", "note", "take", "resolve", "close"]))
      }
    }
    return events.enumerated().sorted {
      ($0.element.arrival, $0.element.at, $0.offset) < (
        $1.element.arrival, $1.element.at, $1.offset
      )
    }.map(\.element.line)
  }

  /// At every instant a finding or a line changed something, a millisecond before it, and at
  /// instants drawn at random, the findings emitted so far say what the audit says.
  @Test(
    "on the event clock, without lateness and with late events",
    arguments: [(1, 0), (2, 0), (3, 3_600_000), (4, 7_200_000)] as [(UInt64, Int64)])
  func replayMatchesTheAuditAtEveryCutOff(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    #expect(replay.live.groupPolicies.isEmpty)
    let lines = Self.generate(seed: seed, cases: 20, jitter: 3 * lateness)
    let (findings, late) = WatchReplayTests.compare(
      replay, lines, lateness: lateness, seed: seed)
    #expect(findings.count > 60)
    #expect((late > 0) == (lateness > 0))
    let kinds = Set(findings.map(\.kind))
    #expect(
      kinds.isSuperset(of: [.violation, .atRisk, .resolvedLate, .resolved, .escalated]))
    #expect(findings.contains { $0.late } == (lateness > 0 && seed == 4))
  }
}

extension WatchEventLogTests {
  /// The header and the first `count` rows by time of the Italian help desk's event log
  /// (examples/data; the file lists them case by case).
  static func helpDeskLines(_ count: Int) throws -> [String] {
    let text = try String(
      contentsOfFile: repoPath("examples/data/helpdesk_eventlog_italy/helpdesk.csv"),
      encoding: .utf8)
    var rows = text.split(whereSeparator: \.isNewline).map(String.init)
    let header = rows.removeFirst()
    // "Complete Timestamp" (the fourth column), "2012/10/9 14:50:17", as numbers in order.
    func stamp(_ row: String) -> [Int] {
      row.split(separator: ",")[3].split(whereSeparator: { "/ :".contains($0) }).map { Int($0)! }
    }
    let sorted = rows.map { ($0, stamp($0)) }.enumerated().sorted {
      $0.element.1.lexicographicallyPrecedes($1.element.1)
        || ($0.element.1 == $1.element.1 && $0.offset < $1.offset)
    }
    return [header] + sorted.prefix(count).map(\.element.0)
  }

  /// The Italian help desk's event log (examples/data), its rows put in the order they
  /// happened (the file lists them case by case), replayed on the event clock under
  /// examples/helpdesk_events.vigil: at cut-offs through the log and at its end, the findings
  /// so far say what the audit says; the findings' kinds counted exactly.
  @Test func helpDeskEventLog() throws {
    let replay = LiveReplay(
      try PolicySet(contentsOf: [repoPath("examples/helpdesk_events.vigil")]), format: .csv)
    // The log's first 4,000 rows by time: the log as it stood then (a debug build replays
    // the whole log in about 25 s).
    let lines = try Self.helpDeskLines(4000)
    let (findings, clocks, late) = replay.watch(lines)
    var counts: [String: Int] = [:]
    for finding in findings { counts[finding.kind.rawValue, default: 0] += 1 }
    #expect(
      counts == [
        "violation": 1590, "at-risk": 134, "resolved-late": 556, "resolved": 904,
        "resolved-in-time": 47,
      ])
    #expect(late == 0)
    let cuts =
      stride(from: lines.count / 7, to: lines.count, by: lines.count / 7).map {
        clocks[$0]!
      } + [clocks.last!!]
    for cut in cuts {
      let read = clocks.prefix { ($0 ?? .min) <= cut }.count
      let expected = replay.audit(Array(lines.prefix(read)), now: cut).mapValues(LiveReplay.status)
      let standing = LiveReplay.standing(findings, at: cut)
      let differing = Set(standing.keys).union(expected.keys).filter {
        standing[$0] != expected[$0]
      }
      .map { "\($0): watch \(standing[$0] ?? "none"), audit \(expected[$0] ?? "none")" }.sorted()
      #expect(differing.isEmpty, "at \(TimeParsing.formatISO8601(cut)): \(differing.prefix(5))")
      #expect(expected.count > 100)
    }
  }
}

extension WatchEventLogTests {
  /// On the wall clock: an event is judged when it is read, at the machine's time; one
  /// stamped after it happens when the clock passes its time (a timer), with no line read.
  @Test func wallClock() throws {
    let replay = try LiveReplay(policy: WatchEventLogCommandTests.rules)
    let engine = WatchEngine(replay.live, input: replay.input, replacesByID: false)
    let decoder = RecordDecoder(layout: replay.live.layout, format: .jsonl)
    let lines = [
      #"{"case":"C1","activity":"open","resource":"ana","at":"2026-11-01T08:00:00Z"}"#,
      #"{"case":"C1","activity":"take","resource":"cy","at":"2026-11-01T12:30:00Z"}"#,
    ]
    func at(_ text: String) throws -> Int64 {
      guard case .time(let instant) = TimeParsing.parseISO8601(text) else {
        throw CocoaError(.formatting)
      }
      return instant
    }
    func apply(_ index: Int) -> [LiveFinding] {
      guard case .record(let values) = decoder.decode(Array(lines[index].utf8)) else { return [] }
      return engine.apply(values, line: index + 1)
    }
    var findings = engine.advance(to: try at("2026-11-01T09:00:00Z"))
    findings += apply(0)
    findings += apply(1)  // stamped ahead of the clock: it has not happened yet
    #expect(findings.isEmpty)
    // The first instant something can change: the state passes the warning's 3h (`> 3h`:
    // reaching it changes nothing).
    #expect(engine.nextTimer == (try at("2026-11-01T11:00:00.001Z")))
    findings += engine.advance(to: try at("2026-11-01T13:00:00Z"))
    #expect(
      findings.map { "\($0.kind.rawValue) \(TimeParsing.formatISO8601($0.at))" } == [
        "at-risk 2026-11-01T11:00:00.001Z", "violation 2026-11-01T12:00:00.001Z",
        "resolved-late 2026-11-01T12:30:00Z",
      ])
    // Each the audit's at its instant, of both lines (the second stamped after it is left out).
    for finding in findings {
      var expected = replay.audit(lines, now: finding.at)[
        LiveReplay.Key(record: "C1", policy: "slow_first_response")]
      expected?.line = finding.violation?.line ?? 0
      #expect(expected == finding.violation)
    }
  }
}
