import Foundation
import Testing
import VigilCore
import VigilReports

@testable import Vigil

/// The truth of a condition for one record: true, false, or unknown (three-valued logic).
enum Truth: String, Sendable {
  case `true`, `false`, unknown
}

/// Evaluates `condition` on the JSON record `record` as of `now`, with `defines` in scope.
/// The truth is read from whether `condition` and `not (condition)` fire.
func truth(
  _ condition: String, _ record: String, now: String = "2026-11-25T00:00:00Z",
  defines: String = ""
) throws -> (Truth, dataErrors: Int) {
  let source = """
    \(defines)
    policy yes:
      \(condition) -> flag
    policy no:
      not (\(condition)) -> flag
    """
  let policies = try PolicySet(source: source, file: "t.vigil")
  guard case .time(let instant) = TimeParsing.parseISO8601(now) else { throw Failure("now") }
  let audit = policies.audit(
    jsonLines: record, now: Date(timeIntervalSince1970: Double(instant) / 1000))
  let fired = Set(audit.violations.map(\.policy))
  let truth: Truth = fired.contains("yes") ? .true : fired.contains("no") ? .false : .unknown
  return (truth, audit.dataErrors.count / 2)
}

let stateDefines = """
  define unresolved = from created_at until resolved_at
  """

@Suite("Evaluation semantics")
struct EvaluationTests {
  @Test(
    "states: thresholds, open and closed, as of now",
    arguments: [
      // exactly 48h closed: not a breach
      (
        #"{"created_at":"2026-11-20T00:00:00Z","resolved_at":"2026-11-22T00:00:00Z"}"#,
        "unresolved > 48h", Truth.false
      ),
      (
        #"{"created_at":"2026-11-20T00:00:00Z","resolved_at":"2026-11-22T00:00:00Z"}"#,
        "unresolved >= 48h", .true
      ),
      (
        #"{"created_at":"2026-11-20T00:00:00Z","resolved_at":"2026-11-22T00:00:00.001Z"}"#,
        "unresolved > 48h", .true
      ),
      // open exactly 48h at now
      (#"{"created_at":"2026-11-23T00:00:00Z"}"#, "unresolved > 48h", .false),
      (#"{"created_at":"2026-11-22T23:59:59.999Z"}"#, "unresolved > 48h", .true),
      // null end = absent end
      (#"{"created_at":"2026-11-01T00:00:00Z","resolved_at":null}"#, "unresolved > 48h", .true),
      // missing start: unknown, negated or not
      (#"{"resolved_at":"2026-11-01T00:00:00Z"}"#, "unresolved > 48h", .unknown),
      (#"{"created_at":null}"#, "unresolved", .unknown),
      // an end after now has not happened: open, measured to now
      (
        #"{"created_at":"2026-11-24T00:00:00Z","resolved_at":"2026-11-30T00:00:00Z"}"#,
        "unresolved", .true
      ),
      (
        #"{"created_at":"2026-11-24T00:00:00Z","resolved_at":"2026-11-30T00:00:00Z"}"#,
        "unresolved > 24h", .false
      ),
      // an end exactly at now has happened
      (
        #"{"created_at":"2026-11-24T00:00:00Z","resolved_at":"2026-11-25T00:00:00Z"}"#,
        "unresolved", .false
      ),
      // a start after now has not begun
      (#"{"created_at":"2026-11-26T00:00:00Z"}"#, "unresolved", .false),
      (#"{"created_at":"2026-11-26T00:00:00Z"}"#, "unresolved > 0s", .false),
      // a bare state is open at now
      (#"{"created_at":"2026-11-24T00:00:00Z"}"#, "unresolved", .true),
      (
        #"{"created_at":"2026-11-20T00:00:00Z","resolved_at":"2026-11-21T00:00:00Z"}"#,
        "unresolved", .false
      ),
      // threshold on the left
      (#"{"created_at":"2026-11-20T00:00:00Z"}"#, "48h < unresolved", .true),
      (#"{"created_at":"2026-11-20T00:00:00Z"}"#, "unresolved between 100h and 120h", .true),
      (#"{"created_at":"2026-11-20T00:00:00Z"}"#, "unresolved between 100h and 119h", .false),
      // offsets and fractional seconds
      (
        #"{"created_at":"2026-11-22T01:00:00+02:00","resolved_at":"2026-11-23T23:30:00Z"}"#,
        "unresolved > 48h", .true
      ),
      (
        #"{"created_at":"2026-11-21T20:00:00-05:00","resolved_at":"2026-11-24T00:30:00Z"}"#,
        "unresolved > 48h", .false
      ),
      (
        #"{"created_at":"2026-11-20T00:00:00.000999Z","resolved_at":"2026-11-22T00:00:00Z"}"#,
        "unresolved > 48h", .false
      ),
      (
        #"{"created_at":"2026-11-20T00:00:00.123456789Z","resolved_at":"2026-11-22T00:00:00.124Z"}"#,
        "unresolved > 48h", .true
      ),
    ])
  func states(_ record: String, _ condition: String, _ expected: Truth) throws {
    #expect(try truth(condition, record, defines: stateDefines).0 == expected)
  }

  @Test(
    "missing values follow SQL's three-valued logic",
    arguments: [
      (#"{}"#, "score > 3", Truth.unknown),
      (#"{"score":null}"#, "score > 3", .unknown),
      (#"{}"#, "score > 3 and false_flag == true", .unknown),
      (#"{"f":false}"#, "score > 3 and f", .false),
      (#"{"t":true}"#, "score > 3 or t", .true),
      (#"{"t":false}"#, "score > 3 or t", .unknown),
      (#"{}"#, "not (score > 3)", .unknown),
      (#"{}"#, "score != 5", .unknown),
      (#"{}"#, "score is missing", .true),
      (#"{"score":null}"#, "score is missing", .true),
      (#"{"score":0}"#, "score is present", .true),
      (#"{"owner":""}"#, "owner is present", .true),
      (#"{"owner":""}"#, "owner == \"\"", .true),
      (#"{}"#, "status in [\"open\"]", .unknown),
      (#"{"status":"x"}"#, "status in [\"open\", null]", .unknown),
      (#"{"status":"open"}"#, "status in [\"open\", null]", .true),
      (#"{"status":"x"}"#, "status not in [\"open\"]", .true),
      (#"{}"#, "coalesce(a, b) == 2", .unknown),
      (#"{"b":2}"#, "coalesce(a, b) == 2", .true),
      (#"{"a":1,"b":2}"#, "coalesce(a, b) == 2", .false),
      (#"{}"#, "lower(name) == \"x\"", .unknown),
      (
        #"{"resolved_at":null,"created_at":"2026-11-20T00:00:00Z"}"#,
        "resolved_at - created_at > 1h", .unknown
      ),
    ])
  func missing(_ record: String, _ condition: String, _ expected: Truth) throws {
    #expect(try truth(condition, record).0 == expected)
  }

  @Test(
    "values: reading texts, comparing, arithmetic",
    arguments: [
      (#"{"score":"5"}"#, "score > 3", Truth.true),
      (#"{"score":"2.5"}"#, "score < 3", .true),
      (#"{"score":5}"#, "score == 5", .true),
      (#"{"a":"abc","b":"abd"}"#, "a < b", .true),
      (#"{"vip":"TRUE"}"#, "vip == true", .true),
      (#"{"tags":["vip","new"]}"#, "tags contains \"vip\"", .true),
      (#"{"tags":[]}"#, "tags contains \"vip\"", .false),
      (#"{"s":"a refund please"}"#, "s contains \"refund\"", .true),
      (#"{"s":"No REFUND"}"#, "s matches \"(?i)refund\"", .true),
      (#"{"s":"no"}"#, "s matches \"^re\"", .false),
      (#"{"n":3}"#, "n between 3 and 5", .true),
      (#"{"n":6}"#, "n between 3 and 5", .false),
      (#"{"n":4}"#, "n * 2 + 1 == 9", .true),
      (#"{"n":9}"#, "n / 2 == 4.5", .true),
      (#"{"a":"2026-11-24T00:00:00Z","b":"2026-11-24T02:00:00Z"}"#, "b - a == 2h", .true),
      (#"{"a":"2026-11-24T00:00:00Z","b":"2026-11-24T02:00:00Z"}"#, "b - a > 2h", .false),
      (#"{"a":"2026-11-24T00:00:00Z","b":"2026-11-24T02:00:00Z"}"#, "hours(b - a) == 2", .true),
      (#"{"a":"2026-11-20T00:00:00Z","b":"2026-11-23T12:00:00Z"}"#, "days(b - a) == 3.5", .true),
      (#"{"a":"2026-11-24T00:00:00Z"}"#, "a < now - 12h", .true),
      (#"{"a":"2026-11-24T00:00:00Z"}"#, "a + 1d == now", .true),
      (#"{"a":"2026-11-24T00:00:00Z"}"#, "a > @2026-11-23T23:00:00-01:00", .false),
      // Two fields nobody uses as times are texts: compared as texts.
      (#"{"a":"2026-11-24T01:00:00+01:00","b":"2026-11-24T00:00:00Z"}"#, "a == b", .false),
      (
        #"{"a":"2026-11-24T01:00:00+01:00","b":"2026-11-24T00:00:00Z"}"#, "a == b and b < now",
        .true
      ),
      (#"{"customer":{"tier":"key"}}"#, "customer.tier == \"key\"", .true),
      (#"{"customer":"flat"}"#, "customer.tier == \"key\"", .unknown),
      (#"{"Days Open":5}"#, "`Days Open` > 3", .true),
      (#"{"name":"Ada"}"#, "len(name) == 3 and upper(name) == \"ADA\"", .true),
      (#"{"wait":"1h30m"}"#, "wait > 1h", .true),
      (#"{"x":5}"#, "-x < 0", .true),
      // Texts are compared exactly, without Unicode normalisation: é is not e + ◌́.
      (#"{"n":"e\u0301"}"#, "n == \"\u{E9}\"", .false),
      (#"{"n":"\u00e9"}"#, "n == \"\u{E9}\"", .true),
      (#"{"n":"b"}"#, "n > \"a\" and n < \"\u{E9}\"", .true),
    ])
  func values(_ record: String, _ condition: String, _ expected: Truth) throws {
    #expect(try truth(condition, record).0 == expected)
  }

  @Test(
    "unreadable values are data errors, and the comparison is unknown",
    arguments: [
      (#"{"score":"high"}"#, "score > 3"),
      (#"{"a":"yesterday","b":"2026-11-24T00:00:00Z"}"#, "b - a > 1h"),
      (#"{"a":"2026-11-24 10:00:00"}"#, "a < now"),
      (#"{"a":17}"#, "a < now"),
      (#"{"n":4}"#, "n / 0 > 1"),
      (#"{"c":"2026-11-24T00:00:00Z","r":"2026-11-23T00:00:00Z"}"#, "(from c until r) > 1h"),
      (#"{"x":"perhaps"}"#, "x and true"),
    ])
  func dataErrors(_ record: String, _ condition: String) throws {
    let (result, errors) = try truth(condition, record)
    #expect(result == .unknown)
    #expect(errors == 1)
  }

  @Test func anUnreadableTimeIsPresentNotMissing() throws {
    let (result, errors) = try truth(
      "created_at is missing", #"{"created_at":"garbage"}"#, defines: stateDefines)
    #expect(result == .false)
    #expect(errors == 0)
    let (empty, _) = try truth(
      "created_at is missing", #"{"created_at":""}"#, defines: stateDefines)
    #expect(empty == .true)
  }

  @Test func fieldsUsedAsTimesCompareAsInstantsEverywhere() throws {
    // As texts, "2026-11-24T01:00:00+01:00" > "2026-11-24T00:30:00Z"; as instants it is earlier.
    let record = #"{"a":"2026-11-24T01:00:00+01:00","b":"2026-11-24T00:30:00Z"}"#
    let defines = "define unused_state = from a until b"
    #expect(try truth("a < b", record, defines: defines).0 == .true)
  }

  @Test func violationsSayWhatWasMeasured() throws {
    let policies = try PolicySet(
      source: """
        define complaint = type == "complaint"
        define unresolved = from created_at until resolved_at
        policy p:
          complaint unresolved > 48h → escalate to owner
          severity: high
        policy q:
          1h < response -> notify team
        define response = first_response_at - created_at
        policy r:
          complaint and owner is missing -> flag
          accountable: "triage"
        """, file: "x.vigil")
    let audit = policies.audit(
      jsonLines: """
        {"id":"R1","type":"complaint","owner":"dara","team":"t","created_at":"2026-11-22T10:48:00Z","first_response_at":"2026-11-22T12:00:00Z"}
        {"id":"R2","type":"complaint","created_at":"2026-11-20T00:00:00Z","resolved_at":"2026-11-23T00:00:00Z"}
        """, now: Date(timeIntervalSince1970: 1_795_564_800))
    let writer = ViolationWriter(format: .text)
    #expect(
      audit.violations.map(writer.text) == [
        "x.vigil:4: p [high] R1 → escalate to dara: unresolved 61h12m > 48h (open)",
        "x.vigil:7: q [medium] R1 → notify t: response 1h12m > 1h",
        "x.vigil:4: p [high] R2 → escalate to (missing): unresolved 72h > 48h (closed)",
        "x.vigil:10: r [medium] R2 → flag (accountable: triage): when complaint and owner is missing",
      ])
    #expect(audit.violations.map(\.party) == ["dara", "t", nil, "triage"])
  }
}
