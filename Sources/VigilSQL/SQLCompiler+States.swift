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

  /// The parts of `from A until B`.
  mutating func state(_ expr: CheckedExpr, label: String, _ reach: String) throws -> SQLState {
    if case .pausedState = expr { throw SQLGap("a paused clock", at: .paused) }
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
