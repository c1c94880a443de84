import VigilCore
import VigilEvaluation

// Judging again only the cycles that changed, for a summed group policy judging every cycle
// whose closed cycles' verdicts are final (`MovingPolicy.foldsCycles`: it reads of a group
// only its cycles and `now` only through their lengths). A closed cycle's verdict depends only
// on its bounds and on whether a cycle before it broke the policy: so while a group's cycles
// up to one stay as they were, their verdicts do too, and a judgement judges the group's
// cycles from the first that changed (or the open one) on — over the changes from its start,
// numbered and told of an earlier breach as after folded cycles (`CycleFold`) — and keeps the
// verdicts of those before it. A group that met a data error is judged whole.
extension WatchEngine {
  /// Judges summed moving policy `index` (its groups' keys in `order`) at `instant`, each
  /// group's cycles from the first that changed since the last judgement on: the verdicts and
  /// signature `judgeMovingGroups` gives for every group (judging only the first or the last
  /// cycle, `judgeChosenCycles`). Nil when the policy is not one whose cycles are judged so
  /// (its closed cycles' verdicts can change); with `judgesChangedCycles` off, every cycle
  /// judged again.
  func judgeChangedCycles(_ index: Int, at instant: Int64, order: [GroupKey]) -> (
    verdicts: [(key: GroupKey, verdict: Verdict)], signature: [Int64]
  )? {
    let policy = live.movingPolicies[index]
    guard policy.foldsCycles, let cycles = policy.compiled.cycles else { return nil }
    guard cycles.choice == .every else {
      return judgeChosenCycles(index, at: instant, order: order, first: cycles.choice == .first)
    }
    // INVARIANT: called for a summed policy.
    let sums = movingIndex!.sums[index]!
    // Taken out, so that it is changed in place.
    var memos = cycleMemos.removeValue(forKey: index) ?? [:]
    var verdicts: [(key: GroupKey, verdict: Verdict)] = []
    var signature: [Int64] = []
    for key in order {
      // INVARIANT: `order` holds the sums' keys.
      let state = sums.states[key]!
      let all = state.aggregates[cycles.start].cycles
      // The first cycle that changed (or is gone, or open) and where it starts now; the
      // verdicts of the cycles before it are told by their starts, at or before the last
      // one's — after it, both the cycle now there and the one there before (gone or changed)
      // began —, and the changes from its start make the cycles from it on only when the
      // cycle before it ended before it began (at that instant a change may have come while
      // it ran): else judged whole.
      if judgesChangedCycles, let memo = memos[key], !memo.erred,
        let from = Self.firstChanged(all, memo.cycles),
        case let start = from < all.count ? all[from].start : .max,
        case let last = all[from - 1].start, let lastEnd = all[from - 1].end,
        lastEnd < start, from >= memo.cycles.count || last < memo.cycles[from].start
      {
        let kept = memo.verdicts.prefix { $0.key.window <= last }
        let keptSignature = memo.signature.prefix(Self.signatureWidth * kept.count)
        guard from < all.count else {
          // Nothing changed but cycles gone: the group's verdicts are those of the last
          // judgement, of the cycles left.
          if kept.count < memo.verdicts.count {
            memos[key] = CycleMemo(
              cycles: all, verdicts: Array(kept), signature: Array(keptSignature))
          }
          verdicts += kept
          signature += keptSignature
          continue
        }
        let fold = sums.folds[key]
        let breached = kept.contains {
          [.open, .closed, .undetermined].contains($0.verdict.status)
        }
        var later = state
        later.aggregates[cycles.start] = state.aggregates[cycles.start].keepingChanges {
          $0 >= start
        }
        let before = CycleFold(
          before: start, cycles: (fold?.cycles ?? 0) + from,
          breached: (fold?.breached ?? false) || breached, records: 0)
        let fresh = live.judgeMovingGroups(
          index, [key: later], lines: sums.lines, errors: 0, now: instant, order: [key],
          folds: [key: before]
        ).verdicts
        movingCycleJudgements += all.count - from
        // A data error is the group's, before its cycles: judged whole.
        if !fresh.contains(where: { $0.verdict.dataError != nil }) {
          let freshSignature = fresh.flatMap { LiveProgram.signature($0.key, $0.verdict) }
          memos[key] = CycleMemo(
            cycles: all, verdicts: Array(kept) + fresh,
            signature: Array(keptSignature) + freshSignature)
          verdicts += kept
          verdicts += fresh
          signature += keptSignature
          signature += freshSignature
          continue
        }
      }
      let judged = judgeWhole(index, key, state, cycles: all, at: instant, sums: sums)
      remember(key, cycles: all, judged, in: &memos, verdicts: &verdicts, signature: &signature)
    }
    finish(index, memos, sums: sums, groups: order.count, signature: &signature)
    return (verdicts, signature)
  }

  /// `judgeChangedCycles` for a policy judging only each group's first cycle (`first`) or
  /// its last: a group whose cycle judged is closed and kept its bounds (judging the last, with
  /// no cycle begun after it) keeps its verdict; another has that one cycle judged over the
  /// changes that make it — up to its end (or start, while open) for the first, from its start
  /// for the last, numbered and counted as among all of the group's cycles (and those folded)
  /// —, or is judged whole when it met a data error or (judging the last) the cycle before
  /// did not end before it began. So a judgement reads each group's cycles once and judges
  /// at most one short cycle per group that changed, not every group's changes again.
  private func judgeChosenCycles(_ index: Int, at instant: Int64, order: [GroupKey], first: Bool)
    -> (verdicts: [(key: GroupKey, verdict: Verdict)], signature: [Int64])
  {
    // INVARIANT: called for a summed policy judged per cycle.
    let sums = movingIndex!.sums[index]!
    let start = live.movingPolicies[index].compiled.cycles!.start
    var memos = cycleMemos.removeValue(forKey: index) ?? [:]
    var verdicts: [(key: GroupKey, verdict: Verdict)] = []
    var signature: [Int64] = []
    for key in order {
      // INVARIANT: `order` holds the sums' keys.
      let state = sums.states[key]!
      let all = state.aggregates[start].cycles
      if judgesChangedCycles, var memo = memos[key], !memo.erred {
        let (now, then) = first ? (all.first, memo.cycles.first) : (all.last, memo.cycles.last)
        let kept =
          (all.isEmpty && memo.cycles.isEmpty)
          || (now != nil && now?.start == then?.start && now?.end == then?.end && now?.end != nil
            && (first || all.count == memo.cycles.count))
        if kept {
          memo.cycles = all
          memos[key] = memo
          verdicts += memo.verdicts
          signature += memo.signature
          continue
        }
      }
      let fold = sums.folds[key]
      var judged: [(key: GroupKey, verdict: Verdict)]?
      if judgesChangedCycles, let chosen = first ? all.first : all.last,
        first || all.count < 2 || (all[all.count - 2].end ?? .max) < chosen.start
      {
        // The cycle judged over the changes that make it, counted as among all of them.
        var alone = state
        alone.aggregates[start] = state.aggregates[start].keepingChanges {
          first ? $0 <= (chosen.end ?? chosen.start) : $0 >= chosen.start
        }
        let made = alone.aggregates[start].cycles.count
        let before = CycleFold(
          before: first ? .max : chosen.start,
          cycles: (fold?.cycles ?? 0) + all.count - made, breached: false, records: 0)
        let fresh = live.judgeMovingGroups(
          index, [key: alone], lines: sums.lines, errors: 0, now: instant, order: [key],
          folds: [key: before]
        ).verdicts
        movingCycleJudgements += made
        // A data error is the group's, before its cycles: judged whole.
        if !fresh.contains(where: { $0.verdict.dataError != nil }) { judged = fresh }
      }
      let verdict =
        judged ?? judgeWhole(index, key, state, cycles: all, at: instant, sums: sums)
      remember(key, cycles: all, verdict, in: &memos, verdicts: &verdicts, signature: &signature)
    }
    finish(index, memos, sums: sums, groups: order.count, signature: &signature)
    return (verdicts, signature)
  }

  /// Group `key` of summed moving policy `index` judged whole at `instant`, its cycles `all`.
  private func judgeWhole(
    _ index: Int, _ key: GroupKey, _ state: GroupState, cycles all: [(start: Int64, end: Int64?)],
    at instant: Int64, sums: MovingSums
  ) -> [(key: GroupKey, verdict: Verdict)] {
    movingCycleJudgements += all.count
    return live.judgeMovingGroups(
      index, [key: state], lines: sums.lines, errors: 0, now: instant, order: [key],
      folds: sums.folds[key].map { [key: $0] } ?? [:], cycles: [key: all]
    ).verdicts
  }

  /// Keeps what a judgement of group `key` found (its cycles, verdicts and their signature)
  /// for the next, and adds its verdicts and signature to the policy's.
  private func remember(
    _ key: GroupKey, cycles all: [(start: Int64, end: Int64?)],
    _ judged: [(key: GroupKey, verdict: Verdict)], in memos: inout [GroupKey: CycleMemo],
    verdicts: inout [(key: GroupKey, verdict: Verdict)], signature: inout [Int64]
  ) {
    let judgedSignature = judged.flatMap { LiveProgram.signature($0.key, $0.verdict) }
    memos[key] = CycleMemo(
      cycles: all, verdicts: judged, signature: judgedSignature,
      erred: judged.contains { $0.verdict.dataError != nil })
    verdicts += judged
    signature += judgedSignature
  }

  /// Ends a judgement of moving policy `index`: the memos of groups gone dropped and the rest
  /// kept, `groups` judged counted, the policy's group and error counts signed.
  private func finish(
    _ index: Int, _ memos: [GroupKey: CycleMemo], sums: MovingSums, groups: Int,
    signature: inout [Int64]
  ) {
    var memos = memos
    for key in Array(memos.keys) where sums.states[key] == nil { memos[key] = nil }
    cycleMemos[index] = memos
    movingGroupJudgements += groups
    signature += [Int64(sums.states.count), Int64(sums.errors)]
  }

  /// How many numbers a verdict takes in a signature (`LiveProgram.signature`).
  static let signatureWidth = 4

  /// The index of the first of a group's cycles `now` whose verdict may differ from the last
  /// judgement's, when its cycles were `before`: the first whose bounds changed, or the first
  /// open (its length moves with the clock); `now.count` when none (`before` may have had
  /// more: those are gone). Nil when the first did (the group judged whole).
  static func firstChanged(
    _ now: [(start: Int64, end: Int64?)], _ before: [(start: Int64, end: Int64?)]
  ) -> Int? {
    var index = 0
    while index < now.count, index < before.count, now[index].start == before[index].start,
      now[index].end == before[index].end, now[index].end != nil
    {
      index += 1
    }
    return index == 0 ? nil : index
  }
}

/// What the last judgement of a group of a policy judging every cycle found
/// (`judgeChangedCycles`): its cycles' bounds and its verdicts, in key order (a cycle's key
/// is its start), with their signature.
struct CycleMemo {
  var cycles: [(start: Int64, end: Int64?)]
  var verdicts: [(key: GroupKey, verdict: Verdict)]
  /// The verdicts' part of the judgement's signature (`LiveProgram.signature`), in order.
  var signature: [Int64]
  /// Whether a verdict met a data error (the group then judged whole).
  var erred = false
}
