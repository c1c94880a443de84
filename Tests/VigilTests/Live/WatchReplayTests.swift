import Foundation
import Testing
import VigilCore
import VigilLive

@testable import Vigil

/// The watch on the event clock gives, finding by finding, what `vigil audit --now T` gives
/// at each T: replays of generated record exports compared at many cut-off instants.
@Suite("Watch replay against the audit")
struct WatchReplayTests {
  static let policy = """
    define unresolved = from created_at until resolved_at
    define awaiting_reply = from created_at until first_response_at
    define handling = from created_at until resolved_at
      paused in history while status == "pending"
    define lateness = coalesce(callback_made_at, now) - callback_promised_at

    calendar office:
      monday to friday "09:00-12:30", "13:30-17:00"
      zone "Europe/London"
      holidays "2026-12-25"

    policy slow:
      type == "complaint" and unresolved > 48h → escalate to owner, then "lead" after 24h
      warn at 40h
    policy reply:
      awaiting_reply > 4h in office → notify team
      warn at 3h
    policy handling_time:
      handling >= 30h → flag
      warn at 80%
    policy bizdays:
      unresolved > 2 business days in office → flag
    policy callback:
      lateness > 15m → notify owner
    policy open_enquiry:
      type == "enquiry" and unresolved → flag
    policy vip:
      tier == "key" → flag
    """

  static let start: Int64 = 1_796_112_000_000  // 2026-12-01T08:00:00Z

  /// A record export written as things happen: each change of a record is a new line
  /// holding the whole record, in the order the changes happened.
  /// With `jitter`, each line comes up to that much later than its change happened, so
  /// that lines arrive out of order (late events).
  static func generate(seed: UInt64, records: Int, jitter: Int64 = 0) -> [String] {
    var random = SplitMix(seed: seed)
    var changes: [(at: Int64, order: Int, record: Int, fields: [String: String])] = []
    let hour: Int64 = 3_600_000
    for record in 0..<records {
      let created = start + Int64(random.below(Int(240 * hour)))
      var add: [(Int64, [String: String])] = []
      let type = random.pick(["complaint", "enquiry", "call"])
      var base: [String: String] = [
        "id": "\"R\(record)\"", "type": "\"\(type)\"",
        "owner": "\"\(random.pick(["kim", "lee"]))\"",
        "team": "\"desk\"", "tier": "\"\(random.pick(["key", "standard", "standard"]))\"",
        "created_at": time(created),
      ]
      if random.below(3) == 0 {
        base["callback_promised_at"] = time(created + Int64(random.below(Int(6 * hour))))
      }
      add.append((created, base))
      if random.below(4) != 0 {
        add.append((created + Int64(random.below(Int(9 * hour))), ["first_response_at": ""]))
      }
      if random.below(3) != 0 {
        let paused = created + Int64(random.below(Int(20 * hour)))
        add.append(
          (paused, ["history": "[{\"status\":\"pending\",\"at\":\(time(paused))}]"]))
      }
      if random.below(4) != 0 {
        add.append((created + Int64(random.below(Int(120 * hour))), ["resolved_at": ""]))
      }
      if base["callback_promised_at"] != nil && random.below(2) == 0 {
        add.append((created + Int64(random.below(Int(8 * hour))), ["callback_made_at": ""]))
      }
      for (at, fields) in add {
        changes.append((at, changes.count, record, fields))
      }
    }
    changes.sort { ($0.at, $0.order) < ($1.at, $1.order) }
    var state: [Int: [String: String]] = [:]
    var lines: [(at: Int64, line: String)] = []
    for change in changes {
      var fields = state[change.record] ?? [:]
      for (key, value) in change.fields {
        // An empty value stamps the field with the change's instant.
        fields[key] = value.isEmpty ? time(change.at) : value
      }
      state[change.record] = fields
      let arrival = change.at + (jitter > 0 ? Int64(random.below(Int(jitter))) : 0)
      lines.append(
        (
          arrival,
          "{" + fields.keys.sorted().map { "\"\($0)\":\(fields[$0]!)" }.joined(separator: ",")
            + "}"
        ))
    }
    // A record's lines keep their order: each holds the record as of its change.
    return lines.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
      .map(\.element.line)
  }

  static func time(_ instant: Int64) -> String { "\"\(TimeParsing.formatISO8601(instant))\"" }

  /// At every instant a finding or a line changed something, a millisecond before it, and at
  /// instants drawn at random, the findings emitted so far say what the audit says.
  @Test(
    "on the event clock, without lateness and with late lines",
    arguments: [(1, 0), (2, 0), (3, 3_600_000), (4, 7_200_000)] as [(UInt64, Int64)])
  func replayMatchesTheAuditAtEveryCutOff(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.generate(seed: seed, records: 30, jitter: 2 * lateness)
    let (findings, late) = Self.compare(replay, lines, lateness: lateness, seed: seed)
    #expect(findings.count > 40)
    // Lines up to twice the lateness behind: some come after the clock passed them.
    #expect((late > 0) == (lateness > 0))
    #expect(findings.contains { $0.late } == (lateness > 0 && seed == 4))
    let kinds = Set(findings.map(\.kind))
    #expect(kinds.isSuperset(of: [.violation, .atRisk, .resolvedLate, .resolved, .escalated]))
  }

  @Test("the repository's rules over the example export, out of order as it is")
  func examples() throws {
    let replay = LiveReplay(try PolicySet(contentsOf: [repoPath("rules")]))
    let text = try String(contentsOfFile: repoPath("examples/interactions.jsonl"), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let (findings, late) = Self.compare(replay, lines, lateness: 0, seed: 9)
    // 31 of record policies, 4 of purchase_without_later_contact (a sequence policy) and 3 of
    // key_account_without_senior_contact (a group policy whose `no … within` reads now); 4 of
    // the lines late are late only by their sequence policy's `ordered by` time.
    #expect(findings.filter { $0.kind == .violation }.count == 38)
    #expect(late == 34)
  }

  /// Replays `lines` and compares, at every instant a finding or a line changed something, a
  /// millisecond before it, and at instants drawn at random, what the findings so far say
  /// stands with what the audit of the lines read by then says; and each finding with the
  /// audit's at its instant. Returns the findings and how many lines came late.
  static func compare(
    _ replay: LiveReplay, _ lines: [String], lateness: Int64, seed: UInt64,
    releaseAfter: Int64? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> (findings: [LiveFinding], late: Int) {
    let (findings, clocks, late) = replay.watch(
      lines, lateness: lateness, releaseAfter: releaseAfter)
    let disagreement = replay.disagreement(
      lines, findings: findings, clocks: clocks, seed: seed, start: start)
    #expect(disagreement == nil, sourceLocation: sourceLocation)
    if disagreement != nil { return (findings, late) }
    // Each finding is the audit's own at its instant, of the lines read by the time it was
    // written: one of the lines read while the clock stood at its instant (a group's finding
    // counts the records read before it).
    for finding in findings
    where [.violation, .atRisk, .resolvedLate, .escalated].contains(finding.kind) {
      let violation = finding.violation!  // INVARIANT: these kinds carry their violation
      func expected(_ read: Int) -> Violation? {
        let audited = replay.audit(Array(lines.prefix(read)), now: finding.at)
        // (A later line of the record read at the same instant may give the same verdict: the
        // finding keeps the line that first showed it — and, judged per cycle, the number of
        // cycles then: the later line may begin another at that instant.)
        var expected = audited[LiveReplay.Key(violation)]
        expected?.line = violation.line
        if let cycle = violation.cycle, let facts = expected?.recordFacts,
          var seen = facts.cycle, seen.count > cycle.count
        {
          seen.count = cycle.count
          expected?.recordFacts = RecordFacts(cycle: seen, holders: facts.holders)
        }
        return expected
      }
      let read = LiveReplay.read(clocks, by: finding.at)
      let before = LiveReplay.read(clocks, by: finding.at - 1)
      let found =
        expected(read) == violation
        || (violation.group != nil && (before..<read).contains { expected($0) == violation })
      #expect(found, "\(finding.kind) \(violation)", sourceLocation: sourceLocation)
    }
    return (findings, late)
  }
}
