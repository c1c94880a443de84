import VigilCore

/// A record policy's violation as the evaluation found it, before it is made a `Violation`.
///
/// A renderer that lists violations (`FindingRenderer`) writes a plain one (`isPlain`)
/// straight from the record's bytes and the policy's compiled parts: no string, actions
/// array, evidence or measurement is made, copied or destroyed. For any other it asks for
/// `violation`, made exactly as `Program.makeViolation` makes it. A draft lives only while
/// the renderer writes it: it refers to the program, the policy and the frame without
/// holding them.
package struct ViolationDraft: ~Copyable {
  unowned(unsafe) let program: Program
  /// The policy broken.
  unowned(unsafe) package let policy: CompiledPolicy
  unowned(unsafe) let frame: Frame
  /// The record's id, when it was already made for another policy.
  let knownRecord: String?
  /// The input the record came from.
  package let input: String
  /// The record's line in its input.
  package let line: Int

  init(
    program: Program, policy: CompiledPolicy, frame: Frame, record: String?, input: String,
    line: Int
  ) {
    self.program = program
    self.policy = policy
    self.frame = frame
    knownRecord = record
    self.input = input
    self.line = line
  }

  /// The violation, made as `Program.makeViolation` makes it.
  package var violation: Violation {
    program.makeViolation(policy, frame, record: record, input: input, line: line)
  }

  /// The record's id (its id field, else `file:line` of the record).
  package var record: String {
    knownRecord ?? program.recordID(frame, input: input, line: line)
  }

  /// The record's id as the bytes its reader left unread, when it was (`record`'s bytes).
  package var recordBytes: UnsafeBufferPointer<UInt8>? {
    knownRecord == nil ? frame.deferredText(program.idSlot) : nil
  }

  /// Whether the policy takes one action with one party (no escalation chain): then its
  /// violation is written from `parties()`, `open` and what decided it (`site`).
  package var isPlain: Bool { policy.isPlain }

  /// Whether the state that decided it is still open at now; nil when no state decided it.
  package var open: Bool? { frame.stateOpen }

  /// The party of a plain violation as the bytes its reader left unread, when the party is
  /// the action's and a field read as it is (`notify owner`): then it is both `parties()`.
  package var partyBytes: UnsafeBufferPointer<UInt8>? {
    guard policy.accountable == nil, let slot = policy.partySlot else { return nil }
    return frame.deferredText(slot)
  }

  /// A plain violation's accountable party and its action's party, read as
  /// `Program.makeViolation` reads them (the action's party first), each once.
  package func parties() -> (party: String?, target: String?) {
    let action = policy.actions[0]
    let target = action.target.flatMap { Program.partyName($0(frame)) }
    if let accountable = policy.accountable {
      return (Program.partyName(accountable(frame)), target)
    }
    return (action.kind == .flag ? nil : target, target)
  }

  /// The comparison site (`Program.sites`) of what decided it; nil when nothing measured.
  package var site: Int? { frame.decidingSite }

  /// What decided it measured, when that is a duration (a state's length).
  package var measuredDuration: Int64? { frame.decidingDuration }

  /// What decided the violation, as `Violation.measurement` has it; nil when no comparison
  /// or state decided it.
  package var measurement: Measurement? {
    (frame.stateEvidence ?? frame.valueEvidence).map { program.measurement($0) }
  }

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
