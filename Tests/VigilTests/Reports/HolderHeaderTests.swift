import Testing
import VigilEvaluation
import VigilReports

/// The accountability report's "By holder" table says what its holders held: an event log's
/// cases, records (a record policy, `accountable: F at breach in H`), or both when they mix;
/// JSON and CSV keep the key `cases` and name the unit counted.
@Suite("Accountability: what the By holder table counts")
struct HolderHeaderTests {
  static func report(_ ofRecords: [Bool]) -> AccountabilityReport {
    var tally = HolderTally()
    tally.cases = 2
    tally.held = 3_600_000
    tally.breaches = 1
    var report = AccountabilityReport(
      parties: [], teams: [], managers: [], policies: [], trends: [], counts: .init(), now: 0)
    report.holders = ofRecords.enumerated().map {
      AccountabilityReport.HolderRow(
        policy: "p\($0.offset)", names: "at breach", holder: "ann", tally: tally, share: 1,
        ofRecords: $0.element)
    }
    return report
  }

  @Test(
    "text and HTML say cases, records, or cases or records",
    arguments: [
      ([false, false], "cases"), ([true, true], "records"), ([false, true], "cases or records"),
    ] as [([Bool], String)])
  func counted(ofRecords: [Bool], many: String) {
    let report = Self.report(ofRecords)
    #expect(AccountabilityReport.HolderRow.countedPlural(report.holders) == many)
    let text = AccountabilityWriter(format: .text).text(report)
    let table = text.components(separatedBy: "\nBy holder").dropFirst().first?
      .components(separatedBy: "\n\n").first
    let pad = String(repeating: " ", count: many.count - 1)
    #expect(
      table == """
         (the time each held the breached \(many); a breach counts for the holder when it \
        broke; handed on: before the breach, with the budget left then)
          policy  names      holder  \(many)  held  share  breaches  handed on  \
        mean budget left  handed on late
          p0      at breach  ann     \(pad)2    1h   100%         1          0  \
        -                              0
          p1      at breach  ann     \(pad)2    1h   100%         1          0  \
        -                              0
        """)
    let html = AccountabilityHTML.holderTable(report.holders)
    #expect(html.contains("The time each holder held the breached \(many), by policy"))
    #expect(html.contains(">\(many)<"))
  }

  @Test("JSON and CSV keep the key cases and name its unit")
  func unit() {
    let report = Self.report([false, true])
    let json = AccountabilityWriter(format: .json).json(report)
    #expect(
      json.contains(
        "\"holders\":[{\"policy\":\"p0\",\"names\":\"at breach\",\"holder\":\"ann\",\"cases\":2,"
          + "\"unit\":\"case\",\"held_ms\":3600000,\"held\":\"1h\",\"share\":1,\"breaches\":1,"
          + "\"handed_on\":0,\"budget_left_ms\":0,\"mean_budget_left\":null,"
          + "\"handed_on_late\":0},{\"policy\":\"p1\",\"names\":\"at breach\",\"holder\":\"ann\","
          + "\"cases\":2,\"unit\":\"record\",\"held_ms\":3600000,"))
    let csv = AccountabilityWriter(format: .csv).csv(report)
    let rows = csv.split(separator: "\r\n").filter { $0.hasPrefix("holder_") }.map {
      let cells = $0.split(separator: ",", omittingEmptySubsequences: false)
      return "\(cells[0]) \(cells[3]) \(cells[cells.count - 1])"
    }
    #expect(
      rows == [
        "holder_cases p0 2", "holder_unit p0 case", "holder_held_ms p0 3600000",
        "holder_breaches p0 1", "holder_handed_on p0 0", "holder_budget_left_ms p0 0",
        "holder_handed_on_late p0 0",
        "holder_cases p1 2", "holder_unit p1 record", "holder_held_ms p1 3600000",
        "holder_breaches p1 1", "holder_handed_on p1 0", "holder_budget_left_ms p1 0",
        "holder_handed_on_late p1 0",
      ])
  }
}
