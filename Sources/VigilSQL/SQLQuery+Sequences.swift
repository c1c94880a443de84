import VigilSemantics

/// Sequence policies (Grammar.md, "Sequences: unless followed by") as SQL: each record the
/// rule fires for must be followed, in its group, by a record where the follower is true, at
/// most `within` later. A window per group finds each record's first follower strictly
/// after it (`RANGE BETWEEN 1 FOLLOWING`: times are whole milliseconds), and the record is a
/// violation when its time is up (`now - t > within`) and that follower came later than
/// `within` or not at all (then it is open). Exactly `within` later is in time.
extension SQLQuery {
  /// The parts of a sequence policy's query.
  struct CompiledSequence {
    /// Its violations, one row per record, in the audit's order (`vigil_row`: by group, then
    /// by the record's time and line).
    var select: String
    /// The data errors its records can meet, in the order the audit meets them.
    var errors: [SQLDataError]
    /// Its records the rule fires for, each with its first follower (`vigil_next`): a FROM
    /// item.
    var judged: String
    /// Its rule compiled.
    var rule: CompiledRule
  }

  /// Compiles the sequence policy at `index`.
  mutating func compileSequence(_ index: Int, _ group: CheckedGroup, _ followUp: CheckedFollowUp)
    throws -> CompiledSequence
  {
    current = index
    compiler.group = nil
    // As the audit reads a record: its scope, then its time (a record without one, or after
    // now, is left out), its group's keys, the follower and the rule, each once.
    let scope = try group.scope.map { try compiler.truth(compiler.compile($0)) }
    var errors = scope?.errors ?? []
    var reached = scope.map { "(\($0.sql)) IS TRUE" } ?? "TRUE"
    // INVARIANT: the checker requires `ordered by` for `unless followed by`.
    let time = try compiler.compile(group.order!)
    guard time.kind == .time || time.kind == .null else {
      throw SQLGap("'unless followed by' ordered by \(compiler.describe(time.kind))", at: .grouping)
    }
    errors += gated(time.errors, reached)
    reached += " AND \(time.sql) IS NOT NULL AND \(time.sql) <= vigil_now"
    var keys: [SQLValue] = []
    for key in group.keys {
      let value = try compiler.compile(key)
      guard value.kind != .null else { throw SQLGap("a key that is always missing", at: .grouping) }
      keys.append(value)
      errors += gated(value.errors, reached)
    }
    let follower = try compiler.truth(compiler.compile(followUp.predicate))
    errors += gated(follower.errors, reached)
    let rule = try compileCondition(program.policies[index])
    errors += gated(rule.condition.errors, reached)
    let clean = SQLValue("", .null, errors: errors).anyError().map { " AND NOT \($0)" } ?? ""
    let members =
      "SELECT vigil_values.*, \(time.sql) AS vigil_t"
      + keys.enumerated().map { ", \($1.sql) AS vigil_k\($0)" }.joined()
      + ", ((\(follower.sql)) IS TRUE) AS vigil_follows, ((\(rule.condition.sql)) IS TRUE) AS vigil_fires"
      + " FROM vigil_values WHERE \(reached)\(clean)"
      + " AND ((\(follower.sql)) IS TRUE OR (\(rule.condition.sql)) IS TRUE)"
    let partition =
      keys.isEmpty
      ? "" : "PARTITION BY " + keys.indices.map { "vigil_k\($0)" }.joined(separator: ", ") + " "
    let order =
      keys.enumerated().map {
        dialect.orderKey("vigil_k\($0)", text: $1.kind == .text) + " NULLS FIRST"
      } + ["vigil_t", "vigil_line"]
    let judged =
      "(SELECT vigil_members.*, MIN(CASE WHEN vigil_follows THEN vigil_t END) OVER (\(partition)ORDER BY vigil_t"
      + " RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS vigil_next"
      + ", row_number() OVER (ORDER BY \(order.joined(separator: ", "))) AS vigil_rank"
      + " FROM (\(members)) AS vigil_members) AS vigil_sequence"
    let select = sequenceSelect(index, rule, followUp, from: judged)
    return CompiledSequence(select: select, errors: errors, judged: judged, rule: rule)
  }

  /// The rows of a sequence policy's records in scope that did not break it (Grammar.md,
  /// "Scope and compliance"): those the rule fires for, pending while their time is not up,
  /// met when a follower came in time; each for the party the rule names for it — under an
  /// escalation chain, the level the rule's own deciding comparison reached, as the record's
  /// violation of the rule would name it (`vigil_overrun`, from its evidence).
  func sequenceScope(_ index: Int, _ compiled: CompiledSequence, _ followUp: CheckedFollowUp)
    -> String
  {
    let within = followUp.within
    let rule = compiled.rule
    let judging = Judging(
      unbroken:
        "(vigil_now - vigil_t <= \(within) OR vigil_next - vigil_t <= \(within))",
      pending: "vigil_now - vigil_t <= \(within)", party: actionColumns(rule).party)
    var judged = compiled.judged
    if rule.actions.contains(where: { !$0.delays.isEmpty }) {
      let ordered = rule.evidence.filter(\.isState) + rule.evidence.filter { !$0.isState }
      judged =
        "(SELECT vigil_ev.*, CAST(\(evidenceCase(ordered, \.overrun)) AS \(dialect.bigint))"
        + " AS vigil_overrun FROM (SELECT vigil_sequence.*, \(decidingEvidence(ordered))"
        + " AS vigil_evidence FROM \(judged)) AS vigil_ev) AS vigil_sequence"
    }
    return scopeSelect(index, judging, from: judged, where: "vigil_fires")
  }

  /// The rows of a sequence policy's violations: the records the rule fired for whose time is
  /// up and whose first follower (`vigil_next`) came more than `within` later, or not yet.
  mutating func sequenceSelect(
    _ index: Int, _ rule: CompiledRule, _ followUp: CheckedFollowUp, from judged: String
  ) -> String {
    let policy = program.policies[index]
    let within = followUp.within
    let waited = "(COALESCE(vigil_next, vigil_now) - vigil_t)"
    let actions = actionColumns(rule)
    let values =
      [
        dialect.text(policy.name), dialect.text(policy.location), recordName(), actions.party,
        actions.action, actions.target, dialect.text(policy.severity.rawValue),
        "CAST(vigil_next IS NULL AS BOOLEAN)",
        "CAST(\(dialect.concat([dialect.text("followed by \(followUp.label) "), compiler.text.formatDuration(waited)])) AS \(dialect.textType))",
        "CAST(\(dialect.text("> \(followUp.withinText)")) AS \(dialect.textType))", nullText,
        "CAST(NULL AS \(dialect.bigint))",
        actions.escalation == nullText
          ? nullText : "CAST(\(actions.escalation) AS \(dialect.textType))",
        nullText,
      ] + findingValues("violation") + (hasHolders ? [nullText] : [])
    var columns =
      orderColumns(policy: "\(groupOrder(index))", row: "vigil_rank AS vigil_row")
      + zip(values, violationColumns).map { "\($0) AS \(dialect.identifier($1))" }
    if reportsAccountability {
      // Each violation is a record's, on its line, measured by the time it waited.
      columns += reportColumns(finding: 0, length: waited, line: true)
    }
    let late =
      "vigil_fires AND vigil_now - vigil_t > \(within)"
      + " AND (vigil_next IS NULL OR vigil_next - vigil_t > \(within))"
    var rows = "(SELECT * FROM \(judged) WHERE \(late)) AS vigil_fired"
    if rule.actions.contains(where: { !$0.delays.isEmpty }) {
      // How far past `within` the follower came (or now is, when none came).
      rows =
        "(SELECT vigil_fired.*, CAST(\(waited) - \(within) AS \(dialect.bigint)) AS vigil_overrun"
        + " FROM \(rows)) AS vigil_reached"
    }
    return "SELECT " + columns.joined(separator: ",\n  ") + "\nFROM " + rows
  }
}
