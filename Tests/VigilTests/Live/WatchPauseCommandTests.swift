import Foundation
import Testing

@testable import Vigil
@testable import VigilCLI

/// `vigil watch` of dishonest pauses on the command line: each one a finding of its own, once,
/// at the instant the audit first lists it, in text and JSON; the boundaries of the rules
/// (Grammar.md, "Honest pauses") to the millisecond; a pause a newer line takes back
/// withdrawn; restarts with `--state` at any line.
@Suite("vigil watch: dishonest pauses")
struct WatchPauseCommandTests {
  static let rules = """
    events per case, ordered by at

    define resolution = from earliest(at) until earliest(at where activity == "resolve")
        paused in history(status) while status == "waiting" unless activity == "customer replied"

    policy slow_resolution:
      resolution > 6h → flag
      warn at 4h
      accountable: resource at breach
    """

  /// C1: a reply at 10:00 inside a pause from 09:30 to 10:30 (30m not paused); C2: a reply at
  /// the pause's instant listed after the event that began it (the whole pause); C3: listed
  /// before it (nothing); C4: a reply at 10:29:59.999 (0.001s, found as the pause ends); C5:
  /// a reply at the instant the pause ends, listed before the event that ends it (nothing).
  static let events: [(String, String, String, String, String)] = [
    ("C1", "new", "open", "08:00:00", "ana"), ("C2", "new", "open", "08:00:00", "ana"),
    ("C3", "new", "open", "08:00:00", "ana"), ("C4", "new", "open", "08:00:00", "ana"),
    ("C5", "new", "open", "08:00:00", "ana"), ("C2", "waiting", "ask", "09:00:00", "bo"),
    ("C2", "waiting", "customer replied", "09:00:00", "cy"),
    ("C3", "open", "customer replied", "09:00:00", "cy"),
    ("C3", "waiting", "ask", "09:00:00", "bo"),
    ("C1", "waiting", "ask", "09:30:00", "bo"), ("C4", "waiting", "ask", "09:30:00", "bo"),
    ("C5", "waiting", "ask", "09:30:00", "bo"),
    ("C1", "waiting", "customer replied", "10:00:00", "cy"),
    ("C4", "waiting", "customer replied", "10:29:59.999", "cy"),
    ("C1", "open", "work", "10:30:00", "cy"), ("C4", "open", "work", "10:30:00", "cy"),
    ("C5", "waiting", "customer replied", "10:30:00", "cy"),
    ("C5", "open", "work", "10:30:00", "cy"),
    ("C2", "done", "resolve", "11:00:00", "cy"), ("C3", "done", "resolve", "11:00:00", "cy"),
    ("C4", "done", "resolve", "11:00:00", "cy"), ("C5", "done", "resolve", "11:00:00", "cy"),
    ("C1", "done", "resolve", "16:00:00", "cy"),
  ]

  static var lines: String {
    events.map { number, status, activity, at, resource in
      "{\"case\":\"\(number)\",\"status\":\"\(status)\",\"activity\":\"\(activity)\","
        + "\"resource\":\"\(resource)\",\"at\":\"2026-11-02T\(at)Z\"}\n"
    }.joined()
  }

  @Test("each dishonest pause once, when the audit first lists it, to the millisecond")
  func boundaries() throws {
    try WatchEventLogCommandTests.withFiles(Self.rules) { rules, _ in
      let result = vigil(
        ["watch", rules, "--data", "-", "--clock", "event", "--format", "text"], stdin: Self.lines)
      #expect(result.code == 0)
      #expect(result.stderr == "")
      let policy = "\(rules):7: slow_resolution [medium]"
      let paused = "dishonest pause set by"
      #expect(
        result.stdout == """
          2026-11-02T09:00:00.001Z dishonest-pause: \(policy) C2 → \(paused) cy: resolution paused 2026-11-02T09:00:00Z–on (0.001s), contradicted at 2026-11-02T09:00:00Z (change 3), 0.001s not paused
          2026-11-02T10:00:00.001Z dishonest-pause: \(policy) C1 → \(paused) bo: resolution paused 2026-11-02T09:30:00Z–on (30m0.001s), contradicted at 2026-11-02T10:00:00Z (change 3), 0.001s not paused
          2026-11-02T10:30:00Z dishonest-pause: \(policy) C4 → \(paused) bo: resolution paused 2026-11-02T09:30:00Z–on (1h), contradicted at 2026-11-02T10:29:59.999Z (change 3), 0.001s not paused
          2026-11-02T12:30:00.001Z at-risk: \(policy) C1 → flag (accountable: cy): at risk: resolution 4h0m0.001s, breaks > 6h in 1h59m59.999s (open) (4 events)
          2026-11-02T14:30:00.001Z violation: \(policy) C1 → flag (accountable: cy): resolution 6h0m0.001s > 6h (open) (4 events) held by ana 1h30m (25%), bo 0s (0%), cy 4h30m0.001s (75%, breached)
          2026-11-02T16:00:00Z resolved-late: \(policy) C1 → flag (accountable: cy): resolution 7h30m > 6h (closed) (5 events) held by ana 1h30m (20%), bo 0s (0%), cy 6h (80%, breached)

          """)
      // The audit at the end lists the same three pauses, grown to their ends.
      let audit = vigil(
        ["audit", rules, "--data", "-", "--now", "2026-11-03T00:00:00Z"], stdin: Self.lines)
      #expect(
        audit.stdout.split(separator: "\n").filter { $0.contains(paused) }.map {
          String($0.split(separator: "→")[0])
        } == ["\(policy) C1 ", "\(policy) C2 ", "\(policy) C4 "])
    }
  }

  @Test("in JSON: the audit's pause columns after the watch's finding, at and line")
  func json() throws {
    try WatchEventLogCommandTests.withFiles(Self.rules) { rules, _ in
      let result = vigil(["watch", rules, "--data", "-", "--clock", "event"], stdin: Self.lines)
      let first = result.stdout.split(separator: "\n").first.map(String.init)
      #expect(
        first
          == "{\"finding\":\"dishonest-pause\",\"at\":\"2026-11-02T09:00:00.001Z\",\"line\":7,"
          + "\"policy\":\"slow_resolution\",\"location\":\"\(rules):7\",\"record\":\"C2\","
          + "\"party\":\"cy\",\"action\":null,\"target\":null,\"severity\":\"medium\",\"open\":true,"
          + "\"measured\":null,\"threshold\":null,\"window\":null,\"sample\":3,\"escalation\":null,"
          + "\"at_risk\":null,\"breached\":false,\"pause_state\":\"resolution\","
          + "\"pause_began\":\"2026-11-02T09:00:00Z\",\"pause_ended\":null,"
          + "\"pause_lasted\":\"0.001s\",\"contradicted_at\":\"2026-11-02T09:00:00Z\","
          + "\"contradicted_change\":3,\"not_paused\":\"0.001s\"}")
    }
  }

  static let recordRules = """
    define handling = from created_at until resolved_at
        paused in history while status == "pending" unless replied == true

    policy slow_handling:
      handling > 20h → notify owner
      accountable: owner
    """

  @Test("a record's pause taken back by a newer line of its id: withdrawn, once")
  func withdrawn() throws {
    try WatchEventLogCommandTests.withFiles(Self.recordRules) { rules, _ in
      let head = #"{"id":"R1","owner":"kim","created_at":"2026-11-02T08:00:00Z","history":["#
      let waiting = #"{"status":"pending","replied":false,"at":"2026-11-02T09:00:00Z"}"#
      func reply(_ replied: Bool) -> String {
        #"{"status":"pending","replied":\#(replied),"at":"2026-11-02T10:00:00Z"}"#
      }
      let lines = [
        head + waiting + "]}", head + waiting + "," + reply(true) + "]}",
        #"{"id":"R2","owner":"lee","created_at":"2026-11-02T12:00:00Z"}"#,
        head + waiting + "," + reply(false) + "]}",
      ]
      let result = vigil(
        ["watch", rules, "--data", "-", "--id", "id", "--clock", "event", "--format", "text"],
        stdin: lines.joined(separator: "\n") + "\n")
      let pause =
        "\(rules):5: slow_handling [medium] R1 → dishonest pause set by kim: handling paused "
        + "2026-11-02T09:00:00Z–on (1h0m0.001s), contradicted at 2026-11-02T10:00:00Z (change 2), "
        + "0.001s not paused"
      #expect(
        result.stdout
          == "2026-11-02T10:00:00.001Z dishonest-pause: \(pause)\n"
          + "2026-11-02T12:00:00Z withdrawn: \(pause)\n")
    }
  }

  @Test("stopped after any line and restarted with --state: one uninterrupted run's findings")
  func restarts() throws {
    try WatchEventLogCommandTests.withFiles(WatchPauseTests.eventPolicy) { rules, folder in
      let lines = WatchPauseTests.eventLog(seed: 7, cases: 10, jitter: 3_600_000).map { $0 + "\n" }
      let data = folder.appendingPathComponent("log.jsonl").path
      func watch(_ more: [String]) -> CLIResult {
        vigil(
          ["watch", rules, "--data", data, "--no-follow", "--clock", "event", "--lateness", "1h"]
            + more)
      }
      try lines.joined().write(toFile: data, atomically: true, encoding: .utf8)
      let whole = watch([])
      #expect(whole.code == 0)
      #expect(
        whole.stdout.split(separator: "\n").filter { $0.contains("dishonest-pause") }.count == 2)
      for cut in stride(from: 3, to: lines.count, by: lines.count / 6) {
        let state = folder.appendingPathComponent("state-\(cut).json").path
        try lines.prefix(cut).joined().write(toFile: data, atomically: false, encoding: .utf8)
        let first = watch(["--state", state])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.dropFirst(cut).joined().utf8))
        try handle.close()
        let second = watch(["--state", state])
        #expect(first.code == 0 && second.code == 0)
        #expect(first.stdout + second.stdout == whole.stdout, "stopped after line \(cut)")
      }
    }
  }
}
