/// The working state of evaluating one record: its field values by slot, the audit instant,
/// and what the evaluation found along the way (evidence for the violation, data errors).
/// One frame per thread; reused from record to record.
final class Frame {
  /// The record's values, by slot. A buffer of its own, not an array, so that reading a
  /// slot costs no exclusivity check.
  let values: UnsafeMutableBufferPointer<Value>
  /// The audit instant, in milliseconds.
  let now: Int64
  /// The people directory, when the audit has one.
  let directory: Directory?
  /// Texts a reader left unread, by slot: the span of their bytes in the current line
  /// (`start << 32 | end`, plus `deferredTime` for a time), or -1 when the slot's value is
  /// in `values`.
  let deferred: UnsafeMutableBufferPointer<Int>
  /// Marks a deferred span holding a time.
  static let deferredTime = 1 << 62
  /// Where the current line's bytes start, for the deferred texts.
  let line: UnsafeMutablePointer<UnsafePointer<UInt8>?>
  /// What evaluating the current policy found. Kept behind a pointer, not in stored
  /// properties, so that the many reads and writes on the hot path cost no exclusivity check.
  private let findings: UnsafeMutablePointer<Findings>

  private struct Findings {
    var stateEvidence: Evidence?
    var valueEvidence: Evidence?
    var errors: [DataError] = []
    /// Whether anything was found since the last reset (most evaluations find nothing).
    var found = false
  }

  /// The first state comparison (or bare state) that was true, in evaluation order.
  var stateEvidence: Evidence? {
    get { findings.pointee.stateEvidence }
    set {
      findings.pointee.stateEvidence = newValue
      findings.pointee.found = true
    }
  }

  /// The first other comparison that was true.
  var valueEvidence: Evidence? {
    get { findings.pointee.valueEvidence }
    set {
      findings.pointee.valueEvidence = newValue
      findings.pointee.found = true
    }
  }

  /// Values that could not be read while evaluating the current policy.
  var errors: [DataError] { findings.pointee.errors }

  /// How many values could not be read so far in the current policy.
  var errorCount: Int { findings.pointee.errors.count }

  init(slots: Int, now: Int64, directory: Directory? = nil) {
    self.values = .allocate(capacity: slots)
    self.values.initialize(repeating: .null)
    self.now = now
    self.directory = directory
    self.deferred = .allocate(capacity: slots)
    self.deferred.initialize(repeating: -1)
    self.line = .allocate(capacity: 1)
    self.line.initialize(to: nil)
    self.findings = .allocate(capacity: 1)
    self.findings.initialize(to: Findings())
  }

  deinit {
    values.deinitialize()
    values.deallocate()
    deferred.deallocate()
    line.deallocate()
    findings.deinitialize(count: 1)
    findings.deallocate()
  }

  /// The value of `slot`, reading a deferred text first if the reader left one there.
  @inline(__always)
  func value(_ slot: Int) -> Value {
    let span = deferred[slot]
    guard span >= 0 else { return values[slot] }
    return materialize(slot, span)
  }

  /// The bytes of `slot`'s text if the reader left it unread (and it is not a time).
  @inline(__always)
  func deferredText(_ slot: Int) -> UnsafeBufferPointer<UInt8>? {
    let span = deferred[slot]
    guard span >= 0, span & Frame.deferredTime == 0, let base = line.pointee else { return nil }
    let start = span >> 32
    return UnsafeBufferPointer(start: base + start, count: (span & 0xFFFF_FFFF) - start)
  }

  /// Whether the reader left `slot`'s text unread.
  func isDeferred(_ slot: Int) -> Bool { deferred[slot] >= 0 }

  @inline(never)
  private func materialize(_ slot: Int, _ span: Int) -> Value {
    let start = (span >> 32) & 0x3FFF_FFFF
    let end = span & 0xFFFF_FFFF
    // INVARIANT: spans are only set while the line they point into is current.
    let bytes = UnsafeBufferPointer(start: line.pointee! + start, count: end - start)
    let value: Value
    if span & Frame.deferredTime != 0, case .time(let instant) = TimeParsing.parseISO8601(bytes) {
      value = .time(instant)
    } else {
      value = .text(String(decoding: bytes, as: UTF8.self))
    }
    values[slot] = value
    deferred[slot] = -1
    return value
  }

  /// Forgets what the previous policy found.
  @inline(__always)
  func resetFindings() {
    guard findings.pointee.found else { return }
    findings.pointee.found = false
    findings.pointee.stateEvidence = nil
    findings.pointee.valueEvidence = nil
    if !findings.pointee.errors.isEmpty {
      findings.pointee.errors.removeAll(keepingCapacity: true)
    }
  }

  /// Records a value that could not be read; the expression it is in is unknown.
  func fail(_ field: String, _ value: Value, _ message: String, help: String? = nil) {
    findings.pointee.found = true
    findings.pointee.errors.append(
      DataError(field: field, value: value, message: message, help: help))
  }
}

/// What explains a violation: which comparison, what it measured, and whether its state is open.
struct Evidence {
  var site: Int
  var measured: Value
  var open: Bool?
  /// What it was measured against, when known.
  var limit: Value?

  /// How far past its limit the measured value is, when both are times or durations.
  var overrun: Int64? {
    switch (measured, limit) {
    case (.duration(let a), .duration(let b)), (.time(let a), .time(let b)):
      let (difference, overflow) = a.subtractingReportingOverflow(b)
      guard !overflow, difference != .min else { return nil }
      return abs(difference)
    default: return nil
    }
  }
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
  /// For a paused state: where its interval really ends (its length leaves out the pauses),
  /// and the pauses, for counting working time.
  var end: Int64?
  var pauses: [(start: Int64, end: Int64)] = []
}
