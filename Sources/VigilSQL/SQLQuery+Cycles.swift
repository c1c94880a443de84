import VigilSemantics

/// `each cycle from P until Q` over an event log's cases (Grammar.md, "Every cycle"): a
/// case's events with a time not after now, in time order (those at the same time in input
/// order), are marked 2 where `Q` is true (ending the running cycle) and else 1 where `P` is
/// (beginning one when none runs). Where the previous marked event is a 1 a cycle runs, so a
/// 1 after a 2 (or first) begins a cycle and a 2 after a 1 ends it: those bounds alternate,
/// and each start's cycle ends at the next bound when it is an end (`LEAD`), else is open. A
/// CTE numbers the cycles of each case (`vigil_cycles<N>`), and another joins the judged
/// groups to the cycles `cycles:` chooses (`vigil_cycled<N>`: a case with none keeps one row,
/// its state unknown), each with its place in the report (`vigil_crank`).
extension SQLQuery {
  /// The columns the condition reads for a cycle's state: its start and end.
  static let cycleColumns = (start: SQLValue("vigil_cs", .time), end: SQLValue("vigil_ce", .time))

  /// A cycle's marks read from an event: the event's time, its mark (2: it ends cycles, 1:
  /// it begins them, NULL: neither, or its time is missing or after now), and the data
  /// errors of reading them, in the order the audit meets them.
  mutating func cycleMarks(_ aggregate: CheckedAggregate, counted: String) throws -> (
    time: String, mark: String, errors: [SQLDataError]
  ) {
    // INVARIANT: the checker gives a cycle's start its begin and end conditions and order.
    let time = try compiler.compile(aggregate.order!)
    guard time.kind == .time else {
      throw SQLGap("'each cycle' by \(compiler.describe(time.kind))", at: .cycle)
    }
    let begins = try compiler.truth(compiler.compile(aggregate.argument!))
    let ends = try compiler.truth(compiler.compile(aggregate.until!))
    let happened = "\(time.sql) IS NOT NULL AND \(time.sql) <= vigil_now"
    let mark =
      "(CASE WHEN NOT (\(happened)) THEN NULL WHEN (\(ends.sql)) IS TRUE THEN 2"
      + " WHEN (\(begins.sql)) IS TRUE THEN 1 END)"
    let errors =
      gated(time.errors, counted) + gated(begins.errors + ends.errors, "\(counted) AND \(happened)")
    return (time.sql, mark, errors)
  }

  /// `vigil_cycles<index>`: each cycle of each judged group (`vigil_rank`), its start
  /// (`vigil_cs`), end (`vigil_ce`, NULL while open), number (`vigil_cn`) and the number of
  /// cycles of its group (`vigil_cm`).
  mutating func cyclesCTE(
    _ index: Int, _ group: CheckedGroup, _ cycles: CheckedCycles, keys: [SQLValue], told: String
  ) throws -> String {
    let saved = (compiler.group, compiler.evidence)
    compiler.group = nil
    defer { (compiler.group, compiler.evidence) = saved }
    let marks = try cycleMarks(group.aggregates[cycles.start], counted: told)
    let partition =
      "PARTITION BY " + keys.indices.map { "vigil_c\($0)" }.joined(separator: ", ")
    let columns = keys.enumerated().map { ", \($1.sql) AS vigil_c\($0)" }.joined()
    let marked =
      "SELECT vigil_row, \(marks.time) AS vigil_ct, \(marks.mark) AS vigil_cf\(columns)"
      + " FROM vigil_values WHERE \(told)"
    let numbered = cycleNumbering(marked, partition: partition)
    let same = keys.indices.map {
      dialect.sameKey("vigil_n.vigil_c\($0)", "vigil_g.vigil_k\($0)", keys[$0].kind)
    }
    return "vigil_cycles\(index) AS (SELECT vigil_g.vigil_rank, vigil_n.vigil_ct AS vigil_cs,"
      + " vigil_n.vigil_ce, vigil_n.vigil_cn, vigil_n.vigil_cm"
      + "\nFROM (\(numbered)) AS vigil_n JOIN vigil_groups\(index) AS vigil_g ON "
      + same.joined(separator: " AND ") + ")"
  }

  /// The cycles of the marked events `marked` (`vigil_row` their input order, `vigil_ct`
  /// their time, `vigil_cf` their mark), each group's (`partition`): a row per cycle with its
  /// start (`vigil_ct`), end (`vigil_ce`, NULL while open), number (`vigil_cn`) and the
  /// number of cycles of its group (`vigil_cm`).
  func cycleNumbering(_ marked: String, partition: String) -> String {
    let ordered = "OVER (\(partition) ORDER BY vigil_ct, vigil_row)"
    let previous =
      "SELECT vigil_m.*, LAG(vigil_cf) \(ordered) AS vigil_cp FROM (\(marked)) AS vigil_m"
      + " WHERE vigil_cf IS NOT NULL"
    let bounds =
      "SELECT vigil_p.*, CASE WHEN LEAD(vigil_cf) \(ordered) = 2 THEN LEAD(vigil_ct) \(ordered) END"
      + " AS vigil_ce FROM (\(previous)) AS vigil_p"
      + " WHERE (vigil_cf = 1 AND (vigil_cp IS NULL OR vigil_cp = 2)) OR (vigil_cf = 2 AND vigil_cp = 1)"
    return
      "SELECT vigil_b.*, row_number() \(ordered) AS vigil_cn, COUNT(*) OVER (\(partition))"
      + " AS vigil_cm FROM (\(bounds)) AS vigil_b WHERE vigil_cf = 1"
  }

  /// `vigil_cycled<index>`: the judged groups `source`, each joined to the cycles `choice`
  /// judges (none: one row, the cycle's columns NULL), numbered in the report's order.
  func cycledCTE(_ index: Int, _ source: String, _ choice: CycleChoice) -> String {
    let chosen: String
    switch choice {
    case .every: chosen = ""
    case .first: chosen = " AND vigil_cc.vigil_cn = 1"
    case .last: chosen = " AND vigil_cc.vigil_cn = vigil_cc.vigil_cm"
    }
    return "vigil_cycled\(index) AS (SELECT vigil_cg.*, vigil_cc.vigil_cs, vigil_cc.vigil_ce,"
      + " vigil_cc.vigil_cn, vigil_cc.vigil_cm,"
      + " row_number() OVER (ORDER BY vigil_cg.vigil_rank, vigil_cc.vigil_cn) AS vigil_crank"
      + "\nFROM \(source) AS vigil_cg LEFT JOIN vigil_cycles\(index) AS vigil_cc"
      + " ON vigil_cg.vigil_rank = vigil_cc.vigil_rank\(chosen))"
  }

  /// The window column of a cycle's row: `cycle 2 of 3`; NULL for a group with no cycle.
  var cycleWindow: String {
    "(CASE WHEN vigil_cn IS NOT NULL THEN "
      + dialect.concat([
        "'cycle '", dialect.integerText("vigil_cn"), "' of '", dialect.integerText("vigil_cm"),
      ]) + " END)"
  }

  /// The judged cycles whose condition meets a data error, only the first of each group's
  /// (the audit reports a case's data error under a policy once).
  func firstErring(_ source: String, _ errors: [SQLDataError]) -> String {
    let any = errors.map { "COALESCE(\($0.when), FALSE)" }.joined(separator: " OR ")
    return "(SELECT * FROM (SELECT vigil_e.*, row_number() OVER (PARTITION BY vigil_rank"
      + " ORDER BY vigil_crank) AS vigil_ef FROM \(source) AS vigil_e WHERE \(any)) AS vigil_ee"
      + " WHERE vigil_ef = 1)"
  }
}
