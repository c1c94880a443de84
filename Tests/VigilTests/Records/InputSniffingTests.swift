import Foundation
import Testing

@testable import VigilRecords

/// `--data -` without `--input-format`: the first bytes of standard input tell JSON Lines
/// from CSV.
@Suite("Standard input's format, from its first bytes")
struct InputSniffingTests {
  @Test(
    "the first byte that is not white space (nor a byte order mark) decides: '{' is JSON Lines",
    arguments: [
      ("{\"id\": 1}\n", InputFormat.jsonl), ("\n\r\n \t{\"id\": 1}", .jsonl),
      ("\u{FEFF}{\"id\": 1}", .jsonl), ("\u{FEFF}\n  {", .jsonl), ("id,owner\nK-1,ana\n", .csv),
      ("\u{FEFF}id,owner\n", .csv), ("\"id\",\"owner\"\n", .csv), ("[1, 2]\n", .csv),
      ("  \n\t", nil), ("", nil), ("\u{FEFF}", nil),
    ] as [(String, InputFormat?)])
  func sniffed(_ text: String, _ format: InputFormat?) {
    #expect(InputFormat.sniffed(Array(text.utf8)) == format)
    // From a stream read a byte at a time, nothing consumed: an input with no telling byte
    // is JSON Lines (no record either way).
    let input = ByteInput(bytes: Array(text.utf8), blockSize: 1)
    #expect(InputFormat.sniffed(from: input) == format ?? .jsonl)
    var rest: [UInt8] = []
    while input.readMore() {}
    rest += input.pending
    #expect(rest == Array(text.utf8))
  }

  @Test(
    "audit, check and explain read '--data -' as the file it came from",
    arguments: [("examples/interactions.jsonl", "K-201"), ("examples/interactions.csv", "CE-01")])
  func standardInput(_ path: String, _ record: String) throws {
    let text = try String(contentsOfFile: repoPath(path), encoding: .utf8)
    let now = ["--now", "2026-11-25T00:00:00Z"]
    let rules = repoPath("rules")
    for command in [
      ["audit", rules] + now, ["check", rules], ["explain", rules, "--record", record] + now,
    ] {
      let fromFile = vigil(command + ["--data", repoPath(path)])
      let fromStdin = vigil(command + ["--data", "-"], stdin: text)
      #expect(fromStdin.code == fromFile.code, "\(command[0])")
      expectSame(fromStdin.stdout, fromFile.stdout, path, command[0])
      expectSame(fromStdin.stderr, fromFile.stderr, path, command[0])
    }
  }

  /// `stdin`'s output is `file`'s, with the file named `stdin`; the first line that differs
  /// is named.
  func expectSame(_ stdin: String, _ file: String, _ path: String, _ command: String) {
    let expected = file.replacingOccurrences(of: path, with: "stdin").split(
      separator: "\n", omittingEmptySubsequences: false)
    let found = stdin.split(separator: "\n", omittingEmptySubsequences: false)
    let differing = zip(found, expected).first { $0 != $1 }
    #expect(differing == nil, "\(command): \(differing.map { "\($0) vs \($1)" } ?? "")")
    #expect(
      found.count == expected.count, "\(command): \(found.count) lines, not \(expected.count)")
  }
}
