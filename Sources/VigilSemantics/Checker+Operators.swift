import VigilRegex
import VigilSyntax

/// Checking operators: logic, comparisons, arithmetic, membership.
extension Checker {
  package mutating func checkBinary(
    _ op: BinaryOperator, _ left: Expr, _ right: Expr, _ whole: Expr, _ hint: ValueType?
  ) -> (CheckedExpr, ValueType) {
    switch op {
    case .and, .juxtaposed: return (.and(checkPredicate(left), checkPredicate(right)), .bool)
    case .or: return (.or(checkPredicate(left), checkPredicate(right)), .bool)
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
      return checkComparison(op, left, right)
    case .plus, .minus, .times, .divide: return checkArithmetic(op, left, right, whole, hint)
    case .in, .notIn: return checkMembership(left, right, negated: op == .notIn)
    case .contains:
      let (container, type) = check(left, hint: nil)
      if ![.list, .text, .any].contains(type) {
        report(
          .typeMismatch, "'contains' needs a list or a text on its left, not \(type.article)",
          left.range, help: "tags contains \"vip\", or subject contains \"refund\"")
      }
      return (.contains(container, check(right, hint: nil).0), .bool)
    case .matches: return checkMatches(left, right)
    }
  }

  // MARK: - Comparisons

  /// Checks both sides of a comparison, re-checking one with the other's type as a hint so
  /// that fields compared with times are read as times.
  package mutating func checkOperands(
    _ left: Expr, _ right: Expr
  ) -> (CheckedExpr, ValueType, CheckedExpr, ValueType) {
    var (l, lt) = check(left, hint: nil)
    var (r, rt) = check(right, hint: nil)
    if let wanted = Self.hint(from: lt), rt == .any { (r, rt) = check(right, hint: wanted) }
    if let wanted = Self.hint(from: rt), lt == .any { (l, lt) = check(left, hint: wanted) }
    return (l, lt, r, rt)
  }

  package static func hint(from type: ValueType) -> ValueType? {
    switch type {
    case .time: return .time
    case .duration, .state: return .duration
    default: return nil
    }
  }

  package mutating func checkComparison(
    _ op: BinaryOperator, _ left: Expr, _ right: Expr
  ) -> (CheckedExpr, ValueType) {
    let (l, lt, r, rt) = checkOperands(left, right)
    return (comparison(op, (left, l, lt), (right, r, rt), site: nil), .bool)
  }

  /// A checked comparison node. `site` is shared by the two halves of a `between`.
  package mutating func comparison(
    _ op: BinaryOperator, _ left: (Expr, CheckedExpr, ValueType),
    _ right: (Expr, CheckedExpr, ValueType), site: Int?
  ) -> CheckedExpr {
    if left.2 == .null || right.2 == .null {
      let other = left.2 == .null ? right.0 : left.0
      report(
        .typeMismatch, "a comparison with null is never true", left.0.range.union(right.0.range),
        help: "write '\(source.text(in: other.range)) is missing' or '… is present'")
      return .constant(.null)
    }
    if left.2 == .state || right.2 == .state {
      return stateComparison(op, left, right, site: site)
    }
    checkComparable(op, left, right)
    let measuredOnRight = isConstant(left.1) && !isConstant(right.1)
    let (measured, threshold) = measuredOnRight ? (right.0, left.0) : (left.0, right.0)
    let siteIndex =
      site
      ?? addSite(
        label: measured, op: op.rawValue, threshold: source.text(in: threshold.range),
        onRight: measuredOnRight)
    return .compare(op, left.1, right.1, site: siteIndex)
  }

  package func isConstant(_ expr: CheckedExpr) -> Bool {
    if case .constant = expr { return true }
    return false
  }

  package mutating func stateComparison(
    _ op: BinaryOperator, _ left: (Expr, CheckedExpr, ValueType),
    _ right: (Expr, CheckedExpr, ValueType), site: Int?
  ) -> CheckedExpr {
    let stateOnLeft = left.2 == .state
    let (state, other) = stateOnLeft ? (left, right) : (right, left)
    guard other.2 == .duration || other.2 == .any else {
      var help =
        "compare a state's length with a duration, e.g. \(state.0.sourceText(source)) > 48h"
      if let hours = Self.asHours(other.0) {
        help = "did you mean \(hours)? A state's length is compared with a duration"
      }
      report(
        .typeMismatch,
        "cannot compare the length of '\(state.0.sourceText(source))' with \(other.2.article)",
        other.0.range, help: help)
      return .constant(.null)
    }
    let flipped = stateOnLeft ? op : op.flipped
    let siteIndex =
      site
      ?? addSite(
        label: state.0, op: flipped.rawValue, threshold: other.0.sourceText(source))
    return .stateLength(flipped, state.1, other.1, site: siteIndex)
  }

  package mutating func checkComparable(
    _ op: BinaryOperator, _ left: (Expr, CheckedExpr, ValueType),
    _ right: (Expr, CheckedExpr, ValueType)
  ) {
    let (a, b) = (left.2, right.2)
    let ordering = op != .equal && op != .notEqual
    if ordering, let unordered = [a, b].first(where: { [.bool, .list, .record].contains($0) }) {
      report(
        .typeMismatch, "'\(op.rawValue)' cannot order \(unordered.article)",
        left.0.range.union(right.0.range), help: "use == or != instead")
      return
    }
    guard a != .any, b != .any, a != b else { return }
    let pair = Set([a, b])
    if pair == [.number, .text] || pair == [.bool, .text] { return }
    var help = Self.mismatchHelp(pair)
    if pair == [.number, .duration], let hours = Self.asHours(left.0) ?? Self.asHours(right.0) {
      help = "did you mean \(hours)? A duration is compared with a duration"
    }
    report(
      .typeMismatch, "cannot compare \(a.article) with \(b.article)",
      left.0.range.union(right.0.range), help: help)
  }

  package static func mismatchHelp(_ pair: Set<ValueType>) -> String {
    if pair == [.number, .duration] { return "write the number as a duration, e.g. 48h or 30m" }
    if pair == [.time, .duration] {
      return "subtract two times to get a duration: resolved_at - created_at > 48h"
    }
    if pair == [.time, .text] { return "write a time as @2026-11-25T00:00:00Z" }
    if pair == [.time, .number] { return "compare a time with a time: @2026-11-25T00:00:00Z" }
    return "compare values of one kind"
  }

  package mutating func checkBetween(_ value: Expr, _ low: Expr, _ high: Expr) -> (
    CheckedExpr, ValueType
  ) {
    let (v, vt, lo, lot) = checkOperands(value, low)
    let (_, _, hi, hit) = checkOperands(value, high)
    let site = addSite(
      label: value, op: "between",
      threshold: "\(low.sourceText(source)) and \(high.sourceText(source))")
    let lower = comparison(.greaterEqual, (value, v, vt), (low, lo, lot), site: site)
    let upper = comparison(.lessEqual, (value, v, vt), (high, hi, hit), site: site)
    return (.and(lower, upper), .bool)
  }

  // MARK: - Arithmetic

  package mutating func checkArithmetic(
    _ op: BinaryOperator, _ left: Expr, _ right: Expr, _ whole: Expr, _ hint: ValueType?
  ) -> (CheckedExpr, ValueType) {
    var (l, lt) = check(left, hint: nil)
    var (r, rt) = check(right, hint: nil)
    if op == .minus && hint == .duration && lt == .any && rt == .any {
      // `a - b` wanted as a duration: two times.
      (l, lt) = check(left, hint: .time)
      (r, rt) = check(right, hint: .time)
    } else if (op == .minus || op == .plus) && hint == .time && (lt == .any) != (rt == .any)
      && (lt == .duration || rt == .duration)
    {
      // `a + 1d` wanted as a time: `a` is a time.
      if lt == .any {
        (l, lt) = check(left, hint: .time)
      } else {
        (r, rt) = check(right, hint: .time)
      }
    } else if op == .minus || op == .plus {
      if lt == .time && rt == .any && op == .minus && hint != .time {
        (r, rt) = check(right, hint: .time)
      } else if rt == .time && lt == .any {
        (l, lt) = check(left, hint: .time)
      }
    }
    for (side, type) in [(left, lt), (right, rt)]
    where [.state, .bool, .list, .record, .null]
      .contains(type)
    {
      report(
        .typeMismatch, "'\(op.rawValue)' cannot take \(type.article)", side.range,
        help: type == .state
          ? "a state is an interval; compare its length instead: \(side.sourceText(source)) > 48h"
          : "arithmetic works on numbers, times and durations")
      return (.constant(.null), .any)
    }
    guard let result = Self.arithmeticType(op, lt, rt) else {
      report(
        .typeMismatch, "cannot compute \(lt.article) \(op.rawValue) \(rt.article)", whole.range,
        help: "time − time is a duration; time ± duration is a time; durations scale by numbers")
      return (.constant(.null), .any)
    }
    return (.arithmetic(op, l, r), result)
  }

  /// The type of `a op b`, or nil when it has none.
  package static func arithmeticType(_ op: BinaryOperator, _ a: ValueType, _ b: ValueType)
    -> ValueType?
  {
    if a == .any || b == .any {
      if op == .minus && (a == .time || b == .time) && a != .duration && b != .duration {
        return a == .time && b == .any ? .duration : .any
      }
      if (op == .plus || op == .minus) && (a == .time || b == .time) { return .time }
      return .any
    }
    switch (op, a, b) {
    case (.minus, .time, .time): return .duration
    case (.plus, .time, .duration), (.minus, .time, .duration), (.plus, .duration, .time):
      return .time
    case (.plus, .duration, .duration), (.minus, .duration, .duration): return .duration
    case (.times, .duration, .number), (.times, .number, .duration), (.divide, .duration, .number):
      return .duration
    case (.divide, .duration, .duration): return .number
    case (_, .number, .number): return .number
    case (.plus, .text, .text): return .text
    default: return nil
    }
  }

  package mutating func checkNegation(_ operand: Expr) -> (CheckedExpr, ValueType) {
    let (checked, type) = check(operand, hint: nil)
    guard [.number, .duration, .any].contains(type) else {
      report(
        .typeMismatch, "cannot negate \(type.article)", operand.range,
        help: "'-' negates numbers and durations; write 'not' to negate a condition")
      return (.constant(.null), .any)
    }
    if case .constant(.number(let value)) = checked { return (.constant(.number(-value)), type) }
    if case .constant(.duration(let value)) = checked {
      return (.constant(.duration(-value)), type)
    }
    return (.negate(checked), type)
  }

  // MARK: - Membership and text

  package mutating func checkMembership(
    _ left: Expr, _ right: Expr, negated: Bool
  ) -> (CheckedExpr, ValueType) {
    let (element, _) = check(left, hint: nil)
    let (list, listType) = check(right, hint: nil)
    if listType != .list && listType != .any {
      report(
        .typeMismatch, "'\(negated ? "not in" : "in")' needs a list on its right", right.range,
        help: "write a list: channel in [\"email\", \"chat\"]")
    }
    return (.membership(element, list, negated: negated), .bool)
  }

  package mutating func checkMatches(_ left: Expr, _ right: Expr) -> (CheckedExpr, ValueType) {
    let (text, type) = check(left, hint: nil)
    if type != .text && type != .any {
      report(
        .typeMismatch, "'matches' needs a text on its left, not \(type.article)", left.range)
    }
    guard case .literal(.text(let pattern)) = right.kind else {
      report(
        .typeMismatch, "'matches' needs a regular expression in quotes", right.range,
        help: "subject matches \"(?i)refund\"")
      return (.constant(.null), .bool)
    }
    do {
      return (.matches(text, try CompiledRegex(pattern)), .bool)
    } catch {
      reportRegexError(error, literal: right.range)
      return (.constant(.null), .bool)
    }
  }
}

extension Expr {
  /// The expression's text in `source`.
  package func sourceText(_ source: Source) -> String { source.text(in: range) }
}

extension BinaryOperator {
  /// The operator with its operands swapped: `a < b` is `b > a`.
  package var flipped: BinaryOperator {
    switch self {
    case .less: return .greater
    case .lessEqual: return .greaterEqual
    case .greater: return .less
    case .greaterEqual: return .lessEqual
    default: return self
    }
  }
}
