import Foundation
import Testing
import VigilLive

@testable import Vigil
@testable import VigilCLI

/// A file replaced or rewritten while the watch was stopped: a restart with `--state` notices
/// it (the checkpoint keeps the file's device, inode and first bytes' digest) and reads the
/// new file from its start, its CSV header its own, saying so.
@Suite("vigil watch: a file changed while the watch was stopped")
struct WatchRestartFileTests {
  static let header = "id,owner,tier,created_at,resolved_at\n"
  static let before = header + "a,kim,standard,2026-11-01T00:00:00Z,\n"
  static let after =
    header + "b,lee,key,2026-11-03T00:00:00Z,\n" + "c,kim,standard,2026-11-03T01:00:00Z,\n"
    + "d,kim,standard,2026-11-03T02:00:00Z,\n"

  static func watch(_ rules: String, _ data: String, _ state: String) -> CLIResult {
    vigil([
      "watch", rules, "--data", data, "--no-follow", "--id", "id", "--clock", "event",
      "--format", "text", "--state", state,
    ])
  }

  static func inode(_ path: String) throws -> UInt64 {
    // INVARIANT: a file's attributes on Linux hold its inode.
    (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as! NSNumber)
      .uint64Value
  }

  @Test(
    "replaced by another file (rotated), or rewritten in place: read from its start",
    arguments: [true, false])
  func changedWhileStopped(rotated: Bool) throws {
    try WatchCommandTests.withRules { rules in
      let folder = try temporaryFolder("watch-rotate")
      defer { try? FileManager.default.removeItem(at: folder) }
      let data = folder.appendingPathComponent("tickets.csv").path
      let state = folder.appendingPathComponent("state.json").path
      try Self.before.write(toFile: data, atomically: false, encoding: .utf8)
      let first = Self.watch(rules, data, state)
      #expect(first.code == 0 && first.stdout == "" && first.stderr == "")
      let old = try Self.inode(data)
      if rotated {
        // The old file moved away (kept, so its inode is not reused), a new one created
        // under its name.
        try FileManager.default.moveItem(atPath: data, toPath: data + ".1")
        try Self.after.write(toFile: data, atomically: false, encoding: .utf8)
      } else {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(Self.after.utf8))
        try handle.close()
      }
      let second = Self.watch(rules, data, state)
      let why =
        rotated
        ? "another inode (\(try Self.inode(data)), was \(old)), its first bytes differ"
        : "its inode is the same, but its first \(Self.before.utf8.count) bytes differ"
      #expect(second.code == 0)
      #expect(
        second.stderr
          == "vigil watch: \(data) is not the file the state was read from (\(why)): it was "
          + "rotated or rewritten while the watch was stopped; reading it from its start\n")
      #expect(
        second.stdout == """
          2026-11-02T16:00:00.001Z at-risk: \(rules):3: slow [medium] a → escalate to kim: at risk: unresolved 40h0m0.001s, breaks > 48h in 7h59m59.999s (open)
          2026-11-03T00:00:00Z violation: \(rules):6: vip [medium] b → flag: when tier == "key"
          2026-11-03T00:00:00.001Z violation: \(rules):3: slow [medium] a → escalate to kim: unresolved 48h0m0.001s > 48h (open)

          """)
    }
  }

  @Test("the same file grown: no message, read on from where the state was")
  func appended() throws {
    try WatchCommandTests.withRules { rules in
      let folder = try temporaryFolder("watch-rotate")
      defer { try? FileManager.default.removeItem(at: folder) }
      let data = folder.appendingPathComponent("tickets.csv").path
      let state = folder.appendingPathComponent("state.json").path
      try Self.before.write(toFile: data, atomically: false, encoding: .utf8)
      _ = Self.watch(rules, data, state)
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data))
      try handle.seekToEnd()
      try handle.write(contentsOf: Data(Self.after.dropFirst(Self.header.count).utf8))
      try handle.close()
      let second = Self.watch(rules, data, state)
      #expect(second.stderr == "")
      #expect(
        second.stdout == """
          2026-11-02T16:00:00.001Z at-risk: \(rules):3: slow [medium] a → escalate to kim: at risk: unresolved 40h0m0.001s, breaks > 48h in 7h59m59.999s (open)
          2026-11-03T00:00:00Z violation: \(rules):6: vip [medium] b → flag: when tier == "key"
          2026-11-03T00:00:00.001Z violation: \(rules):3: slow [medium] a → escalate to kim: unresolved 48h0m0.001s > 48h (open)

          """)
      let identity = try WatchCheckpoint.load(state)?.file
      #expect(identity?.inode == (try Self.inode(data)))
      #expect(
        identity?.headLength == Self.before.utf8.count + Self.after.utf8.count
          - Self.header.utf8.count)
    }
  }
}
