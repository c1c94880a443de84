import Foundation
import Testing
import VigilSyntax

@testable import Vigil

/// Every text file Vigil reads — policies, test files, holidays files, people directories,
/// CSV and JSON Lines records — reads the same with LF, CRLF and a leading byte order mark:
/// the fixture folder `line-endings` is copied with each, and audited and tested alike.
@Suite("Line endings")
struct LineEndingTests {
  static let fixture = Paths.fixtures.appendingPathComponent("line-endings")
  static let files = [
    "p.vigil", "p.vigiltest", "holidays.txt", "people.csv", "people.jsonl", "data.csv",
    "data.jsonl",
  ]

  /// How a copy's files are written.
  enum Ending: String, CaseIterable, Sendable {
    case lf, crlf, bomLF, bomCRLF

    func apply(_ text: String) -> String {
      let lines =
        self == .crlf || self == .bomCRLF
        ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
      return self == .bomLF || self == .bomCRLF ? "\u{FEFF}" + lines : lines
    }
  }

  /// A copy of the fixture folder with `ending`, in a folder of its own.
  static func copy(_ ending: Ending) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "vigil-line-endings-\(ending.rawValue)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in files {
      let path = fixture.appendingPathComponent(name)
      guard let text = try? String(contentsOf: path, encoding: .utf8), !text.contains("\r")
      else { throw FixtureError(path: path.path, problem: "cannot be read as LF text") }
      try Data(ending.apply(text).utf8).write(to: folder.appendingPathComponent(name))
    }
    return folder
  }

  static let violation =
    "DIR/p.vigil:9: slow [medium] A → notify maria: unresolved 24h business (office) > 16h (closed)\n"

  @Test(
    "an audit reads policies, holidays, directories and records alike with each line ending",
    arguments: Ending.allCases)
  func audit(_ ending: Ending) throws {
    let folder = try Self.copy(ending)
    defer { try? FileManager.default.removeItem(at: folder) }
    var outputs: [String] = []
    for data in ["data.csv", "data.jsonl"] {
      for people in ["people.csv", "people.jsonl"] {
        for jobs in ["1", "2"] {
          let result = vigil([
            "audit", folder.appendingPathComponent("p.vigil").path, "--data",
            folder.appendingPathComponent(data).path, "--directory",
            folder.appendingPathComponent(people).path, "--now", "2026-03-10T08:00:00Z",
            "--jobs", jobs,
          ])
          outputs.append(
            "\(result.code) \(result.stdout)\(withoutProvenance(result.stderr))"
              .replacingOccurrences(
                of: folder.path + "/", with: "DIR/"))
        }
      }
    }
    let rows =
      "1 \(Self.violation)vigil: 3 rows, 3 records audited, 0 rejected, 1 violation (0 open), 0 data errors\n"
    let lines =
      "1 \(Self.violation)vigil: 3 lines, 3 records audited, 0 rejected, 1 violation (0 open), 0 data errors\n"
    #expect(outputs == Array(repeating: rows, count: 4) + Array(repeating: lines, count: 4))
  }

  @Test("vigil test reads a test file alike with each line ending", arguments: Ending.allCases)
  func policyTests(_ ending: Ending) throws {
    let folder = try Self.copy(ending)
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = vigil(["test", folder.appendingPathComponent("p.vigiltest").path])
    #expect(
      "\(result.code) \(result.stdout)\(result.stderr)".replacingOccurrences(
        of: folder.path + "/", with: "DIR/")
          == """
          0 ok   DIR/p.vigiltest:5 a_week_with_two_holidays
          ok   DIR/p.vigiltest:13 sixteen_hours_over_the_holidays
          vigil test: 2 passed, 0 failed (1 file)

          """)
  }

  @Test(
    "a policy's errors and comments read alike with each line ending",
    arguments: [
      (
        "define a = `x + 1\npolicy p:\n  a > 3 → flag\n",
        """
        p.vigil:1:12: error[unterminated-string]: this backquoted name has no closing backquote
          1 | define a = `x + 1
            |            ^~~~~~
          help: end the field name with ` on the same line

        """, []
      ),
      (
        "define a = \"x + 1  # c\npolicy p:  # note\n  a > 3 → flag\n",
        """
        p.vigil:1:12: error[unterminated-string]: this string has no closing quote
          1 | define a = "x + 1  # c
            |            ^~~~~~~~~~~
          help: end the string with " on the same line

        """, ["# note"]
      ),
      (
        "# c\ndefine a = x +\npolicy p:\n  a > 3 → flag  # last",
        """
        p.vigil:2:15: error[syntax]: expected an expression before the end of the line
          2 | define a = x +
            |               ^
          help: a line indented further continues the line above it

        """, ["# c", "# last"]
      ),
    ])
  func diagnostics(text: String, expected: String, comments: [String]) {
    for ending in Ending.allCases {
      let source = Source(text: ending.apply(text), file: "p.vigil")
      var lexer = Lexer(source: source)
      _ = lexer.tokenize()
      #expect(lexer.comments.map(\.text) == comments, "\(ending)")
      do {
        _ = try PolicySet(source: ending.apply(text), file: "p.vigil")
        Issue.record("\(ending): no error")
      } catch {
        #expect(error.description == expected, "\(ending)")
      }
    }
  }
}
