import VigilSemantics

/// Paused clocks of an event log's cases (Grammar.md, "Paused clocks"): `S paused in
/// history(F) while C`. A case's history is its events with a time, in time order (those at
/// the same time in input order); each change holds until the next one's time (`LEAD`), the
/// last one from then on; the clock stops during each change where `C` holds, read in the
/// change (its `F`). The time paused within the state's interval is summed per group in a
/// CTE of its own (`vigil_pauses<N>`, joined to the group by its rank), and the state's
/// length is its wall-clock length less it.
extension SQLQuery {
  /// `vigil_pauses<index>`: per judged group (`vigil_rank`) or cycle (`vigil_crank`, of
  /// `judged`), the time each paused clock of the
  /// policy's condition is paused (`vigil_pz<N>`).
  mutating func pausesCTE(
    _ index: Int, _ group: CheckedGroup, _ pauses: [SQLPause], keys: [SQLValue], told: String,
    in judged: (table: String, row: String)
  ) throws -> String {
    // The changes are read from the events, as records.
    let saved = (compiler.group, compiler.evidence)
    compiler.group = nil
    defer { (compiler.group, compiler.evidence) = saved }
    var columns = keys.enumerated().map { "\($1.sql) AS vigil_c\($0)" }
    var time: String?
    for (number, pause) in pauses.enumerated() {
      let history = group.aggregates[pause.aggregate]
      // INVARIANT: a history has an argument and an order (`compileAggregate` took it).
      guard history.filter == nil, case .field(let path, _) = history.argument! else {
        throw SQLGap("history() of \(history.label)", at: .call("history"))
      }
      let at = try compiler.compile(history.order!)
      guard time == nil || time == at.sql else {
        throw SQLGap("histories of a case ordered differently", at: .call("history"))
      }
      time = at.sql
      let field = compiler.column(path)
      let paused = try compiler.truth(compiler.compile(pause.condition))
      // A change holds its field and its time: a condition that reads another field of the
      // event would mean something else.
      let read = Set(paused.sql.matches(of: #/\b[ftdmp][0-9]+\b/#).map { String($0.output) })
      guard read.isSubset(of: [field]), paused.errors.isEmpty else {
        throw SQLGap(
          "a paused clock whose condition reads more than its history's field", at: .paused)
      }
      columns.append("((\(paused.sql)) IS TRUE) AS vigil_hp\(number)")
    }
    // INVARIANT: `pauses` is not empty.
    let at = time!
    let partition = keys.indices.map { "vigil_c\($0)" }.joined(separator: ", ")
    let changes =
      "SELECT vigil_m.*, LEAD(vigil_ht) OVER (PARTITION BY \(partition) ORDER BY vigil_ht, vigil_row)"
      + " AS vigil_next FROM (SELECT vigil_row, \(at) AS vigil_ht, "
      + columns.joined(separator: ", ")
      + " FROM vigil_values WHERE (\(told)) AND \(at) IS NOT NULL) AS vigil_m"
    let same = keys.indices.map {
      dialect.sameOrBothNull("vigil_changes.vigil_c\($0)", "vigil_g.vigil_k\($0)")
    }
    let sums = pauses.enumerated().map { number, pause in
      let end =
        "(CASE WHEN vigil_next IS NULL OR vigil_next > \(pause.stop) THEN \(pause.stop) ELSE vigil_next END)"
      let begin = "(CASE WHEN vigil_ht > \(pause.start) THEN vigil_ht ELSE \(pause.start) END)"
      return
        "CAST(SUM(CASE WHEN vigil_hp\(number) AND \(end) > \(begin) THEN \(end) - \(begin) ELSE 0 END)"
        + " AS \(dialect.bigint)) AS vigil_pz\(number)"
    }
    return "vigil_pauses\(index) AS (SELECT vigil_g.\(judged.row), " + sums.joined(separator: ", ")
      + "\nFROM (\(changes)) AS vigil_changes JOIN \(judged.table) AS vigil_g ON "
      + same.joined(separator: " AND ") + "\nGROUP BY vigil_g.\(judged.row))"
  }

  /// The policy's judged groups, each with the time its paused clocks were paused.
  func withPauses(_ index: Int, _ source: String, _ count: Int, by row: String) -> String {
    "(SELECT vigil_pg.*"
      + (0..<count).map { ", COALESCE(vigil_pp.vigil_pz\($0), 0) AS vigil_pz\($0)" }.joined()
      + " FROM \(source) AS vigil_pg LEFT JOIN vigil_pauses\(index) AS vigil_pp"
      + " ON vigil_pg.\(row) = vigil_pp.\(row))"
  }
}
