import Foundation
import Testing
import VigilLive

@testable import Vigil
@testable import VigilCLI

/// `vigil watch --exec CMD`: each finding's JSON line delivered to a command, standard output
/// unchanged, and findings not delivered kept in the state file across a restart.
@Suite("vigil watch --exec")
struct WatchExecTests {
  static let lines: [String] = WatchCommandTests.lines.split(separator: "\n").map {
    String($0) + "\n"
  }

  /// Runs `body` with the rules, the data file (holding `lines`) and the folder.
  static func withFiles(
    _ lines: ArraySlice<String>, _ body: (String, String, URL) throws -> Void
  ) throws {
    try WatchCommandTests.withRules { rules in
      let folder = try temporaryFolder("watch-exec")
      defer { try? FileManager.default.removeItem(at: folder) }
      let data = folder.appendingPathComponent("tickets.jsonl").path
      try lines.joined().write(toFile: data, atomically: true, encoding: .utf8)
      try body(rules, data, folder)
    }
  }

  static func watch(_ rules: String, _ data: String, _ more: [String]) -> CLIResult {
    vigil(["watch", rules, "--data", data, "--no-follow", "--id", "id", "--clock", "event"] + more)
  }

  static func text(_ folder: URL, _ name: String) -> String? {
    try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
  }

  static let stderr =
    "tickets.jsonl:6: rejected: invalid JSON at column 1: expected a JSON object\n"
    + "vigil watch: 1 line came late\n"

  @Test("every finding's JSON line delivered in order; standard output unchanged (text too)")
  func delivers() throws {
    try Self.withFiles(Self.lines[...]) { rules, data, folder in
      let plain = Self.watch(rules, data, [])
      let plainText = Self.watch(rules, data, ["--format", "text"])
      let out = folder.appendingPathComponent("out").path
      let result = Self.watch(rules, data, ["--format", "text", "--exec", "cat >> '\(out)'"])
      #expect(result.code == 0)
      #expect(result.stdout == plainText.stdout)
      #expect(Self.text(folder, "out") == plain.stdout)
      #expect(plain.stdout.split(separator: "\n").count == 9)
      #expect(result.stderr.replacingOccurrences(of: folder.path + "/", with: "") == Self.stderr)
    }
  }

  @Test("a command that hangs: the watch goes on, the delivery is killed; without --state lost")
  func hangs() throws {
    try Self.withFiles(Self.lines[...]) { rules, data, folder in
      let plain = Self.watch(rules, data, [])
      let start = Date()
      let result = Self.watch(
        rules, data, ["--exec", "exec sleep 20", "--exec-timeout", "200ms"])
      #expect(Date().timeIntervalSince(start) < 5)
      #expect(result.stdout == plain.stdout)
      #expect(
        result.stderr.replacingOccurrences(of: folder.path + "/", with: "")
          == "tickets.jsonl:6: rejected: invalid JSON at column 1: expected a JSON object\n"
          + "vigil watch: --exec failed (it took longer than 200ms and was killed)\n"
          + "vigil watch: 9 findings not delivered to --exec: lost (keep them with --state FILE)\n"
          + "vigil watch: 1 line came late\n")
    }
  }

  @Test("findings a failing command did not take are kept in the state, delivered after a restart")
  func restart() throws {
    try Self.withFiles(Self.lines.prefix(3)) { rules, data, folder in
      let state = folder.appendingPathComponent("state.json").path
      let out = folder.appendingPathComponent("out").path
      let first = Self.watch(rules, data, ["--state", state, "--exec", "exit 1"])
      #expect(first.code == 0)
      #expect(first.stdout.split(separator: "\n").count == 3)
      #expect(
        first.stderr == "vigil watch: --exec failed (exit status 1)\n"
          + "vigil watch: 3 findings not delivered to --exec: kept in '\(state)', delivered "
          + "first when the watch goes on\n")
      let kept = try WatchCheckpoint.load(state)?.pending
      #expect(kept == first.stdout.split(separator: "\n").map(String.init))
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data))
      try handle.seekToEnd()
      try handle.write(contentsOf: Data(Self.lines.dropFirst(3).joined().utf8))
      try handle.close()
      let second = Self.watch(rules, data, ["--state", state, "--exec", "cat >> '\(out)'"])
      #expect(second.code == 0)
      #expect(second.stderr.replacingOccurrences(of: folder.path + "/", with: "") == Self.stderr)
      // One uninterrupted run's findings, each delivered once, in order.
      let whole = Self.watch(rules, data, [])
      #expect(first.stdout + second.stdout == whole.stdout)
      #expect(Self.text(folder, "out") == whole.stdout)
      #expect(try WatchCheckpoint.load(state)?.pending == [])
    }
  }

  @Test("what the command took after the last checkpoint (its journal) is not delivered again")
  func journal() throws {
    try Self.withFiles(Self.lines.prefix(3)) { rules, data, folder in
      let state = folder.appendingPathComponent("state.json").path
      let out = folder.appendingPathComponent("out").path
      let first = Self.watch(rules, data, ["--state", state, "--exec", "exit 1"])
      let findings = first.stdout.split(separator: "\n").map(String.init)
      #expect(findings.count == 3)
      let kept = try #require(try WatchCheckpoint.load(state))
      let run = try #require(kept.run)
      #expect(kept.delivered == 0)
      #expect(Self.text(folder, "state.json.delivered") == "\(run) 0\n")
      // As a run killed after the command took two of them, its next line cut short; a line
      // of another run.
      try "\(run) 1\nabc 9\n\(run) 2\n\(run) 3".write(
        toFile: state + ".delivered", atomically: false, encoding: .utf8)
      let second = Self.watch(rules, data, ["--state", state, "--exec", "cat >> '\(out)'"])
      #expect(second.code == 0)
      #expect(second.stdout == "")
      #expect(
        second.stderr == "vigil watch: 2 findings kept in '\(state)' were delivered to --exec "
          + "after it was written (its journal says so): not delivered again\n")
      #expect(Self.text(folder, "out") == findings[2] + "\n")
      // The restart went on counting in the run, and its checkpoint emptied the journal.
      let after = try #require(try WatchCheckpoint.load(state))
      #expect(after.run == run && after.delivered == 3 && after.pending == [])
      #expect(Self.text(folder, "state.json.delivered") == "\(run) 3\n")
    }
  }
}
