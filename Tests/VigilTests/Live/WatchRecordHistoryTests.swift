import Foundation
import Testing
import VigilCore
import VigilLive

@testable import Vigil

/// Record policies that read the record's own list of changes in the watch: the holders
/// (`accountable: FIELD at breach in H`, `by share`, `held longest`) and each cycle of the
/// list (`each cycle in H`) are watched, and give at each instant T what `vigil audit --now
/// T` gives.
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

  @Test(
    "holders and cycles are watched as the audit judges them", arguments: [1, 2, 3] as [UInt64])
  func holdersMatchTheAudit(seed: UInt64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.generate(seed: seed, records: 30)
    let (findings, _) = WatchReplayTests.compare(replay, lines, lateness: 0, seed: seed)
    let policies = Set(findings.compactMap { $0.violation?.policy })
    #expect(policies == ["late_at_breach", "late_by_share", "late_longest", "every_cycle"])
    #expect(findings.filter { $0.violation?.cycle != nil }.count > 10)
    #expect(findings.filter { $0.kind == .violation }.count > 20)
    #expect(findings.contains { $0.kind == .atRisk })
  }

  @Test("policies judging each cycle of their record's list are watched, cycle by cycle")
  func cyclesAreWatched() throws {
    let rules = "Tests/VigilTests/Fixtures/record_history/policies.vigil"
    let data = "Tests/VigilTests/Fixtures/record_history/records.jsonl"
    let result = vigil(
      [
        "watch", repoPath(rules), "--data", repoPath(data), "--no-follow", "--clock", "event",
        "--format", "text",
      ])
    #expect(result.code == 0)
    #expect(relative(result.stderr) == "vigil watch: 1 line came late\n")
    // The audit's violations and pauses (Fixtures/record_history/violations.txt), each once,
    // at the instant it became true on the event clock (T2's at risk comes after the clock).
    let at = "2026-11-02T15:00:00Z"
    let late = "2026-11-24T22:00:00Z"
    #expect(
      relative(result.stdout) == """
        \(at) violation: \(rules):9: slow_cycle [medium] T1, cycle 2 of 2 → flag: reopened 4h > 2h (closed)
        \(at) violation: \(rules):13: late_holder [medium] T1 → flag (accountable: bob): handling 5h30m > 3h (closed) held by ann 2h (36.36%), bob 3h30m (63.64%, breached)
        \(at) dishonest-pause: \(rules):13: late_holder [medium] T1 → dishonest pause set by bob: handling paused 2026-11-02T13:30:00Z–2026-11-02T15:00:00Z (1h30m), contradicted at 2026-11-02T14:00:00Z (change 5), 1h not paused
        \(at) violation: \(rules):17: slow_last_cycle_holder [medium] T1, cycle 2 of 2 → flag (accountable: bob): reopened 4h > 2h (closed) held by bob 4h (100%, breached)
        \(at) violation: \(rules):23: slow_cycle_not_pending [medium] T1, cycle 2 of 2 → flag: reopened_not_pending 3h30m > 3h (closed)
        \(at) dishonest-pause: \(rules):23: slow_cycle_not_pending [medium] T1, cycle 2 of 2 → dishonest pause: reopened_not_pending paused 2026-11-02T13:30:00Z–2026-11-02T15:00:00Z (1h30m), contradicted at 2026-11-02T14:00:00Z (change 5), 1h not paused
        \(late) violation (late): \(rules):9: slow_cycle [medium] T3, cycle 1 of 1 → flag: reopened 4h0m0.001s > 2h (closed)
        \(late) violation (late): \(rules):13: late_holder [medium] T3 → flag (accountable: bob): handling 3h0m0.001s > 3h (closed) held by ann 1h (33.33%), bob 2h0m0.001s (66.67%, breached)
        \(late) violation (late): \(rules):17: slow_last_cycle_holder [medium] T3, cycle 1 of 1 → flag (accountable: bob): reopened 4h0m0.001s > 2h (closed) held by ann 1h (25%), bob 3h0m0.001s (75%, breached)
        \(late) violation (late): \(rules):23: slow_cycle_not_pending [medium] T3, cycle 1 of 1 → flag: reopened_not_pending 3h0m0.001s > 3h (closed)

        """)
  }
}

extension WatchRecordHistoryTests {
  /// examples/helpdesk_tickets.vigil over its export (600 records, each with its own list of
  /// changes), replayed on the event clock in the order of the records' openings: at cut-offs
  /// through it, every policy's violations (per cycle for those judging each cycle) are the
  /// audit's.
  @Test func helpDeskTickets() throws {
    let replay = LiveReplay(
      try PolicySet(contentsOf: [repoPath("examples/helpdesk_tickets.vigil")]), idField: "id")
    let text = try String(
      contentsOfFile: repoPath("examples/helpdesk_tickets.jsonl"), encoding: .utf8)
    // `"opened_at":"2012-…"`, the second field of each line: in the order tickets opened.
    let lines = text.split(separator: "\n").map(String.init).sorted {
      $0.split(separator: ",")[1] < $1.split(separator: ",")[1]
    }
    let (findings, clocks, _) = replay.watch(lines)
    var counts: [String: Int] = [:]
    for finding in findings { counts[finding.kind.rawValue, default: 0] += 1 }
    #expect(counts == ["violation": 251])
    #expect(findings.filter { $0.violation?.cycle != nil }.count == 142)
    let cuts =
      stride(from: lines.count / 4, to: lines.count, by: lines.count / 4).map { clocks[$0]! }
      + [clocks.last!!]
    for cut in cuts {
      let read = Array(lines.prefix(clocks.prefix { ($0 ?? .min) <= cut }.count))
      let expected = replay.audit(read, now: cut).mapValues(LiveReplay.status)
      let standing = LiveReplay.standing(findings, at: cut)
      let differing = Set(standing.keys).union(expected.keys).filter {
        standing[$0] != expected[$0]
      }
      .map { "\($0): watch \(standing[$0] ?? "none"), audit \(expected[$0] ?? "none")" }.sorted()
      #expect(differing.isEmpty, "at \(TimeParsing.formatISO8601(cut)): \(differing.prefix(5))")
      #expect(expected.keys.contains { $0.cycle != nil })
    }
  }
}

extension WatchRecordHistoryTests {
  @Test("cycles: stopped after any line and restarted with --state, one uninterrupted run's")
  func restarts() throws {
    try WatchEventLogCommandTests.withFiles(Self.policy) { rules, folder in
      let lines = Self.generate(seed: 4, records: 12).map { $0 + "\n" }
      let data = folder.appendingPathComponent("export.jsonl").path
      func watch(_ more: [String]) -> CLIResult {
        vigil(
          ["watch", rules, "--data", data, "--id", "id", "--no-follow", "--clock", "event"] + more)
      }
      try lines.joined().write(toFile: data, atomically: true, encoding: .utf8)
      let whole = watch([])
      #expect(whole.code == 0)
      #expect(
        whole.stdout.split(separator: "\n").filter { $0.contains("\"every_cycle\"") }.count > 4)
      for cut in stride(from: 3, to: lines.count, by: lines.count / 6) {
        let state = folder.appendingPathComponent("state-\(cut).json").path
        try lines.prefix(cut).joined().write(toFile: data, atomically: false, encoding: .utf8)
        let first = watch(["--state", state])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.dropFirst(cut).joined().utf8))
        try handle.close()
        let second = watch(["--state", state])
        #expect(first.code == 0 && second.code == 0)
        #expect(first.stdout + second.stdout == whole.stdout, "stopped after line \(cut)")
      }
    }
  }
}
