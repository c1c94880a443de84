import VigilCore
import VigilEvaluation

// Group policies whose records' parts move with the clock, in the watch. A record's part of
// such a policy (`count(unresolved > 4h)`, `among created_at > now - 3h`) is not fixed when its
// line is read, so no group's aggregates can be kept as lines come: the watch keeps the
// records (each line, or with `--id` each id's latest line) and judges the policies as the
// audit does at one instant — every record's part as of then, each group added up and judged —
// when a line is read and at the first instant after it at which a group's verdict changes
// with no line read: at an instant a record's state begins, ends or reaches its limit, or
// found by a search over the verdicts (a comparison with now).
extension WatchEngine {
  /// How many records the group policies whose parts move with the clock keep.
  package var movingRecordCount: Int { moving.records.count }

  /// Takes the line holding `values` (and in `timeless`) as a record of the moving policies
  /// (replacing, with `--id`, the older line of its id), and judges them at the clock.
  func applyToMoving(
    _ values: [Value], line: Int, late: Bool, into findings: inout [LiveFinding]
  ) {
    let id = replacesByID ? live.recordID(values) : nil
    var record = MovingRecord(
      values: live.movingValues(values), line: line, id: id,
      instants: live.movingInstants(timeless),
      errors: Array(repeating: false, count: live.movingPolicies.count), seen: clock,
      open: live.movingOpen(timeless))
    if let id, movingIDs[id] == nil, wasMovingReleased(id, record, now: clock) { return }
    record.refused = refusals(of: record, at: clock)
    if let id, let older = movingIDs[id] {
      let index = moving.index(of: older)
      if index < moving.records.count, moving.records[index].line == older {
        moving.records.remove(at: index)
        movingIndex?.drop(older, released: false)
        if moving.settled != nil { movingGaps.append(older) }
      }
    }
    moving.records.insert(record, at: moving.index(of: line))
    movingReleases.most = max(movingReleases.most, moving.records.count)
    movingIndex?.fresh.append(line)
    if let id { movingIDs[id] = line }
    guard let clock else {
      moving.waiting = true
      return
    }
    judgeMoving(at: clock, late: late, into: &findings)
  }

  /// Judges every moving policy at `instant`: the findings of the groups whose verdicts
  /// changed and of the records' parts that met a data error, and the next timer.
  /// `timed`: judged at the moving policies' timer, no line read since it was set.
  func judgeMoving(
    at instant: Int64, late: Bool, timed: Bool = false, into findings: inout [LiveFinding]
  ) {
    moving.waiting = false
    let searched = searchedChange
    searchedChange = nil
    if moving.shown.count != live.movingPolicies.count {
      moving.shown = Array(repeating: [], count: live.movingPolicies.count)
      shownDigests = [:]
    }
    let read = advanceMovingIndex(to: instant)
    var signature: [Int64] = []
    var guess: Int64?
    var openCycle = false
    var folds: [Int: [(key: GroupKey, point: FoldPoint)]] = [:]
    for index in live.movingPolicies.indices {
      if let sums = movingIndex?.sums[index] {
        if sums.order == nil {
          movingIndex?.sums[index]?.order = sums.states.keys.sorted(by: GroupKey.precedes)
        }
        let judged = judgeSummed(index, at: instant)
        signature += judged.signature
        if live.judgesCycles(index) {
          let cycles = summedCycles(index, at: instant)
          if let next = cycles.guess { guess = min(guess ?? next, next) }
          openCycle = openCycle || cycles.open
          folds[index] = cycles.folds
        }
        showErrors(ofPolicy: index, read: read, at: instant, late: late, into: &findings)
        // The same verdicts as the last judgement's change nothing shown: not compared again.
        let digest = judged.verdicts.map(ShownDigest.init)
        guard digest != shownDigests[index] else { continue }
        shownDigests[index] = digest
        moving.shown[index] = shownAfter(
          judged.verdicts, shown: moving.shown[index], at: instant, late: late, into: &findings)
        continue
      }
      let judged = live.judgeMoving(
        index, moving.records, settled: moving.settled?[index] ?? [], input: input, now: instant,
        reports: true, foldBefore: foldBefore(at: instant))
      movingReads += moving.records.count
      folds[index] = judged.folds
      signature += judged.signature
      if let next = judged.guess { guess = min(guess ?? next, next) }
      openCycle = openCycle || judged.openCycle
      // A record's part is reported once while its error stands, as a record's value is.
      var erred = Set<Int>()
      for (number, report) in judged.errors {
        erred.insert(number)
        guard !moving.records[number].errors[index], let report else { continue }
        findings.append(LiveFinding(kind: .dataError, at: instant, dataError: report, late: late))
        moving.records[number].errors[index] = true
      }
      for number in moving.records.indices
      where moving.records[number].errors[index] && !erred.contains(number) {
        moving.records[number].errors[index] = false
      }
      moving.shown[index] = shownAfter(
        judged.verdicts, shown: moving.shown[index], at: instant, late: late, into: &findings)
    }
    releaseSettledMoving(at: instant)
    let progressed = !timed || checkSearchedChange(searched, at: instant, signature: signature)
    moving.timer = nextMovingChange(
      after: instant, base: signature, guess: guess, openCycle: openCycle, search: progressed)
    // After the search from this judgement's verdicts, which include the cycles folding.
    for (index, points) in folds { foldCycles(points, policy: index) }
  }

  /// Judges summed moving policy `index` at `instant` from its sums: every group, or, when
  /// no verdict of it can change but with its group's parts (its condition reads no `now`),
  /// only the groups a part was added to or taken out of since the last judgement (and, in
  /// calendar windows, the next window's group, whose `previous` changed), the others' verdicts
  /// as they were. The same verdicts and signature either way.
  private func judgeSummed(_ index: Int, at instant: Int64) -> (
    verdicts: [(key: GroupKey, verdict: Verdict)], signature: [Int64]
  ) {
    // INVARIANT: called for a summed policy, its keys in order.
    let sums = movingIndex!.sums[index]!
    let order = sums.order!
    movingIndex?.sums[index]?.touched = []
    if let judged = judgeChangedCycles(index, at: instant, order: order) { return judged }
    let policy = live.movingPolicies[index]
    let incremental =
      incrementalMovingGroups && policy.probes.probes.isEmpty && policy.probes.untimed.isEmpty
    guard incremental, var cache = movingVerdicts[index] else {
      let judged = live.judgeMovingGroups(
        index, sums.states, lines: sums.lines, errors: sums.errors, now: instant, order: order,
        folds: sums.folds)
      movingGroupJudgements += order.count
      if incremental {
        movingVerdicts[index] = Dictionary(
          judged.verdicts.map { ($0.key, $0.verdict) }, uniquingKeysWith: { first, _ in first })
      }
      return judged
    }
    var touched = sums.touched
    if let (calendar, _) = policy.compiled.window {
      for key in order
      where touched.contains(
        GroupKey(values: key.values, window: calendar.previous(key.window)))
      {
        touched.insert(key)
      }
    }
    let again = order.filter { touched.contains($0) || cache[$0] == nil }
    let judged = live.judgeMovingGroups(
      index, sums.states, lines: sums.lines, errors: sums.errors, now: instant, order: again,
      folds: sums.folds)
    movingGroupJudgements += again.count
    for (key, verdict) in judged.verdicts { cache[key] = verdict }
    for key in cache.keys where sums.states[key] == nil { cache[key] = nil }
    movingVerdicts[index] = cache
    var verdicts: [(key: GroupKey, verdict: Verdict)] = []
    var signature: [Int64] = []
    for key in order {
      // INVARIANT: every group is in the cache: judged now or before, unchanged since.
      let verdict = cache[key]!
      verdicts.append((key, verdict))
      signature += LiveProgram.signature(key, verdict)
    }
    signature += [Int64(sums.states.count), Int64(sums.errors)]
    return (verdicts, signature)
  }

  /// The data errors of summed moving policy `index` of the records on the lines `read` (in
  /// order) at `instant`: each written once while it stands, as a record's value's is.
  private func showErrors(
    ofPolicy index: Int, read: [Int], at instant: Int64, late: Bool,
    into findings: inout [LiveFinding]
  ) {
    for line in read {
      let number = moving.index(of: line)
      // INVARIANT: the lines read are of records kept, and so are their parts.
      let error = movingIndex!.parts[line]![index]?.error
      if let error, !moving.records[number].errors[index] {
        findings.append(LiveFinding(kind: .dataError, at: instant, dataError: error, late: late))
        moving.records[number].errors[index] = true
      } else if error == nil {
        moving.records[number].errors[index] = false
      }
    }
  }

  /// What is shown of a policy's groups after its `verdicts` (in key order) at `instant`,
  /// where `shown` was: the findings of each group whose verdict changed, in key order (a
  /// group no longer there has none).
  private func shownAfter(
    _ verdicts: [(key: GroupKey, verdict: Verdict)], shown: [MovingShown], at instant: Int64,
    late: Bool, into findings: inout [LiveFinding]
  ) -> [MovingShown] {
    var before = Dictionary(
      shown.map { ($0.groupKey, $0) }, uniquingKeysWith: { first, _ in first })
    var now: [GroupKey: Verdict] = [:]
    for (key, verdict) in verdicts { now[key] = verdict }
    // The verdicts are in key order; the groups (or cycles) shown that are no longer there
    // first, so that what ends comes before what begins at one instant (a cycle gone and
    // another now numbered and begun as it was: its end, then the new one).
    let gone = before.keys.filter { now[$0] == nil }.sorted(by: Self.shownOrder)
    let keys = gone + verdicts.map(\.key)
    var after: [MovingShown] = []
    for key in keys {
      let verdict = now[key] ?? Verdict()
      var entry =
        before.removeValue(forKey: key)
        ?? MovingShown(key: key.values, window: key.window, status: .none, error: false)
      if let error = verdict.dataError, !entry.error {
        findings.append(LiveFinding(kind: .dataError, at: instant, dataError: error, late: late))
      }
      entry.error = verdict.dataError != nil
      if let finding = LiveFinding.change(
        from: entry.status, to: verdict, last: entry.shown, at: instant, late: late)
      {
        findings.append(finding)
        entry.shown = verdict.status == .none ? nil : finding.violation
      }
      entry.status = verdict.status
      if entry.status != .none || entry.error { after.append(entry) }
    }
    return after
  }

  /// The order of what is shown of a policy's groups: their keys' (`GroupKey.precedes`), and
  /// of two cycles of a group that began at one instant, by their rank (the one of rank 0
  /// first, whose key has no rank: `LiveProgram.cycleKey`).
  static func shownOrder(_ a: GroupKey, _ b: GroupKey) -> Bool {
    if GroupKey.precedes(a, b) { return true }
    if GroupKey.precedes(b, a) { return false }
    guard a.values.count == b.values.count else { return a.values.count < b.values.count }
    guard let x = a.values.last, let y = b.values.last else { return false }
    return Value.reportOrder(x, y) < 0
  }

  /// What the moving policies' verdicts are at `instant`, for comparing with a judgement's:
  /// those summed from their sums (`ahead`: as of `next`, the index's next instant, made once
  /// when first needed), the others from every record.
  private func movingSignature(
    at instant: Int64, next: Int64?,
    ahead: inout [(states: [GroupKey: GroupState], errors: Int, order: [GroupKey]?)?]?
  ) -> [Int64] {
    live.movingPolicies.indices.flatMap { index -> [Int64] in
      if movingIndex?.sums[index] != nil, next.map({ instant <= $0 }) ?? true {
        guard let next, instant == next else {
          // INVARIANT: checked just above.
          let sums = movingIndex!.sums[index]!
          return live.judgeMovingGroups(
            index, sums.states, lines: nil, errors: sums.errors, now: instant, order: sums.order,
            folds: sums.folds
          ).signature
        }
        // No copy of the sums is held meanwhile: their trees of parts change in place.
        if ahead == nil { ahead = movingSumsAtNext() }
        // INVARIANT: made just above, a member per policy, and this one summed.
        let (states, errors, order) = ahead![index]!
        return live.judgeMovingGroups(
          index, states, lines: nil, errors: errors, now: instant, order: order,
          folds: movingIndex?.sums[index]?.folds ?? [:]
        ).signature
      }
      movingReads += moving.records.count
      return live.judgeMoving(
        index, moving.records, settled: moving.settled?[index] ?? [], input: input, now: instant,
        reports: false
      ).signature
    }
  }

  /// The first instant after `now` at which a moving policy's verdicts (`base` at `now`) can
  /// change with no line read: the next instant one of its records' states begins, ends or
  /// reaches its limit, or a window time comes (judged then, whatever changed), or before it
  /// the first instant the verdicts differ (a comparison with now: found by a search over
  /// them, galloping and bisecting; with none, no search). Nil when nothing can change any
  /// more. `guess`: where an open cycle may pass a threshold (tried first); `openCycle`:
  /// whether a group's last cycle is open (else a policy judged per cycle changes only at
  /// its records' instants).
  private func nextMovingChange(
    after now: Int64, base: [Int64], guess: Int64?, openCycle: Bool, search: Bool
  ) -> Int64? {
    // Records released keep their groups' cycles: an open one has its timer with none kept.
    guard now < TimeProbes.endOfTime, !moving.records.isEmpty || moving.settled != nil else {
      return nil
    }
    // INVARIANT: the policies were judged at `now` (the index made then).
    let next = movingIndex!.next()
    // With no comparison with now, nothing changes before the next instant: judged then.
    guard search, openCycle || live.movingPolicies.contains(where: \.movesBetweenInstants)
    else {
      // An open cycle's verdict changes only where its guesses say (judged there).
      return [next, guess].compactMap { $0 }.min()
    }
    let horizon =
      now > TimeProbes.endOfTime - LiveProgram.horizon
      ? TimeProbes.endOfTime : now + LiveProgram.horizon
    let limit = min(next ?? horizon, horizon)
    var ahead: [(states: [GroupKey: GroupState], errors: Int, order: [GroupKey]?)?]?
    let hint = guess.flatMap { $0 > now && $0 < limit ? $0 : nil } ?? next.map { _ in limit }
    let change = LiveProgram.firstChange(after: now, limit: limit, guess: hint) {
      instant in
      self.movingSignature(at: instant, next: next, ahead: &ahead) != base
    }
    searchedChange = change.map { ($0, base) }
    return change ?? limit
  }

  /// Whether the judgement at `instant` (its `signature`), at the timer the last search set
  /// (`searched`: where it found a change, and the signature it searched from), changed
  /// something. The search found the verdicts different there: a judgement that finds them as
  /// they were contradicts it, and searching again from it would find the next millisecond,
  /// and the next, for ever — a programming error (the judgement and the search disagree),
  /// counted and named (`searchFaults`, a notice) and gone past: false, the next timer then
  /// the next instant a record's part changes at, not searched.
  private func checkSearchedChange(
    _ searched: (instant: Int64, base: [Int64])?, at instant: Int64, signature: [Int64]
  ) -> Bool {
    guard let searched, searched.instant == instant, searched.base == signature else {
      return true
    }
    searchFaultCount += 1
    let policies = live.movingPolicies.map(\.compiled.name).joined(separator: ", ")
    let message =
      "vigil watch: internal error: the search for the next change of the group policies "
      + "whose parts move with the clock (\(policies)) found one at "
      + "\(TimeParsing.formatISO8601(instant)), but judged there their verdicts had not changed "
      + "(the search and the judgement disagree): not searched again until the next line or "
      + "record's instant; please report it\n"
    if searchFaults.count < 10 { searchFaults.append(message) }
    notices.append(message)
    return false
  }

  /// Fires the moving policies' timer, if it is due at or before `instant`.
  func fireMovingTimer(upTo instant: Int64, into findings: inout [LiveFinding]) {
    guard let timer = moving.timer, timer <= instant else { return }
    moving.timer = nil
    judgeMoving(at: timer, late: false, timed: true, into: &findings)
  }

  /// Rebuilds the moving policies' index of ids after a restore, and gives each record the
  /// instants its comparisons with `now` change at (`TimeProbes.orderInstants`), which a
  /// state written by a build that did not time them lacks (the same policies' digest).
  func indexMoving() {
    movingIndex = nil
    movingIDs = [:]
    let frame = live.timelessFrame()
    for index in moving.records.indices {
      if let id = moving.records[index].id { movingIDs[id] = moving.records[index].line }
      let found = live.movingOrderInstants(moving.records[index].values, frame: frame)
      let instants = Set(moving.records[index].instants)
      guard !found.allSatisfy(instants.contains) else { continue }
      moving.records[index].instants = instants.union(found).sorted()
    }
  }
}

/// What a summed moving policy's verdict of a group (or cycle) says for what is shown of it
/// (`shownAfter`): its key, status, escalation level and whether a data error stands. A
/// judgement whose verdicts say what the last one's did leaves what is shown as it was.
struct ShownDigest: Equatable {
  var key: GroupKey
  var status: Verdict.Status
  var level: Int
  var error: Bool

  init(_ judged: (key: GroupKey, verdict: Verdict)) {
    (key, status, level, error) = (
      judged.key, judged.verdict.status, judged.verdict.level, judged.verdict.dataError != nil
    )
  }
}
