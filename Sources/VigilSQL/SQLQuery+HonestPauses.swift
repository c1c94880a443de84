import VigilSemantics

/// Honest pauses of an event log's cases (Grammar.md, "Honest pauses"): `S paused in
/// history(F) while C unless Q`. Each run of a case's changes where `C` holds that a change
/// where `Q` holds too contradicts is a dishonest pause (`vigil_dishonest<N>`), and each one
/// that counts time inside the state of a judged case (or cycle) whose condition is known is
/// a row of its own (`finding` = `dishonest pause`), right after the case's violation of the
/// policy, the case's pauses in the order they began.
extension SQLQuery {
  /// The columns of a dishonest pause's facts, after the violations' (`finding` is
  /// `violation` or `at risk` in theirs, the others empty).
  static let pauseColumns = [
    "finding", "breached", "pause_state", "pause_began", "pause_ended", "pause_lasted",
    "contradicted_at", "contradicted_change", "not_paused",
  ]

  /// Whether the report has the pause columns: a policy's condition measures a state with
  /// honest pauses (`paused in … unless …`), as the audit's report decides.
  var hasPauseColumns: Bool {
    program.policies.contains { Self.measuresHonestPauses($0.condition) }
  }

  /// Whether `expr` holds a paused state with `unless`.
  static func measuresHonestPauses(_ expr: CheckedExpr) -> Bool {
    switch expr {
    case .pausedState(let state, _, _, let unless):
      return unless != nil || measuresHonestPauses(state)
    case .not(let a), .negate(let a), .isMissing(let a, _), .stateOpen(let a, _),
      .matches(let a, _), .relation(_, let a, _):
      return measuresHonestPauses(a)
    case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b, _),
      .stateLength(_, let a, let b, _), .arithmetic(_, let a, let b), .membership(let a, let b, _),
      .contains(let a, let b), .state(let a, let b), .calendarLength(_, let a, let b, _, _):
      return measuresHonestPauses(a) || measuresHonestPauses(b)
    case .between(let a, let b, let c, _):
      return [a, b, c].contains(where: measuresHonestPauses)
    case .businessDays(_, let a, _, _, _): return measuresHonestPauses(a)
    case .list(let items), .call(_, let items): return items.contains(where: measuresHonestPauses)
    case .constant, .field, .now, .cycleBound, .groupKey, .aggregate, .previous: return false
    }
  }

  /// The pause columns of a violation's row (`finding` then empty cells), none when the
  /// report has no pause columns.
  func findingValues(_ finding: String) -> [String] {
    guard hasPauseColumns else { return [] }
    return [
      dialect.text(finding), "CAST(NULL AS BOOLEAN)", nullText, nullText, nullText, nullText,
      nullText, "CAST(NULL AS \(dialect.bigint))", nullText,
    ]
  }

  /// The columns that order a select's rows: its policy, its row and (with pause columns)
  /// its place after the row's violation (`vigil_sub`, 0 for the violation itself).
  func orderColumns(policy: String, row: String, cycle: String = "0") -> [String] {
    ["\(policy) AS vigil_policy", row] + (hasRecordCycles ? ["\(cycle) AS vigil_cyc"] : [])
      + (hasPauseColumns ? ["0 AS vigil_sub"] : [])
  }

  /// `vigil_dishonest<index>`: the dishonest pauses of each case's honest clocks
  /// (`vigil_dn`), each with its case's keys (`vigil_dk<i>`), when it began and its change's
  /// place among the case's changes (`vigil_dbt`, `vigil_dbi`), the first change that
  /// contradicted it (`vigil_dct`, `vigil_dci`), when it ended (`vigil_det`, NULL while it
  /// lasts) and, for a policy naming a holder, the case's holder when it began
  /// (`vigil_dset`). `reported`: the clocks of the policy's condition with honest pauses.
  mutating func dishonestCTE(
    _ index: Int, _ group: CheckedGroup, _ reported: [Int], keys: [SQLValue], told: String
  ) throws -> String {
    var found = dishonestRuns(index, reported, keys: keys.count)
    if let holding = group.holding {
      found = try withSetters(found, group, holding, keys: keys, told: told)
    }
    return "vigil_dishonest\(index) AS (\(found))"
  }

  /// The dishonest pauses of the honest clocks `reported`, read from `vigil_changes<index>`
  /// whose case (or record) is named by `keys` columns `vigil_c<i>`: a row per run of
  /// pausing changes that a change contradicts (`dishonestCTE`'s columns but the setter).
  func dishonestRuns(_ index: Int, _ reported: [Int], keys: Int) -> String {
    let keyed = (0..<keys).map { "vigil_c\($0) AS vigil_dk\($0)" }.joined(separator: ", ")
    let grouped = (0..<keys).map { "vigil_c\($0)" }.joined(separator: ", ")
    let runs = reported.map { number in
      "SELECT \(keyed), \(number) AS vigil_dn, MIN(vigil_ht) AS vigil_dbt, MIN(vigil_ho) AS vigil_dbi,"
        + " MIN(CASE WHEN vigil_ho = vigil_hf\(number) THEN vigil_ht END) AS vigil_dct,"
        + " MIN(vigil_hf\(number)) AS vigil_dci,"
        + " CASE WHEN COUNT(*) > COUNT(vigil_next) THEN NULL ELSE MAX(vigil_next) END AS vigil_det"
        + " FROM vigil_changes\(index) WHERE vigil_hp\(number) AND vigil_hf\(number) IS NOT NULL"
        + " GROUP BY \(grouped), vigil_hr\(number)"
    }
    return runs.joined(separator: " UNION ALL ")
  }

  /// `pauses`, each with the case's holder when it began (`vigil_dset`): the value of the
  /// last of the case's events with a holder at or before that instant.
  mutating func withSetters(
    _ pauses: String, _ group: CheckedGroup, _ holding: CheckedHolding, keys: [SQLValue],
    told: String
  ) throws -> String {
    let saved = (compiler.group, compiler.evidence)
    compiler.group = nil
    defer { (compiler.group, compiler.evidence) = saved }
    // INVARIANT: the checker requires `ordered by` in an events file.
    let at = try compiler.compile(group.order!).sql
    guard let argument = history(holding, group) else {
      throw SQLGap("the holders of a case named by an expression", at: .holding)
    }
    let named = try compiler.compile(argument)
    guard named.errors.isEmpty else {
      throw SQLGap("the holders of a case named by a value that can fail", at: .holding)
    }
    let holder = compiler.format(named)
    let marks =
      "SELECT vigil_row, \(at) AS vigil_ht, \(holder) AS vigil_hv"
      + keys.enumerated().map { ", \($1.sql) AS vigil_c\($0)" }.joined()
      + " FROM vigil_values WHERE (\(told)) AND \(at) IS NOT NULL AND \(at) <= vigil_now"
      + " AND \(holder) IS NOT NULL"
    let same = keys.indices.map {
      dialect.sameKey("vigil_dm.vigil_c\($0)", "vigil_dd.vigil_dk\($0)", keys[$0].kind)
    }
    let pause =
      keys.indices.map { "vigil_dd.vigil_dk\($0)" } + [
        "vigil_dd.vigil_dn", "vigil_dd.vigil_dbi",
      ]
    return "SELECT * FROM (SELECT vigil_dd.*, vigil_dm.vigil_hv AS vigil_dset, row_number() OVER"
      + " (PARTITION BY \(pause.joined(separator: ", ")) ORDER BY vigil_dm.vigil_ht DESC NULLS LAST,"
      + " vigil_dm.vigil_row DESC NULLS LAST) AS vigil_dr FROM (\(pauses)) AS vigil_dd"
      + " LEFT JOIN (\(marks)) AS vigil_dm ON "
      + (same + ["vigil_dm.vigil_ht <= vigil_dd.vigil_dbt"]).joined(separator: " AND ")
      + ") AS vigil_dx WHERE vigil_dr = 1"
  }

  /// The rows of the policy's dishonest pauses: each pause of `vigil_dishonest<index>` that
  /// counts time inside the known state of a judged case (or cycle) of `source` whose
  /// condition is known, once per case however many of its states found it, numbered in the
  /// order they began (`vigil_sub`). Every state of the condition counts, whether or not it
  /// decided it: the audit reads the side of `and` and `or` it skips all the same.
  mutating func pauseSelect(
    _ index: Int, _ rule: CompiledRule, _ source: RowSource, _ pauses: [SQLPause],
    reported honest: [Int], keys: [String], judged: String
  ) throws -> String {
    let policy = program.policies[index]
    func each(_ value: (SQLPause) -> String) -> String {
      "(CASE vigil_dn "
        + honest.map { "WHEN \($0) THEN \(value(pauses[$0]))" }.joined(separator: " ")
        + " END)"
    }
    let end = "COALESCE(vigil_det, \(each(\.stop)))"
    let from = "(CASE WHEN vigil_dct > \(each(\.start)) THEN vigil_dct ELSE \(each(\.start)) END)"
    let counted =
      "((CASE WHEN \(end) < \(each(\.stop)) THEN \(end) ELSE \(each(\.stop)) END) - \(from))"
    // A group's keys may be missing; a record's row never is (an equality PostgreSQL hashes).
    let same = keys.enumerated().map {
      program.policies[index].group == nil
        ? "\(source.name).\($1) = vigil_dp.vigil_dk\($0)"
        : dialect.sameOrBothNull("\(source.name).\($1)", "vigil_dp.vigil_dk\($0)")
    }
    let text = compiler.text
    // A record's list may end a pause after now: it lasts at now all the same.
    let ended = "(CASE WHEN vigil_det > vigil_now THEN NULL ELSE vigil_det END)"
    let values =
      [
        dialect.text(policy.name), dialect.text(policy.location), source.record,
        try setter(index, rule), nullText, nullText, dialect.text(policy.severity.rawValue),
        "CAST(\(ended) IS NULL AS BOOLEAN)", nullText, nullText, source.window, source.sample,
        nullText, nullText, dialect.text("dishonest pause"),
        "CAST((\(rule.condition.sql)) IS TRUE AS BOOLEAN)",
        "CAST(\(each { dialect.text($0.label) }) AS \(dialect.textType))",
        "CAST(\(text.formatTime("vigil_dbt")) AS \(dialect.textType))",
        "CAST(CASE WHEN \(ended) IS NOT NULL THEN \(text.formatTime("vigil_det")) END AS \(dialect.textType))",
        "CAST(\(text.formatDuration("(COALESCE(\(ended), vigil_now) - vigil_dbt)")) AS \(dialect.textType))",
        "CAST(\(text.formatTime("vigil_dct")) AS \(dialect.textType))",
        "CAST(vigil_dci AS \(dialect.bigint))",
        "CAST(\(text.formatDuration(counted)) AS \(dialect.textType))",
      ] + (hasHolders ? [nullText] : [])
    let named = zip(values, violationColumns).map { "\($0) AS \(dialect.identifier($1))" }
    let found =
      "SELECT \(source.row) AS vigil_row, \(source.cycle) AS vigil_cyc, vigil_dbt, vigil_dbi,"
      + " vigil_dci, vigil_det,"
      + (reportsAccountability ? " CAST(\(counted) AS \(dialect.bigint)) AS vigil_dlen," : "")
      + " \(each { dialect.text($0.label) }) AS vigil_dl, " + named.joined(separator: ", ")
      + "\nFROM \(source.table) JOIN vigil_dishonest\(index) AS vigil_dp ON "
      + same.joined(separator: " AND ")
      + "\nWHERE \(judged) AND (\(rule.condition.sql)) IS NOT NULL"
      + " AND \(each { "NOT \($0.unknown)" }) AND \(counted) > 0"
    let order = [
      "vigil_dbt", "vigil_dbi", "vigil_dci", "vigil_det NULLS LAST",
      dialect.orderKey("vigil_dl", text: true),
    ]
    let numbered =
      "SELECT vigil_du.*, row_number() OVER (PARTITION BY vigil_row, vigil_cyc ORDER BY "
      + order.joined(separator: ", ") + ") AS vigil_sub FROM (SELECT DISTINCT * FROM (\(found))"
      + " AS vigil_df) AS vigil_du"
    let columns =
      ["\(source.order < 0 ? index : source.order) AS vigil_policy", "vigil_row"]
      + (hasRecordCycles ? ["vigil_cyc"] : []) + ["vigil_sub"]
      + violationColumns.map(dialect.identifier)
      // The report's pauses section counts it (finding 2), with its time not paused.
      + (reportsAccountability ? reportColumns(finding: 2, length: "vigil_dlen", line: false) : [])
    return "SELECT " + columns.joined(separator: ", ") + "\nFROM (\(numbered)) AS vigil_dpn"
  }

  /// Who set a dishonest pause: the case's holder when it began, for a policy naming one;
  /// else the party the policy names for the case (its violation's, when it broke it).
  mutating func setter(_ index: Int, _ rule: CompiledRule) throws -> String {
    let policy = program.policies[index]
    if policy.group?.holding != nil { return "vigil_dset" }
    if case .field = policy.accountable {
      throw SQLGap("a dishonest pause set by the field of the change that began it", at: .paused)
    }
    if let accountable = rule.accountable { return accountable }
    guard let named = rule.actions.first(where: { $0.kind != .flag }) else { return nullText }
    guard named.delays.isEmpty else {
      throw SQLGap(
        "the party of a dishonest pause under an escalation chain", at: .paused,
        reason: "give the policy an accountable:")
    }
    return named.parties.first ?? nullText
  }
}
