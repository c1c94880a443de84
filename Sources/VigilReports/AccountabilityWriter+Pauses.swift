import VigilCore
import VigilEvaluation

// The accountability report's dishonest pauses (`paused in … unless …`): per policy and per
// party who set them, how many, the time they counted as not paused, how many were in a
// breach, and how many had not ended by now.
extension AccountabilityWriter {
  /// The text section: a row per policy and party.
  func pausesText(_ rows: [AccountabilityReport.PauseRow]) -> String {
    let header = ["policy", "set by", "pauses", "not paused", "in breaches", "ongoing"]
    let cells = rows.map { row in
      [
        row.policy, row.party, "\(row.tally.pauses)", DurationFormat.format(row.tally.notPaused),
        "\(row.tally.breached)", "\(row.tally.ongoing)",
      ]
    }
    return
      "\nDishonest pauses (by who set them; not paused: the time they counted in the state "
      + "measured)\n" + table(header, cells)
  }

  /// The JSON array of `pauses`.
  func pausesJSON(_ rows: [AccountabilityReport.PauseRow]) -> String {
    "["
      + rows.map { row in
        let tally = row.tally
        return "{\"policy\":\(JSONText.quote(row.policy)),\"party\":\(JSONText.quote(row.party)),"
          + "\"pauses\":\(tally.pauses),\"not_paused_ms\":\(tally.notPaused),"
          + "\"not_paused\":\"\(DurationFormat.format(tally.notPaused))\","
          + "\"breached\":\(tally.breached),\"ongoing\":\(tally.ongoing)}"
      }.joined(separator: ",") + "]"
  }

  /// The CSV rows: per policy and party, a row per count (kind `pause_count`,
  /// `pause_not_paused_ms`, `pause_breached`, `pause_ongoing`), the party in `name`, the count
  /// in the last column.
  func pausesCSV(_ rows: [AccountabilityReport.PauseRow]) -> [[String]] {
    let blank = Array(repeating: "", count: AccountabilityWriter.csvColumns.count - 5)
    return rows.flatMap { row in
      let tally = row.tally
      let counts: [(String, Int64)] = [
        ("count", Int64(tally.pauses)), ("not_paused_ms", tally.notPaused),
        ("breached", Int64(tally.breached)), ("ongoing", Int64(tally.ongoing)),
      ]
      return counts.map { name, value in
        ["pause_" + name, row.party, "", row.policy] + blank + ["\(value)"]
      }
    }
  }
}
