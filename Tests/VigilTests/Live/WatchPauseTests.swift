import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilLive

@testable import Vigil

/// Dishonest pauses in the watch (`paused in … unless …`): the state measured honestly, its
/// violations the audit's at every instant, and each dishonest pause a finding of its own,
/// once, from the instant the audit first lists it, with the audit's fields then.
@Suite("Watch of dishonest pauses against the audit")
struct WatchPauseTests {
  static let eventPolicy = """
    events per case, ordered by at

    define opened     = earliest(at)
    define resolved   = earliest(at where activity == "resolve")
    define resolution = from opened until resolved
        paused in history(status) while status == "waiting" unless activity == "customer replied"

    policy slow_resolution:
      resolution > 6h → notify owner
      warn at 4h
      accountable: resource at breach
    policy slow_resolution_by_owner:
      resolution > 10h → notify owner
    """

  static let recordPolicy = """
    define handling = from created_at until resolved_at
        paused in history while status == "pending" unless replied == true

    policy slow_handling:
      handling > 20h → notify owner
      warn at 16h
      accountable: owner
    """

  /// An event log whose cases wait on their customers, who answer (some while the case still
  /// waits: a dishonest pause), some events at the same instant as the one before (the
  /// boundaries of the rules, in both orders); with `jitter`, lines up to that much late.
  static func eventLog(seed: UInt64, cases: Int, jitter: Int64 = 0) -> [String] {
    var random = SplitMix(seed: seed)
    let hour: Int64 = 3_600_000
    var events: [(at: Int64, arrival: Int64, line: String)] = []
    for number in 0..<cases {
      var at = WatchReplayTests.start + Int64(random.below(Int(100 * hour)))
      let owner = random.pick(["kim", "lee"])
      func add(_ status: String, _ activity: String) {
        let resource = random.pick(["ana", "bo", "cy"])
        let arrival = at + (jitter > 0 ? Int64(random.below(Int(jitter))) : 0)
        events.append(
          (
            at, arrival,
            "{\"case\":\"C\(number)\",\"status\":\"\(status)\",\"activity\":\"\(activity)\","
              + "\"owner\":\"\(owner)\",\"resource\":\"\(resource)\","
              + "\"at\":\(WatchReplayTests.time(at))}"
          ))
      }
      add("new", "open")
      for _ in 0..<(1 + random.below(6)) {
        // A third of the events at the same instant as the one before.
        if random.below(3) != 0 { at += Int64(random.below(Int(5 * hour))) }
        switch random.below(6) {
        case 0, 1: add("waiting", "ask customer")
        case 2: add("waiting", "customer replied")
        case 3: add("open", "customer replied")
        case 4: add("open", "work")
        default: add("done", "resolve")
        }
      }
    }
    return events.enumerated().sorted {
      ($0.element.arrival, $0.element.at, $0.offset) < (
        $1.element.arrival, $1.element.at, $1.offset
      )
    }.map(\.element.line)
  }

  /// A record export whose records carry their list of changes, growing line by line: pending,
  /// replies (some while pending: a dishonest pause), resolutions, corrections (a reply taken
  /// back: its pause withdrawn); some changes at the instant of the one before.
  static func records(seed: UInt64, records: Int) -> [String] {
    var random = SplitMix(seed: seed)
    let hour: Int64 = 3_600_000
    var lines: [(at: Int64, order: Int, line: String)] = []
    for record in 0..<records {
      let created = WatchReplayTests.start + Int64(random.below(Int(100 * hour)))
      let owner = random.pick(["kim", "lee"])
      var at = created
      var history: [String] = []
      var resolved: Int64?
      func emit() {
        var fields = [
          "\"id\":\"R\(record)\"", "\"owner\":\"\(owner)\"",
          "\"created_at\":\(WatchReplayTests.time(created))",
          "\"history\":[" + history.joined(separator: ",") + "]",
        ]
        if let resolved { fields.append("\"resolved_at\":\(WatchReplayTests.time(resolved))") }
        lines.append((at, lines.count, "{" + fields.joined(separator: ",") + "}"))
      }
      emit()
      for _ in 0..<(1 + random.below(5)) {
        if random.below(3) != 0 { at += Int64(random.below(Int(8 * hour))) }
        switch random.below(6) {
        case 5:
          // A correction: the reply of the latest change taken back.
          guard let latest = history.indices.last else { continue }
          history[latest] = history[latest].replacing(
            "\"replied\":true", with: "\"replied\":false")
        case 0, 1:
          history.append(
            "{\"status\":\"pending\",\"replied\":false,\"at\":\(WatchReplayTests.time(at))}")
        case 2:
          history.append(
            "{\"status\":\"pending\",\"replied\":true,\"at\":\(WatchReplayTests.time(at))}")
        case 3:
          history.append(
            "{\"status\":\"open\",\"replied\":true,\"at\":\(WatchReplayTests.time(at))}")
        default:
          resolved = resolved ?? at
        }
        emit()
      }
    }
    return lines.sorted { ($0.at, $0.order) < ($1.at, $1.order) }.map(\.line)
  }

  /// Compares the watch's dishonest pauses with the audit's: at every instant a finding or a
  /// line changed something, a millisecond before it, and at instants drawn at random, the
  /// pauses shown and not withdrawn are those the audit lists of the lines read by then;
  /// each `dishonest-pause` is the audit's pause at its instant.
  static func comparePauses(
    _ replay: LiveReplay, _ lines: [String], lateness: Int64, seed: UInt64,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> [LiveFinding] {
    let (findings, clocks, _) = replay.watch(lines, lateness: lateness)
    let cutOffs = LiveReplay.cutOffs(
      findings, clocks: clocks, seed: seed, start: WatchReplayTests.start)
    for cut in cutOffs {
      let read = LiveReplay.read(clocks, by: cut)
      let expected = Set(replay.auditPauses(Array(lines.prefix(read)), now: cut).keys)
      let standing = LiveReplay.standingPauses(findings, at: cut)
      let only = (watch: standing.subtracting(expected), audit: expected.subtracting(standing))
      #expect(
        standing == expected,
        "at \(TimeParsing.formatISO8601(cut)): watch only \(only.watch), audit only \(only.audit)",
        sourceLocation: sourceLocation)
      if standing != expected { return findings }
    }
    for finding in findings where finding.kind == .dishonestPause {
      let pause = finding.pause!  // INVARIANT: a dishonest-pause carries its pause
      let read = LiveReplay.read(clocks, by: finding.at)
      var expected = replay.auditPauses(Array(lines.prefix(read)), now: finding.at)[
        LiveReplay.PauseKey(pause)]
      expected?.line = pause.line
      expected?.pause.beganFields = [:]
      #expect(expected == pause, sourceLocation: sourceLocation)
    }
    return findings
  }

  @Test(
    "an event log: violations and pauses the audit's at every cut-off",
    arguments: [(1, 0), (2, 0), (3, 3_600_000)] as [(UInt64, Int64)])
  func eventLogReplay(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.eventPolicy)
    let lines = Self.eventLog(seed: seed, cases: 12, jitter: 2 * lateness)
    let (findings, late) = WatchReplayTests.compare(replay, lines, lateness: lateness, seed: seed)
    #expect((late > 0) == (lateness > 0))
    let pauses = Self.comparePauses(replay, lines, lateness: lateness, seed: seed)
    #expect(pauses.filter { $0.kind == .dishonestPause }.count >= 2)
    #expect(findings.filter { $0.kind == .violation }.count >= 4)
  }

  @Test(
    "a record's own list of changes, lines replacing lines: violations and pauses the audit's",
    arguments: [1, 2, 3] as [UInt64])
  func recordReplay(seed: UInt64) throws {
    let replay = try LiveReplay(policy: Self.recordPolicy)
    let lines = Self.records(seed: seed, records: 16)
    let (findings, _) = WatchReplayTests.compare(replay, lines, lateness: 0, seed: seed)
    let pauses = Self.comparePauses(replay, lines, lateness: 0, seed: seed)
    #expect(pauses.filter { $0.kind == .dishonestPause }.count >= 2)
    #expect(findings.filter { $0.kind == .violation }.count >= 4)
  }
}

extension WatchPauseTests {
  /// The Italian help desk's event log (its first 2,500 rows by time, as in
  /// `WatchEventLogTests.helpDeskEventLog`) under examples/helpdesk_pauses.vigil: at cut-offs
  /// through it, the violations and the dishonest pauses standing are the audit's.
  @Test func helpDeskPauses() throws {
    let replay = LiveReplay(
      try PolicySet(contentsOf: [repoPath("examples/helpdesk_pauses.vigil")]), format: .csv)
    let lines = try WatchEventLogTests.helpDeskLines(2500)
    let (findings, clocks, late) = replay.watch(lines)
    var counts: [String: Int] = [:]
    for finding in findings { counts[finding.kind.rawValue, default: 0] += 1 }
    #expect(counts == ["violation": 478, "resolved-late": 448, "dishonest-pause": 539])
    #expect(late == 0)
    let cuts =
      stride(from: lines.count / 4, to: lines.count, by: lines.count / 4).map { clocks[$0]! }
      + [clocks.last!!]
    for cut in cuts {
      let read = Array(lines.prefix(clocks.prefix { ($0 ?? .min) <= cut }.count))
      let expected = replay.audit(read, now: cut).mapValues(LiveReplay.status)
      #expect(LiveReplay.standing(findings, at: cut) == expected)
      let pauses = Set(replay.auditPauses(read, now: cut).keys)
      #expect(LiveReplay.standingPauses(findings, at: cut) == pauses)
      #expect(pauses.count > 50)
    }
  }
}
