import Foundation
import Testing
import Vigil

/// `PolicySet.findings(in:…)`: the streamed audit as an asynchronous sequence.
@Suite("Finding stream")
struct FindingStreamTests {
  static let policies = """
    define late = from created_at until resolved_at

    policy slow:
      late > 48h → notify owner
      warn at 40h

    policy per_owner:
      per owner
      count() > 2 → notify owner

    """
  static let now = Date(timeIntervalSince1970: 1_764_028_800)  // 2025-11-25T00:00:00Z

  /// Records `created_at` 50h, 44h and 10h before now, one unreadable, one not JSON.
  static let records = """
    {"id":"A","owner":"ana","created_at":"2025-11-22T22:00:00Z"}
    {"id":"B","owner":"ana","created_at":"2025-11-23T04:00:00Z"}
    {"id":"C","owner":"ana","created_at":"2025-11-24T14:00:00Z"}
    {"id":"D","owner":"bo","created_at":"yesterday"}
    not json

    """

  /// Each finding, as text.
  static func describe(_ finding: AuditFinding) -> String {
    switch finding {
    case .violation(let found): "violation \(found.policy) \(found.record)"
    case .atRisk(let found): "at risk \(found.policy) \(found.record)"
    case .rejection(let found): "rejection \(found.line)"
    case .dataError(let found): "data error \(found.record) \(found.error.field)"
    case .warning(let found): "warning \(found.code.rawValue) \(found.fields.joined())"
    case .notEnoughData(let found): "not enough data \(found.policy)"
    case .dishonestPause(let found): "dishonest pause \(found.policy) \(found.record)"
    case .finished(let counts):
      "finished \(counts.audited) audited, \(counts.rejected) rejected, \(counts.violations) violations"
    }
  }

  @Test("every finding in order, and last the counts, as the in-memory audit finds them")
  func everyFindingInOrder() async throws {
    let policies = try PolicySet(source: Self.policies)
    var found: [String] = []
    for await finding in policies.findings(
      in: ByteInput(string: Self.records), format: .jsonl, name: "t", now: Self.now)
    {
      found.append(Self.describe(finding))
    }
    #expect(
      found == [
        "violation slow A", "at risk slow B", "data error D created_at", "rejection 5",
        "warning unknown-field resolved_at", "violation per_owner ana",
        "finished 4 audited, 1 rejected, 2 violations",
      ])
    let audit = policies.audit(jsonLines: Self.records, now: Self.now)
    #expect(audit.violations.map(\.record) == ["A", "ana"])
    #expect(audit.atRisk.map(\.record) == ["B"])
  }

  /// Many records, each a violation: far more findings than the stream runs ahead.
  static func manyRecords(_ count: Int) -> String {
    (0..<count).map { #"{"id":"R\#($0)","owner":"o\#($0)","created_at":"2025-11-01T00:00:00Z"}"# }
      .joined(separator: "\n")
  }

  @Test("ending the loop early stops the audit: it reads no further than it ran ahead")
  func endingEarlyStops() async throws {
    let policies = try PolicySet(source: Self.policies)
    let stream = policies.findings(
      in: ByteInput(string: Self.manyRecords(100_000)), format: .jsonl, name: "t", now: Self.now)
    var seen = 0
    for await _ in stream {
      seen += 1
      if seen == 3 { break }
    }
    #expect(seen == 3)
    let progress = try await Self.whenOver(stream)
    #expect(progress.audited < 10_000)
  }

  @Test("cancelling the iterating task stops the audit")
  func cancellingStops() async throws {
    let policies = try PolicySet(source: Self.policies)
    let stream = policies.findings(
      in: ByteInput(string: Self.manyRecords(100_000)), format: .jsonl, name: "t", now: Self.now)
    let task = Task {
      var seen = 0
      for await _ in stream {
        seen += 1
        if seen == 10 { withUnsafeCurrentTask { $0?.cancel() } }
      }
      return seen
    }
    let seen = await task.value
    #expect(seen == 10)
    let progress = try await Self.whenOver(stream)
    #expect(progress.audited < 10_000)
  }

  @Test("a stream iterated a second time yields nothing; one never iterated starts nothing")
  func iteratedOnce() async throws {
    let policies = try PolicySet(source: Self.policies)
    let stream = policies.findings(
      in: ByteInput(string: Self.records), format: .jsonl, name: "t", now: Self.now)
    var first = 0
    for await _ in stream { first += 1 }
    var second = 0
    for await _ in stream { second += 1 }
    #expect(first == 7)
    #expect(second == 0)
    let idle = policies.findings(
      in: ByteInput(string: Self.records), format: .jsonl, name: "t", now: Self.now)
    try await Task.sleep(nanoseconds: 50_000_000)
    #expect(idle.progress.audited == 0)
    #expect(idle.progress.isOver == false)
  }

  /// The stream's progress once its audit's thread is over (within ten seconds).
  static func whenOver(_ stream: FindingStream) async throws -> (audited: Int, isOver: Bool) {
    for _ in 0..<1_000 {
      if stream.progress.isOver { return stream.progress }
      try await Task.sleep(nanoseconds: 10_000_000)
    }
    Issue.record("the audit did not stop")
    return stream.progress
  }
}
