import VigilSemantics

/// Paused clocks of an event log's cases (Grammar.md, "Paused clocks"): `S paused in
/// history(F) while C`. A case's history is its events with a time, in time order (those at
/// the same time in input order); each change holds until the next one's time (`LEAD`), the
/// last one from then on; the clock stops during each change where `C` holds, read in the
/// change (its `F`). The time paused within the state's interval is summed per group in a
/// CTE of its own (`vigil_pauses<N>`, joined to the group by its rank), and the state's
/// length is its wall-clock length less it. With `unless Q` (Grammar.md, "Honest pauses"), a
/// pause — a run of consecutive changes where `C` holds — is not paused from its first change
/// where `Q` holds too (`vigil_hf<N>`, found per run `vigil_hr<N>`).
extension SQLQuery {
  /// `vigil_changes<index>`, each change of each case with, per paused clock `N`, whether it
  /// pauses (`vigil_hp<N>`) and, for an honest clock, whether it contradicts its pause
  /// (`vigil_hq<N>`), its run (`vigil_hr<N>`) and the run's first change that contradicts
  /// (`vigil_hf<N>`); and `vigil_pauses<index>`:
  /// per judged group (`vigil_rank`) or cycle (`vigil_crank`, of `judged`), the time each
  /// paused clock of the policy's condition is paused (`vigil_pz<N>`).
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
      if pause.honest {
        // `Q` reads the event whole; a change contradicts only a pause it is part of.
        guard let unless = history.unless else {
          throw SQLGap("an honest pause of \(history.label)", at: .paused)
        }
        let contradicts = try compiler.truth(compiler.compile(unless))
        guard contradicts.errors.isEmpty else {
          throw SQLGap(
            "an honest pause whose 'unless' condition can meet a data error", at: .paused)
        }
        columns.append(
          "((\(paused.sql)) IS TRUE AND (\(contradicts.sql)) IS TRUE) AS vigil_hq\(number)")
      }
    }
    // INVARIANT: `pauses` is not empty.
    let at = time!
    let partition = keys.indices.map { "vigil_c\($0)" }.joined(separator: ", ")
    let ordered = "OVER (PARTITION BY \(partition) ORDER BY vigil_ht, vigil_row"
    let honest = pauses.indices.filter { pauses[$0].honest }
    // Honest clocks number the changes (`vigil_ho`) and find their runs.
    var changes =
      "SELECT vigil_m.*, LEAD(vigil_ht) \(ordered)) AS vigil_next"
      + (honest.isEmpty ? "" : ", row_number() \(ordered)) AS vigil_ho")
      + honest.map {
        ", SUM(CASE WHEN vigil_hp\($0) THEN 0 ELSE 1 END) \(ordered)"
          + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS vigil_hr\($0)"
      }.joined()
      + " FROM (SELECT vigil_row, \(at) AS vigil_ht, " + columns.joined(separator: ", ")
      + " FROM vigil_values WHERE (\(told)) AND \(at) IS NOT NULL) AS vigil_m"
    if !honest.isEmpty {
      changes =
        "SELECT vigil_mr.*"
        + honest.map {
          let run = "OVER (PARTITION BY \(partition), vigil_hr\($0))"
          return ", MIN(CASE WHEN vigil_hq\($0) THEN vigil_ho END) \(run) AS vigil_hf\($0)"
        }.joined() + " FROM (\(changes)) AS vigil_mr"
    }
    let same = keys.indices.map {
      dialect.sameKey("vigil_changes.vigil_c\($0)", "vigil_g.vigil_k\($0)", keys[$0].kind)
    }
    return "vigil_changes\(index) AS (\(changes)),\n"
      + "vigil_pauses\(index) AS (SELECT vigil_g.\(judged.row), " + pauseSums(pauses)
      + "\nFROM vigil_changes\(index) AS vigil_changes JOIN \(judged.table) AS vigil_g ON "
      + same.joined(separator: " AND ") + "\nGROUP BY vigil_g.\(judged.row))"
  }

  /// Per paused clock `N`, the sum of the overlaps of the changes that stop it (`vigil_ht`
  /// to `vigil_next`) with its state's interval (`vigil_pz<N>`).
  func pauseSums(_ pauses: [SQLPause]) -> String {
    pauses.enumerated().map { number, pause in
      let end =
        "(CASE WHEN vigil_next IS NULL OR vigil_next > \(pause.stop) THEN \(pause.stop) ELSE vigil_next END)"
      let begin = "(CASE WHEN vigil_ht > \(pause.start) THEN vigil_ht ELSE \(pause.start) END)"
      return
        "CAST(SUM(CASE WHEN \(pausedChange(number, pause)) AND \(end) > \(begin) THEN \(end) - \(begin) ELSE 0 END)"
        + " AS \(dialect.bigint)) AS vigil_pz\(number)"
    }.joined(separator: ", ")
  }

  /// Whether a change of `vigil_changes<N>` (named `table`, a prefix such as `vigil_pc.`)
  /// stops paused clock `number`: it pauses and, for an honest clock, comes before the first
  /// change of its run that contradicts the pause.
  func pausedChange(_ number: Int, _ pause: SQLPause, in table: String = "") -> String {
    let (paused, first) = ("\(table)vigil_hp\(number)", "\(table)vigil_hf\(number)")
    guard pause.honest else { return paused }
    return "(\(paused) AND (\(first) IS NULL OR \(table)vigil_ho < \(first)))"
  }

  /// The policy's judged groups, each with the time its paused clocks were paused.
  func withPauses(_ index: Int, _ source: String, _ count: Int, by row: String) -> String {
    "(SELECT vigil_pg.*"
      + (0..<count).map { ", COALESCE(vigil_pp.vigil_pz\($0), 0) AS vigil_pz\($0)" }.joined()
      + " FROM \(source) AS vigil_pg LEFT JOIN vigil_pauses\(index) AS vigil_pp"
      + " ON vigil_pg.\(row) = vigil_pp.\(row))"
  }
}
