import VigilCore
import VigilRegex
import VigilSemantics
import VigilSyntax

/// Compiles checked expressions of record policies to SQL over one row per record, whose
/// columns are the fields the policies read, each as a text (`f0`, `f1`, …), and each field
/// read as a time also as its instant (`t0`, …). `vigil_now` is the audit instant.
package struct SQLCompiler {
  package let dialect: SQLDialect
  package let text: SQLText
  package let sites: [ComparisonSite]
  /// The fields read, by column number.
  package private(set) var fields: [FieldPath] = []
  private var columns: [FieldPath: Int] = [:]
  /// The fields read as times, by column number.
  package private(set) var timeColumns: Set<Int> = []
  /// Values computed once per record as columns of their own (`d0`, `d1`, …: each
  /// `time(text, pattern, zone)` over records), by column number, and each column by its SQL.
  package private(set) var derived: [String] = []
  private var derivedColumns: [String: Int] = [:]
  /// The comparisons that can explain the policy being compiled, in evaluation order.
  var evidence: [SQLEvidence] = []
  /// While a group policy's condition is compiled: the columns of its group's keys, its
  /// aggregates and their values in the previous window; nil over records.
  var group: SQLGroupColumns?
  /// The paused clocks of the group policy being compiled (`paused in history(F) while C`),
  /// each summed by its group (`vigil_pz<N>`, see `SQLQuery.pausesCTE`).
  var pauses: [SQLPause] = []
  /// While a record policy's condition is compiled: what it may read of the record's own
  /// lists of changes (`SQLQuery+RecordHistory`); nil elsewhere (then such a read is a gap).
  var recordHistory: SQLRecordHistoryScope?
  /// The records' lists of changes the policies read (`history`, `ticket.changes`), by
  /// number: each is unnested into rows of its own (`vigil_hist<N>`, `vigil_items<N>`).
  package private(set) var historyLists: [FieldPath] = []
  /// The audit instant, when it is given (`--now T`): calendars' tables end at it.
  package var now: Int64?
  /// CTEs the expressions read (calendars' tables), in order, and each one's name by what it
  /// holds.
  package var tables: [String] = []
  var tableNames: [String: String] = [:]
  /// The columns of each calendar table, by its name (Spark reads them in lambdas).
  var tableColumns: [String: [String]] = [:]

  package init(dialect: SQLDialect, sites: [ComparisonSite]) {
    self.dialect = dialect
    self.text = SQLText(dialect)
    self.sites = sites
  }

  /// The column of a field's text.
  package mutating func column(_ path: FieldPath) -> String {
    if let index = columns[path] { return "f\(index)" }
    columns[path] = fields.count
    fields.append(path)
    return "f\(fields.count - 1)"
  }

  /// The column that holds `sql`, computed once per record (over records; within a group
  /// policy's condition, which reads its groups' columns, `sql` itself).
  mutating func derivedColumn(_ sql: String) -> String {
    guard group == nil else { return sql }
    if let index = derivedColumns[sql] { return "d\(index)" }
    derivedColumns[sql] = derived.count
    derived.append(sql)
    return "d\(derived.count - 1)"
  }

  /// The number of a record's list of changes (`historyLists`).
  mutating func historyList(_ path: FieldPath) -> Int {
    if let index = historyLists.firstIndex(of: path) { return index }
    historyLists.append(path)
    return historyLists.count - 1
  }

  /// The column of a field's instant.
  mutating func timeColumn(_ path: FieldPath) -> (text: String, time: String) {
    let name = column(path)
    // INVARIANT: `column` just gave it a number.
    let index = columns[path]!
    timeColumns.insert(index)
    return (name, "t\(index)")
  }

  /// Compiles `expr`; `reach` is an SQL condition under which the evaluation reaches it (an
  /// `and` whose left side is false skips its right side), for the evidence it leaves.
  /// `keepsPending`: the caller (a comparison, arithmetic) meets the value's pending errors
  /// itself; any other use meets them at once.
  package mutating func compile(
    _ expr: CheckedExpr, reach: String = "TRUE", keepsPending: Bool = false
  ) throws -> SQLValue {
    var value = try compileValue(expr, reach: reach)
    if !value.pending.isEmpty, !keepsPending {
      value.errors += value.settled(beside: nil, field: "coalesce()")
      value.pending = []
    }
    return value
  }

  /// `compile`, before pending errors are settled.
  mutating func compileValue(_ expr: CheckedExpr, reach: String) throws -> SQLValue {
    switch expr {
    case .constant(let value): return try constant(value)
    case .field(let path, .raw): return SQLValue(column(path), .text)
    case .field(let path, .time): return timeField(path)
    case .now: return SQLValue("vigil_now", .time)
    case .not(let inner):
      let operand = try truth(compile(inner, reach: reach))
      return SQLValue("(NOT \(operand.sql))", .bool, errors: operand.errors)
    case .and(let left, let right):
      let l = try truth(compile(left, reach: reach))
      let r = try truth(compile(right, reach: "(\(reach)) AND (\(l.sql)) IS NOT FALSE"))
      return SQLValue("(\(l.sql) AND \(r.sql))", .bool, errors: l.errors + r.errors)
    case .or(let left, let right):
      let l = try truth(compile(left, reach: reach))
      let r = try truth(compile(right, reach: "(\(reach)) AND (\(l.sql)) IS NOT TRUE"))
      return SQLValue("(\(l.sql) OR \(r.sql))", .bool, errors: l.errors + r.errors)
    case .compare(let op, let left, let right, let site):
      return try comparison(
        op, compile(left, reach: reach), compile(right, reach: reach), site, reach)
    case .stateLength(let op, let state, let other, let site):
      return try stateLength(op, state, other, site, reach)
    case .stateOpen(let state, let site): return try stateOpen(state, site, reach)
    case .isMissing(let operand, let negated): return try isMissing(operand, negated, reach)
    case .membership(let element, let list, let negated):
      return try membership(compile(element, reach: reach), list, negated)
    case .contains(let container, let element):
      if case .constant(.list) = container {
        return try membership(compile(element, reach: reach), container, false)
      }
      let (c, e) = try (compile(container, reach: reach), compile(element, reach: reach))
      guard c.kind == .text, e.kind == .text || e.kind == .null else {
        throw SQLGap("'contains' on \(describe(c.kind))", at: .op(.contains))
      }
      return SQLValue(dialect.containsText(c.sql, e.sql), .bool, errors: c.errors + e.errors)
    case .matches(let operand, let regex): return try matches(compile(operand, reach: reach), regex)
    case .arithmetic(let op, let left, let right):
      return try arithmetic(
        op, compile(left, reach: reach, keepsPending: true),
        compile(right, reach: reach, keepsPending: true))
    case .negate(let operand): return try negate(compile(operand, reach: reach))
    case .call(let builtin, let arguments): return try call(builtin, arguments, reach)
    case .list: throw SQLGap("a list outside 'in'", at: .rule)
    case .between: preconditionFailure("between is checked into two comparisons")
    case .state, .pausedState:
      // The checker allows a state only inside comparisons.
      return SQLValue("NULL", .null)
    case .relation: throw SQLGap("the people directory (manager of …)", at: .relation)
    case .cycleBound(let end):
      guard recordHistory?.cycles == true else {
        throw SQLGap("the cycles of a record's own history (each cycle in …)", at: .cycle)
      }
      return end ? SQLQuery.cycleColumns.end : SQLQuery.cycleColumns.start
    case .calendarLength(let op, let state, let other, let site, let choice):
      return try calendarLength(op, state, other, site, choice, reach)
    case .businessDays(let op, let state, let days, let site, let choice):
      return try businessDays(op, state, days, site, choice, reach)
    case .groupKey(let index):
      guard let group else { throw SQLGap("a group policy", at: .grouping) }
      return group.keys[index]
    case .aggregate(let index):
      guard let group else { throw SQLGap("a group policy", at: .grouping) }
      return group.aggregates[index]
    case .previous(let index):
      guard let group, let previous = group.previous else {
        throw SQLGap("previous() without windows", at: .grouping)
      }
      return previous[index]
    }
  }

  /// A literal.
  func constant(_ value: Value) throws -> SQLValue {
    switch value {
    case .null: return SQLValue("NULL", .null)
    case .bool(let truth): return SQLValue(truth ? "TRUE" : "FALSE", .bool)
    case .number(let number): return SQLValue(numberLiteral(number), .number)
    case .text(let string): return SQLValue(dialect.text(string), .text)
    case .time(let ms): return SQLValue("CAST(\(ms) AS \(dialect.bigint))", .time)
    case .duration(let ms): return SQLValue("CAST(\(ms) AS \(dialect.bigint))", .duration)
    case .list, .record: throw SQLGap("a list outside 'in'", at: .rule)
    }
  }

  /// A number literal, read back as exactly this double.
  func numberLiteral(_ number: Double) -> String {
    "CAST(\(dialect.text(number.description)) AS \(dialect.double))"
  }

  /// A field read as a time: its instant, and the data error of a present text that is not
  /// an ISO-8601 instant.
  mutating func timeField(_ path: FieldPath) -> SQLValue {
    let (raw, time) = timeColumn(path)
    let error = SQLDataError(
      when: "(\(raw) IS NOT NULL AND \(raw) <> '' AND \(time) IS NULL)", field: path.description,
      value: raw,
      message: timeMessage(raw))
    return SQLValue(time, .time, errors: [error])
  }

  /// A value used as a condition: true, false or unknown; a text is read as `true`/`false`
  /// (any case), and any other text is a data error.
  package func truth(_ value: SQLValue) throws -> SQLValue {
    switch value.kind {
    case .bool: return value
    case .null: return SQLValue("CAST(NULL AS BOOLEAN)", .bool, errors: value.errors)
    case .text:
      let lowered = "LOWER(\(value.sql))"
      let error = SQLDataError(
        when: "(\(value.sql) IS NOT NULL AND \(lowered) NOT IN ('true', 'false'))",
        field: "condition", value: value.sql,
        message: quoted("expected true or false, found the text '", value.sql, "'"))
      return SQLValue(
        "(CASE \(lowered) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END)", .bool,
        errors: value.errors + [error])
    default: throw SQLGap("\(describe(value.kind)) used as a condition", at: .rule)
    }
  }

  /// SQL text of a message: `before`, the value, `after`.
  func quoted(_ before: String, _ value: String, _ after: String) -> String {
    dialect.concat([dialect.text(before), value, dialect.text(after)])
  }

  /// The message of a text that is not an instant Vigil reads.
  func timeMessage(_ raw: String) -> String {
    let local = quoted("'", raw, "' has no time zone offset")
    let unreadable = quoted("cannot read '", raw, "' as a time")
    return "(CASE WHEN \(text.isLocalTime(raw)) THEN \(local) ELSE \(unreadable) END)"
  }

  /// How a kind is named in messages.
  func describe(_ kind: SQLKind) -> String {
    switch kind {
    case .text: return "a text"
    case .number: return "a number"
    case .time: return "a time"
    case .duration: return "a duration"
    case .bool: return "a true/false value"
    case .null: return "null"
    }
  }

  /// `x is missing` / `x is present`: a field's presence is read, not its value (an
  /// unreadable time is present); an expression that meets a data error is unknown.
  mutating func isMissing(_ operand: CheckedExpr, _ negated: Bool, _ reach: String) throws
    -> SQLValue
  {
    let not = negated ? "NOT " : ""
    if case .field(let path, let reading) = operand {
      let raw = column(path)
      let missing = reading == .time ? "(\(raw) IS NULL OR \(raw) = '')" : "(\(raw) IS NULL)"
      return SQLValue("(\(not)\(missing))", .bool)
    }
    let value = try compile(operand, reach: reach)
    let missing = "(\(not)(\(value.sql) IS NULL))"
    guard let failed = value.anyError() else { return SQLValue(missing, .bool) }
    return SQLValue(
      "(CASE WHEN \(failed) THEN NULL ELSE \(missing) END)", .bool, errors: value.errors)
  }

  /// `x matches "pattern"`, in the dialect's engine, when it shares the pattern's meaning.
  func matches(_ value: SQLValue, _ regex: CompiledRegex) throws -> SQLValue {
    let pattern = try SQLRegex.pattern(regex.pattern, for: dialect)
    let subject: String
    switch value.kind {
    case .text: subject = value.sql
    case .number: subject = text.formatNumber(value.sql)
    case .null: return SQLValue("CAST(NULL AS BOOLEAN)", .bool, errors: value.errors)
    default: throw SQLGap("'matches' on \(describe(value.kind))", at: .op(.matches))
    }
    return SQLValue(dialect.regexSearch(subject, pattern), .bool, errors: value.errors)
  }

  /// `coalesce(a, b, …)`: the first argument that is not missing. Texts among values of one
  /// other kind are read as that kind once chosen (a text chosen that cannot be read is
  /// unknown, not skipped). Every argument is read, for its data errors.
  func coalesce(_ values: [SQLValue]) throws -> SQLValue {
    let kinds = Set(values.map(\.kind)).subtracting([.null])
    let errors = values.flatMap(\.errors)
    if kinds.count <= 1 {
      return SQLValue(
        "COALESCE(" + values.map(\.sql).joined(separator: ", ") + ")", kinds.first ?? .null,
        errors: errors)
    }
    let others = kinds.subtracting([.text])
    guard kinds.contains(.text), others.count == 1, let kind = others.first,
      kind == .time || kind == .number
    else { throw SQLGap("coalesce() of values of different kinds", at: .call("coalesce")) }
    var branches: [String] = []
    var converted: [SQLDataError] = []
    for value in values where value.kind != .null {
      guard value.kind == .text else {
        branches.append("WHEN \(value.sql) IS NOT NULL THEN \(value.sql)")
        continue
      }
      let read = try convert(value, like: kind, other: "TRUE", field: "")
      branches.append("WHEN \(value.sql) IS NOT NULL THEN \(read.sql)")
      converted += read.errors.dropFirst(value.errors.count).map { error in
        var chosen = error
        chosen.when = "(\(error.when) AND \(branchChosen(value, among: values)))"
        return chosen
      }
    }
    return SQLValue(
      "(CASE " + branches.joined(separator: " ") + " END)", kind, errors: errors,
      pending: converted)
  }

  /// Whether `coalesce` chose `value`: it is present and every argument before it missing.
  func branchChosen(_ value: SQLValue, among values: [SQLValue]) -> String {
    let before = values.prefix { $0.sql != value.sql }
    return (before.map { "\($0.sql) IS NULL" } + ["\(value.sql) IS NOT NULL"]).joined(
      separator: " AND ")
  }

  /// A function call.
  mutating func call(_ builtin: Builtin, _ arguments: [CheckedExpr], _ reach: String) throws
    -> SQLValue
  {
    let values = try arguments.map { try compile($0, reach: reach) }
    switch builtin {
    case .coalesce: return try coalesce(values)
    case .lower, .upper:
      guard values[0].kind == .text else {
        throw SQLGap("\(builtin)() of \(describe(values[0].kind))", at: .call("\(builtin)"))
      }
      let function = if case .lower = builtin { "LOWER" } else { "UPPER" }
      return SQLValue("\(function)(\(values[0].sql))", .text, errors: values[0].errors)
    case .days, .hours, .minutes:
      guard values[0].kind == .duration else {
        throw SQLGap("\(builtin)() of \(describe(values[0].kind))", at: .call("\(builtin)"))
      }
      let unit =
        switch builtin {
        case .days: 86_400_000
        case .hours: 3_600_000
        default: 60_000
        }
      return SQLValue(
        "(CAST(\(values[0].sql) AS \(dialect.double)) / \(unit))", .number, errors: values[0].errors
      )
    case .len:
      throw SQLGap("len()", at: .call("len"), reason: "engines count characters differently")
    case .time(let pattern, let zone, _):
      return try patternTime(values[0], pattern, zone)
    case .custom(let function):
      throw SQLGap("the embedder's function \(function.name)()", at: .call(function.name))
    }
  }
}
