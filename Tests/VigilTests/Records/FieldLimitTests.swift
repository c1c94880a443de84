import Testing

@testable import Vigil

/// A CSV record (or header) has at most `CSVScanner.maxFields` fields: a line of commas cannot
/// make the reader hold many times its size.
@Suite("Field limit")
struct FieldLimitTests {
  static let reason = "has more than 100000 fields, the most a record may have"

  @Test(arguments: [1, 2])
  func recordsAtTheLimit(jobs: Int) throws {
    let text =
      "id,type\nR1,complaint\nR2" + String(repeating: ",", count: 99_999) + "\nR3"
      + String(repeating: ",", count: 100_000) + "\nR4,complaint\n"
    let run = try LineLimitTests.run(text, .csv, limit: 1 << 20, jobs: jobs, chunkSize: 1 << 16)
    #expect(
      run
        == LineLimitTests.Run(
          flagged: ["R1", "R4"],
          events: ["3: has 100000 fields, the header has 2", "4: " + Self.reason], audited: 2,
          rejected: 2, stopped: false))
  }

  @Test(arguments: [100_000, 100_001])
  func headersAtTheLimit(columns: Int) throws {
    let header = (1...columns).map { "c\($0)" }.joined(separator: ",")
    let run = try LineLimitTests.run(
      header + "\nx\n", .csv, limit: 1 << 20, jobs: 1, chunkSize: 1 << 20)
    let expected =
      columns == 100_000
      ? LineLimitTests.Run(
        flagged: [], events: ["2: has 1 field, the header has 100000"], audited: 0, rejected: 1,
        stopped: false)
      : LineLimitTests.Run(
        flagged: [], events: ["1: invalid header: " + Self.reason], audited: 0, rejected: 1,
        stopped: true)
    #expect(run == expected)
  }
}
