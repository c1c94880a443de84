import VigilCore

/// Writes findings as report bytes on the thread that found them: an audit that only lists
/// its findings (`AuditDriver.run(input:format:name:groups:renderer:consume:)`) renders each
/// violation as it is found and never keeps it, nor hands it on, as a value.
package protocol FindingRenderer: Sendable {
  /// Appends one violation (or record at risk), with its line break, to `out`.
  func write(_ violation: Violation, to out: inout ByteBuffer)
  /// Appends one record policy's violation, found but not yet made a `Violation`, with its
  /// line break, to `out`: as `write(draft.violation, to: &out)` would.
  func write(_ draft: borrowing ViolationDraft, to out: inout ByteBuffer)
  /// Appends one case's violation of a plain policy, found but not yet made a `Violation`,
  /// with its line break, to `out`: as `write(draft.violation, to: &out)` would.
  func write(_ draft: borrowing CaseDraft, to out: inout ByteBuffer)
  /// Appends one dishonest pause, with its line break, to `out`.
  func write(_ pause: PauseFinding, to out: inout ByteBuffer)
}

extension FindingRenderer {
  /// Makes the violation and writes it.
  package func write(_ draft: borrowing ViolationDraft, to out: inout ByteBuffer) {
    write(draft.violation, to: &out)
  }

  /// Makes the case's violation and writes it.
  package func write(_ draft: borrowing CaseDraft, to out: inout ByteBuffer) {
    write(draft.violation, to: &out)
  }
}
