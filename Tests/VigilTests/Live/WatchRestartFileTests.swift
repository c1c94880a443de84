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
    "rotated (found beside it, or moved away), or rewritten in place: the new file from its start",
    arguments: ["rotated", "moved away", "rewritten"])
  func changedWhileStopped(how: String) throws {
    try WatchCommandTests.withRules { rules in
      let folder = try temporaryFolder("watch-rotate")
      defer { try? FileManager.default.removeItem(at: folder) }
      let data = folder.appendingPathComponent("tickets.csv").path
      let state = folder.appendingPathComponent("state.json").path
      let away = try temporaryFolder("watch-rotate-away")
      defer { try? FileManager.default.removeItem(at: away) }
      try Self.before.write(toFile: data, atomically: false, encoding: .utf8)
      let first = Self.watch(rules, data, state)
      #expect(first.code == 0 && first.stdout == "" && first.stderr == "")
      let old = try Self.inode(data)
      if how == "rewritten" {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(Self.after.utf8))
        try handle.close()
      } else {
        // The old file moved beside it, or to another folder (kept, so its inode is not
        // reused), a new one created under its name.
        let moved =
          how == "rotated" ? data + ".1" : away.appendingPathComponent("tickets.csv").path
        try FileManager.default.moveItem(atPath: data, toPath: moved)
        try Self.after.write(toFile: data, atomically: false, encoding: .utf8)
      }
      let second = Self.watch(rules, data, state)
      let why =
        how == "rewritten"
        ? "its inode is the same, but its first \(Self.before.utf8.count) bytes differ"
        : "another inode (\(try Self.inode(data)), was \(old)), its first bytes differ"
      #expect(second.code == 0)
      // The rotated file found beside it is read on from the state's offset (nothing more
      // here), then the new one from its start.
      #expect(
        second.stderr
          == (how == "rotated"
            ? "vigil watch: \(data) is not the file the state was read from: it was rotated "
              + "while the watch was stopped, to \(data).1; reading that on from where the state "
              + "was, then \(data) from its start\n"
              + "vigil watch: the file rotated away was read to its end: reading \(data) from "
              + "its start\n"
            : "vigil watch: \(data) is not the file the state was read from (\(why)): it was "
              + "rotated or rewritten while the watch was stopped; reading it from its start\n"))
      #expect(
        second.stdout == """
          2026-11-02T16:00:00.001Z at-risk: \(rules):3: slow [medium] a → escalate to kim: at risk: unresolved 40h0m0.001s, breaks > 48h in 7h59m59.999s (open)
          2026-11-03T00:00:00Z violation: \(rules):6: vip [medium] b → flag: when tier == "key"
          2026-11-03T00:00:00.001Z violation: \(rules):3: slow [medium] a → escalate to kim: unresolved 48h0m0.001s > 48h (open)

          """)
    }
  }

  @Test("rotated while stopped after it grew: the rotated file read on, then the new one")
  func rotatedAfterGrowing() throws {
    try WatchCommandTests.withRules { rules in
      let folder = try temporaryFolder("watch-rotate")
      defer { try? FileManager.default.removeItem(at: folder) }
      let data = folder.appendingPathComponent("tickets.csv").path
      let state = folder.appendingPathComponent("state.json").path
      try Self.before.write(toFile: data, atomically: false, encoding: .utf8)
      _ = Self.watch(rules, data, state)
      // A line the old file got after the checkpoint, before it was rotated away.
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data))
      try handle.seekToEnd()
      try handle.write(contentsOf: Data("e,lee,key,2026-11-02T00:00:00Z,\n".utf8))
      try handle.close()
      try FileManager.default.moveItem(atPath: data, toPath: data + ".1")
      try Self.after.write(toFile: data, atomically: false, encoding: .utf8)
      let second = Self.watch(rules, data, state)
      #expect(second.code == 0)
      #expect(
        second.stderr
          == "vigil watch: \(data) is not the file the state was read from: it was rotated while "
          + "the watch was stopped, to \(data).1; reading that on from where the state was, then "
          + "\(data) from its start\n"
          + "vigil watch: the file rotated away was read to its end: reading \(data) from its "
          + "start\n")
      #expect(
        second.stdout == """
          2026-11-02T00:00:00Z violation: \(rules):6: vip [medium] e → flag: when tier == "key"
          2026-11-02T16:00:00.001Z at-risk: \(rules):3: slow [medium] a → escalate to kim: at risk: unresolved 40h0m0.001s, breaks > 48h in 7h59m59.999s (open)
          2026-11-03T00:00:00Z violation: \(rules):6: vip [medium] b → flag: when tier == "key"
          2026-11-03T00:00:00.001Z violation: \(rules):3: slow [medium] a → escalate to kim: unresolved 48h0m0.001s > 48h (open)

          """)
      // Its checkpoint is in the new file.
      #expect(try WatchCheckpoint.load(state)?.file?.inode == (try Self.inode(data)))
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
