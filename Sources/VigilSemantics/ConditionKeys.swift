import VigilCore

/// Canonical text for checked expressions, for the lints: two expressions get one key when
/// they are the same up to formatting, definitions (already expanded), the order of the
/// operands of `and`, `or`, `==` and `!=`, and the side a constant is written on
/// (`48h < unresolved` is `unresolved > 48h`). Comparison sites are left out.
package struct ConditionKeys {
  /// The aggregates of the policy the expressions come from, expanded in place of their
  /// indices (so that the conditions of two group policies can be compared).
  package var aggregates: [CheckedAggregate] = []

  /// Keys for expressions whose aggregates are `aggregates`.
  package init(aggregates: [CheckedAggregate] = []) {
    self.aggregates = aggregates
  }

  /// The canonical text of `expr`.
  package func key(_ expr: CheckedExpr) -> String {
    switch expr {
    case .constant(let value): return Self.key(value)
    case .field(let path, let reading):
      let name = path.components.map(\.debugDescription).joined(separator: ".")
      return "field(\(name)\(reading == .time ? " as time" : ""))"
    case .now: return "now"
    case .list(let items): return "[" + items.map(key).joined(separator: ", ") + "]"
    case .call(let builtin, let arguments):
      return Self.name(of: builtin) + "(" + arguments.map(key).joined(separator: ", ") + ")"
    case .not(let operand): return "not(\(key(operand)))"
    case .negate(let operand): return "-(\(key(operand)))"
    case .and, .or:
      let isAnd = if case .and = expr { true } else { false }
      let operands = Self.operands(of: expr, and: isAnd).map(key).sorted()
      return (isAnd ? "and{" : "or{") + operands.joined(separator: ", ") + "}"
    case .compare(let op, let left, let right, _):
      var (op, left, right) = (op, key(left), key(right))
      if Self.isConstant(expr, side: 0) { (op, left, right) = (op.flipped, right, left) }
      if (op == .equal || op == .notEqual) && right < left { (left, right) = (right, left) }
      return "(\(left) \(op.rawValue) \(right))"
    case .stateLength(let op, let state, let other, _):
      return "(length(\(key(state))) \(op.rawValue) \(key(other)))"
    case .stateOpen(let state, _): return "open(\(key(state)))"
    case .arithmetic(let op, let left, let right):
      return "(\(key(left)) \(op.rawValue) \(key(right)))"
    case .membership(let element, let list, let negated):
      return "(\(key(element)) \(negated ? "not in" : "in") \(key(list)))"
    case .contains(let container, let element):
      return "(\(key(container)) contains \(key(element)))"
    case .matches(let text, let regex):
      return "(\(key(text)) matches \(regex.pattern.debugDescription))"
    case .between(let value, let low, let high, _):
      return "(\(key(value)) between \(key(low)) and \(key(high)))"
    case .isMissing(let operand, let negated):
      return "(\(key(operand)) is \(negated ? "present" : "missing"))"
    case .state(let from, let until): return "state(\(key(from)), \(key(until)))"
    case .pausedState(let state, let history, let condition, nil):
      return "paused(\(key(state)), \(key(history)), \(key(condition)))"
    case .pausedState(let state, let history, let condition, let unless?):
      return "paused(\(key(state)), \(key(history)), \(key(condition)), \(key(unless)))"
    case .groupKey(let index): return "key#\(index)"
    case .cycleBound(let end): return end ? "cycle-end" : "cycle-start"
    case .aggregate(let index): return aggregateKey(index)
    case .previous(let index): return "previous(\(aggregateKey(index)))"
    case .relation(let relation, let operand, _):
      return "\(relation.rawValue)-of(\(key(operand)))"
    case .calendarLength(let op, let state, let other, _, let calendar):
      return "(length(\(key(state))) in \(calendar.name) \(op.rawValue) \(key(other)))"
    case .businessDays(let op, let state, let days, _, let calendar):
      return "(length(\(key(state))) \(op.rawValue) \(days) business days in \(calendar.name))"
    }
  }

  /// The keys of `expr` and of the parts whose absence makes it missing (the operands of
  /// arithmetic; a state's start): wanting `expr` present wants them present.
  package func strictParts(of expr: CheckedExpr) -> [String] {
    switch expr {
    case .constant, .now, .list: return []
    case .arithmetic(_, let left, let right):
      return [key(expr)] + strictParts(of: left) + strictParts(of: right)
    case .negate(let operand): return [key(expr)] + strictParts(of: operand)
    // A state is unknown when its start is missing; a missing end leaves it open.
    case .state(let from, _): return strictParts(of: from)
    case .pausedState(let state, _, _, _): return strictParts(of: state)
    default: return [key(expr)]
    }
  }

  private func aggregateKey(_ index: Int) -> String {
    guard aggregates.indices.contains(index) else { return "aggregate#\(index)" }
    let aggregate = aggregates[index]
    let parts = [
      aggregate.argument.map(key) ?? "", aggregate.filter.map { "where " + key($0) } ?? "",
      aggregate.order.map { "by " + key($0) } ?? "", aggregate.field,
    ]
    return Self.name(of: aggregate.kind) + "(" + parts.joined(separator: "; ") + ")"
  }

  /// The kind's name as its case is written (`percentile(90)`), spelled out rather than
  /// reflected: reflection looks the enum's layout up at run time, at each audit's start.
  private static func name(of kind: AggregateKind) -> String {
    switch kind {
    case .count: "count"
    case .share: "share"
    case .average: "average"
    case .sum: "sum"
    case .median: "median"
    case .percentile(let rank): "percentile(\(rank))"
    case .minimum: "minimum"
    case .maximum: "maximum"
    case .first: "first"
    case .last: "last"
    case .history: "history"
    case .cycleStart: "cycleStart"
    case .cycleEnd: "cycleEnd"
    }
  }

  /// The operands of nested `and`s (or `or`s), flattened.
  package static func operands(of expr: CheckedExpr, and: Bool) -> [CheckedExpr] {
    switch expr {
    case .and(let left, let right) where and, .or(let left, let right) where !and:
      return operands(of: left, and: and) + operands(of: right, and: and)
    default: return [expr]
    }
  }

  /// Whether the comparison's operand on `side` (0 left, 1 right) is a constant and the
  /// other is not.
  private static func isConstant(_ comparison: CheckedExpr, side: Int) -> Bool {
    guard case .compare(_, let left, let right, _) = comparison else { return false }
    let (this, other) = side == 0 ? (left, right) : (right, left)
    if case .constant = this, !isConstantValue(other) { return true }
    return false
  }

  private static func isConstantValue(_ expr: CheckedExpr) -> Bool {
    if case .constant = expr { return true }
    return false
  }

  package static func key(_ value: Value) -> String {
    switch value {
    case .null: return "null"
    case .bool(let truth): return String(truth)
    case .number(let number): return "number(\(number))"
    case .text(let text): return text.debugDescription
    case .time(let ms): return "time(\(ms))"
    case .duration(let ms): return "duration(\(ms))"
    case .list(let items): return "[" + items.map(key).joined(separator: ", ") + "]"
    case .record: return "record(\(String(reflecting: value)))"
    }
  }

  package static func name(of builtin: Builtin) -> String {
    switch builtin {
    case .time(_, let zone, let pattern):
      return "time[\(pattern.debugDescription), \(zone.identifier)]"
    case .lower: return "lower"
    case .upper: return "upper"
    case .len: return "len"
    case .days: return "days"
    case .hours: return "hours"
    case .minutes: return "minutes"
    case .coalesce: return "coalesce"
    case .custom(let function): return function.name
    }
  }
}
