import Testing
import VigilCore
import VigilEvaluation
import VigilRecords

@testable import Vigil

/// A party's oldest open breach, among breaches open equally long, is the first in the input:
/// a chunk counts its lines from its own start until it needs the lines before it (a record
/// with no id is named `input:line`), and the breaches it kept move with its lines, whether
/// the party's share kept them (a report that lists violations) or the chunk's `ScopeCounter`
/// (one that does not).
@Suite("Oldest open breach across chunks")
struct OldestOpenBreachTests {
  static let policy = """
    policy unresolved:
      from created_at until resolved_at > 48h → notify owner
      severity: high
    """

  /// Records in order: one in 7 has no id (and is not late); of the rest, `ana` owns one in
  /// 5 and `bo` the others, every one of them opened at the same instant and still open.
  static let data: String = (1...700).map { number in
    if number % 7 == 3 { return #"{"owner":"zed","created_at":"2026-11-24T00:00:00Z"}"# }
    let owner = number % 5 == 0 ? "ana" : "bo"
    return #"{"id":"R\#(number)","owner":"\#(owner)","created_at":"2026-11-01T00:00:00Z"}"#
  }.joined(separator: "\n")

  /// Each party's oldest open breach (its record), and how many violations it has.
  static func oldest(jobs: Int, chunkSize: Int, lists: Bool) throws -> [String: String] {
    let policies = try PolicySet(source: policy, file: "p.vigil")
    var options = AuditOptions(now: AuditDriverTests.now, jobs: jobs)
    options.accountability = true
    options.listsPartyViolations = lists
    options.chunkSize = chunkSize
    // As `vigil audit --report` audits: its chunks count their lines from their own start.
    let driver = policies.driver(options)
    var groups = driver.newTally()
    _ = policies.writeReport(
      input: ByteInput(string: data), format: .jsonl, name: "data", driver: driver,
      groups: &groups, write: { _ in }, event: { _ in })
    _ = policies.writeGroupReport(&groups, driver: driver, write: { _ in }, event: { _ in })
    let parties = try #require(groups.accountability).parties
    return Dictionary(
      uniqueKeysWithValues: parties.map { party, tally in
        (party ?? "(none)", "\(tally.oldestOpen?.record ?? "none") of \(tally.violations)")
      })
  }

  @Test(
    "the first in the input, whatever the threads, chunks and report",
    arguments: [(1, 1 << 20), (2, 997), (2, 1499), (2, 4096)], [false, true])
  func firstInTheInput(threads: (jobs: Int, chunkSize: Int), lists: Bool) throws {
    let found = try Self.oldest(jobs: threads.jobs, chunkSize: threads.chunkSize, lists: lists)
    #expect(found == ["ana": "R5 of 120", "bo": "R1 of 480", "zed": "none of 0"])
  }
}
