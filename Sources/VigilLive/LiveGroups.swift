import Foundation
import VigilCore
import VigilEvaluation
import VigilSemantics

/// A group policy that aggregates its records (`per …` with counts, shares, averages, calendar
/// windows, `previous`), as the watch judges it: the audit's compiled policy, the parts of its
/// condition that move with the clock (over the group's frame), and whether a record's part
/// of every aggregate can be taken out of a group's state (`AggregateState.isSubtractable`).
struct AggregatePolicy {
  let compiled: CompiledGroupPolicy
  let probes: TimeProbes
  let subtractable: Bool

  init(_ policy: CheckedPolicy, _ compiled: CompiledGroupPolicy, sites: [ComparisonSite]) {
    var compiler = Compiler(sites: sites)
    compiler.groupShape = (compiled.keys.count, compiled.aggregates.count)
    probes = TimeProbes(casePolicy: policy, compiler: &compiler)
    self.compiled = compiled
    subtractable = compiled.aggregates.allSatisfy { AggregateState.isSubtractable($0.kind) }
  }

  /// Why the watch cannot judge `group` at all, nil when it can. A holder is named only by a
  /// policy over an event log's cases (the checker rejects one over groups of a `per` line),
  /// which the watch judges case by case: kept for a group that would name one.
  static func unwatchable(_ group: CheckedGroup) -> String? {
    if group.holding != nil { return "it names a holder of the case" }
    return nil
  }

  /// What `group` reads of each record: its keys, window time, among and aggregates.
  static func parts(_ group: CheckedGroup) -> [CheckedExpr] {
    var parts = group.keys + [group.window?.time, group.scope].compactMap { $0 }
    for aggregate in group.aggregates {
      parts += [aggregate.argument, aggregate.filter, aggregate.order, aggregate.until]
        .compactMap { $0 }
      if let unless = aggregate.unless { parts.append(unless) }
    }
    return parts
  }

  /// Whether a record's part of `group` can move with the clock: what it reads of each record
  /// measures a state or reads `now` (then the watch keeps its records and adds its groups up
  /// again at each instant it judges them: `MovingPolicy`).
  static func moves(_ group: CheckedGroup) -> Bool {
    // A cycle begins or ends at a record's time once now reaches it.
    group.cycles != nil || parts(group).contains(where: movesWithClock)
  }

  /// Whether `expr`'s value for a record can change as `now` moves: it reads `now`, or a
  /// state (an open state is measured to now).
  private static func movesWithClock(_ expr: CheckedExpr) -> Bool {
    switch expr {
    case .now, .state, .pausedState, .stateLength, .calendarLength, .stateOpen, .businessDays:
      return true
    default: return expr.children.contains(where: movesWithClock)
    }
  }
}

/// A record's part of a group of one aggregate policy: its group, what it added up to, its
/// window time (it counts once the clock reaches it), and whether it is in the group's state.
struct GroupPart: Codable, Equatable {
  var policy: Int
  var group: Int
  var time: Int64?
  var line: Int
  /// Whether it is kept once added (`--id`: a newer line may take it out, or its group be
  /// added up again), and whether it was added.
  var keep: Bool
  var added = false
  var state: [AggregateState]
  /// The id of its line, when it has one (`--id`; its part released with the id's others:
  /// `WatchEngine+GroupRelease`).
  var id: String? = nil

  static func == (a: GroupPart, b: GroupPart) -> Bool {
    (a.policy, a.group, a.time, a.line, a.keep, a.added)
      == (b.policy, b.group, b.time, b.line, b.keep, b.added)
      && a.id == b.id && LiveGroup.same(a.state, b.state)
  }
}

/// A group of an aggregate policy, as the watch keeps it: its key and window, its records'
/// aggregates, what was last shown of it, and (for a policy whose aggregates cannot be
/// subtracted, with `--id`) the parts it holds, to add it up again when one is taken out.
struct LiveGroup: Codable, Equatable {
  var policy: Int
  var key: [Value]
  var window: Int64
  var records = 0
  var aggregates: [AggregateState]
  /// The line that last changed it (its findings name it).
  var line = 0
  var status: Verdict.Status = .none
  var error = false
  var shown: Violation?
  var timer: Int64?
  /// Its parts' numbers, in order.
  var members: [Int]?
  /// For a policy without a window: the clock when a line last changed it (it is released
  /// `--release-after` later, `WatchEngine+GroupRelease`); and, for one whose aggregates cannot
  /// be subtracted, its released parts added up, in the order of their lines (all before its
  /// members': the group is added up again from them and its members).
  var seen: Int64? = nil
  var settled: [AggregateState]? = nil

  var state: GroupState { GroupState(records: records, aggregates: aggregates) }

  static func == (a: LiveGroup, b: LiveGroup) -> Bool {
    (a.policy, a.window, a.records, a.line) == (b.policy, b.window, b.records, b.line)
      && (a.status, a.error, a.timer) == (b.status, b.error, b.timer) && a.key == b.key
      && a.shown == b.shown && a.members == b.members && a.seen == b.seen
      && same(a.aggregates, b.aggregates) && same(a.settled ?? [], b.settled ?? [])
      && (a.settled == nil) == (b.settled == nil)
  }

  /// Whether two lists of aggregate states hold the same (as written to a checkpoint).
  static func same(_ a: [AggregateState], _ b: [AggregateState]) -> Bool {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return (try? encoder.encode(a)) == (try? encoder.encode(b))
  }
}

/// What the watch keeps of the aggregate policies: every group, the parts of records waiting
/// for the clock or (with `--id`) kept to be taken out when a newer line of their id comes,
/// the timers, and the lines read before the clock was first set.
struct LiveGroups: Codable, Equatable {
  /// By number: a group released (`WatchEngine+WindowRelease`) leaves its number unused.
  var groups = Numbered<LiveGroup>()
  var parts: [Int: GroupPart] = [:]
  var nextPart = 0
  /// Groups to judge again (their condition reads now), and parts stamped after the clock.
  var timers = TimerQueue()
  var partTimers = TimerQueue()
  var waiting: [CaseEvent] = []
  /// With `--id`: the parts of each id's latest line.
  var byID: [String: [Int]] = [:]

  var isEmpty: Bool { groups.isEmpty && parts.isEmpty && waiting.isEmpty }
}

extension CalendarWindow {
  /// The first day of the window after the one starting on `start`.
  func next(_ start: Int64) -> Int64 {
    switch period {
    case .daily: return start + 1
    case .weekly: return start + 7
    case .monthly:
      let date = CivilTime.civilFromDays(start)
      return date.month == 12
        ? CivilTime.daysFromCivil(year: date.year + 1, month: 1, day: 1)
        : CivilTime.daysFromCivil(year: date.year, month: date.month + 1, day: 1)
    }
  }
}

extension LiveProgram {
  /// The part of the record in `frame` (its timeless frame) of its group of aggregate policy
  /// `index`: the group's key, its window
  /// time and what it adds up to; nil when it is in none (out of scope, its group or window
  /// time unknown). `errors` takes a value it could not read, as the audit reports it.
  func groupPart(
    _ frame: Frame, policy index: Int, input: String, line: Int,
    errors: (DataErrorReport) -> Void
  ) -> (key: GroupKey, time: Int64?, state: GroupState)? {
    let compiled = aggregatePolicies[index].compiled
    frame.resetFindings()
    defer {
      if frame.errorCount > 0 {
        errors(
          DataErrorReport(
            input: input, line: line, record: program.recordID(frame, input: input, line: line),
            policy: compiled.name, error: frame.errors[0]))
      }
    }
    if let scope = compiled.scope, scope(frame) != true { return nil }
    var time: Int64?
    var window: Int64 = 0
    if let (calendar, at) = compiled.window {
      guard case .time(let instant) = at(frame) else { return nil }
      time = instant
      window = calendar.start(of: instant)
    }
    let key = GroupKey(values: compiled.keys.map { $0(frame) }, window: window)
    guard frame.errorCount == 0 else { return nil }
    var state = GroupState(aggregates: compiled.aggregates.count)
    state.add(frame, compiled.aggregates)
    return (key, time, state)
  }

  /// The latest window time the line in `frame` (timeless) has for an aggregate policy, nil
  /// when it has none.
  func groupEventTime(_ frame: Frame) -> Int64? {
    var latest: Int64?
    for policy in aggregatePolicies {
      guard let (_, at) = policy.compiled.window else { continue }
      frame.resetFindings()
      if case .time(let time) = at(frame) { latest = max(latest ?? time, time) }
    }
    return latest
  }

  /// Aggregate policy `index`'s verdict on a group holding `state`, with `previous` its
  /// previous window's (if any) as of `now`, and the first instant after `now` at which its
  /// condition can change with no line read (nil when none can).
  func judgeGroup(
    _ index: Int, key: GroupKey, _ state: GroupState, previous: [GroupKey: GroupState],
    now: Int64
  ) -> (verdict: Verdict, next: Int64?) {
    var verdict = Verdict()
    guard state.records > 0 else { return (verdict, nil) }
    let policy = aggregatePolicies[index]
    let compiled = policy.compiled
    let frame = Frame(
      slots: key.values.count + 2 * compiled.aggregates.count, now: now, directory: directory)
    program.judge(compiled, key, state, in: previous, frame: frame) { finding in
      switch finding {
      case .violation(let violation): verdict.violation = violation
      case .dataError(let report): if verdict.dataError == nil { verdict.dataError = report }
      case .notEnoughData, .judged, .trend, .pause: break
      }
    }
    guard !policy.probes.probes.isEmpty, now < TimeProbes.endOfTime else { return (verdict, nil) }
    // The group's frame is the same at every instant until a line changes it.
    let filled = program.groupFrame(
      compiled, key, state, in: previous, now: now, directory: directory)
    let values = withExtendedLifetime(filled) { Array(filled.values) }
    func at(_ instant: Int64) -> Frame {
      let frame = Frame(slots: values.count, now: instant, directory: directory)
      for slot in values.indices { frame.values[slot] = values[slot] }
      return frame
    }
    let start = at(now)
    guard !policy.probes.isSettled(start) else { return (verdict, nil) }
    var base: [Int64] = []
    policy.probes.signature(start, into: &base)
    var probe: [Int64] = []
    let limit =
      now > TimeProbes.endOfTime - Self.horizon ? TimeProbes.endOfTime : now + Self.horizon
    let change = Self.firstChange(after: now, limit: limit, guess: policy.probes.guess(start)) {
      instant in
      probe.removeAll(keepingCapacity: true)
      policy.probes.signature(at(instant), into: &probe)
      return probe != base
    }
    return (verdict, change ?? limit)
  }
}
