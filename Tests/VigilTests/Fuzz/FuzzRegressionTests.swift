import Testing

@testable import Vigil

/// The inputs the fuzz targets of `Fuzz/` found breaking a property, kept as fixtures under
/// `Fixtures/fuzz/` (named after the target and what they broke), with what they must give.
@Suite("Inputs the fuzzers found")
struct FuzzRegressionTests {
  /// `Fuzz/run.sh csv`: a record whose quoted field is never closed. The rejection named the
  /// line where the field opens, counted from the start of the chunk the record was read in
  /// (the header's line is no chunk's), so `--jobs 1` said line 11 of a field on line 12, and
  /// chunked audits other lines still. It now names the field, and the record's line.
  @Test func anUnterminatedQuoteIsReportedAlikeWhateverTheChunks() throws {
    let file = "Tests/VigilTests/Fixtures/fuzz/csv_unterminated_quote.csv"
    let expected = [
      "5: has 56 fields, the header has 41",
      "6: has 78 fields, the header has 41",
      "10: has 43 fields, the header has 41",
      "11: has 34 fields, the header has 41",
      "12: unterminated quoted field 33",
    ]
    for (jobs, chunkSize) in [(1, 1 << 30), (2, 24 + 5818 % 71), (2, 64), (3, 997)] {
      let run = try ParallelAuditTests().run(
        "examples/nyc311.vigil", file, id: "Unique Key", jobs: jobs, chunkSize: chunkSize)
      #expect(run.events == expected, "jobs \(jobs), chunks of \(chunkSize) bytes")
      #expect(run.counts.audited == 6 && run.counts.rejected == 5)
    }
  }
}
