import VigilSemantics
import VigilSyntax

/// The holders of an event log's case (Grammar.md, "Who held the clock"), `accountable: FIELD
/// at breach`, `held longest` or `by share`, on the wall clock or in a calendar's working time,
/// of the case's state or of each cycle's: the case's events with a time and a holder (the field's
/// value; an event without it changes nothing), of several at one instant the last in input
/// order, are its marks. Those at or before the state's start give the holder at the start
/// (none: no holder), those inside it begin stretches where the holder changes; each stretch
/// counts its wall-clock time less the time the case's paused clock is paused inside it (in
/// a calendar, its working time: a scalar subquery over the calendar's table), and
/// the breach is in the stretch whose running total first
/// passes the threshold (`>`) or reaches it (`>=`); the holder who held it longest is the one
/// with the most time (of equal times, the first to hold it). A CTE (`vigil_holders<N>`) gives per
/// judged group the party (`vigil_hparty`) and the holders' text (`vigil_htext`).
extension SQLQuery {
  /// Whether the report has the `holders` column: a policy names a case's holder.
  var hasHolders: Bool {
    program.policies.contains { $0.group?.holding != nil || $0.recordHolding != nil }
  }

  /// The columns of the violations query: a dishonest pause's when a policy measures honest
  /// pauses, then `holders` last when a policy names one.
  var violationColumns: [String] {
    Self.columns + (hasPauseColumns ? Self.pauseColumns : []) + (hasHolders ? ["holders"] : [])
  }

  /// `vigil_holders<index>`: per judged group (`vigil_rank`) whose state is known, the party
  /// (at the breach, else the holder at the state's end; or the one who held it longest) and
  /// the holders' text.
  /// The marks of a case's holders: each event with a time not after now and a holder
  /// (`vigil_row` its input order, `vigil_ht` its time, `vigil_hv` the holder, `vigil_c<i>`
  /// its case's keys).
  mutating func caseHolderMarks(
    _ group: CheckedGroup, _ holding: CheckedHolding, keys: [SQLValue], told: String
  ) throws -> String {
    let saved = (compiler.group, compiler.evidence)
    compiler.group = nil
    defer { (compiler.group, compiler.evidence) = saved }
    // INVARIANT: the checker requires `ordered by` in an events file.
    let at = try compiler.compile(group.order!)
    guard let argument = history(holding, group) else {
      throw SQLGap("the holders of a case named by an expression", at: .holding)
    }
    let named = try compiler.compile(argument)
    guard named.errors.isEmpty else {
      throw SQLGap("the holders of a case named by a value that can fail", at: .holding)
    }
    let holder = compiler.format(named)
    let columns = keys.enumerated().map { ", \($1.sql) AS vigil_c\($0)" }.joined()
    return "SELECT vigil_row, \(at.sql) AS vigil_ht, \(holder) AS vigil_hv\(columns)"
      + " FROM vigil_values WHERE (\(told)) AND \(at.sql) IS NOT NULL"
      + " AND \(at.sql) <= vigil_now AND \(holder) IS NOT NULL"
  }

  /// `vigil_holders<index>` over the holders' `marks` (`caseHolderMarks`), keyed by keys of
  /// the kinds `keys`, which each judged row of `judged` gives by `spanKeys` (`… AS
  /// vigil_k<i>`); a judged row is named by its column `row` (`vigil_rank`, or per cycle
  /// `vigil_crank`: each cycle's state is split by the holders on its own), which the CTE
  /// calls `vigil_rank`.
  mutating func holdersCTE(
    _ index: Int, _ holding: CheckedHolding, marks found: String, keys: [SQLKind],
    spanKeys: [String], judged: (table: String, row: String), pauses: [SQLPause]
  ) throws -> String {
    // The state, over the group's columns (or the record's).
    let state = try compiler.state(holding.state, label: "", "TRUE")
    let saved = (compiler.group, compiler.evidence)
    compiler.group = nil
    defer { (compiler.group, compiler.evidence) = saved }
    let partition = keys.indices.map { "vigil_c\($0)" }.joined(separator: ", ")
    // The last mark at each instant of each case.
    let marks =
      "SELECT * FROM (SELECT vigil_mm.*, row_number() OVER (PARTITION BY \(partition), vigil_ht"
      + " ORDER BY vigil_row DESC) AS vigil_hl FROM (\(found)) AS vigil_mm) AS vigil_ml"
      + " WHERE vigil_hl = 1"
    let same = keys.indices.map {
      dialect.sameKey("vigil_ml.vigil_c\($0)", "vigil_hj.vigil_k\($0)", keys[$0])
    }
    let spans =
      "SELECT \(judged.row == "vigil_rank" ? "" : "\(judged.row) AS ")vigil_rank,"
      + " \(state.start) AS vigil_hs, \(state.stop) AS vigil_he"
      + spanKeys.map { ", " + $0 }.joined()
      + " FROM \(judged.table) AS vigil_hjg WHERE NOT \(state.unknown)"
    // Each mark before the state's end, at its instant or (at or before the start) at the
    // start; the last at each bound; and the start itself, with no holder, where none is.
    let bound =
      "(CASE WHEN vigil_ml.vigil_ht <= vigil_hj.vigil_hs THEN vigil_hj.vigil_hs ELSE vigil_ml.vigil_ht END)"
    let placed =
      "SELECT vigil_hj.vigil_rank, vigil_hj.vigil_he, \(bound) AS vigil_hb, vigil_ml.vigil_hv,"
      + " vigil_ml.vigil_ht, vigil_ml.vigil_row FROM (\(marks)) AS vigil_ml JOIN (\(spans)) AS vigil_hj ON "
      + (same + [
        "(vigil_ml.vigil_ht < vigil_hj.vigil_he OR vigil_ml.vigil_ht <= vigil_hj.vigil_hs)"
      ]).joined(separator: " AND ")
      + "\nUNION ALL SELECT vigil_rank, vigil_he, vigil_hs, CAST(NULL AS \(dialect.textType)),"
      + " CAST(NULL AS \(dialect.bigint)), CAST(NULL AS \(dialect.bigint)) FROM (\(spans)) AS vigil_hn"
    let lastAt =
      "SELECT * FROM (SELECT vigil_hp.*, row_number() OVER (PARTITION BY vigil_rank, vigil_hb"
      + " ORDER BY vigil_ht DESC NULLS LAST, vigil_row DESC NULLS LAST) AS vigil_hk FROM (\(placed)) AS vigil_hp) AS vigil_hq"
      + " WHERE vigil_hk = 1"
    let ordered = "OVER (PARTITION BY vigil_rank ORDER BY vigil_hb)"
    let changes =
      "SELECT * FROM (SELECT vigil_hq.*, LAG(vigil_hv) \(ordered) AS vigil_hw,"
      + " row_number() \(ordered) AS vigil_hi FROM (\(lastAt)) AS vigil_hq) AS vigil_hc"
      + " WHERE vigil_hi = 1 OR NOT \(dialect.sameOrBothNull("vigil_hv", "vigil_hw"))"
    let walls =
      "SELECT vigil_hc.*, COALESCE(LEAD(vigil_hb) \(ordered), vigil_he) AS vigil_hend,"
      + " row_number() \(ordered) AS vigil_hx, COUNT(*) OVER (PARTITION BY vigil_rank) AS vigil_hm"
      + " FROM (\(changes)) AS vigil_hc"
    // Each stretch counts its wall-clock time, less the time paused inside it.
    var stretches =
      "SELECT vigil_sw.*, vigil_hend - vigil_hb AS vigil_hd FROM (\(walls)) AS vigil_sw"
    if holding.calendar != nil, dialect == .spark, compiler.recordHistory?.cycles == true {
      throw SQLGap(
        "the holders per cycle of a record's own history in a calendar's working time",
        at: .holding, reason: "Spark's analyzer gives up on the query after 100 iterations")
    }
    if let calendar = holding.calendar {
      // In working time: each stretch's overlap with the calendar's working intervals (a
      // paused clock counted in a calendar does not compile).
      let working = try compiler.workingTime(from: "vigil_hb", to: "vigil_hend", calendar)
      stretches = "SELECT vigil_sw.*, \(working) AS vigil_hd FROM (\(walls)) AS vigil_sw"
    } else if case .pausedState = holding.state {
      let paused = try pausedPerStretch(
        index, holding.state, pauses, keys: keys, stretches: walls, spans: spans)
      stretches =
        "SELECT vigil_sw.*, vigil_hend - vigil_hb - COALESCE(vigil_sp.vigil_hpz, 0) AS vigil_hd"
        + " FROM (\(walls)) AS vigil_sw LEFT JOIN (\(paused)) AS vigil_sp"
        + " ON vigil_sw.vigil_rank = vigil_sp.vigil_rank AND vigil_sw.vigil_hx = vigil_sp.vigil_hx"
    }
    let op = holding.op == .greater ? ">" : ">="
    let limit = holding.threshold
    let summed =
      "SELECT vigil_hs2.*, SUM(vigil_hd) OVER (PARTITION BY vigil_rank ORDER BY vigil_hx"
      + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS vigil_ha FROM (\(stretches)) AS vigil_hs2"
    let breach =
      "(vigil_ha \(op) \(limit) AND (vigil_hx = 1 OR NOT (vigil_ha - vigil_hd \(op) \(limit))))"
    let flagged =
      "SELECT vigil_hsum.*, \(breach) AS vigil_hbr,"
      + " (\(breach) OR (vigil_hx = vigil_hm AND NOT (vigil_ha \(op) \(limit)))) AS vigil_hpk"
      + " FROM (\(summed)) AS vigil_hsum"
    // The report's holders section reads the stretches too (`vigil_stretches<N>`).
    let stretched = reportsAccountability ? "vigil_stretches\(index)" : "(\(flagged))"
    // Per holder: the time held, when first held, whether at the breach.
    let perHolder =
      "SELECT vigil_rank, vigil_hv, CAST(SUM(vigil_hd) AS \(dialect.bigint)) AS vigil_hh, MIN(vigil_hx) AS vigil_hf,"
      + " MAX(CASE WHEN vigil_hbr THEN 1 ELSE 0 END) AS vigil_hz,"
      + " MAX(CASE WHEN vigil_hpk THEN 1 ELSE 0 END) AS vigil_hy"
      + " FROM \(stretched) AS vigil_hfl GROUP BY vigil_rank, vigil_hv"
    // The holder who held it longest (of equal times, the first), for `held longest` and
    // `by share`.
    let double = dialect == .spark ? "DOUBLE" : "DOUBLE PRECISION"
    let shared =
      "SELECT vigil_ph.*, CAST(SUM(vigil_hh) OVER (PARTITION BY vigil_rank) AS \(double))"
      + " AS vigil_ht, row_number() OVER (PARTITION BY vigil_rank ORDER BY vigil_hh DESC,"
      + " vigil_hf) AS vigil_hlong FROM (\(perHolder)) AS vigil_ph"
    // `.rounded()`: half away from zero, on the product Swift computes.
    let scaled =
      "(CASE WHEN vigil_ht = 0 THEN 0 ELSE CAST(vigil_hh AS \(double)) / vigil_ht * 10000 END)"
    let hundredths =
      "CAST(CASE WHEN \(scaled) - floor(\(scaled)) >= 0.5 THEN floor(\(scaled)) + 1"
      + " ELSE floor(\(scaled)) END AS \(dialect.bigint))"
    let percented =
      "SELECT vigil_sh.*, \(hundredths) AS vigil_hn FROM (\(shared)) AS vigil_sh"
    let percent =
      "(" + dialect.integerText(dialect.intDiv("vigil_hn", "100"))
      + " || CASE WHEN vigil_hn % 100 = 0 THEN ''"
      + " WHEN vigil_hn % 10 = 0 THEN '.' || \(dialect.integerText(dialect.intDiv("(vigil_hn % 100)", "10")))"
      + " ELSE '.' || lpad(\(dialect.integerText("vigil_hn % 100")), 2, '0') END || '%')"
    let item = dialect.concat([
      "COALESCE(vigil_hv, '(no holder)')", "' '", compiler.text.formatDuration("vigil_hh"), "' ('",
      percent, "CASE WHEN vigil_hz = 1 THEN ', breached' ELSE '' END", "')'",
    ])
    let picked = holding.choice == .atBreach ? "vigil_hy = 1" : "vigil_hlong = 1"
    return (reportsAccountability ? "vigil_stretches\(index) AS (\(flagged)),\n" : "")
      + "vigil_holders\(index) AS (SELECT vigil_rank,"
      + " MAX(CASE WHEN \(picked) THEN vigil_hv END) AS vigil_hparty,"
      + " \(orderedJoin(item, by: "vigil_hf")) AS vigil_htext"
      + "\nFROM (\(percented)) AS vigil_hpc GROUP BY vigil_rank)"
  }

  /// The texts `item` of a group's rows joined by ", " in the order of `order` (an integer
  /// unique in the group): `string_agg … ORDER BY`; in Spark, which has no ordered
  /// `string_agg`, the pairs collected, sorted by their first field and joined.
  func orderedJoin(_ item: String, by order: String) -> String {
    guard dialect == .spark else { return "string_agg(\(item), ', ' ORDER BY \(order))" }
    return
      "array_join(transform(array_sort(collect_list(named_struct('o', \(order), 't', \(item))))"
      + ", vigil_x -> vigil_x.t), ', ')"
  }

  /// Per stretch (`vigil_rank`, `vigil_hx`), the time the case's paused clock is paused
  /// inside it (`vigil_hpz`), read from the changes `pausesCTE` wrote (`vigil_changes<index>`):
  /// the clock is the policy's `pauses[number]`, its paused clock of the same history,
  /// condition and honesty (with `unless`, a pause's dishonest part is not paused).
  mutating func pausedPerStretch(
    _ index: Int, _ state: CheckedExpr, _ pauses: [SQLPause],
    keys: [SQLKind], stretches: String, spans: String
  ) throws -> String {
    guard case .pausedState(_, let history, let condition, let unless) = state,
      let number = try pauses.indices.first(where: {
        try samePause(pauses[$0], history, condition, honest: unless != nil)
      })
    else {
      throw SQLGap(
        "the holders of a case paused by a clock its rule does not measure", at: .holding)
    }
    let same = keys.indices.map {
      dialect.sameKey("vigil_pc.vigil_c\($0)", "vigil_pj.vigil_k\($0)", keys[$0])
    }
    let begin =
      "(CASE WHEN vigil_pc.vigil_ht > vigil_ps.vigil_hb THEN vigil_pc.vigil_ht ELSE vigil_ps.vigil_hb END)"
    let end =
      "(CASE WHEN vigil_pc.vigil_next IS NULL OR vigil_pc.vigil_next > vigil_ps.vigil_hend"
      + " THEN vigil_ps.vigil_hend ELSE vigil_pc.vigil_next END)"
    return "SELECT vigil_ps.vigil_rank, vigil_ps.vigil_hx, CAST(SUM(CASE WHEN "
      + pausedChange(number, pauses[number], in: "vigil_pc.")
      + " AND \(end) > \(begin) THEN \(end) - \(begin) ELSE 0 END) AS \(dialect.bigint)) AS vigil_hpz"
      + " FROM (\(stretches)) AS vigil_ps JOIN (\(spans)) AS vigil_pj ON vigil_ps.vigil_rank = vigil_pj.vigil_rank"
      + " JOIN vigil_changes\(index) AS vigil_pc ON " + same.joined(separator: " AND ")
      + " GROUP BY vigil_ps.vigil_rank, vigil_ps.vigil_hx"
  }

  /// Whether `pause` is the paused clock of `history` (a case's aggregate, or a record's
  /// list) stopped by `condition`, honest or not.
  mutating func samePause(
    _ pause: SQLPause, _ history: CheckedExpr, _ condition: CheckedExpr, honest: Bool
  ) throws -> Bool {
    guard pause.honest == honest else { return false }
    switch history {
    case .aggregate(let aggregate):
      return try pause.aggregate == aggregate
        && compiler.compile(pause.condition).sql == compiler.compile(condition).sql
    case .field(let path, _):
      guard pause.list == compiler.historyList(path) else { return false }
      return try changes.compile(pause.condition).sql == changes.compile(condition).sql
    default: return false
    }
  }

  /// The holders' history aggregate's field.
  func history(_ holding: CheckedHolding, _ group: CheckedGroup) -> CheckedExpr? {
    guard case .aggregate(let number) = holding.history else { return nil }
    return group.aggregates[number].argument
  }

  /// The judged groups (or cycles, named by `row`), each with its party and holders' text.
  func withHolders(_ index: Int, _ source: String, by row: String) -> String {
    "(SELECT vigil_hg.*, vigil_hh.vigil_hparty, vigil_hh.vigil_htext FROM \(source) AS vigil_hg"
      + " LEFT JOIN vigil_holders\(index) AS vigil_hh ON vigil_hg.\(row) = vigil_hh.vigil_rank)"
  }
}
