import VigilCore
import VigilEvaluation

// Folding the closed cycles of group policies judged per cycle (`CycleFold`). Such a policy's
// records are released in runs that keep each record's change (begins or ends a cycle), for
// the cycles are found from every change and a late line may fall among them: a group's
// changes would grow with its records seen, and each judgement sort them all. A closed cycle
// whose verdict is final (`MovingPolicy.foldsCycles`) folds once the cycle after it began
// `--release-after` before the clock and every change before that start is a record released:
// those changes leave the runs, what was shown of those cycles is dropped (it can no longer
// change), and a later line whose change falls before that start is not judged by the
// policy — named on standard error and counted, as a line of a closed window is — since the
// cycles it would change are gone. So a group keeps the changes of its cycles not yet folded,
// and a judgement reads those.
extension WatchEngine {
  /// How many closed cycles of group policies judged per cycle folded, and the lines falling
  /// before them read since (not judged by their policy).
  package var foldedCycleCount: Int { movingReleases.foldedCycles }
  package var linesBeforeFoldedCycles: Int { movingReleases.linesBeforeFolds }

  /// How many changes of records released the runs of the policies judged per cycle hold.
  package var releasedCycleChanges: Int {
    var count = 0
    for (index, policy) in live.movingPolicies.enumerated() {
      guard let start = policy.compiled.cycles?.start else { continue }
      for group in moving.settled?[index] ?? [] {
        for run in group.runs ?? [] { count += run.aggregates[start].changes.count }
      }
    }
    return count
  }

  /// The latest instant a cycle may have begun at, judged at `instant`, for the closed
  /// cycles before it to fold: `releaseAfter` before it; nil when records are not released.
  func foldBefore(at instant: Int64) -> Int64? {
    guard let releaseAfter, movingReleasable, foldsClosedCycles else { return nil }
    let (back, overflow) = instant.subtractingReportingOverflow(releaseAfter)
    return overflow ? nil : back
  }

  /// For summed moving policy `index` judged per cycle, as its sums stand at `instant` (as
  /// `LiveProgram.judgeMoving` finds them from every record): the first instant an open cycle
  /// may pass a threshold at and whether one is open (`LiveProgram.cycleGuess`), and the
  /// groups whose closed cycles can fold, and where.
  func summedCycles(_ index: Int, at instant: Int64) -> (
    guess: Int64?, open: Bool, folds: [(key: GroupKey, point: FoldPoint)]
  ) {
    // INVARIANT: called for a summed policy.
    let sums = movingIndex!.sums[index]!
    let policy = live.movingPolicies[index]
    // The groups' cycles as the judgement just made found them, when it kept them.
    let memos = cycleMemos[index] ?? [:]
    func cycles(_ key: GroupKey, _ state: GroupState) -> [(start: Int64, end: Int64?)] {
      // INVARIANT: a policy judged per cycle.
      memos[key]?.cycles ?? state.aggregates[policy.compiled.cycles!.start].cycles
    }
    var (guess, open) = MovingPolicy.cycleGuess(
      lastCycles: sums.states.lazy.map { cycles($0.key, $0.value).last },
      thresholds: policy.cycleThresholds, after: instant)
    // With exact guesses, an open cycle needs no search (as `LiveProgram.cycleGuess`).
    open = open && !policy.cycleGuessIsExact
    guard policy.foldsCycles, let foldBefore = foldBefore(at: instant),
      let start = policy.compiled.cycles?.start
    else { return (guess, open, []) }
    var folds: [(key: GroupKey, point: FoldPoint)] = []
    for group in moving.settled?[index] ?? [] where group.runs != nil {
      let key = group.groupKey
      // A lower limit folds no more: the records kept are read only where one can fold.
      guard let state = sums.states[key] else { continue }
      let all = cycles(key, state)
      guard policy.foldPoint(state, limit: foldBefore, cycles: all) != nil else { continue }
      // Only changes of records released fold: the point is before every record kept's.
      var earliest = Int64.max
      for line in sums.members[key] ?? [] {
        for change in movingIndex?.parts[line]?[index]?.state?.aggregates[start].changes ?? [] {
          earliest = min(earliest, change.at)
        }
      }
      if let point = policy.foldPoint(state, limit: min(foldBefore, earliest - 1), cycles: all) {
        folds.append((key, point))
      }
    }
    return (guess, open, folds)
  }

  /// Folds, in moving policy `index`, the closed cycles of each group at its fold point
  /// (found by the judgement just made): their changes taken out of the group's runs (a run
  /// left with none goes, its records counted in the fold) and what was shown of them
  /// dropped (final), noting whether one broke the policy.
  func foldCycles(_ folds: [(key: GroupKey, point: FoldPoint)], policy index: Int) {
    guard !folds.isEmpty, moving.settled != nil,
      let start = live.movingPolicies[index].compiled.cycles?.start
    else { return }
    for (key, point) in folds {
      // INVARIANT: checked just above.
      guard let at = moving.settled![index].firstIndex(where: { $0.groupKey == key }),
        let runs = moving.settled![index][at].runs
      else { continue }
      var fold =
        moving.settled![index][at].folded
        ?? CycleFold(before: .min, cycles: 0, breached: false, records: 0)
      guard point.before > fold.before else { continue }
      var kept: [SettledRun] = []
      for var run in runs {
        let (state, dropped) = run.aggregates[start].droppingChanges(
          after: point.after, before: point.before)
        guard dropped > 0 else {
          kept.append(run)
          continue
        }
        if state.changes.isEmpty {
          fold.records += run.records
          continue
        }
        run.aggregates[start] = state
        kept.append(run)
      }
      // The folded cycles' verdicts are final: what was shown of them is no longer needed.
      var shown: [MovingShown] = []
      for entry in moving.shown[index] {
        // A cycle's key holds its group's values first (then its rank, `cycleKey`).
        guard Array(entry.key.prefix(key.values.count)) == key.values, entry.window != .min,
          MovingPolicy.folds(entry.window, after: point.after, before: point.before)
        else {
          shown.append(entry)
          continue
        }
        fold.breached = fold.breached || [.open, .closed, .undetermined].contains(entry.status)
      }
      moving.shown[index] = shown
      shownDigests[index] = nil
      fold.before = point.before
      fold.after = point.after
      fold.cycles += point.cycles
      moving.settled![index][at].runs = kept
      moving.settled![index][at].folded = fold
      movingIndex?.sums[index]?.fold(fold, runs: kept, of: key)
      movingReleases.foldedCycles += point.cycles
    }
  }

  /// Per moving policy, whether `record`'s change falls before its group's folded cycles (it
  /// would change cycles no longer kept): then it is not judged by that policy, and named
  /// (once per line) and counted. Nil when it falls before none.
  func refusals(of record: MovingRecord, at now: Int64?) -> [Bool]? {
    guard let now, let settled = moving.settled else { return nil }
    var refused: [Bool]?
    for (index, policy) in live.movingPolicies.enumerated() where policy.foldsCycles {
      guard settled[index].contains(where: { $0.folded != nil }),
        let start = policy.compiled.cycles?.start,
        let part = live.movingPart(record, policy: index, now: now) ?? nil,
        let fold = settled[index].first(where: { $0.groupKey == part.key })?.folded,
        part.state.aggregates[start].changes.contains(where: { $0.at < fold.before })
      else { continue }
      if refused == nil {
        refused = Array(repeating: false, count: live.movingPolicies.count)
        movingReleases.linesBeforeFolds += 1
      }
      refused?[index] = true
      let name = part.key.values.map { Operations.format($0) }.joined(separator: ", ")
      notices.append(
        "\(input):\(record.line): a line of \(name) of policy \(policy.compiled.name), "
          + "before its folded cycles (closed, the next begun \(DurationFormat.format(releaseAfter ?? 0)) "
          + "or more before the clock): not judged by it\n")
    }
    return refused
  }
}
