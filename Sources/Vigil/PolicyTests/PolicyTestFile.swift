/// A file of policy tests (`.vigiltest`): example records, written compactly with times
/// relative to a fixed now, and what each policy should find in them.
///
///     policies "complaints.vigil"          # default: the .vigil file of the same name
///     now @2026-11-25T00:00:00Z            # default: 2026-01-01T00:00:00Z
///
///     test complaint_open_50h_is_escalated:   # `record "S" times 20:` makes 20 alike
///       record "K-1":
///         type = "complaint"
///         owner = "dara"
///         created_at = now - 50h
///       expect slow_resolution: violation, party "dara", level 1, open
///       expect slow_reply: no violation
struct PolicyTestFile: Sendable {
  var source: Source
  /// The policy files tested, relative to this file, with where they are named.
  var policies: [(path: String, range: SourceRange)] = []
  /// The people directory, relative to this file.
  var directory: (path: String, range: SourceRange)?
  /// The instant the tests run as of, unless a test says otherwise.
  var now: Expr?
  var tests: [PolicyTest] = []
}

/// One test: records, and what the policies should find.
struct PolicyTest: Sendable {
  var name: String
  var range: SourceRange
  var now: Expr?
  var records: [TestRecord] = []
  var expectations: [Expectation] = []
}

/// An example record: its id and its fields' values (expressions of literals and `now`).
struct TestRecord: Sendable {
  var id: String
  var range: SourceRange
  /// `record "S" times 20:`: that many records alike, named `S-1` … `S-20`.
  var count = 1
  var fields: [(path: FieldPath, value: Expr)] = []
  /// Lists of changes (`history:` then `at TIME: status = "open"` lines), by field.
  var timelines: [(path: FieldPath, changes: [TestChange])] = []
}

/// A change of a status history: its time and its fields.
struct TestChange: Sendable {
  var at: Expr
  var fields: [(path: FieldPath, value: Expr)]
}

/// `expect POLICY [for SUBJECT]: OUTCOME[, party P][, level N][, severity S][, open|closed]`.
struct Expectation: Sendable {
  /// What a policy can find about a record or group.
  enum Outcome: String, Sendable, CaseIterable {
    case violation = "violation"
    case noViolation = "no violation"
    case atRisk = "at risk"
    case dataError = "data error"
    case notEnoughData = "not enough data"
  }

  /// The policy as `PolicySet.policyName(for:)` takes it: its name, its `file:line`, or the
  /// end of that.
  var policy: String
  var policyRange: SourceRange
  /// The record (its id) or group (its keys, and window after `in`) meant; nil for any.
  var subject: String?
  var outcome: Outcome
  var party: String?
  var level: Int?
  var severity: String?
  var open: Bool?
  /// The whole line, as written.
  var range: SourceRange
}
