import VigilCore
import VigilEvaluation

extension AccountabilityHTML {
  /// The dishonest pauses (`paused in … unless …`): per policy and party who set them, how
  /// many, the time not paused, how many were in a breach, and how many had not ended.
  package static func pauseTable(_ rows: [AccountabilityReport.PauseRow]) -> String {
    var table = HTMLTable(
      caption: "Dishonest pauses by who set them, by policy", id: "pause-table",
      columns: [
        .init("policy"), .init("set by"), .init("pauses", numeric: true),
        .init("not paused", numeric: true), .init("in breaches", numeric: true),
        .init("ongoing", numeric: true),
      ])
    for row in rows {
      let tally = row.tally
      table.rows.append([
        .init(row.policy), .init(row.party), .count(tally.pauses),
        .init(
          ReadableValues.duration(tally.notPaused), sort: "\(tally.notPaused)",
          title: DurationFormat.format(tally.notPaused)),
        .count(tally.breached), .count(tally.ongoing),
      ])
    }
    return table.html
  }
}
