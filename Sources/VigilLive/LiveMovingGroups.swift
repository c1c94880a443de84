import VigilCore
import VigilEvaluation
import VigilSemantics

/// A group policy whose records' parts move with the clock — a state or `now` in its `among`,
/// keys, window time or aggregates (`count(unresolved > 4h)`, `count(created_at > now - 3h)`)
/// — as the watch judges it: a group's aggregates cannot be kept as lines come, so the watch
/// keeps the policy's records and, at each instant it judges the policy, adds its groups up
/// again as `vigil audit --now` does at that instant.
struct MovingPolicy {
  let compiled: CompiledGroupPolicy
  /// The parts of its condition that move with the clock, over a group's frame.
  let probes: TimeProbes
  /// The parts of what it reads of each record that move with the clock, over a record's frame.
  let parts: TimeProbes
  /// For a policy judged per cycle: the durations its condition and warning compare a cycle's
  /// state with on the wall clock (a guess at when an open cycle's verdict changes: its
  /// start plus one of them, or a millisecond more).
  let cycleThresholds: [Int64]

  init(
    _ policy: CheckedPolicy, _ compiled: CompiledGroupPolicy, sites: [ComparisonSite],
    compiler: inout Compiler
  ) {
    var groupCompiler = Compiler(sites: sites)
    groupCompiler.groupShape = (compiled.keys.count, compiled.aggregates.count)
    probes = TimeProbes(casePolicy: policy, compiler: &groupCompiler)
    // INVARIANT: a policy with a compiled group policy has a group.
    parts = TimeProbes(
      parts: AggregatePolicy.parts(policy.group!), policy: policy.name, compiler: &compiler)
    self.compiled = compiled
    (cycleThresholds, cycleGuessIsExact) = Self.cycleTiming(policy, compiled)
    foldsCycles = Self.foldsCycles(policy, compiled)
  }

  /// Whether its closed cycles fold (`CycleFold`): a policy judged per cycle whose closed
  /// cycles' verdicts are final.
  let foldsCycles: Bool

  /// For a policy judged per cycle: the durations its condition and warning compare a cycle's
  /// state with on the wall clock, and whether those tell every instant an open cycle's
  /// verdict can change at — every length of a state they compare is one of them, on the
  /// wall clock, not paused, and nothing else reads `now`. None, and false, for another.
  static func cycleTiming(_ policy: CheckedPolicy, _ compiled: CompiledGroupPolicy) -> (
    thresholds: [Int64], exact: Bool
  ) {
    guard compiled.cycles != nil else { return ([], false) }
    let measures =
      Checker.stateMeasures(in: policy.condition)
      + (policy.warning.map { Checker.stateMeasures(in: $0.condition) } ?? [])
    let lengths =
      Self.lengths(in: policy.condition)
      + (policy.warning.map { Self.lengths(in: $0.condition) } ?? 0)
    let exact =
      !measures.isEmpty && measures.count == lengths
      && measures.allSatisfy {
        if case .pausedState = $0.state { return false }
        return $0.calendar == nil
      }
    return (measures.filter { $0.calendar == nil }.map(\.threshold), exact)
  }

  /// The first instant after `now` at which an open last cycle (of those in `states`, each
  /// holding the cycle aggregate at `start`) reaches or passes one of `thresholds` on the
  /// wall clock (its start plus one, or a millisecond more); nil when none. `open`: whether
  /// one of them is open.
  static func cycleGuess(
    _ states: some Sequence<GroupState>, start: Int, thresholds: [Int64], after now: Int64
  ) -> (guess: Int64?, open: Bool) {
    cycleGuess(
      lastCycles: states.lazy.map { $0.aggregates[start].cycles.last }, thresholds: thresholds,
      after: now)
  }

  /// `cycleGuess(_:start:thresholds:after:)` over the groups' last cycles (nil: none).
  static func cycleGuess(
    lastCycles: some Sequence<(start: Int64, end: Int64?)?>, thresholds: [Int64],
    after now: Int64
  ) -> (guess: Int64?, open: Bool) {
    var guess: Int64?
    var open = false
    for last in lastCycles {
      guard let last, last.end == nil else { continue }
      open = true
      for threshold in thresholds {
        for instant in [last.start + threshold, last.start + threshold + 1] where instant > now {
          guess = min(guess ?? instant, instant)
        }
      }
    }
    return (guess, open)
  }

  /// Whether `cycleThresholds` tell every instant an open cycle's verdict can change at (its
  /// start plus one of them, or a millisecond more): then no search is made for a policy
  /// judged per cycle.
  let cycleGuessIsExact: Bool

  /// How many lengths of states (on the wall clock or in a calendar) `expr` compares; a
  /// number larger than any when it reads `now` otherwise (`now`, business days).
  static func lengths(in expr: CheckedExpr) -> Int {
    var count = 0
    switch expr {
    case .stateLength, .calendarLength: count = 1
    case .now, .businessDays: return Int.max / 4
    default: break
    }
    return expr.children.reduce(count) { min(Int.max / 4, $0 + lengths(in: $1)) }
  }

  /// Whether its verdicts can change between the instants its records' states tell
  /// (`MovingRecord.instants`): a comparison with `now`, in a record's part or in its
  /// condition (not the cycle's state of a policy whose guesses are exact, `cycleGuess`; an
  /// open cycle's state otherwise: `MovingJudgement.openCycle`).
  var movesBetweenInstants: Bool {
    parts.movesBetweenInstants || (!probes.probes.isEmpty && !cycleGuessIsExact)
  }

  /// The time of the record in `frame` at which it begins or ends a cycle (`each cycle`: it
  /// counts once now reaches it), nil when none or the policy judges no cycles.
  func cycleTime(_ frame: Frame) -> Int64? {
    var latest: Int64?
    for aggregate in compiled.aggregates where aggregate.kind == .cycleStart {
      frame.resetFindings()
      // INVARIANT: the checker gives a cycle's start its order.
      if case .time(let time) = aggregate.order!(frame) { latest = max(latest ?? time, time) }
    }
    return latest
  }
}

/// A record a group policy whose parts move with the clock reads: its values, and the
/// instants at which its parts can change.
struct MovingRecord: Codable, Equatable {
  var values: [Value]
  var line: Int
  /// Its id, when lines replace each other by id.
  var id: String?
  /// The instants its parts' states begin, end and reach or pass their limits, and its
  /// window times, sorted (`LiveProgram.movingInstants`).
  var instants: [Int64]
  /// Per such policy, whether a data error of its part was shown.
  var errors: [Bool]
  /// The clock when its line was read, and whether a state of its parts is open (to release
  /// it, `WatchEngine+MovingRelease`).
  var seen: Int64? = nil
  var open: Bool? = nil
  /// Per such policy, whether its change fell before its group's folded cycles (`CycleFold`):
  /// then not judged by it. Nil when none did.
  var refused: [Bool]? = nil
}

/// What the watch keeps of the group policies whose parts move with the clock: their records
/// (each line one, or with `--id` each id's latest line), in the order of their lines, what
/// was shown of each group, the one timer of them all, and whether they wait for the clock.
struct LiveMovingGroups: Codable, Equatable {
  var records: [MovingRecord] = []
  /// Per policy, the groups something is shown of, in key order.
  var shown: [[MovingShown]] = []
  var timer: Int64?
  var waiting = false
  /// Per policy, its groups as the records released add up, in key order; nil when none was.
  var settled: [[SettledGroup]]? = nil

  var isEmpty: Bool { records.isEmpty && timer == nil && !waiting && settled == nil }

  /// The index of the record read on `line`, or where it goes.
  func index(of line: Int) -> Int {
    var low = 0
    var high = records.count
    while low < high {
      let middle = (low + high) / 2
      if records[middle].line < line { low = middle + 1 } else { high = middle }
    }
    return low
  }
}

/// One group policy whose parts move with the clock, judged at one instant.
struct MovingJudgement {
  /// Per group, in key order: its key and verdict (naming the line of its latest record).
  var verdicts: [(key: GroupKey, verdict: Verdict)] = []
  /// The records (by index) whose part met a data error, and the error.
  var errors: [(record: Int, report: DataErrorReport?)] = []
  /// What a later judgement is compared with to tell that a verdict changed.
  var signature: [Int64] = []
  /// For a policy judged per cycle: the first instant after the judgement at which an open
  /// cycle's state may pass a threshold (`MovingPolicy.cycleThresholds`), a guess for the
  /// search for the next change; nil when none.
  var guess: Int64?
  /// Whether a group's last cycle is open and the guess may miss when its verdict changes
  /// (a calendar, a pause: searched).
  var openCycle = false
  /// For a policy whose closed cycles fold: the groups whose cycles can fold, and where.
  var folds: [(key: GroupKey, point: FoldPoint)] = []
}

extension LiveProgram {
  /// Judges moving policy `index` over `records` at `now`, as `vigil audit --now` judges it:
  /// each record's part as of `now` added to its group (a window time after now in none),
  /// then each group. `reports`: whether its data errors are made (not for a mere look).
  /// `settled`: its groups as the records released add up (their parts first). `foldBefore`:
  /// for a policy whose closed cycles fold, the latest instant a cycle may have begun at for
  /// those before it to fold (`FoldPoint`s in the judgement).
  func judgeMoving(
    _ index: Int, _ records: [MovingRecord], settled: [SettledGroup] = [], input: String,
    now: Int64, reports: Bool, foldBefore: Int64? = nil
  ) -> MovingJudgement {
    var judgement = MovingJudgement()
    let policy = movingPolicies[index]
    let compiled = policy.compiled
    // Its groups' folded cycles, and per group the earliest change of a record kept.
    var folds: [GroupKey: CycleFold] = [:]
    var keptChanges: [GroupKey: Int64] = [:]
    let frame = Frame(slots: layout.count, now: now, directory: directory)
    var groups: [GroupKey: GroupState] = [:]
    var lines: [GroupKey: Int] = [:]
    // A policy judged per cycle released its records in runs (`SettledRun`): each added in
    // its place among the records kept, in line order, as the audit adds them (a run never
    // holds a record kept between its lines).
    var runs: [GroupKey: ArraySlice<SettledRun>] = [:]
    func addRuns(of key: GroupKey, before line: Int) {
      while let run = runs[key]?.first, run.to < line {
        groups[key, default: GroupState(aggregates: compiled.aggregates.count)].merge(run.state)
        runs[key] = runs[key]?.dropFirst()
      }
    }
    // The other records released come first: in any order (with `first`/`last`, released in
    // runs, the policies are all summed, `MovingSums`, and not judged here).
    for group in settled {
      if let held = group.runs {
        runs[group.groupKey] = held[...]
        lines[group.groupKey] = group.line
        if let folded = group.folded {
          folds[group.groupKey] = folded
          // The records only its folded cycles held still count in its sample.
          groups[group.groupKey] = GroupState(
            records: folded.records,
            aggregates: Array(repeating: AggregateState(), count: compiled.aggregates.count))
        }
        continue
      }
      var state = GroupState(aggregates: compiled.aggregates.count)
      state.records = group.records
      state.aggregates = group.aggregates
      groups[group.groupKey] = state
      lines[group.groupKey] = group.line
    }
    for (number, record) in records.enumerated() {
      // A line falling before its group's folded cycles is not judged by the policy.
      if record.refused?[index] == true { continue }
      fillMoving(frame, record.values)
      if runs.isEmpty, let key = Self.add(frame, compiled, to: &groups) {
        lines[key] = max(lines[key] ?? record.line, record.line)
      } else if !runs.isEmpty {
        var part: [GroupKey: GroupState] = [:]
        if let key = Self.add(frame, compiled, to: &part) {
          if policy.foldsCycles, let start = compiled.cycles?.start,
            let earliest = part[key]?.aggregates[start].changes.map(\.at).min()
          {
            keptChanges[key] = min(keptChanges[key] ?? earliest, earliest)
          }
          addRuns(of: key, before: record.line)
          // INVARIANT: `add` put the key in.
          groups[key, default: GroupState(aggregates: compiled.aggregates.count)].merge(part[key]!)
          lines[key] = max(lines[key] ?? record.line, record.line)
        }
      }
      guard frame.errorCount > 0 else { continue }
      let report =
        reports
        ? DataErrorReport(
          input: input, line: record.line,
          record: program.recordID(frame, input: input, line: record.line),
          policy: compiled.name, error: frame.errors[0]) : nil
      judgement.errors.append((number, report))
    }
    for key in Array(runs.keys) { addRuns(of: key, before: .max) }
    let judged = judgeMovingGroups(
      index, groups, lines: lines, errors: judgement.errors.count, now: now, folds: folds)
    judgement.verdicts = judged.verdicts
    judgement.signature = judged.signature
    (judgement.guess, judgement.openCycle) = cycleGuess(index, groups, after: now)
    if policy.foldsCycles, let foldBefore {
      // Only changes of records released fold: the point is before every record kept's.
      for group in settled where group.runs != nil {
        let key = group.groupKey
        let limit = min(foldBefore, (keptChanges[key] ?? .max) - 1)
        if let state = groups[key], let point = policy.foldPoint(state, limit: limit) {
          judgement.folds.append((key, point))
        }
      }
    }
    return judgement
  }

  /// For moving policy `index` judged per cycle: the first instant after `now` at which the
  /// open last cycle of one of `groups` reaches or passes one of its thresholds on the wall
  /// clock (nil when none), and whether any group's last cycle is open.
  func cycleGuess(_ index: Int, _ groups: [GroupKey: GroupState], after now: Int64) -> (
    guess: Int64?, open: Bool
  ) {
    let policy = movingPolicies[index]
    guard let cycles = policy.compiled.cycles else { return (nil, false) }
    let (guess, open) = MovingPolicy.cycleGuess(
      groups.values, start: cycles.start, thresholds: policy.cycleThresholds, after: now)
    // With exact guesses, an open cycle needs no search.
    return (guess, open && !policy.cycleGuessIsExact)
  }

  /// Judges the groups of moving policy `index` at `now`, as its records' parts as of `now`
  /// add up to (`groups`, each naming the line of its latest record in `lines`), `errors` of
  /// its records' parts meeting a data error: per group, in key order, its verdict, and the
  /// signature a later judgement is compared with (`lines` nil: for a mere look, the lines
  /// not named; `order`: the groups' keys in order, when known; `folds`: the groups' folded
  /// cycles, which come before theirs; `cycles`: a group's cycles, when found already).
  func judgeMovingGroups(
    _ index: Int, _ groups: [GroupKey: GroupState], lines: [GroupKey: Int]?, errors: Int,
    now: Int64, order: [GroupKey]? = nil, folds: [GroupKey: CycleFold] = [:],
    cycles found: [GroupKey: [(start: Int64, end: Int64?)]] = [:]
  ) -> (verdicts: [(key: GroupKey, verdict: Verdict)], signature: [Int64]) {
    let compiled = movingPolicies[index].compiled
    var verdicts: [(key: GroupKey, verdict: Verdict)] = []
    var signature: [Int64] = []
    let groupFrame = Frame(
      slots: compiled.keys.count + 2 * compiled.aggregates.count, now: now, directory: directory)
    for key in order ?? groups.keys.sorted(by: GroupKey.precedes) {
      var verdict = Verdict()
      // A policy judged per cycle: each cycle's verdict of its own, told by its start and
      // rank (how many of the group's cycles began at that instant before it).
      var cycles: [(key: GroupKey, verdict: Verdict)] = []
      var all = found[key]
      // INVARIANT: the key comes from the dictionary (`order` holds its keys), and so did its
      // line.
      program.judge(compiled, key, groups[key]!, in: groups, frame: groupFrame) { finding in
        switch finding {
        case .violation(var violation):
          // Its number among the group's cycles judged (before those folded).
          let number = violation.cycle?.number ?? 1
          if let lines { violation.line = lines[key]! }
          if let fold = folds[key] { Self.follow(fold, &violation, compiled) }
          guard let choice = compiled.cycles, let start = violation.cycle?.start else {
            verdict.violation = violation
            break
          }
          var rank = 0
          if number > 1 {
            // INVARIANT: a group judged per cycle has the cycle judged.
            if all == nil { all = groups[key]!.aggregates[choice.start].cycles }
            while number - 2 - rank >= 0, all![number - 2 - rank].start == start { rank += 1 }
          }
          var judged = Verdict()
          judged.violation = violation
          cycles.append((Self.cycleKey(key, start: start, rank: rank), judged))
        case .dataError(let report): if verdict.dataError == nil { verdict.dataError = report }
        case .notEnoughData, .judged, .trend, .pause: break
        }
      }
      // A group judged per cycle keeps its data error apart, before its cycles.
      let judged =
        compiled.cycles == nil
        ? [(key, verdict)]
        : (verdict.dataError == nil && verdict.violation == nil
          ? [] : [(Self.cycleKey(key, start: nil), verdict)]) + cycles
      for (key, verdict) in judged {
        verdicts.append((key, verdict))
        signature += Self.signature(key, verdict)
      }
    }
    signature += [Int64(groups.count), Int64(errors)]
    return (verdicts, signature)
  }

  /// A group's verdict in a judgement's signature.
  static func signature(_ key: GroupKey, _ verdict: Verdict) -> [Int64] {
    [
      Int64(key.hashValue), Int64(verdict.status.rawValue), Int64(verdict.level),
      verdict.dataError == nil ? 0 : 1,
    ]
  }

  /// What the watch tells a cycle of a group judged per cycle by: the group's key, its window
  /// (none: such a policy has no window) the instant the cycle began; for the group's data
  /// error (`start` nil), the earliest instant, before every cycle. A cycle that began at the
  /// instant `rank` cycles of the group before it began (each of them of no length) has its
  /// rank after the group's key values (a list of one number, one value more than any group
  /// key of the policy has), so that it is a cycle of its own.
  static func cycleKey(_ key: GroupKey, start: Int64?, rank: Int = 0) -> GroupKey {
    GroupKey(
      values: rank == 0 ? key.values : key.values + [.list([.number(Double(rank))])],
      window: start ?? .min)
  }

  /// `record`'s part of moving policy `index` as of `now`: its group's key and what it adds
  /// up to (nil when it is in none); nil when it met a data error.
  func movingPart(_ record: MovingRecord, policy index: Int, now: Int64) -> (
    key: GroupKey, state: GroupState
  )?? {
    let compiled = movingPolicies[index].compiled
    let frame = Frame(slots: layout.count, now: now, directory: directory)
    fillMoving(frame, record.values)
    var groups: [GroupKey: GroupState] = [:]
    let key = Self.add(frame, compiled, to: &groups)
    guard frame.errorCount == 0 else { return nil }
    // INVARIANT: `add` put the key in.
    return .some(key.map { ($0, groups[$0]!) })
  }

  /// Adds `record`'s part of moving policy `index` as of `now` to its group in `settled`
  /// (in key order); returns whether it is in none or was added without a data error.
  func settle(
    _ record: MovingRecord, policy index: Int, now: Int64, into settled: inout [SettledGroup]
  )
    -> Bool
  {
    let compiled = movingPolicies[index].compiled
    let frame = Frame(slots: layout.count, now: now, directory: directory)
    fillMoving(frame, record.values)
    var groups: [GroupKey: GroupState] = [:]
    guard let key = Self.add(frame, compiled, to: &groups) else { return frame.errorCount == 0 }
    // INVARIANT: `add` put the key in.
    let part = groups[key]!
    let ordered = compiled.aggregates.contains { [.first, .last, .cycleStart].contains($0.kind) }
    let run = SettledRun(
      from: record.line, to: record.line, records: part.records, aggregates: part.aggregates)
    if let at = settled.firstIndex(where: { $0.groupKey == key }) {
      settled[at].records += part.records
      if ordered {
        // Put in its place among the runs; merged with its neighbours by `compactRuns`.
        var runs = settled[at].runs ?? []
        runs.insert(run, at: runs.firstIndex { $0.from > record.line } ?? runs.count)
        settled[at].runs = runs
      } else {
        for slot in part.aggregates.indices {
          settled[at].aggregates[slot].merge(part.aggregates[slot])
        }
      }
      settled[at].line = max(settled[at].line, record.line)
    } else {
      let made = SettledGroup(
        key: key.values, window: key.window, records: part.records, aggregates: part.aggregates,
        line: record.line, runs: ordered ? [run] : nil)
      settled.insert(
        made, at: settled.firstIndex { GroupKey.precedes(key, $0.groupKey) } ?? settled.count)
    }
    return true
  }

  /// Adds the record in `frame` to its group of `compiled`, as the audit does
  /// (`CompiledGroupPolicy.add`): its group's key, nil when it is in none.
  static func add(
    _ frame: Frame, _ compiled: CompiledGroupPolicy, to groups: inout [GroupKey: GroupState]
  ) -> GroupKey? {
    frame.resetFindings()
    if let scope = compiled.scope, scope(frame) != true { return nil }
    var windowStart: Int64 = 0
    if let (calendar, at) = compiled.window {
      // What is stamped after now has not happened yet: it is in no window.
      guard case .time(let instant) = at(frame), instant <= frame.now else { return nil }
      windowStart = calendar.start(of: instant)
    }
    let key = GroupKey(values: compiled.keys.map { $0(frame) }, window: windowStart)
    guard frame.errorCount == 0 else { return nil }
    groups[key, default: GroupState(aggregates: compiled.aggregates.count)].add(
      frame, compiled.aggregates)
    return key
  }

  /// The instants at which the part of the line in `frame` (timeless) of a moving policy can
  /// change: its states' beginnings, ends and limits, and its window times — and when a
  /// state cannot be measured, the times its fields hold (where the state would begin: the
  /// audit reports its data error from then on); sorted.
  func movingInstants(_ frame: Frame) -> [Int64] {
    var instants = Set<Int64>()
    var unknown = false
    for policy in movingPolicies {
      let (found, unmeasured) = policy.parts.instants(frame)
      instants.formUnion(found)
      unknown = unknown || unmeasured
      if let (_, at) = policy.compiled.window {
        frame.resetFindings()
        if case .time(let time) = at(frame) { instants.insert(time) }
      }
      if let time = policy.cycleTime(frame) { instants.insert(time) }
    }
    for slot in 0..<layout.count where unknown {
      switch frame.values[slot] {
      case .time(let time): instants.insert(time)
      case .text(let text):
        if case .time(let time) = TimeParsing.parseISO8601(text) { instants.insert(time) }
      default: break
      }
    }
    frame.resetFindings()
    return instants.sorted()
  }

  /// Whether a state of the line in `frame` (timeless) that a moving policy reads is open.
  func movingOpen(_ frame: Frame) -> Bool {
    movingPolicies.contains { $0.parts.hasOpenState(frame) }
  }

  /// The latest instant the line in `frame` (timeless) records for a moving policy: one of
  /// its states beginning or ending, or its window time; nil when none.
  func movingEventTime(_ frame: Frame) -> Int64? {
    var latest: Int64?
    for policy in movingPolicies {
      if let time = policy.parts.eventTime(frame) { latest = max(latest ?? time, time) }
      if let (_, at) = policy.compiled.window {
        frame.resetFindings()
        if case .time(let time) = at(frame) { latest = max(latest ?? time, time) }
      }
      if let time = policy.cycleTime(frame) { latest = max(latest ?? time, time) }
    }
    frame.resetFindings()
    return latest
  }
}
