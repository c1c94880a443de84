import VigilCore
import VigilEvaluation

extension AccountabilityHTML {
  /// The holders of the policies naming one (`accountable: Resource at breach`): per policy
  /// and holder, the breached cases held, the time held and its share, the breaches reached
  /// while holding, the handoffs before the breach with the mean budget left, and those after.
  /// The breached records of a record policy are called records.
  package static func holderTable(_ rows: [AccountabilityReport.HolderRow]) -> String {
    let counted = AccountabilityReport.HolderRow.countedPlural(rows)
    var columns: [HTMLTable.Column] = [.init("policy"), .init("names"), .init("holder")]
    columns += [
      .init(counted, numeric: true), .init("held", numeric: true), .init("share", numeric: true),
      .init("breaches", numeric: true),
    ]
    columns += ["handed on", "mean budget left", "handed on late"].map {
      .init($0, numeric: true, group: "handoffs")
    }
    var table = HTMLTable(
      caption: "The time each holder held the breached \(counted), by policy",
      id: "holder-table",
      columns: columns)
    for row in rows {
      let tally = row.tally
      table.rows.append([
        .init(row.policy), .init(row.names), .init(row.holder), .count(tally.cases),
        duration(tally.held), .init(Measurement.percentText(row.share), sort: "\(row.share)"),
        .count(tally.breaches), .count(tally.handedOn),
        tally.meanBudgetLeft.map(duration) ?? .init("–", sort: "-1"), .count(tally.handedOnLate),
      ])
    }
    return table.html
  }

  /// A length rounded for reading, sorted by its value, exact in its tooltip.
  private static func duration(_ ms: Int64) -> HTMLTable.Cell {
    .init(ReadableValues.duration(ms), sort: "\(ms)", title: DurationFormat.format(ms))
  }
}
