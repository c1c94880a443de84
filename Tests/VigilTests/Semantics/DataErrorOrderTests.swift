import Foundation
import Testing
import VigilCore

@testable import Vigil

/// The data errors of `policies` (a policy source) over `data` (JSON Lines, or CSV when
/// `csv`), as `policy field: message`, in the order reported, with the policies that fired.
func dataErrorsAndFirings(
  _ policies: String, _ data: String, csv: Bool = false, now: Int64 = 1_795_564_800_000
) throws -> (errors: [String], fired: [String]) {
  let set = try PolicySet(source: policies, file: "t.vigil")
  var errors: [String] = []
  var fired: [String] = []
  _ = set.audit(
    input: ByteInput(string: data), format: csv ? .csv : .jsonl, name: "records", now: now,
    idField: FieldPath("id"),
    handler: AuditHandler(
      violation: { fired.append($0.policy) }, rejection: { _ in true },
      dataError: { errors.append("\($0.policy) \($0.error.field): \($0.error.message)") },
      notEnoughData: { _ in }))
  return (errors, fired)
}

@Suite("Data errors do not depend on the order of evaluation")
struct DataErrorOrderTests {
  static let defines = """
    define unresolved = from created_at until resolved_at
    define late = resolved_at > @2026-01-01T00:00:00Z
    define urgent = priority > 3

    """

  /// Each case: a rule, a record, the data errors expected (as `field: message`), and
  /// whether the rule fires. Each case is also run with the operands of its top `and`/`or`
  /// written the other way round (`swapped`), which must give the same errors and verdict
  /// (the reported error is the first met from the left, so it is given for both orders).
  @Test(
    "a part the verdict did not need is still read for its data errors",
    arguments: [
      // The issue's case, both ways round.
      (
        "priority > 3 and resolved_at > @2026-01-01T00:00:00Z",
        "resolved_at > @2026-01-01T00:00:00Z and priority > 3",
        #"{"priority":1,"resolved_at":"garbage"}"#,
        ["resolved_at: cannot read 'garbage' as a time"], false
      ),
      // or: decided by its first operand, it fires, and reports the error of the other.
      (
        "priority < 3 or resolved_at > @2026-01-01T00:00:00Z",
        "resolved_at > @2026-01-01T00:00:00Z or priority < 3",
        #"{"priority":1,"resolved_at":"2026-11-20 10:00:00"}"#,
        ["resolved_at: '2026-11-20 10:00:00' has no time zone offset"], true
      ),
      // Through definitions, nested.
      (
        "urgent and (late or score > 1)", "(score > 1 or late) and urgent",
        #"{"priority":2,"resolved_at":"2026-02-01T00:00:00Z","score":"high"}"#,
        ["score: cannot read 'high' as a number"], false
      ),
      // Juxtaposition is a conjunction.
      (
        "(priority > 3) (score <= 2)", "(score <= 2) (priority > 3)",
        #"{"priority":1,"score":true}"#, ["score: cannot compare the value true with the number 2"],
        false
      ),
      // A field used as a condition.
      (
        "urgent and vip", "vip and urgent", #"{"priority":1,"vip":"perhaps"}"#,
        ["condition: expected true or false, found the text 'perhaps'"], false
      ),
      // Both bounds of a state: the end is read when the start is missing, and when the
      // start is after now.
      (
        "unresolved > 48h or urgent", "urgent or unresolved > 48h",
        #"{"priority":1,"resolved_at":"soon"}"#, ["resolved_at: cannot read 'soon' as a time"],
        false
      ),
      (
        "unresolved > 48h or urgent", "urgent or unresolved > 48h",
        #"{"priority":1,"created_at":"2026-12-01T00:00:00Z","resolved_at":17}"#,
        ["resolved_at: expected a time, found the number 17"], false
      ),
      // A state the verdict did not need: an end before its start.
      (
        "type == \"complaint\" and unresolved > 48h", "unresolved > 48h and type == \"complaint\"",
        #"{"type":"enquiry","created_at":"2026-11-10T00:00:00Z","resolved_at":"2026-11-09T00:00:00Z"}"#,
        [
          "unresolved: ends (2026-11-09T00:00:00Z) before it starts (2026-11-10T00:00:00Z)"
        ], false
      ),
      // A duration a state is compared with, when the state is unknown.
      (
        "unresolved > sla and true", "true and unresolved > sla", #"{"sla":"soon"}"#,
        ["unresolved: cannot read 'soon' as a duration"], false
      ),
      // coalesce reads its later arguments too.
      (
        "coalesce(first_response_at, resolved_at) < now and true",
        "true and coalesce(first_response_at, resolved_at) < now",
        #"{"first_response_at":"2026-11-01T00:00:00Z","resolved_at":"x"}"#,
        ["resolved_at: cannot read 'x' as a time"], true
      ),
      // Several unreadable fields: one error, the first from the left.
      (
        "urgent and (late or created_at < now)", "(late or created_at < now) and urgent",
        #"{"priority":1,"resolved_at":"a","created_at":"b"}"#,
        ["resolved_at: cannot read 'a' as a time"], false
      ),
      // What is not read: a field tested for presence, a match (a number reads as a text).
      (
        "urgent or resolved_at is missing", "resolved_at is missing or urgent",
        #"{"priority":5,"resolved_at":"garbage"}"#, [], true
      ),
      (
        "urgent and subject matches \"refund\"", "subject matches \"refund\" and urgent",
        #"{"priority":1,"subject":42}"#, [], false
      ),
      (
        "urgent and subject matches \"refund\"", "subject matches \"refund\" and urgent",
        #"{"priority":1,"subject":true}"#,
        ["matches: expected a text to match, found the value true"], false
      ),
      // Missing values are not errors, read or not.
      (
        "urgent and late", "late and urgent", #"{"priority":1,"resolved_at":null}"#, [], false
      ),
    ])
  func skippedParts(
    _ rule: String, _ swapped: String, _ record: String, _ expected: [String], _ fires: Bool
  ) throws {
    for written in [rule, swapped] {
      let (errors, fired) = try dataErrorsAndFirings(
        Self.defines + "policy p:\n  \(written) -> flag\n", record)
      #expect(errors == expected.map { "p \($0)" }, "\(written)")
      #expect(fired == (fires ? ["p"] : []), "\(written)")
    }
  }

  @Test func csvCellsAreReadTheSameWay() throws {
    let policies = "policy p:\n  type == \"complaint\" and score > 3 -> flag\n"
    let (errors, fired) = try dataErrorsAndFirings(
      policies, "id,type,score\nr1,enquiry,high\nr2,enquiry,4\nr3,complaint,\n", csv: true)
    #expect(errors == ["p score: cannot read 'high' as a number"])
    #expect(fired.isEmpty)
  }

  @Test func aGroupPolicyReadsItsAmongLineWhole() throws {
    let policies = """
      policy g:
        per owner
        among type == "survey" and created_at < now
        count > 5 -> notify owner
      """
    let (errors, _) = try dataErrorsAndFirings(
      policies,
      """
      {"id":"a","type":"enquiry","owner":"o","created_at":"yesterday"}
      {"id":"b","type":"enquiry","owner":"o","created_at":"2026-11-01T00:00:00Z"}
      """)
    #expect(errors == ["g created_at: cannot read 'yesterday' as a time"])
  }

  @Test func aSequencePolicysRuleIsReadWhole() throws {
    let policies = """
      policy s:
        per customer, ordered by at
        type == "purchase" and amount > 100 -> flag
        unless followed by type == "call" within 7d
      """
    let (errors, _) = try dataErrorsAndFirings(
      policies,
      """
      {"id":"a","type":"call","customer":"c","at":"2026-11-01T00:00:00Z","amount":"lots"}
      """)
    #expect(errors == ["s amount: cannot read 'lots' as a number"])
  }

  @Test func eachRecordCountsOncePerPolicy() throws {
    let policies = Self.defines + "policy p:\n  urgent and late and created_at < now -> flag\n"
    let (errors, _) = try dataErrorsAndFirings(
      policies,
      """
      {"id":"a","priority":1,"resolved_at":"x","created_at":"y"}
      {"id":"b","priority":1,"resolved_at":"2026-11-01T00:00:00Z","created_at":"y"}
      {"id":"c","priority":1,"resolved_at":"2026-11-01T00:00:00Z","created_at":"2026-11-01T00:00:00Z"}
      """)
    #expect(
      errors == [
        "p resolved_at: cannot read 'x' as a time", "p created_at: cannot read 'y' as a time",
      ])
  }
}

extension DataErrorOrderTests {
  @Test func aRuleThatIsABareFieldReadsItAsACondition() throws {
    let (errors, fired) = try dataErrorsAndFirings(
      "policy p:\n  vip -> flag\n",
      """
      {"id":"a","vip":"perhaps"}
      {"id":"b","vip":"TRUE"}
      {"id":"c","vip":true}
      {"id":"d","vip":false}
      """)
    #expect(errors == ["p condition: expected true or false, found the text 'perhaps'"])
    #expect(fired == ["p", "p"])
  }
}
