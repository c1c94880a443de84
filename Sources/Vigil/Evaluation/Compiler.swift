/// A compiled expression: reads the frame, returns a value (`.null` for missing or unknown).
typealias Eval = (Frame) -> Value
/// A compiled state: nil when the state is unknown for the record (a missing start).
typealias StateEval = (Frame) -> StateValue?

/// Turns a checked program into closures over field slots. Names were resolved, definitions
/// expanded, regexes and time patterns compiled by the checker; nothing is looked up by name
/// while records are evaluated.
struct Compiler {
  /// The fields the program reads, by slot.
  var layout = RecordLayout()
  let sites: [ComparisonSite]
  /// For a group policy's condition: how many keys and aggregates a group frame holds.
  var groupShape = (keys: 0, aggregates: 0)

  init(sites: [ComparisonSite]) {
    self.sites = sites
  }

  mutating func compile(_ expr: CheckedExpr) -> Eval {
    switch expr {
    case .constant(let value): return { _ in value }
    case .field(let path, let reading): return compileField(path, reading)
    case .now: return { frame in .time(frame.now) }
    case .list(let items):
      let elements = items.map { compile($0) }
      return { frame in .list(elements.map { $0(frame) }) }
    case .call(let builtin, let arguments): return compileCall(builtin, arguments)
    case .not(let operand):
      let inner = compile(operand)
      return { frame in Logic.not(Logic.truth(inner(frame), frame)) }
    case .negate(let operand):
      let inner = compile(operand)
      return { frame in Operations.negate(inner(frame), frame) }
    case .and(let left, let right): return compileAnd(left, right)
    case .or(let left, let right): return compileOr(left, right)
    case .compare(let op, let left, let right, let site):
      return compileComparison(op, left, right, site)
    case .stateLength(let op, let state, let other, let site):
      return compileStateLength(op, state, other, site)
    case .stateOpen(let state, let site): return compileStateOpen(state, site)
    case .arithmetic(let op, let left, let right):
      let (l, r) = (compile(left), compile(right))
      return { frame in Operations.arithmetic(op, l(frame), r(frame), frame) }
    case .membership(let element, .constant(.list(let items)), let negated)
    where items.allSatisfy({ if case .text = $0 { true } else { false } }):
      let e = compile(element)
      let texts = items.compactMap { if case .text(let text) = $0 { text } else { nil } }
      let slot: Int? =
        if case .field(let path, .raw) = element { layout.slot(for: path) } else { nil }
      let textBytes = texts.map { Array($0.utf8) }
      return { frame in
        // A text left unread is compared as bytes: no string is made for it.
        if let slot, let text = frame.deferredText(slot) {
          return .bool(textBytes.contains { Operations.bytesEqual(text, $0) } != negated)
        }
        let value = e(frame)
        guard case .text(let text) = value else {
          return Operations.membership(value, .list(items), negated: negated)
        }
        let count = text.utf8.count
        let found = texts.contains { $0.utf8.count == count && $0.utf8.elementsEqual(text.utf8) }
        return .bool(found != negated)
      }
    case .membership(let element, let list, let negated):
      let (e, l) = (compile(element), compile(list))
      return { frame in Operations.membership(e(frame), l(frame), negated: negated) }
    case .contains(let container, let element):
      let (c, e) = (compile(container), compile(element))
      return { frame in Operations.contains(c(frame), e(frame), frame) }
    case .matches(let text, let regex):
      let t = compile(text)
      return { frame in Operations.matches(t(frame), regex, frame) }
    case .between: preconditionFailure("between is checked into two comparisons")
    case .isMissing(let operand, let negated): return compileIsMissing(operand, negated)
    case .state, .pausedState:
      // A state where a value is wanted: the checker only allows this inside comparisons.
      return { _ in .null }
    case .groupKey(let slot):
      return { frame in frame.values[slot] }
    case .aggregate(let index):
      let slot = groupShape.keys + index
      return { frame in frame.values[slot] }
    case .previous(let index):
      let slot = groupShape.keys + groupShape.aggregates + index
      return { frame in frame.values[slot] }
    case .calendarLength(let op, let state, let other, let site, let calendar):
      return compileStateLength(op, state, other, site, in: calendar)
    case .businessDays(let op, let state, let days, let site, let choice):
      let s = compileState(state, label: sites[site].label)
      let choose = compileCalendar(choice)
      return { frame in
        guard let value = s(frame), let calendar = choose(frame) else { return .null }
        // The state's end, or now while it is open (its start when it has not begun).
        let end = value.start + value.length
        let deadline = calendar.deadline(from: value.start, days: days)
        let result = op == .greater ? end > deadline : end >= deadline
        if result && value.length > 0 && frame.stateEvidence == nil {
          frame.stateEvidence = Evidence(
            site: site, measured: .duration(calendar.workingTime(from: value.start, to: end)),
            open: value.open)
        }
        return .bool(result && value.length > 0)
      }
    case .relation(let relation, let operand, let label):
      let person = compile(operand)
      return { frame in Operations.relation(relation, person(frame), label, frame) }
    }
  }

  // MARK: - Fields

  mutating func compileField(_ path: FieldPath, _ reading: FieldReading) -> Eval {
    let slot = layout.slot(for: path)
    switch reading {
    case .raw:
      return { frame in frame.value(slot) }
    case .time:
      layout.markTime(slot)
      let label = path.description
      return { frame in
        let value = frame.value(slot)
        if case .time = value { return value }
        return Operations.readTime(value, label, frame)
      }
    }
  }

  mutating func compileIsMissing(_ operand: CheckedExpr, _ negated: Bool) -> Eval {
    if case .field(let path, let reading) = operand {
      // Test the raw value: an unreadable time is present, not missing.
      let slot = layout.slot(for: path)
      let emptyIsMissing = reading == .time
      return { frame in
        let missing = Operations.isMissingRaw(frame.value(slot), emptyIsMissing: emptyIsMissing)
        return .bool(missing != negated)
      }
    }
    let inner = compile(operand)
    return { frame in
      let errorsBefore = frame.errorCount
      let value = inner(frame)
      if frame.errorCount > errorsBefore { return .null }
      return .bool(value.isMissing != negated)
    }
  }

  // MARK: - Logic

  mutating func compileAnd(_ left: CheckedExpr, _ right: CheckedExpr) -> Eval {
    let (l, r) = (compile(left), compile(right))
    return { frame in
      let a = Logic.truth(l(frame), frame)
      if a == false { return .bool(false) }
      let b = Logic.truth(r(frame), frame)
      if b == false { return .bool(false) }
      return a == true && b == true ? .bool(true) : .null
    }
  }

  mutating func compileOr(_ left: CheckedExpr, _ right: CheckedExpr) -> Eval {
    let (l, r) = (compile(left), compile(right))
    return { frame in
      let a = Logic.truth(l(frame), frame)
      if a == true { return .bool(true) }
      let b = Logic.truth(r(frame), frame)
      if b == true { return .bool(true) }
      return a == false && b == false ? .bool(false) : .null
    }
  }

  // MARK: - Comparisons

  mutating func compileComparison(
    _ op: BinaryOperator, _ left: CheckedExpr, _ right: CheckedExpr, _ site: Int
  ) -> Eval {
    if case .field(let path, .raw) = left, case .constant(.text(let literal)) = right,
      op == .equal || op == .notEqual,
      let fast = compileComparison(op, compile(left), with: .text(literal), site)
    {
      // A text left unread is compared as bytes: no string is made for it.
      let slot = layout.slot(for: path)
      let bytes = Array(literal.utf8)
      let wanted = op == .equal
      return { frame in
        if let text = frame.deferredText(slot) {
          return .bool(Operations.bytesEqual(text, bytes) == wanted)
        }
        return fast(frame)
      }
    }
    if case .constant(let constant) = right, !sites[site].measuredOnRight,
      let fast = compileComparison(op, compile(left), with: constant, site)
    {
      return fast
    }
    let (l, r) = (compile(left), compile(right))
    let onRight = sites[site].measuredOnRight
    let label = sites[site].label
    // Thresholds explain violations; equality tests (type == "complaint") only select records.
    let isThreshold = op != .equal && op != .notEqual
    return { frame in
      let a = l(frame)
      let b = r(frame)
      guard let result = Operations.compare(op, a, b, label, frame) else { return .null }
      if result && isThreshold && frame.valueEvidence == nil {
        frame.valueEvidence = Evidence(
          site: site, measured: onRight ? b : a, open: nil, limit: onRight ? a : b)
      }
      return .bool(result)
    }
  }

  /// A comparison with a constant, with a fast path for the usual kinds of value (texts
  /// tested for equality, numbers, times, durations) and the general one for the rest.
  func compileComparison(
    _ op: BinaryOperator, _ read: @escaping Eval, with constant: Value, _ site: Int
  ) -> Eval? {
    let label = sites[site].label
    let isThreshold = op != .equal && op != .notEqual
    let general: (Frame, Value) -> Value = { frame, value in
      guard let result = Operations.compare(op, value, constant, label, frame) else { return .null }
      if result && isThreshold && frame.valueEvidence == nil {
        frame.valueEvidence = Evidence(site: site, measured: value, open: nil, limit: constant)
      }
      return .bool(result)
    }
    switch constant {
    case .text(let literal) where !isThreshold:
      let wanted = op == .equal
      let count = literal.utf8.count
      return { frame in
        let value = read(frame)
        guard case .text(let text) = value else { return general(frame, value) }
        return .bool((text.utf8.count == count && text.utf8.elementsEqual(literal.utf8)) == wanted)
      }
    case .number(let threshold):
      return { frame in
        let value = read(frame)
        guard case .number(let number) = value else { return general(frame, value) }
        let result = Operations.holds(op, Operations.sign(number, threshold))
        if result && isThreshold && frame.valueEvidence == nil {
          frame.valueEvidence = Evidence(site: site, measured: value, open: nil, limit: constant)
        }
        return .bool(result)
      }
    case .time(let threshold), .duration(let threshold):
      let isTime = if case .time = constant { true } else { false }
      return { frame in
        let value = read(frame)
        let measured: Int64
        switch value {
        case .time(let instant) where isTime: measured = instant
        case .duration(let length) where !isTime: measured = length
        default: return general(frame, value)
        }
        let result = Operations.holds(op, Operations.sign(measured, threshold))
        if result && isThreshold && frame.valueEvidence == nil {
          frame.valueEvidence = Evidence(site: site, measured: value, open: nil, limit: constant)
        }
        return .bool(result)
      }
    default:
      return nil
    }
  }

  mutating func compileStateLength(
    _ op: BinaryOperator, _ state: CheckedExpr, _ other: CheckedExpr, _ site: Int,
    in calendar: CalendarChoice? = nil
  ) -> Eval {
    let label = sites[site].label
    var s = compileState(state, label: label)
    if let calendar {
      // The state's working time: the same interval, counted in the calendar's hours.
      let wall = s
      let choose = compileCalendar(calendar)
      s = { frame in
        guard var value = wall(frame), let calendar = choose(frame) else { return nil }
        let end = value.end ?? value.start + value.length
        value.length =
          calendar.workingTime(from: value.start, to: end)
          - value.pauses.reduce(0) { total, pause in
            total
              + calendar.workingTime(from: max(pause.start, value.start), to: min(pause.end, end))
          }
        return value
      }
    }
    if case .constant(.duration(let threshold)) = other {
      return { frame in
        guard let value = s(frame) else { return .null }
        let result = Operations.holds(op, Operations.sign(value.length, threshold))
        if result && frame.stateEvidence == nil {
          frame.stateEvidence = Evidence(
            site: site, measured: .duration(value.length), open: value.open,
            limit: .duration(threshold))
        }
        return .bool(result)
      }
    }
    let o = compile(other)
    return { frame in
      guard let value = s(frame) else { return .null }
      let limit = o(frame)
      guard
        let result = Operations.compare(op, .duration(value.length), limit, label, frame)
      else { return .null }
      if result && frame.stateEvidence == nil {
        frame.stateEvidence = Evidence(
          site: site, measured: .duration(value.length), open: value.open, limit: limit)
      }
      return .bool(result)
    }
  }

  /// A state whose clock stops during the changes of its history where `condition` holds.
  /// Each change (`{…, "at": time}`) lasts until the next one by time (the last one, on);
  /// the pauses' overlap with the state's interval is left out of its length.
  mutating func compilePausedState(
    _ state: CheckedExpr, _ history: CheckedExpr, _ condition: CheckedExpr, label: String
  ) -> StateEval {
    let base = compileState(state, label: label)
    let changes = compile(history)
    // The condition reads a change's fields: slots of a layout of its own.
    var changeCompiler = Compiler(sites: sites)
    let paused = changeCompiler.compile(condition)
    let changeLayout = changeCompiler.layout
    return { frame in
      guard var value = base(frame) else { return nil }
      let errorsBefore = frame.errorCount
      let end = value.start + value.length
      // A history that cannot be read leaves the state unknown.
      guard let pauses = Compiler.pauses(changes(frame), changeLayout, paused, label, frame),
        frame.errorCount == errorsBefore
      else { return nil }
      let overlap = pauses.reduce(Int64(0)) { total, pause in
        total + max(0, min(end, pause.end) - max(value.start, pause.start))
      }
      value.length -= overlap
      value.end = end
      value.pauses = pauses
      return value
    }
  }

  /// The spans of a history during which `paused` holds; nil (a data error) when the history
  /// cannot be read.
  static func pauses(
    _ history: Value, _ layout: RecordLayout, _ paused: Eval, _ label: String, _ frame: Frame
  ) -> [(start: Int64, end: Int64)]? {
    let changes: [Value]
    switch history {
    case .null: return []
    case .list(let items): changes = items
    default:
      frame.fail(
        label, history, "a status history is a list of changes, not \(Operations.describe(history))"
      )
      return nil
    }
    let change = Frame(slots: layout.count, now: frame.now)
    var marks: [(at: Int64, paused: Bool)] = []
    for item in changes {
      guard case .record(let fields) = item else {
        frame.fail(label, item, "a change of a status history is an object with an \"at\" time")
        return nil
      }
      switch Operations.readTime(fields["at"] ?? .null, label, frame) {
      case .time(let at):
        for (slot, path) in layout.fields.enumerated() {
          change.values[slot] = PolicySet.lookup(path, in: fields)
        }
        marks.append((at, Logic.truth(paused(change), change) == true))
      case .null: continue  // a change with no time is left out
      default: return nil
      }
    }
    // By time; changes at the same instant keep their order (the last one holds).
    marks = marks.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
      .map(\.element)
    var pauses: [(start: Int64, end: Int64)] = []
    for (index, mark) in marks.enumerated() where mark.paused {
      pauses.append((mark.at, index + 1 < marks.count ? marks[index + 1].at : Int64.max))
    }
    return pauses
  }

  /// The calendar a record is counted in; nil (with a data error) when the record's value
  /// chooses none.
  mutating func compileCalendar(_ choice: CalendarChoice) -> (Frame) -> BusinessCalendar? {
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

  mutating func compileStateOpen(_ state: CheckedExpr, _ site: Int) -> Eval {
    let s = compileState(state, label: sites[site].label)
    return { frame in
      guard let value = s(frame) else { return .null }
      if value.open && frame.stateEvidence == nil {
        frame.stateEvidence = Evidence(site: site, measured: .duration(value.length), open: true)
      }
      return .bool(value.open)
    }
  }

  /// A state's value per record: unknown without a start; not begun when the start is after
  /// now; open while the end is missing or after now (measured to now); else closed.
  mutating func compileState(_ expr: CheckedExpr, label: String) -> StateEval {
    if case .pausedState(let state, let history, let condition) = expr {
      return compilePausedState(state, history, condition, label: label)
    }
    guard case .state(let from, let until) = expr else {
      return { _ in nil }
    }
    let start = compile(from)
    let end = compile(until)
    return { frame in
      let errorsBefore = frame.errorCount
      guard case .time(let begin) = Operations.asTime(start(frame), label, frame) else {
        return nil
      }
      if begin > frame.now { return StateValue(start: begin, length: 0, open: false) }
      let finish = Operations.asTime(end(frame), label, frame)
      if frame.errorCount > errorsBefore { return nil }
      guard case .time(let stop) = finish, stop <= frame.now else {
        return StateValue(start: begin, length: frame.now - begin, open: true)
      }
      guard stop >= begin else {
        frame.fail(
          label, .time(stop),
          "ends (\(TimeParsing.formatISO8601(stop))) before it starts (\(TimeParsing.formatISO8601(begin)))",
          help: "the record's end time is earlier than its start time")
        return nil
      }
      return StateValue(start: begin, length: stop - begin, open: false)
    }
  }

  // MARK: - Calls

  mutating func compileCall(_ builtin: Builtin, _ arguments: [CheckedExpr]) -> Eval {
    let compiled = arguments.map { compile($0) }
    switch builtin {
    case .time(let pattern, let zone, let patternText):
      let argument = compiled[0]
      return { frame in
        Operations.readTime(argument(frame), pattern: pattern, text: patternText, zone, frame)
      }
    case .coalesce:
      return { frame in
        for argument in compiled {
          let value = argument(frame)
          if !value.isMissing { return value }
        }
        return .null
      }
    default:
      let argument = compiled[0]
      return { frame in Operations.call(builtin, argument(frame), frame) }
    }
  }
}

/// Three-valued logic, as SQL's: true, false, or unknown (nil).
enum Logic {
  /// A value as a truth value; a value that is not true/false is a data error (unknown).
  @inline(__always)
  static func truth(_ value: Value, _ frame: Frame) -> Bool? {
    switch value {
    case .bool(let truth): return truth
    case .null: return nil
    default: return readTruth(value, frame)
    }
  }

  /// The rare case of `truth`, kept out of line so the hot closures stay small.
  @inline(never)
  static func readTruth(_ value: Value, _ frame: Frame) -> Bool? {
    if case .text(let text) = value {
      switch text.lowercased() {
      case "true": return true
      case "false": return false
      default: break
      }
    }
    frame.fail(
      "condition", value, "expected true or false, found \(Operations.describe(value))")
    return nil
  }

  static func not(_ truth: Bool?) -> Value {
    guard let truth else { return .null }
    return .bool(!truth)
  }
}
