import Foundation
import Testing
import VigilCore
import VigilEvaluation

@testable import Vigil

/// What an input says as a whole: fields no record has, fields given twice, repeated record
/// ids, no policies. Each case's standard output and error are golden files.
@Suite("Data warnings")
struct DataWarningTests {
  static let folder = "Tests/VigilTests/Fixtures/datawarnings"
  static let now = ["--now", "2026-11-25T00:00:00Z"]

  static func fixture(_ name: String) -> String { repoPath("\(folder)/\(name)") }

  /// An empty policy file (not in the repository: every policy file there is formatted).
  /// It is `empty.vigil` in a folder of its own, shown as `TMP` in the goldens, so that its
  /// name, and so the policy set's digest, is the same on every run.
  static let emptyFolder = FileManager.default.temporaryDirectory
    .appendingPathComponent("vigil-empty-\(ProcessInfo.processInfo.processIdentifier)").path
  static let empty: String = {
    let path = emptyFolder + "/empty.vigil"
    // A file that cannot be made fails the tests that audit it, naming the path.
    try? FileManager.default.createDirectory(
      atPath: emptyFolder, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: path, contents: Data())
    return path
  }()

  /// (golden name, arguments, exit code).
  static let cases: [(String, [String], Int32)] = [
    // The issue's example: a typo in a state's end is named, with the field the data has.
    (
      "typo", ["audit", fixture("typo.vigil"), "--data", repoPath("examples/interactions.jsonl")], 1
    ),
    (
      "typo_csv",
      ["audit", fixture("typo.vigil"), "--data", repoPath("examples/interactions.csv")], 1
    ),
    (
      "typo_strict",
      ["audit", fixture("typo.vigil"), "--data", fixture("tickets.jsonl"), "--strict"], 3
    ),
    (
      "typo_allowed",
      [
        "audit", fixture("typo.vigil"), "--data", fixture("tickets.jsonl"), "--allow",
        "unknown-field",
      ], 1
    ),
    // A key twice in one object, and one id on three lines.
    ("tickets", ["audit", fixture("tickets.vigil"), "--data", fixture("tickets.jsonl")], 1),
    (
      "tickets_strict",
      ["audit", fixture("tickets.vigil"), "--data", fixture("tickets.jsonl"), "--strict"], 3
    ),
    (
      "tickets_accountability",
      [
        "audit", fixture("tickets.vigil"), "--data", fixture("tickets.jsonl"), "--report",
        "accountability", "--format", "json",
      ], 1
    ),
    // An --id field no record has is an error; with two inputs, only when neither has it.
    (
      "id_missing",
      ["audit", fixture("tickets.vigil"), "--data", fixture("tickets.jsonl"), "--id", "ids"], 2
    ),
    (
      "id_in_one_input",
      [
        "audit", fixture("tickets.vigil"), "--data", fixture("tickets.jsonl"), "--data",
        fixture("refs.csv"), "--id", "ref",
      ], 1
    ),
    (
      "id_in_no_input",
      [
        "audit", fixture("tickets.vigil"), "--data", fixture("tickets.jsonl"), "--data",
        fixture("tickets.jsonl"), "--id", "ids",
      ], 2
    ),
    // The real help-desk export names the column Variant twice.
    (
      "variant",
      [
        "audit", fixture("variant.vigil"), "--data",
        repoPath("examples/data/helpdesk_eventlog_italy/helpdesk.csv"),
      ], 0
    ),
    (
      "variant_strict",
      [
        "audit", fixture("variant.vigil"), "--data",
        repoPath("examples/data/helpdesk_eventlog_italy/helpdesk.csv"), "--strict",
      ], 3
    ),
    // No policies: a warning, not a clean audit.
    (
      "empty", ["audit", empty, "--data", repoPath("examples/interactions.csv")], 0
    ),
    ("nothing", ["audit", fixture("nothing"), "--data", repoPath("examples/interactions.csv")], 0),
    ("check_empty", ["check", empty], 0),
    ("check_nothing", ["check", fixture("nothing")], 0),
    // vigil check --data gives the audit's warnings.
    (
      "check_typo",
      ["check", fixture("typo.vigil"), "--data", repoPath("examples/interactions.jsonl")], 0
    ),
    (
      "check_typo_csv",
      ["check", fixture("typo.vigil"), "--data", repoPath("examples/interactions.csv")], 0
    ),
    (
      "check_variant",
      [
        "check", fixture("variant.vigil"), "--data",
        repoPath("examples/data/helpdesk_eventlog_italy/helpdesk.csv"),
      ], 0
    ),
    // CSV cells read as numbers by JSON's grammar.
    ("numbers", ["audit", fixture("numbers.vigil"), "--data", fixture("numbers.csv")], 1),
  ]

  @Test(arguments: cases.indices)
  func golden(_ index: Int) {
    let (name, arguments, code) = Self.cases[index]
    let result = vigil(arguments + (arguments[0] == "audit" ? Self.now : []))
    #expect(result.code == code, "\(name)")
    expectGolden(result.stdout, "\(Self.folder)/\(name).stdout")
    expectGolden(
      result.stderr.replacingOccurrences(of: Self.emptyFolder, with: "TMP"),
      "\(Self.folder)/\(name).stderr")
  }

  /// The warning lines of a run's standard error (what follows `warning[…]` up to the next
  /// line that is not a `read by`).
  static func warnings(_ stderr: String) -> [String] {
    stderr.split(separator: "\n").filter {
      $0.hasPrefix("warning[") || $0.hasPrefix("  read by: ")
    }.map(String.init)
  }

  @Test(
    "check --data and audit warn of the same fields",
    arguments: [
      ("\(folder)/typo.vigil", "examples/interactions.jsonl"),
      ("\(folder)/typo.vigil", "examples/interactions.csv"),
      ("\(folder)/variant.vigil", "examples/data/helpdesk_eventlog_italy/helpdesk.csv"),
      ("rules", "examples/months.jsonl"), ("rules", "examples/interactions.jsonl"),
    ])
  func checkAgreesWithAudit(_ rules: String, _ data: String) {
    let check = vigil(["check", repoPath(rules), "--data", repoPath(data)])
    let audit = vigil(["audit", repoPath(rules), "--data", repoPath(data)] + Self.now)
    let fromAudit = Self.warnings(audit.stderr).filter { !$0.contains("[repeated-id]") }
    #expect(!fromAudit.isEmpty)
    #expect(Self.warnings(check.stderr).filter { !$0.contains("unused-definition") } == fromAudit)
  }

  @Test("a line read twice (as the rest of its chunk, then as a line) is marked once")
  func linesReadTwiceAreMarkedOnce() throws {
    // The reader reads a chunk's next record to the end of its line as it goes; a line that is
    // not a record (blank, malformed, an object over two lines) is read again as a line. The
    // repeated keys of lines 3 and 5 and of the rejected line 4 (up to where it fails) count
    // once each; line 3 follows a blank line, line 5 a rejected one.
    let lines = [
      #"{"id":"R1","status":"a","type":"x"}"#, "",
      #"{"id":"R3","status":"a","status":"b","type":"x"}"#,
      #"{"id":"R4","status":"a","status":"b","type":"#,
      #"{"id":"R5","status":"a","status":"b","type":"x"}"#, #"{"id":"R6","#, #" "status":"b"}"#,
      "  ", #"{"id":"R9","status":"a","type":"x"}"#,
    ]
    let policies = try PolicySet(source: "status == \"b\" and type == \"x\" → flag\n")
    for (jobs, chunkSize) in [(1, 1 << 30), (1, 64), (2, 64), (2, 1 << 30)] {
      var options = AuditOptions(now: 0, jobs: jobs)
      options.chunkSize = chunkSize
      var found: [String] = []
      _ = policies.writeReport(
        input: ByteInput(string: lines.joined(separator: "\n") + "\n"), format: .jsonl,
        name: "m.jsonl", options: options, write: { _ in },
        event: { event in
          switch event {
          case .warning(let warning): found.append(warning.message)
          case .rejected(let rejection): found.append("\(rejection.line): \(rejection.reason)")
          default: break
          }
        })
      #expect(
        found == [
          "4: invalid JSON at column 45: expected a value, found end of line",
          "6: invalid JSON at column 12: expected a string key, found end of line",
          "7: expected a JSON object, found a string",
          "key 'status' is given twice in the record on line 3 of m.jsonl (and 2 more records); "
            + "the last one is read",
        ], "jobs \(jobs), chunks of \(chunkSize) bytes")
    }
  }

  @Test("the marks of chunks read on several threads add up to the whole input's")
  func chunksAgree() throws {
    // Many records, the repeats far apart: chunks of 256 bytes put them in different chunks.
    var lines: [String] = []
    for index in 1...300 {
      let status = index == 150 ? #""status":"a","status":"b""# : #""status":"a""#
      let id = index == 290 ? "R7" : "R\(index)"
      lines.append(#"{"id":"\#(id)",\#(status),"type":"x"}"#)
    }
    let policies = try PolicySet(source: "status == \"b\" and tpye == \"x\" → flag\n")
    var messages: [[String]] = []
    for (jobs, chunkSize) in [(1, 1 << 30), (1, 256), (2, 256), (2, 1000)] {
      var options = AuditOptions(now: 0, jobs: jobs)
      options.chunkSize = chunkSize
      options.idOption = "--id"
      var found: [String] = []
      _ = policies.writeReport(
        input: ByteInput(string: lines.joined(separator: "\n") + "\n"), format: .jsonl,
        name: "r.jsonl", options: options, write: { _ in },
        event: { if case .warning(let warning) = $0 { found.append(warning.message) } })
      messages.append(found)
    }
    let expected = [
      "field 'tpye' is in no record of r.jsonl; did you mean 'type'?",
      "key 'status' is given twice in the record on line 150 of r.jsonl; the last one is read",
      "1 record of r.jsonl has the id of an earlier record (field 'id'): 'R7' (lines 7 and 290); "
        + "each is audited again, so its breaches count twice: remove the repeated rows, or "
        + "name the field that tells records apart with --id",
    ]
    #expect(messages == [expected, expected, expected, expected])
  }

  /// Whatever part of the ids is written to the temporary file (none, some, nearly all:
  /// every chunk's), however many threads search them (each reusing its table from
  /// partition to partition), and whether chunks count their lines from their own start
  /// (`LineFeedLedger`: the index adds the lines before them), the same repeats are found.
  @Test(
    "repeated ids are found among many, split into partitions and chunks, in memory or not",
    arguments: [
      (Int.max, 1, false), (4 << 20, 2, false), (100_000, 3, false), (0, 64, false),
      (100_000, 3, true), (0, 64, true),
    ])
  func manyIDs(spillThreshold: Int, threads: Int, relative: Bool) {
    // 300,000 ids in chunks of 1,000 lines, in the index's 64 partitions.
    var index = RecordIDIndex(spillThreshold: spillThreshold, threads: threads)
    for chunk in 0..<300 {
      let ids = ChunkIDs()
      for line in chunk * 1000 + 1...chunk * 1000 + 1000 {
        let number = line
        // Line 250,000 repeats line 17's id, line 299,999 line 123,456's; 299,000 repeats it too.
        let id = number == 250_000 ? 17 : number == 299_999 || number == 299_000 ? 123_456 : number
        let stored = relative ? line - chunk * 1000 : line
        Array("ID-\(id)".utf8).withUnsafeBufferPointer { ids.add($0, line: stored) }
      }
      index.add(ids, lineBase: relative ? chunk * 1000 : 0)
    }
    #expect(
      index.warning(input: "big.jsonl", idField: FieldPath("id"), idOption: "--id")?.message
        == "3 records of big.jsonl have the id of an earlier record (field 'id'): 'ID-17' "
        + "(lines 17 and 250000), 'ID-123456' (lines 123456, 299000 and 299999); each is "
        + "audited again, so its breaches count twice: remove the repeated rows, or name the "
        + "field that tells records apart with --id")
  }

  @Test(
    "a text is a number by JSON's grammar, spaces around it allowed",
    arguments: [
      ("7", 7.0), (" 7 ", 7), ("\t-0.5e1", -5), ("1E2", 100), ("0", 0), ("-0", 0), ("0.25", 0.25),
      ("1e-2", 0.01), ("0x10", nil), ("NaN", nil), ("nan", nil), ("inf", nil), ("Infinity", nil),
      ("-inf", nil), ("1_000", nil), ("1,234", nil), ("+5", nil), ("05", nil), (".5", nil),
      ("5.", nil), ("1e", nil), ("", nil), (" ", nil), ("1 2", nil), ("1e400", nil),
      ("-1e400", nil), ("٣", nil),
    ] as [(String, Double?)])
  func numberGrammar(_ text: String, _ expected: Double?) {
    #expect(NumberText.number(text) == expected)
  }
}
