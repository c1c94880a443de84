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
