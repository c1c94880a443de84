import VigilCore
import VigilEvaluation
import VigilSemantics

/// A record's part of one moving policy as of an instant: its group's key and what it adds
/// up to there (nil when it is in none), and the data error it met (nil when none).
struct MovingPart {
  var key: GroupKey?
  var state: GroupState?
  var error: DataErrorReport?
}

/// The groups of one moving policy as the parts of the records kept, and the records
/// released (`SettledGroup`), add up as of an instant — kept as parts change, not added up
/// again at each judgement: a part is subtracted from its group exactly (counts, shares, sums
/// and averages) and its new one added; or, for a policy with aggregates that cannot be
/// subtracted (extremes, medians, `first`/`last`), set in its group's tree of parts
/// (`PartTree`), which merges again only what is above it.
struct MovingSums {
  var states: [GroupKey: GroupState] = [:]
  /// Per group, its parts in input order, for a policy whose aggregates cannot all be
  /// subtracted (`kinds` set); nil for one whose can.
  var trees: [GroupKey: PartTree]?
  let kinds: [AggregateKind]?
  /// Per group, the lines of the records kept whose part is in it; the line of the latest
  /// record released into it; the line of its latest record, kept or released.
  var members: [GroupKey: Set<Int>] = [:]
  var settledLines: [GroupKey: Int] = [:]
  var lines: [GroupKey: Int] = [:]
  /// How many records kept met a data error.
  var errors = 0
  let aggregates: Int
  /// The groups' keys in order (`GroupKey.precedes`), nil when not sorted since a group came
  /// or went.
  var order: [GroupKey]?
  /// The groups a part was added to or taken out of since the last judgement (which judges
  /// only those again when nothing else can change a verdict: `WatchEngine.judgeSummed`).
  var touched = Set<GroupKey>()

  /// The groups of the records released (`settled`), before any record kept; `kinds`: the
  /// policy's aggregates when they cannot all be subtracted.
  init(settled: [SettledGroup], aggregates: Int, kinds: [AggregateKind]? = nil) {
    self.aggregates = aggregates
    self.kinds = kinds
    if kinds != nil { trees = [:] }
    for group in settled {
      let key = group.groupKey
      let state = GroupState(records: group.records, aggregates: group.aggregates)
      states[key] = state
      settledLines[key] = group.line
      lines[key] = group.line
      if let runs = group.runs {
        // Judged per cycle, its closed cycles folded: the records only they held come first.
        if let folded = group.folded { setFold(folded, of: key) }
        // With `first`/`last` or cycles: each run of records released in its place among the
        // lines.
        for run in runs {
          trees?[key, default: PartTree(kinds: kinds ?? [])].set(run.to, run.state)
        }
        runEnds[key] = Dictionary(uniqueKeysWithValues: runs.map { ($0.to, $0.records) })
        states[key] = trees?[key]?.root()
        continue
      }
      // The records released come first, as `judgeMoving` adds them.
      if let kinds { trees?[key, default: PartTree(kinds: kinds)].set(Self.settledLine, state) }
    }
  }

  /// Per group of a policy with `first`/`last` or cycles, the runs of records released its
  /// tree holds (`SettledRun`): by the line of each run's last record (its slot), its
  /// records' count.
  var runEnds: [GroupKey: [Int: Int]] = [:]
  /// Per group of a policy judged per cycle, its closed cycles folded (`CycleFold`).
  var folds: [GroupKey: CycleFold] = [:]

  /// Sets the group `key`'s closed cycles folded: the records only they held (no aggregate
  /// of theirs: their changes are gone) before every line, as `judgeMoving` counts them.
  private mutating func setFold(_ fold: CycleFold, of key: GroupKey) {
    folds[key] = fold
    trees?[key, default: PartTree(kinds: kinds ?? [])].set(
      Self.settledLine,
      GroupState(
        records: fold.records,
        aggregates: Array(repeating: AggregateState(), count: aggregates)))
  }

  /// The group `key`'s closed cycles folded (`fold`), its runs of records released now
  /// `runs`: those no longer there taken out, every other set again (a fold took changes out
  /// of runs whose lines and records stay).
  mutating func fold(_ fold: CycleFold, runs: [SettledRun], of key: GroupKey) {
    setFold(fold, of: key)
    let before = runEnds[key] ?? [:]
    var after: [Int: Int] = [:]
    for run in runs { after[run.to] = run.records }
    for end in before.keys where after[end] == nil { trees?[key]?.remove(end) }
    for run in runs { trees?[key]?.set(run.to, run.state) }
    runEnds[key] = after
    touched.insert(key)
    if let root = trees?[key]?.root() { states[key] = root }
  }

  /// Sets the tree of the group `key` to hold `runs`, the runs of its records released now
  /// (`SettledRun`): those no longer there taken out, those new or grown set at their slots.
  mutating func setRuns(_ runs: [SettledRun], of key: GroupKey) {
    let before = runEnds[key] ?? [:]
    var after: [Int: Int] = [:]
    for run in runs { after[run.to] = run.records }
    for end in before.keys where after[end] == nil { trees?[key]?.remove(end) }
    for run in runs where before[run.to] != run.records {
      trees?[key, default: PartTree(kinds: kinds ?? [])].set(run.to, run.state)
    }
    runEnds[key] = after
    if let root = trees?[key]?.root() { states[key] = root }
  }

  /// The line a tree holds the records released at: before every line.
  private static let settledLine = -1

  /// Adds the part of the record on `line`.
  mutating func add(_ part: MovingPart, line: Int) {
    if part.error != nil { errors += 1 }
    guard let key = part.key, let state = part.state else { return }
    touched.insert(key)
    if states[key] == nil { order = nil }
    if let kinds {
      trees?[key, default: PartTree(kinds: kinds)].set(line, state)
      states[key] = trees?[key]?.root()
    } else {
      states[key, default: GroupState(aggregates: aggregates)].merge(state)
    }
    members[key, default: []].insert(line)
    lines[key] = max(lines[key] ?? line, line)
  }

  /// Takes out the part of the record on `line`, added before.
  mutating func remove(_ part: MovingPart, line: Int) {
    if part.error != nil { errors -= 1 }
    guard let key = part.key, let state = part.state, var group = states[key] else { return }
    touched.insert(key)
    if trees != nil {
      trees?[key]?.remove(line)
      if let root = trees?[key]?.root() { group = root }
    } else {
      Self.subtract(state, from: &group)
    }
    members[key]?.remove(line)
    let settled = settledLines[key]
    guard settled != nil || members[key]?.isEmpty == false else {
      // No record is in the group any more: the audit would have none.
      (states[key], members[key], lines[key], order) = (nil, nil, nil, nil)
      if trees != nil { trees?[key] = nil }
      return
    }
    states[key] = group
    if lines[key] == line {
      lines[key] = max(settled ?? .min, members[key]?.max() ?? .min)
    }
  }

  /// Replaces the part of the record on `line`, `old` (added before), by `new`.
  mutating func replace(_ old: MovingPart, by new: MovingPart, line: Int) {
    guard let key = old.key, key == new.key, let before = old.state, let after = new.state,
      var group = states[key]
    else {
      remove(old, line: line)
      add(new, line: line)
      return
    }
    // The same group: its members and lines stay.
    touched.insert(key)
    errors += (new.error == nil ? 0 : 1) - (old.error == nil ? 0 : 1)
    if trees != nil {
      trees?[key]?.set(line, after)
      // INVARIANT: the group holds the part just set.
      states[key] = trees?[key]?.root()!
      return
    }
    Self.subtract(before, from: &group)
    group.merge(after)
    states[key] = group
  }

  private static func subtract(_ part: GroupState, from group: inout GroupState) {
    group.records -= part.records
    for slot in group.aggregates.indices {
      group.aggregates[slot].subtract(part.aggregates[slot])
    }
  }

  /// The groups' states and the records meeting a data error were the parts of some records
  /// (on `lines`) to change (`changes`: each record's part added before, and its new one),
  /// these sums left as they are; and their keys in order when the same as these sums' (nil
  /// when not known). A policy with trees of parts has them changed and changed back.
  mutating func after(_ changes: [(old: MovingPart, new: MovingPart)], lines: [Int]) -> (
    states: [GroupKey: GroupState], errors: Int, order: [GroupKey]?
  ) {
    guard trees != nil else { return after(changes) }
    let saved = (states, members, self.lines, order, errors)
    for ((old, new), line) in zip(changes, lines) { replace(old, by: new, line: line) }
    let result = (states, errors, order)
    for ((old, new), line) in zip(changes, lines).reversed() {
      replace(new, by: old, line: line)
    }
    (states, members, self.lines, order, errors) = saved
    return (result.0, result.1, result.2)
  }

  /// `after(_:lines:)` for a policy whose aggregates can all be subtracted.
  private func after(_ changes: [(old: MovingPart, new: MovingPart)]) -> (
    states: [GroupKey: GroupState], errors: Int, order: [GroupKey]?
  ) {
    var states = self.states
    var errors = self.errors
    var joined: [GroupKey: Int] = [:]
    for (old, new) in changes {
      errors += (new.error == nil ? 0 : 1) - (old.error == nil ? 0 : 1)
      if let key = old.key, let state = old.state, states[key] != nil {
        // INVARIANT: checked just above.
        Self.subtract(state, from: &states[key]!)
        joined[key, default: 0] -= 1
      }
      if let key = new.key, let state = new.state {
        states[key, default: GroupState(aggregates: aggregates)].merge(state)
        joined[key, default: 0] += 1
      }
    }
    for (key, change) in joined
    where settledLines[key] == nil && (members[key]?.count ?? 0) + change == 0 {
      states[key] = nil
    }
    let same = states.count == self.states.count && joined.keys.allSatisfy { states[$0] != nil }
    return (states, errors, same ? order : nil)
  }

  /// A line of a released record leaving its part in `key` as it was is the group's latest
  /// (`WatchEngine.settleLine`): judged again, to name it.
  mutating func settle(line: Int, of key: GroupKey) {
    guard states[key] != nil else { return }
    settledLines[key] = max(settledLines[key] ?? line, line)
    lines[key] = max(lines[key] ?? line, line)
    touched.insert(key)
  }

  /// The record on `line`, its part added before, is released: its part stays in its group.
  mutating func release(_ part: MovingPart, line: Int) {
    if part.error != nil { errors -= 1 }
    guard let key = part.key, let state = part.state else { return }
    if trees?[key]?.ordered == true {
      // With `first`/`last`: its part stays in its slot, a run of one record until
      // `setRuns`.
      runEnds[key, default: [:]][line] = state.records
    } else if let kinds {
      // Joins the group's records released, one part (released only when their order does
      // not matter): the group's root is the same.
      var released = trees?[key]?.part(Self.settledLine) ?? GroupState(aggregates: aggregates)
      released.merge(state)
      trees?[key]?.remove(line)
      trees?[key, default: PartTree(kinds: kinds)].set(Self.settledLine, released)
    }
    members[key]?.remove(line)
    settledLines[key] = max(settledLines[key] ?? line, line)
  }
}

/// What the watch knows of the group policies whose parts move with the clock as of an
/// instant, so that a judgement re-reads only the records whose parts can have changed: per
/// policy whose aggregates can be subtracted and whose parts change only at their records'
/// instants, its groups' sums; per record kept, its parts; and the records by the next
/// instant their parts can change at. Not kept in the state: made again from the records
/// after a restart.
struct MovingIndex {
  /// The instant the parts are as of.
  var at: Int64
  /// Per moving policy: its groups' sums, nil for one added up again from every record at
  /// each judgement (a part whose changes its record's instants do not tell).
  var sums: [MovingSums?]
  /// Per record kept, by line: its parts of the policies summed (nil for the others).
  var parts: [Int: [MovingPart?]] = [:]
  /// Per record kept with an instant after `at`, the first; the records by it; those
  /// instants, earliest first.
  var pending: [Int: Int64] = [:]
  var due: [Int64: [Int]] = [:]
  var queue = TimerQueue()
  /// The lines read since `at`, their parts not yet read.
  var fresh: [Int] = []
  /// The records (by line) by the instant they can first be released at
  /// (`WatchEngine.releaseCandidate`), earliest first.
  var releasable = TimerQueue()

  init(at: Int64, sums: [MovingSums?]) {
    self.at = at
    self.sums = sums
  }

  /// Sets the records on `lines` to have `parts` (read as of `at`).
  mutating func set(_ line: Int, _ parts: [MovingPart?]) {
    let old = self.parts[line]
    for index in sums.indices {
      guard let part = parts[index] else { continue }
      if let before = old?[index] {
        sums[index]?.replace(before, by: part, line: line)
      } else {
        sums[index]?.add(part, line: line)
      }
    }
    self.parts[line] = parts
  }

  /// Takes the record on `line` out: replaced by a newer line of its id (`released` false:
  /// its parts taken out of their groups) or released (its parts left in them).
  mutating func drop(_ line: Int, released: Bool) {
    if let old = parts.removeValue(forKey: line) {
      for index in sums.indices {
        guard let part = old[index] else { continue }
        if released {
          sums[index]?.release(part, line: line)
        } else {
          sums[index]?.remove(part, line: line)
        }
      }
    }
    unschedule(line)
    fresh.removeAll { $0 == line }
  }

  /// The record on `line` next changes at `instant` (nil: never).
  mutating func schedule(_ line: Int, at instant: Int64?) {
    unschedule(line)
    guard let instant else { return }
    pending[line] = instant
    if due[instant] == nil { queue.push(TimerQueue.Entry(instant: instant, record: 0)) }
    due[instant, default: []].append(line)
  }

  private mutating func unschedule(_ line: Int) {
    guard let instant = pending.removeValue(forKey: line) else { return }
    due[instant]?.removeAll { $0 == line }
    if due[instant]?.isEmpty == true { due[instant] = nil }
  }

  /// The first instant a record kept can change its parts at.
  mutating func next() -> Int64? {
    while let first = queue.first {
      if due[first.instant] != nil { return first.instant }
      _ = queue.pop()
    }
    return nil
  }

  /// Takes out the records whose parts can change by `instant`, and those read since `at`.
  mutating func takeDue(upTo instant: Int64) -> [Int] {
    var lines = fresh
    fresh = []
    while let first = queue.first, first.instant <= instant {
      _ = queue.pop()
      for line in due.removeValue(forKey: first.instant) ?? [] {
        pending[line] = nil
        lines.append(line)
      }
    }
    return lines
  }
}

extension LiveProgram {
  /// The parts of `record` (with its values in `frame`, at the instant to read them) of the
  /// moving policies that are summed (`summed`), as `judgeMoving` adds them.
  func movingParts(
    _ record: MovingRecord, summed: [Bool], frame: Frame, input: String
  ) -> [MovingPart?] {
    fillMoving(frame, record.values)
    return movingPolicies.indices.map { index in
      guard summed[index] else { return nil }
      // A line falling before its group's folded cycles is not judged by the policy.
      if record.refused?[index] == true { return MovingPart() }
      let compiled = movingPolicies[index].compiled
      var groups: [GroupKey: GroupState] = [:]
      let key = Self.add(frame, compiled, to: &groups)
      var part = MovingPart(key: key, state: key.flatMap { groups[$0] })
      if frame.errorCount > 0 {
        part.error = DataErrorReport(
          input: input, line: record.line,
          record: program.recordID(frame, input: input, line: record.line),
          policy: compiled.name, error: frame.errors[0])
      }
      return part
    }
  }

  /// The instants at which the comparisons with `now` of the moving policies' parts change for
  /// a record holding `values` (as it keeps them), read in `frame` (timeless, left so).
  func movingOrderInstants(_ values: [Value], frame: Frame) -> [Int64] {
    fillMoving(frame, values)
    frame.resetFindings()
    return movingPolicies.flatMap { $0.parts.orderInstants(frame) }
  }

  /// Whether moving policy `index` can be summed (`MovingSums`): its parts change only at
  /// their records' instants (its aggregates subtracted, or set in trees of parts; a cycle's
  /// change counts from its `ordered by` time, one of its record's instants).
  func isSummed(_ index: Int) -> Bool {
    !movingPolicies[index].parts.movesBetweenInstants
  }

  /// Whether moving policy `index` is judged per cycle.
  func judgesCycles(_ index: Int) -> Bool {
    movingPolicies[index].compiled.cycles != nil
  }

  /// The aggregates of moving policy `index` when they cannot all be subtracted (its groups
  /// then kept in trees of parts, `PartTree`); nil when they can.
  func treeKinds(_ index: Int) -> [AggregateKind]? {
    let kinds = movingPolicies[index].compiled.aggregates.map(\.kind)
    return kinds.allSatisfy(AggregateState.isSubtractable) ? nil : kinds
  }
}
