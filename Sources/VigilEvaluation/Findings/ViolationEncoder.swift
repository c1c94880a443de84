/// What turns a violation into a report's bytes, for the audit of a chunk: the reports
/// module's writers are encoders, so that the chunks' threads write their violations as they
/// find them, with no arrow from evaluation to the reports.
package protocol ViolationEncoder: Sendable {
  /// Appends `violation` to `out`, in the report's format.
  func write(_ violation: Violation, to out: inout [UInt8])
}
