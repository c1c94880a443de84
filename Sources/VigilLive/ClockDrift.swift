import VigilSemantics
import VigilSyntax

/// How an expression's value moves as `now` moves on, for one record: not at all, never
/// down, never up, or in a way the watch cannot tell (`now` inside a list, a regular
/// expression's text, a product…).
///
/// A comparison whose two sides drift in opposite directions (or one side does and the other
/// is fixed) changes its verdict at most once for `<`, `<=`, `>`, `>=` and twice for `==`,
/// `!=`: the watch can find the instants by bisection (`TimeProbes`).
enum ClockDrift: Equatable {
  case fixed
  case rising
  case falling
  case unknown

  /// The drift of `self` and `other` added together.
  func adding(_ other: ClockDrift) -> ClockDrift {
    switch (self, other) {
    case (.fixed, _): return other
    case (_, .fixed): return self
    case (.rising, .rising): return .rising
    case (.falling, .falling): return .falling
    default: return .unknown
    }
  }

  /// The drift of the value's opposite.
  var flipped: ClockDrift {
    switch self {
    case .rising: return .falling
    case .falling: return .rising
    default: return self
    }
  }

  /// The drift of `expr`'s value for a record as `now` grows.
  static func of(_ expr: CheckedExpr) -> ClockDrift {
    switch expr {
    case .constant, .field, .groupKey, .aggregate, .previous: return .fixed
    case .now: return .rising
    case .cycleBound: return .unknown  // a cycle's end comes when now passes a change
    case .negate(let operand): return of(operand).flipped
    case .arithmetic(let op, let left, let right):
      switch op {
      case .plus: return of(left).adding(of(right))
      case .minus: return of(left).adding(of(right).flipped)
      default: return allFixed([left, right])
      }
    case .call(.coalesce, let arguments):
      // The first argument present is chosen whatever the time: each drifts its own way.
      return arguments.reduce(.fixed) { $0.adding(of($1)) }
    case .call(.days, let arguments), .call(.hours, let arguments),
      .call(.minutes, let arguments):
      return arguments.reduce(.fixed) { $0.adding(of($1)) }
    case .call(_, let arguments), .list(let arguments): return allFixed(arguments)
    case .not(let operand), .isMissing(let operand, _), .matches(let operand, _),
      .relation(_, let operand, _):
      return allFixed([operand])
    case .and(let left, let right), .or(let left, let right), .compare(_, let left, let right, _),
      .membership(let left, let right, _), .contains(let left, let right),
      .stateLength(_, let left, let right, _), .calendarLength(_, let left, let right, _, _):
      return allFixed([left, right])
    case .between(let value, let low, let high, _): return allFixed([value, low, high])
    case .state(let from, let until): return allFixed([from, until])
    case .pausedState(let state, let history, let condition, _):
      return allFixed([state, history, condition])
    case .stateOpen(let state, _), .businessDays(_, let state, _, _, _): return allFixed([state])
    }
  }

  /// Fixed when every one of `exprs` is, else unknown.
  private static func allFixed(_ exprs: [CheckedExpr]) -> ClockDrift {
    exprs.allSatisfy { of($0) == .fixed } ? .fixed : .unknown
  }
}
