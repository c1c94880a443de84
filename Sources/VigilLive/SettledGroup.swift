import Foundation
import VigilCore
import VigilEvaluation
import VigilSemantics

/// A group of a moving policy as its records released so far add up (`WatchEngine+MovingRelease`):
/// their parts, which no longer change, and the line of the latest of them.
struct SettledGroup: Codable, Equatable {
  var key: [Value]
  var window: Int64
  var records = 0
  var aggregates: [AggregateState]
  var line = 0
  /// For a policy with `first`/`last` (their order matters): the records released as runs of
  /// consecutive lines, in line order, so that each keeps its place among the records kept
  /// (`WatchEngine.compactRuns`); `aggregates` then those of the first released only (the
  /// runs are what the group adds up). Nil for others.
  var runs: [SettledRun]? = nil
  /// For a policy judged per cycle whose closed cycles fold (`CycleFold`): those folded, their
  /// changes gone from the runs; nil when none was.
  var folded: CycleFold? = nil

  var groupKey: GroupKey { GroupKey(values: key, window: window) }

  static func == (a: SettledGroup, b: SettledGroup) -> Bool {
    (a.key, a.window, a.records, a.line) == (b.key, b.window, b.records, b.line)
      && LiveGroup.same(a.aggregates, b.aggregates) && a.runs == b.runs && a.folded == b.folded
  }
}

/// What the watch last showed of a group of a group policy whose parts move with the clock.
struct MovingShown: Codable, Equatable {
  var key: [Value]
  var window: Int64
  var status: Verdict.Status
  var error: Bool
  var shown: Violation?

  var groupKey: GroupKey { GroupKey(values: key, window: window) }
}

/// Records released into a group of a policy with `first`/`last`, read on lines `from`
/// through `to` with no record kept between them (of any group): their parts merged in line
/// order, which a record kept, read before `from` or after `to`, never falls inside.
struct SettledRun: Codable, Equatable {
  var from: Int
  var to: Int
  var records: Int
  var aggregates: [AggregateState]

  var state: GroupState { GroupState(records: records, aggregates: aggregates) }

  static func == (a: SettledRun, b: SettledRun) -> Bool {
    (a.from, a.to, a.records) == (b.from, b.to, b.records)
      && LiveGroup.same(a.aggregates, b.aggregates)
  }
}

/// The closed cycles of a group of a policy judged per cycle, folded: every change of the
/// group stamped before `before` (the start of the first cycle kept) taken out of its runs,
/// and what the group's later judgements need of them kept instead — how many cycles they
/// made (the later cycles' numbers, `cycle 7 of 9`), whether one broke the policy (a later
/// breach is not the group's first) and how many records only they held (the group's sample).
/// A closed cycle folds once the cycle after it began `--release-after` before the clock, every
/// change before that start is a record released, and its verdict is final: the policy reads of
/// the group only its cycles (no other aggregate, no `at least`), and `now` only through their
/// lengths (`WatchEngine+CycleFold`). A line whose change falls before `before` (late) is then
/// not judged by the policy, but named and counted. A policy judging only the first cycle
/// keeps it: its changes up to its end (`after`) stay, and the cycles after it fold.
struct CycleFold: Codable, Equatable {
  var before: Int64
  var cycles: Int
  var breached: Bool
  var records: Int
  var after: Int64? = nil
}

/// Where a group's closed cycles can fold, found by a judgement: the changes stamped after
/// `after` (nil: from the first) and before `before`, the start of a cycle kept, folding
/// `cycles` more cycles.
struct FoldPoint: Equatable {
  var before: Int64
  var cycles: Int
  var after: Int64? = nil
}

extension MovingPolicy {
  /// Whether the closed cycles of `policy` (judged per cycle) can fold (`CycleFold`): their
  /// verdicts no longer change once they closed — its aggregates are its cycles' alone, it has
  /// no `at least`, and its condition and warning read `now` only through the lengths of
  /// states.
  static func foldsCycles(_ policy: CheckedPolicy, _ compiled: CompiledGroupPolicy) -> Bool {
    guard compiled.cycles != nil, compiled.minimum == nil,
      compiled.aggregates.allSatisfy({ [.cycleStart, .cycleEnd].contains($0.kind) })
    else { return false }
    let readsNow = Int.max / 4
    return lengths(in: policy.condition) < readsNow
      && (policy.warning.map { lengths(in: $0.condition) < readsNow } ?? true)
  }

  /// Where the closed cycles of a group adding up to `state` can fold: before the latest
  /// cycle that began at or before `limit` and after the one before it ended (so no cycle
  /// runs across the point) — judging only the first cycle, after its end, the first kept —
  /// when at least half the group's changes fold (a fold rewrites the runs: done when it
  /// halves them, not at each cycle). Nil when none can. `found`: the group's cycles, when
  /// found already.
  func foldPoint(
    _ state: GroupState, limit: Int64, cycles found: [(start: Int64, end: Int64?)]? = nil
  ) -> FoldPoint? {
    guard let cycles = compiled.cycles else { return nil }
    let all = found ?? state.aggregates[cycles.start].cycles
    let first = cycles.choice == .first
    // The first cycle kept: it is closed, and the next begins after it ended.
    guard all.count > (first ? 2 : 1) else { return nil }
    let after = first ? all[0].end : nil
    if first, after.map({ all[1].start <= $0 }) ?? true { return nil }
    for index in stride(from: all.count - 1, through: first ? 2 : 1, by: -1) {
      let begins = all[index].start
      guard begins <= limit, let end = all[index - 1].end, end < begins else { continue }
      let changes = state.aggregates[cycles.start].changes
      let dropped = changes.reduce(0) {
        $0 + (Self.folds($1.at, after: after, before: begins) ? 1 : 0)
      }
      let point = FoldPoint(before: begins, cycles: first ? index - 1 : index, after: after)
      return dropped * 2 >= changes.count ? point : nil
    }
    return nil
  }

  /// Whether a change stamped `at` folds: after `after` (when given) and before `before`.
  static func folds(_ at: Int64, after: Int64?, before: Int64) -> Bool {
    at < before && after.map { at > $0 } ?? true
  }
}

extension AggregateState {
  /// This state (a `cycleStart` aggregate's) without its changes stamped after `after` (when
  /// given) and before `instant`, and how many went (`keepingChanges`: the others kept in
  /// their order, the count lowered) — once per fold of a group's cycles, never per judgement.
  /// The state as it was, and 0, when none goes; an empty state when all go.
  func droppingChanges(after: Int64? = nil, before instant: Int64) -> (
    state: AggregateState, dropped: Int
  ) {
    let changes = self.changes
    func folds(_ at: Int64) -> Bool { MovingPolicy.folds(at, after: after, before: instant) }
    let dropped = changes.reduce(0) { $0 + (folds($1.at) ? 1 : 0) }
    guard dropped > 0 else { return (self, 0) }
    guard dropped < changes.count else { return (AggregateState(), dropped) }
    return (keepingChanges { !folds($0) }, dropped)
  }
}

extension LiveProgram {
  /// A violation (or cycle at risk) of a group whose closed cycles folded, judged over the
  /// cycles after them, as the audit has it over all of them: numbered after the folded ones
  /// and counted with them, and, judging every cycle, not the group's first breach when one of
  /// the folded ones was.
  static func follow(
    _ fold: CycleFold, _ violation: inout Violation, _ compiled: CompiledGroupPolicy
  ) {
    guard var cycle = violation.group?.cycle else { return }
    // (Judging only the first cycle, that one is before those folded.)
    if cycle.start >= fold.before { cycle.number += fold.cycles }
    cycle.count += fold.cycles
    if fold.breached, compiled.cycles?.choice == .every { cycle.firstBreach = false }
    violation.group?.cycle = cycle
  }
}
