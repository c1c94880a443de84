import VigilSemantics

/// A record policy over the record's own list of changes (Grammar.md, "A record's own
/// history"): `each cycle in H from P until Q`, `accountable: FIELD at breach in H` (or `held
/// longest`, `by share`) and `paused in H while C`. The list is unnested into rows, one per
/// change (`SQLRecordHistory`), and the record is judged as an event log's case is judged
/// from its events: the record's changes (`vigil_changes<N>`, keyed by the record's row) are
/// its events, in time order and, at the same instant, in listed order. A record whose list
/// cannot be read has none, and the data error of the reader that meets it.
extension SQLQuery {
  /// A record policy compiled: its rule, where its rows are read, and the CTEs they read.
  struct RecordPolicy {
    var rule: CompiledRule
    var row: RowSource
    var ctes: [String] = []
    /// Where its data errors are read (a FROM item).
    var errors: String
    /// With `reportsAccountability`: how its rows in scope that did not break it are told.
    var judging: Judging?
    /// Its paused clocks, and those of its condition with honest pauses (their dishonest
    /// pauses are rows: `pauseSelect`).
    var pauses: [SQLPause] = []
    var reported: [Int] = []
  }

  /// Whether a policy judges its records per cycle of their own lists (`vigil_cyc` orders the
  /// rows of one record and policy).
  var hasRecordCycles: Bool { program.policies.contains { $0.recordCycles != nil } }

  /// Compiles the record policy at `index`: over `vigil_values` when it reads no list of
  /// changes, else over its records (or their cycles) joined to what their changes tell.
  mutating func compileRecordPolicy(_ index: Int) throws -> RecordPolicy {
    current = index
    let policy = program.policies[index]
    compiler.pauses = []
    compiler.recordHistory = SQLRecordHistoryScope(cycles: policy.recordCycles != nil)
    defer { (compiler.recordHistory, compiler.pauses) = (nil, []) }
    var rule = try compileCondition(policy)
    // Before the paused clocks are taken: its pending test may sum them too.
    var judging = reportsAccountability ? try judging(policy, rule) : nil
    let judged = Set(rule.condition.errors.map(\.when))
    let pauses = compiler.pauses
    guard policy.recordCycles != nil || policy.recordHolding != nil || !pauses.isEmpty else {
      return RecordPolicy(rule: rule, row: recordSource, errors: "vigil_values", judging: judging)
    }
    let lists = try policyLists(policy, pauses)
    let base = "(SELECT vigil_histories.*, vigil_row AS vigil_rank FROM vigil_histories)"
    var ctes = [try recordChangesCTE(index, policy, pauses, lists: lists)]
    var (source, row) = (base, "vigil_rank")
    if let cycles = policy.recordCycles, let list = lists.cycles {
      ctes.append(recordCyclesCTE(index))
      ctes.append(cycledCTE(index, base, cycles.choice))
      (source, row) = ("vigil_cycled\(index)", "vigil_crank")
      // A list that cannot be read: only its data error, nothing judged.
      let readable = "vigil_he\(list) = 0"
      rule.condition.errors =
        [compiler.listError(list, field: cycles.label, status: false)]
        + gated(rule.condition.errors, readable)
      rule.condition.sql = "(\(readable) AND (\(rule.condition.sql)))"
      if let warned = rule.warning?.condition.sql {
        rule.warning?.condition.sql = "(\(readable) AND (\(warned)))"
      }
    }
    if !pauses.isEmpty {
      ctes.append(recordPausesCTE(index, pauses, judged: (source, row)))
    }
    // The condition's clocks with honest pauses, whose dishonest pauses are rows.
    let reported = pauses.indices.filter { $0 < rule.conditionPauses && pauses[$0].honest }
    if !reported.isEmpty {
      if policy.recordHolding != nil {
        throw SQLGap(
          "the party of a dishonest pause of a record's own history under its holders",
          at: .paused)
      }
      ctes.append("vigil_dishonest\(index) AS (\(dishonestRuns(index, reported, keys: 1)))")
    }
    if let holding = policy.recordHolding, let list = lists.holding {
      let marks =
        "SELECT vigil_pos AS vigil_row, vigil_ht, vigil_hv, vigil_c0 FROM vigil_changes\(index)"
        + " WHERE vigil_hv IS NOT NULL"
      ctes.append(
        try holdersCTE(
          index, holding, marks: marks, keys: [.number], spanKeys: ["vigil_rank AS vigil_k0"],
          judged: (source, row), pauses: pauses))
      source = withHolders(index, source, by: row)
      // The holders are read when the condition is known.
      rule.condition.errors += gated(
        [compiler.listError(list, field: holding.field, status: false)],
        "(\(rule.condition.sql)) IS NOT NULL")
    }
    if !pauses.isEmpty { source = withPauses(index, source, pauses.count, by: row) }
    // A record whose list cannot be read met a data error: it is not in the scope.
    let added = rule.condition.errors.filter { !judged.contains($0.when) }
    if !added.isEmpty {
      judging?.unbroken +=
        " AND NOT (" + added.map { "COALESCE(\($0.when), FALSE)" }.joined(separator: " OR ") + ")"
    }
    let cycled = policy.recordCycles != nil
    let rows = RowSource(
      table: "\(source) AS vigil_judged", name: "vigil_judged", record: recordName(),
      window: cycled ? cycleWindow : nullText, sample: "CAST(NULL AS \(dialect.bigint))",
      order: -1, row: "vigil_row", cycle: cycled ? "COALESCE(vigil_cn, 0)" : "0")
    let errors =
      cycled && !rule.condition.errors.isEmpty
      ? firstErring(source, rule.condition.errors) + " AS vigil_judged"
      : "\(source) AS vigil_judged"
    return RecordPolicy(
      rule: rule, row: rows, ctes: ctes, errors: errors, judging: judging, pauses: pauses,
      reported: reported)
  }

  /// The lists of changes a policy reads (`SQLCompiler.historyLists`' numbers): every one
  /// (its paused clocks', its cycles', its holders'), its cycles' and its holders'.
  struct PolicyLists {
    var all: [Int] = []
    var cycles: Int?
    var holding: Int?
  }

  /// The lists of changes `policy` reads, with its paused clocks `pauses`.
  mutating func policyLists(_ policy: CheckedPolicy, _ pauses: [SQLPause]) throws
    -> PolicyLists
  {
    func number(_ history: CheckedExpr?) throws -> Int? {
      guard let history else { return nil }
      guard case .field(let path, _) = history else {
        throw SQLGap("a record's list of changes given by an expression", at: .rule)
      }
      return compiler.historyList(path)
    }
    var lists = PolicyLists(
      cycles: try number(policy.recordCycles?.history),
      holding: try number(policy.recordHolding?.history))
    for list in pauses.compactMap(\.list) + [lists.cycles, lists.holding].compactMap({ $0 })
    where !lists.all.contains(list) {
      lists.all.append(list)
    }
    return lists
  }

  /// `vigil_changes<index>`: each change with a time of each record whose list `list` can be
  /// read: the record's row (`vigil_row`, `vigil_c0`), the change's place (`vigil_pos`) and
  /// instant (`vigil_ht`), the next change's instant (`vigil_next`), whether it stops each
  /// paused clock (`vigil_hp<N>`), its cycle mark (`vigil_cf`: 2 where `Q` holds, else 1
  /// where `P` does; none after now) and its holder (`vigil_hv`). The conditions read the
  /// change's own fields. Of a policy reading two lists or more, the changes of each
  /// (`vigil_lst`, its number), each read only by what reads its list, in turn by list.
  mutating func recordChangesCTE(
    _ index: Int, _ policy: CheckedPolicy, _ pauses: [SQLPause], lists: PolicyLists
  ) throws -> String {
    let several = lists.all.count > 1
    /// `truth` of a change of `list` only.
    func of(_ list: Int?, _ truth: String) -> String {
      guard several, let list else { return truth }
      return "(vigil_lst = \(list) AND \(truth))"
    }
    var columns: [String] = []
    for (number, pause) in pauses.enumerated() {
      let paused = try changes.truth(changes.compile(pause.condition))
      columns.append("\(of(pause.list, "((\(paused.sql)) IS TRUE)")) AS vigil_hp\(number)")
      if let unless = pause.unless {
        let contradicts = try changes.truth(changes.compile(unless))
        guard contradicts.errors.isEmpty else {
          throw SQLGap(
            "an honest pause whose 'unless' condition can meet a data error", at: .paused)
        }
        let both = "((\(paused.sql)) IS TRUE AND (\(contradicts.sql)) IS TRUE)"
        columns.append("\(of(pause.list, both)) AS vigil_hq\(number)")
      }
    }
    if let cycles = policy.recordCycles, let list = lists.cycles {
      let begins = try changes.truth(changes.compile(cycles.start))
      let ends = try changes.truth(changes.compile(cycles.end))
      let other = several ? "vigil_lst <> \(list) OR " : ""
      columns.append(
        "(CASE WHEN \(other)vigil_ht > vigil_now THEN NULL WHEN (\(ends.sql)) IS TRUE THEN 2"
          + " WHEN (\(begins.sql)) IS TRUE THEN 1 END) AS vigil_cf")
    }
    if let holding = policy.recordHolding, let path = holding.path, let list = lists.holding {
      let holder = changes.format(try changes.compile(.field(path, .raw)))
      columns.append(
        (several ? "(CASE WHEN vigil_lst = \(list) THEN \(holder) END)" : holder) + " AS vigil_hv")
    }
    guard changes.derived.isEmpty, changes.tables.isEmpty else {
      throw SQLGap("time(…) or a calendar in a condition on a record's changes", at: .rule)
    }
    let items =
      several
      ? "("
        + lists.all.map { "SELECT \($0) AS vigil_lst, vigil_items\($0).* FROM vigil_items\($0)" }
        .joined(separator: " UNION ALL ") + ") AS vigil_il"
      : "vigil_items\(lists.all[0])"
    let partition = several ? "vigil_row, vigil_lst" : "vigil_row"
    let ordered = "OVER (PARTITION BY \(partition) ORDER BY vigil_ht, vigil_pos"
    let honest = pauses.indices.filter { pauses[$0].honest }
    var changes =
      "SELECT vigil_row, vigil_pos, vigil_ht, vigil_row AS vigil_c0,\(several ? " vigil_lst," : "")"
      + " LEAD(vigil_ht) \(ordered)) AS vigil_next"
      + columns.map { ", " + $0 }.joined() + "\nFROM \(items)"
    if !honest.isEmpty {
      // As a case's (`pausesCTE`): the changes numbered, the runs of pausing changes, and
      // each run's first change that contradicts it.
      changes =
        "SELECT vigil_m.*, row_number() \(ordered)) AS vigil_ho"
        + honest.map {
          ", SUM(CASE WHEN vigil_hp\($0) THEN 0 ELSE 1 END) \(ordered)"
            + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS vigil_hr\($0)"
        }.joined() + " FROM (\(changes)) AS vigil_m"
      changes =
        "SELECT vigil_mr.*"
        + honest.map {
          ", MIN(CASE WHEN vigil_hq\($0) THEN vigil_ho END) OVER (PARTITION BY \(partition),"
            + " vigil_hr\($0)) AS vigil_hf\($0)"
        }.joined() + " FROM (\(changes)) AS vigil_mr"
    }
    return "vigil_changes\(index) AS (\(changes))"
  }

  /// `vigil_cycles<index>`: each cycle of each record (`vigil_rank`, its row), as
  /// `cyclesCTE` numbers a case's.
  func recordCyclesCTE(_ index: Int) -> String {
    let marked =
      "SELECT vigil_pos AS vigil_row, vigil_ht AS vigil_ct, vigil_cf, vigil_c0"
      + " FROM vigil_changes\(index)"
    return "vigil_cycles\(index) AS (SELECT vigil_c0 AS vigil_rank, vigil_ct AS vigil_cs,"
      + " vigil_ce, vigil_cn, vigil_cm FROM (\(cycleNumbering(marked, partition: "PARTITION BY vigil_c0")))"
      + " AS vigil_n)"
  }

  /// `vigil_pauses<index>`: per judged record or cycle (`judged.row` of `judged.table`), the
  /// time each paused clock is paused within its state's interval (`vigil_pz<N>`).
  func recordPausesCTE(_ index: Int, _ pauses: [SQLPause], judged: (table: String, row: String))
    -> String
  {
    "vigil_pauses\(index) AS (SELECT vigil_g.\(judged.row), " + pauseSums(pauses)
      + "\nFROM vigil_changes\(index) AS vigil_changes JOIN \(judged.table) AS vigil_g"
      + " ON vigil_changes.vigil_c0 = vigil_g.vigil_rank\nGROUP BY vigil_g.\(judged.row))"
  }

  /// `vigil_histories`: the records, each with what its lists of changes tell (whether each
  /// can be read, and its data error: `vigil_he<N>`, `vigil_hv<N>`, `vigil_hd<N>`).
  func historiesCTE() -> String {
    let lists = compiler.historyLists.indices
    return "vigil_histories AS (SELECT vigil_values.*"
      + lists.map {
        ", vigil_h\($0).vigil_he\($0), vigil_h\($0).vigil_hv\($0), vigil_h\($0).vigil_hd\($0)"
      }
      .joined() + " FROM vigil_values"
      + lists.map {
        " LEFT JOIN vigil_hist\($0) AS vigil_h\($0) ON vigil_values.vigil_row = vigil_h\($0).vigil_row"
      }.joined() + ")"
  }

  /// The CTEs of the records' lists of changes, after `vigil_values`.
  func historyCTEs(now: String) -> [String] {
    guard !compiler.historyLists.isEmpty else { return [] }
    let reader = SQLRecordHistory(dialect, options.input)
    return compiler.historyLists.enumerated().flatMap { number, path in
      reader.ctes(
        number, path, fields: changes.fields, times: changes.timeColumns, now: now,
        missing: program.missingTexts)
    } + [historiesCTE()]
  }
}
