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
  /// signature `judgeMovingGroups` gives for every group. Nil when the policy is not one whose
  /// cycles are judged so (it judges only the first or the last, or its closed cycles'
  /// verdicts can change); with `judgesChangedCycles` off, every cycle judged again.
  func judgeChangedCycles(_ index: Int, at instant: Int64, order: [GroupKey]) -> (
    verdicts: [(key: GroupKey, verdict: Verdict)], signature: [Int64]
  )? {
    let policy = live.movingPolicies[index]
    guard policy.foldsCycles, let cycles = policy.compiled.cycles,
      cycles.choice == .every
    else { return nil }
    // INVARIANT: called for a summed policy.
    let sums = movingIndex!.sums[index]!
    var memos = cycleMemos[index] ?? [:]
    var verdicts: [(key: GroupKey, verdict: Verdict)] = []
    var signature: [Int64] = []
    for key in order {
      // INVARIANT: `order` holds the sums' keys.
      let state = sums.states[key]!
      let all = state.aggregates[cycles.start].cycles
      if judgesChangedCycles, let memo = memos[key], let from = Self.firstChanged(all, memo.cycles),
        !memo.verdicts.contains(where: { $0.verdict.dataError != nil })
      {
        let start = from < all.count ? all[from].start : .max
        let kept = memo.verdicts.prefix { $0.key.window < start }
        guard from < all.count else {
          memos[key] = CycleMemo(cycles: all, verdicts: Array(kept))
          append(kept, to: &verdicts, &signature)
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
          memos[key] = CycleMemo(cycles: all, verdicts: Array(kept) + fresh)
          append(kept + fresh, to: &verdicts, &signature)
          continue
        }
      }
      let judged = live.judgeMovingGroups(
        index, [key: state], lines: sums.lines, errors: 0, now: instant, order: [key],
        folds: sums.folds[key].map { [key: $0] } ?? [:]
      ).verdicts
      movingCycleJudgements += all.count
      memos[key] = CycleMemo(cycles: all, verdicts: judged)
      append(judged[...], to: &verdicts, &signature)
    }
    for key in Array(memos.keys) where sums.states[key] == nil { memos[key] = nil }
    cycleMemos[index] = memos
    movingGroupJudgements += order.count
    signature += [Int64(sums.states.count), Int64(sums.errors)]
    return (verdicts, signature)
  }

  private func append(
    _ judged: ArraySlice<(key: GroupKey, verdict: Verdict)>,
    to verdicts: inout [(key: GroupKey, verdict: Verdict)], _ signature: inout [Int64]
  ) {
    for (key, verdict) in judged {
      verdicts.append((key, verdict))
      signature += LiveProgram.signature(key, verdict)
    }
  }

  /// The index of the first of a group's cycles `now` whose verdict may differ from the last
  /// judgement's, when its cycles were `before`: the first whose bounds changed, or the first
  /// open (its length moves with the clock); `now.count` when none. Nil when the first did
  /// (the group judged whole).
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
/// is its start).
struct CycleMemo {
  var cycles: [(start: Int64, end: Int64?)]
  var verdicts: [(key: GroupKey, verdict: Verdict)]
}
