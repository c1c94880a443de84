import Foundation
import Testing
import VigilRegex

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

  /// `Fuzz/run.sh csv`: a stray quote in an unquoted field (line 12) and a quoted field with
  /// text after its closing quote (line 13). The reader rejects each and goes on at the next
  /// line; the parallel audit cut its chunks where the count of quotes before a line feed was
  /// even, so the stray quote moved the cuts into what the reader reads as records: chunks
  /// of a few dozen bytes read 12 records and 3 rejections where one thread reads 11 and 2.
  @Test func malformedRecordsEndAtTheSameLineWhateverTheChunks() throws {
    let file = "Tests/VigilTests/Fixtures/fuzz/csv_stray_quote_chunks.csv"
    let expected = [
      "12: unexpected '\"' in unquoted field 6",
      "13: unexpected character after the closing quote of field 22",
    ]
    for (jobs, chunkSize) in [(1, 1 << 30), (2, 24 + 3388 % 71), (1, 64), (2, 64), (3, 997)] {
      let run = try ParallelAuditTests().run(
        "examples/cfpb.vigil", file, id: "complaint_id", jobs: jobs, chunkSize: chunkSize)
      #expect(run.events == expected, "jobs \(jobs), chunks of \(chunkSize) bytes")
      #expect(run.counts.audited == 11 && run.counts.rejected == 2)
    }
  }

  /// `Fuzz/run.sh jsonl`: records without most of the fields the shipped policies read. The
  /// warning for a field no record has suggests the closest field name the data has, read from
  /// the input's first lines; those were the first chunk's, so with chunks of a few dozen
  /// bytes `customer.id` lost its `did you mean 'customer'?`. The head is now the input's
  /// first lines whichever chunks hold them.
  @Test func aMissingFieldIsNamedAlikeWhateverTheChunks() throws {
    let file = "Tests/VigilTests/Fixtures/fuzz/jsonl_head_sample_chunks.jsonl"
    let whole = try ParallelAuditTests().run("rules", file, id: "id", jobs: 1, chunkSize: 1 << 30)
    #expect(
      whole.events.filter { $0.contains("customer.id") } == [
        "warning: field 'customer.id' is in no record of data; did you mean 'customer'?"
      ])
    for (jobs, chunkSize) in [(1, 64), (2, 64), (2, 24 + 1125 % 71), (3, 997)] {
      let run = try ParallelAuditTests().run(
        "rules", file, id: "id", jobs: jobs, chunkSize: chunkSize)
      #expect(run.events == whole.events, "jobs \(jobs), chunks of \(chunkSize) bytes")
      #expect(run.counts == whole.counts, "jobs \(jobs), chunks of \(chunkSize) bytes")
    }
  }

  /// `Fuzz/run.sh regex`: `((a+))+ac` (the fixture: the pattern, a line feed, 16 bytes that
  /// the target maps to `a`, then `bcbc`, cut at 16 characters) made Swift's `Regex`, the
  /// engine before Vigil's own, backtrack exponentially: more than 10 s on 16 characters.
  /// The linear-time engine answers at once, on 100,000 characters too.
  @Test func aNestedRepetitionAnswersAtOnce() throws {
    let input = try Data(
      contentsOf: URL(
        fileURLWithPath: repoPath(
          "Tests/VigilTests/Fixtures/fuzz/regex_exponential_backtracking")))
    let parts = input.split(separator: 10, maxSplits: 1)
    let pattern = String(decoding: parts[0], as: UTF8.self)
    #expect(pattern == "((a+))+ac")
    #expect(parts[1].count == 20)
    let regex = try CompiledRegex(pattern)
    #expect(!regex.matches(String(repeating: "a", count: 16)))
    #expect(!regex.matches(String(repeating: "a", count: 100_000)))
    #expect(regex.matches(String(repeating: "a", count: 100_000) + "ac"))
  }
}
