/// The counts of an audit, for its summary line.
public struct AuditCounts: Sendable, Hashable {
  /// Records evaluated.
  public var audited = 0
  /// Records rejected as malformed.
  public var rejected = 0
  /// Violations found.
  public var violations = 0
  /// Violations whose state is still open.
  public var open = 0
  /// Violations whose open-or-closed could not be decided (`open: null`): neither open nor
  /// closed.
  public var undetermined = 0
  /// Values that could not be read (once per record and policy).
  public var dataErrors = 0
  /// Groups too small for their policy's `at least`.
  public var notEnoughData = 0
  /// Records at risk of a breach (`warn at`), not counted as violations.
  public var atRisk = 0
  /// Dishonest pauses found (`paused in … unless …`), not counted as violations.
  package var dishonestPauses = 0

  /// No records yet.
  public init() {}

  /// Counts given one by one.
  public init(
    audited: Int, rejected: Int, violations: Int, open: Int, dataErrors: Int,
    notEnoughData: Int = 0, atRisk: Int = 0, undetermined: Int = 0
  ) {
    self.atRisk = atRisk
    self.undetermined = undetermined
    self.audited = audited
    self.rejected = rejected
    self.violations = violations
    self.open = open
    self.dataErrors = dataErrors
    self.notEnoughData = notEnoughData
  }

  /// Records read: audited plus rejected.
  public var read: Int { audited + rejected }

  /// Adds another input's counts.
  public static func + (lhs: AuditCounts, rhs: AuditCounts) -> AuditCounts {
    var sum = AuditCounts(
      audited: lhs.audited + rhs.audited, rejected: lhs.rejected + rhs.rejected,
      violations: lhs.violations + rhs.violations, open: lhs.open + rhs.open,
      dataErrors: lhs.dataErrors + rhs.dataErrors,
      notEnoughData: lhs.notEnoughData + rhs.notEnoughData, atRisk: lhs.atRisk + rhs.atRisk,
      undetermined: lhs.undetermined + rhs.undetermined)
    sum.dishonestPauses = lhs.dishonestPauses + rhs.dishonestPauses
    return sum
  }

  /// Violations found closed: neither open nor undetermined.
  public var closed: Int { violations - open - undetermined }

  /// Counts a violation (not one at risk): open, closed or undetermined.
  package mutating func countViolation(open state: Bool?) {
    violations += 1
    switch state {
    case true?: open += 1
    case nil: undetermined += 1
    case false?: break
    }
  }
}
