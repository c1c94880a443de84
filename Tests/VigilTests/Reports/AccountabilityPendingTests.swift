import Testing
import VigilEvaluation
import VigilRecords
import VigilReports

@testable import Vigil

/// Whether a record in scope is pending when its condition has more than a scope and a
/// measured test (Grammar.md, "Scope and compliance"): every other part must hold too, and
/// the scope's own parts — true for a record in scope — are not asked again
/// (`CheckedPolicy.pendingInScope`). Worked by hand, as of 2026-11-25T00:00:00Z.
@Suite("Accountability: pending beyond the scope")
struct AccountabilityPendingTests {
  /// The same rule three ways: the scope first, last, and split around the other state.
  static let policies = """
    define unresolved = from created_at until resolved_at
    define unacknowledged = from created_at until acked_at

    policy scope_first:
      type == "outage" and unacknowledged > 1h and unresolved > 4h → notify team

    policy scope_last:
      unacknowledged > 1h and unresolved > 4h and type == "outage" → notify team

    policy scope_split:
      region == "eu" and unacknowledged > 1h and type == "outage" and unresolved > 4h → notify team
    """

  /// A: acknowledged late, open 2h: pending. B: acknowledged in time, open 2h: met (cannot
  /// break it). C: acknowledged late, open 6h: violated. D: not an outage. E: resolved in 3h
  /// after a late acknowledgement: met. F: acknowledgement unknown yet (still open), open 2h:
  /// the other state is open too, so it may yet break it: pending.
  static let records = """
    {"id":"A","type":"outage","region":"eu","team":"ops","created_at":"2026-11-24T22:00:00Z","acked_at":"2026-11-24T23:30:00Z"}
    {"id":"B","type":"outage","region":"eu","team":"ops","created_at":"2026-11-24T22:00:00Z","acked_at":"2026-11-24T22:30:00Z"}
    {"id":"C","type":"outage","region":"eu","team":"ops","created_at":"2026-11-24T18:00:00Z","acked_at":"2026-11-24T19:30:00Z"}
    {"id":"D","type":"call","region":"eu","team":"ops","created_at":"2026-11-24T18:00:00Z"}
    {"id":"E","type":"outage","region":"eu","team":"ops","created_at":"2026-11-24T12:00:00Z","acked_at":"2026-11-24T14:00:00Z","resolved_at":"2026-11-24T15:00:00Z"}
    {"id":"F","type":"outage","region":"eu","team":"ops","created_at":"2026-11-24T22:00:00Z"}
    """

  @Test func pendingNeedsEveryOtherPartButNotTheScopeAgain() throws {
    let set = try PolicySet(source: Self.policies, file: "p.vigil")
    var options = AuditOptions(now: 1_795_564_800_000)
    options.accountability = true
    let driver = set.driver(options)
    var tally = driver.newTally()
    let (counts, _) = set.writeReport(
      input: ByteInput(string: Self.records), format: .jsonl, name: "records.jsonl",
      driver: driver, groups: &tally, write: { _ in }, event: { _ in })
    let report = set.accountabilityReport(tally, counts: counts, now: options.now, directory: nil)
    let rows = report.policies.map { policy in
      let share = policy.totals
      return "\(policy.name) \(policy.scope): \(share.inScope) in scope, \(share.met) met, "
        + "\(share.violated) violated, \(share.pending) pending"
    }
    #expect(
      rows == [
        "scope_first type == \"outage\": 5 in scope, 2 met, 1 violated, 2 pending",
        "scope_last type == \"outage\": 5 in scope, 2 met, 1 violated, 2 pending",
        "scope_split region == \"eu\" and type == \"outage\": 5 in scope, 2 met, 1 violated, 2 pending",
      ])
  }
}
