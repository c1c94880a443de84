import VigilCore
import VigilSyntax

/// Checking `warn at`: a policy whose rule measures a state against a duration can warn
/// before the state breaks it.
extension Checker {
  /// The warning of a rule whose condition is `condition`; nil (with an error) when the rule
  /// has not exactly one state compared with a fixed duration by `>` or `>=`, or when the
  /// warning does not come before that threshold.
  package mutating func checkWarning(
    _ limit: Expr, _ range: SourceRange, _ condition: CheckedExpr
  ) -> CheckedWarning? {
    let thresholds = Self.stateThresholds(in: condition)
    guard thresholds.count == 1, let threshold = thresholds.first else {
      report(
        .badPolicy,
        thresholds.isEmpty
          ? "'warn at' needs a rule that measures a state against a duration"
          : "'warn at' needs a rule with one state threshold, and this one has \(thresholds.count)",
        range, help: "for example: complaint unresolved > 48h, with warn at 40h")
      return nil
    }
    let at: Int64
    switch limit.kind {
    case .literal(.duration(let ms)): at = ms
    case .literal(.percentage(let fraction)):
      at = Int64((Double(threshold) * fraction).rounded(.down))
    default:
      report(
        .typeMismatch, "'warn at' takes a duration (40h) or a share of the threshold (80%)",
        limit.range, help: "warn at 40h")
      return nil
    }
    guard at > 0 && at < threshold else {
      var text: [UInt8] = []
      DurationFormat.append(threshold, to: &text)
      report(
        .badPolicy,
        "'warn at' must come before the threshold (\(String(decoding: text, as: UTF8.self)))",
        limit.range, help: "warn earlier than the promise breaks, e.g. at 80%")
      return nil
    }
    return CheckedWarning(
      condition: Self.replacingThreshold(in: condition, with: at), limit: threshold)
  }

  /// The thresholds of the state comparisons `> D` and `>= D` with a fixed duration.
  package static func stateThresholds(in expr: CheckedExpr) -> [Int64] {
    switch expr {
    // A `where` guards only the pattern it follows: each pattern has its own.
    case .stateLength(let op, _, .constant(.duration(let threshold)), _)
    where op == .greater || op == .greaterEqual:
      return [threshold]
    case .calendarLength(let op, _, .constant(.duration(let threshold)), _, _)
    where op == .greater || op == .greaterEqual:
      return [threshold]
    case .and(let left, let right), .or(let left, let right):
      return stateThresholds(in: left) + stateThresholds(in: right)
    default: return []
    }
  }

  /// `expr` with its state threshold replaced by `at`.
  package static func replacingThreshold(in expr: CheckedExpr, with at: Int64) -> CheckedExpr {
    switch expr {
    case .stateLength(let op, let state, .constant(.duration), let site)
    where op == .greater || op == .greaterEqual:
      return .stateLength(op, state, .constant(.duration(at)), site: site)
    case .calendarLength(let op, let state, .constant(.duration), let site, let calendar)
    where op == .greater || op == .greaterEqual:
      // In a calendar, the time left is working time too.
      return .calendarLength(op, state, .constant(.duration(at)), site: site, calendar)
    case .and(let left, let right):
      return .and(replacingThreshold(in: left, with: at), replacingThreshold(in: right, with: at))
    case .or(let left, let right):
      return .or(replacingThreshold(in: left, with: at), replacingThreshold(in: right, with: at))
    default: return expr
    }
  }
}
