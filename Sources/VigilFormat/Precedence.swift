import VigilSyntax

/// Where an expression is printed: how loosely it may bind there without parentheses, and
/// what its parent prints right after it.
package struct Slot {
  /// The loosest level the expression may have without parentheses (see `Precedence`).
  package var minimum: Int
  /// The level of the operator its parent prints right after it, which an open-ended last
  /// operand (a state's end, `not`'s operand) would swallow; 0 when nothing that could be
  /// swallowed follows.
  package var follower = 0
  /// Whether it is the right side of a juxtaposition, which must start as an operand does.
  package var juxtaposed = false

  /// Anywhere a whole expression is read: a rule's condition, a definition, an argument.
  package static let expression = Slot(minimum: 1)
  /// Where the grammar reads an `additive`: a party, a duration, a group's key.
  package static let additive = Slot(minimum: 5)
}

/// The operators' binding, from loosest to tightest, as Grammar.md's table has it:
/// 1 `or`; 2 `and` and juxtaposition; 3 `not` (and `no … within`); 4 comparisons, `in`,
/// `contains`, `matches`, `between`, `is missing`; 5 `+ -`; 6 `* /`; 7 prefix `-`;
/// 8 `.field`, calls and primaries (names, literals, lists, states, relations).
package enum Precedence {
  /// Nothing after the expression can be swallowed by it.
  package static let closed = 99

  /// The level of a binary operator.
  package static func level(_ op: BinaryOperator) -> Int {
    switch op {
    case .or: return 1
    case .and, .juxtaposed: return 2
    case .plus, .minus: return 5
    case .times, .divide: return 6
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in, .notIn, .contains,
      .matches:
      return 4
    }
  }

  /// The level at which the parser reads `expr` without parentheses.
  package static func of(_ expr: Expr) -> Int {
    switch expr.kind {
    case .binary(let op, _, _): return level(op)
    case .unary(.not, _), .noneWithin: return 3
    case .between, .isMissing, .inCalendar: return 4
    case .unary(.negate, _): return 7
    case .filtered: return 1
    case .literal, .name, .quotedName, .member, .list, .now, .call, .state, .relation,
      .businessDays, .pausedState, .cycleState:
      return 8
    }
  }

  /// The loosest operator that, printed right after `expr`, would be read as part of its last
  /// operand: `from a until b` swallows `+ c` (its end is an `additive`), `not a` swallows
  /// `== b`. `closed` when nothing would be.
  package static func swallows(_ expr: Expr) -> Int {
    switch expr.kind {
    case .state(_, let until), .cycleState(_, let until, _): return min(5, swallows(until))
    case .pausedState(_, _, let condition, let unless):
      return min(4, swallows(unless ?? condition))
    case .relation(_, let operand): return min(8, swallows(operand))
    case .unary(.not, let operand): return min(4, swallows(operand))
    case .unary(.negate, let operand): return min(8, swallows(operand))
    case .noneWithin(_, let within): return min(5, swallows(within))
    case .between(_, _, let high): return min(5, swallows(high))
    case .binary(let op, _, let right): return min(rightOperandReach(op), swallows(right))
    case .filtered: return 1
    case .literal, .name, .quotedName, .member, .list, .now, .call, .isMissing, .inCalendar,
      .businessDays:
      return closed
    }
  }

  /// The loosest operator the right operand of `op` takes in (its right side is read at the
  /// next tighter level: `a or b` followed by `and c` is `a or (b and c)`).
  private static func rightOperandReach(_ op: BinaryOperator) -> Int {
    switch level(op) {
    case 1: return 2
    case 2: return 4
    case 4: return 5
    case 5: return 6
    default: return 8
    }
  }

  /// Whether `expr` needs parentheses in `slot` to be read back as the same tree.
  package static func needsParentheses(_ expr: Expr, in slot: Slot) -> Bool {
    if case .filtered = expr.kind { return false }
    if of(expr) < slot.minimum { return true }
    return slot.follower > 0 && swallows(expr) <= slot.follower
  }
}
