import Foundation
import Testing

@testable import Vigil

@Suite("Paused clocks")
struct PausedStateTests {
  static let source = """
    define resolution = from created_at until resolved_at paused in history while status in ["pending", "on-hold"]
    calendar office:
      monday to friday "09:00-17:00"
    policy wall:
      resolution > 24h → flag
    policy working:
      resolution > 8h in office → flag
    """

  /// The measured texts of both policies for one record (nil: did not fire).
  func measured(_ record: String) throws -> [String?] {
    let policies = try PolicySet(source: Self.source, file: "p.vigil")
    let audit = policies.audit(jsonLines: record, now: Date(timeIntervalSince1970: 1_795_564_800))
    return ["wall", "working"].map { name in
      audit.violations.first { $0.policy == name }?.measured
    }
  }

  static func change(_ status: String, _ at: String) -> String {
    #"{"status":"\#(status)","at":"\#(at)"}"#
  }

  @Test(
    "the clock stops while the history is pending or on hold, to the millisecond",
    arguments: [
      // Monday 09:00 to Tuesday 12:00 (27h), pending from Monday 12:00 to Tuesday 09:00 (21h):
      // 6h of wall time, 3h + 3h of working time.
      (
        #""created_at":"2026-11-23T09:00:00Z","resolved_at":"2026-11-24T12:00:00Z""#,
        [
          change("open", "2026-11-23T09:00:00Z"), change("pending", "2026-11-23T12:00:00Z"),
          change("open", "2026-11-24T09:00:00Z"),
        ],
        [String?](repeating: nil, count: 2)
      ),
      // No history: the state runs as usual (Sunday 00:00 to now, 72h; 16h of work).
      (
        #""created_at":"2026-11-22T00:00:00Z""#, [],
        ["resolution 72h", "resolution 16h business (office)"]
      ),
      // On hold from Monday 17:00 for good: Sunday 00:00 to Monday 17:00 is 41h, 8h of work
      // (not more than 8h).
      (
        #""created_at":"2026-11-22T00:00:00Z""#, [change("on-hold", "2026-11-23T17:00:00Z")],
        ["resolution 41h", nil]
      ),
      // A pause a millisecond later: 41h0.001s of wall time, still 8h of work (the
      // millisecond is after hours).
      (
        #""created_at":"2026-11-22T00:00:00Z""#, [change("on-hold", "2026-11-23T17:00:00.001Z")],
        ["resolution 41h0m0.001s", nil]
      ),
      // Paused from Monday 16:59:59.999: 7h59m59.999s of work, 40h59m59.999s of wall time.
      (
        #""created_at":"2026-11-22T00:00:00Z""#, [change("on-hold", "2026-11-23T16:59:59.999Z")],
        ["resolution 40h59m59.999s", nil]
      ),
      // Changes out of order are put in time order; a pause from before the start counts
      // only from the start: Sunday 00:00 to Tuesday 00:00 paused leaves 24h (not more).
      (
        #""created_at":"2026-11-22T00:00:00Z""#,
        [change("open", "2026-11-24T00:00:00Z"), change("pending", "2026-11-21T00:00:00Z")],
        [nil, nil]
      ),
      // A millisecond less of pause: 24h0.001s of wall time.
      (
        #""created_at":"2026-11-22T00:00:00Z""#,
        [change("open", "2026-11-23T23:59:59.999Z"), change("pending", "2026-11-21T00:00:00Z")],
        ["resolution 24h0m0.001s", nil]
      ),
    ])
  func pauses(times: String, history: [String], expected: [String?]) throws {
    let record =
      #"{"id":"R","# + times + #","history":["# + history.joined(separator: ",") + "]}"
    #expect(try measured(record) == expected)
  }

  @Test("a history that is not a list of timed changes is a data error")
  func unreadable() throws {
    let policies = try PolicySet(source: Self.source, file: "p.vigil")
    let records = [
      #"{"id":"A","created_at":"2026-11-22T00:00:00Z","history":"oops"}"#,
      #"{"id":"B","created_at":"2026-11-22T00:00:00Z","history":[3]}"#,
      #"{"id":"C","created_at":"2026-11-22T00:00:00Z","history":[{"status":"pending","at":"soon"}]}"#,
    ]
    let audit = policies.audit(
      jsonLines: records.joined(separator: "\n"), now: Date(timeIntervalSince1970: 1_795_564_800))
    #expect(audit.violations.isEmpty)
    #expect(Set(audit.dataErrors.map(\.record)) == ["A", "B", "C"])
  }

  @Test("a business-day violation of a paused state shows the working time less the pauses")
  func businessDaysPaused() {
    // London, Monday to Friday 09:00-17:00; the clock stops while pending.
    let records = [
      // Friday 09:00, pending from 10:00 to Monday 10:00, open since; now Tuesday
      // 14:34:56.789: 1h + 7h + 5h34m56.789s of work not paused. Two business days from
      // Friday 09:00 end on Tuesday 09:00: the state is later, and breaks the rule.
      #"{"id":"A","created_at":"2026-12-11T09:00:00Z","history":[\#(Self.change("pending", "2026-12-11T10:00:00Z")),\#(Self.change("open", "2026-12-14T10:00:00Z"))]}"#,
      // Monday 15:00, paused the same way: its deadline, Wednesday 15:00, is after now.
      #"{"id":"B","created_at":"2026-12-14T15:00:00Z","history":[\#(Self.change("pending", "2026-12-14T16:00:00Z")),\#(Self.change("open", "2026-12-15T10:00:00Z"))]}"#,
      // Closed on Tuesday 09:00 exactly: not later than the deadline.
      #"{"id":"C","created_at":"2026-12-11T09:00:00Z","resolved_at":"2026-12-15T09:00:00Z","history":[\#(Self.change("pending", "2026-12-11T10:00:00Z"))]}"#,
      // Closed a millisecond later: later than the deadline, though paused all along but
      // for the first hour (1h of work, and the millisecond).
      #"{"id":"D","created_at":"2026-12-11T09:00:00Z","resolved_at":"2026-12-15T09:00:00.001Z","history":[\#(Self.change("pending", "2026-12-11T10:00:00Z")),\#(Self.change("open", "2026-12-15T09:00:00Z"))]}"#,
    ]
    let result = vigil(
      [
        "audit", repoPath("Tests/VigilTests/Fixtures/calendars/paused_london.vigil"), "--data",
        "-", "--input-format", "jsonl", "--now", "2026-12-15T14:34:56.789Z",
      ], stdin: records.joined(separator: "\n"))
    #expect(
      result.stdout == """
        Tests/VigilTests/Fixtures/calendars/paused_london.vigil:6: hours [medium] A → flag: resolution 13h34m56.789s business (office) > 12h (open)
        Tests/VigilTests/Fixtures/calendars/paused_london.vigil:8: days [medium] A → flag: resolution 13h34m56.789s business (office) > 2 business days (open)
        Tests/VigilTests/Fixtures/calendars/paused_london.vigil:8: days [medium] D → flag: resolution 1h0m0.001s business (office) > 2 business days (closed)

        """)
    #expect(result.code == 1)
  }
}
