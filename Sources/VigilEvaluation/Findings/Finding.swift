/// One thing an audit found. An audit's findings come as one stream, in input order (a
/// record's in policy order), whatever the number of threads: the stream every consumer
/// reads — the report writers, `vigil diff`, `vigil test`, the streaming API.
package enum Finding: Sendable {
  /// A record (or a group) that broke a policy, or one at risk of breaking it
  /// (`Violation.atRisk`).
  case violation(Violation)
  /// A pause that was not honest (`paused in … unless …`), after the record's (or group's)
  /// violation of the same policy, if any.
  indirect case pause(PauseFinding)
  /// A record that could not be read, a value a policy could not read, a group too small to
  /// judge, or something about the input as a whole.
  case event(AuditEvent)
}
