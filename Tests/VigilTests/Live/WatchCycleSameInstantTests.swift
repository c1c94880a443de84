import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilLive
import VigilRecords

@testable import Vigil
@testable import VigilCLI
@testable import VigilLive

/// Group policies judged per cycle whose cycles begin at one instant: a resolution and a
/// reopening at the instant a cycle began (a cycle of no length, then another from there),
/// two openings at one instant, a cycle ending where the next begins — under the three
/// shapes (every cycle, the first, the last). Two cycles of a group can then begin at the
/// same instant: each is a cycle of its own, told by its start and by how many cycles of the
/// group began at that instant before it (its rank), as the audit lists both.
@Suite("Watch of group policies judged per cycle: cycles beginning at one instant")
struct WatchCycleSameInstantTests {
  /// Per owner: a cycle of no length breaks the quick policies (`< 30m`, closed at once), an
  /// open one while it is younger than 30 minutes; the slow ones break after 2 hours, at risk
  /// after 90 minutes.
  static let policy = """
    define opening = status in ["new", "reopened"]
    define resolving = status == "resolved"
    define resolution = each cycle from opening until resolving
    policy every_quick:
      per owner, ordered by at
      resolution < 30m → flag
    policy every_slow:
      per owner, ordered by at
      resolution > 2h → flag
      warn at 90m
    policy first_quick:
      per owner, ordered by at
      resolution < 30m → flag
      cycles: first
    policy first_slow:
      per owner, ordered by at
      resolution > 2h → flag
      warn at 90m
      cycles: first
    policy last_quick:
      per owner, ordered by at
      resolution < 30m → flag
      cycles: last
    policy last_slow:
      per owner, ordered by at
      resolution > 2h → flag
      warn at 90m
      cycles: last
    """

  static let start: Int64 = 1_796_112_000_000  // 2026-12-01T08:00:00Z
  static let minute: Int64 = 60_000

  static func line(_ id: String, _ owner: String, _ status: String, _ at: Int64) -> String {
    #"{"id":"\#(id)","owner":"\#(owner)","status":"\#(status)","at":"#
      + WatchReplayTests.time(at) + "}"
  }

  /// kim: a cycle opened, resolved and reopened at 08:00 (two cycles begin there), the second
  /// resolved at 09:00 and a third opened there (a cycle ending where the next begins), which
  /// is resolved and reopened at that instant too; then the resolution at 08:00 corrected
  /// into a note (the two cycles there become one) and back. lee: two tickets opened at one
  /// instant (one cycle), resolved, reopened and resolved at that instant (a cycle of no
  /// length), opened and resolved at one instant again, opened; then the first resolution
  /// sent again (a line after the reopening: that one now comes while the first cycle runs,
  /// and the cycle of no length is gone, between two cycles that stay).
  static let lines: [String] = {
    let (m, t) = (minute, start)
    return [
      line("A", "kim", "new", t), line("B", "kim", "resolved", t), line("C", "kim", "reopened", t),
      line("D", "lee", "new", t + 10 * m), line("E", "lee", "new", t + 10 * m),
      line("F", "kim", "resolved", t + 60 * m), line("G", "kim", "new", t + 60 * m),
      line("H", "kim", "resolved", t + 60 * m), line("I", "kim", "reopened", t + 60 * m),
      line("J", "lee", "resolved", t + 200 * m), line("P", "lee", "reopened", t + 200 * m),
      line("Q", "lee", "resolved", t + 200 * m), line("B", "kim", "note", t),
      line("K", "lee", "new", t + 230 * m), line("L", "lee", "resolved", t + 230 * m),
      line("N", "lee", "new", t + 260 * m), line("J", "lee", "resolved", t + 200 * m),
      line("B", "kim", "resolved", t), line("M", "kim", "resolved", t + 400 * m),
    ]
  }()

  /// Changes on a 30-minute grid over 6 hours (so that many fall at one instant) of two
  /// owners' tickets, each line an id of its own, in time order; a sixth corrected later (up
  /// to 3 hours on) by a newer line of their id with another status at the same time.
  static func generate(seed: UInt64, count: Int) -> [String] {
    var random = SplitMix(seed: seed)
    var lines: [(arrival: Int64, text: String)] = []
    for event in 0..<count {
      let at = start + 30 * minute * Int64(random.below(12))
      let owner = random.pick(["kim", "lee"])
      let status = random.pick(["new", "resolved", "reopened", "note", "resolved", "reopened"])
      lines.append((at, line("E\(event)", owner, status, at)))
      guard random.below(6) == 0 else { continue }
      let corrected = random.pick(["note", "resolved", "reopened", "new"])
      lines.append(
        (at + Int64(random.below(180)) * minute + 1, line("E\(event)", owner, corrected, at)))
    }
    return lines.enumerated().sorted {
      ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset)
    }.map(\.element.text)
  }

  /// A cycle of a group: its group (the owner), policy, start and how many cycles of the
  /// group began at its start before it.
  struct CycleKey: Hashable, CustomStringConvertible {
    var owner: String
    var policy: String
    var start: Int64
    var rank: Int
    var description: String {
      "\(owner)/\(policy)@\(TimeParsing.formatISO8601(start))" + (rank > 0 ? "#\(rank)" : "")
    }
  }

  /// A line of the tests: its id, owner, status and time.
  struct Change {
    var id: String
    var owner: String
    var status: String
    var at: Int64
  }

  static func parse(_ lines: [String]) -> [Change] {
    lines.map { text in
      // INVARIANT: the tests' lines are JSON objects with these fields, their times readable.
      let object = try! JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: String]
      guard case .time(let at) = TimeParsing.parseISO8601(object["at"]!) else { fatalError() }
      return Change(id: object["id"]!, owner: object["owner"]!, status: object["status"]!, at: at)
    }
  }

  /// The cycles of `owner`'s group of the lines read (`changes`, each id as of its latest
  /// line) as of `now`, found as Grammar.md says, apart from the engine: the changes stamped
  /// by now in time order (those at one instant in input order); a resolution ends the
  /// running cycle, an opening begins one when none runs.
  static func cycles(_ changes: ArraySlice<Change>, owner: String, now: Int64) -> [(
    start: Int64, end: Int64?
  )] {
    var latest: [String: (line: Int, change: Change)] = [:]
    for (line, change) in changes.enumerated() { latest[change.id] = (line, change) }
    let counted = latest.values.filter {
      $0.change.owner == owner && $0.change.at <= now
        && ["new", "reopened", "resolved"].contains($0.change.status)
    }.sorted { ($0.change.at, $0.line) < ($1.change.at, $1.line) }
    var found: [(start: Int64, end: Int64?)] = []
    var running = false
    for (_, change) in counted {
      if change.status == "resolved" {
        if running { found[found.count - 1].end = change.at }
        running = false
      } else if !running {
        found.append((change.at, nil))
        running = true
      }
    }
    return found
  }

  /// The key of `violation`'s cycle (of a group of owners) among the cycles of the lines
  /// read (`changes`) as of `now`; its rank -1 when no cycle begins at its start.
  static func key(_ violation: Violation, _ changes: ArraySlice<Change>, now: Int64) -> CycleKey {
    key(violation, cycles(changes, owner: violation.record, now: now))
  }

  /// The key of `violation`'s cycle among `all`, its record's (or group's) cycles; its rank
  /// -1 when no cycle begins at its start.
  static func key(_ violation: Violation, _ all: [(start: Int64, end: Int64?)]) -> CycleKey {
    // INVARIANT: the policies judge cycles.
    let cycle = violation.cycle!
    let first = all.firstIndex { $0.start == cycle.start }
    return CycleKey(
      owner: violation.record, policy: violation.policy, start: cycle.start,
      rank: first.map { cycle.number - 1 - $0 } ?? -1)
  }

  /// The first cut-off at which the cycles the findings (each with the lines read when it
  /// was found) leave standing differ from those `vigil audit --now` lists of the lines read
  /// by then, each cycle told by its start and rank; nil when none. `twice`: set when the
  /// audit listed two cycles of a group and policy beginning at one instant.
  static func disagreement(
    _ replay: LiveReplay, _ lines: [String], _ noted: [(LiveFinding, read: Int)],
    clocks: [Int64?], seed: UInt64?, twice: inout Bool
  ) -> String? {
    let changes = parse(lines)
    return disagreement(replay, lines, noted, clocks: clocks, seed: seed, twice: &twice) {
      record, read, now in cycles(changes.prefix(read), owner: record, now: now)
    }
  }

  /// `disagreement`, each record's (or group's, or case's) cycles as of `now` of the first
  /// `read` lines given by `cycles`.
  static func disagreement(
    _ replay: LiveReplay, _ lines: [String], _ noted: [(LiveFinding, read: Int)],
    clocks: [Int64?], seed: UInt64?, twice: inout Bool,
    cycles: (_ record: String, _ read: Int, _ now: Int64) -> [(start: Int64, end: Int64?)]
  ) -> String? {
    func key(_ violation: Violation, _ read: Int, now: Int64) -> CycleKey {
      Self.key(violation, cycles(violation.record, read, now))
    }
    // Each finding's cycle, among the cycles when it was found: what it makes stand, or for
    // one that ends a finding, the violation it names (as written).
    var keyed: [(at: Int64, key: CycleKey?, status: String, violation: Violation)] = []
    for (finding, read) in noted {
      // INVARIANT: the policies' findings carry their violation (no data error here).
      let violation = finding.violation!
      let opens = [.violation, .resolvedLate, .atRisk, .escalated].contains(finding.kind)
      keyed.append(
        (
          finding.at, opens ? key(violation, read, now: finding.at) : nil,
          LiveReplay.status(violation), violation
        ))
    }
    for cut in LiveReplay.cutOffs(noted.map(\.0), clocks: clocks, seed: seed, start: Self.start) {
      var standing: [CycleKey: (status: String, violation: Violation)] = [:]
      for (at, key, status, violation) in keyed where at <= cut {
        if let key {
          standing[key] = (status, violation)
          continue
        }
        guard let ended = standing.first(where: { $0.value.violation == violation })?.key else {
          return "a finding at \(at) ends nothing standing: \(violation)"
        }
        standing[ended] = nil
      }
      let read = LiveReplay.read(clocks, by: cut)
      var audited: [CycleKey: String] = [:]
      for violation in replay.auditViolations(Array(lines.prefix(read)), now: cut) {
        let cycle = key(violation, read, now: cut)
        if audited[cycle] != nil { return "the audit lists \(cycle) twice at \(cut)" }
        audited[cycle] = LiveReplay.status(violation)
        twice = twice || cycle.rank > 0
      }
      let differing = Set(standing.keys).union(audited.keys).filter {
        standing[$0]?.status != audited[$0]
      }.map { "\($0): watch \(standing[$0]?.status ?? "none"), audit \(audited[$0] ?? "none")" }
      if !differing.isEmpty {
        return "at \(TimeParsing.formatISO8601(cut)): \(differing.sorted())"
      }
    }
    return nil
  }

  @Test("cycles beginning at one instant: the audit's at every cut-off, under the three shapes")
  func sameInstant() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let (noted, clocks) = WatchGroupTests.watch(replay, Self.lines, lateness: 0)
    var twice = false
    #expect(
      Self.disagreement(replay, Self.lines, noted, clocks: clocks, seed: 1, twice: &twice) == nil)
    #expect(twice)
    #expect(replay.notTheAudit(noted, Self.lines) == [])
    // Each shape broke the policy, twice at one instant judging every cycle.
    let violations = noted.map(\.0).filter { $0.kind == .violation }.compactMap(\.violation)
    #expect(
      Set(violations.map(\.policy)) == [
        "every_quick", "every_slow", "first_quick", "first_slow", "last_quick", "last_slow",
      ])
    #expect(
      violations.filter { $0.policy == "every_quick" && $0.cycle?.start == Self.start }.count >= 2)
    // Summed or not, cycles judged again from the first changed or all: the same findings.
    let findings = noted.map(\.0)
    #expect(replay.watch(Self.lines, prepare: { $0.sumsCycles = false }).findings == findings)
    #expect(
      replay.watch(Self.lines, prepare: { $0.judgesChangedCycles = false }).findings == findings)
  }

  @Test("the audit's own findings: two cycles begun at one instant compared one to one")
  func notTheAuditTellsCyclesByRank() throws {
    let replay = try LiveReplay(policy: Self.policy)
    // kim's ticket opened, resolved and reopened at 08:00: two cycles begin there, the first
    // of no length (closed, under 30 minutes), the second open.
    let lines = Array(Self.lines.prefix(3))
    let listed = replay.auditViolations(lines, now: Self.start).filter {
      $0.policy == "every_quick"
    }
    #expect(
      listed.map { [$0.cycle?.number, $0.cycle?.start == Self.start ? 1 : 0] } == [
        [1, 1], [2, 1],
      ])
    let (first, second) = (listed[0], listed[1])
    #expect(first.open == false && second.open == true)
    func noted(_ kind: LiveFinding.Kind, _ violation: Violation) -> (LiveFinding, read: Int) {
      (LiveFinding(kind: kind, at: Self.start, violation: violation), 3)
    }
    // Each cycle's finding, the audit's own (told by start alone, the first was compared with
    // the second: not the audit's).
    #expect(
      replay.notTheAudit([noted(.resolvedLate, first), noted(.violation, second)], lines) == [])
    // The second cycle's verdict taken for both (told by start alone: the audit's, twice).
    #expect(
      replay.notTheAudit([noted(.violation, second), noted(.violation, second)], lines) == [
        "violation kim every_quick cycle 2 of 2 from 2026-12-01T08:00:00Z: twice at "
          + "2026-12-01T08:00:00Z"
      ])
    // One that the audit does not have: the first cycle open.
    var open = first
    open.open = true
    #expect(
      replay.notTheAudit([noted(.violation, open)], lines) == [
        "violation kim every_quick cycle 1 of 2 from 2026-12-01T08:00:00Z"
      ])
    // Ended and written again at one instant: not twice.
    #expect(
      replay.notTheAudit(
        [noted(.violation, second), noted(.withdrawn, second), noted(.violation, second)], lines)
        == [])
  }

  @Test(
    "generated changes on a coarse grid: the audit's at every cut-off, summed or not",
    arguments: [(1, 0), (2, 0), (3, 3_600_000)] as [(UInt64, Int64)])
  func generated(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    let lines = Self.generate(seed: seed, count: 60)
    let (noted, clocks) = WatchGroupTests.watch(replay, lines, lateness: lateness)
    var twice = false
    #expect(
      Self.disagreement(replay, lines, noted, clocks: clocks, seed: seed, twice: &twice) == nil)
    #expect(replay.notTheAudit(noted, lines) == [])
    let findings = noted.map(\.0)
    #expect(findings.filter { $0.kind == .violation }.count > 10)
    let summedOff = replay.watch(lines, lateness: lateness, prepare: { $0.sumsCycles = false })
    #expect(summedOff.findings == findings)
    let allJudged = replay.watch(
      lines, lateness: lateness, prepare: { $0.judgesChangedCycles = false })
    #expect(allJudged.findings == findings)
  }
}
