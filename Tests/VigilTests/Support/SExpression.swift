import VigilCore
import VigilSyntax

@testable import Vigil

/// An expression as a compact S-expression, to assert the parser's tree shape.
func sexpr(_ expr: Expr) -> String {
  switch expr.kind {
  case .literal(let literal):
    switch literal {
    case .number(let value): return Operations.formatNumber(value)
    case .percentage(let value): return "\(Operations.formatNumber(value * 100))%"
    case .text(let value): return "\"\(value)\""
    case .bool(let value): return String(value)
    case .null: return "null"
    case .duration(let value): return "dur:\(value)"
    case .time(let value): return "@\(value)"
    }
  case .name(let name): return name
  case .quotedName(let name): return "`\(name)`"
  case .member(let base, let name): return "\(sexpr(base)).\(name)"
  case .list(let items): return "[" + items.map(sexpr).joined(separator: " ") + "]"
  case .now: return "now"
  case .call(let name, let arguments):
    return "(\(name)() " + arguments.map(sexpr).joined(separator: " ") + ")"
  case .unary(let op, let operand): return "(\(op.rawValue) \(sexpr(operand)))"
  case .binary(let op, let left, let right):
    let name = op == .juxtaposed ? "and*" : op.rawValue
    return "(\(name) \(sexpr(left)) \(sexpr(right)))"
  case .between(let value, let low, let high):
    return "(between \(sexpr(value)) \(sexpr(low)) \(sexpr(high)))"
  case .isMissing(let operand, let negated):
    return "(\(negated ? "present" : "missing") \(sexpr(operand)))"
  case .state(let from, let until): return "(state \(sexpr(from)) \(sexpr(until)))"
  case .filtered(let value, let filter): return "(where \(sexpr(value)) \(sexpr(filter)))"
  case .noneWithin(let predicate, let within): return "(no \(sexpr(predicate)) \(sexpr(within)))"
  case .relation(let relation, let operand): return "(\(relation.rawValue)-of \(sexpr(operand)))"
  case .inCalendar(let comparison, let calendar, _): return "(in \(sexpr(comparison)) \(calendar))"
  case .businessDays(let count): return "(business-days \(sexpr(count)))"
  case .pausedState(let state, let history, let condition, nil):
    return "(paused \(sexpr(state)) \(sexpr(history)) \(sexpr(condition)))"
  case .pausedState(let state, let history, let condition, let unless?):
    return
      "(paused \(sexpr(state)) \(sexpr(history)) \(sexpr(condition)) (unless \(sexpr(unless))))"
  case .cycleState(let from, let until, nil): return "(cycles \(sexpr(from)) \(sexpr(until)))"
  case .cycleState(let from, let until, let history?):
    return "(cycles-in \(sexpr(history)) \(sexpr(from)) \(sexpr(until)))"
  }
}

/// Parses `text` as one file; returns its items and diagnostics.
func parse(_ text: String) -> (PolicyFile, [Diagnostic]) {
  Parser.parse(Source(text: text, file: "test.vigil"))
}

/// The condition of the first rule in `text`.
func condition(_ text: String) -> String? {
  let (file, _) = parse(text + " → flag")
  for case .policy(let decl) in file.items {
    if let rule = decl.rule { return sexpr(rule.condition) }
  }
  return nil
}
