import Foundation
import Testing

@testable import Vigil

/// A line or record of exactly `--max-line-bytes` ending in `\r\n` is read, wherever the
/// chunks cut it: also when its `\r` is the last byte a chunk holds, one past the limit (a
/// chunk grows to 128 bytes here, and the limit is 127).
@Suite("Line limit: a record of the limit ending in CRLF")
struct LineLimitCRLFTests {
  @Test(arguments: [16, 64])
  func jsonLines(chunkSize: Int) throws {
    for offset in 0..<64 {
      let text = [
        LineLimitTests.line("p", length: 40 + offset / 2),
        LineLimitTests.line("q", length: 40 + offset - offset / 2),
        LineLimitTests.line("a", length: 127), LineLimitTests.line("z", length: 50),
      ].joined(separator: "\r\n")
      let run = try LineLimitTests.run(text, .jsonl, limit: 127, jobs: 1, chunkSize: chunkSize)
      #expect(
        run
          == LineLimitTests.Run(
            flagged: ["p", "q", "a", "z"], events: [], audited: 4, rejected: 0, stopped: false),
        "offset \(offset)")
    }
  }

  @Test(arguments: [16, 64])
  func csv(chunkSize: Int) throws {
    for offset in 0..<64 {
      let text = [
        "id,type,note", LineLimitTests.row("p", length: 20 + offset),
        LineLimitTests.row("a", length: 127), LineLimitTests.row("z", length: 30),
      ].joined(separator: "\r\n")
      let run = try LineLimitTests.run(text, .csv, limit: 127, jobs: 1, chunkSize: chunkSize)
      #expect(
        run
          == LineLimitTests.Run(
            flagged: ["p", "a", "z"], events: [], audited: 3, rejected: 0, stopped: false),
        "offset \(offset)")
    }
  }
}
