import Foundation
import Testing

@testable import Vigil
@testable import VigilCLI

/// `vigil watch` over an event log on the command line: each case's findings as its events
/// arrive and as time passes, and a watch stopped and restarted with `--state` at any line
/// writing what one uninterrupted run writes.
@Suite("vigil watch: event logs")
struct WatchEventLogCommandTests {
  static let rules = """
    events per case, ordered by at

    define opened       = earliest(at)
    define first_charge = earliest(at where activity == "take")

    policy slow_first_response:
      from opened until first_charge > 4h → flag
      warn at 3h

    policy left_waiting:
      activity == "wait" → flag
      accountable: resource
    """

  static let lines = [
    #"{"case":"C1","activity":"open","resource":"ana","at":"2026-11-01T08:00:00Z"}"#,
    #"{"case":"C2","activity":"open","resource":"bo","at":"2026-11-01T09:00:00Z"}"#,
    #"{"case":"C1","activity":"wait","resource":"bo","at":"2026-11-01T10:00:00Z"}"#,
    #"{"case":"C1","activity":"take","resource":"cy","at":"2026-11-01T11:30:00Z"}"#,
    #"{"case":"C2","activity":"note","resource":"ana","at":"2026-11-01T14:00:00Z"}"#,
    #"{"case":"C2","activity":"take","resource":"cy","at":"2026-11-01T13:30:00Z"}"#,
  ]

  static func withFiles(_ rules: String, _ body: (String, URL) throws -> Void) throws {
    let folder = try temporaryFolder("watch-events")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("rules.vigil").path
    try rules.write(toFile: path, atomically: true, encoding: .utf8)
    try body(path, folder)
  }

  /// What the watch writes for `lines`, in text.
  static func expected(_ rules: String) -> String {
    let slow = "\(rules):7: slow_first_response [medium]"
    let waiting = "\(rules):11: left_waiting [medium]"
    let atRisk =
      "at risk: from opened until first_charge 3h0m0.001s, breaks > 4h in 59m59.999s (open)"
    return """
      2026-11-01T10:00:00Z violation: \(waiting) C1 → flag (accountable: bo): when activity == "wait" (2 events)
      2026-11-01T11:00:00.001Z at-risk: \(slow) C1 → flag: \(atRisk) (2 events)
      2026-11-01T11:30:00Z resolved-in-time: \(slow) C1 → flag: \(atRisk) (2 events)
      2026-11-01T11:30:00Z resolved: \(waiting) C1 → flag (accountable: bo): when activity == "wait" (2 events)
      2026-11-01T12:00:00.001Z at-risk: \(slow) C2 → flag: \(atRisk) (1 event)
      2026-11-01T13:00:00.001Z violation: \(slow) C2 → flag: from opened until first_charge 4h0m0.001s > 4h (open) (1 event)
      2026-11-01T14:00:00Z resolved-late (late): \(slow) C2 → flag: from opened until first_charge 4h30m > 4h (closed) (3 events)

      """
  }

  @Test("each case's findings once, when they become true: events, timers, a late event")
  func replay() throws {
    try Self.withFiles(Self.rules) { rules, _ in
      let result = vigil(
        ["watch", rules, "--data", "-", "--clock", "event", "--format", "text"],
        stdin: Self.lines.joined(separator: "\n") + "\n")
      #expect(result.code == 0)
      #expect(result.stdout == Self.expected(rules))
      #expect(result.stderr == "vigil watch: 1 line came late\n")
    }
  }

  @Test("an event whose time cannot be read: a data error of each policy, once, as the audit's")
  func unreadableTime() throws {
    try Self.withFiles(Self.rules) { rules, _ in
      let odd = #"{"case":"C1","activity":"note","resource":"ana","at":"soon"}"#
      let result = vigil(
        ["watch", rules, "--data", "-", "--clock", "event", "--format", "text"],
        stdin: (Self.lines + [odd, odd]).joined(separator: "\n") + "\n")
      #expect(result.code == 0)
      let error = "2026-11-01T14:00:00Z data-error: stdin:7: record stdin:7, policy"
      #expect(
        result.stdout == Self.expected(rules)
          + "\(error) slow_first_response: at: cannot read 'soon' as a time\n"
          + "\(error) left_waiting: at: cannot read 'soon' as a time\n"
          + "2026-11-01T14:00:00Z data-error: stdin:8: record stdin:8, policy slow_first_response: at: "
          + "cannot read 'soon' as a time\n"
          + "2026-11-01T14:00:00Z data-error: stdin:8: record stdin:8, policy left_waiting: at: cannot "
          + "read 'soon' as a time\n")
    }
  }

  @Test("stopped after any line and restarted with --state: one uninterrupted run's findings")
  func restarts() throws {
    try Self.withFiles(WatchEventLogTests.policy) { rules, folder in
      let lines = WatchEventLogTests.generate(seed: 5, cases: 12, jitter: 3_600_000).map {
        $0 + "\n"
      }
      let data = folder.appendingPathComponent("log.jsonl").path
      func watch(_ more: [String]) -> CLIResult {
        vigil(
          ["watch", rules, "--data", data, "--no-follow", "--clock", "event", "--lateness", "1h"]
            + more)
      }
      try lines.joined().write(toFile: data, atomically: true, encoding: .utf8)
      let whole = watch([])
      #expect(whole.code == 0)
      #expect(whole.stdout.split(separator: "\n").count > 40)
      for cut in stride(from: 3, to: lines.count, by: lines.count / 5) {
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
