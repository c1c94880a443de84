import VigilSemantics

/// The accountability report's holders section (README.md, "Accountability"): per policy
/// naming a holder of the case (or record), in source order, a row per holder of its breached
/// cases (or cycles), the longest held first (then by name), each with seven counts in the
/// CSV report's order: the cases they held, what a case is (`case`, or `record` of a record
/// policy), the time held, the breaches reached while they held the case, their handoffs
/// before the breach's stretch (and the budget left at each, summed) and at or after it. Read
/// from each policy's stretches (`vigil_stretches<N>`, the holders' CTE's) of the rows its
/// violations name (`vigil_yhk`), `vigil_violations` read once.
extension SQLQuery {
  /// The policies naming a holder, by number, with their threshold (the budget) and what
  /// their cases are.
  var holderPolicies: [(index: Int, threshold: Int64, unit: String)] {
    program.policies.indices.compactMap { index in
      let policy = program.policies[index]
      return (policy.group?.holding ?? policy.recordHolding).map {
        (index, $0.threshold, policy.group == nil ? "record" : "case")
      }
    }
  }

  /// The counts of a holder's row, in the CSV report's order: each its name and value.
  static let holderCounts = [
    ("cases", "vigil_hcases"), ("unit", ""), ("held_ms", "vigil_hheld"),
    ("breaches", "vigil_hbreaches"), ("handed_on", "vigil_hon"),
    ("budget_left_ms", "vigil_hbudget"), ("handed_on_late", "vigil_hlate"),
  ]

  /// `vigil_htally`: per holder policy (`vigil_p`) and holder (`vigil_hname`, `(no holder)`
  /// before anyone held the case), the counts of `holderCounts`.
  var holderCTEs: [String] {
    let policies = holderPolicies
    guard !policies.isEmpty else { return [] }
    let bigint = dialect.bigint
    let stretches = policies.map { index, threshold, _ in
      "SELECT \(index) AS vigil_p, vigil_rank, vigil_hv, vigil_hd, vigil_hx, vigil_hm, vigil_ha,"
        + " vigil_hbr, CAST(\(threshold) AS \(bigint)) AS vigil_hlim FROM vigil_stretches\(index)"
    }.joined(separator: " UNION ALL ")
    let breached =
      "SELECT DISTINCT \(violationPolicy) AS vigil_p, vigil_yhk FROM vigil_violations"
      + " WHERE vigil_finding = 0 AND vigil_yhk IS NOT NULL"
    let joined =
      "SELECT vigil_hs.*, MIN(CASE WHEN vigil_hbr THEN vigil_hx END) OVER (PARTITION BY"
      + " vigil_hs.vigil_p, vigil_hs.vigil_rank) AS vigil_hbx FROM (\(stretches)) AS vigil_hs"
      + " JOIN (\(breached)) AS vigil_hv2 ON vigil_hv2.vigil_p = vigil_hs.vigil_p"
      + " AND vigil_hv2.vigil_yhk = vigil_hs.vigil_rank"
    // A handoff is each stretch but the last: late at or after the breach's stretch.
    let late = "(vigil_hx < vigil_hm AND vigil_hbx IS NOT NULL AND vigil_hx >= vigil_hbx)"
    let inTime = "(vigil_hx < vigil_hm AND NOT \(late))"
    func sum(_ value: String) -> String { "CAST(SUM(\(value)) AS \(bigint))" }
    let tally =
      "SELECT vigil_p, COALESCE(vigil_hv, \(dialect.text(Self.noHolder))) AS vigil_hname,"
      + " CAST(COUNT(DISTINCT vigil_rank) AS \(bigint)) AS vigil_hcases,"
      + " \(sum("vigil_hd")) AS vigil_hheld,"
      + " \(sum("CASE WHEN vigil_hbr THEN 1 ELSE 0 END")) AS vigil_hbreaches,"
      + " \(sum("CASE WHEN \(inTime) THEN 1 ELSE 0 END")) AS vigil_hon,"
      + " \(sum("CASE WHEN \(inTime) THEN vigil_hlim - vigil_ha ELSE 0 END")) AS vigil_hbudget,"
      + " \(sum("CASE WHEN \(late) THEN 1 ELSE 0 END")) AS vigil_hlate"
      + " FROM (\(joined)) AS vigil_hj GROUP BY vigil_p, COALESCE(vigil_hv, \(dialect.text(Self.noHolder)))"
    return ["vigil_htally AS (\(tally))"]
  }

  /// The name of the stretches no one held, as the report names them.
  static let noHolder = "(no holder)"

  /// The rows of the holders section: each holder's tally, a row per count.
  var holderSelects: [String] {
    let policies = holderPolicies
    guard !policies.isEmpty else { return [] }
    let counts = Self.holderCounts.enumerated().map { "SELECT \($0.offset) AS vigil_hc" }
      .joined(separator: " UNION ALL ")
    let names =
      "CASE vigil_p "
      + policies.map { "WHEN \($0.index) THEN \(dialect.text(program.policies[$0.index].name))" }
      .joined(separator: " ") + " END"
    let unit =
      "CASE vigil_p "
      + policies.map { "WHEN \($0.index) THEN \(dialect.text($0.unit))" }.joined(separator: " ")
      + " END"
    let kind =
      "CASE vigil_hc "
      + Self.holderCounts.enumerated().map { "WHEN \($0.offset) THEN 'holder_\($0.element.0)'" }
      .joined(separator: " ") + " END"
    let value =
      "CASE vigil_hc "
      + Self.holderCounts.enumerated().map { offset, count in
        "WHEN \(offset) THEN " + (count.1.isEmpty ? unit : dialect.integerText(count.1))
      }.joined(separator: " ") + " END"
    return [
      sectionRow(
        section: 4, k0: "vigil_p", k1: "vigil_hheld", k2: "vigil_hname", k4: "vigil_hc",
        kind: kind, name: "vigil_hname", policy: names, value: value)
        + " FROM vigil_htally CROSS JOIN (\(counts)) AS vigil_hcs"
    ]
  }
}

/// The accountability report's dishonest pauses section: per policy measuring honest pauses,
/// in source order, a row per party who set its dishonest pauses (`(none)` when none is
/// named), most pauses first, then most time not paused, then by name, each with four counts
/// in the CSV report's order: the pauses, the time they counted as not paused, those of
/// records (or cases, cycles) that broke the policy, those that had not ended by now. Read
/// from the dishonest pauses' rows of `vigil_violations` (finding 2) once.
extension SQLQuery {
  /// The policies measuring honest pauses, by number.
  var pausePolicies: [Int] {
    program.policies.indices.filter { Self.measuresHonestPauses(program.policies[$0].condition) }
  }

  /// `vigil_ptally`: per policy (`vigil_p`) and party (`vigil_pname`), the pauses
  /// (`vigil_pn`), the time not paused (`vigil_pms`), those breached (`vigil_pb`) and those
  /// ongoing (`vigil_po`).
  var pauseCTEs: [String] {
    guard !pausePolicies.isEmpty else { return [] }
    let bigint = dialect.bigint
    let name = "COALESCE(\(dialect.identifier("party")), \(dialect.text(Self.noParty)))"
    func count(_ column: String) -> String {
      "CAST(SUM(CASE WHEN CAST(\(dialect.identifier(column)) AS BOOLEAN) IS TRUE THEN 1 ELSE 0 END)"
        + " AS \(bigint))"
    }
    return [
      "vigil_ptally AS (SELECT \(violationPolicy) AS vigil_p, \(name) AS vigil_pname,"
        + " CAST(COUNT(*) AS \(bigint)) AS vigil_pn, CAST(SUM(vigil_length) AS \(bigint)) AS vigil_pms,"
        + " \(count("breached")) AS vigil_pb, \(count("open")) AS vigil_po"
        + " FROM vigil_violations WHERE vigil_finding = 2"
        + " GROUP BY \(violationPolicy), \(name))"
    ]
  }

  /// The rows of the dishonest pauses section: each party's tally, a row per count.
  var pauseSelects: [String] {
    let policies = pausePolicies
    guard !policies.isEmpty else { return [] }
    let counts = [
      ("count", "vigil_pn"), ("not_paused_ms", "vigil_pms"), ("breached", "vigil_pb"),
      ("ongoing", "vigil_po"),
    ]
    let rows = counts.indices.map { "SELECT \($0) AS vigil_pc" }.joined(separator: " UNION ALL ")
    let names =
      "CASE vigil_p "
      + policies.map { "WHEN \($0) THEN \(dialect.text(program.policies[$0].name))" }
      .joined(separator: " ") + " END"
    let kind =
      "CASE vigil_pc "
      + counts.enumerated().map { "WHEN \($0.offset) THEN 'pause_\($0.element.0)'" }
      .joined(separator: " ") + " END"
    let value =
      "CASE vigil_pc "
      + counts.enumerated().map { "WHEN \($0.offset) THEN \(dialect.integerText($0.element.1))" }
      .joined(separator: " ") + " END"
    return [
      sectionRow(
        section: 5, k0: "vigil_p", k1: "vigil_pn", kb: "vigil_pms", k2: "vigil_pname",
        k4: "vigil_pc", kind: kind, name: "vigil_pname", policy: names, value: value)
        + " FROM vigil_ptally CROSS JOIN (\(rows)) AS vigil_pcs"
    ]
  }
}
