import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilLive
import VigilRecords

@testable import Vigil

/// Sequence policies (`unless followed by B within D`) in the watch: a record the rule fires
/// for is a violation at its time + D + 1 ms unless a follower came in time, and closes when
/// one comes late — at each instant what `vigil audit --now` says.
@Suite("Watch of sequence policies")
struct WatchSequenceTests {
  static let policy = """
    policy follow_up:
      per customer, ordered by at
      type == "purchase" → escalate to owner, then "lead" after 2h
      unless followed by type == "call" within 4h
    policy answered:
      per customer, ordered by at
      type == "complaint" and tier == "key" → flag
      unless followed by type in ["call", "email"] within 90m
    """

  static let start: Int64 = 1_796_112_000_000  // 2026-12-01T08:00:00Z
  static let hour: Int64 = 3_600_000

  /// Lines of activity across a few customers over two days, in time order, some replacing
  /// an earlier line of their id (a correction: any field may change); with `jitter`, each
  /// up to that much later.
  static func generate(seed: UInt64, lines count: Int, jitter: Int64 = 0) -> [String] {
    var random = SplitMix(seed: seed)
    var lines: [(arrival: Int64, text: String)] = []
    for number in 0..<count {
      // A quarter of the lines (after the first ten) replace an earlier line of their id.
      let id = number >= 10 && random.below(4) == 0 ? random.below(number) : number
      let at = Self.start + Int64(random.below(Int(48 * Self.hour)))
      let type = random.pick(["purchase", "call", "call", "complaint", "email", "note"])
      let fields = [
        "\"id\":\"E\(id)\"", "\"customer\":\"C\(random.below(6))\"",
        "\"type\":\"\(type)\"", "\"owner\":\"\(random.pick(["kim", "lee"]))\"",
        "\"tier\":\"\(random.pick(["key", "standard"]))\"",
        "\"at\":\(WatchReplayTests.time(at))",
      ]
      let arrival = at + (jitter > 0 ? Int64(random.below(Int(jitter))) : 0)
      lines.append((arrival, "{" + fields.joined(separator: ",") + "}"))
    }
    return lines.enumerated().sorted {
      ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset)
    }
    .map(\.element.text)
  }

  @Test(
    "replays agree with the audit at every cut-off, in order and with late lines",
    arguments: [(1, 0), (2, 0), (3, 3_600_000), (4, 7_200_000)] as [(UInt64, Int64)])
  func replayMatchesTheAudit(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    #expect(replay.live.groupPolicies.isEmpty)
    let lines = Self.generate(seed: seed, lines: 160, jitter: 2 * lateness)
    let (findings, late) = WatchReplayTests.compare(replay, lines, lateness: lateness, seed: seed)
    #expect((late > 0) == (lateness > 0))
    let kinds = Set(findings.map(\.kind))
    #expect(kinds.isSuperset(of: [.violation, .resolvedLate, .escalated]))
    #expect(findings.filter { $0.kind == .violation }.count > 10)
    // Never twice: each finding changes what stands for its record and policy (a newer line
    // of an id may take a violation or its follower back, and the policy be broken again).
    var standing: [String: String] = [:]
    var repeated: [String] = []
    for finding in findings {
      // INVARIANT: every finding here carries its violation (no data errors in these lines).
      let violation = finding.violation!
      let key = "\(violation.record)/\(violation.policy)"
      let now = [.resolved, .withdrawn].contains(finding.kind) ? nil : LiveReplay.status(violation)
      if (now == standing[key]) != (finding.kind == .escalated) { repeated.append(key) }
      standing[key] = now
    }
    #expect(repeated == [])
    #expect(kinds.isSuperset(of: [.withdrawn]))
    #expect(kinds.contains(.resolved) == (seed != 2))
  }

  /// The findings of `lines` as `kind at measured level` lines.
  static func describe(_ findings: [LiveFinding]) -> [String] {
    findings.map { finding in
      let violation = finding.violation
      return
        "\(finding.kind.rawValue) \(TimeParsing.formatISO8601(finding.at)) "
        + "\(violation?.record ?? "-") \(violation?.measured ?? "-") "
        + "open=\(violation?.open.map(String.init) ?? "nil") to \(violation?.target ?? "-")"
        + (finding.late ? " late" : "")
    }
  }

  static func line(_ id: String, _ type: String, _ at: Int64) -> String {
    "{\"id\":\"\(id)\",\"customer\":\"C1\",\"type\":\"\(type)\",\"owner\":\"kim\","
      + "\"tier\":\"key\",\"at\":\(WatchReplayTests.time(at))}"
  }

  @Test("a follower exactly D later is in time; a millisecond later is late")
  func exactBoundary() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let inTime = [
      Self.line("P1", "purchase", Self.start), Self.line("C1", "call", Self.start + 4 * Self.hour),
      Self.line("N1", "note", Self.start + 9 * Self.hour),
    ]
    #expect(replay.watch(inTime).findings.isEmpty)
    let late = [
      Self.line("P1", "purchase", Self.start),
      Self.line("C1", "call", Self.start + 4 * Self.hour + 1),
      Self.line("N1", "note", Self.start + 9 * Self.hour),
    ]
    #expect(
      Self.describe(replay.watch(late).findings) == [
        "violation 2026-12-01T12:00:00.001Z P1 followed by type == \"call\" 4h0m0.001s open=true to kim",
        "resolved-late 2026-12-01T12:00:00.001Z P1 followed by type == \"call\" 4h0m0.001s open=false to kim",
      ])
    // Nothing follows: open at D + 1 ms, escalated 2 h later (past 2h), by the clock alone.
    let none = [
      Self.line("P1", "purchase", Self.start),
      Self.line("N1", "note", Self.start + 6 * Self.hour + 1),
      Self.line("C1", "call", Self.start + 7 * Self.hour),
    ]
    #expect(
      Self.describe(replay.watch(none).findings) == [
        "violation 2026-12-01T12:00:00.001Z P1 followed by type == \"call\" 4h0m0.001s open=true to kim",
        "escalated 2026-12-01T14:00:00.001Z P1 followed by type == \"call\" 6h0m0.001s open=true to lead",
        "resolved-late 2026-12-01T15:00:00Z P1 followed by type == \"call\" 7h open=false to lead",
      ])
    // A follower that comes late but is stamped in time takes the violation back.
    let corrected = [
      Self.line("P1", "purchase", Self.start), Self.line("N1", "note", Self.start + 5 * Self.hour),
      Self.line("C1", "call", Self.start + 3 * Self.hour),
    ]
    #expect(
      Self.describe(replay.watch(corrected, lateness: 0).findings) == [
        "violation 2026-12-01T12:00:00.001Z P1 followed by type == \"call\" 4h0m0.001s open=true to kim",
        "resolved 2026-12-01T13:00:00Z P1 followed by type == \"call\" 4h0m0.001s open=true to kim late",
      ])
  }

  @Test("a restart from a checkpoint goes on as the uninterrupted run")
  func restart() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.generate(seed: 7, lines: 160, jitter: Self.hour)
    let whole = replay.watch(lines, lateness: Self.hour).findings
    #expect(whole.count > 20)
    for cut in [1, 40, 80, 120, 159] {
      var snapshot: WatchEngine.Snapshot?
      let before = replay.watch(Array(lines.prefix(cut)), lateness: Self.hour) { index, engine in
        if index == cut - 1 { snapshot = engine.snapshot }
      }.findings
      let data = try JSONEncoder().encode(try #require(snapshot))
      let decoded = try JSONDecoder().decode(WatchEngine.Snapshot.self, from: data)
      #expect(decoded == snapshot)
      let engine = WatchEngine(
        replay.live, input: replay.input, replacesByID: true, restoring: decoded)
      let decoder = RecordDecoder(layout: replay.live.layout, format: .jsonl)
      var after: [LiveFinding] = []
      for (index, line) in lines.enumerated().dropFirst(cut) {
        if case .record(let values) = decoder.decode(Array(line.utf8)) {
          after += engine.applyEvent(values, line: index + 1, lateness: Self.hour)
        }
      }
      #expect(before + after == whole, "cut after line \(cut)")
    }
  }
}
