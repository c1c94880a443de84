import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports

@testable import Vigil

/// A mapped JSON Lines file listed by a report is cut into chunks whose line feeds the
/// reading thread leaves uncounted (`LineFeedLedger`): each chunk's records count lines from
/// the chunk's start, shifted when the chunks are stitched, unless a record has no id (named
/// `input:line`), which makes its chunk wait for the line feeds of the chunks before it.
/// Every line an audit shows must be the one a reading from the start would give.
@Suite("Line feeds counted by the chunks")
struct LineFeedLedgerTests {
  static let now: Int64 = 1_795_564_800_000

  static let policies = """
    define unresolved = from created_at until resolved_at
    policy slow:
      unresolved > 48h -> escalate to owner
    policy late_per_owner:
      per owner
      share(unresolved > 72h) > 50% -> notify owner
    """

  /// 600 lines: records with ids; a blank line every 37 lines; a line that is not JSON every
  /// 53; a record ending before it starts (a data error) every 41; the id of line 10 again
  /// on lines 250 and 480; and from line 400 on, every 7th record with no id (named
  /// `data:LINE`). Each line ends with a line feed but the last.
  static func lines() -> [String] {
    (1...600).map { line in
      if line % 37 == 0 { return "" }
      if line % 53 == 0 { return "{\"id\": \"broken" }
      let id = line == 250 || line == 480 ? "R10" : "R\(line)"
      let idMember = line >= 400 && line % 7 == 0 ? "" : "\"id\":\"\(id)\","
      let end = line % 41 == 0 ? "2026-10-01T00:00:00Z" : "2026-11-0\(line % 9 + 1)T00:00:00Z"
      let day = line % 18 + 10
      return "{\(idMember)\"owner\":\"o\(line % 5)\",\"created_at\":\"2026-10-\(day)T00:00:00Z\","
        + "\"resolved_at\":\"\(end)\"}"
    }
  }

  /// The audit's report and its events (`line: what`), and the lines its input read.
  struct Run: Equatable {
    var output: String
    var events: [String]
    var counts: AuditCounts
    var linesRead: Int
  }

  static let file: String = {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("vigil-line-feeds-\(ProcessInfo.processInfo.processIdentifier).jsonl")
      .path
    _ = FileManager.default.createFile(
      atPath: path, contents: Data(lines().joined(separator: "\n").utf8))
    return path
  }()

  static func run(jobs: Int, chunkSize: Int, path: String = file) throws -> Run {
    let set = try PolicySet(source: policies, file: "p.vigil")
    var options = AuditOptions(now: now, jobs: jobs)
    options.chunkSize = chunkSize
    let input = try ByteInput(path: path)
    var output: [UInt8] = []
    var events: [String] = []
    // As `vigil audit` lists them: each violation written by the thread that found it.
    let driver = set.driver(options)
    var groups = driver.newTally()
    var (counts, _) = set.writeReport(
      input: input, format: .jsonl, name: "data", driver: driver, report: .csv,
      groups: &groups, write: { output += $0 },
      event: { events.append(ParallelAuditTests.eventText($0)) })
    counts =
      counts
      + set.writeGroupReport(
        &groups, driver: driver, report: .csv, write: { output += $0 },
        event: { events.append(ParallelAuditTests.eventText($0)) })
    return Run(
      output: String(decoding: output, as: UTF8.self), events: events, counts: counts,
      linesRead: input.linesRead)
  }

  /// One chunk (its lines counted from the input's start by its own reading) is the
  /// reference; its lines are those of the file.
  @Test func linesAreTheInputsWhateverTheChunks() throws {
    let reference = try Self.run(jobs: 1, chunkSize: 1 << 30)
    #expect(reference.linesRead == 600)
    let rejected = reference.events.filter { $0.contains("invalid JSON") }.map {
      Int($0.prefix(while: { $0 != ":" })) ?? -1
    }
    #expect(rejected == (1...600).filter { $0 % 53 == 0 && $0 % 37 != 0 })
    func unnamed(_ line: Int) -> Bool { line >= 400 && line % 7 == 0 }
    let dataErrors = reference.events.filter { $0.contains(" ends ") }.map {
      $0.split(separator: " ").prefix(2).joined(separator: " ")
    }
    let dataErrorLines = (1...600).filter { $0 % 41 == 0 && $0 % 37 != 0 && $0 % 53 != 0 }
    // Each line's for both policies.
    #expect(
      dataErrors
        == dataErrorLines.flatMap {
          [String](repeating: unnamed($0) ? "\($0) data:\($0)" : "\($0) R\($0)", count: 2)
        })
    #expect(reference.events.last?.contains("'R10' (lines 10, 250 and 480)") == true)
    // Every record breaks `slow` but those with a data error; those with no id are listed
    // by their lines.
    let listedByLine = reference.output.split(separator: "\r\n").compactMap { row in
      row.split(separator: ",").dropFirst(2).first.flatMap { $0.hasPrefix("data:") ? $0 : nil }
    }
    let records = (1...600).filter { $0 % 37 != 0 && $0 % 53 != 0 && $0 % 41 != 0 }
    #expect(listedByLine.map(String.init) == records.filter(unnamed).map { "data:\($0)" })
    for (jobs, chunkSize) in [(1, 512), (2, 512), (3, 700), (2, 4096), (2, 1 << 14)] {
      let chunked = try Self.run(jobs: jobs, chunkSize: chunkSize)
      let label: Comment = "jobs \(jobs), chunks of \(chunkSize) bytes"
      #expect(chunked.events == reference.events, label)
      #expect(chunked.counts == reference.counts, label)
      #expect(chunked.linesRead == reference.linesRead, label)
      // The first row that differs, if any (the whole report is long).
      let rows = (
        chunked.output.split(separator: "\r\n"), reference.output.split(separator: "\r\n")
      )
      let differing = zip(rows.0, rows.1).first { $0 != $1 }
      #expect(differing == nil, label)
      #expect(rows.0.count == rows.1.count, label)
    }
  }

  /// The accountability report's tally keeps violations with their lines (the HTML report's
  /// lists, each party's oldest open breach): counted from a chunk's start, they are shifted
  /// as the chunk is stitched, and are those a reading from the start gives.
  @Test func theAccountabilityReportKeepsTheInputsLines() throws {
    func tally(jobs: Int, chunkSize: Int) throws -> [String] {
      // `open_long`'s breaches are all open: the oldest of a party is the longest, and of
      // those as long, the first in the input.
      let set = try PolicySet(
        source: Self.policies + """

          policy open_long:
            from created_at until closed_at > 48h -> notify owner
          """, file: "p.vigil")
      var options = AuditOptions(now: Self.now, jobs: jobs)
      options.chunkSize = chunkSize
      options.accountability = true
      options.listsPartyViolations = true
      let driver = set.driver(options)
      var groups = driver.newTally()
      _ = set.writeReport(
        input: try ByteInput(path: Self.file), format: .jsonl, name: "data", driver: driver,
        report: .csv, groups: &groups, write: { _ in }, event: { _ in })
      let parties = try #require(groups.accountability).parties
      return parties.keys.sorted { ($0 ?? "") < ($1 ?? "") }.map { party in
        let tally = parties[party]!
        let oldest = tally.oldestOpen.map { "\($0.record) \($0.input):\($0.line)" } ?? "none"
        return "\(party ?? "-"): oldest \(oldest); "
          + tally.lines.map { "\($0.record)@\($0.place)" }.joined(separator: " ")
      }
    }
    let reference = try tally(jobs: 1, chunkSize: 1 << 30)
    #expect(reference.count == 5)
    // o0's oldest open breach: the first of its records created on the earliest day (the
    // 10th: line % 18 == 0, line % 5 == 0), line 90.
    #expect(reference.first?.hasPrefix("o0: oldest R90 data:90; R5@data:5 ") == true)
    for (jobs, chunkSize) in [(1, 512), (2, 512), (2, 4096)] {
      #expect(try tally(jobs: jobs, chunkSize: chunkSize) == reference, "\(jobs), \(chunkSize)")
    }
  }

  /// The reading thread leaves a mapped chunk's line feeds to the ledger until a chunk asks
  /// for the line feeds before it; from then on it counts them.
  @Test func theReaderCountsOnceAChunkAsks() throws {
    let input = try ByteInput(path: Self.file)
    let ledger = LineFeedLedger()
    let reader = ChunkReader(input: input, format: .jsonl, size: 4096, ledger: ledger)
    var chunks: [ChunkReader.Chunk] = []
    let bytes = Array(FileManager.default.contents(atPath: Self.file)!)
    func lineFeeds(_ range: Range<Int>) -> Int { bytes[range].filter { $0 == 10 }.count }
    while let chunk = reader.next() {
      chunks.append(chunk)
      if chunks.count == 3 {
        // The chunks before the third, counted as their auditors would.
        for earlier in chunks.prefix(2) {
          let bytes = MappedChunkTests.bytes(of: earlier.takeInput())
          ledger.record(bytes.filter { $0 == 10 }.count, ofChunk: earlier.index)
        }
        #expect(input.isMapping)
        #expect(chunks.map(\.lineFeeds) == [nil, nil, nil])
        #expect(ledger.lineFeeds(before: 2) == lineFeeds(0..<chunks[2].offset))
      }
    }
    #expect(chunks.count > 5)
    // Counted from the fourth chunk on (the third was made before the ask).
    #expect(chunks.dropFirst(3).allSatisfy { $0.lineFeeds != nil })
    // The input's lines leave out the line feeds of the three chunks left uncounted (its
    // consumer adds them as it stitches their results), and count the last line, which has
    // none.
    let uncounted = lineFeeds(0..<chunks[3].offset)
    #expect(lineFeeds(0..<bytes.count) == 599)
    #expect(input.linesRead == 600 - uncounted)
  }
}
