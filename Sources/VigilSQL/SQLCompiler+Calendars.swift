import VigilCore
import VigilSemantics
import VigilSyntax

/// Calendars (Grammar.md, "Calendars: working time") in SQL, the way the dbt Zendesk package
/// counts business minutes but derived from the policy's own calendar: a state's working
/// time is the sum, over the calendar's working intervals, of their overlap with the state's
/// interval; its deadline in business days is read from a table of the deadline of every
/// start. Both tables are CTEs written by `SQLCalendarSpine` (runs of alike weeks), exact to
/// the millisecond with the calendar's zone, holidays and versions.
extension SQLCompiler {
  /// `S op D in CALENDAR`: the state's working time compared with a duration.
  mutating func calendarLength(
    _ op: BinaryOperator, _ stateExpr: CheckedExpr, _ other: CheckedExpr, _ site: Int,
    _ choice: CalendarChoice, _ reach: String
  ) throws -> SQLValue {
    try refusePaused(stateExpr)
    let s = try state(stateExpr, label: sites[site].label, reach)
    let limit = try compile(other, reach: reach)
    guard limit.kind == .duration || limit.kind == .null else {
      throw SQLGap("a state compared with \(describe(limit.kind))", at: .rule)
    }
    let working = try workingTime(s, choice)
    let result =
      "(CASE WHEN \(s.unknown) THEN NULL ELSE \(working) \(sqlOperator(op)) \(limit.sql) END)"
    evidence.append(
      SQLEvidence(
        when: "(\(reach)) AND (\(result)) IS TRUE", isState: true,
        measured: businessText(working, choice), open: s.open, site: site,
        overrun: limit.kind == .duration ? "abs(\(working) - \(limit.sql))" : nil,
        length: working))
    return SQLValue(result, .bool, errors: s.errors + limit.errors)
  }

  /// `S > N business days in CALENDAR`: the state's end (now while open, its start when it
  /// has not begun) after its deadline (`>=`: at or after), and after its start.
  mutating func businessDays(
    _ op: BinaryOperator, _ stateExpr: CheckedExpr, _ days: Int, _ site: Int,
    _ choice: CalendarChoice, _ reach: String
  ) throws -> SQLValue {
    try refusePaused(stateExpr)
    let s = try state(stateExpr, label: sites[site].label, reach)
    let calendar = try fixedCalendar(choice)
    let table = try deadlineTable(calendar, days: days)
    let week = SQLCalendarSpine.week
    let start = s.start
    let weeks = dialect.intDiv("vigil_a - vigil_w", "\(week)")
    let offset = "(vigil_a - vigil_w - \(weeks) * \(week))"
    let found = fold(
      table, bounds: [("vigil_a", start)], sum: false,
      filter: "vigil_a >= vigil_w AND vigil_a < vigil_w + vigil_n * \(week)"
        + " AND \(offset) >= vigil_s AND \(offset) < vigil_e",
      value:
        "(CASE WHEN vigil_l = 1 THEN vigil_a + vigil_v ELSE vigil_w + \(weeks) * \(week) + vigil_v END)"
    )
    let deadline = once(
      "(CASE WHEN \(start) < \(try spine(calendar).first) THEN \(try tooEarly(start, calendar)) ELSE \(found) END)"
    )
    let compare = op == .greater ? ">" : ">="
    let result =
      "(CASE WHEN \(s.unknown) THEN NULL WHEN \(s.stop) <= \(start) THEN FALSE ELSE \(s.stop) \(compare) \(deadline) END)"
    let working = try workingTime(s, choice)
    evidence.append(
      SQLEvidence(
        when: "(\(reach)) AND (\(result)) IS TRUE", isState: true,
        measured: businessText(working, choice), open: s.open, site: site, duration: working))
    return SQLValue(result, .bool, errors: s.errors)
  }

  /// The state's working time: over the calendar's working intervals, the sum of each run's
  /// count before the state's end less its count before its start. A run's count before `t`
  /// is its whole weeks' intervals (`LEAST(m, n)` of them) and the part of the next.
  mutating func workingTime(_ s: SQLState, _ choice: CalendarChoice) throws -> String {
    let calendar = try fixedCalendar(choice)
    let sum = try workingTime(from: s.start, to: s.stop, choice)
    return once(
      "(CASE WHEN \(s.unknown) THEN NULL WHEN \(s.start) < \(try spine(calendar).first) THEN \(try tooEarly(s.start, calendar)) ELSE \(sum) END)"
    )
  }

  /// The working time in the calendar from `start` to `stop` (SQL instants, `start` not
  /// before the calendar's tables begin): a scalar subquery, as a 64-bit integer.
  mutating func workingTime(from start: String, to stop: String, _ choice: CalendarChoice)
    throws -> String
  {
    let table = try workingTable(try fixedCalendar(choice))
    let week = SQLCalendarSpine.week
    func before(_ t: String) -> String {
      let since = "(\(t) - vigil_w - vigil_s)"
      let weeks = dialect.intDiv(since, "\(week)")
      let length = "(vigil_e - vigil_s)"
      return
        "(CASE WHEN \(since) <= 0 THEN 0 ELSE LEAST(\(weeks), vigil_n) * \(length)"
        + " + (CASE WHEN \(weeks) < vigil_n THEN LEAST(\(since) - \(weeks) * \(week), \(length)) ELSE 0 END) END)"
    }
    let sum = fold(
      table, bounds: [("vigil_a", start), ("vigil_b", stop)], sum: true,
      filter:
        "vigil_w + vigil_s < vigil_b AND vigil_w + (vigil_n - 1) * \(week) + vigil_e > vigil_a",
      value: "(\(before("vigil_b")) - \(before("vigil_a")))")
    return "CAST(\(sum) AS \(dialect.bigint))"
  }

  /// `value` summed (or its greatest taken) over the rows of a calendar's table where
  /// `filter` holds, both reading the table's columns by name and the record's `bounds`
  /// (`vigil_a`, `vigil_b`): a scalar subquery that reads the bounds once (`OFFSET 0` keeps
  /// PostgreSQL from copying them into the filter of every row).
  func fold(
    _ table: String, bounds: [(String, String)], sum: Bool, filter: String, value: String
  ) -> String {
    if dialect == .spark {
      return sparkFold(table, bounds: bounds, sum: sum, filter: filter, value: value)
    }
    let read = bounds.map { "\($1) AS \($0)" }.joined(separator: ", ")
    return "(SELECT \(sum ? "COALESCE(SUM(\(value)), 0)" : "MAX(\(value))")"
      + " FROM (SELECT \(read) OFFSET 0) AS vigil_state CROSS JOIN \(table) WHERE \(filter))"
  }

  /// `fold` for Spark, whose subqueries read no column of the record outside their filter:
  /// the table's rows collected into an array by a subquery that reads none
  /// (`collect_list`, run once), and the record's bounds bound once as a lambda's parameter
  /// (`vigil_x`), then `filter` and `value` read each row (`vigil_r`) in lambdas: summed by
  /// `aggregate`, or the greatest taken by `array_max`.
  func sparkFold(
    _ table: String, bounds: [(String, String)], sum: Bool, filter: String, value: String
  ) -> String {
    let columns = tableColumns[table] ?? []
    func reading(_ text: String) -> String {
      var out = text
      for column in columns { out = out.replacingWord(column, with: "vigil_r.\(column)") }
      for (name, _) in bounds { out = out.replacingWord(name, with: "vigil_x.\(name)") }
      return out
    }
    let rows =
      "(SELECT collect_list(named_struct("
      + columns.map { "'\($0)', \($0)" }.joined(separator: ", ") + ")) FROM \(table))"
    let read = (bounds.map { "'\($0)', \($1)" } + ["'vigil_t'", rows]).joined(separator: ", ")
    let kept = "filter(vigil_x.vigil_t, vigil_r -> \(reading(filter)))"
    let folded =
      sum
      ? "aggregate(\(kept), CAST(0 AS BIGINT), (vigil_acc, vigil_r) -> vigil_acc + \(reading(value)))"
      : "array_max(transform(\(kept), vigil_r -> \(reading(value))))"
    return "element_at(transform(array(named_struct(\(read))), vigil_x -> \(folded)), 1)"
  }

  /// `sql` computed once per record, as a column of its own, unless it reads a column
  /// computed beside it or a cycle's bounds (a record's cycle is a row of its own, after the
  /// record's columns).
  mutating func once(_ sql: String) -> String {
    sql.contains(#/\bd[0-9]+\b|\bvigil_c[se]\b/#) ? sql : derivedColumn(sql)
  }

  /// `61h12m business (office)`, as the audit writes a length counted in a calendar.
  func businessText(_ working: String, _ choice: CalendarChoice) -> String {
    dialect.concat([text.formatDuration(working), dialect.text(" business (\(choice.name))")])
  }

  /// Stops at a paused clock counted in a calendar: its working time would have to leave out
  /// each pause's working time, which the tables' sums do not yet.
  func refusePaused(_ stateExpr: CheckedExpr) throws {
    if case .pausedState = stateExpr {
      throw SQLGap("a paused clock counted in a calendar", at: .paused)
    }
  }

  /// The calendar every record is counted in.
  func fixedCalendar(_ choice: CalendarChoice) throws -> BusinessCalendar {
    guard let calendar = choice.fixed else {
      throw SQLGap("a calendar chosen per record (\(choice.name))", at: .calendar)
    }
    return calendar
  }

  /// Stops the query: a state that starts before the tables begin.
  func tooEarly(_ start: String, _ calendar: BusinessCalendar) throws -> String {
    let first = TimeParsing.formatISO8601(try spine(calendar).first)
    return dialect.fail(
      "vigil sql: a state counted in the calendar '\(calendar.name)' starts before \(first), where its table of working hours begins (ten years before now): audit it with vigil audit",
      dialect.bigint, nonConstant: "CAST(\(start) AS \(dialect.textType))")
  }

  /// The spine of a calendar's working intervals: `vigil_w`, `vigil_n`, `vigil_s`, `vigil_e`.
  mutating func workingTable(_ calendar: BusinessCalendar) throws -> String {
    let key = "working \(calendar.name)"
    if let name = tableNames[key] { return name }
    let spine = try spine(calendar)
    guard let runs = spine.workingRuns() else {
      throw SQLGap(
        "the working time of the calendar '\(calendar.name)'", at: .calendar,
        reason: "its table of working hours does not add up to its own count")
    }
    let rows: [[Int64]] = runs.flatMap { run in
      run.rows.map { [run.start, run.weeks, $0.start, $0.end] }
    }
    return addTable(key, ["vigil_w", "vigil_n", "vigil_s", "vigil_e"], rows)
  }

  /// The table of a calendar's deadlines `days` business days after each start: `vigil_w`,
  /// `vigil_n`, `vigil_s`, `vigil_e` (the starts), `vigil_l` (1: the start plus `vigil_v`;
  /// 0: the week's start plus `vigil_v`).
  mutating func deadlineTable(_ calendar: BusinessCalendar, days: Int) throws -> String {
    let key = "deadlines \(days) \(calendar.name)"
    if let name = tableNames[key] { return name }
    let spine = try spine(calendar)
    guard let runs = spine.deadlineRuns(days: days) else {
      throw SQLGap(
        "\(days) business days in the calendar '\(calendar.name)'", at: .calendar,
        reason: "a deadline of its table could not be told exactly")
    }
    let rows: [[Int64]] = runs.flatMap { run in
      run.rows.map { [run.start, run.weeks, $0.start, $0.end, $0.linear ? 1 : 0, $0.value] }
    }
    return addTable(key, ["vigil_w", "vigil_n", "vigil_s", "vigil_e", "vigil_l", "vigil_v"], rows)
  }

  /// The calendar's weeks up to now's.
  func spine(_ calendar: BusinessCalendar) throws -> SQLCalendarSpine {
    guard let now else {
      throw SQLGap(
        "a calendar's working time with --now param", at: .calendar,
        reason: "its table of working hours ends at now; give --now")
    }
    return SQLCalendarSpine(calendar, now: now)
  }

  /// Adds a CTE of `rows` (64-bit integers) named after the tables so far.
  mutating func addTable(_ key: String, _ columns: [String], _ rows: [[Int64]]) -> String {
    let name = "vigil_cal\(tables.count)"
    tableNames[key] = name
    let values =
      rows.isEmpty
      ? nil
      : "VALUES "
        + rows.map { "(" + $0.map(String.init).joined(separator: ", ") + ")" }.joined(
          separator: ",\n  ")
    let listed = columns.joined(separator: ", ")
    // 64-bit integers, whatever type the engine gives the literals.
    let cast = columns.map { "CAST(\($0) AS \(dialect.bigint)) AS \($0)" }.joined(separator: ", ")
    let body: String
    switch values {
    case nil:
      body =
        "SELECT "
        + columns.map { "CAST(NULL AS \(dialect.bigint)) AS \($0)" }.joined(separator: ", ")
        + " WHERE FALSE"
    case let values?: body = "SELECT \(cast) FROM (\(values)) AS \(name)(\(listed))"
    }
    tables.append("\(name) AS (\(body))")
    tableColumns[name] = columns
    return name
  }
}
