import VigilCore
import VigilSemantics
import VigilSyntax

/// Compiling states: their lengths (on the wall clock, in a calendar, or less their pauses)
/// and their openness.
extension Compiler {
  package mutating func compileStateLength(
    _ op: BinaryOperator, _ state: CheckedExpr, _ other: CheckedExpr, _ site: Int,
    in calendar: CalendarChoice? = nil
  ) -> Eval {
    if let test = compileStateLengthTest(op, state, other, site, in: calendar) {
      return Compiler.value(of: test)
    }
    let label = sites[site].label
    let s = compileMeasuredState(state, label: label, in: calendar)
    let explains = !checking
    let o = compile(other)
    return { frame in
      guard let value = s(frame) else {
        // The limit is read all the same, as a duration: its data errors do not depend on
        // the state's length.
        _ = Operations.compare(op, .duration(0), o(frame), label, frame)
        return .null
      }
      let limit = o(frame)
      guard
        let result = Operations.compare(op, .duration(value.length), limit, label, frame)
      else { return .null }
      if result && explains && frame.stateEvidence == nil {
        frame.stateEvidence = Evidence(
          site: site, measured: .duration(value.length), open: value.open, limit: limit)
      }
      return .bool(result)
    }
  }

  /// A state's length compared with a constant duration, as a test; nil for any other limit.
  package mutating func compileStateLengthTest(
    _ op: BinaryOperator, _ state: CheckedExpr, _ other: CheckedExpr, _ site: Int,
    in calendar: CalendarChoice? = nil
  ) -> Test? {
    guard case .constant(.duration(let threshold)) = other else { return nil }
    let explains = !checking
    if calendar == nil, case .state(.field(let from, .time), .field(let until, .time)) = state {
      // The usual state, read in place: no closure called through another.
      let wall = wallState(from, until, label: sites[site].label)
      return { frame in
        guard let value = wall.value(frame) else { return nil }
        return Compiler.holds(op, value, threshold, site: site, explains: explains, frame)
      }
    }
    let s = compileMeasuredState(state, label: sites[site].label, in: calendar)
    return { frame in
      guard let value = s(frame) else { return nil }
      return Compiler.holds(op, value, threshold, site: site, explains: explains, frame)
    }
  }

  /// Whether a state's length compares with `threshold` as `op` says; when it does, and the
  /// comparison `explains`, its evidence is the first one the frame keeps.
  @inline(__always)
  static func holds(
    _ op: BinaryOperator, _ value: StateValue, _ threshold: Int64, site: Int, explains: Bool,
    _ frame: Frame
  ) -> Bool {
    let result = Operations.holds(op, Operations.sign(value.length, threshold))
    if result && explains && frame.stateEvidence == nil {
      frame.stateEvidence = Evidence(
        site: site, measured: .duration(value.length), open: value.open,
        limit: .duration(threshold))
    }
    return result
  }

  /// A state as a comparison measures it: on the wall clock, or counted in a calendar's
  /// working hours (the same interval, less its pauses' working time).
  package mutating func compileMeasuredState(
    _ state: CheckedExpr, label: String, in calendar: CalendarChoice?
  ) -> StateEval {
    let wall = compileState(state, label: label)
    guard let calendar else { return wall }
    let choose = compileCalendar(calendar)
    if checking {
      // A second look chooses the calendar (which can fail) but counts no working time.
      return { frame in
        let value = wall(frame)
        return choose(frame) == nil ? nil : value
      }
    }
    return { frame in
      guard var value = wall(frame) else {
        _ = choose(frame)  // the calendar's choice is read all the same
        return nil
      }
      guard let calendar = choose(frame) else { return nil }
      value.length = Compiler.workingTime(of: value, in: calendar, frame)
      return value
    }
  }

  /// A state's working time in `calendar`: the working time of its interval (to now while
  /// open), less its pauses' working time.
  package static func workingTime(
    of value: StateValue, in calendar: BusinessCalendar, _ frame: Frame
  ) -> Int64 {
    let end = value.end ?? value.start + value.length
    var total = calendar.workingTime(from: value.start, to: end)
    for pause in frame.pauses(value.pauses) {
      total -= calendar.workingTime(from: max(pause.start, value.start), to: min(pause.end, end))
    }
    return total
  }

  /// A state whose clock stops during the changes of its history where `condition` holds.
  /// Each change (`{…, "at": time}`) lasts until the next one by time (the last one, on);
  /// the pauses' overlap with the state's interval is left out of its length. With `unless`,
  /// a pause is not honest from its first change where `unless` holds: that time counts.
  package mutating func compilePausedState(
    _ state: CheckedExpr, _ history: CheckedExpr, _ condition: CheckedExpr,
    _ unless: CheckedExpr?, label: String
  ) -> StateEval {
    let base = compileState(state, label: label)
    let changes = compile(history)
    if unless != nil { compiledHonestPause = true }
    // The conditions read a change's fields: slots of a layout of their own.
    var changeCompiler = Compiler(sites: sites)
    let paused = changeCompiler.compile(condition)
    let dishonest = unless.map { changeCompiler.compile($0) }
    let read = PauseReader(layout: changeCompiler.layout, paused: paused, dishonest: dishonest)
    return { frame in
      guard var value = base(frame) else {
        // The history is read all the same, for its data errors.
        _ = read.pauses(changes(frame), label, frame)
        return nil
      }
      let errorsBefore = frame.errorCount
      let end = value.start + value.length
      // A history that cannot be read leaves the state unknown.
      guard let found = read.pauses(changes(frame), label, frame),
        frame.errorCount == errorsBefore
      else { return nil }
      let overlap = found.pauses.reduce(Int64(0)) { total, pause in
        total + max(0, min(end, pause.end) - max(value.start, pause.start))
      }
      value.length -= overlap
      value.end = end
      if !found.pauses.isEmpty { value.pauses = frame.keep(found.pauses) }
      let counted = DishonestPause.within(found.dishonest, from: value.start, to: end)
      if !counted.isEmpty { value.dishonest = frame.keep(dishonest: counted) }
      return value
    }
  }

  /// The calendar a record is counted in; nil (with a data error) when the record's value
  /// chooses none.
  package mutating func compileCalendar(_ choice: CalendarChoice) -> (Frame) -> BusinessCalendar? {
    if let fixed = choice.fixed { return { _ in fixed } }
    // INVARIANT: a choice without a fixed calendar has a selector.
    let selector = compile(choice.selector!)
    let (byValue, fallback, name) = (choice.byValue, choice.fallback, choice.name)
    return { frame in
      let value = selector(frame)
      let key: String? =
        switch value {
        case .text(let text): text
        case .number, .bool: Operations.format(value)
        default: nil
        }
      if let key, let calendar = byValue[key] { return calendar }
      if let fallback { return fallback }
      frame.fail(
        name, value, "no calendar for \(Operations.describe(value))",
        help: "add a choice for it, or an otherwise line, to calendar \(name)")
      return nil
    }
  }

  package mutating func compileStateOpen(_ state: CheckedExpr, _ site: Int) -> Eval {
    let s = compileState(state, label: sites[site].label)
    let explains = !checking
    return { frame in
      guard let value = s(frame) else { return .null }
      if value.open && explains && frame.stateEvidence == nil {
        frame.stateEvidence = Evidence(site: site, measured: .duration(value.length), open: true)
      }
      return .bool(value.open)
    }
  }

  /// A state's value per record: unknown without a start; not begun when the start is after
  /// now; open while the end is missing or after now (measured to now); else closed. The
  /// end is read even when the start decides (for its data errors).
  package mutating func compileState(_ expr: CheckedExpr, label: String) -> StateEval {
    if case .pausedState(let state, let history, let condition, let unless) = expr {
      return compilePausedState(state, history, condition, unless, label: label)
    }
    guard case .state(let from, let until) = expr else {
      return { _ in nil }
    }
    if case .field(let start, .time) = from, case .field(let end, .time) = until {
      // The usual state, between two time fields: read straight from the slots. Its value
      // and data errors are those of the general closure below.
      return compileStateCheck(start, end, label: label)
    }
    let start = compile(from)
    let end = compile(until)
    return { frame in
      let errorsBefore = frame.errorCount
      guard case .time(let begin) = Operations.asTime(start(frame), label, frame) else {
        _ = Operations.asTime(end(frame), label, frame)
        return nil
      }
      if begin > frame.now {
        _ = Operations.asTime(end(frame), label, frame)
        return StateValue(start: begin, length: 0, open: false)
      }
      let finish = Operations.asTime(end(frame), label, frame)
      if frame.errorCount > errorsBefore { return nil }
      guard case .time(let stop) = finish, stop <= frame.now else {
        return StateValue(start: begin, length: frame.now - begin, open: true)
      }
      guard stop >= begin else { return Compiler.endsBeforeStart(begin, stop, label, frame) }
      return StateValue(start: begin, length: stop - begin, open: false)
    }
  }

  /// The data error of a closed state whose end is before its start (the state is unknown).
  package static func endsBeforeStart(
    _ begin: Int64, _ stop: Int64, _ label: String, _ frame: Frame
  )
    -> StateValue?
  {
    frame.fail(
      label, .time(stop),
      "ends (\(TimeParsing.formatISO8601(stop))) before it starts (\(TimeParsing.formatISO8601(begin)))",
      help: "the record's end time is earlier than its start time")
    return nil
  }

  /// A state longer than `days` business days: its end (or now, while open) later than the
  /// deadline. Pauses do not move the deadline; the violation shows the state's working
  /// time less its pauses, as `in CALENDAR` measures it.
  package mutating func compileBusinessDays(
    _ op: BinaryOperator, _ state: CheckedExpr, _ days: Int, _ site: Int, _ choice: CalendarChoice
  ) -> Eval {
    let s = compileState(state, label: sites[site].label)
    let choose = compileCalendar(choice)
    if checking {
      // A second look chooses the calendar (which can fail) but computes no deadline.
      return { frame in
        _ = s(frame)
        _ = choose(frame)
        return .null
      }
    }
    return { frame in
      guard let value = s(frame) else {
        _ = choose(frame)  // the calendar's choice is read all the same
        return .null
      }
      guard let calendar = choose(frame) else { return .null }
      // The state's end, or now while it is open (its start when it has not begun).
      let end = value.end ?? value.start + value.length
      let deadline = calendar.deadline(from: value.start, days: days)
      let result = (op == .greater ? end > deadline : end >= deadline) && end > value.start
      if result && frame.stateEvidence == nil {
        frame.stateEvidence = Evidence(
          site: site, measured: .duration(Compiler.workingTime(of: value, in: calendar, frame)),
          open: value.open)
      }
      return .bool(result)
    }
  }
}
