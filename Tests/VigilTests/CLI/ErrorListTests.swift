import Foundation
import Testing

@testable import VigilCLI

/// `vigil audit --errors FILE`: every rejected line and data error, complete, in input order,
/// the same for every `--jobs`; standard error shows the first 50 and says where the rest are.
@Suite("Error list")
struct ErrorListTests {
  static let policy = repoPath("Tests/VigilTests/Fixtures/cli/policy.vigil")
  static let location = "Tests/VigilTests/Fixtures/cli/policy.vigil:4"
  static let now = ["--now", "2026-11-25T00:00:00Z"]
  static let timeHelp = "times are ISO-8601, e.g. 2026-11-25T09:30:00Z; other layouts need time(…)"

  /// A new empty folder, removed by the caller.
  static func folder() throws -> URL { try temporaryFolder("errors") }

  static func read(_ url: URL) throws -> String {
    relative(try String(contentsOf: url, encoding: .utf8))
  }

  @Test func listsEveryRejectedLineAndDataErrorOfEveryInput() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let errors = folder.appendingPathComponent("errors.jsonl")
    let fixtures = "Tests/VigilTests/Fixtures/cli/"
    let result = vigil(
      [
        "audit", Self.policy, "--data", repoPath(fixtures + "records.jsonl"), "--data",
        repoPath(fixtures + "records.csv"), "--errors", errors.path,
      ] + Self.now)
    #expect(result.code == 1)
    #expect(
      try Self.read(errors) == """
        {"kind":"data_error","file":"\(fixtures)records.jsonl","line":5,"record":"R4","policy":"\(Self.location)","field":"created_at","value":"soon","message":"cannot read 'soon' as a time","help":"\(Self.timeHelp)"}
        {"kind":"rejected","file":"\(fixtures)records.jsonl","line":6,"record":null,"policy":null,"field":null,"value":null,"message":"invalid JSON at column 34: expected ',' or '}'"}
        {"kind":"rejected","file":"\(fixtures)records.csv","line":6,"record":null,"policy":null,"field":null,"value":null,"message":"has 3 fields, the header has 6"}

        """)
  }

  @Test func anAuditWithoutErrorsWritesAnEmptyList() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let errors = folder.appendingPathComponent("errors.jsonl")
    let clean = repoPath("Tests/VigilTests/Fixtures/cli/clean.jsonl")
    let result = vigil(["audit", Self.policy, "--data", clean, "--errors", errors.path] + Self.now)
    #expect(result.code == 0)
    #expect(try Self.read(errors) == "")
  }

  /// A record whose `created_at` cannot be read, or that is not JSON, or that is fine.
  static func line(_ number: Int) -> String {
    let id = String(format: "R%06d", number)
    if number % 4999 == 0 {
      return
        #"{"id":"\#(id)","type":"complaint" "owner":"kim","created_at":"2026-11-20T00:00:00Z"}"#
    }
    let created = number % 487 == 0 ? "soon \(number)" : "2026-11-20T00:00:00Z"
    let note = String(repeating: "n", count: 150)
    return #"{"id":"\#(id)","type":"complaint","owner":"kim","created_at":"\#(created)","#
      + #""resolved_at":"2026-11-21T00:00:00Z","note":"\#(note)"}"#
  }

  @Test(
    "the list is complete and in input order, the same for every --jobs, over several chunks",
    arguments: [1, 2])
  func everyErrorOfALargeInput(jobs: Int) throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let count = 30_000
    let data = folder.appendingPathComponent("records.jsonl")
    try (1...count).map { Self.line($0) + "\n" }.joined().write(
      to: data, atomically: false, encoding: .utf8)
    // More than two chunks of 2 MiB: the threads finish them out of order.
    #expect(
      try FileManager.default.attributesOfItem(atPath: data.path)[.size] as? Int ?? 0 > 5_000_000)
    let errors = folder.appendingPathComponent("errors.jsonl")
    let result = vigil(
      ["audit", Self.policy, "--data", data.path, "--errors", errors.path, "--jobs", "\(jobs)"]
        + Self.now)
    var expected = ""
    var shown = ""
    var dataErrors = 0
    for number in 1...count where number % 4999 == 0 || number % 487 == 0 {
      if number % 4999 == 0 {
        expected +=
          #"{"kind":"rejected","file":"\#(data.path)","line":\#(number),"record":null,"policy":null,"field":null,"value":null,"message":"invalid JSON at column 36: expected ',' or '}'"}"#
          + "\n"
        shown +=
          "\(data.path):\(number): rejected: invalid JSON at column 36: expected ',' or '}'\n"
        continue
      }
      let id = String(format: "R%06d", number)
      expected +=
        #"{"kind":"data_error","file":"\#(data.path)","line":\#(number),"record":"\#(id)","policy":"\#(Self.location)","field":"created_at","value":"soon \#(number)","message":"cannot read 'soon \#(number)' as a time","help":"\#(Self.timeHelp)"}"#
        + "\n"
      dataErrors += 1
      if dataErrors <= 50 {
        shown +=
          "\(data.path):\(number): data error: record \(id), policy \(Self.location): "
          + "created_at: cannot read 'soon \(number)' as a time\n  help: \(Self.timeHelp)\n"
      }
    }
    #expect(dataErrors == 61)
    #expect(try Self.read(errors) == expected)
    #expect(result.code == 0)
    #expect(
      withoutProvenance(result.stderr)
        == shown + "… 11 more data errors not shown; \(errors.path) lists them all\n"
        + "vigil: 30000 lines, 29994 records audited, 6 rejected, 0 violations (0 open), "
        + "61 data errors\n")
  }

  /// `count` JSON lines through standard input, each with a data error, and `rejected` lines
  /// that are not JSON.
  static func faulty(_ count: Int, rejected: Int) -> String {
    (1...count).map {
      #"{"id":"E\#($0)","type":"complaint","owner":"o","created_at":"soon"}"#
    }.joined(separator: "\n") + "\n" + String(repeating: "{\n", count: rejected)
  }

  @Test func standardErrorSaysHowManyMoreThereAreAndHowToListThem() throws {
    let input = Self.faulty(62, rejected: 53)
    let arguments = ["audit", Self.policy, "--data", "-", "--input-format", "jsonl"] + Self.now
    let summary =
      "vigil: 115 lines, 62 records audited, 53 rejected, 0 violations (0 open), 62 data errors\n"
    let plain = vigil(arguments, stdin: input)
    #expect(plain.code == 0)
    let tail = withoutProvenance(plain.stderr).split(
      separator: "\n", omittingEmptySubsequences: false
    ).suffix(4)
    #expect(
      tail.joined(separator: "\n")
        == "… 3 more rejected lines not shown; --errors FILE lists them all\n"
        + "… 12 more data errors not shown; --errors FILE lists them all\n" + summary)
    #expect(plain.stderr.components(separatedBy: ": rejected: ").count - 1 == 50)
    #expect(plain.stderr.components(separatedBy: ": data error: ").count - 1 == 50)

    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let errors = folder.appendingPathComponent("errors.jsonl").path
    let listed = vigil(arguments + ["--errors", errors], stdin: input)
    #expect(listed.stderr.hasPrefix(String(plain.stderr.prefix(while: { $0 != "…" }))))
    #expect(
      withoutProvenance(listed.stderr).split(separator: "\n", omittingEmptySubsequences: false)
        .suffix(4)
        .joined(separator: "\n")
        == "… 3 more rejected lines not shown; \(errors) lists them all\n"
        + "… 12 more data errors not shown; \(errors) lists them all\n" + summary)
    let lines = try Self.read(URL(fileURLWithPath: errors)).split(separator: "\n")
    #expect(lines.count == 115)
    #expect(
      lines[61]
        == #"{"kind":"data_error","file":"stdin","line":62,"record":"E62","policy":"\#(Self.location)","field":"created_at","value":"soon","message":"cannot read 'soon' as a time","help":"\#(Self.timeHelp)"}"#
    )
    #expect(
      lines[114]
        == #"{"kind":"rejected","file":"stdin","line":115,"record":null,"policy":null,"field":null,"value":null,"message":"invalid JSON at column 2: expected a string key or '}', found end of line"}"#
    )
  }

  @Test func errorsGoToStandardOutputWhenTheReportGoesToAFile() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = folder.appendingPathComponent("report.txt").path
    let result = vigil(
      [
        "audit", Self.policy, "--data", "-", "--input-format", "jsonl", "-o", report, "--errors",
        "-",
      ]
        + Self.now, stdin: Self.faulty(1, rejected: 0))
    #expect(result.code == 0)
    #expect(
      result.stdout
        == #"{"kind":"data_error","file":"stdin","line":1,"record":"E1","policy":"\#(Self.location)","field":"created_at","value":"soon","message":"cannot read 'soon' as a time","help":"\#(Self.timeHelp)"}"#
        + "\n")
    #expect(try String(contentsOfFile: report, encoding: .utf8) == "")
  }

  @Test func theAccountabilityReportListsItsErrorsToo() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let errors = folder.appendingPathComponent("errors.jsonl").path
    let result = vigil(
      [
        "audit", Self.policy, "--data", "-", "--input-format", "jsonl", "--report",
        "accountability", "--errors", errors,
      ] + Self.now, stdin: Self.faulty(1, rejected: 1))
    #expect(result.code == 0)
    #expect(
      try Self.read(URL(fileURLWithPath: errors))
        == #"{"kind":"data_error","file":"stdin","line":1,"record":"E1","policy":"\#(Self.location)","field":"created_at","value":"soon","message":"cannot read 'soon' as a time","help":"\#(Self.timeHelp)"}"#
        + "\n"
        + #"{"kind":"rejected","file":"stdin","line":2,"record":null,"policy":null,"field":null,"value":null,"message":"invalid JSON at column 2: expected a string key or '}', found end of line"}"#
        + "\n")
    #expect(
      result.stdout.hasPrefix(
        "Accountability as of 2026-11-25T00:00:00Z: 1 records audited, 1 rejected, "
          + "0 violations (0 open), 1 data errors\n"))
    let csv = vigil(
      [
        "audit", Self.policy, "--data", "-", "--input-format", "jsonl", "--report",
        "accountability", "--format", "csv",
      ] + Self.now, stdin: Self.faulty(1, rejected: 1))
    let totals = csv.stdout.split(separator: "\r\n").filter {
      $0.hasPrefix("audit,records,") || $0.hasPrefix("audit,rejected,")
        || $0.hasPrefix("audit,data_errors,")
    }
    #expect(
      totals == [
        "audit,records,,,,,,,,,,,,,,,,,,,,,1", "audit,rejected,,,,,,,,,,,,,,,,,,,,,1",
        "audit,data_errors,,,,,,,,,,,,,,,,,,,,,1",
      ])
  }

  @Test(
    "files that cannot be written or would overwrite an input are usage errors",
    arguments: [
      (
        ["-o", "-", "--errors", "-"],
        "vigil audit: --errors - would mix the errors with the report on standard output: "
          + "write the report to a file with -o FILE, or the errors with --errors FILE\n"
      ),
      (
        ["--errors", "-"],
        "vigil audit: --errors - would mix the errors with the report on standard output: "
          + "write the report to a file with -o FILE, or the errors with --errors FILE\n"
      ),
      (
        ["-o", "FOLDER/same.txt", "--errors", "FOLDER/./same.txt"],
        "vigil audit: -o and --errors both write 'FOLDER/./same.txt': give each its own file\n"
      ),
      (
        ["-o", "DATA"],
        "vigil audit: -o 'DATA' is 'DATA', which the audit reads: write elsewhere\n"
      ),
      (
        ["--errors", "FOLDER/missing/errors.jsonl"],
        "vigil audit: cannot write 'FOLDER/missing/errors.jsonl': cannot create a file in its "
          + "folder (No such file or directory)\n"
      ),
      (
        ["-o", "FOLDER"],
        "vigil audit: cannot write 'FOLDER': it is a folder\n"
      ),
    ])
  func usageErrors(_ options: [String], _ message: String) throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("data.jsonl").path
    try Self.faulty(1, rejected: 0).write(toFile: data, atomically: false, encoding: .utf8)
    let paths = { (text: String) in
      text.replacingOccurrences(of: "FOLDER", with: folder.path)
        .replacingOccurrences(of: "DATA", with: data)
    }
    let result = vigil(["audit", Self.policy, "--data", data] + options.map(paths) + Self.now)
    #expect(result.code == 2)
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix(paths(message)))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["data.jsonl"])
  }
}
