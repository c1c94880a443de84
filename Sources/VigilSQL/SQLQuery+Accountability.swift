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
/// Its sections after them (cycles, holders, dishonest pauses) are `sectionSelects`; what it
/// leaves out, and why, is in README.md.
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
  /// record or group at risk, 2 a dishonest pause), its measured duration (`length`, the
  /// oldest open breach is the longest; a dishonest pause's time not paused) and its line
  /// (`line`: a record's; a group's is 0, as the audit's); for a policy judged per cycle, its
  /// cycle's number, the number of cycles and its case (`vigil_ycn`, `vigil_ycm`,
  /// `vigil_yck`); for a policy naming holders, its judged row in `vigil_stretches<N>`
  /// (`vigil_yhk`). `policy` is nil for rows that have none of these.
  func reportColumns(finding: Int, length: String, line: Bool, policy: CheckedPolicy? = nil)
    -> [String]
  {
    let cycled = policy.map { $0.group?.cycles != nil || $0.recordCycles != nil } ?? false
    let held = policy.map { $0.group?.holding != nil || $0.recordHolding != nil } ?? false
    let none = "CAST(NULL AS \(dialect.bigint))"
    func cast(_ value: String) -> String { "CAST(\(value) AS \(dialect.bigint))" }
    return [
      "\(finding) AS vigil_finding",
      "CAST(\(length) AS \(dialect.bigint)) AS vigil_length",
      "CAST(\(line ? "vigil_line" : "0") AS \(dialect.bigint)) AS vigil_at",
      (cycled ? cast("vigil_cn") : none) + " AS vigil_ycn",
      (cycled ? cast("vigil_cm") : none) + " AS vigil_ycm",
      (cycled ? cast("vigil_rank") : none) + " AS vigil_yck",
      (held ? cast(cycled ? "vigil_crank" : "vigil_rank") : none) + " AS vigil_yhk",
    ]
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
      if let group = policy.group {
        if let followUp = group.followUp {
          let compiled = try compileSequence(index, group, followUp)
          groups.append(compiled.select)
          scopes.append(sequenceScope(index, compiled, followUp))
          continue
        }
        let compiled = try compileGroup(index, group)
        ctes.append(compiled.cte)
        groups.append(compiled.select)
        // INVARIANT: compileGroup gives a scope while the report is compiled.
        scopes.append(compiled.scope!)
        continue
      }
      let compiled = try compileRecordPolicy(index)
      ctes += compiled.ctes
      selects.append(violationSelect(index, compiled.rule, compiled.row))
      if compiled.rule.warning != nil {
        selects.append(atRiskSelect(index, compiled.rule, compiled.row))
      }
      if !compiled.reported.isEmpty {
        selects.append(
          try pauseSelect(
            index, compiled.rule, compiled.row, compiled.pauses, reported: compiled.reported,
            keys: ["vigil_rank"], judged: "TRUE"))
      }
      // INVARIANT: compileRecordPolicy gives a judging while the report is compiled.
      scopes.append(scopeSelect(index, compiled.judging!, from: compiled.row.table, where: "TRUE"))
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
    let report =
      ["vigil_violations AS (\(rows))", "vigil_scope AS (\(scope))"] + tallyCTEs + sectionCTEs
    let header =
      "-- vigil sql: \(dialect.displayName); the rows of vigil audit --report accountability"
      + " --format csv after its audit rows, in its columns and order"
    return header + "\nWITH " + (try recordCTEs() + ctes + report).joined(separator: ",\n")
      + "\n" + reportSelect + "\n"
  }
}
