import Foundation
import Testing

@testable import Vigil

/// `vigil diff` over a calendar change measured in business days: written as a version, it
/// changes only the states whose deadline falls after it takes effect; edited in place, it
/// re-grades the past too, and the diff says so.
@Suite("vigil diff: business days over a calendar change")
struct DiffBusinessDaysTests {
  static let old = """
    calendar office:
      monday to friday "09:00-17:00"
      zone "Europe/Rome"

    define unresolved = from created_at until resolved_at

    policy slow:
      unresolved > 1 business day in office → notify owner

    """
  static let change = "    saturday \"10:00-14:00\"\n    holidays \"2026-12-08\", \"2026-11-10\"\n"
  /// From Tuesday 1 December: Saturday hours, and two holidays (one before it is in force).
  static let versioned = old.replacingOccurrences(
    of: "  zone \"Europe/Rome\"\n",
    with: "  zone \"Europe/Rome\"\n  from \"2026-12-01\":\n" + change)
  /// The same lines in the calendar's own: every day is graded by them.
  static let inPlace = old.replacingOccurrences(
    of: "  zone \"Europe/Rome\"\n",
    with: "  zone \"Europe/Rome\"\n" + change.replacingOccurrences(of: "    ", with: "  "))
  /// A: Monday 9 November 10:00 CET to Tuesday 12:00: late by a Tuesday deadline; the 10th
  /// is a holiday only in place. B: Monday 7 December 10:00 CET to Tuesday 12:00: the 8th is
  /// a holiday of the version's (deadline Wednesday). C: Friday 4 December 16:00 CET to
  /// Monday 11:00: Saturday is a working day of the version's (deadline Saturday 16:00 CET).
  static let data =
    [
      #"{"id": "A", "owner": "ana", "created_at": "2026-11-09T09:00:00Z", "resolved_at": "2026-11-10T11:00:00Z"}"#,
      #"{"id": "B", "owner": "ana", "created_at": "2026-12-07T09:00:00Z", "resolved_at": "2026-12-08T11:00:00Z"}"#,
      #"{"id": "C", "owner": "ana", "created_at": "2026-12-04T15:00:00Z", "resolved_at": "2026-12-07T10:00:00Z"}"#,
    ].joined(separator: "\n") + "\n"

  @Test("a version changes the grades after it; an edit in place re-grades the past, and is named")
  func calendarChange() throws {
    let folder = try temporaryFolder("diff-business-days")
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, text) in [
      ("old", Self.old), ("inplace", Self.inPlace), ("versioned", Self.versioned),
      ("data", Self.data),
    ] {
      try Data(text.utf8).write(
        to: folder.appendingPathComponent(name + (name == "data" ? ".jsonl" : ".vigil")))
    }
    func diff(_ new: String) -> CLIResult {
      vigil([
        "diff", folder.appendingPathComponent("old.vigil").path,
        folder.appendingPathComponent("\(new).vigil").path, "--data",
        folder.appendingPathComponent("data.jsonl").path, "--now", "2026-12-31T00:00:00Z",
      ])
    }
    func path(_ name: String) -> String { folder.appendingPathComponent(name + ".vigil").path }
    let version = diff("versioned")
    #expect(
      version.stderr
        == "vigil diff: 1 added, 1 removed, 0 changed; 2 violations before, 2 after (3 records audited)\n"
    )
    #expect(
      version.stdout
        == "policy slow: 1 added, 1 removed, 0 changed (violations: 2 → 2)\n"
        + "  - \(path("old")):8: slow [medium] B → notify ana: unresolved 10h business (office) > 1 business day (closed)\n"
        + "  + \(path("versioned")):11: slow [medium] C → notify ana: unresolved 7h business (office) > 1 business day (closed)\n"
    )
    let edited = diff("inplace")
    #expect(
      edited.stderr
        == "note: calendar 'office' was changed in place (its own hours, zone or holidays, or a "
        + "version it had): the new policies grade the past by the new hours too; to keep the "
        + "past's grades, write the change as a version of the calendar: from \"DATE\": and, "
        + "indented under it, the lines that change\n"
        + "vigil diff: 1 added, 2 removed, 0 changed; 2 violations before, 1 after (3 records audited)\n"
    )
    #expect(
      edited.stdout
        == "policy slow: 1 added, 2 removed, 0 changed (violations: 2 → 1)\n"
        + "  - \(path("old")):8: slow [medium] A → notify ana: unresolved 10h business (office) > 1 business day (closed)\n"
        + "  - \(path("old")):8: slow [medium] B → notify ana: unresolved 10h business (office) > 1 business day (closed)\n"
        + "  + \(path("inplace")):10: slow [medium] C → notify ana: unresolved 7h business (office) > 1 business day (closed)\n"
    )
  }
}
