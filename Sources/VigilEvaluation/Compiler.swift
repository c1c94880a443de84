import VigilCore
import VigilSemantics
import VigilSyntax

/// A compiled expression: reads the frame, returns a value (`.null` for missing or unknown).
package typealias Eval = (Frame) -> Value
/// A compiled state: nil when the state is unknown for the record (a missing start).
package typealias StateEval = (Frame) -> StateValue?

/// Turns a checked program into closures over field slots. Names were resolved, definitions
/// expanded, regexes and time patterns compiled by the checker; nothing is looked up by name
/// while records are evaluated.
package struct Compiler {
  /// The fields the program reads, by slot.
  package var layout = RecordLayout()
  package let sites: [ComparisonSite]
  /// For a group policy's condition: how many keys and aggregates a group frame holds.
  package var groupShape = (keys: 0, aggregates: 0)
  /// Compiling a second look (`compileCheck`): a part of a rule that its verdict did not
  /// need, evaluated only for the data errors it meets. It leaves no evidence, evaluates
  /// every operand (no short-circuit), and skips work that cannot meet one (a regular
  /// expression's match, a calendar's working time).
  package var checking = false
  /// Whether a paused state with `unless` was compiled (since the caller last cleared it):
  /// the policy whose condition it is reports its dishonest pauses.
  package var compiledHonestPause = false

  package init(sites: [ComparisonSite]) {
    self.sites = sites
  }

  package mutating func compile(_ expr: CheckedExpr) -> Eval {
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
    case .and(let left, let right): return Compiler.value(of: compileAndTest(left, right))
    case .or(let left, let right): return Compiler.value(of: compileOrTest(left, right))
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
      // INVARIANT: every item is a text.
      return Compiler.value(of: compileTextMembershipTest(element, items, negated)!)
    case .membership(let element, let list, let negated):
      let (e, l) = (compile(element), compile(list))
      return { frame in Operations.membership(e(frame), l(frame), negated: negated) }
    case .contains(let container, let element):
      let (c, e) = (compile(container), compile(element))
      return { frame in Operations.contains(c(frame), e(frame), frame) }
    case .matches(let text, let regex):
      let t = compile(text)
      if checking { return { frame in Operations.checkMatches(t(frame), frame) } }
      return { frame in Operations.matches(t(frame), regex, frame) }
    case .between: preconditionFailure("between is checked into two comparisons")
    case .isMissing(let operand, let negated): return compileIsMissing(operand, negated)
    case .state, .pausedState:
      // A state where a value is wanted: the checker only allows this inside comparisons.
      return { _ in .null }
    case .groupKey(let slot):
      return { frame in frame.values[slot] }
    case .cycleBound(let end):
      return { frame in
        guard let cycle = frame.cycle else { return .null }
        return end ? cycle.end.map { .time($0) } ?? .null : .time(cycle.start)
      }
    case .aggregate(let index):
      let slot = groupShape.keys + index
      return { frame in frame.values[slot] }
    case .previous(let index):
      let slot = groupShape.keys + groupShape.aggregates + index
      return { frame in frame.values[slot] }
    case .calendarLength(let op, let state, let other, let site, let calendar):
      return compileStateLength(op, state, other, site, in: calendar)
    case .businessDays(let op, let state, let days, let site, let choice):
      return compileBusinessDays(op, state, days, site, choice)
    case .relation(let relation, let operand, let label):
      let person = compile(operand)
      return { frame in Operations.relation(relation, person(frame), label, frame) }
    }
  }

  // MARK: - Fields

  package mutating func compileField(_ path: FieldPath, _ reading: FieldReading) -> Eval {
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

  package mutating func compileIsMissing(_ operand: CheckedExpr, _ negated: Bool) -> Eval {
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

  // MARK: - Comparisons

  package mutating func compileComparison(
    _ op: BinaryOperator, _ left: CheckedExpr, _ right: CheckedExpr, _ site: Int
  ) -> Eval {
    if let test = compileComparisonTest(op, left, right, site) {
      return Compiler.value(of: test)
    }
    let (l, r) = (compile(left), compile(right))
    let onRight = sites[site].measuredOnRight
    let label = sites[site].label
    // Thresholds explain violations; equality tests (type == "complaint") only select records.
    // A second look explains nothing.
    let isThreshold = op != .equal && op != .notEqual && !checking
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

  /// A comparison with a constant on its right, as a test; nil for any other comparison.
  package mutating func compileComparisonTest(
    _ op: BinaryOperator, _ left: CheckedExpr, _ right: CheckedExpr, _ site: Int
  ) -> Test? {
    if let equality = compileTextEquality(op, left, right, site) {
      return { frame in equality.test(frame) }
    }
    if case .constant(let constant) = right, !sites[site].measuredOnRight {
      if case .field(let path, .raw) = left, case .number(let threshold) = constant,
        let general = compileConstantComparison(op, compile(left), with: constant, site)
      {
        return compileFieldNumberComparison(op, path, threshold, site, general: general)
      }
      if let fast = compileConstantComparison(op, compile(left), with: constant, site) {
        return fast
      }
    }
    return nil
  }

  /// `field > 3` (any order or equality with a number): the slot's number compared where
  /// the reader left it, no `Value` copied (`Frame.number`); a missing field unknown, as
  /// `general` has it, which tests any other value (a text, an unread one) the general way.
  private mutating func compileFieldNumberComparison(
    _ op: BinaryOperator, _ path: FieldPath, _ threshold: Double, _ site: Int,
    general: @escaping Test
  ) -> Test {
    let slot = layout.slot(for: path)
    let isThreshold = op != .equal && op != .notEqual && !checking
    return { frame in
      let (known, number) = frame.number(slot)
      guard known else { return general(frame) }
      // A missing value compares as unknown, with no data error (`Operations.order`).
      guard let number else { return nil }
      let result = Operations.holds(op, Operations.sign(number, threshold))
      if result && isThreshold && frame.valueEvidence == nil {
        frame.valueEvidence = Evidence(
          site: site, measured: .number(number), open: nil, limit: .number(threshold))
      }
      return result
    }
  }

  /// `field == "text"` (or `!=`) on a field read as it comes; nil for any other comparison.
  package mutating func compileTextEquality(
    _ op: BinaryOperator, _ left: CheckedExpr, _ right: CheckedExpr, _ site: Int
  ) -> TextEquality? {
    guard case .field(let path, .raw) = left, case .constant(.text(let literal)) = right,
      op == .equal || op == .notEqual,
      let read = compileConstantComparison(op, compile(left), with: .text(literal), site)
    else { return nil }
    return TextEquality(
      slot: layout.slot(for: path), bytes: Array(literal.utf8), wanted: op == .equal, read: read)
  }

  /// A comparison with a constant, with a fast path for the usual kinds of value (texts
  /// tested for equality, numbers, times, durations) and the general one for the rest.
  package func compileConstantComparison(
    _ op: BinaryOperator, _ read: @escaping Eval, with constant: Value, _ site: Int
  ) -> Test? {
    let label = sites[site].label
    let isThreshold = op != .equal && op != .notEqual && !checking
    let general: (Frame, Value) -> Bool? = { frame, value in
      guard let result = Operations.compare(op, value, constant, label, frame) else { return nil }
      if result && isThreshold && frame.valueEvidence == nil {
        frame.valueEvidence = Evidence(site: site, measured: value, open: nil, limit: constant)
      }
      return result
    }
    switch constant {
    case .text(let literal) where !isThreshold:
      let wanted = op == .equal
      let count = literal.utf8.count
      return { frame in
        let value = read(frame)
        guard case .text(let text) = value else { return general(frame, value) }
        return (text.utf8.count == count && TextBytes.equal(text, literal)) == wanted
      }
    case .number(let threshold):
      return { frame in
        let value = read(frame)
        guard case .number(let number) = value else {
          // A missing value compares as unknown, with no data error (`Operations.order`).
          if case .null = value { return nil }
          return general(frame, value)
        }
        let result = Operations.holds(op, Operations.sign(number, threshold))
        if result && isThreshold && frame.valueEvidence == nil {
          frame.valueEvidence = Evidence(site: site, measured: value, open: nil, limit: constant)
        }
        return result
      }
    case .time(let threshold), .duration(let threshold):
      let isTime = if case .time = constant { true } else { false }
      return { frame in
        let value = read(frame)
        let measured: Int64
        switch value {
        case .time(let instant) where isTime: measured = instant
        case .duration(let length) where !isTime: measured = length
        case .null: return nil
        default: return general(frame, value)
        }
        let result = Operations.holds(op, Operations.sign(measured, threshold))
        if result && isThreshold && frame.valueEvidence == nil {
          frame.valueEvidence = Evidence(site: site, measured: value, open: nil, limit: constant)
        }
        return result
      }
    default:
      return nil
    }
  }

  // MARK: - Calls

  package mutating func compileCall(_ builtin: Builtin, _ arguments: [CheckedExpr]) -> Eval {
    let compiled = arguments.map { compile($0) }
    switch builtin {
    case .time(let pattern, let zone, let patternText):
      let argument = compiled[0]
      return { frame in
        Operations.readTime(argument(frame), pattern: pattern, text: patternText, zone, frame)
      }
    case .coalesce:
      // The arguments after the first present one get their second look.
      let checks = checking ? compiled : arguments.map { compileCheck($0) ?? { _ in .null } }
      return { frame in
        for index in compiled.indices {
          let value = compiled[index](frame)
          if !value.isMissing {
            var later = index + 1
            while later < checks.count {
              _ = checks[later](frame)
              later += 1
            }
            return value
          }
        }
        return .null
      }
    case .custom(let function):
      return Compiler.compileCustomCall(function, compiled)
    default:
      let argument = compiled[0]
      return { frame in Operations.call(builtin, argument(frame), frame) }
    }
  }
}

extension Compiler {
  /// A call of a function the embedder added: its arguments' values (`.null` for a missing
  /// one) go to its body; a result that is not of its declared type is a data error (the
  /// call is then unknown), never taken as it is.
  package static func compileCustomCall(_ function: FunctionDefinition, _ arguments: [Eval])
    -> Eval
  {
    let label = "\(function.name)()"
    return { frame in
      let result = function.body(arguments.map { $0(frame) })
      guard Compiler.fits(result, function.result) else {
        frame.fail(
          label, result,
          "\(label) returned \(Operations.describe(result)), not \(function.result.article)",
          help: "the function was added with \(function.result.article) as its result")
        return .null
      }
      return result
    }
  }

  /// Whether `value` is of `type` (a missing value is of every type).
  package static func fits(_ value: Value, _ type: ValueType) -> Bool {
    switch (value, type) {
    case (.null, _), (_, .any): return true
    case (.bool, .bool), (.number, .number), (.text, .text), (.time, .time),
      (.duration, .duration), (.list, .list), (.record, .record):
      return true
    default: return false
    }
  }
}

/// Three-valued logic, as SQL's: true, false, or unknown (nil).
package enum Logic {
  /// A value as a truth value; a value that is not true/false is a data error (unknown).
  @inline(__always)
  package static func truth(_ value: Value, _ frame: Frame) -> Bool? {
    switch value {
    case .bool(let truth): return truth
    case .null: return nil
    default: return readTruth(value, frame)
    }
  }

  /// The rare case of `truth`, kept out of line so the hot closures stay small.
  @inline(never)
  package static func readTruth(_ value: Value, _ frame: Frame) -> Bool? {
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

  package static func not(_ truth: Bool?) -> Value {
    guard let truth else { return .null }
    return .bool(!truth)
  }
}
