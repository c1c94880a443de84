import Foundation
import Testing
import VigilLive

@testable import Vigil
@testable import VigilCLI

#if canImport(Glibc)
  import Glibc
#endif

/// `vigil watch --state` writing to a pipe: the journal of what went out (`STATE.written`)
/// tells a restart how much of the checkpoint's findings got out, where the size of standard
/// output cannot.
@Suite("vigil watch --state: the journal of what went out")
struct WatchOutputJournalTests {
  /// Where standard output goes: a pipe (written by `sendfile`, the count stored by the
  /// kernel), or a sink in memory (written, then the count stored).
  enum Output: CaseIterable { case pipe, memory }

  /// What the journal beside the state holds before the restart.
  enum Journal: CaseIterable { case none, another, nothingOut, midLine, all }

  /// `vigil watch ARGUMENTS` with standard output `output`: its exit code, output and errors.
  static func watch(_ arguments: [String], _ output: Output) throws -> CLIResult {
    let err = StringSink()
    guard output == .pipe else {
      let out = StringSink()
      let code = VigilCLI.run(arguments, stdout: out, stderr: err, clock: { testClock })
      return CLIResult(code: code, stdout: out.text, stderr: err.text)
    }
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    let code: Int32
    do {
      let out = FileSink(descriptor: ends[1])
      code = VigilCLI.run(arguments, stdout: out, stderr: err, clock: { testClock })
      out.flush()
    }
    close(ends[1])
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, 4096) }
      guard count > 0 else { break }
      bytes += buffer[..<count]
    }
    close(ends[0])
    return CLIResult(code: code, stdout: String(decoding: bytes, as: UTF8.self), stderr: err.text)
  }

  @Test(
    "a restart writes exactly the part of the checkpoint's findings the journal says did not go out",
    arguments: Output.allCases, Journal.allCases)
  func restart(output: Output, journal: Journal) throws {
    try WatchExecTests.withFiles(WatchExecTests.lines.prefix(5)) { rules, data, folder in
      let state = folder.appendingPathComponent("state.json").path
      let arguments = [
        "watch", rules, "--data", data, "--no-follow", "--id", "id", "--clock", "event",
        "--state", state,
      ]
      let first = try Self.watch(arguments, output)
      #expect(first.code == 0)
      let findings = Array(first.stdout.utf8)
      #expect(first.stdout.split(separator: "\n").count == 8)
      // As a run killed while it wrote the findings of its last checkpoint: they are its
      // outbox, and the journal says how much of them went out.
      var checkpoint = try #require(try WatchCheckpoint.load(state))
      #expect(checkpoint.outbox.isEmpty && checkpoint.outboxID == nil)
      checkpoint.outbox = findings
      checkpoint.outboxID = "5eed"
      checkpoint.outputSize = nil
      try checkpoint.save(state)
      let midLine = first.stdout.split(separator: "\n")[0].utf8.count + 10
      let path = OutputJournal.path(state)
      try? FileManager.default.removeItem(atPath: path)
      let out: Int
      switch journal {
      case .none: out = 0
      case .another:
        OutputJournal(statePath: state)?.begin("beef", written: 100)
        out = 0
      case .nothingOut:
        OutputJournal(statePath: state)?.begin("5eed")
        out = 0
      case .midLine:
        OutputJournal(statePath: state)?.begin("5eed", written: Int64(midLine))
        out = midLine
      case .all:
        OutputJournal(statePath: state)?.begin("5eed", written: Int64(findings.count))
        out = findings.count
      }
      let second = try Self.watch(arguments, output)
      #expect(second.code == 0)
      #expect(second.stderr == "vigil watch: 1 line came late\n")
      #expect(Array(second.stdout.utf8) == Array(findings[out...]))
      // The journal names the outbox, all of it out.
      let after = try #require(OutputJournal.read(statePath: state))
      #expect(after.id == "5eed" && after.written == findings.count)
      #expect(try WatchCheckpoint.load(state)?.outbox == [])
    }
  }
}
