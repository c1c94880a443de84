import Testing
import VigilCore
import VigilEvaluation
import VigilLive
import VigilSemantics

@testable import Vigil
@testable import VigilLive

/// Group policies whose parts move with the clock and whose aggregates cannot be subtracted
/// (extremes, medians, `first`/`last`) in the watch: their groups kept as trees of their
/// records' parts (`PartTree`), so that a judgement reads again only the records whose parts
/// can have changed, as for counts and sums — and agrees with the audit at every instant.
@Suite("Watch: group policies with extremes, medians, first and last moving with the clock")
struct WatchMovingTreeTests {
  static let policy = """
    define unresolved = from created_at until resolved_at
    policy spread:
      per team
      among unresolved > 2h
      latest(created_at) - earliest(created_at) > 20h → flag
    policy first_waiting:
      per owner, ordered by created_at
      among unresolved > 1h
      first(type) == "complaint" and last(type) == "enquiry" → notify owner
    policy middle:
      per team
      among unresolved
      median(created_at) < latest(created_at) - 12h and count >= 3 → flag
    policy tail:
      per owner
      among unresolved > 3h
      p90(created_at) > earliest(created_at) + 15h → flag
      at least 3 records
    """

  @Test(
    "replays agree with the audit at every cut-off, in order and with late lines",
    arguments: [(1, 0), (2, 0), (3, 3_600_000)] as [(UInt64, Int64)])
  func replayMatchesTheAudit(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    #expect(replay.live.groupPolicies.map(\.name) == [])
    #expect(
      replay.live.movingPolicies.indices.map(replay.live.isSummed) == [true, true, true, true])
    let lines = WatchMovingGroupTests.generate(seed: seed, records: 40, jitter: 2 * lateness)
    let (noted, clocks) = WatchGroupTests.watch(replay, lines, lateness: lateness)
    let findings = noted.map(\.0)
    let disagreement = replay.disagreement(lines, findings: findings, clocks: clocks)
    #expect(disagreement == nil)
    if disagreement != nil { return }
    // Each finding is the audit's own at its instant, of the lines read before the line it was
    // noted at (found by a timer as the clock moved) or with it (found by the line: a line
    // that takes a record out of a group names the group's latest line, not its own).
    for (finding, read) in noted
    where [.violation, .atRisk, .resolvedLate, .escalated].contains(finding.kind) {
      let violation = finding.violation!  // INVARIANT: these kinds carry their violation
      let expected = [read, read + 1].map { read in
        var expected = replay.audit(Array(lines.prefix(read)), now: finding.at)[
          LiveReplay.Key(record: violation.record, policy: violation.policy)]
        expected?.line = violation.line
        return expected
      }
      #expect(
        expected.contains(violation), "\(finding.kind) \(violation.record) \(violation.policy)")
    }
    let policies = Set(findings.filter { $0.kind == .violation }.compactMap(\.violation?.policy))
    #expect(policies == ["spread", "first_waiting", "middle", "tail"])
  }

  @Test(
    "the records' parts read grow with the lines, not with the lines times the records kept",
    arguments: [0, 3_600_000] as [Int64])
  func readsGrowWithTheLines(lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    var perLine: [Double] = []
    for records in [100, 400] {
      let lines = WatchMovingGroupTests.generate(seed: 9, records: records, jitter: 2 * lateness)
      var reads = 0
      _ = replay.watch(lines, lateness: lateness) { _, engine in reads = engine.movingPartReads }
      perLine.append(Double(reads) / Double(lines.count))
    }
    // Each record is read when its line is, and again at an instant of its states (opened,
    // past 1, 2 and 3 hours, resolved): some five to seven reads a line. Adding every record
    // kept up again at each judgement read hundreds a line, growing with the records kept.
    #expect(perLine.allSatisfy { $0 < 8 }, "\(perLine)")
    #expect(perLine[1] < perLine[0] * 1.1, "\(perLine)")
  }

  /// `policy` without `first_waiting`: aggregates whose order does not matter, so that their
  /// records are released.
  static let orderFree = """
    define unresolved = from created_at until resolved_at
    policy spread:
      per team
      among unresolved > 2h
      latest(created_at) - earliest(created_at) > 20h → flag
    policy middle:
      per team
      among unresolved
      median(created_at) < latest(created_at) - 12h and count >= 3 → flag
    policy tail:
      per owner
      among unresolved > 3h
      p90(created_at) > earliest(created_at) + 15h → flag
      at least 3 records
    """

  @Test(
    "extremes, medians and percentiles: settled records released, the findings those of never",
    arguments: [(1, 0), (3, 3_600_000)] as [(UInt64, Int64)])
  func released(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: Self.orderFree)
    let lines = WatchMovingGroupTests.generate(seed: seed, records: 120, jitter: 2 * lateness)
    var keptWithID = 0
    let never = replay.watch(lines, lateness: lateness) { _, engine in
      keptWithID = engine.movingRecordCount
    }
    var (most, released, end) = (0, 0, 0)
    let keeping = replay.watch(lines, lateness: lateness, releaseAfter: 24 * 3_600_000) {
      _, engine in
      most = max(most, engine.movingRecordCount)
      released = engine.releasedMovingCount
      end = engine.movingRecordCount
    }
    #expect(keeping.findings == never.findings)
    #expect(never.findings.filter { $0.kind == .violation }.count > 5)
    #expect(released > 40)
    #expect(most < keptWithID && end < keptWithID)
    #expect(replay.disagreement(lines, keeping) == nil)
    // With `first`/`last` (their order matters), released in runs of consecutive lines
    // (`WatchMovingOrderedReleaseTests`): the findings of never too.
    let ordered = try LiveReplay(policy: Self.policy)
    let orderedNever = ordered.watch(lines, lateness: lateness)
    let orderedKeeping = ordered.watch(lines, lateness: lateness, releaseAfter: 24 * 3_600_000) {
      _, engine in released = engine.releasedMovingCount
    }
    #expect(orderedKeeping.findings == orderedNever.findings)
    #expect(released > 40)
    #expect(ordered.disagreement(lines, orderedKeeping) == nil)
  }

  @Test("restarts from a checkpoint (records released, trees made again) go on as uninterrupted")
  func restart() throws {
    for (policy, releaseAfter) in [(Self.policy, nil), (Self.orderFree, 24 * 3_600_000)]
      as [(String, Int64?)]
    {
      let replay = try LiveReplay(policy: policy)
      let lines = WatchMovingGroupTests.generate(seed: 7, records: 60, jitter: 3_600_000)
      let (whole, restarts) = try replay.restarts(
        lines, lateness: 3_600_000, releaseAfter: releaseAfter,
        cuts: [1, 30, 60, lines.count - 1])
      #expect(whole.count > 10)
      for restart in restarts {
        #expect(restart.same && restart.readBack, "cut after line \(restart.cut)")
      }
    }
  }

  @Test(
    "a tree of parts adds up, after any parts set and taken out, as its parts in line order",
    arguments: [4, 5, 6] as [UInt64])
  func treeMatchesTheParts(seed: UInt64) {
    let kinds: [[AggregateKind]] = [
      [.minimum, .maximum, .count], [.first, .last, .sum], [.median, .percentile(90), .last],
    ]
    var random = SplitMix(seed: seed)
    for kind in kinds {
      var tree = PartTree(kinds: kind)
      var parts: [Int: GroupState] = [:]
      for _ in 0..<600 {
        let line = random.below(60)
        if random.below(4) == 0 {
          tree.remove(line)
          parts[line] = nil
        } else {
          // Few distinct times and values: ties decide first and last. A fifth add only a
          // record (the group merged kept, but for its count).
          let part =
            random.below(5) == 0
            ? GroupState(
              records: 1, aggregates: Array(repeating: AggregateState(), count: kind.count))
            : Self.part(kind, at: Int64(random.below(5)), value: Double(random.below(7)))
          tree.set(line, part)
          parts[line] = part
        }
        var expected = GroupState(aggregates: kind.count)
        for line in parts.keys.sorted() { expected.merge(parts[line]!) }
        let root = tree.root()
        #expect(
          root == nil ? parts.isEmpty : Self.values(root!, kind) == Self.values(expected, kind))
        #expect(tree.count == parts.count)
      }
      #expect(tree.ordered == kind.contains(.last))
      #expect(tree.inner == !kind.contains(.median))
    }
  }

  /// A record's part: one record at `at` holding `value` under each of `kinds`.
  static func part(_ kinds: [AggregateKind], at: Int64, value: Double) -> GroupState {
    let frame = Frame(slots: 2, now: 10, directory: nil)
    frame.values[0] = .time(at)
    frame.values[1] = .number(value)
    var state = GroupState(aggregates: kinds.count)
    let aggregates = kinds.map { kind in
      // `count` reads its argument as a condition: every record counts.
      CompiledAggregate(
        kind: kind, measure: .number, label: "x",
        argument: kind.readsCondition ? nil : { $0.values[1] },
        condition: kind.readsCondition ? { _ in true } : nil, filter: nil,
        order: { $0.values[0] }, field: "x")
    }
    state.add(frame, aggregates)
    return state
  }

  static func values(_ state: GroupState, _ kinds: [AggregateKind]) -> [Value] {
    [.number(Double(state.records))]
      + zip(state.aggregates, kinds).map { $0.value($1, .number) }
  }
}
