import VigilCore
import VigilEvaluation

// The accountability report's holders (`accountable: Resource at breach`): per policy, each
// holder's time in the breached cases, the breaches reached while they held them, and the
// cases they handed on with the budget left. A record policy's cases (`accountable: F at
// breach in H`) are records: text and HTML say so; JSON and CSV keep the key `cases` and
// name the unit counted (`unit`: `case` or `record`).
extension AccountabilityWriter {
  /// The text section: a row per policy and holder; the breached records of a record
  /// policy are called records.
  func holdersText(_ rows: [AccountabilityReport.HolderRow]) -> String {
    let counted = AccountabilityReport.HolderRow.countedPlural(rows)
    let header = [
      "policy", "names", "holder", counted, "held", "share", "breaches", "handed on",
      "mean budget left", "handed on late",
    ]
    let cells = rows.map { row in
      [
        row.policy, row.names, row.holder, "\(row.tally.cases)",
        DurationFormat.format(row.tally.held), Measurement.percentText(row.share),
        "\(row.tally.breaches)", "\(row.tally.handedOn)",
        row.tally.meanBudgetLeft.map(DurationFormat.format) ?? "-", "\(row.tally.handedOnLate)",
      ]
    }
    return
      "\nBy holder (the time each held the breached \(counted); a breach counts for the holder "
      + "when it broke; handed on: before the breach, with the budget left then)\n"
      + table(header, cells)
  }

  /// The JSON array of `holders`: `cases` counts the breached cases held, each a `unit`
  /// (`case` of an event log, or `record` of a record policy).
  func holdersJSON(_ rows: [AccountabilityReport.HolderRow]) -> String {
    "["
      + rows.map { row in
        let tally = row.tally
        return "{\"policy\":\(JSONText.quote(row.policy)),\"names\":\"\(row.names)\","
          + "\"holder\":\(JSONText.quote(row.holder)),\"cases\":\(tally.cases),"
          + "\"unit\":\"\(row.ofRecords ? "record" : "case")\","
          + "\"held_ms\":\(tally.held),\"held\":\"\(DurationFormat.format(tally.held))\","
          + "\"share\":\(Operations.formatNumber(row.share)),\"breaches\":\(tally.breaches),"
          + "\"handed_on\":\(tally.handedOn),\"budget_left_ms\":\(tally.budgetLeft),"
          + "\"mean_budget_left\":"
          + (tally.meanBudgetLeft.map { "\"\(DurationFormat.format($0))\"" } ?? "null")
          + ",\"handed_on_late\":\(tally.handedOnLate)}"
      }.joined(separator: ",") + "]"
  }

  /// The CSV rows: per policy and holder, a row per count (kind `holder_cases`, then
  /// `holder_unit` saying what `holder_cases` counts, `case` or `record`, then
  /// `holder_held_ms`, `holder_breaches`, `holder_handed_on`, `holder_budget_left_ms`,
  /// `holder_handed_on_late`), the holder in `name`, the count in the last column.
  func holdersCSV(_ rows: [AccountabilityReport.HolderRow]) -> [[String]] {
    let blank = Array(repeating: "", count: AccountabilityWriter.csvColumns.count - 5)
    return rows.flatMap { row in
      let tally = row.tally
      let counts: [(String, String)] = [
        ("cases", "\(tally.cases)"), ("unit", row.ofRecords ? "record" : "case"),
        ("held_ms", "\(tally.held)"), ("breaches", "\(tally.breaches)"),
        ("handed_on", "\(tally.handedOn)"), ("budget_left_ms", "\(tally.budgetLeft)"),
        ("handed_on_late", "\(tally.handedOnLate)"),
      ]
      return counts.map { name, value in
        ["holder_" + name, row.holder, "", row.policy] + blank + [value]
      }
    }
  }
}
