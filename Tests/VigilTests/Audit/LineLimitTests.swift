import Foundation
import Testing
import VigilCore
import VigilRecords

@testable import Vigil

/// `--max-line-bytes`: a longer line (JSON Lines) or record (CSV) is rejected and counted, and
/// the chunk reader skips it without holding it in memory.
@Suite("Line limit")
struct LineLimitTests {
  static let policy = "type == \"complaint\" → flag\n"
  static let now: Int64 = 1_764_028_800_000

  /// A JSON Lines record of exactly `length` bytes.
  static func line(_ id: String, length: Int) -> String {
    let start = #"{"id":"\#(id)","type":"complaint","pad":""#
    return start + String(repeating: "x", count: length - start.utf8.count - 2) + #""}"#
  }

  /// A CSV record (columns id,type,note) of exactly `length` bytes, whose quoted note holds
  /// `breaks` line feeds.
  static func row(_ id: String, length: Int, breaks: Int = 0) -> String {
    let start = "\(id),complaint,\""
    let filler = length - start.utf8.count - 1 - breaks
    return start + String(repeating: "y", count: filler) + String(repeating: "\n", count: breaks)
      + "\""
  }

  static let jsonText = [
    line("a", length: 100), line("b", length: 101), "", line("c", length: 99) + "\r",
    line("d", length: 100) + "\r", line("e", length: 5000), line("f", length: 101),
  ].joined(separator: "\n")
  static let jsonExpected = Run(
    flagged: ["a", "c", "d"],
    events: [
      "2: " + reason(101, limit: 100), "6: " + reason(5000, limit: 100),
      "7: " + reason(101, limit: 100),
    ], audited: 3, rejected: 3, stopped: false)

  static let csvText = [
    "id,type,note", row("a", length: 100, breaks: 2), row("b", length: 101),
    row("c", length: 3000, breaks: 3) + "\r", row("d", length: 50) + "\r",
    row("e", length: 101, breaks: 1),
  ].joined(separator: "\n")
  static let csvExpected = Run(
    flagged: ["a", "d"],
    events: [
      "5: " + reason(101, limit: 100, csv: true), "6: " + reason(3000, limit: 100, csv: true),
      "11: " + reason(101, limit: 100, csv: true),
    ], audited: 2, rejected: 3, stopped: false)

  static func reason(_ length: Int, limit: Int, csv: Bool = false) -> String {
    "the \(csv ? "record" : "line") is \(length) bytes long, more than --max-line-bytes \(limit) "
      + "(raise the limit with --max-line-bytes BYTES)"
  }

  struct Run: Equatable {
    /// The violations' records.
    var flagged: [String]
    var events: [String]
    var audited: Int
    var rejected: Int
    var stopped: Bool
  }

  static func run(
    _ text: String, _ format: InputFormat, limit: Int, jobs: Int, chunkSize: Int,
    strict: Bool = false
  ) throws -> Run {
    let policies = try PolicySet(source: policy, file: "p.vigil")
    var options = AuditOptions(now: now, jobs: jobs, strict: strict)
    options.chunkSize = chunkSize
    options.maxLineBytes = limit
    // As `vigil audit` names the limit's option.
    options.limitOption = "--max-line-bytes"
    var flagged: [String] = []
    var events: [String] = []
    let (counts, stopped) = policies.writeReport(
      input: ByteInput(string: text), format: format, name: "in", options: options,
      write: { output in
        flagged += String(decoding: output, as: UTF8.self).split(separator: "\n").map {
          String($0.split(separator: " ")[2])
        }
      },
      event: { event in
        if case .rejected(let rejection) = event {
          events.append("\(rejection.line): \(rejection.reason)")
        }
      })
    return Run(
      flagged: flagged, events: events, audited: counts.audited, rejected: counts.rejected,
      stopped: stopped)
  }

  /// Lines of exactly the limit are read, one byte more rejected, wherever the chunks end:
  /// inside a chunk (the reader rejects it) or past it (the chunk reader skips it).
  @Test(arguments: [1, 2], [16, 64, 1 << 20])
  func jsonLinesAtTheLimit(jobs: Int, chunkSize: Int) throws {
    let run = try Self.run(Self.jsonText, .jsonl, limit: 100, jobs: jobs, chunkSize: chunkSize)
    #expect(run == Self.jsonExpected)
  }

  /// A CSV record's length counts all its lines; a rejected one spanning lines keeps the
  /// lines of the records after it right.
  @Test(arguments: [1, 2], [16, 64, 1 << 20])
  func csvRecordsAtTheLimit(jobs: Int, chunkSize: Int) throws {
    let run = try Self.run(Self.csvText, .csv, limit: 100, jobs: jobs, chunkSize: chunkSize)
    #expect(run == Self.csvExpected)
  }

  /// `--strict` stops at a line over the limit, skipped or not.
  @Test(arguments: [16, 1 << 20])
  func strictStopsThere(chunkSize: Int) throws {
    let text = [
      Self.line("a", length: 50), Self.line("b", length: 500), Self.line("c", length: 50),
    ]
    .joined(separator: "\n")
    let run = try Self.run(text, .jsonl, limit: 100, jobs: 1, chunkSize: chunkSize, strict: true)
    #expect(
      run
        == Run(
          flagged: ["a"], events: ["2: " + Self.reason(500, limit: 100)],
          audited: 1, rejected: 1, stopped: true))
  }

  /// The streaming audit (`diff`, the embedding API) reads the same way, the readers skipping a long
  /// record as they read it, whatever the size of the blocks read.
  @Test(arguments: [16, 64, 1 << 16])
  func streamingReadersAtTheLimit(blockSize: Int) throws {
    let policies = try PolicySet(source: Self.policy, file: "p.vigil")
    for (format, text, expected) in [
      (InputFormat.jsonl, Self.jsonText, Self.jsonExpected),
      (.csv, Self.csvText, Self.csvExpected),
    ] {
      var run = Run(flagged: [], events: [], audited: 0, rejected: 0, stopped: false)
      var options = AuditOptions(now: Self.now)
      options.maxLineBytes = 100
      options.limitOption = "--max-line-bytes"
      let counts = policies.audit(
        input: ByteInput(bytes: Array(text.utf8), blockSize: blockSize), format: format,
        name: "in", options: options,
        handler: AuditHandler(
          violation: { run.flagged.append($0.record) },
          rejection: { rejection in
            run.events.append("\(rejection.line): \(rejection.reason)")
            return true
          }, dataError: { _ in }))
      run.audited = counts.audited
      run.rejected = counts.rejected
      #expect(run == expected, "\(format)")
    }
  }

  /// A 50 MB line with a 1 MB limit: the reader's largest buffer is 1 MiB, not 50 MB.
  @Test func aLongLineIsNeverHeldWhole() throws {
    let length = 50_000_000
    var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length + 6)
    bytes[length] = UInt8(ascii: "\n")
    bytes.replaceSubrange((length + 1)..., with: Array("{}\n\n".utf8) + [UInt8(ascii: "z")])
    let reader = ChunkReader(
      input: ByteInput(bytes: bytes), format: .jsonl, size: 256 << 10, maxLineBytes: 1_000_000)
    let first = try #require(reader.next())
    #expect(first.oversized == ChunkReader.Oversized(length: length, lineFeeds: 1))
    #expect(first.count == 0)
    let second = try #require(reader.next())
    #expect(second.oversized == nil)
    #expect(Array(second.takeInput().pending) == Array("{}\n\nz".utf8))
    #expect(reader.next() == nil)
    #expect(reader.largestBuffer == 1 << 20)
  }
}

/// `vigil audit --max-line-bytes`.
@Suite("Line limit on the command line")
struct LineLimitCLITests {
  static let policy = repoPath("Tests/VigilTests/Fixtures/cli/policy.vigil")
  static let now = ["--now", "2026-11-25T00:00:00Z"]

  @Test(arguments: [1, 2])
  func rejectsLongerLines(jobs: Int) throws {
    let folder = try temporaryFolder("line-limit")
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("data.jsonl")
    // The 3 MB line is longer than a chunk (2 MiB): the chunk reader skips it.
    let text =
      [
        LineLimitTests.line("a", length: 1000), LineLimitTests.line("b", length: 1001),
        LineLimitTests.line("c", length: 3_000_000), LineLimitTests.line("d", length: 1000),
      ].joined(separator: "\n") + "\n"
    try text.write(to: data, atomically: false, encoding: .utf8)
    let result = vigil(
      ["audit", Self.policy, "--data", data.path, "--max-line-bytes", "1000", "--jobs", "\(jobs)"]
        + Self.now)
    let help = "(raise the limit with --max-line-bytes BYTES)"
    #expect(
      result
        == CLIResult(
          code: 1,
          stdout: """
            Tests/VigilTests/Fixtures/cli/policy.vigil:7: untidy [low] a → notify triage, flag: when complaint and owner is missing
            Tests/VigilTests/Fixtures/cli/policy.vigil:7: untidy [low] d → notify triage, flag: when complaint and owner is missing
            """ + "\n",
          stderr: """
            \(data.path):2: rejected: the line is 1001 bytes long, more than --max-line-bytes 1000 \(help)
            \(data.path):3: rejected: the line is 3000000 bytes long, more than --max-line-bytes 1000 \(help)
            warning[unknown-field]: field 'created_at' is in no record of \(data.path)
              read by: Tests/VigilTests/Fixtures/cli/policy.vigil:4
            warning[unknown-field]: field 'resolved_at' is in no record of \(data.path)
              read by: Tests/VigilTests/Fixtures/cli/policy.vigil:4
            warning[unknown-field]: field 'owner' is in no record of \(data.path)
              read by: Tests/VigilTests/Fixtures/cli/policy.vigil:4, untidy
            audit by vigil 0.1.0
              now: 2026-11-25T00:00:00Z (given: --now 2026-11-25T00:00:00Z)
              policies: sha256 7b3162f292faeeb59147a488297e4209460ac44a9fa3462a70af0d07a1fe754e of 1 file
                Tests/VigilTests/Fixtures/cli/policy.vigil
              data: \(data.path) (\(text.utf8.count) bytes, 4 lines)
            vigil: 4 lines, 2 records audited, 2 rejected, 2 violations (0 open, 2 undetermined), 0 data errors

            """))
  }

  /// `explain` and `diff` skip the longer lines: the record on one is not found, not counted.
  @Test func explainAndDiffTakeTheLimit() throws {
    let folder = try temporaryFolder("line-limit")
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("data.jsonl")
    let text =
      [
        LineLimitTests.line("a", length: 1000), LineLimitTests.line("b", length: 1001),
        LineLimitTests.line("c", length: 999),
      ].joined(separator: "\n") + "\n"
    try text.write(to: data, atomically: false, encoding: .utf8)
    let limit = ["--max-line-bytes", "1000"]
    #expect(
      vigil(["explain", Self.policy, "--data", data.path, "--record", "b"] + limit + Self.now)
        == CLIResult(
          code: 1, stdout: "",
          stderr: "vigil explain: no record in \(data.path) has the id 'b' (field id)\n"))
    #expect(
      vigil(["diff", Self.policy, Self.policy, "--data", data.path] + limit + Self.now).stderr
        == "vigil diff: 0 added, 0 removed, 0 changed; 2 violations before, 2 after "
        + "(2 records audited)\n")
  }

  @Test func theLimitIsAPositiveNumber() {
    #expect(
      vigil(["audit", Self.policy, "--data", "x.jsonl", "--max-line-bytes", "0"] + Self.now)
        == CLIResult(
          code: 2, stdout: "",
          stderr: """
            vigil audit: --max-line-bytes must be a positive number of bytes, not '0'

            Usage: vigil audit RULES… --data FILE [--data FILE…] [options]
            Run 'vigil help audit' for more.

            """))
  }
}
