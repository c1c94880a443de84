import VigilSemantics
import VigilSyntax

/// States (`from A until B`) in SQL, as Grammar.md "States" defines them: unknown without a
/// readable start, not begun (length 0, not open) when it starts after now, open (measured
/// to now) while its end is missing or after now, else closed; an end before the start (of a
/// closed state) is a data error and the state unknown.
extension SQLCompiler {
  /// A state's parts, each an SQL expression over one record.
  struct SQLState {
    /// True when the state is unknown.
    var unknown: String
    /// Its length in milliseconds (meaningful when known).
    var length: String
    /// Whether it is open at now (meaningful when known).
    var open: String
    /// The data errors of its bounds and of an end before its start, in order.
    var errors: [SQLDataError]
    /// Its start (meaningful when known).
    var start: String
    /// Where it stops being measured: its end when closed, now while open, its start when it
    /// has not begun (meaningful when known).
    var stop: String
  }

  /// The parts of `from A until B`, or of a case's state paused by its history.
  mutating func state(_ expr: CheckedExpr, label: String, _ reach: String) throws -> SQLState {
    if case .pausedState(let base, let history, let condition, let unless) = expr {
      return try pausedState(base, history, condition, unless, label: label, reach)
    }
    guard case .state(let from, let until) = expr else {
      throw SQLGap("a state that is not 'from … until …'", at: .rule)
    }
    let start = try compile(from, reach: reach)
    let end = try compile(until, reach: reach)
    guard start.kind == .time || start.kind == .null, end.kind == .time || end.kind == .null
    else { throw SQLGap("a state whose bounds are not times", at: .rule) }
    let (s, e) = (start.sql, end.sql)
    let endFailed = end.anyError() ?? "FALSE"
    let closed = "(\(e) IS NOT NULL AND \(e) <= vigil_now)"
    let backwards = SQLDataError(
      when:
        "(\(s) IS NOT NULL AND \(s) <= vigil_now AND NOT \(endFailed) AND \(closed) AND \(e) < \(s))",
      field: label, value: text.formatTime(e),
      message:
        "'ends (' || \(text.formatTime(e)) || ') before it starts (' || \(text.formatTime(s)) || ')'"
    )
    let unknown =
      "(\(s) IS NULL OR (\(s) <= vigil_now AND (\(endFailed) OR (\(closed) AND \(e) < \(s)))))"
    let length =
      "(CASE WHEN \(s) > vigil_now THEN 0 WHEN \(closed) THEN \(e) - \(s) ELSE vigil_now - \(s) END)"
    let open = "(\(s) <= vigil_now AND NOT \(closed))"
    let stop =
      "(CASE WHEN \(s) > vigil_now THEN \(s) WHEN \(closed) THEN \(e) ELSE vigil_now END)"
    return SQLState(
      unknown: unknown, length: length, open: open,
      errors: start.errors + end.errors + [backwards], start: s, stop: stop)
  }

  /// `S op D`: a state's length compared with a duration.
  mutating func stateLength(
    _ op: BinaryOperator, _ stateExpr: CheckedExpr, _ other: CheckedExpr, _ site: Int,
    _ reach: String
  ) throws -> SQLValue {
    let s = try state(stateExpr, label: sites[site].label, reach)
    let limit = try compile(other, reach: reach)
    guard limit.kind == .duration || limit.kind == .null else {
      throw SQLGap("a state compared with \(describe(limit.kind))", at: .rule)
    }
    let result =
      "(CASE WHEN \(s.unknown) THEN NULL ELSE \(s.length) \(sqlOperator(op)) \(limit.sql) END)"
    evidence.append(
      SQLEvidence(
        when: "(\(reach)) AND (\(result)) IS TRUE", isState: true,
        measured: text.formatDuration(s.length), open: s.open, site: site,
        overrun: limit.kind == .duration ? "abs(\(s.length) - \(limit.sql))" : nil,
        length: s.length))
    return SQLValue(result, .bool, errors: s.errors + limit.errors)
  }

  /// A bare state as a condition: open at now.
  mutating func stateOpen(_ stateExpr: CheckedExpr, _ site: Int, _ reach: String) throws
    -> SQLValue
  {
    let s = try state(stateExpr, label: sites[site].label, reach)
    let result = "(CASE WHEN \(s.unknown) THEN NULL ELSE \(s.open) END)"
    evidence.append(
      SQLEvidence(
        when: "(\(reach)) AND (\(result)) IS TRUE", isState: true,
        measured: text.formatDuration(s.length), open: "TRUE", site: site, length: s.length))
    return SQLValue(result, .bool, errors: s.errors)
  }
}

/// A paused clock of a group policy: the time a case's history pauses within its state's
/// interval, summed per group into `vigil_pz<N>`.
struct SQLPause {
  /// The history aggregate (`history(F)`).
  var aggregate: Int
  /// What pauses the clock, read in each change.
  var condition: CheckedExpr
  /// The state's start and where it stops being measured, over the group's columns.
  var start: String
  var stop: String
  /// Whether its pauses may be dishonest (`… unless Q`: `Q` is the history aggregate's).
  var honest = false
  /// The state as the policy names it (a dishonest pause's `pause_state`).
  var label = ""
  /// SQL condition over the group's columns: the state is unknown (then it keeps no pause).
  var unknown = "FALSE"
  /// Of a record's own list of changes: its number (`SQLCompiler.historyLists`).
  var list: Int? = nil
  /// Of a record's own list with `unless Q`: `Q`, read in each change.
  var unless: CheckedExpr? = nil
}

extension SQLCompiler {
  /// A record's list of changes as written (`history`, `ticket.changes`); `…` for another
  /// expression.
  static func listName(_ list: CheckedExpr) -> String {
    if case .field(let path, _) = list { return path.dotted }
    return "…"
  }

  /// `S paused in history(F) while C` over a case: the state's length less the time its
  /// history's changes where `C` holds overlap it (each change holds until the next one's
  /// time, the last one from then on); with `unless Q`, less only the honest part of each
  /// pause (`SQLQuery.pausesCTE`). Over a record's own list of changes (`paused in H while
  /// C`, while a record policy's condition is compiled), the same sum of the record's changes
  /// (`SQLQuery.recordChangesCTE`); a list that cannot be read leaves the state unknown, a
  /// data error of the record.
  mutating func pausedState(
    _ base: CheckedExpr, _ history: CheckedExpr, _ condition: CheckedExpr,
    _ unless: CheckedExpr?, label: String, _ reach: String
  ) throws -> SQLState {
    if group == nil {
      return try recordPausedState(base, history, condition, unless, label: label, reach)
    }
    guard case .aggregate(let index) = history else { throw SQLGap("a paused clock", at: .paused) }
    var s = try state(base, label: label, reach)
    let column = "vigil_pz\(pauses.count)"
    pauses.append(
      SQLPause(
        aggregate: index, condition: condition, start: s.start, stop: s.stop,
        honest: unless != nil, label: label, unknown: s.unknown))
    s.length = "(\(s.length) - \(column))"
    return s
  }

  /// `S paused in H while C` over a record's own list of changes `H`.
  mutating func recordPausedState(
    _ base: CheckedExpr, _ history: CheckedExpr, _ condition: CheckedExpr,
    _ unless: CheckedExpr?, label: String, _ reach: String
  ) throws -> SQLState {
    let written =
      "a paused clock of a record's own history (paused in \(Self.listName(history)) while …)"
    guard recordHistory != nil, case .field(let path, _) = history else {
      throw SQLGap(written, at: .paused)
    }
    let list = historyList(path)
    var s = try state(base, label: label, reach)
    let column = "vigil_pz\(pauses.count)"
    pauses.append(
      SQLPause(
        aggregate: -1, condition: condition, start: s.start, stop: s.stop,
        honest: unless != nil, label: label, unknown: s.unknown, list: list, unless: unless))
    let unreadable = "vigil_he\(list) > 0"
    s.length = "(\(s.length) - \(column))"
    s.unknown = "(\(s.unknown) OR \(unreadable))"
    // The list is read even when the state's start is unknown, for its data error.
    s.errors.append(listError(list, field: label, status: true))
    return s
  }

  /// The data error of a record's list of changes `list` that cannot be read
  /// (`vigil_he<list>`: 1 not a list, 2 a change not an object, 3 an `at` that cannot be read
  /// as a time, 4 an `at` that is not a text), as the reader that names it `field` words it
  /// (`status`: a paused clock's, "a status history").
  func listError(_ list: Int, field: String, status: Bool) -> SQLDataError {
    let history = status ? "a status history" : "a history"
    let (kind, value, described) = ("vigil_he\(list)", "vigil_hv\(list)", "vigil_hd\(list)")
    let message =
      "(CASE \(kind) WHEN 1 THEN \(quoted("\(history) is a list of changes, not ", described, ""))"
      + " WHEN 2 THEN \(dialect.text("a change of \(history) is an object with an \"at\" time"))"
      + " WHEN 3 THEN \(timeMessage(value))"
      + " ELSE \(quoted("expected a time, found ", described, "")) END)"
    return SQLDataError(when: "(\(kind) > 0)", field: field, value: value, message: message)
  }
}
