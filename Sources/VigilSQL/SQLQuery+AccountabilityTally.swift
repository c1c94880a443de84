import VigilSyntax

/// The accountability report's tallies over `vigil_violations` and `vigil_scope`, as a chain
/// of CTEs each read once (an engine that copies a CTE into each use, as Spark does, copies
/// none): `vigil_facts` a row per violation, record at risk and record in scope not broken,
/// and one of nothing per policy; `vigil_ranked` each party's open breaches ranked;
/// `vigil_tally` their sums by party and policy, by party and by policy at once (`GROUPING
/// SETS`); `vigil_rows` each party's violations beside its shares, to order them.
extension SQLQuery {
  /// The counts a fact adds up, in the order of the report's columns.
  static let counted = [
    "vigil_v", "vigil_o", "vigil_u", "vigil_s0", "vigil_s1", "vigil_s2", "vigil_s3", "vigil_met",
    "vigil_pend", "vigil_risk",
  ]

  /// The name of the row of what no party answers for, as the report names it.
  static let noParty = "(none)"

  /// The CTEs after `vigil_violations` and `vigil_scope`.
  var tallyCTEs: [String] {
    // Cast: a query of no policy has every column a text.
    let open = "CAST(\(dialect.identifier("open")) AS BOOLEAN)"
    let sets = "GROUPING SETS ((vigil_party, vigil_p), (vigil_party), (vigil_p))"
    let oldest = ["vigil_op", "vigil_or", "vigil_om"].map {
      "MAX(CASE WHEN vigil_n = 1 AND vigil_isopen = 1 THEN \($0) END) AS \($0)"
    }
    let sums = (["vigil_real"] + Self.counted).map {
      "CAST(SUM(\($0)) AS \(dialect.bigint)) AS \($0)"
    }
    // A party's oldest open breach: its open violations, the longest measured first, then a
    // group's before a record's (whose line is 0), by line, policy name and listing order.
    let rank = [
      "vigil_isopen DESC", "vigil_length DESC NULLS LAST", "vigil_at",
      dialect.orderKey("vigil_op", text: true), "vigil_policy", "vigil_row",
    ]
    return [
      factsCTE(open: open),
      "vigil_ranked AS (SELECT vigil_facts.*, row_number() OVER (PARTITION BY vigil_party ORDER BY "
        + rank.joined(separator: ", ") + ") AS vigil_n FROM vigil_facts)",
      "vigil_tally AS (SELECT vigil_party, vigil_p, GROUPING(vigil_party) AS vigil_gx,"
        + " GROUPING(vigil_p) AS vigil_gp, " + (sums + oldest).joined(separator: ", ")
        + "\nFROM vigil_ranked GROUP BY \(sets))",
      "vigil_rows AS (SELECT vigil_tally.*, MAX(CASE WHEN vigil_gp = 1 THEN vigil_v END)"
        + " OVER (PARTITION BY vigil_gx, vigil_party) AS vigil_pv FROM vigil_tally)",
    ]
  }

  /// `vigil_facts`: by policy number (`vigil_p`) and party, what each row counts; a
  /// violation's policy name, record, measured text and order keys for the oldest open
  /// breach (`vigil_isopen` 1 when it is open); `vigil_real` 0 for a policy's row of nothing,
  /// which gives the policies no party has a share of their row.
  func factsCTE(open: String) -> String {
    let count = program.policies.count
    let violation = "vigil_finding = 0"
    func when(_ condition: String) -> String { "CASE WHEN \(condition) THEN 1 ELSE 0 END" }
    let severities = Severity.allCases.enumerated().map { index, severity in
      when("\(violation) AND \(dialect.identifier("severity")) = '\(severity.rawValue)'")
    }
    let int = "CAST(NULL AS \(dialect.bigint))"
    let names = ["vigil_op", "vigil_or", "vigil_om"]
    let violations =
      [
        "CASE WHEN vigil_policy >= \(count) THEN vigil_policy - \(count) ELSE vigil_policy END",
        dialect.identifier("party"), "1", when(violation), when("\(violation) AND \(open) IS TRUE"),
        when("\(violation) AND \(open) IS NULL"),
      ] + severities + [
        "0", "0", when("vigil_finding = 1"), when("\(violation) AND \(open) IS TRUE"),
        "vigil_length", "vigil_at", dialect.identifier("policy"), dialect.identifier("record"),
        dialect.identifier("measured"), "vigil_policy", "vigil_row",
      ]
    let rest = [int, int, nullText, nullText, nullText, int, int]
    let scope =
      ["vigil_policy", "vigil_party", "1"] + Array(repeating: "0", count: 7)
      + ["1 - vigil_pending", "vigil_pending", "0", "0"] + rest
    let nothing =
      ["vigil_p", nullText, "0"] + Array(repeating: "0", count: 11) + rest
    let columns =
      ["vigil_p", "vigil_party", "vigil_real"] + Self.counted + ["vigil_isopen"]
      + ["vigil_length", "vigil_at"] + names + ["vigil_policy", "vigil_row"]
    func select(_ values: [String], from table: String) -> String {
      "SELECT " + zip(values, columns).map { "\($0) AS \($1)" }.joined(separator: ", ")
        + " FROM \(table)"
    }
    // A file of definitions alone has no policy: then no row.
    let numbers =
      program.policies.isEmpty
      ? ["SELECT 0 AS vigil_p FROM vigil_values WHERE FALSE"]
      : program.policies.indices.map { "SELECT \($0) AS vigil_p" }
    let policies = "(" + numbers.joined(separator: " UNION ALL ") + ") AS vigil_policies"
    // A dishonest pause (finding 2) is not a violation: the pauses section counts it.
    return "vigil_facts AS (" + select(violations, from: "vigil_violations")
      + " WHERE vigil_finding < 2"
      + "\nUNION ALL " + select(scope, from: "vigil_scope")
      + "\nUNION ALL " + select(nothing, from: policies) + ")"
  }

  /// The report's rows, from `vigil_rows`: a party's (`vigil_gp` 1), a policy's (`vigil_gx`
  /// 1, every policy) and a party's share of a policy (neither), in the CSV report's order.
  var reportSelect: String {
    let text = dialect.textType
    let isPolicy = "vigil_gx = 1"
    let isParty = "vigil_gx = 0 AND vigil_gp = 1"
    let party = "COALESCE(vigil_party, \(dialect.text(Self.noParty)))"
    let policyName =
      program.policies.isEmpty
      ? nullText
      : "CASE vigil_p "
        + program.policies.enumerated().map { "WHEN \($0) THEN \(dialect.text($1.name))" }
        .joined(separator: " ") + " END"
    func only(_ condition: String, _ value: String, _ type: String) -> String {
      "CAST(CASE WHEN \(condition) THEN \(value) END AS \(type))"
    }
    let bigint = dialect.bigint
    let judged = "(vigil_met + vigil_v)"
    let compliance =
      "CASE WHEN \(judged) = 0 THEN NULL ELSE CAST(vigil_met AS \(dialect.double))"
      + " / CAST(\(judged) AS \(dialect.double)) END"
    let values =
      [
        "CAST(CASE WHEN \(isPolicy) THEN 'policy' WHEN vigil_gp = 1 THEN 'party'"
          + " ELSE 'party_policy' END AS \(text))",
        "CAST(CASE WHEN \(isPolicy) THEN \(policyName) ELSE \(party) END AS \(text))",
        "CAST(NULL AS \(text))", only("vigil_gx = 0 AND vigil_gp = 0", policyName, text),
        "vigil_v", "vigil_o", "vigil_v - vigil_o - vigil_u", "vigil_u",
      ] + (0..<4).map { only(isParty, "vigil_s\($0)", bigint) }
      + [
        "vigil_met + vigil_pend + vigil_v", "vigil_met", "vigil_v", "vigil_pend", "vigil_risk",
        compliance, judged,
      ] + ["vigil_op", "vigil_or", "vigil_om"].map { only(isParty, $0, text) } + [nullText]
    let keys = [
      "CASE WHEN \(isPolicy) THEN 1 WHEN vigil_gp = 1 THEN 0 ELSE 2 END AS vigil_section",
      "CAST(0 AS \(bigint)) AS vigil_k0",
      "CAST(CASE WHEN \(isPolicy) THEN 0 ELSE vigil_pv END AS \(bigint)) AS vigil_k1",
      "CAST(0 AS \(bigint)) AS vigil_kb",
      "CAST(CASE WHEN \(isPolicy) THEN '' ELSE \(party) END AS \(text)) AS vigil_k2",
      "CAST(CASE WHEN vigil_gp = 1 THEN 0 ELSE vigil_p END AS \(bigint)) AS vigil_k3",
      "CAST(0 AS \(bigint)) AS vigil_k4",
    ]
    let columns = Self.reportColumnNames.map(dialect.identifier)
    let named = zip(values, columns).map { "\($0) AS \($1)" }
    let main =
      "SELECT " + (keys + named).joined(separator: ",\n  ")
      + "\nFROM vigil_rows WHERE \(isPolicy) OR vigil_real > 0"
    return "SELECT \(columns.joined(separator: ", ")) FROM ("
      + ([main] + sectionSelects).joined(separator: "\nUNION ALL ") + ") AS vigil_report"
      + "\nORDER BY vigil_section, vigil_k0, vigil_k1 DESC, vigil_kb DESC, "
      + dialect.orderKey("vigil_k2", text: true) + ", vigil_k3, vigil_k4"
  }
}
