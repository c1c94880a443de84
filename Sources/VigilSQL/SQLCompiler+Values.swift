import VigilCore
import VigilSemantics
import VigilSyntax

/// Comparisons, membership and arithmetic, with Vigil's reading rules: a text compared with
/// a number is read as one, with a time as a time, with `true`/`false` as a truth value; one
/// that cannot be read so is a data error, and the comparison unknown.
extension SQLCompiler {
  /// The SQL operator of a comparison.
  func sqlOperator(_ op: BinaryOperator) -> String {
    switch op {
    case .equal: return "="
    case .notEqual: return "<>"
    case .less: return "<"
    case .lessEqual: return "<="
    case .greater: return ">"
    default: return ">="
    }
  }

  /// `a op b`, leaving evidence when it is a threshold (not `==`, `!=`) and true.
  mutating func comparison(
    _ op: BinaryOperator, _ a: SQLValue, _ b: SQLValue, _ site: Int, _ reach: String
  ) throws -> SQLValue {
    if a.kind == .null || b.kind == .null {
      // Unknown, with no data error of its own.
      return SQLValue("CAST(NULL AS BOOLEAN)", .bool, errors: a.errors + b.errors)
    }
    var (left, right) = (a, b)
    if a.kind == .text && b.kind != .text {
      left = try convert(a, like: b.kind, other: b.sql, field: sites[site].label)
    } else if b.kind == .text && a.kind != .text {
      right = try convert(b, like: a.kind, other: a.sql, field: sites[site].label)
    }
    guard left.kind == right.kind else {
      throw SQLGap(
        "a comparison of \(describe(a.kind)) with \(describe(b.kind))", at: .rule)
    }
    let sqlOp = sqlOperator(op)
    let result =
      left.kind == .text && op != .equal && op != .notEqual
      ? dialect.textOrder(left.sql, sqlOp, right.sql) : "(\(left.sql) \(sqlOp) \(right.sql))"
    if op != .equal && op != .notEqual {
      let (measured, limit) = sites[site].measuredOnRight ? (b, a) : (a, b)
      let inTime = measured.kind == limit.kind && [.time, .duration].contains(measured.kind)
      let shown =
        sites[site].percent && measured.kind == .number
        ? text.formatPercent(measured.sql) : format(measured)
      evidence.append(
        SQLEvidence(
          when: "(\(reach)) AND (\(result)) IS TRUE", isState: false,
          measured: shown, open: "CAST(NULL AS BOOLEAN)", site: site,
          overrun: inTime ? "abs(\(measured.sql) - \(limit.sql))" : nil))
    }
    return SQLValue(
      result, .bool,
      errors: a.errors + b.errors + a.settled(beside: b.sql, field: sites[site].label)
        + b.settled(beside: a.sql, field: sites[site].label)
        + left.errors.dropFirst(a.errors.count) + right.errors.dropFirst(b.errors.count))
  }

  /// A text read as the kind of the other operand (whose SQL is `other`): the data error is
  /// met only when the other operand is present.
  func convert(_ value: SQLValue, like kind: SQLKind, other: String, field: String) throws
    -> SQLValue
  {
    let x = value.sql
    let converted: String
    let message: String
    switch kind {
    case .number:
      converted = text.number(x)
      message = quoted("cannot read '", x, "' as a number")
    case .time:
      // An empty text is missing, not an error.
      converted = text.isoTime(x)
      message = timeMessage(x)
      let error = SQLDataError(
        when: "(\(x) IS NOT NULL AND \(x) <> '' AND \(converted) IS NULL AND \(other) IS NOT NULL)",
        field: field, value: x, message: message)
      return SQLValue(converted, .time, errors: value.errors + [error])
    case .bool:
      converted = "(CASE LOWER(\(x)) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END)"
      message = quoted("cannot read '", x, "' as true or false")
    default:
      throw SQLGap("a text compared with \(describe(kind))", at: .rule)
    }
    let error = SQLDataError(
      when: "(\(x) IS NOT NULL AND \(converted) IS NULL AND \(other) IS NOT NULL)", field: field,
      value: x, message: message)
    return SQLValue(converted, kind, errors: value.errors + [error])
  }

  /// A value as a report writes it (`Operations.format`).
  func format(_ value: SQLValue) -> String {
    switch value.kind {
    case .text: return value.sql
    case .number: return text.formatNumber(value.sql)
    case .time: return text.formatTime(value.sql)
    case .duration: return text.formatDuration(value.sql)
    case .bool: return "(CASE WHEN \(value.sql) THEN 'true' ELSE 'false' END)"
    case .null: return "CAST(NULL AS \(dialect.textType))"
    }
  }

  /// `x in [a, b, …]`: unknown when `x` is missing, or when it is not found in a list that
  /// holds `null`; a text equals a number when it reads as that number.
  func membership(_ element: SQLValue, _ list: CheckedExpr, _ negated: Bool) throws -> SQLValue {
    guard case .constant(.list(let items)) = list else {
      throw SQLGap("'in' a list that is not written out", at: .op(.in))
    }
    var tests: [String] = []
    var holdsNull = false
    for item in items {
      switch (element.kind, item) {
      case (_, .null): holdsNull = true
      case (.text, .text(let string)): tests.append("\(element.sql) = \(dialect.text(string))")
      case (.text, .number(let number)):
        tests.append("COALESCE(\(text.number(element.sql)) = \(numberLiteral(number)), FALSE)")
      case (.number, .number(let number)):
        tests.append("\(element.sql) = \(numberLiteral(number))")
      case (.number, .text(let string)):
        if let number = NumberText.number(string) {
          tests.append("\(element.sql) = \(numberLiteral(number))")
        }
      case (.bool, .bool(let truth)): tests.append("\(element.sql) = \(truth ? "TRUE" : "FALSE")")
      default:
        throw SQLGap("'in' with \(describe(element.kind)) and such a list", at: .op(.in))
      }
    }
    let found = tests.isEmpty ? "FALSE" : "(" + tests.joined(separator: " OR ") + ")"
    let sql = """
      (CASE WHEN \(element.sql) IS NULL THEN NULL WHEN \(found) THEN \(negated ? "FALSE" : "TRUE") \
      \(holdsNull ? "ELSE NULL" : "ELSE \(negated ? "TRUE" : "FALSE")") END)
      """
    return SQLValue(sql, .bool, errors: element.errors)
  }

  /// `-x`.
  func negate(_ value: SQLValue) throws -> SQLValue {
    switch value.kind {
    case .number, .duration: return SQLValue("(-\(value.sql))", value.kind, errors: value.errors)
    case .null: return value
    case .text:
      let read = text.number(value.sql)
      let error = SQLDataError(
        when: "(\(value.sql) IS NOT NULL AND \(read) IS NULL)", field: "negation",
        value: value.sql, message: quoted("cannot negate the text '", value.sql, "'"))
      return SQLValue("(-\(read))", .number, errors: value.errors + [error])
    default: throw SQLGap("'-' of \(describe(value.kind))", at: .rule)
    }
  }

  /// `a op b` for `+ - * /`, as Vigil's time arithmetic (Grammar.md, "Time arithmetic").
  func arithmetic(_ op: BinaryOperator, _ a: SQLValue, _ b: SQLValue) throws -> SQLValue {
    var (left, right) = (a, b)
    if a.kind == .text && [.time, .duration, .number].contains(b.kind) {
      left = try convert(a, like: b.kind, other: b.sql, field: "arithmetic")
    } else if b.kind == .text && [.time, .duration, .number].contains(a.kind) {
      right = try convert(b, like: a.kind, other: a.sql, field: "arithmetic")
    }
    let errors =
      a.errors + b.errors + a.settled(beside: b.sql, field: "arithmetic")
      + b.settled(beside: a.sql, field: "arithmetic") + left.errors.dropFirst(a.errors.count)
      + right.errors.dropFirst(b.errors.count)
    let (x, y) = (left.sql, right.sql)
    let gap = SQLGap(
      "'\(op.rawValue)' of \(describe(a.kind)) and \(describe(b.kind))", at: .op(op))
    switch (op, left.kind, right.kind) {
    case (_, .null, _), (_, _, .null): return SQLValue("NULL", .null, errors: errors)
    case (.minus, .time, .time): return SQLValue("(\(x) - \(y))", .duration, errors: errors)
    case (.plus, .time, .duration), (.plus, .duration, .time):
      return SQLValue("(\(x) + \(y))", .time, errors: errors)
    case (.minus, .time, .duration): return SQLValue("(\(x) - \(y))", .time, errors: errors)
    case (.plus, .duration, .duration), (.minus, .duration, .duration):
      return SQLValue("(\(x) \(op.rawValue) \(y))", .duration, errors: errors)
    case (.plus, .number, .number), (.minus, .number, .number), (.times, .number, .number):
      return SQLValue("(\(x) \(op.rawValue) \(y))", .number, errors: errors)
    case (.divide, .number, .number):
      let error = SQLDataError(
        when: "(\(x) IS NOT NULL AND \(y) = 0)", field: "arithmetic", value: format(left),
        message: "'division by zero'")
      return SQLValue(
        "(CASE WHEN \(y) <> 0 THEN \(x) / \(y) END)", .number, errors: errors + [error])
    default: throw gap
    }
  }
}
