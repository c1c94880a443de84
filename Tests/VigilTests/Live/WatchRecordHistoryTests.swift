import Foundation
import Testing
import VigilCore
import VigilLive

@testable import Vigil

/// Record policies that read the record's own list of changes in the watch: the holders
/// (`accountable: FIELD at breach in H`, `by share`, `held longest`) are watched, and give at
/// each instant T what `vigil audit --now T` gives; a policy judging each cycle of the list
/// (`each cycle in H`) is not watched, and is named.
@Suite("Watch of records' own lists of changes against the audit")
struct WatchRecordHistoryTests {
  static let policy = """
    define handling = from created_at until resolved_at
    define waiting = from created_at until resolved_at
        paused in history while status == "pending"
    define reopened = each cycle in history from (status == "open") until (status == "resolved")

    policy late_at_breach:
      handling > 6h → flag
      accountable: assignee at breach in history
      warn at 4h
    policy late_by_share:
      waiting > 5h → flag
      accountable: assignee by share in history
    policy late_longest:
      handling > 8h → flag
      accountable: assignee held longest in history
    policy every_cycle:
      reopened > 2h → flag
      cycles: every
    """

  static let start: Int64 = 1_796_112_000_000  // 2026-12-01T08:00:00Z

  /// Records written as things happen: each change appends to the record's `history` (a new
  /// assignee, a pause, a resolution, a reopening) and is a new line holding the whole record.
  static func generate(seed: UInt64, records: Int) -> [String] {
    var random = SplitMix(seed: seed)
    let minute: Int64 = 60_000
    var changes: [(at: Int64, order: Int, record: Int, change: String, resolves: Bool)] = []
    for record in 0..<records {
      var at = start + Int64(random.below(48 * 60)) * minute
      let people = ["ann", "bob", "cat", "dan"]
      changes.append((at, changes.count, record, "\"status\":\"open\",\"assignee\":\"ann\"", false))
      for _ in 0..<random.below(6) {
        // Some changes at the very instant of the one before.
        at += Int64(random.below(4) == 0 ? 0 : random.below(5 * 60)) * minute
        switch random.below(5) {
        case 0: changes.append((at, changes.count, record, "\"status\":\"pending\"", false))
        case 1: changes.append((at, changes.count, record, "\"status\":\"resolved\"", true))
        case 2: changes.append((at, changes.count, record, "\"status\":\"open\"", false))
        default:
          let person = random.pick(people)
          changes.append((at, changes.count, record, "\"assignee\":\"\(person)\"", false))
        }
      }
    }
    changes.sort { ($0.at, $0.order) < ($1.at, $1.order) }
    var history: [Int: [String]] = [:]
    var created: [Int: Int64] = [:]
    var resolved: [Int: Int64] = [:]
    var lines: [String] = []
    for change in changes {
      created[change.record] = created[change.record] ?? change.at
      if change.resolves { resolved[change.record] = change.at }
      history[change.record, default: []].append(
        "{\"at\":\(time(change.at)),\(change.change)}")
      var line = "{\"id\":\"R\(change.record)\",\"created_at\":\(time(created[change.record]!))"
      if let end = resolved[change.record] { line += ",\"resolved_at\":\(time(end))" }
      line += ",\"history\":[" + history[change.record]!.joined(separator: ",") + "]}"
      lines.append(line)
    }
    return lines
  }

  static func time(_ instant: Int64) -> String { "\"\(TimeParsing.formatISO8601(instant))\"" }

  @Test("holders are watched as the audit judges them", arguments: [1, 2, 3] as [UInt64])
  func holdersMatchTheAudit(seed: UInt64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    #expect(replay.live.recordPolicies.map(\.name) == ["every_cycle"])
    let lines = Self.generate(seed: seed, records: 30)
    let (findings, _) = WatchReplayTests.compare(replay, lines, lateness: 0, seed: seed)
    let policies = Set(findings.compactMap { $0.violation?.policy })
    #expect(policies == ["late_at_breach", "late_by_share", "late_longest"])
    #expect(findings.filter { $0.kind == .violation }.count > 20)
    #expect(findings.contains { $0.kind == .atRisk })
  }

  @Test("a policy judging each cycle of its record's list is named, not watched")
  func cyclesAreNamed() throws {
    let rules = "Tests/VigilTests/Fixtures/record_history/policies.vigil"
    let data = "Tests/VigilTests/Fixtures/record_history/records.jsonl"
    let result = vigil(
      [
        "watch", repoPath(rules), "--data", repoPath(data), "--no-follow", "--clock", "event",
        "--format", "text",
      ])
    #expect(result.code == 0)
    let reason =
      "it judges each cycle of its record's own list of changes (each cycle in history from "
      + "(status == \"open\") until (status == \"resolved\")), and a cycle ends when the clock "
      + "passes a change of the list; its findings come only from vigil audit"
    #expect(
      relative(result.stderr) == """
        \(rules):9: warning: policy slow_cycle is not watched: \(reason)
        \(rules):17: warning: policy slow_last_cycle_holder is not watched: \(reason)
        \(rules):23: warning: policy slow_cycle_not_pending is not watched: \(reason)
        vigil watch: 1 line came late

        """)
    // late_holder, watched: the audit's violations (Fixtures/record_history/violations.txt).
    #expect(
      relative(result.stdout) == """
        2026-11-02T15:00:00Z violation: \(rules):13: late_holder [medium] T1 → flag (accountable: bob): handling 5h30m > 3h (closed) held by ann 2h (36.36%), bob 3h30m (63.64%, breached)
        2026-11-24T22:00:00Z violation (late): \(rules):13: late_holder [medium] T3 → flag (accountable: bob): handling 3h0m0.001s > 3h (closed) held by ann 1h (33.33%), bob 2h0m0.001s (66.67%, breached)

        """)
  }
}
