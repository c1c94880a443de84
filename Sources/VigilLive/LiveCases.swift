import VigilCore
import VigilEvaluation
import VigilSemantics

/// A policy over an event log's cases, as the watch judges it: the audit's compiled group
/// policy, and the parts of its condition that move with the clock, over a case's frame.
struct CasePolicy {
  let compiled: CompiledGroupPolicy
  let probes: TimeProbes
  /// Its events file's table (the cases it shares with the other policies of the file).
  let table: Int
  /// For a policy judged per cycle: its thresholds on the wall clock, and whether they tell
  /// every instant an open cycle's verdict changes at (`MovingPolicy.cycleTiming`).
  let cycleThresholds: [Int64]
  let cycleGuessIsExact: Bool

  init(
    _ policy: CheckedPolicy, _ compiled: CompiledGroupPolicy, table: Int, sites: [ComparisonSite]
  ) {
    var compiler = Compiler(sites: sites)
    compiler.groupShape = (compiled.keys.count, compiled.aggregates.count)
    probes = TimeProbes(casePolicy: policy, compiler: &compiler)
    self.compiled = compiled
    self.table = table
    (cycleThresholds, cycleGuessIsExact) = MovingPolicy.cycleTiming(policy, compiled)
  }
}

/// An event of a case, as the watch keeps it.
struct CaseEvent: Codable, Equatable {
  /// Its values, by slot.
  var values: [Value]
  var line: Int
  /// Its `ordered by` time; nil when it has none (it then counts at once, as in the audit).
  var time: Int64?
  /// Whether it has happened by the clock and been counted (its data errors shown).
  var counted = false
}

/// A case of an event log the watch keeps: its events, and what it last showed of it under
/// each policy over its events file.
struct LiveCase: Codable, Equatable {
  /// Its place in the order cases were first met (timers at one instant fire in it).
  var number: Int
  /// Its events file's table, and its key's values.
  var table: Int
  var key: [Value]
  var events: [CaseEvent]
  /// Per case policy (of every table: only its own table's are used), the status last
  /// shown, whether a data error was shown, and the violation (or case at risk) last shown,
  /// by policy, while it stands (only those: a violation is a few hundred bytes, and a case
  /// of many policies may break few of them).
  var statuses: [Verdict.Status]
  var errors: [Bool]
  var shown: [Int: BoxedViolation] = [:]
  /// When it is next judged, if ever.
  var timer: Int64?
  /// With no timer pending, when it is released (`WatchEngine+Release`), if cases are; and
  /// the instant of its entry in the timer queue for that (at most one: an entry that comes
  /// due before `releaseAt`, which moved on, is put back at `releaseAt`).
  var releaseAt: Int64?
  var releaseQueued: Int64?
  /// Per case policy (by index), the dishonest pauses shown that the audit still lists; nil
  /// when none is.
  var pauses: [Int: [PauseFinding]]? = nil
  /// Per case policy judged per cycle (by index), its cycles shown; nil when none is.
  var cycles: [Int: [CycleShown]]? = nil
}

/// A case's verdicts at one instant, and when they can next change.
struct CaseJudgement {
  /// Per case policy of the case's table: its index in `casePolicies` and its verdict.
  var verdicts: [(policy: Int, verdict: Verdict)] = []
  /// The data errors of the events counted for the first time.
  var eventErrors: [DataErrorReport] = []
  /// The first instant after the judgement at which a verdict can change (an event not yet
  /// happened happens, or a state passes a threshold), nil when none can.
  var next: Int64?
}

extension LiveProgram {
  /// The key of the case of `table` the event in `frame` (its timeless frame) belongs to, and
  /// the event's time; nil when its case cannot be told (the audit reports that as a data
  /// error).
  func caseOf(_ frame: Frame, table: Int) -> (key: [Value], time: Int64?)? {
    // INVARIANT: every table has a policy (tables are numbered from the policies).
    let policy = casePolicies.first { $0.table == table }!.compiled
    frame.resetFindings()
    var time: Int64?
    if let order = policy.eventTime, case .time(let instant) = order(frame) { time = instant }
    frame.resetFindings()
    let key = policy.keys.map { $0(frame) }
    guard frame.errorCount == 0 else { return nil }
    return (key, time)
  }

  /// Judges a case holding `events` at `now`, as `vigil audit --now` judges it: each policy
  /// over its table counts the events that happened by then (marked counted).
  func judgeCase(
    _ events: inout [CaseEvent], table: Int, key: [Value], input: String, now: Int64
  ) -> CaseJudgement {
    var judgement = CaseJudgement()
    let frame = Frame(slots: layout.count, now: now, directory: directory)
    var states: [(CasePolicy, GroupState)] = []
    for (index, policy) in casePolicies.enumerated() where policy.table == table {
      var state = GroupState(aggregates: policy.compiled.aggregates.count)
      for event in events where event.time.map({ $0 <= now }) ?? true {
        for slot in event.values.indices { frame.values[slot] = event.values[slot] }
        frame.resetFindings()
        state.add(frame, policy.compiled.aggregates)
        if frame.errorCount > 0 && !event.counted {
          judgement.eventErrors.append(
            DataErrorReport(
              input: input, line: event.line,
              record: program.recordID(frame, input: input, line: event.line),
              policy: policy.compiled.name, error: frame.errors[0]))
        }
      }
      states.append((policy, state))
      judgement.verdicts.append((index, verdict(policy, key, state, now: now)))
    }
    for index in events.indices where events[index].time.map({ $0 <= now }) ?? true {
      events[index].counted = true
    }
    judgement.next = nextCaseChange(states, key: key, events: events, after: now)
    if now < TimeProbes.endOfTime {
      let horizon =
        now > TimeProbes.endOfTime - Self.horizon ? TimeProbes.endOfTime : now + Self.horizon
      let limit = judgement.next.map { min($0, horizon) } ?? horizon
      if let cycle = nextCycleChange(states, key: key, after: now, limit: limit) {
        judgement.next = min(judgement.next ?? cycle, cycle)
      }
    }
    return judgement
  }

  /// The policy's verdict on a case whose counted events add up to `state`.
  private func verdict(
    _ policy: CasePolicy, _ key: [Value], _ state: GroupState, now: Int64
  ) -> Verdict {
    var verdict = Verdict()
    guard state.records > 0 else { return verdict }
    let compiled = policy.compiled
    let frame = Frame(
      slots: key.count + 2 * compiled.aggregates.count, now: now, directory: directory)
    program.judge(compiled, GroupKey(values: key, window: 0), state, in: [:], frame: frame) {
      finding in
      switch finding {
      case .violation(let violation):
        // A policy judged per cycle: each cycle's verdict of its own.
        if compiled.cycles != nil, violation.cycle != nil {
          verdict.cycles.append(violation)
        } else {
          verdict.violation = violation
        }
      case .dataError(let report): if verdict.dataError == nil { verdict.dataError = report }
      case .pause(let pause): verdict.pauses.append(pause)
      case .notEnoughData, .judged, .trend: break
      }
    }
    if let cycles = compiled.cycles, !verdict.cycles.isEmpty {
      verdict.rankCycles(state.aggregates[cycles.start].cycles.map(\.start))
    }
    return verdict
  }

  /// The first instant after `now`, before `limit`, at which the verdict of a case policy
  /// judged per cycle changes with no event: an open last cycle passing a threshold (at its
  /// start plus one, or found by a search over the verdict when those do not tell).
  private func nextCycleChange(
    _ states: [(CasePolicy, GroupState)], key: [Value], after now: Int64, limit: Int64
  ) -> Int64? {
    var next: Int64?
    for (policy, state) in states where state.records > 0 {
      guard let cycles = policy.compiled.cycles else { continue }
      let (guess, open) = MovingPolicy.cycleGuess(
        [state], start: cycles.start, thresholds: policy.cycleThresholds, after: now)
      guard open else { continue }
      if policy.cycleGuessIsExact {
        if let guess, guess < limit { next = min(next ?? guess, guess) }
        continue
      }
      func signature(_ instant: Int64) -> [Int64] {
        let verdict = self.verdict(policy, key, state, now: instant)
        return verdict.cycles.flatMap {
          [$0.cycle?.start ?? 0, Int64(Verdict(violation: $0).status.rawValue)]
        }
          + [Int64(verdict.status.rawValue)]
      }
      let base = signature(now)
      let hint = guess.flatMap { $0 < limit ? $0 : nil }
      if let change = Self.firstChange(
        after: now, limit: limit, guess: hint, { signature($0) != base })
      {
        next = min(next ?? change, change)
      }
    }
    return next
  }

  /// The first instant after `now` at which a case's verdicts can change: when one of its
  /// events not yet happened happens, or, before that, when the probes of its policies read
  /// something else for it (found by bisection, as for a record); nil when nothing can.
  private func nextCaseChange(
    _ states: [(CasePolicy, GroupState)], key: [Value], events: [CaseEvent], after now: Int64
  ) -> Int64? {
    let coming = events.compactMap(\.time).filter { $0 > now }.min()
    guard now < TimeProbes.endOfTime, states.contains(where: { !$0.0.probes.probes.isEmpty })
    else { return coming }
    let groupKey = GroupKey(values: key, window: 0)
    // The case's frame under each policy: its keys and aggregates, the same at every instant
    // (its events are fixed until the next happens), computed once.
    let filled = states.filter { $0.1.records > 0 }.map { policy, state in
      let frame = program.groupFrame(
        policy.compiled, groupKey, state, in: [:], now: now, directory: directory)
      // The frame owns its values' memory: copied while it lives.
      return withExtendedLifetime(frame) { (policy, Array(frame.values)) }
    }
    func frame(_ values: [Value], _ instant: Int64) -> Frame {
      let frame = Frame(slots: values.count, now: instant, directory: directory)
      for slot in values.indices { frame.values[slot] = values[slot] }
      return frame
    }
    // Each policy's frame at now, read for whether anything moves, the signature and a guess.
    let atNow = filled.map { frame($0.1, now) }
    // Nothing moves with time any more (every state closed, nothing reads now): the case
    // changes only when an event happens.
    guard !zip(filled, atNow).allSatisfy({ $0.0.probes.isSettled($1) }) else { return coming }
    func signature(_ instant: Int64, into out: inout [Int64]) {
      for (policy, values) in filled { policy.probes.signature(frame(values, instant), into: &out) }
    }
    var base: [Int64] = []
    for (index, policy) in filled.enumerated() {
      policy.0.probes.signature(atNow[index], into: &base)
    }
    let guess = zip(filled, atNow).compactMap { $0.0.probes.guess($1) }.min()
    var probe: [Int64] = []
    let horizon =
      now > TimeProbes.endOfTime - Self.horizon ? TimeProbes.endOfTime : now + Self.horizon
    let limit = coming.map { min($0, horizon) } ?? horizon
    // A dishonest pause that starts counting time before the limit is judged then.
    let pause = filled.compactMap { $0.0.probes.nextPause(frame($0.1, limit), after: now) }.min()
    let change = Self.firstChange(after: now, limit: pause ?? limit, guess: guess) { instant in
      probe.removeAll(keepingCapacity: true)
      signature(instant, into: &probe)
      return probe != base
    }
    return change ?? pause ?? limit
  }

  /// The first instant in (`now`, `limit`] at which `differs` holds, if any, `differs`
  /// holding from some instant on (and not at `now`): tried first at `guess` and the
  /// instant before it (where it is right, two looks), else galloping forward from the
  /// last instant where it does not hold, then bisecting.
  static func firstChange(
    after now: Int64, limit: Int64, guess: Int64? = nil, _ differs: (Int64) -> Bool
  ) -> Int64? {
    guard now < limit else { return nil }
    var low = now
    if let guess, guess > now, guess <= limit {
      if differs(guess) {
        guard guess - 1 > now, differs(guess - 1) else { return guess }
        return bisect(low: now, high: guess - 1, differs)
      }
      if guess == limit { return nil }
      low = guess
    }
    var step: Int64 = 1
    var high: Int64
    while true {
      high = low > limit - step ? limit : low + step
      if differs(high) { break }
      if high == limit { return nil }
      low = high
      step *= 2
    }
    return bisect(low: low, high: high, differs)
  }

  /// The first instant in (`low`, `high`] at which `differs` holds, given that it does not
  /// at `low` and does at `high`.
  private static func bisect(low: Int64, high: Int64, _ differs: (Int64) -> Bool) -> Int64 {
    var low = low
    var high = high
    while high - low > 1 {
      let middle = low + (high - low) / 2
      if differs(middle) { high = middle } else { low = middle }
    }
    return high
  }
}
