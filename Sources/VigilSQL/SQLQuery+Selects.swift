import VigilCore
import VigilSemantics

/// The parts of a query: one SELECT per policy, and the CTEs that read the records.
extension SQLQuery {
  var nullText: String { "CAST(NULL AS \(dialect.textType))" }

  /// Where a policy's violations are read from: a row per record or per group, what names
  /// it, its window and sample, and its place in the report's order (`vigil_policy`,
  /// `vigil_row`).
  struct RowSource {
    /// What the rows are read from (a FROM item), and its name.
    var table: String
    var name: String
    var record: String
    var window: String
    var sample: String
    var order: Int
    var row: String
    /// The row's cycle, where a record is judged per cycle of its own list (`vigil_cyc`).
    var cycle = "0"
  }

  /// The records, a row each.
  var recordSource: RowSource {
    mutating get {
      RowSource(
        table: "vigil_values", name: "vigil_values", record: recordName(), window: nullText,
        sample: "CAST(NULL AS \(dialect.bigint))", order: -1, row: "vigil_row")
    }
  }

  /// The rows of one policy's violations.
  mutating func violationSelect(_ index: Int, _ rule: CompiledRule, _ source: RowSource) -> String {
    // The audit prefers a state's evidence to a value's; each in evaluation order.
    let ordered = rule.evidence.filter(\.isState) + rule.evidence.filter { !$0.isState }
    return policySelect(
      index, rule, source, evidence: ordered, fired: "(\(rule.condition.sql)) IS TRUE",
      overrun: { $0.overrun })
  }

  /// The rows of one policy's records (or groups) at risk: the rule is not true, and met no
  /// data error, but its warning is, by a state that is still open.
  mutating func atRiskSelect(_ index: Int, _ rule: CompiledRule, _ source: RowSource) -> String {
    // INVARIANT: called only for a rule with a warning.
    let warning = rule.warning!
    let clean = rule.condition.anyError().map { " AND NOT \($0)" } ?? ""
    let limit = warning.limit
    let text = compiler.text
    return policySelect(
      index, rule, source, evidence: warning.evidence.filter(\.isState),
      fired:
        "(\(rule.condition.sql)) IS NOT TRUE\(clean) AND (\(warning.condition.sql)) IS TRUE",
      overrun: { $0.length.map { "(\($0) - \(limit))" } },
      atRisk: { $0.length.map { text.formatDuration("(\(limit) - \($0))") } })
  }

  /// The rows of a policy where `fired`: `evidence` is what can explain them, in the order
  /// the audit prefers it (which one decided is found once per row, `vigil_evidence`, then
  /// read for each column); `overrun` how far past its threshold each is; `atRisk`, for
  /// records at risk, the time left (and the row is listed only while its state is open).
  mutating func policySelect(
    _ index: Int, _ rule: CompiledRule, _ source: RowSource, evidence ordered: [SQLEvidence],
    fired: String, overrun: (SQLEvidence) -> String?, atRisk: ((SQLEvidence) -> String?)? = nil
  ) -> String {
    let policy = program.policies[index]
    let decided = decidingEvidence(ordered)
    func cases(_ value: (SQLEvidence) -> String?) -> String { evidenceCase(ordered, value) }
    let measured = cases { item in
      let site = program.sites[item.site]
      let separator = site.op == nil ? " open for " : " "
      return dialect.concat([dialect.text(site.label + separator), item.measured])
    }
    let threshold = cases { item in thresholdText(program.sites[item.site]).map(dialect.text) }
    let open = cases { $0.isState ? $0.open : nil }
    let actions = actionColumns(rule)
    var values = [
      dialect.text(policy.name), dialect.text(policy.location), source.record, actions.party,
      actions.action, actions.target, dialect.text(policy.severity.rawValue),
      "CAST(\(open) AS BOOLEAN)", "CAST(\(measured) AS \(dialect.textType))",
      "CAST(\(threshold) AS \(dialect.textType))", source.window, source.sample,
      actions.escalation == nullText
        ? nullText : "CAST(\(actions.escalation) AS \(dialect.textType))",
      atRisk.map { "CAST(\(cases($0)) AS \(dialect.textType))" } ?? nullText,
    ]
    values += findingValues(atRisk == nil ? "violation" : "at risk")
    if hasHolders {
      values.append(
        (policy.group?.holding != nil || policy.recordHolding != nil) && atRisk == nil
          ? "CAST(vigil_htext AS \(dialect.textType))" : nullText)
    }
    let order = source.order < 0 ? index : source.order
    var columns =
      orderColumns(policy: "\(order)", row: rowColumn(source.row), cycle: source.cycle)
      + zip(values, violationColumns).map { "\($0) AS \(dialect.identifier($1))" }
    if reportsAccountability {
      columns += reportColumns(
        finding: atRisk == nil ? 0 : 1, length: cases(\.measuredDuration),
        line: source.order < 0, policy: policy)
    }
    var rows =
      "(SELECT \(source.name).*, \(decided) AS vigil_evidence FROM \(source.table)"
      + "\nWHERE \(fired)) AS vigil_fired"
    // A record at risk while its state is open.
    let stillOpen = atRisk == nil ? "" : "\nWHERE (\(open)) IS TRUE"
    if rule.actions.contains(where: { !$0.delays.isEmpty }) {
      rows =
        "(SELECT vigil_fired.*, CAST(\(cases(overrun)) AS \(dialect.bigint)) AS vigil_overrun"
        + " FROM \(rows)\(stillOpen))"
        + " AS vigil_reached"
    } else {
      rows += stillOpen
    }
    return "SELECT " + columns.joined(separator: ",\n  ") + "\nFROM " + rows
  }

  /// Which of the evidence `ordered` decided a row (its index; NULL when none did).
  func decidingEvidence(_ ordered: [SQLEvidence]) -> String {
    ordered.isEmpty
      ? "CAST(NULL AS INT)"
      : "CASE "
        + ordered.enumerated().map { "WHEN \($1.when) THEN \($0)" }.joined(separator: " ")
        + " END"
  }

  /// `value` of the evidence that decided a row (`vigil_evidence`, an index of `ordered`).
  func evidenceCase(_ ordered: [SQLEvidence], _ value: (SQLEvidence) -> String?) -> String {
    let branches = ordered.enumerated().compactMap { index, item in
      value(item).map { "WHEN \(index) THEN \($0)" }
    }
    return branches.isEmpty
      ? "NULL" : "CASE vigil_evidence " + branches.joined(separator: " ") + " END"
  }

  /// The `vigil_row` column of a select: a record's row, or a group's rank.
  func rowColumn(_ row: String) -> String {
    row == "vigil_row" ? row : "\(row) AS vigil_row"
  }

  /// `> 48h`: a site's operator (as the measured side sees it) and threshold as written.
  func thresholdText(_ site: ComparisonSite) -> String? {
    guard let op = site.op, let threshold = site.threshold else { return nil }
    let flipped: [String: String] = ["<": ">", "<=": ">=", ">": "<", ">=": "<="]
    let shown = site.measuredOnRight ? flipped[op] ?? op : op
    return "\(shown) \(threshold)"
  }

  /// The rows of one policy's data errors: the first one each record meets, or (`groups`)
  /// each of its groups (which the audit names without a file or line).
  mutating func errorSelect(
    _ index: Int, _ errors: [SQLDataError], order: Int, groups: RowSource? = nil,
    from records: String = "vigil_values"
  ) -> String {
    func cases(_ value: (SQLDataError) -> String) -> String {
      "CASE "
        + errors.map { "WHEN COALESCE(\($0.when), FALSE) THEN \(value($0))" }.joined(separator: " ")
        + " END"
    }
    let any = errors.map { "COALESCE(\($0.when), FALSE)" }.joined(separator: " OR ")
    let values = [
      "'data_error'", groups == nil ? dialect.text(options.input.name) : nullText,
      groups == nil ? "vigil_line" : "CAST(NULL AS \(dialect.bigint))",
      groups?.record ?? recordName(), dialect.text(program.policies[index].name),
      "CAST(\(cases { dialect.text($0.field) }) AS \(dialect.textType))",
      "CAST(\(cases(\.value)) AS \(dialect.textType))",
      "CAST(\(cases(\.message)) AS \(dialect.textType))",
    ]
    let columns =
      ["\(order) AS vigil_policy", rowColumn(groups?.row ?? "vigil_row")]
      + zip(values, Self.errorColumns).map { "\($0) AS \(dialect.identifier($1))" }
    return "SELECT " + columns.joined(separator: ",\n  ")
      + "\nFROM \(groups?.table ?? records) WHERE \(any)"
  }

  /// A SELECT with `columns` and no row.
  mutating func emptySelect(_ columns: [String]) -> String {
    let violations = columns == violationColumns
    let hidden =
      violations && reportsAccountability
      ? [""] + reportColumns(finding: 0, length: "NULL", line: false) : []
    return "SELECT 0 AS vigil_policy, vigil_row, "
      + (violations && hasRecordCycles ? "0 AS vigil_cyc, " : "")
      + (violations && hasPauseColumns ? "0 AS vigil_sub, " : "")
      + columns.map { "\(nullText) AS \(dialect.identifier($0))" }.joined(separator: ", ")
      + hidden.joined(separator: ", ") + " FROM vigil_values WHERE FALSE"
  }

  /// The whole query: the records read, each field once, then the policies' rows in the
  /// audit's order (by record, then by policy).
  /// `after`: the rows whose `vigil_policy` is at least this come after all others, by
  /// policy and then by row (a group policy's groups, judged after every record was read).
  /// `sub`: the rows have `vigil_sub`, a row's place after the violation it follows;
  /// `cycles`: `vigil_cyc`, the cycle of a record judged per cycle.
  mutating func assemble(
    _ rows: String, columns: [String], groups: [String], after: Int? = nil, sub: Bool = false,
    cycles: Bool = false
  ) throws -> String {
    let ctes = try recordCTEs() + groups
    // Every record's rows (by record, then by policy), then each group policy's (by group).
    let order =
      after.map {
        "CASE WHEN vigil_policy >= \($0) THEN vigil_policy ELSE 0 END, vigil_row, vigil_policy"
      } ?? "vigil_row, vigil_policy"
    let within = (cycles ? ", vigil_cyc" : "") + (sub ? ", vigil_sub" : "")
    let header =
      "-- vigil sql: \(dialect.displayName); the columns of vigil audit --format csv, in its order"
    return header + "\nWITH " + ctes.joined(separator: ",\n") + "\nSELECT "
      + columns.map(dialect.identifier).joined(separator: ", ") + " FROM (\n" + rows
      + "\n) AS vigil_rows ORDER BY \(order)\(within)\n"
  }

  /// The CTEs that read the records: each field once, its time once, the values computed
  /// once per record, and the calendars' tables they read; the last is `vigil_values`.
  mutating func recordCTEs() throws -> [String] {
    _ = compiler.column(options.idField)
    let input = options.input
    let now =
      options.now.map { "CAST(\($0) AS \(dialect.bigint))" }
      ?? compiler.text.isoTime(dialect.nowParameter)
    let fields = compiler.fields.enumerated().map { index, path in
      "\(input.field(path, dialect, missing: program.missingTexts)) AS f\(index)"
    }
    // A time field's text is matched once per row (`m…`, where the engine reads all the
    // parts with one match), its parts read as integers once (`p…`, where the engine keeps
    // them in a struct), then the instant computed from them.
    let timeColumns = compiler.timeColumns.sorted()
    let matches = timeColumns.compactMap { index in
      compiler.text.isoMatch("f\(index)").map { "\($0) AS m\(index)" }
    }
    let numbers = timeColumns.compactMap { index in
      compiler.text.isoNumbers(matched: "m\(index)").map { "\($0) AS p\(index)" }
    }
    let times = timeColumns.map { index in
      let time =
        !numbers.isEmpty
        ? compiler.text.isoTime(numbers: "p\(index)")
        : !matches.isEmpty
          ? compiler.text.isoTime(matched: "m\(index)") : compiler.text.isoTime("f\(index)")
      return "\(time) AS t\(index)"
    }
    var ctes = try input.source(dialect)
    // Calendars' tables, which the records' values read.
    ctes += compiler.tables
    ctes.append(
      "vigil_fields AS (SELECT vigil_row, vigil_line, \(now) AS vigil_now"
        + fields.map { ",\n  " + $0 }.joined() + "\nFROM vigil_source)")
    var last = "vigil_fields"
    for (name, columns) in [("vigil_matches", matches), ("vigil_numbers", numbers)]
    where !columns.isEmpty {
      // PostgreSQL would otherwise inline the CTE, matching the text again at each use.
      let kept = dialect == .postgres ? "MATERIALIZED " : ""
      ctes.append(
        "\(name) AS \(kept)(SELECT *" + columns.map { ",\n  " + $0 }.joined()
          + "\nFROM \(last))")
      last = name
    }
    let derived = compiler.derived.enumerated().map { "\($1) AS d\($0)" }
    if derived.isEmpty {
      ctes.append(
        "vigil_values AS (SELECT *" + times.map { ",\n  " + $0 }.joined() + "\nFROM \(last))")
    } else {
      // Values computed once per record (`d…`) after the times they may read; PostgreSQL
      // would otherwise copy each into every use.
      let kept = dialect == .postgres ? "MATERIALIZED " : ""
      ctes.append(
        "vigil_times AS (SELECT *" + times.map { ",\n  " + $0 }.joined() + "\nFROM \(last))")
      ctes.append(
        "vigil_values AS \(kept)(SELECT *" + derived.map { ",\n  " + $0 }.joined()
          + "\nFROM vigil_times)")
    }
    return ctes + historyCTEs(now: now)
  }
}
