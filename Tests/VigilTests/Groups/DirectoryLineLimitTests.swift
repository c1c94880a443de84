import Foundation
import Testing
import VigilCore
import VigilRecords

@testable import Vigil

/// The people directory is read with the line limit of the data: a line (JSON Lines) or
/// record (CSV) longer than it is an error, skipped as it is read, never held whole. The
/// error names `--max-line-bytes` only where that option sets the limit.
@Suite("People directory: line limit")
struct DirectoryLineLimitTests {
  /// A CSV record `ana,TEAM` of exactly `length` bytes.
  static func row(length: Int) -> String {
    "ana," + String(repeating: "t", count: length - 4)
  }

  /// A JSON Lines line `{"person":"ana","team":"TEAM"}` of exactly `length` bytes.
  static func line(length: Int) -> String {
    let start = #"{"person":"ana","team":""#
    return start + String(repeating: "t", count: length - start.utf8.count - 2) + #""}"#
  }

  /// The directory read from `text` with a limit of 100 bytes, in blocks of `blockSize`.
  static func read(
    _ text: String, _ format: InputFormat, blockSize: Int, option: String? = nil
  ) throws(DirectoryError) -> [String] {
    let input = ByteInput(bytes: Array(text.utf8), blockSize: blockSize)
    let name = format == .csv ? "people.csv" : "people.jsonl"
    return try Directory.read(
      input: input, format: format, name: name, maxLineBytes: 100, limitOption: option
    ).people.map { "\($0.name) \($0.team?.count ?? 0)" }
  }

  @Test(
    "CSV: a record of the limit is read; a byte more, or many, is an error",
    arguments: [16, 64, 1 << 16])
  func csv(blockSize: Int) throws {
    let header = "person,team\n"
    #expect(
      try Self.read(header + Self.row(length: 100) + "\nbo,x\n", .csv, blockSize: blockSize) == [
        "ana 96", "bo 1",
      ])
    #expect(
      try Self.read(header + Self.row(length: 100) + "\r\nbo,x", .csv, blockSize: blockSize) == [
        "ana 96", "bo 1",
      ])
    for (length, rest) in [(101, "\nbo,x\n"), (5000, "\r\nbo,x\n"), (101, "")] {
      #expect(
        throws: DirectoryError(
          "people.csv:2: the record is \(length) bytes long, more than the 100 bytes a record may have"
        )
      ) {
        try Self.read(
          header + Self.row(length: length) + rest, .csv, blockSize: blockSize)
      }
    }
    // A quoted field's line breaks count; the record is the header's line 2.
    let quoted = "ana,\"" + String(repeating: "t\n", count: 50) + "\""
    #expect(
      throws: DirectoryError(
        "people.csv:2: the record is 106 bytes long, more than the 100 bytes a record may have")
    ) {
      try Self.read(header + quoted + "\nbo,x\n", .csv, blockSize: blockSize)
    }
    let wide = "person," + String(repeating: "x", count: 94)
    #expect(
      throws: DirectoryError(
        "people.csv:1: invalid header: the record is 101 bytes long, more than the 100 bytes a record may have"
      )
    ) {
      try Self.read(wide + "\nana\n", .csv, blockSize: blockSize)
    }
  }

  @Test(
    "JSON Lines: a line of the limit is read; a byte more, or many, is an error",
    arguments: [16, 64, 1 << 16])
  func jsonLines(blockSize: Int) throws {
    let bo = #"{"person":"bo","team":"x"}"#
    #expect(
      try Self.read(Self.line(length: 100) + "\n" + bo, .jsonl, blockSize: blockSize) == [
        "ana 74", "bo 1",
      ])
    #expect(
      try Self.read(bo + "\n" + Self.line(length: 100) + "\r\n", .jsonl, blockSize: blockSize) == [
        "bo 1", "ana 74",
      ])
    for (length, end) in [(101, "\n"), (5000, "\r\n"), (5000, "")] {
      #expect(
        throws: DirectoryError(
          "people.jsonl:2: the line is \(length) bytes long, more than the 100 bytes a line may have"
        )
      ) {
        try Self.read(bo + "\n" + Self.line(length: length) + end, .jsonl, blockSize: blockSize)
      }
    }
  }

  /// A record of exactly the limit ending in `\r\n` is read wherever the blocks cut it, even
  /// when its `\r` is the last byte read before the reader looks for more.
  @Test("a record of the limit ending in CRLF is read at every offset", arguments: [16, 64])
  func crlfAtEveryOffset(blockSize: Int) throws {
    for offset in 0..<64 {
      let first = "p0," + String(repeating: "x", count: offset)
      let csv = "person,team\r\n\(first)\r\n\(Self.row(length: 100))\r\nbo,x\r\n"
      #expect(
        try Self.read(csv, .csv, blockSize: blockSize) == ["p0 \(offset)", "ana 96", "bo 1"],
        "offset \(offset)")
      let json = #"{"person":"p0","team":"\#(String(repeating: "x", count: offset))"}"#
      let lines = "\(json)\r\n\(Self.line(length: 100))\r\n{\"person\":\"bo\"}\r\n"
      #expect(
        try Self.read(lines, .jsonl, blockSize: blockSize) == ["p0 \(offset)", "ana 74", "bo 0"],
        "offset \(offset)")
    }
  }

  @Test("the error names the option that sets the limit when given one")
  func namesTheOption() {
    let help = "(raise the limit with --max-line-bytes BYTES)"
    #expect(
      throws: DirectoryError(
        "people.csv:2: the record is 101 bytes long, more than --max-line-bytes 100 \(help)")
    ) {
      try Self.read(
        "person,team\n" + Self.row(length: 101), .csv, blockSize: 64, option: "--max-line-bytes")
    }
    #expect(
      throws: DirectoryError(
        "people.jsonl:1: the line is 101 bytes long, more than --max-line-bytes 100 \(help)")
    ) {
      try Self.read(Self.line(length: 101), .jsonl, blockSize: 64, option: "--max-line-bytes")
    }
  }
}

/// `--directory` on the command line takes `--max-line-bytes`; `vigil test` applies the
/// default limit, which it cannot change, and says so without naming the option.
@Suite("People directory: line limit on the command line")
struct DirectoryLineLimitCLITests {
  static let now = ["--now", "2026-11-25T00:00:00Z"]

  /// A folder with a policy that reads the directory, one record, and `people.csv`.
  static func folder(people: String) throws -> URL {
    let folder = try temporaryFolder("directory-limit")
    let files = [
      "p.vigil": "policy p:\n  owner is present → notify manager of owner\n",
      "data.jsonl": #"{"id":"1","owner":"ana"}"# + "\n",
      "people.csv": people,
    ]
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return folder
  }

  @Test("audit, explain and diff read the directory with --max-line-bytes")
  func commands() throws {
    let people = "person,manager\n" + "ana," + String(repeating: "m", count: 96) + "\n"
    let folder = try Self.folder(people: people)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = { (name: String) in folder.appendingPathComponent(name).path }
    let common = ["--data", path("data.jsonl"), "--directory", path("people.csv")] + Self.now
    let atLimit = vigil(["audit", path("p.vigil")] + common + ["--max-line-bytes", "100"])
    #expect(atLimit.code == 1)
    #expect(
      atLimit.stdout
        == "\(path("p.vigil")):2: p [medium] 1 → notify \(String(repeating: "m", count: 96)): when owner is present\n"
    )
    let error =
      "the directory cannot be used: \(path("people.csv")):2: the record is 100 bytes long,"
      + " more than --max-line-bytes 99 (raise the limit with --max-line-bytes BYTES)"
    for (command, usage) in [
      (["audit", path("p.vigil")], "RULES… --data FILE [--data FILE…] [options]"),
      (
        ["explain", path("p.vigil"), "--record", "1"],
        "RULES… --data FILE --record ID [--policy NAME…] [options]"
      ),
      (
        ["diff", path("p.vigil"), path("p.vigil")],
        "OLD_RULES NEW_RULES --data FILE [--data FILE…] [options]"
      ),
    ] {
      let name = command[0]
      #expect(
        vigil(command + common + ["--max-line-bytes", "99"])
          == CLIResult(
            code: 2, stdout: "",
            stderr: "vigil \(name): \(error)\n\nUsage: vigil \(name) \(usage)\n"
              + "Run 'vigil help \(name)' for more.\n"))
    }
  }

  @Test("vigil test reads the directory with the default limit, and names no option")
  func policyTests() throws {
    let folder = try Self.folder(people: "")
    defer { try? FileManager.default.removeItem(at: folder) }
    // 64 MiB and one byte, with no line feed: a sparse file, read once, never held whole.
    let people = folder.appendingPathComponent("people.jsonl")
    _ = FileManager.default.createFile(atPath: people.path, contents: nil)
    let handle = try FileHandle(forWritingTo: people)
    try handle.truncate(atOffset: UInt64(LineLimit.defaultBytes + 1))
    try handle.close()
    try """
    policies "p.vigil"
    directory "people.jsonl"

    test t:
      record "1":
        owner = "ana"
      expect p: violation

    """.write(to: folder.appendingPathComponent("p.vigiltest"), atomically: true, encoding: .utf8)
    let result = vigil(["test", folder.appendingPathComponent("p.vigiltest").path])
    let shown = result.stderr.replacingOccurrences(of: folder.path, with: "TMP")
    #expect(result.code == 2)
    #expect(
      shown == """
        TMP/p.vigiltest:2:11: error[include-not-found]: the directory cannot be used: people.jsonl:1: the line is 67108865 bytes long, more than the 67108864 bytes a line may have
          2 | directory "people.jsonl"
            |           ^~~~~~~~~~~~~~
        vigil test: 0 passed, 0 failed (1 file); 1 error in test or policy files

        """)
  }
}
