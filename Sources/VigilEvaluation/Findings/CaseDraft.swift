import VigilCore

/// A case of an event log that broke a plain policy (one action, one party, no escalation
/// chain, no window, cycle, holder or honest pause), as judging found it, before it is made a
/// `Violation`.
///
/// A renderer that lists violations (`FindingRenderer`) writes it straight from the case's
/// key, its number of events, its parties (read once, when the case was judged) and what
/// decided it, which the frame still holds: no group facts, actions array, measurement or
/// violation is made. For any other renderer `violation` makes it, exactly as judging a group
/// makes it. A draft lives only while the renderer writes it: it refers to the program, the
/// policy and the frame without holding them.
package struct CaseDraft: ~Copyable {
  unowned(unsafe) let program: Program
  /// The policy broken.
  unowned(unsafe) package let policy: CompiledGroupPolicy
  unowned(unsafe) let frame: Frame
  /// The case's key, as reports name the case (`GroupFacts.name` of a one-value key).
  package let record: String
  /// How many of the case's events reached the policy.
  package let records: Int
  /// The accountable party, and the action's party, as judging read them.
  package let party: String?
  package let target: String?

  init(
    program: Program, policy: CompiledGroupPolicy, frame: Frame, key: Value, records: Int,
    parties: (party: String?, target: String?)
  ) {
    self.program = program
    self.policy = policy
    self.frame = frame
    record = key.isMissing ? "(missing)" : Operations.format(key)
    self.records = records
    (party, target) = parties
  }

  /// The violation, made as judging a group makes it.
  package var violation: Violation {
    program.groupViolation(policy, frame, facts)
  }

  /// The case's facts, as judging a group makes them.
  var facts: GroupFacts {
    GroupFacts(keys: [record], window: nil, records: records, noun: policy.noun)
  }

  /// Whether the state that decided it is still open at now; nil when no state decided it.
  package var open: Bool? { frame.stateOpen }

  /// The comparison site (`Program.sites`) of what decided it; nil when nothing measured.
  package var site: Int? { frame.decidingSite }

  /// What decided it measured, when that is a duration (a state's length).
  package var measuredDuration: Int64? { frame.decidingDuration }

  /// How many events the case has, as the text report shows them (`10 events`, `1 event`).
  package var sample: String { facts.sample }

  /// Appends what decided the violation, as `Measurement.write(to:)` does; false, with
  /// nothing appended, when no comparison or state decided it.
  package func writeMeasured(to out: inout ByteBuffer) -> Bool {
    guard let evidence = frame.stateEvidence ?? frame.valueEvidence else { return false }
    let site = evidence.site
    Measurement.write(
      label: program.sites[site].label, value: evidence.measured,
      bare: program.thresholds[site] == nil, percent: program.sites[site].percent,
      clock: program.sites[site].clock, to: &out)
    return true
  }
}

/// Violations a renderer already wrote, in the order found, and how many of them there are
/// (open, closed, undetermined): handed on as one finding (`GroupFinding.rendered`).
package struct RenderedViolations: Sendable {
  /// The report's bytes for them.
  package var bytes: [UInt8]
  /// Their counts (`violations`, `open`, `undetermined`).
  package var counts: AuditCounts
}
