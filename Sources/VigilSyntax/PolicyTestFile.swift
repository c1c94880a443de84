import VigilCore

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
package struct PolicyTestFile: Sendable {
  package var source: Source
  /// The policy files tested, relative to this file, with where they are named.
  package var policies: [(path: String, range: SourceRange)] = []
  /// The people directory, relative to this file.
  package var directory: (path: String, range: SourceRange)?
  /// The instant the tests run as of, unless a test says otherwise.
  package var now: Expr?
  package var tests: [PolicyTest] = []
}

/// One test: records, and what the policies should find.
package struct PolicyTest: Sendable {
  package var name: String
  package var range: SourceRange
  package var now: Expr?
  package var records: [TestRecord] = []
  package var expectations: [Expectation] = []
}

/// An example record: its id and its fields' values (expressions of literals and `now`).
package struct TestRecord: Sendable {
  package var id: String
  package var range: SourceRange
  /// `record "S" times 20:`: that many records alike, named `S-1` … `S-20`.
  package var count = 1
  package var fields: [(path: FieldPath, value: Expr)] = []
  /// Lists of changes (`history:` then `at TIME: status = "open"` lines), by field.
  package var timelines: [(path: FieldPath, changes: [TestChange])] = []
}

/// A change of a status history: its time and its fields.
package struct TestChange: Sendable {
  package var at: Expr
  package var fields: [(path: FieldPath, value: Expr)]
}

/// `expect POLICY [for SUBJECT]: OUTCOME[, party P][, level N][, severity S][, open|closed]
/// [, cycle N]`.
package struct Expectation: Sendable {
  /// What a policy can find about a record or group.
  package enum Outcome: String, Sendable, CaseIterable {
    case violation = "violation"
    case noViolation = "no violation"
    case atRisk = "at risk"
    case dataError = "data error"
    case notEnoughData = "not enough data"
    /// A dishonest pause of the state the policy measures (`paused in … unless …`); its
    /// `party` is who set it, `open` that it lasts at now.
    case dishonestPause = "dishonest pause"
  }

  /// The policy as `PolicySet.policyName(for:)` takes it: its name, its `file:line`, or the
  /// end of that.
  package var policy: String
  package var policyRange: SourceRange
  /// The record (its id) or group (its keys, and window after `in`) meant; nil for any.
  package var subject: String?
  package var outcome: Outcome
  package var party: String?
  package var level: Int?
  package var severity: String?
  package var open: Bool?
  /// `cycle 2`: for a policy judged per cycle, the cycle meant (of `no violation`: none in it).
  package var cycle: Int?
  /// The whole line, as written.
  package var range: SourceRange
}
