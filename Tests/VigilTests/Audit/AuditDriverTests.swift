import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords

@testable import Vigil

/// The one audit driver: one stream of findings, in input order, with lines counted from the
/// input's start, whatever the chunks and threads; its consumers see the same stream.
@Suite("Audit driver")
struct AuditDriverTests {
  static let now: Int64 = 1_795_564_800_000  // 2026-11-25T00:00:00Z

  static let policy = """
    define unresolved = from created_at until resolved_at
    policy slow:
      unresolved > 48h → escalate to owner
    policy nobody:
      owner is missing → flag
    """

  /// Eight lines: records with and without ids, a line that is no JSON, a time that is none.
  static let jsonLines =
    [
      #"{"id":"a","owner":"kim","created_at":"2026-11-01T00:00:00Z"}"#,
      #"{"owner":"lee","created_at":"2026-11-02T00:00:00Z"}"#,
      #"{"id":"c","created_at":"2026-11-24T12:00:00Z"}"#,
      #"{"id":"d","owner":"kim","created_at":"soon"}"#,
      #"{"id":"e","owner":"#,
      #"{"owner":"ann","created_at":"2026-11-03T00:00:00Z","resolved_at":"2026-11-04T00:00:00Z"}"#,
      #"{"created_at":"2026-11-05T00:00:00Z"}"#,
      #"{"id":"h","owner":"kim","created_at":"2026-11-06T00:00:00Z"}"#,
    ].joined(separator: "\n") + "\n"

  /// The stream, one line per finding.
  static let expected = [
    "violation slow a line 1",
    "violation slow data:2 line 2",
    "violation nobody c line 3",
    "data error slow d line 4: cannot read 'soon' as a time",
    "rejected line 5",
    "violation slow data:7 line 7",
    "violation nobody data:7 line 7",
    "violation slow h line 8",
  ]

  static func describe(_ finding: Finding) -> String {
    switch finding {
    case .violation(let v): return "violation \(v.policy) \(v.record) line \(v.line)"
    case .pause(let p): return "pause \(p.policy) \(p.record) line \(p.line)"
    case .event(.rejected(let r)): return "rejected line \(r.line)"
    case .event(.dataError(let e)):
      return "data error \(e.policy) \(e.record) line \(e.line): \(e.error.message)"
    case .event(.notEnoughData(let s)): return "not enough data \(s.policy)"
    case .event(.warning(let w)): return "warning \(w.code.rawValue)"
    }
  }

  /// What the driver hands on, for one way of cutting the input and running it.
  static func stream(
    _ text: String, format: InputFormat = .jsonl, jobs: Int, chunkSize: Int?,
    blockSize: Int = ByteInput.defaultBlockSize
  ) throws -> (findings: [String], counts: AuditCounts) {
    try stream(
      bytes: Array(text.utf8), format: format, jobs: jobs, chunkSize: chunkSize,
      blockSize: blockSize)
  }

  /// What the driver hands on for `bytes`, which need not be UTF-8.
  static func stream(
    bytes: [UInt8], format: InputFormat = .jsonl, jobs: Int, chunkSize: Int?,
    blockSize: Int = ByteInput.defaultBlockSize
  ) throws -> (findings: [String], counts: AuditCounts) {
    let policies = try PolicySet(source: policy, file: "p.vigil")
    var options = AuditOptions(now: now, jobs: jobs)
    options.chunkSize = chunkSize
    let driver = AuditDriver(policies.checked, options: options)
    var groups = driver.newTally()
    var found: [String] = []
    let (counts, stopped) = driver.run(
      input: ByteInput(bytes: bytes, blockSize: blockSize), format: format,
      name: "data", groups: &groups
    ) { findings in
      found += findings.map(describe)
      return nil
    }
    #expect(!stopped)
    return (found, counts)
  }

  @Test(arguments: [(1, nil), (1, 64), (2, 64), (2, 1), (3, 130)] as [(Int, Int?)])
  func theStreamIsTheSameHoweverTheInputIsCut(jobs: Int, chunkSize: Int?) throws {
    let (findings, counts) = try Self.stream(Self.jsonLines, jobs: jobs, chunkSize: chunkSize)
    #expect(findings == Self.expected)
    #expect(
      counts
        == AuditCounts(
          audited: 7, rejected: 1, violations: 6, open: 4, dataErrors: 1, undetermined: 2))
  }

  /// Lines are counted as the input is read, in blocks of any size, after a byte order mark,
  /// with CRLF line ends.
  @Test(arguments: [1, 7, 64, 1 << 20])
  func linesAreCountedWhateverTheBlocksRead(blockSize: Int) throws {
    let text = "\u{FEFF}" + Self.jsonLines.replacingOccurrences(of: "\n", with: "\r\n")
    for (jobs, chunkSize) in [(1, nil), (1, 50), (2, 50), (2, 1)] as [(Int, Int?)] {
      let (findings, _) = try Self.stream(
        text, jobs: jobs, chunkSize: chunkSize, blockSize: blockSize)
      #expect(findings == Self.expected, "jobs \(jobs), chunks of \(chunkSize ?? 0)")
    }
  }

  @Test(arguments: [nil, 40, 1] as [Int?])
  func csvLinesCountTheHeaderAndQuotedLineBreaks(chunkSize: Int?) throws {
    let csv =
      [
        "id,owner,created_at,note",
        "a,kim,2026-11-01T00:00:00Z,\"two",
        "lines\"",
        ",lee,2026-11-02T00:00:00Z,",
        "c,,2026-11-24T12:00:00Z,",
      ].joined(separator: "\r\n") + "\r\n"
    for (jobs, blockSize) in [(1, 1 << 20), (2, 1 << 20), (1, 3), (2, 5)] {
      let (findings, _) = try Self.stream(
        csv, format: .csv, jobs: jobs, chunkSize: chunkSize, blockSize: blockSize)
      // The header tells at once that no record has `resolved_at`.
      #expect(
        findings == [
          "warning unknown-field", "violation slow a line 2", "violation slow data:4 line 4",
          "violation nobody c line 5",
        ])
    }
  }

  /// A CSV chunk without a quote ends after its last line end, where the reader's scanner
  /// would end it: a record of invalid UTF-8 is rejected up to its own line end, a blank
  /// line is skipped, whatever the size of the chunks.
  @Test(arguments: [nil, 1, 23, 40] as [Int?])
  func csvChunksWithoutQuotesEndAtTheirLastLineEnd(chunkSize: Int?) throws {
    let bytes =
      Array("id,owner,created_at\r\na,kim,2026-11-01T00:00:00Z\r\n\r\nb,".utf8) + [0xFF]
      + Array(",x\nc,,2026-11-24T12:00:00Z\nd,lee,2026-11-02T00:00:00Z".utf8)
    for jobs in [1, 2] {
      let (findings, counts) = try Self.stream(
        bytes: bytes, format: .csv, jobs: jobs, chunkSize: chunkSize)
      #expect(
        findings == [
          "warning unknown-field", "violation slow a line 2", "rejected line 4",
          "violation nobody c line 5", "violation slow d line 6",
        ])
      #expect(counts.audited == 3)
    }
  }

  @Test func theStreamingAPIStopsExactlyAtTheRejectionItsHandlerRefuses() throws {
    let policies = try PolicySet(source: Self.policy, file: "p.vigil")
    var seen: [String] = []
    let counts = policies.audit(
      input: ByteInput(string: Self.jsonLines), format: .jsonl, name: "data", now: Self.now,
      idField: FieldPath("id"),
      handler: AuditHandler(
        violation: { seen.append(Self.describe(.violation($0))) },
        rejection: { rejection in
          seen.append(Self.describe(.event(.rejected(rejection))))
          return false
        },
        dataError: { seen.append(Self.describe(.event(.dataError($0)))) }))
    #expect(seen == Array(Self.expected.prefix(5)))
    #expect(
      counts
        == AuditCounts(
          audited: 4, rejected: 1, violations: 3, open: 2, dataErrors: 1, undetermined: 1))
  }

  @Test func theStreamingAPIHandsOnWhatTheInputSaysAboutItsFields() throws {
    let policies = try PolicySet(
      source: "policy late:\n  resolvd_at is missing → flag\n", file: "p.vigil")
    let audit = policies.audit(
      jsonLines: #"{"id":"a","resolved_at":null}"# + "\n" + #"{"id":"a"}"#,
      now: Date(timeIntervalSince1970: 1_795_564_800))
    #expect(
      audit.warnings.map(\.message) == [
        "field 'resolvd_at' is in no record of records; did you mean 'resolved_at'?",
        "1 record of records has the id of an earlier record (field 'id'): 'a' (lines 1 and 2);"
          + " each is audited again, so its breaches count twice: remove the repeated rows, or"
          + " name the field that tells records apart",
      ])
    #expect(audit.violations.map(\.record) == ["a", "a"])
  }
}
