import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords

@testable import Vigil

/// Many threads audit at once through the embedding API — each with the same shared
/// `PolicySet`, and each with one it compiled itself — and every thread finds exactly what
/// one thread alone finds. `.ci/run` runs this suite under ThreadSanitizer
/// (`swift test --sanitize=thread --filter ConcurrentEmbeddingTests`), which fails it on any
/// data race.
@Suite("Concurrent embedding")
struct ConcurrentEmbeddingTests {
  /// Threads auditing at once.
  static let threads = 4

  /// A policy set, records, and how to read them.
  struct Case: Sendable, CustomStringConvertible {
    var name: String
    var policies: [String]
    var data: String
    var format: InputFormat
    var idField = "id"
    var now: String
    /// The first lines of the data (a header included), to keep the run short.
    var lines = 1001
    var directory: String?

    var description: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "rules (groups, trends, directory)", policies: ["rules"],
      data: "examples/months.jsonl", format: .jsonl, now: "2026-11-25T00:00:00Z", lines: 246,
      directory: "examples/people.csv"),
    Case(
      name: "cfpb (CSV)", policies: ["examples/cfpb.vigil"],
      data: "examples/data/cfpb_complaints_2013/Consumer_Complaints_1000.csv", format: .csv,
      idField: "complaint_id", now: "2026-11-25T00:00:00Z"),
    Case(
      name: "nyc311 groups (time patterns, zones)", policies: ["examples/nyc311_groups.vigil"],
      data: "examples/data/nyc311_dohmh_2010s/nyc311_dohmh_sample.csv", format: .csv,
      idField: "Unique Key", now: "2026-11-25T00:00:00Z"),
    Case(
      name: "helpdesk events (cases, sequences)", policies: ["examples/helpdesk_events.vigil"],
      data: "examples/data/helpdesk_eventlog_italy/helpdesk.csv", format: .csv,
      now: "2013-03-01T00:00:00Z"),
  ]

  /// Everything one audit found, comparable.
  struct Findings: Equatable, Sendable {
    var violations: [Violation] = []
    var rejections: [Rejection] = []
    var dataErrors: [DataErrorReport] = []
    var notEnoughData: [GroupShortfall] = []
    var counts = AuditCounts()
  }

  /// The instant of an ISO-8601 text with an offset.
  static func instant(_ text: String) -> Int64? {
    guard case .time(let instant) = TimeParsing.parseISO8601(text) else { return nil }
    return instant
  }

  /// What one thread found: with the shared set (streamed and in memory), and with a set
  /// of its own.
  struct ThreadFindings: Sendable {
    var streamed: Findings?
    var inMemory: Findings?
    var compiled: Findings?
    var error: String?
  }

  /// Each thread's result, by thread, behind a lock.
  final class Results<Value: Sendable>: @unchecked Sendable {
    // Every access holds `lock`.
    private let lock = NSLock()
    private var values: [Int: Value] = [:]

    func set(_ thread: Int, _ value: Value) {
      lock.withLock { values[thread] = value }
    }

    /// Every result, by thread number.
    var all: [(Int, Value)] {
      lock.withLock { values.sorted { $0.key < $1.key } }
    }
  }

  /// The first `lines` lines of the file at `path` (under the repository), counted by their
  /// line feeds (a CRLF is one line, not a character that holds no `\n`).
  static func text(_ path: String, lines: Int) throws -> String {
    let bytes = try Data(contentsOf: URL(fileURLWithPath: repoPath(path)))
    var count = 0
    let end =
      bytes.firstIndex { byte in
        if byte == UInt8(ascii: "\n") { count += 1 }
        return count == lines
      }.map { $0 + 1 } ?? bytes.endIndex
    return String(decoding: bytes[..<end], as: UTF8.self)
  }

  /// Streams `text` through `policies` (`audit(input:…)`), collecting every finding.
  static func stream(
    _ policies: PolicySet, _ text: String, _ testCase: Case, now: Int64, directory: Directory?
  ) -> Findings {
    final class Box: @unchecked Sendable {
      // Written by the handler, on the auditing thread only.
      var findings = Findings()
    }
    let box = Box()
    let counts = policies.audit(
      input: ByteInput(string: text), format: testCase.format, name: "records", now: now,
      idField: FieldPath(testCase.idField.split(separator: ".").map(String.init)),
      directory: directory,
      handler: AuditHandler(
        violation: { box.findings.violations.append($0) },
        rejection: { rejection in
          box.findings.rejections.append(rejection)
          return true
        },
        dataError: { box.findings.dataErrors.append($0) },
        notEnoughData: { box.findings.notEnoughData.append($0) }))
    box.findings.counts = counts
    return box.findings
  }

  /// In-memory audits (`audit(jsonLines:)`), for JSON Lines: what they found.
  static func inMemory(
    _ policies: PolicySet, _ text: String, _ testCase: Case, now: Int64, directory: Directory?
  ) -> Findings? {
    guard testCase.format == .jsonl else { return nil }
    let audit = policies.audit(
      jsonLines: text, now: Date(timeIntervalSince1970: Double(now) / 1000),
      idField: testCase.idField, directory: directory)
    return Findings(
      violations: audit.violations + audit.atRisk, rejections: audit.rejections,
      dataErrors: audit.dataErrors, notEnoughData: audit.notEnoughData, counts: audit.counts)
  }

  @Test(arguments: cases)
  func threadsFindWhatOneThreadFinds(_ testCase: Case) throws {
    let paths = testCase.policies.map(repoPath)
    let shared = try PolicySet(contentsOf: paths)
    let text = try Self.text(testCase.data, lines: testCase.lines)
    let now = try #require(Self.instant(testCase.now))
    let directory = try testCase.directory.map { path in
      try Directory.read(
        input: try ByteInput(path: repoPath(path)), format: InputFormat(path: path) ?? .csv,
        name: path)
    }
    let alone = Self.stream(shared, text, testCase, now: now, directory: directory)
    #expect(alone.counts.read == testCase.lines - (testCase.format == .csv ? 1 : 0))
    #expect(alone.counts.violations > 0, "the case finds no violation")
    let aloneInMemory = Self.inMemory(shared, text, testCase, now: now, directory: directory)

    let results = Results<ThreadFindings>()
    DispatchQueue.concurrentPerform(iterations: Self.threads) { thread in
      var found = ThreadFindings()
      found.streamed = Self.stream(shared, text, testCase, now: now, directory: directory)
      found.inMemory = Self.inMemory(shared, text, testCase, now: now, directory: directory)
      // A set compiled on this thread while the others audit.
      do {
        let own = try PolicySet(contentsOf: paths)
        found.compiled = Self.stream(own, text, testCase, now: now, directory: directory)
      } catch {
        found.error = "\(error)"
      }
      results.set(thread, found)
    }
    let found = results.all
    #expect(found.count == Self.threads)
    for (thread, found) in found {
      #expect(found.error == nil)
      #expect(found.streamed == alone, "thread \(thread), shared set, streamed")
      #expect(found.compiled == alone, "thread \(thread), own set, streamed")
      #expect(found.inMemory == aloneInMemory, "thread \(thread), in memory")
    }
  }

  /// Record dictionaries (`audit(_:now:)`) and a pattern (`matches`), a time pattern, a
  /// calendar and text functions, from many threads at once.
  @Test func recordDictionariesFromManyThreads() throws {
    let source = """
      define unresolved = from created_at until resolved_at
      calendar office:
        monday to friday "09:00-17:00"
        zone "Europe/Rome"
        holidays "2026-12-25"
      policy odd_code:
        not (code matches "^[A-Z]{2}-[0-9]+$") → flag
      policy slow:
        unresolved > 8h in office → notify lower(owner)
      policy late_local:
        time(opened, "dd/MM/yyyy HH:mm", "America/New_York") < @2026-12-01T00:00:00Z
          and upper(owner) contains "A" → flag
      """
    let policies = try PolicySet(source: source, file: "p.vigil")
    let records: [[String: Value]] = (0..<400).map { index in
      let day = 20 + index % 10
      return [
        "id": .text("R\(index)"), "code": .text(index % 3 == 0 ? "AB-\(index)" : "x\(index)"),
        "owner": .text(["Ana", "bo", "CARL"][index % 3]),
        "created_at": .time(Self.instant("2026-12-\(day)T08:00:00Z") ?? 0),
        "opened": .text("\(day)/11/2026 23:30"),
      ]
    }
    let now = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01
    let alone = policies.audit(records, now: now)
    // Codes not of the form AA-N: 266 of 400; all 400 open for days of work; opened before
    // December in New York and with an A in the owner's name: Ana and CARL, 267.
    #expect(
      Dictionary(grouping: alone.violations, by: \.policy).mapValues(\.count)
        == ["odd_code": 266, "slow": 400, "late_local": 267])
    let results = Results<[Violation]>()
    DispatchQueue.concurrentPerform(iterations: Self.threads) { thread in
      results.set(thread, policies.audit(records, now: now).violations)
    }
    #expect(results.all.count == Self.threads)
    for (thread, violations) in results.all {
      #expect(violations == alone.violations, "thread \(thread)")
    }
  }
}
