import VigilCore

/// Writes findings as report bytes on the thread that found them: an audit that only lists
/// its findings (`AuditDriver.run(input:format:name:groups:renderer:consume:)`) renders each
/// violation as it is found and never keeps it, nor hands it on, as a value.
package protocol FindingRenderer: Sendable {
  /// Appends one violation (or record at risk), with its line break, to `out`.
  func write(_ violation: Violation, to out: inout ByteBuffer)
  /// Appends one dishonest pause, with its line break, to `out`.
  func write(_ pause: PauseFinding, to out: inout ByteBuffer)
}
