import Foundation
import Testing
import VigilCore
import VigilReports

@testable import Vigil

/// Audits JSON events with a policy under `events per ticket, ordered by at`; returns each
/// violation and each case at risk as the text report writes it (without the location).
func caseFindings(
  _ policy: String, _ events: [String], now: String = "2026-11-25T12:00:00Z"
) throws -> [String] {
  let source = "events per ticket, ordered by at\n" + policy
  let policies = try PolicySet(source: source, file: "e.vigil")
  guard case .time(let instant) = TimeParsing.parseISO8601(now) else { throw Failure("now") }
  let audit = policies.audit(
    jsonLines: events.joined(separator: "\n"),
    now: Date(timeIntervalSince1970: Double(instant) / 1000))
  let writer = ViolationWriter(format: .text)
  let found = (audit.violations + audit.atRisk).map { violation in
    String(writer.text(violation).split(separator: " ", maxSplits: 1)[1])
  }
  let errors = audit.dataErrors.map { "\($0.record): \($0.error.field): \($0.error.message)" }
  return found + errors
}

/// An event of `ticket` at `at` (on 2026-11-25, `HH:MM`) with the given extra JSON members.
func event(_ ticket: String, _ at: String, _ members: String = "") -> String {
  #"{"ticket":"\#(ticket)","at":"2026-11-25T\#(at):00Z""#
    + (members.isEmpty ? "" : "," + members) + "}"
}

@Suite("Event logs")
struct EventLogTests {
  /// Two tickets; the input is not in time order, and T1 has two events at 10:00.
  static let log = [
    event("T1", "10:00", #""status":"open","agent":"ana""#),
    event("T2", "09:00", #""status":"open","agent":"bo""#),
    event("T1", "09:00", #""status":"new","agent":null"#),
    event("T1", "10:00", #""status":"pending","agent":"cy""#),
    event("T2", "11:00", #""status":"closed""#),
  ]

  @Test(
    "outside aggregates a field is the case's latest value; first() its earliest",
    arguments: [
      // T1's latest events tie at 10:00: the later one in the input is the latest.
      (#"status == "pending""#, [#"T1 → flag: when status == "pending" (3 events)"#]),
      // T2's latest event has no agent: the latest value is missing, not bo.
      ("agent is missing", ["T2 → flag: when agent is missing (2 events)"]),
      (#"first(status) == "new""#, [#"T1 → flag: when first(status) == "new" (3 events)"#]),
      (#"first(agent) == "bo""#, [#"T2 → flag: when first(agent) == "bo" (2 events)"#]),
      // The case key reads the same in every event.
      (
        #"ticket == "T2" and count == 2"#,
        [#"T2 → flag: when ticket == "T2" and count == 2 (2 events)"#]
      ),
      (
        "latest(at) - earliest(at) > 1h",
        ["T2 → flag: latest(at) - earliest(at) 2h > 1h (2 events)"]
      ),
      // A time field read bare is the latest event's time.
      (
        "at == latest(at)",
        [
          "T1 → flag: when at == latest(at) (3 events)",
          "T2 → flag: when at == latest(at) (2 events)",
        ]
      ),
    ])
  func latestValues(_ condition: String, _ expected: [String]) throws {
    let found = try caseFindings("policy c:\n  \(condition) → flag", Self.log)
    #expect(found == expected.map { "c [medium] " + $0 })
  }

  @Test(
    "an event stamped after now has not happened yet; one stamped at now has",
    arguments: [
      (
        "2026-11-25T10:59:59.999Z",
        [#"T2 → flag: when status == "open" and ticket == "T2" (1 event)"#]
      ),
      ("2026-11-25T11:00:00Z", []),
    ])
  func eventsAfterNow(_ now: String, _ expected: [String]) throws {
    let found = try caseFindings(
      "policy c:\n  status == \"open\" and ticket == \"T2\" → flag", Self.log, now: now)
    #expect(found == expected.map { "c [medium] " + $0 })
  }

  /// Opened at 09:00, resolved at the first "resolved" event: 4h allowed, warned at 3h.
  static let resolution = """
    policy slow:
      from earliest(at) until earliest(at where status == "resolved") > 4h → flag
      warn at 3h
    """

  @Test(
    "a case is at risk while its state is open, past the warning and not past the threshold",
    arguments: [
      ("2026-11-25T12:00:00Z", []),  // exactly 3h: not past the warning
      (
        "2026-11-25T12:00:00.001Z",
        [
          "T → flag: at risk: from earliest(at) until earliest(at where status == \"resolved\") 3h0m0.001s, breaks > 4h in 59m59.999s (open) (1 event)"
        ]
      ),
      (
        "2026-11-25T13:00:00Z",
        [
          "T → flag: at risk: from earliest(at) until earliest(at where status == \"resolved\") 4h, breaks > 4h in 0s (open) (1 event)"
        ]
      ),
      (
        "2026-11-25T13:00:00.001Z",
        [
          "T → flag: from earliest(at) until earliest(at where status == \"resolved\") 4h0m0.001s > 4h (open) (1 event)"
        ]
      ),
    ])
  func atRisk(_ now: String, _ expected: [String]) throws {
    let found = try caseFindings(
      Self.resolution, [event("T", "09:00", #""status":"new""#)], now: now)
    #expect(found == expected.map { "slow [medium] " + $0 })
  }

  /// The event the rule fired for is named as a record is (here by its line).
  @Test("a sequence policy in an events file judges each event of its case")
  func sequencePolicy() throws {
    let policy = """
      policy unanswered:
        status == "pending" → notify agent
        unless followed by status == "open" within 1h
      """
    let events = [
      event("A", "09:00", #""status":"pending","agent":"ana""#),
      event("A", "09:30", #""status":"open""#),
      event("B", "09:00", #""status":"pending","agent":"bo""#),
      event("B", "10:30", #""status":"open""#),
      // Exactly 1h before now: not late yet.
      event("B", "11:00", #""status":"pending","agent":"cy""#),
    ]
    #expect(
      try caseFindings(policy, events) == [
        "unanswered [medium] records:3 → notify bo: followed by status == \"open\" 1h30m > 1h (closed)"
      ])
  }

  @Test("a case resolved in time is neither at risk nor a violation")
  func resolvedInTime() throws {
    let events = [
      event("T", "09:00", #""status":"new""#), event("T", "12:30", #""status":"resolved""#),
    ]
    #expect(try caseFindings(Self.resolution, events, now: "2026-11-25T23:00:00Z") == [])
  }
}

@Suite("Missing texts")
struct MissingTextTests {
  /// Audits CSV `text` with `policies`; returns each violation's record and measure.
  func audit(_ policies: String, _ text: String) throws -> [String] {
    let set = try PolicySet(source: policies, file: "m.vigil")
    var found: [String] = []
    _ = set.audit(
      input: ByteInput(string: text), format: .csv, name: "m.csv", now: 0,
      idField: FieldPath("id"),
      handler: AuditHandler(
        violation: { found.append("\($0.record) \($0.policy)") },
        rejection: { _ in true },
        dataError: { found.append("\($0.record) error: \($0.error.message)") },
        notEnoughData: { _ in }))
    return found
  }

  static let rows = "id,status,closed_at\n1,?,?\n2,open,1970-01-01T00:00:00Z\n3,\"?\",N/A\n"

  @Test("a missing line makes the cells holding its texts missing")
  func declared() throws {
    let policies = """
      missing "?", "N/A"
      policy no_status:
        status is missing → flag
      policy not_closed:
        closed_at is missing → flag
      """
    #expect(
      try audit(policies, Self.rows) == [
        "1 no_status", "1 not_closed", "3 no_status", "3 not_closed",
      ])
  }

  @Test("without one, \"?\" is a text like any other, and not a time")
  func undeclared() throws {
    let policies = """
      policy no_status:
        status is missing → flag
      policy closed:
        closed_at < now → flag
      """
    let found = try audit(policies, Self.rows)
    // Row 2 closed at now, not before it: no violation.
    #expect(
      found == ["1 error: cannot read '?' as a time", "3 error: cannot read 'N/A' as a time"])
  }
}
