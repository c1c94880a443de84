import Foundation
import Testing

@testable import Vigil

/// `holidays from` files, with LF, CRLF and a byte order mark: the same dates, and errors on
/// the same lines.
@Suite("Holidays files")
struct HolidayFileTests {
  static let policy = """
    define unresolved = from created_at until resolved_at
    calendar office:
      monday to friday "09:00-17:00"
      holidays from "h.txt"
    policy slow:
      unresolved > 1h in office → flag
    """

  /// The working time of Monday 2026-03-02 to Saturday 03-07 (a week of 40h) with `holidays`
  /// as the holidays file, or the errors of the policy.
  static func week(holidays: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "vigil-holidays-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(holidays.utf8).write(to: folder.appendingPathComponent("h.txt"))
    let path = folder.appendingPathComponent("p.vigil")
    try Data(policy.utf8).write(to: path)
    do {
      let policies = try PolicySet(contentsOf: [path.path])
      let record =
        #"{"id":"W","created_at":"2026-03-02T00:00:00Z","resolved_at":"2026-03-07T00:00:00Z"}"#
      let audit = policies.audit(jsonLines: record, now: Date(timeIntervalSince1970: 1.8e9))
      return audit.violations.map { $0.measured ?? "-" }.joined(separator: "; ")
    } catch {
      return error.errors.map(\.message).joined(separator: "; ")
    }
  }

  @Test(
    "a holidays file reads alike with LF, CRLF and a byte order mark",
    arguments: [
      // A comment, then a date: Wednesday is off.
      ("# x\n2026-03-04\n", "unresolved 32h business (office)"),
      // Dates with names: Wednesday and Thursday.
      ("2026-03-04 a\n2026-03-05 b\n", "unresolved 24h business (office)"),
      // Bare dates, the last without a line break.
      ("2026-03-04\n2026-03-05", "unresolved 24h business (office)"),
      // Blank lines and a comment after a date.
      ("\n2026-03-04  # Ash Wednesday\n\n", "unresolved 32h business (office)"),
      // An error names the line, with no line break in it.
      ("2026-03-04\nnot-a-date\n", "h.txt:2: 'not-a-date' is not a date"),
    ])
  func endings(text: String, expected: String) throws {
    let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
    for variant in [text, crlf, "\u{FEFF}" + text, "\u{FEFF}" + crlf] {
      #expect(try Self.week(holidays: variant) == expected, "\(variant.debugDescription)")
    }
  }

  @Test("a calendar declared with an error is reported there, not again where it is used")
  func invalidCalendarOnce() {
    let source = """
      define unresolved = from created_at until resolved_at
      calendar office:
        monday to friday "9-17"
      calendar desk by team:
        "a" → office
      policy slow:
        unresolved > 16h in office → flag
      policy late:
        unresolved > 2 business days in office → flag
      policy desk_slow:
        unresolved > 16h in desk → flag
      """
    do {
      _ = try PolicySet(source: source, file: "p.vigil")
      Issue.record("no error")
    } catch {
      #expect(
        error.errors.map { "\($0.message) (\($0.help ?? ""))" } == [
          "'9-17' is not a span of working hours (write \"HH:MM-HH:MM\", the end after the start, e.g. \"09:00-17:30\")"
        ])
    }
  }
}
