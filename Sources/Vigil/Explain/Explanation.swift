import VigilEvaluation

/// Why each policy did or did not fire for one record: `vigil explain`.
package struct Explanation: Sendable {
  /// An explanation of the record named `record`.
  package init(
    record: String, input: String, line: Int, now: Int64, policies: [PolicyExplanation]
  ) {
    self.record = record
    self.input = input
    self.line = line
    self.now = now
    self.policies = policies
  }

  /// The record's id, and where it was read.
  package var record: String
  package var input: String
  package var line: Int
  /// The instant the record was judged as of, in milliseconds.
  package var now: Int64
  /// When an event log's case was asked for by its key: the case (the record is its first
  /// event in the input).
  package var caseName: String?
  /// One per policy explained, in the set's order.
  package var policies: [PolicyExplanation]
}

/// One policy's verdict on the record, and its condition part by part.
package struct PolicyExplanation: Sendable {
  /// What the policy decided.
  package enum Verdict: String, Sendable, CaseIterable {
    /// The record broke the policy (or its group, or it was not followed in time).
    case fired = "fired"
    /// It did not.
    case notFired = "did not fire"
    /// Not yet: its state is open past the warning (`warn at`).
    case atRisk = "at risk"
    /// A value could not be read, so the condition is unknown.
    case dataError = "data error"
    /// A group policy whose group has too few records to judge.
    case notEnoughData = "not enough data"
  }

  package var policy: String
  /// `file:line` of the rule.
  package var location: String
  package var verdict: Verdict
  /// The violation (or the record at risk), as reports show it.
  package var violation: Violation?
  /// For a group policy, its group (`ana`, `phones in 2026-10`); for a sequence policy,
  /// what must follow.
  package var note: String?
  /// The policy's scope, as reports show it (`type == "complaint"`, `every record`).
  package var scope = ""
  /// For a record policy, how the record stands in it: `out of scope`, or `in scope, ` and
  /// `met`, `pending` or `violated` (Grammar.md, "Scope and compliance").
  package var standing: String?
  /// The data errors met, as `field: message`.
  package var errors: [String]
  /// The condition, part by part, with each part's value for this record.
  package var condition: ExplanationNode
  /// For a policy judged per cycle: the case's cycles, and which of them the condition's
  /// values are of (the first that broke the policy, else the last judged).
  package var cycles: [CycleExplanation] = []
  /// For a policy whose party is a holder of the case: who held it while the measured state
  /// ran (of the cycle shown).
  package var holders: HolderSplit?
  /// The dishonest pauses of the state the policy measured (`paused in … unless …`), for
  /// the record (or its case, each cycle judged), as the audit reports them.
  package var pauses: [PauseFinding] = []
}

/// A cycle of a case under a policy judged per cycle (`each cycle from … until …`).
package struct CycleExplanation: Sendable {
  /// `cycle 2 of 3`.
  package var name: String
  /// `from 2013-10-01T07:00:00Z until 2013-11-10T08:00:00Z`, or `from …, open`.
  package var span: String
  /// Whether the policy judges it (`cycles: first|last` judge one).
  package var judged: Bool
  /// Its verdict: `fired`, `at risk`, `did not fire`, `not judged`; and its violation's
  /// measurement, when it has one.
  package var verdict: String
  package var measured: String?
  /// Whether the condition shown is this cycle's.
  package var shown: Bool
}

/// A part of a condition with its value for the record.
package struct ExplanationNode: Sendable {
  /// The part as written.
  package var text: String
  /// Its value: `true`, `false`, `unknown`, `missing`, a value, or for a state what it is
  /// (`open: from 2026-11-20T00:00:00Z, 120h to now`).
  package var value: String
  /// For a comparison, what it measured against its threshold: `2h, not > 4h`,
  /// `27h business (office) > 16h`.
  package var measured: String?
  /// Whether the part is a condition that held (nil when it is not a condition, or unknown).
  package var truth: Bool?
  /// For a definition's name: the definition (its body is the one child).
  package var definition: String?
  /// A literal, a field, `now`: nothing inside.
  package var isLeaf: Bool
  /// A literal: its value is what is written.
  package var isLiteral: Bool
  package var children: [ExplanationNode]
}
