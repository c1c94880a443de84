/// The working state of evaluating one record: its field values by slot, the audit instant,
/// and what the evaluation found along the way (evidence for the violation, data errors).
/// One frame per thread; reused from record to record.
final class Frame {
  /// The record's values, by slot. A buffer of its own, not an array, so that reading a
  /// slot costs no exclusivity check.
  let values: UnsafeMutableBufferPointer<Value>
  /// The audit instant, in milliseconds.
  let now: Int64
  /// What evaluating the current policy found. Kept behind a pointer, not in stored
  /// properties, so that the many reads and writes on the hot path cost no exclusivity check.
  private let findings: UnsafeMutablePointer<Findings>

  private struct Findings {
    var stateEvidence: Evidence?
    var valueEvidence: Evidence?
    var errors: [DataError] = []
  }

  /// The first state comparison (or bare state) that was true, in evaluation order.
  var stateEvidence: Evidence? {
    get { findings.pointee.stateEvidence }
    set { findings.pointee.stateEvidence = newValue }
  }

  /// The first other comparison that was true.
  var valueEvidence: Evidence? {
    get { findings.pointee.valueEvidence }
    set { findings.pointee.valueEvidence = newValue }
  }

  /// Values that could not be read while evaluating the current policy.
  var errors: [DataError] { findings.pointee.errors }

  /// How many values could not be read so far in the current policy.
  var errorCount: Int { findings.pointee.errors.count }

  init(slots: Int, now: Int64) {
    self.values = .allocate(capacity: slots)
    self.values.initialize(repeating: .null)
    self.now = now
    self.findings = .allocate(capacity: 1)
    self.findings.initialize(to: Findings())
  }

  deinit {
    values.deinitialize()
    values.deallocate()
    findings.deinitialize(count: 1)
    findings.deallocate()
  }

  /// Forgets what the previous policy found.
  func resetFindings() {
    findings.pointee.stateEvidence = nil
    findings.pointee.valueEvidence = nil
    if !findings.pointee.errors.isEmpty {
      findings.pointee.errors.removeAll(keepingCapacity: true)
    }
  }

  /// Records a value that could not be read; the expression it is in is unknown.
  func fail(_ field: String, _ value: Value, _ message: String, help: String? = nil) {
    findings.pointee.errors.append(
      DataError(field: field, value: value, message: message, help: help))
  }
}

/// What explains a violation: which comparison, what it measured, and whether its state is open.
struct Evidence {
  var site: Int
  var measured: Value
  var open: Bool?
}

/// A value in a record that could not be read as the policy needs it.
public struct DataError: Sendable, Hashable {
  /// The field or expression it was in.
  public var field: String
  /// The value as found.
  public var value: Value
  /// What is wrong.
  public var message: String
  /// How to fix it, when there is something to say.
  public var help: String?
}

/// A state's value for one record: how long it has lasted and whether it is still open.
struct StateValue {
  /// When it started, in milliseconds.
  var start: Int64
  /// Its length up to its end, or up to now when open.
  var length: Int64
  /// Whether it is open at now.
  var open: Bool
}
