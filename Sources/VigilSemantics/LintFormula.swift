import VigilCore
import VigilSyntax

/// A condition in negation normal form, for the lints `never-fires` and `always-fires`:
/// `not` pushed down to the atoms (De Morgan's laws hold in three-valued logic: `not (a and
/// b)` is `not a or not b` for true, false and unknown alike), and constants folded.
///
/// A rule fires only when its condition is true. So the question is whether the formula can
/// be true (`canBeTrue`), and whether it is true for every record (`alwaysTrue`): unknown
/// counts as not true.
package indirect enum LintFormula {
  /// Every part true.
  case all([LintFormula])
  /// Some part true.
  case any([LintFormula])
  /// An atom (a comparison, a test, a value used as a condition) with the truth value wanted.
  case atom(CheckedExpr, wanted: Bool)
  /// A constant: true, false, or unknown (nil).
  case constant(Bool?, CheckedExpr)

  /// `expr` wanted true (or false).
  package init(_ expr: CheckedExpr, wanted: Bool = true) {
    switch expr {
    case .and, .or:
      let isAnd = if case .and = expr { true } else { false }
      let parts = ConditionKeys.operands(of: expr, and: isAnd).map {
        LintFormula($0, wanted: wanted)
      }
      // `a and b` wanted false is `not a or not b`.
      self = isAnd == wanted ? .all(parts) : .any(parts)
    case .not(let operand): self = LintFormula(operand, wanted: !wanted)
    case .constant(.bool(let truth)): self = .constant(truth == wanted, expr)
    case .constant(.null): self = .constant(nil, expr)
    case .compare(let op, .constant(let a), .constant(let b), _):
      if let result = Self.evaluate(op, a, b) {
        self = .constant(result == wanted, expr)
      } else {
        self = .atom(expr, wanted: wanted)
      }
    default: self = .atom(expr, wanted: wanted)
    }
  }

  /// A comparison of two constants, when it is sure to be known.
  package static func evaluate(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Bool? {
    guard let (kindA, x) = ConditionFacts.operand(.constant(a)),
      let (kindB, y) = ConditionFacts.operand(.constant(b)), kindA == kindB
    else { return nil }
    if kindA == .bool && op != .equal && op != .notEqual { return nil }
    let order = x < y ? -1 : x == y ? 0 : 1
    return ConditionFacts.orders(op).contains(order)
  }

  // MARK: - Can it be true?

  /// Whether some record can make the formula true, as far as can be told: false only when
  /// it provably cannot. Alternatives (`or`) are tried one by one, up to a budget of steps;
  /// past it, the answer is yes.
  package func canBeTrue(keys: ConditionKeys) -> Bool {
    var budget = 4000
    return Self.satisfiable([self], ConditionFacts(keys: keys), &budget)
  }

  private static func satisfiable(
    _ items: [LintFormula], _ facts: ConditionFacts, _ budget: inout Int
  ) -> Bool {
    var facts = facts
    var stack = items
    var choices: [[LintFormula]] = []
    while let next = stack.popLast() {
      budget -= 1
      if budget < 0 { return true }
      switch next {
      case .constant(let truth, _): if truth != true { return false }
      case .all(let parts): stack += parts
      case .atom(let atom, let wanted): if !facts.add(atom, wanted: wanted) { return false }
      case .any(let parts): choices.append(parts)
      }
    }
    guard let first = choices.first else { return true }
    let rest = choices.dropFirst().map { LintFormula.any($0) }
    for part in first where satisfiable([part] + rest, facts, &budget) { return true }
    return budget < 0
  }

  /// The parts a formula requires together: the formula itself, or the parts of an `all`.
  package var conjuncts: [LintFormula] {
    if case .all(let parts) = self { return parts.flatMap(\.conjuncts) }
    return [self]
  }

  /// The fewest of the formula's plain conjuncts (atoms and constants, not alternatives)
  /// that cannot all be true; nil when they can.
  package func contradiction(keys: ConditionKeys) -> [LintFormula]? {
    let plain = conjuncts.filter { if case .any = $0 { false } else { true } }
    func consistent(_ parts: [LintFormula]) -> Bool {
      var budget = 4000
      return Self.satisfiable(parts, ConditionFacts(keys: keys), &budget)
    }
    guard !consistent(plain) else { return nil }
    var core = plain
    var index = 0
    while index < core.count {
      var smaller = core
      smaller.remove(at: index)
      if consistent(smaller) { index += 1 } else { core = smaller }
    }
    return core
  }

  // MARK: - Is it always true?

  /// Why the formula is true for every record, when it provably is: the reasons, each a
  /// constant `true` or a pair of tests. Only two forms are recognised, both true whatever the
  /// record holds: a constant `true`, and a field (or a group's key or aggregate) tested both
  /// `is missing` and `is present` among the alternatives of one `or` (a test of missing
  /// values is never unknown).
  package func alwaysTrue(keys: ConditionKeys) -> [[LintFormula]]? {
    switch self {
    case .constant(let truth, _): return truth == true ? [[self]] : nil
    case .atom: return nil
    case .all(let parts):
      var reasons: [[LintFormula]] = []
      for part in parts {
        guard let reason = part.alwaysTrue(keys: keys) else { return nil }
        reasons += reason
      }
      return reasons
    case .any:
      let alternatives = self.alternatives
      for part in alternatives {
        if let reason = part.alwaysTrue(keys: keys) { return reason }
      }
      var tests: [String: LintFormula] = [:]
      for part in alternatives {
        guard case .atom(.isMissing(let operand, let negated), let wanted) = part,
          Self.isNeverUnknown(operand)
        else { continue }
        let key = keys.key(operand)
        let missing = negated != wanted
        if let other = tests[key + " " + String(!missing)] { return [[other, part]] }
        tests[key + " " + String(missing)] = part
      }
      return nil
    }
  }

  /// The alternatives of nested `any`s, flattened.
  package var alternatives: [LintFormula] {
    if case .any(let parts) = self { return parts.flatMap(\.alternatives) }
    return [self]
  }

  /// Whether `is missing` of this is always true or false: it reads a value as it is.
  private static func isNeverUnknown(_ expr: CheckedExpr) -> Bool {
    switch expr {
    case .field, .groupKey, .aggregate, .previous: return true
    default: return false
    }
  }
}
