import Foundation
import Testing
import VigilCore
import VigilLive

@testable import Vigil
@testable import VigilCLI

/// Bounded memory: a case of an event log with no timer pending and no event for a while is
/// released; the watch then keeps the cases still open, and says what it said before.
@Suite("Watch: cases released")
struct WatchReleaseTests {
  /// Policies whose every state closes once a case is resolved, and which read no `now`: a
  /// case resolved and closed has no timer pending.
  static let policy = """
    events per case, ordered by at

    define opened        = earliest(at)
    define first_charge  = earliest(at where activity == "take")
    define first_resolve = earliest(at where activity == "resolve")
    define closed        = count(activity == "close") > 0

    policy slow_first_response:
      from opened until first_charge > 4h → flag
      warn at 3h
    policy slow_resolution:
      from opened until first_resolve > 48h → escalate to owner, then "lead" after 24h
      warn at 40h
    policy resolved_not_closed:
      count(activity == "resolve") > 0 and not closed → flag
    policy left_waiting:
      activity == "wait" → flag
      accountable: resource
    """

  static let hour: Int64 = 3_600_000
  /// How long a quiet case is kept: longer than any gap between two events of a case.
  static let keep = 24 * hour

  /// An event log in time order whose cases all close: each opens, has up to three of take,
  /// wait and note, then is taken, resolved and closed, less than 20 hours between two of
  /// its events. With each line, its case's number.
  static func generate(seed: UInt64, cases: Int) -> [(line: String, case: Int, at: Int64)] {
    var random = SplitMix(seed: seed)
    var events: [(line: String, case: Int, at: Int64)] = []
    for number in 0..<cases {
      var at = WatchEventLogTests.start + Int64(random.below(Int(200 * hour)))
      let owner = random.pick(["kim", "lee"])
      var activities = ["open"]
      for _ in 0..<random.below(4) { activities.append(random.pick(["take", "wait", "note"])) }
      activities += ["take", "resolve", "close"]
      for (index, activity) in activities.enumerated() {
        if index > 0 { at += 1 + Int64(random.below(Int(20 * hour - 1))) }
        let resource = random.pick(["ana", "bo", "cy"])
        events.append(
          (
            "{\"case\":\"C\(number)\",\"activity\":\"\(activity)\",\"owner\":\"\(owner)\","
              + "\"resource\":\"\(resource)\",\"at\":\(WatchReplayTests.time(at))}",
            number, at
          ))
      }
    }
    return events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
      .map(\.element)
  }

  /// After each line: the cases kept are exactly those with an event read whose last event
  /// is less than `keep` before the clock, and the others are released; the findings are
  /// those of a watch that keeps every case, and agree with the audit at every cut-off.
  @Test("cases closed are released; the findings are the same", arguments: [11, 12] as [UInt64])
  func releasedCasesSayTheSame(seed: UInt64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    let events = Self.generate(seed: seed, cases: 40)
    let lines = events.map(\.line)
    var firstLine: [Int: Int] = [:]
    var last: [Int: Int64] = [:]
    for (index, event) in events.enumerated() {
      if firstLine[event.case] == nil { firstLine[event.case] = index }
      last[event.case] = event.at
    }
    var counts: [String] = []
    var expected: [String] = []
    var mostCases = 0
    let (findings, _, _) = replay.watch(lines, releaseAfter: Self.keep) { index, engine in
      mostCases = engine.mostCases
      let clock = events[index].at
      let released = last.values.filter { $0 + Self.keep <= clock }.count
      let seen = firstLine.values.filter { $0 <= index }.count
      expected.append("line \(index + 1): \(seen - released) kept, \(released) released")
      counts.append(
        "line \(index + 1): \(engine.caseCount) kept, \(engine.releasedCaseCount) released")
    }
    #expect(counts == expected)
    // The cases kept at most, and at the end.
    let most = counts.indices.map { index in
      firstLine.values.filter { $0 <= index }.count
        - last.values.filter { $0 + Self.keep <= events[index].at }.count
    }.max()
    #expect(most! < 40)  // INVARIANT: there are lines
    #expect(mostCases == most)
    // INVARIANT: there are lines.
    let end = events.last!.at
    let open = last.values.filter { $0 + Self.keep > end }.count
    #expect(counts.last == "line \(lines.count): \(open) kept, \(40 - open) released")
    #expect(open < 10)
    let kept = replay.watch(lines).findings
    #expect(findings == kept)
    let kinds = Set(findings.map(\.kind))
    #expect(kinds == [.violation, .atRisk, .resolvedLate, .resolved, .resolvedInTime])
    _ = WatchReplayTests.compare(replay, lines, lateness: 0, seed: seed, releaseAfter: Self.keep)
  }

  /// A checkpoint holds the cases kept and the digests of those released, and an engine
  /// restored from it goes on as the one it was taken from.
  @Test func checkpointsShrink() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let events = Self.generate(seed: 13, cases: 40)
    let lines = events.map(\.line)
    let cut = lines.count * 2 / 3
    var snapshots: [WatchEngine.Snapshot] = []
    var kept: [Int] = []
    var released: [Int] = []
    for releaseAfter in [nil, Self.keep] {
      _ = replay.watch(Array(lines.prefix(cut)), releaseAfter: releaseAfter) { index, engine in
        guard index == cut - 1 else { return }
        snapshots.append(engine.snapshot)
        kept.append(engine.caseCount)
        released.append(engine.releasedCaseCount)
      }
    }
    #expect(kept == [40 - Self.unseen(events, cut), 40 - Self.unseen(events, cut) - released[1]])
    #expect(released[0] == 0 && released[1] > 10)
    // What the state file holds: the cases kept, and 16 bytes per case released.
    for (index, snapshot) in snapshots.enumerated() {
      let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(snapshot))
      let object = json as? [String: Any]
      #expect((object?["cases"] as? [Any])?.count == kept[index])
      let digests = (object?["released"] as? String).flatMap { Data(base64Encoded: $0) }
      #expect((digests?.count ?? 0) == 16 * released[index])
    }
    let sizes = try snapshots.map { try JSONEncoder().encode($0).count }
    #expect(sizes[1] < sizes[0] / 2)
    // Restored from the checkpoint, the engine says what it says uninterrupted.
    let whole = replay.watch(lines, releaseAfter: Self.keep).findings
    let decoded = try JSONDecoder().decode(
      WatchEngine.Snapshot.self, from: JSONEncoder().encode(snapshots[1]))
    let engine = WatchEngine(
      replay.live, input: replay.input, replacesByID: true, restoring: decoded)
    engine.releaseAfter = Self.keep
    let decoder = RecordDecoder(layout: replay.live.layout, format: .jsonl)
    var findings: [LiveFinding] = []
    for (index, line) in lines.enumerated().dropFirst(cut) {
      if case .record(let values) = decoder.decode(Array(line.utf8)) {
        findings += engine.applyEvent(values, line: index + 1, lateness: 0)
      }
    }
    let before = replay.watch(Array(lines.prefix(cut)), releaseAfter: Self.keep).findings
    #expect(before + findings == whole)
    // INVARIANT: there are lines.
    let end = events.last!.at
    let lastOfCase = Dictionary(events.map { ($0.case, $0.at) }, uniquingKeysWith: max)
    #expect(engine.releasedCaseCount == lastOfCase.values.filter { $0 + Self.keep <= end }.count)
  }

  /// The cases none of whose events is among the first `count` lines.
  static func unseen(_ events: [(line: String, case: Int, at: Int64)], _ count: Int) -> Int {
    40 - Set(events.prefix(count).map(\.case)).count
  }

  /// An event of a case released is not judged: named, counted, and its case not made again.
  static let reopened = [
    #"{"case":"C1","activity":"open","resource":"ana","at":"2026-11-01T08:00:00Z"}"#,
    #"{"case":"C1","activity":"take","resource":"bo","at":"2026-11-01T09:00:00Z"}"#,
    #"{"case":"C1","activity":"resolve","resource":"bo","at":"2026-11-01T10:00:00Z"}"#,
    #"{"case":"C2","activity":"open","resource":"bo","at":"2026-11-01T11:00:00Z"}"#,
    #"{"case":"C2","activity":"wait","resource":"cy","at":"2026-11-02T10:00:00Z"}"#,
    #"{"case":"C1","activity":"close","resource":"ana","at":"2026-11-02T10:00:00Z"}"#,
    #"{"case":"C1","activity":"wait","resource":"ana","at":"2026-11-02T11:00:00Z"}"#,
  ]

  @Test func eventOfAReleasedCase() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.reopened
    var notices: [String] = []
    var counts: [String] = []
    let (findings, _, _) = replay.watch(lines, releaseAfter: Self.keep) { _, engine in
      notices += engine.takeNotices()
      counts.append("\(engine.caseCount)/\(engine.releasedCaseCount)")
    }
    #expect(counts == ["1/0", "1/0", "1/0", "2/0", "1/1", "1/1", "1/1"])
    #expect(
      notices == [
        "live.jsonl:6: an event of case C1, which was released (no timer pending and no event "
          + "for 24h): not judged\n",
        "live.jsonl:7: an event of case C1, which was released (no timer pending and no event "
          + "for 24h): not judged\n",
      ])
    #expect(
      findings.map {
        "\($0.kind.rawValue) \($0.violation?.record ?? "") \($0.violation?.policy ?? "")"
      }
        == [
          "violation C1 resolved_not_closed", "at-risk C2 slow_first_response",
          "violation C2 slow_first_response", "violation C2 left_waiting",
        ])
  }

  /// `--release-after` on the command line: the events of released cases named on standard
  /// error, and counted at the end; `never` keeps every case; a duration is required.
  @Test func commandLine() throws {
    try WatchEventLogCommandTests.withFiles(Self.policy) { rules, _ in
      func watch(_ release: String) -> CLIResult {
        vigil(
          [
            "watch", rules, "--data", "-", "--clock", "event", "--format", "text",
            "--release-after", release,
          ], stdin: Self.reopened.joined(separator: "\n") + "\n")
      }
      let resolvedNotClosed =
        "\(rules):15: resolved_not_closed [medium] C1 → flag: count(activity == \"resolve\") 1 > 0 "
        + "(3 events)"
      let common = """
        2026-11-01T10:00:00Z violation: \(resolvedNotClosed)
        2026-11-01T14:00:00.001Z at-risk: \(rules):9: slow_first_response [medium] C2 → flag: at risk: from opened until first_charge 3h0m0.001s, breaks > 4h in 59m59.999s (open) (1 event)
        2026-11-01T15:00:00.001Z violation: \(rules):9: slow_first_response [medium] C2 → flag: from opened until first_charge 4h0m0.001s > 4h (open) (1 event)
        2026-11-02T10:00:00Z violation: \(rules):17: left_waiting [medium] C2 → flag (accountable: cy): when activity == "wait" (2 events)

        """
      let released = watch("24h")
      #expect(released.code == 0)
      #expect(released.stdout == common)
      #expect(
        released.stderr == """
          stdin:6: an event of case C1, which was released (no timer pending and no event for 24h): not judged
          stdin:7: an event of case C1, which was released (no timer pending and no event for 24h): not judged
          vigil watch: 1 case released; at most 2 kept at once, 1 at the end
          vigil watch: 2 events of released cases not judged: keep cases longer with --release-after

          """)
      let kept = watch("never")
      #expect(kept.code == 0 && kept.stderr == "")
      #expect(
        kept.stdout == common + """
          2026-11-02T10:00:00Z resolved: \(resolvedNotClosed)
          2026-11-02T11:00:00Z violation: \(rules):17: left_waiting [medium] C1 → flag (accountable: ana): when activity == "wait" (5 events)

          """)
      let wrong = watch("soon")
      #expect(wrong.code == 2)
      #expect(
        wrong.stderr == """
          vigil watch: --release-after must be a duration such as 7d or 12h, or never, not 'soon'

          Usage: vigil watch RULES… --data FILE|- [options]
          Run 'vigil help watch' for more.

          """)
    }
  }
}
