import VigilCore
import VigilSyntax

/// What must hold of a record for some atoms of a condition to have the truth values wanted:
/// which values are present or missing, the bounds of each value, and the order of pairs of
/// values. `add` says when an atom contradicts the others. It is sound, not complete: it
/// reports a contradiction only when no record (and no `now`) can satisfy the atoms.
///
/// Why each inference holds at run time (Operations.order, Operations.membership):
/// - a comparison, a membership test, `contains` and `matches` are unknown when an operand is
///   missing, so wanting one true *or* false wants its operands present;
/// - a value compared with a number is read as one number, with a time as one instant, and
///   so on: bounds of one kind (numbers with numbers) are about one value. Kinds are kept
///   apart, since `x == 5` and `x == "5.0"` can both hold (a text read as a number);
/// - texts are reasoned about only when they cannot be read as anything else (a number, a
///   truth value, a duration, a time);
/// - a number written on the left (`5 < x`) is left alone: a text reading as NaN compares as
///   greater than everything when on the left, and as less than everything on the right.
package struct ConditionFacts {
  /// What a bound is about.
  package enum Kind: String {
    case number, text, bool, duration, time
    /// A time's distance from now: `x < now - 90d`.
    case sinceNow
    /// A value used as a condition (true or false).
    case truth
    /// Whether a state is open at now.
    case open
  }

  /// A constant, comparable with the constants of its kind.
  package enum Scalar: Comparable {
    case number(Double)
    case text([UInt8])
    case bool(Bool)
    case integer(Int64)

    package static func < (a: Scalar, b: Scalar) -> Bool {
      switch (a, b) {
      case (.number(let x), .number(let y)): return x < y
      case (.text(let x), .text(let y)): return x.lexicographicallyPrecedes(y)
      case (.bool(let x), .bool(let y)): return !x && y
      case (.integer(let x), .integer(let y)): return x < y
      default: return false
      }
    }
  }

  /// The values one term may still take, in one kind.
  package struct Bounds {
    package var lower: (value: Scalar, strict: Bool)?
    package var upper: (value: Scalar, strict: Bool)?
    package var excluded: [Scalar] = []
    /// When known: the only values it may take (`x in ["a", "b"]`).
    package var allowed: [Scalar]?
    /// Whether the kind's values are whole numbers (milliseconds): then `x > 5` is `x >= 6`.
    package var integral = false

    package mutating func add(_ op: BinaryOperator, _ value: Scalar) {
      switch op {
      case .equal:
        raiseLower(value, strict: false)
        lowerUpper(value, strict: false)
      case .notEqual: excluded.append(value)
      case .less: lowerUpper(value, strict: true)
      case .lessEqual: lowerUpper(value, strict: false)
      case .greater: raiseLower(value, strict: true)
      case .greaterEqual: raiseLower(value, strict: false)
      default: break
      }
    }

    package mutating func raiseLower(_ value: Scalar, strict: Bool) {
      var (value, strict) = (value, strict)
      if integral, strict, case .integer(let n) = value {
        guard n < Int64.max else { return impossible() }
        (value, strict) = (.integer(n + 1), false)
      }
      if let lower, lower.value > value || lower.value == value && (lower.strict || !strict) {
        return
      }
      lower = (value, strict)
    }

    package mutating func lowerUpper(_ value: Scalar, strict: Bool) {
      var (value, strict) = (value, strict)
      if integral, strict, case .integer(let n) = value {
        guard n > Int64.min else { return impossible() }
        (value, strict) = (.integer(n - 1), false)
      }
      if let upper, upper.value < value || upper.value == value && (upper.strict || !strict) {
        return
      }
      upper = (value, strict)
    }

    package mutating func restrict(to values: [Scalar]) {
      allowed = allowed.map { old in old.filter { values.contains($0) } } ?? values
    }

    /// Bounds no value satisfies.
    package mutating func impossible() { allowed = [] }

    package func admits(_ value: Scalar) -> Bool {
      if let lower, value < lower.value || lower.strict && value == lower.value { return false }
      if let upper, upper.value < value || upper.strict && value == upper.value { return false }
      return !excluded.contains(value)
    }

    /// Whether some value satisfies the bounds (as far as can be told).
    package var isSatisfiable: Bool {
      if let allowed { return allowed.contains(where: admits) }
      guard let lower, let upper else { return true }
      if upper.value < lower.value { return false }
      if lower.value == upper.value {
        return !lower.strict && !upper.strict && !excluded.contains(lower.value)
      }
      // A few whole numbers, all excluded: `x >= 1ms and x <= 2ms and x != 1ms and x != 2ms`.
      if integral, case .integer(let low) = lower.value, case .integer(let high) = upper.value,
        high - low < 64
      {
        return (low...high).contains { !excluded.contains(.integer($0)) }
      }
      return true
    }
  }

  /// Canonical text of the terms.
  package let keys: ConditionKeys
  package private(set) var presence: [String: Bool] = [:]
  package private(set) var bounds: [String: Bounds] = [:]
  /// For two terms compared with each other, as written (`a < b`): the orders still
  /// possible (-1, 0, 1).
  package private(set) var orders: [String: Set<Int>] = [:]

  package init(keys: ConditionKeys) {
    self.keys = keys
  }

  /// Adds that `atom` has the truth value `wanted`; false when that contradicts the facts.
  package mutating func add(_ atom: CheckedExpr, wanted: Bool) -> Bool {
    switch atom {
    case .compare(let op, let left, let right, _):
      return present(left) && present(right) && compare(wanted ? op : op.complement, left, right)
    case .stateLength(let op, let state, let other, _):
      guard present(state), present(other) else { return false }
      guard case .constant(.duration(let ms)) = other else { return true }
      return bound(.duration, keys.key(state), wanted ? op : op.complement, .integer(ms))
    case .calendarLength(let op, let state, let other, _, let calendar):
      guard present(state), present(other) else { return false }
      guard case .constant(.duration(let ms)) = other else { return true }
      let key = "in \(calendar.name): " + keys.key(state)
      return bound(.duration, key, wanted ? op : op.complement, .integer(ms))
    case .businessDays(_, let state, _, _, _):
      return present(state)
    case .stateOpen(let state, _):
      return present(state) && bound(.open, keys.key(state), .equal, .bool(wanted))
    case .isMissing(let operand, let negated):
      return negated == wanted ? present(operand) : missing(operand)
    case .membership(let element, let list, let negated):
      guard present(element), present(list) else { return false }
      return membership(element, list, found: wanted != negated)
    case .contains(let container, let element):
      return present(container) && present(element)
    case .matches(let text, _):
      return present(text)
    case .field, .groupKey, .aggregate, .previous, .call, .relation:
      // A value used as a condition: true or false only when present.
      return present(atom) && bound(.truth, keys.key(atom), .equal, .bool(wanted))
    default:
      return true
    }
  }

  // MARK: - Atoms

  private mutating func compare(
    _ op: BinaryOperator, _ left: CheckedExpr, _ right: CheckedExpr
  ) -> Bool {
    if let (kind, value) = Self.operand(right), Self.operand(left) == nil {
      return bound(kind, keys.key(left), op, value)
    }
    if let (kind, value) = Self.operand(left), Self.operand(right) == nil, kind != .number {
      return bound(kind, keys.key(right), op.flipped, value)
    }
    guard Self.operand(left) == nil, Self.operand(right) == nil else { return true }
    let pair = keys.key(left) + " ⋈ " + keys.key(right)
    let possible = (orders[pair] ?? [-1, 0, 1]).intersection(Self.orders(op))
    orders[pair] = possible
    return !possible.isEmpty
  }

  private mutating func membership(
    _ element: CheckedExpr, _ list: CheckedExpr, found: Bool
  ) -> Bool {
    guard case .constant(.list(let items)) = list else { return true }
    // Not found in a list holding a missing value is unknown, never true nor false.
    if !found && items.contains(where: \.isMissing) { return false }
    // Membership compares loosely: a text and a number are equal when the text reads as it.
    // So only numbers, and texts that read as nothing else, are taken.
    let present = items.filter { !$0.isMissing }
    let scalars = present.compactMap { item -> (Kind, Scalar)? in
      guard let (kind, value) = Self.operand(.constant(item)), kind == .number || kind == .text
      else { return nil }
      return (kind, value)
    }
    let key = keys.key(element)
    if found {
      // Found: equal to one of the values (a missing one is never found).
      let kind = scalars.first?.0 ?? .text
      guard scalars.count == present.count, scalars.allSatisfy({ $0.0 == kind }) else {
        return true
      }
      return update(kind, key) { $0.restrict(to: scalars.map(\.1)) }
    }
    for (kind, value) in scalars where !bound(kind, key, .notEqual, value) { return false }
    return true
  }

  private mutating func bound(
    _ kind: Kind, _ key: String, _ op: BinaryOperator, _ value: Scalar
  ) -> Bool {
    update(kind, key) { $0.add(op, value) }
  }

  private mutating func update(_ kind: Kind, _ key: String, _ change: (inout Bounds) -> Void)
    -> Bool
  {
    let slot = kind.rawValue + " " + key
    var current = bounds[slot] ?? Bounds(integral: [.duration, .time, .sinceNow].contains(kind))
    change(&current)
    bounds[slot] = current
    return current.isSatisfiable
  }

  /// Wants `expr` present, and with it every part whose absence would make it missing.
  private mutating func present(_ expr: CheckedExpr) -> Bool {
    for key in keys.strictParts(of: expr) {
      if presence[key] == false { return false }
      presence[key] = true
    }
    return true
  }

  private mutating func missing(_ expr: CheckedExpr) -> Bool {
    let key = keys.key(expr)
    if presence[key] == true { return false }
    presence[key] = false
    return true
  }

  // MARK: - Constants

  /// A constant operand's kind and value, when it can be reasoned about: numbers, texts that
  /// read as nothing else, truth values, durations, times, and `now ± a duration`.
  package static func operand(_ expr: CheckedExpr) -> (Kind, Scalar)? {
    switch expr {
    case .constant(.number(let number)): return (.number, .number(number))
    case .constant(.text(let text)):
      return isPlainText(text) ? (.text, .text(Array(text.utf8))) : nil
    case .constant(.bool(let truth)): return (.bool, .bool(truth))
    case .constant(.duration(let ms)): return (.duration, .integer(ms))
    case .constant(.time(let ms)): return (.time, .integer(ms))
    case .now: return (.sinceNow, .integer(0))
    case .arithmetic(let op, .now, .constant(.duration(let ms))) where op == .plus || op == .minus:
      let (offset, overflow) =
        op == .plus ? (ms, false) : (0 as Int64).subtractingReportingOverflow(ms)
      return overflow ? nil : (.sinceNow, .integer(offset))
    case .arithmetic(.plus, .constant(.duration(let ms)), .now): return (.sinceNow, .integer(ms))
    default: return nil
    }
  }

  /// Whether a text is compared as a text whatever it meets: it reads as no number, truth
  /// value, duration or time.
  package static func isPlainText(_ text: String) -> Bool {
    if NumberText.number(text) != nil { return false }
    if ["true", "false"].contains(text.lowercased()) { return false }
    if DurationText.parse(text) != nil { return false }
    if case .time = TimeParsing.parseISO8601(text) { return false }
    return true
  }

  /// The orders (-1, 0, 1) under which `op` holds.
  package static func orders(_ op: BinaryOperator) -> Set<Int> {
    switch op {
    case .equal: return [0]
    case .notEqual: return [-1, 1]
    case .less: return [-1]
    case .lessEqual: return [-1, 0]
    case .greater: return [1]
    case .greaterEqual: return [0, 1]
    default: return [-1, 0, 1]
    }
  }
}

extension BinaryOperator {
  /// The comparison that holds exactly when this one is false (of two known values).
  package var complement: BinaryOperator {
    switch self {
    case .equal: return .notEqual
    case .notEqual: return .equal
    case .less: return .greaterEqual
    case .lessEqual: return .greater
    case .greater: return .lessEqual
    case .greaterEqual: return .less
    default: return self
    }
  }
}
