import Foundation
import Testing
import VigilLive

/// `FileFollower` reads a growing file as `tail -F` does.
@Suite("Following a file")
struct FileFollowerTests {
  /// Everything the follower gives until it is idle.
  static func drain(_ follower: FileFollower) -> [FollowEvent] {
    var events: [FollowEvent] = []
    while true {
      let event = follower.next(wait: 0)
      if event == .idle || event == .end { return events }
      events.append(event)
    }
  }

  static func line(_ text: String, _ number: Int) -> FollowEvent { .line(Array(text.utf8), number) }

  static func append(_ text: String, to path: String) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
    try handle.close()
  }

  @Test("appended lines as they come, a last line held until its line end, CRLF")
  func append() throws {
    let folder = try temporaryFolder("follow")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("log.jsonl").path
    try "one\ntw".write(toFile: path, atomically: false, encoding: .utf8)
    let follower = FileFollower(path: path, follows: true)
    #expect(follower.open())
    #expect(Self.drain(follower) == [Self.line("one", 1)])
    #expect(follower.consumedOffset == 4)
    try Self.append("o\r\nthree\n", to: path)
    #expect(Self.drain(follower) == [Self.line("two", 2), Self.line("three", 3)])
    #expect(follower.next(wait: 0) == .idle)
    #expect(follower.consumedOffset == 15)
  }

  @Test("a truncated file is read again from its start")
  func truncate() throws {
    let folder = try temporaryFolder("follow")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("log.jsonl").path
    try "one\ntwo\n".write(toFile: path, atomically: false, encoding: .utf8)
    let follower = FileFollower(path: path, follows: true)
    #expect(follower.open())
    #expect(Self.drain(follower) == [Self.line("one", 1), Self.line("two", 2)])
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.truncate(atOffset: 0)
    try handle.close()
    try Self.append("new\n", to: path)
    #expect(
      Self.drain(follower) == [
        .restarted("\(path) was truncated: reading it again from its start"), Self.line("new", 1),
      ])
  }

  @Test("a rotated file is finished, then the new one read from its start")
  func rotate() throws {
    let folder = try temporaryFolder("follow")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("log.jsonl").path
    let old = folder.appendingPathComponent("log.jsonl.1").path
    try "one\n".write(toFile: path, atomically: false, encoding: .utf8)
    let follower = FileFollower(path: path, follows: true)
    #expect(follower.open())
    #expect(Self.drain(follower) == [Self.line("one", 1)])
    try FileManager.default.moveItem(atPath: path, toPath: old)
    // Written to the old file after it was moved away: still read.
    try Self.append("two\n", to: old)
    #expect(Self.drain(follower) == [Self.line("two", 2)])
    try "first\nsecond\n".write(toFile: path, atomically: false, encoding: .utf8)
    #expect(
      Self.drain(follower) == [
        .restarted("\(path) was replaced by a new file: reading it from its start"),
        Self.line("first", 1), Self.line("second", 2),
      ])
  }

  @Test("without following, the end of the file ends the input, a last line without its end too")
  func noFollow() throws {
    let folder = try temporaryFolder("follow")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("log.jsonl").path
    try "one\ntwo".write(toFile: path, atomically: false, encoding: .utf8)
    let follower = FileFollower(path: path, follows: false)
    #expect(follower.open())
    #expect(follower.next(wait: 0) == Self.line("one", 1))
    #expect(follower.next(wait: 0) == Self.line("two", 2))
    #expect(follower.next(wait: 0) == .end)
  }
}
