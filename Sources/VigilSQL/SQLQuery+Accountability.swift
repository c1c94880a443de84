import VigilCore
import VigilSemantics
import VigilSyntax

/// The accountability report (README.md, "Accountability"; Grammar.md, "Scope and
/// compliance") as one query, over the violations query: its rows are a CTE
/// (`vigil_violations`, each violation and record at risk with its finding, measured length
/// and line), beside one of the records (or groups) of each policy's scope that did not break
/// it (`vigil_scope`: met or pending, and their party). The query lists the rows of `vigil
/// audit --report accountability --format csv` after its `audit` rows, in its columns and
/// order: a row per party (most violations first, then by name), per policy (in source
/// order), and per party and policy (`party_policy`, the parties' order, then the policies').
/// What it leaves out, and why, is in `accountabilityGap` and README.md.
extension SQLQuery {
  /// The report's columns: those of its CSV form.
  package static let reportColumnNames = [
    "kind", "name", "team", "policy", "violations", "open", "closed", "undetermined", "low",
    "medium", "high", "critical", "in_scope", "met", "violated", "pending", "at_risk",
    "compliance", "compliance_of", "oldest_open_policy", "oldest_open_record",
    "oldest_open_measured", "value",
  ]

  /// How the records (or groups) of a policy's scope that did not break it are told.
  struct Judging {
    /// SQL condition: in the policy's scope, its condition known and false.
    var unbroken: String
    /// SQL condition: such a row is pending (a state the measured test compares is open).
    var pending: String
    /// SQL text: the party that answers for it (`accountable:`, else the first action's).
    var party: String
  }

  /// The columns a violation row has in the report's query: its finding (0 a violation, 1 a
  /// record or group at risk), its measured duration (`length`, the oldest open breach is the
  /// longest) and its line (`line`: a record's; a group's is 0, as the audit's).
  func reportColumns(atRisk: Bool, length: String, line: Bool) -> [String] {
    [
      "\(atRisk ? 1 : 0) AS vigil_finding",
      "CAST(\(length) AS \(dialect.bigint)) AS vigil_length",
      "CAST(\(line ? "vigil_line" : "0") AS \(dialect.bigint)) AS vigil_at",
    ]
  }

  /// What does not compile into the report yet: its sections the CSV writes after the
  /// parties and policies (cycles, holders, dishonest pauses), and a sequence policy's scope.
  func accountabilityGap(_ policy: CheckedPolicy) -> SQLGap? {
    if policy.group?.followUp != nil {
      return SQLGap(
        "the accountability report of a sequence policy (unless followed by)", at: .rule)
    }
    if policy.group?.cycles != nil || policy.recordCycles != nil {
      return SQLGap("the accountability report's breaches by cycle", at: .cycle)
    }
    if policy.group?.holding != nil || policy.recordHolding != nil {
      return SQLGap("the accountability report's holders", at: .holding)
    }
    if Self.measuresHonestPauses(policy.condition) {
      return SQLGap("the accountability report's dishonest pauses", at: .paused)
    }
    return nil
  }

  /// How `policy`'s rows in scope that did not break it are told, from its compiled `rule`
  /// (before a group policy's `at least` is added to it). A record is in scope when its
  /// condition is false, it met no data error and its scope holds; a group when its
  /// condition is known (and it is judged); either is pending when it met no data error and
  /// the policy's pending test holds without one.
  mutating func judging(_ policy: CheckedPolicy, _ rule: CompiledRule) throws -> Judging {
    let saved = compiler.evidence
    defer { compiler.evidence = saved }
    let clean = rule.condition.anyError().map { "NOT \($0)" } ?? "TRUE"
    var unbroken = "(\(rule.condition.sql)) IS FALSE"
    if policy.group == nil {
      unbroken += " AND \(clean)"
      if let scope = policy.scope {
        unbroken += " AND (\(try compiler.truth(compiler.compile(scope)).sql)) IS TRUE"
      }
    }
    var pending = "FALSE"
    if let test = policy.pending {
      let value = try compiler.truth(compiler.compile(test))
      pending =
        "\(clean) AND (\(value.sql)) IS TRUE" + (value.anyError().map { " AND NOT \($0)" } ?? "")
    }
    let named = rule.actions.first { $0.kind != .flag }
    return Judging(
      unbroken: unbroken, pending: pending,
      party: rule.accountable ?? named?.parties.first ?? nullText)
  }

  /// The rows of the policy at `index` in scope that did not break it, read `from` a table
  /// of records or groups where `gate` holds: its number, party and whether it is pending.
  func scopeSelect(_ index: Int, _ judging: Judging, from table: String, where gate: String)
    -> String
  {
    "SELECT \(index) AS vigil_policy, CAST(\(judging.party) AS \(dialect.textType)) AS vigil_party,"
      + " CASE WHEN \(judging.pending) THEN 1 ELSE 0 END AS vigil_pending"
      + "\nFROM \(table) WHERE \(gate) AND \(judging.unbroken)"
  }

  mutating func accountability() throws -> String {
    reportsAccountability = true
    var selects: [String] = []
    var groups: [String] = []
    var ctes: [String] = []
    var scopes: [String] = []
    for index in program.policies.indices {
      current = index
      let policy = program.policies[index]
      if let gap = accountabilityGap(policy) { throw gap }
      if let group = policy.group {
        if let gap = groupGap(group) { throw gap }
        let compiled = try compileGroup(index, group)
        ctes.append(compiled.cte)
        groups.append(compiled.select)
        // INVARIANT: compileGroup gives a scope while the report is compiled.
        scopes.append(compiled.scope!)
        continue
      }
      let rule = try compileRule(index)
      selects.append(violationSelect(index, rule, recordSource))
      if rule.warning != nil { selects.append(atRiskSelect(index, rule, recordSource)) }
      let judging = try judging(policy, rule)
      scopes.append(scopeSelect(index, judging, from: "vigil_values", where: "TRUE"))
    }
    current = nil
    selects += groups
    let rows =
      selects.isEmpty
      ? emptySelect(violationColumns) : selects.joined(separator: "\nUNION ALL\n")
    let scope =
      scopes.isEmpty
      ? "SELECT 0 AS vigil_policy, \(nullText) AS vigil_party, 0 AS vigil_pending"
        + " FROM vigil_values WHERE FALSE"
      : scopes.joined(separator: "\nUNION ALL\n")
    let report = [
      "vigil_violations AS (\(rows))", "vigil_scope AS (\(scope))", policiesCTE, factsCTE,
    ]
    let header =
      "-- vigil sql: \(dialect.displayName); the rows of vigil audit --report accountability"
      + " --format csv after its audit rows, in its columns and order"
    return header + "\nWITH " + (try recordCTEs() + ctes + report).joined(separator: ",\n")
      + tallies + "\n" + reportSelect + "\n"
  }

  /// `vigil_policies`: each policy's number and name.
  var policiesCTE: String {
    "vigil_policies AS ("
      + program.policies.enumerated().map { index, policy in
        "SELECT \(index) AS vigil_p, CAST(\(dialect.text(policy.name)) AS \(dialect.textType))"
          + " AS vigil_name"
      }.joined(separator: " UNION ALL ") + ")"
  }

  /// `vigil_facts`: a row per violation, record at risk and record in scope not broken, by
  /// policy number (`vigil_p`) and party, counting what it is.
  var factsCTE: String {
    let count = program.policies.count
    let violation = "vigil_finding = 0"
    func when(_ condition: String) -> String { "CASE WHEN \(condition) THEN 1 ELSE 0 END" }
    let severities = Severity.allCases.enumerated().map { index, severity in
      when("\(violation) AND severity = '\(severity.rawValue)'") + " AS vigil_s\(index)"
    }
    let violations =
      [
        "CASE WHEN vigil_policy >= \(count) THEN vigil_policy - \(count) ELSE vigil_policy END"
          + " AS vigil_p",
        "party AS vigil_party", when(violation) + " AS vigil_v",
        when("\(violation) AND \(dialect.identifier("open")) IS TRUE") + " AS vigil_o",
        when("\(violation) AND \(dialect.identifier("open")) IS NULL") + " AS vigil_u",
      ] + severities + [
        "0 AS vigil_met", "0 AS vigil_pend", when("vigil_finding = 1") + " AS vigil_risk",
      ]
    let scope =
      ["vigil_policy", "vigil_party"] + Array(repeating: "0", count: 7)
      + ["1 - vigil_pending", "vigil_pending", "0"]
    return "vigil_facts AS (SELECT " + violations.joined(separator: ", ")
      + " FROM vigil_violations\nUNION ALL SELECT " + scope.joined(separator: ", ")
      + " FROM vigil_scope)"
  }

  /// The counts summed: what `vigil_facts` counts, by a row's `keys`.
  func sums(_ keys: [String]) -> String {
    let counted = [
      "vigil_v", "vigil_o", "vigil_u", "vigil_s0", "vigil_s1", "vigil_s2", "vigil_s3", "vigil_met",
      "vigil_pend", "vigil_risk",
    ]
    return "SELECT "
      + (keys + counted.map { "CAST(SUM(\($0)) AS \(dialect.bigint)) AS \($0)" })
      .joined(separator: ", ")
  }

  /// The CTEs of the tallies: each party's share of each policy (`vigil_shares`), each
  /// party's sums (`vigil_parties`), each policy's (`vigil_totals`), and each party's oldest
  /// open breach (`vigil_oldest`, first of its open violations by the longest measured, then
  /// a group's before a record's, then by line, policy name and the listing's order).
  var tallies: String {
    let open = dialect.identifier("open")
    let oldest = [
      "vigil_length DESC NULLS LAST", "vigil_at", dialect.orderKey("policy", text: true),
      "vigil_policy", "vigil_row",
    ]
    return ",\nvigil_shares AS (\(sums(["vigil_party", "vigil_p"]))"
      + " FROM vigil_facts GROUP BY vigil_party, vigil_p)"
      + ",\nvigil_parties AS (\(sums(["vigil_party"])) FROM vigil_shares GROUP BY vigil_party)"
      + ",\nvigil_totals AS (\(sums(["vigil_p"])) FROM vigil_shares GROUP BY vigil_p)"
      + ",\nvigil_oldest AS (SELECT party AS vigil_party, policy AS vigil_op, record AS vigil_or,"
      + " measured AS vigil_om, row_number() OVER (PARTITION BY party ORDER BY "
      + oldest.joined(separator: ", ") + ") AS vigil_n FROM vigil_violations"
      + " WHERE vigil_finding = 0 AND \(open) IS TRUE)"
  }

  /// A row's report columns from its sums (`vigil_v` …, each as `read` gives it), after
  /// its kind, name, team and policy; `severities` and `oldest`: the columns of a party's
  /// row (else empty).
  func countColumns(severities: Bool, oldest: Bool, read: (String) -> String) -> [String] {
    let (v, o, u, met, pend) = (
      read("vigil_v"), read("vigil_o"), read("vigil_u"), read("vigil_met"), read("vigil_pend")
    )
    let judged = "(\(met) + \(v))"
    let compliance =
      "CASE WHEN \(judged) = 0 THEN NULL ELSE CAST(\(met) AS \(dialect.double))"
      + " / CAST(\(judged) AS \(dialect.double)) END"
    let none = "CAST(NULL AS \(dialect.bigint))"
    let bySeverity = severities ? (0..<4).map { read("vigil_s\($0)") } : [none, none, none, none]
    return [v, o, "\(v) - \(o) - \(u)", u] + bySeverity
      + [
        "\(met) + \(pend) + \(v)", met, v, pend, read("vigil_risk"), compliance, judged,
      ]
      + (oldest ? ["vigil_op", "vigil_or", "vigil_om"] : [nullText, nullText, nullText])
      + [nullText]
  }

  /// The report's rows: parties, policies, then each party's share of each policy, ordered
  /// by `vigil_section` and its keys.
  var reportSelect: String {
    let named = "COALESCE(vigil_pt.vigil_party, \(dialect.text(Self.noParty)))"
    let text = dialect.textType
    func row(_ kind: String, _ name: String, _ policy: String, _ counts: [String]) -> String {
      let heads = [
        "CAST('\(kind)' AS \(text))", "CAST(\(name) AS \(text))", "CAST(NULL AS \(text))",
        "CAST(\(policy) AS \(text))",
      ]
      return zip(heads + counts, Self.reportColumnNames).map {
        "\($0) AS \(dialect.identifier($1))"
      }.joined(separator: ", ")
    }
    let parties =
      "SELECT 0 AS vigil_section, vigil_pt.vigil_v AS vigil_k1, \(named) AS vigil_k2,"
      + " 0 AS vigil_k3, "
      + row(
        "party", named, "NULL", countColumns(severities: true, oldest: true) { "vigil_pt.\($0)" })
      + "\nFROM vigil_parties AS vigil_pt LEFT JOIN (SELECT * FROM vigil_oldest WHERE vigil_n = 1)"
      + " AS vigil_od ON "
      + dialect.sameOrBothNull("vigil_pt.vigil_party", "vigil_od.vigil_party")
    let policies =
      "SELECT 1, 0, '', vigil_pl.vigil_p, "
      + row(
        "policy", "vigil_pl.vigil_name", "NULL",
        countColumns(severities: false, oldest: false) { "COALESCE(vigil_tt.\($0), 0)" })
      + "\nFROM vigil_policies AS vigil_pl LEFT JOIN vigil_totals AS vigil_tt"
      + " ON vigil_tt.vigil_p = vigil_pl.vigil_p"
    let shares =
      "SELECT 2, vigil_pt.vigil_v, \(named), vigil_sh.vigil_p, "
      + row(
        "party_policy", named, "vigil_pl.vigil_name",
        countColumns(severities: false, oldest: false) { "vigil_sh.\($0)" })
      + "\nFROM vigil_shares AS vigil_sh JOIN vigil_parties AS vigil_pt ON "
      + dialect.sameOrBothNull("vigil_pt.vigil_party", "vigil_sh.vigil_party")
      + " JOIN vigil_policies AS vigil_pl ON vigil_pl.vigil_p = vigil_sh.vigil_p"
    let columns = Self.reportColumnNames.map(dialect.identifier).joined(separator: ", ")
    return "SELECT \(columns) FROM (\n"
      + [parties, policies, shares].joined(separator: "\nUNION ALL\n")
      + "\n) AS vigil_report ORDER BY vigil_section, vigil_k1 DESC, "
      + dialect.orderKey("vigil_k2", text: true) + ", vigil_k3"
  }

  /// The name of the row of what no party answers for, as the report names it.
  static let noParty = "(none)"
}
