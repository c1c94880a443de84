import Testing
import VigilEvaluation
import VigilReports

/// The accountability report's "By cycle" table says what it counts once among those ever
/// breached: an event log's cases, records (`each cycle in H`), or both when they mix.
@Suite("Accountability: what the By cycle table counts")
struct CycleHeaderTests {
  static func row(_ policy: String, ofRecords: Bool) -> AccountabilityReport.CycleRow {
    var tally = CycleTally()
    tally.breaches = [2, 1]
    tally.everBreached = 2
    tally.lastBreached = 1
    return AccountabilityReport.CycleRow(
      policy: policy, judges: "every", tally: tally, ofRecords: ofRecords)
  }

  @Test(
    "cases, records, or cases or records",
    arguments: [
      ([false, false], "case", "cases"), ([true, true], "record", "records"),
      ([false, true], "case or record", "cases or records"),
    ] as [([Bool], String, String)])
  func counted(ofRecords: [Bool], one: String, many: String) {
    let rows = ofRecords.enumerated().map { Self.row("p\($0.offset)", ofRecords: $0.element) }
    #expect(AccountabilityReport.CycleRow.counted(rows) == one)
    #expect(AccountabilityReport.CycleRow.countedPlural(rows) == many)
    var report = AccountabilityReport(
      parties: [], teams: [], managers: [], policies: [], trends: [], counts: .init(), now: 0)
    report.cycles = rows
    let text = AccountabilityWriter(format: .text).text(report)
    let table = text.components(separatedBy: "\nBy cycle").dropFirst().first?
      .components(separatedBy: "\n\n").first
    let pad = String(repeating: " ", count: many.count)
    #expect(
      table == """
         (breaches of each cycle judged; a \(one) counts once among those ever breached)
          policy  judges  \(many) ever breached  breached in last cycle  cycle 1  cycle 2
          p0      every   \(pad)             2                       1        2        1
          p1      every   \(pad)             2                       1        2        1
        """)
  }
}
