/// Something an audit met besides violations, delivered in input order.
package enum AuditEvent: Sendable {
  /// A record that could not be read.
  case rejected(Rejection)
  /// A value a policy could not read.
  case dataError(DataErrorReport)
  /// A group with fewer records than its policy's `at least`: neither passed nor failed.
  case notEnoughData(GroupShortfall)
  /// Something about the input as a whole: a field no record has, a field given twice,
  /// repeated record ids (for CSV before its records' events, for JSON Lines after them).
  case warning(DataWarning)
}
