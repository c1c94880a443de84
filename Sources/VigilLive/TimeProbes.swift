import VigilCore
import VigilEvaluation
import VigilSemantics
import VigilSyntax

/// The parts of a program's record policies whose verdict moves with the clock, compiled to
/// be read for a record at any instant: a record's findings can change only at an instant
/// where one of them changes (`signature`), so the watch re-judges it only there.
///
/// Each part is monotone in time, so the first instant it changes is found by bisection
/// (`nextChange`), reading it through the very closures the audit evaluates: a state's
/// length on the wall clock, in a calendar's working time or less its pauses — whatever
/// makes it grow — crosses a threshold at one instant, and the bisection finds that instant
/// to the millisecond.
struct TimeProbes {
  /// One part that moves with the clock.
  enum Probe {
    /// A state: whether it has begun, whether it has ended (or became unknown), and for each
    /// duration it is compared with whether its length (as measured) reached it and passed it
    /// — for `comparison` `>` or `<=` only whether it passed it, for `>=` or `<` only whether
    /// it reached it: the comparison's truth changes there and only there.
    case state(wall: StateEval, measured: StateEval, limits: [Eval], comparison: BinaryOperator?)
    /// A test whose truth flips once as time passes (`> 2 business days`).
    case truth(Eval)
    /// Two sides of a comparison whose order changes as time passes (`callback_lateness > 15m`
    /// where `callback_lateness` reads `now`).
    case order(Eval, Eval, String)
  }

  private(set) var probes: [Probe] = []
  /// The states' undecorated closures, for a record's event time (`eventTime`).
  private(set) var walls: [StateEval] = []
  /// Those of the states whose pauses may be dishonest (`paused in … unless …`).
  private(set) var honestPauses: [StateEval] = []
  /// The policies whose condition reads `now` in a way the watch cannot time, and how.
  private(set) var untimed: [(policy: String, location: String, reason: String)] = []

  /// The latest instant anything can be stamped with (9999-12-31T23:59:59.999Z).
  static let endOfTime: Int64 = 253_402_300_799_999

  /// Compiles the parts of `policies` (record policies: conditions and warnings) that move
  /// with the clock, into `compiler`, whose layout is the program's.
  init(_ policies: [CheckedPolicy], compiler: inout Compiler) {
    // A policy judging each cycle of its record's list of changes is timed cycle by cycle
    // (`LiveProgram+Cycles`).
    for policy in policies where policy.group == nil && policy.recordCycles == nil {
      add(policy, &compiler)
    }
  }

  /// Compiles the parts of a policy over an event log's cases that move with the clock,
  /// over the case's frame (its keys and aggregates): `compiler` is one for the policy's
  /// group shape.
  init(casePolicy policy: CheckedPolicy, compiler: inout Compiler) {
    add(policy, &compiler)
  }

  /// Compiles the parts of a group policy's records that move with the clock (`parts`: its
  /// among, keys, window time and aggregates, over a record), into `compiler`, whose layout is
  /// the program's (`MovingPolicy`).
  init(parts: [CheckedExpr], policy: String, compiler: inout Compiler) {
    var finder = ProbeFinder(policy: policy)
    for part in parts { finder.walk(part, &compiler) }
    probes = finder.probes
    walls = finder.walls
    if let reason = finder.untimed { untimed.append((policy, "", reason)) }
  }

  /// Whether some part can change at an instant `instants` does not tell: a count of business
  /// days, `now` outside a comparison or in one that cannot be timed. (A comparison with
  /// `now` whose sides drift apart changes at instants `instants` finds.)
  var movesBetweenInstants: Bool {
    !untimed.isEmpty || probes.contains { if case .truth = $0 { true } else { false } }
  }

  /// The earliest instant the search for a comparison's changes starts at
  /// (0001-01-01T00:00:00Z).
  static let startOfTime: Int64 = -62_135_596_800_000

  /// What `left` and `right` of a comparison with `now` read in `frame` at `instant`: their
  /// order, or -2 when unknown (a value missing or unreadable); `frame` moved there.
  private static func order(
    _ left: Eval, _ right: Eval, _ label: String, _ frame: Frame, at instant: Int64
  ) -> Int64 {
    frame.move(to: instant)
    return Operations.order(left(frame), right(frame), label, frame, equalityOnly: false)
      .map(Int64.init) ?? -2
  }

  /// The instants at which the comparisons with `now` of the record in `frame` change their
  /// order, each the first instant of its new order. Their sides drift apart as `now` grows
  /// (`ClockDrift`), so each order holds over one stretch of time (before, at and after the
  /// instant they meet; unknown throughout when a value is missing, or beyond the ends of
  /// time where a side overflows): each change is found exactly by bisection, a few dozen
  /// looks. `frame` is left as it was.
  func orderInstants(_ frame: Frame) -> [Int64] {
    let saved = frame.now
    defer { frame.move(to: saved) }
    var instants: [Int64] = []
    for probe in probes {
      guard case .order(let left, let right, let label) = probe else { continue }
      func order(_ instant: Int64) -> Int64 {
        Self.order(left, right, label, frame, at: instant)
      }
      let last = order(Self.endOfTime)
      var start = Self.startOfTime
      var value = order(start)
      // Below, above and at the instant the sides meet, unknown at either end: at most
      // four changes (a bound, should an order not hold over one stretch).
      for _ in 0..<6 where value != last {
        // The first instant after `start` with another order: `low` has `value`, `high` not.
        var (low, high) = (start, Self.endOfTime)
        while high - low > 1 {
          let middle = low + (high - low) / 2
          if order(middle) == value { low = middle } else { high = middle }
        }
        instants.append(high)
        (start, value) = (high, order(high))
      }
    }
    return instants
  }

  /// The instants at which the states of the record in `frame` (as of the end of time) begin,
  /// end, and reach (`>=`, `<`) or pass (`>`, `<=`) their limits on the wall clock (the
  /// parts' probes change there, or near there in working time or less pauses), and those
  /// at which its comparisons with `now` change (`orderInstants`); `unknown` when a state
  /// cannot be measured (its data error may depend on the clock).
  func instants(_ frame: Frame) -> (instants: [Int64], unknown: Bool) {
    var instants: [Int64] = []
    var unknown = false
    for probe in probes {
      guard case .state(let wall, _, let limits, let comparison) = probe else { continue }
      guard let value = wall(frame) else {
        unknown = true
        continue
      }
      instants.append(value.start)
      if !value.open { instants.append(value.end ?? value.start + value.length) }
      for limit in limits {
        guard case .duration(let threshold) = limit(frame) else { continue }
        let (reach, overflow) = value.start.addingReportingOverflow(threshold)
        guard !overflow, reach < .max else { continue }
        if comparison != .greater && comparison != .lessEqual { instants.append(reach) }
        if comparison != .greaterEqual && comparison != .less { instants.append(reach + 1) }
      }
    }
    instants += orderInstants(frame)
    frame.resetFindings()
    return (instants, unknown)
  }

  private mutating func add(_ policy: CheckedPolicy, _ compiler: inout Compiler) {
    var finder = ProbeFinder(policy: policy.name)
    // An escalation chain's levels are reached when the length passes its threshold by
    // more than each delay: those lengths are limits too.
    finder.delays = policy.actions.flatMap { $0.steps.map(\.after) }
    finder.walk(policy.condition, &compiler)
    if let warning = policy.warning { finder.walk(warning.condition, &compiler) }
    probes += finder.probes
    walls += finder.walls
    honestPauses += finder.honestPauses
    if let reason = finder.untimed { untimed.append((policy.name, policy.location, reason)) }
  }

  /// What the probes read for the record in `frame` (at `frame.now`), appended to `out`.
  func signature(_ frame: Frame, into out: inout [Int64]) {
    for probe in probes {
      switch probe {
      case .state(let wall, let measured, let limits, let comparison):
        guard let value = wall(frame) else {
          out.append(-1)
          continue
        }
        let begun = value.start <= frame.now
        out.append(begun ? (value.open ? 1 : 2) : 0)
        let length = measured(frame)?.length
        for limit in limits {
          guard let length, case .duration(let threshold) = limit(frame) else {
            out.append(-1)
            continue
          }
          let sign = Operations.sign(length, threshold)
          switch comparison {
          case .greater?, .lessEqual?: out.append(sign > 0 ? 1 : 0)
          case .greaterEqual?, .less?: out.append(sign >= 0 ? 1 : 0)
          default: out.append(Int64(sign))
          }
        }
      case .truth(let test):
        out.append(Logic.truth(test(frame), frame).map { $0 ? 1 : 0 } ?? -1)
      case .order(let left, let right, let label):
        let order = Operations.order(
          left(frame), right(frame), label, frame, equalityOnly: false)
        out.append(order.map(Int64.init) ?? -2)
      }
    }
  }

  /// The instant after `frame.now` at which the probes most likely change first: the
  /// earliest at which a state begins, or at which its length on the wall clock reaches one
  /// of its limits or passes it. Exact for a state on the wall clock; for working time, a
  /// paused state or an end stamped ahead only a first guess, which the search checks
  /// (`LiveProgram.firstChange`). Nil when no state has such an instant ahead.
  func guess(_ frame: Frame) -> Int64? {
    var best: Int64?
    func consider(_ instant: Int64) {
      if instant > frame.now { best = min(best ?? instant, instant) }
    }
    for probe in probes {
      guard case .state(let wall, _, let limits, let comparison) = probe, let value = wall(frame)
      else {
        continue
      }
      consider(value.start)
      guard value.open || value.start > frame.now else { continue }
      for limit in limits {
        guard case .duration(let threshold) = limit(frame) else { continue }
        let (reach, overflow) = value.start.addingReportingOverflow(threshold)
        guard !overflow else { continue }
        if comparison != .greater && comparison != .lessEqual { consider(reach) }
        if reach < .max && comparison != .greaterEqual && comparison != .less {
          consider(reach + 1)
        }
      }
    }
    frame.resetFindings()
    return best
  }

  /// Whether a state the probes measure is open for the record in `frame` (as of the end of
  /// time: no end recorded), so that a newer line of it can still end it.
  func hasOpenState(_ frame: Frame) -> Bool {
    defer { frame.resetFindings() }
    return probes.contains { probe in
      guard case .state(let wall, _, _, _) = probe, let value = wall(frame) else { return false }
      return value.open
    }
  }

  /// Whether nothing the probes read can change any more for the record in `frame`: every
  /// state has ended (or is unknown) and every comparison with `now` has the order it keeps
  /// to the end of time.
  func isSettled(_ frame: Frame) -> Bool {
    probes.allSatisfy { probe in
      switch probe {
      case .state(let wall, _, _, _):
        guard let value = wall(frame) else { return true }
        return !value.open && value.start <= frame.now
      case .truth: return true
      case .order(let left, let right, let label):
        // Its sides drift apart: the order it has now it keeps if it has it at the end of
        // time (each order holds over one stretch of time, `orderInstants`).
        let now = frame.now
        defer { frame.move(to: now) }
        return Self.order(left, right, label, frame, at: now)
          == Self.order(left, right, label, frame, at: Self.endOfTime)
      }
    }
  }

  /// The first instant after `now`, and at most `frame.now`, at which a dishonest pause of
  /// the record in `frame` begins to count time in its state (the audit lists it from then
  /// on): a millisecond after it was contradicted, or after its state began if later. Read
  /// as of `frame.now`, so that the pauses contradicted by then are all seen. Nil when none.
  func nextPause(_ frame: Frame, after now: Int64) -> Int64? {
    var next: Int64?
    for state in honestPauses {
      frame.resetFindings()
      guard let value = state(frame) else { continue }
      for pause in frame.dishonestPauses {
        let (instant, overflow) = max(value.start, pause.contradicted).addingReportingOverflow(1)
        if !overflow, instant > now, instant <= frame.now { next = min(next ?? instant, instant) }
      }
    }
    frame.resetFindings()
    return next
  }

  /// The latest instant at which one of the record's states starts or ends (what its line
  /// records happening), nil when it has no state that has begun by the end of time.
  func eventTime(_ frame: Frame) -> Int64? {
    var latest: Int64?
    for wall in walls {
      guard let value = wall(frame) else { continue }
      var instant = value.start
      if !value.open { instant = max(instant, value.end ?? value.start + value.length) }
      latest = max(latest ?? instant, instant)
    }
    return latest
  }
}

/// Walks a condition for the parts that move with the clock.
private struct ProbeFinder {
  let policy: String
  var probes: [TimeProbes.Probe] = []
  var walls: [StateEval] = []
  var honestPauses: [StateEval] = []
  var untimed: String?
  var delays: [Int64] = []

  init(policy: String) { self.policy = policy }

  mutating func walk(_ expr: CheckedExpr, _ compiler: inout Compiler) {
    switch expr {
    case .stateLength(let op, let state, let other, let site):
      addState(state, limit: other, op, site: site, calendar: nil, &compiler)
    case .calendarLength(let op, let state, let other, let site, let choice):
      addState(state, limit: other, op, site: site, calendar: choice, &compiler)
    case .stateOpen(let state, let site):
      addState(state, limit: nil, nil, site: site, calendar: nil, &compiler)
    case .businessDays(let op, let state, let days, let site, let choice):
      addState(state, limit: nil, nil, site: site, calendar: nil, &compiler)
      probes.append(.truth(compiler.compileBusinessDays(op, state, days, site, choice)))
    case .compare(_, let left, let right, let site):
      addOrder(left, right, label: compiler.sites[site].label, &compiler)
    case .between(let value, let low, let high, let site):
      let label = compiler.sites[site].label
      addOrder(value, low, label: label, &compiler)
      addOrder(value, high, label: label, &compiler)
    case .now:
      untimed = untimed ?? "it reads now outside a comparison"
    default:
      for child in expr.children { walk(child, &compiler) }
    }
  }

  private mutating func addState(
    _ state: CheckedExpr, limit: CheckedExpr?, _ comparison: BinaryOperator?, site: Int,
    calendar: CalendarChoice?, _ compiler: inout Compiler
  ) {
    guard ClockDrift.of(state) == .fixed, limit.map({ ClockDrift.of($0) == .fixed }) ?? true
    else {
      untimed = untimed ?? "a state or its threshold reads now"
      return
    }
    let label = compiler.sites[site].label
    let wall = compiler.compileState(state, label: label)
    let measured = compiler.compileMeasuredState(state, label: label, in: calendar)
    walls.append(wall)
    if case .pausedState(_, _, _, .some) = state { honestPauses.append(wall) }
    var limits = limit.map { [compiler.compile($0)] } ?? []
    if case .constant(.duration(let threshold)) = limit {
      limits += delays.map { delay in { _ in .duration(threshold + delay) } }
    }
    probes.append(.state(wall: wall, measured: measured, limits: limits, comparison: comparison))
  }

  private mutating func addOrder(
    _ left: CheckedExpr, _ right: CheckedExpr, label: String, _ compiler: inout Compiler
  ) {
    switch ClockDrift.of(left).adding(ClockDrift.of(right).flipped) {
    case .fixed:
      walk(left, &compiler)
      walk(right, &compiler)
    case .rising, .falling:
      probes.append(.order(compiler.compile(left), compiler.compile(right), label))
    case .unknown:
      untimed = untimed ?? "\(label) moves with now in a way that cannot be timed"
    }
  }
}

extension CheckedExpr {
  /// The expressions directly inside this one.
  var children: [CheckedExpr] {
    switch self {
    case .constant, .field, .now, .groupKey, .aggregate, .previous, .cycleBound: return []
    case .list(let items), .call(_, let items): return items
    case .not(let operand), .negate(let operand), .isMissing(let operand, _),
      .matches(let operand, _), .relation(_, let operand, _):
      return [operand]
    case .and(let left, let right), .or(let left, let right), .compare(_, let left, let right, _),
      .arithmetic(_, let left, let right), .membership(let left, let right, _),
      .contains(let left, let right), .stateLength(_, let left, let right, _),
      .calendarLength(_, let left, let right, _, _), .state(let left, let right):
      return [left, right]
    case .between(let value, let low, let high, _): return [value, low, high]
    case .pausedState(let state, let history, let condition, let unless):
      return [state, history, condition] + (unless.map { [$0] } ?? [])
    case .stateOpen(let state, _), .businessDays(_, let state, _, _, _): return [state]
    }
  }
}
