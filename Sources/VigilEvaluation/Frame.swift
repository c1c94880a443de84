import VigilCore
import VigilRecords

/// The working state of evaluating one record: its field values by slot (filled by a
/// reader), the audit instant, and what the evaluation found along the way (evidence for the
/// violation, data errors). One frame per thread; reused from record to record.
package final class Frame {
  /// The record's values and the texts its reader left unread, by slot.
  package let slots: RecordSlots
  /// The audit instant, in milliseconds. Moved only between evaluations (`move(to:)`), by
  /// the thread that owns the frame: read with no exclusivity check.
  @exclusivity(unchecked) package private(set) var now: Int64
  /// The truth of the policy's scope, recorded by its `scopedCondition` as it is tested: 0
  /// not recorded (test the scope), 1 it did not hold (false or unknown), 2 it held.
  @exclusivity(unchecked) package var scopeTruth: Int8 = 0
  /// The people directory, when the audit has one.
  package let directory: Directory?
  /// For a record policy judged per cycle of its own list of changes: the cycle judged
  /// (`each cycle in H` reads its bounds); nil otherwise.
  package var cycle: (start: Int64, end: Int64?)?
  /// What evaluating the current policy found. Kept behind a pointer, not in stored
  /// properties, so that the many reads and writes on the hot path cost no exclusivity check.
  private let findings: UnsafeMutablePointer<Findings>

  private struct Findings {
    var stateEvidence: Evidence?
    var valueEvidence: Evidence?
    var errors: [DataError] = []
    /// The pauses of the paused states evaluated (`StateValue.pauses` numbers them).
    var pauses: [[Pause]] = []
    /// The dishonest pauses of the paused states evaluated (`StateValue.dishonest`).
    var dishonest: [[DishonestPause]] = []
    /// Whether anything was found since the last reset (most evaluations find nothing).
    var found = false
    /// What a draft reads of the evidence, kept as plain values when the evidence is set, so
    /// that reading it copies no `Evidence` (and retains none of its values): the sites (-1
    /// for none), the state's open, and each measured duration.
    var stateSite = -1
    var stateOpen: Bool?
    var stateDuration: Int64?
    var valueSite = -1
    var valueDuration: Int64?

    /// `evidence`'s measured value, when it is a duration.
    @inline(__always)
    static func duration(_ evidence: Evidence?) -> Int64? {
      guard case .duration(let length)? = evidence?.measured else { return nil }
      return length
    }
  }

  /// Keeps a paused state's pauses while the current policy is evaluated: their number, for
  /// `StateValue.pauses` (a state value holds no array, so copying one costs nothing).
  package func keep(_ pauses: [Pause]) -> Int32 {
    findings.pointee.found = true
    findings.pointee.pauses.append(pauses)
    return Int32(findings.pointee.pauses.count - 1)
  }

  /// Keeps a paused state's dishonest pauses while the current policy is evaluated: their
  /// number, for `StateValue.dishonest`.
  package func keep(dishonest pauses: [DishonestPause]) -> Int32 {
    findings.pointee.found = true
    findings.pointee.dishonest.append(pauses)
    return Int32(findings.pointee.dishonest.count - 1)
  }

  /// Every dishonest pause the paused states evaluated for the current policy kept, once
  /// each, in the order they began.
  package var dishonestPauses: [DishonestPause] {
    findings.pointee.dishonest.isEmpty ? [] : DishonestPause.distinct(findings.pointee.dishonest)
  }

  /// The pauses `keep` numbered `number`; none for -1.
  package func pauses(_ number: Int32) -> [Pause] {
    number < 0 ? [] : findings.pointee.pauses[Int(number)]
  }

  /// The first state comparison (or bare state) that was true, in evaluation order.
  package var stateEvidence: Evidence? {
    get { findings.pointee.stateEvidence }
    set {
      // The plain values first: the evidence is then moved into place, not copied.
      findings.pointee.stateSite = newValue?.site ?? -1
      findings.pointee.stateOpen = newValue?.open
      findings.pointee.stateDuration = Findings.duration(newValue)
      findings.pointee.stateEvidence = newValue
      findings.pointee.found = true
    }
  }

  /// The first other comparison that was true.
  package var valueEvidence: Evidence? {
    get { findings.pointee.valueEvidence }
    set {
      findings.pointee.valueSite = newValue?.site ?? -1
      findings.pointee.valueDuration = Findings.duration(newValue)
      findings.pointee.valueEvidence = newValue
      findings.pointee.found = true
    }
  }

  /// Whether the state that decided the current policy is still open at now (nil when no
  /// state did): `stateEvidence?.open`, read in place.
  package var stateOpen: Bool? { findings.pointee.stateOpen }

  /// The comparison site of what decided the current policy (its state, else its other
  /// comparison), read in place; nil when nothing was measured.
  package var decidingSite: Int? {
    let findings = self.findings
    if findings.pointee.stateSite >= 0 { return findings.pointee.stateSite }
    return findings.pointee.valueSite >= 0 ? findings.pointee.valueSite : nil
  }

  /// What decided the current policy measured, when it is a duration (a state's length).
  package var decidingDuration: Int64? {
    findings.pointee.stateSite >= 0
      ? findings.pointee.stateDuration : findings.pointee.valueDuration
  }

  /// Values that could not be read while evaluating the current policy.
  package var errors: [DataError] { findings.pointee.errors }

  /// How many values could not be read so far in the current policy.
  package var errorCount: Int { findings.pointee.errors.count }

  package init(slots: Int, now: Int64, directory: Directory? = nil) {
    let record = RecordSlots(count: slots)
    self.slots = record
    values = record.values
    deferred = record.deferred
    line = record.line
    self.now = now
    self.directory = directory
    self.findings = .allocate(capacity: 1)
    self.findings.initialize(to: Findings())
  }

  deinit {
    findings.deinitialize(count: 1)
    findings.deallocate()
  }

  /// The record's values, by slot: `slots.values`, kept here too so that reading a slot on
  /// the hot path costs no call into the readers' module.
  package let values: UnsafeMutableBufferPointer<Value>
  /// `slots.deferred`: the spans of the texts the reader left unread, -1 for a read value.
  private let deferred: UnsafeMutableBufferPointer<Int>
  /// `slots.line`: where the current line's bytes start.
  private let line: UnsafeMutablePointer<UnsafePointer<UInt8>?>

  /// The value of `slot`, reading a deferred text first if the reader left one there.
  @inline(__always)
  package func value(_ slot: Int) -> Value {
    let span = deferred[slot]
    guard span >= 0 else { return values[slot] }
    return slots.materialize(slot, span)
  }

  /// The instant in `slot` when the reader read one there (`known` true), or that the slot
  /// is missing (`known` true, `instant` nil); `known` false for anything else (a text left
  /// unread, a value of another kind), which the caller reads the general way. No `Value`
  /// is copied: the usual time field costs two loads and a compare.
  @inline(__always)
  package func instant(_ slot: Int) -> (known: Bool, instant: Int64?) {
    guard deferred[slot] < 0 else { return (false, nil) }
    switch values[slot] {
    case .time(let instant): return (true, instant)
    case .null: return (true, nil)
    default: return (false, nil)
    }
  }

  /// The number in `slot` when the reader read one there (`known` true), or that the slot
  /// is missing (`known` true, `number` nil); `known` false for anything else, which the
  /// caller reads the general way. As `instant(_:)`: no `Value` copied.
  @inline(__always)
  package func number(_ slot: Int) -> (known: Bool, number: Double?) {
    guard deferred[slot] < 0 else { return (false, nil) }
    switch values[slot] {
    case .number(let number): return (true, number)
    case .null: return (true, nil)
    default: return (false, nil)
    }
  }

  /// The bytes of `slot`'s text if the reader left it unread (and it is not a time).
  @inline(__always)
  package func deferredText(_ slot: Int) -> UnsafeBufferPointer<UInt8>? {
    let span = deferred[slot]
    guard span >= 0, span & Frame.deferredTime == 0, let base = line.pointee else {
      return nil
    }
    let start = span >> 32
    return UnsafeBufferPointer(start: base + start, count: (span & 0xFFFF_FFFF) - start)
  }

  /// `RecordSlots.deferredTime`, as a constant of this module (a call per read otherwise).
  private static let deferredTime = 1 << 62

  /// Whether the reader left `slot`'s text unread.
  @inline(__always)
  package func isDeferred(_ slot: Int) -> Bool { deferred[slot] >= 0 }

  /// The same record as of `instant`, what was found forgotten: for a search over instants
  /// (`vigil watch`'s next change of a verdict) with one frame, not one per instant.
  package func move(to instant: Int64) {
    now = instant
    resetFindings()
  }

  /// Forgets what the previous policy found.
  @inline(__always)
  package func resetFindings() {
    guard findings.pointee.found else { return }
    findings.pointee.found = false
    findings.pointee.stateEvidence = nil
    findings.pointee.valueEvidence = nil
    findings.pointee.stateSite = -1
    findings.pointee.stateOpen = nil
    findings.pointee.stateDuration = nil
    findings.pointee.valueSite = -1
    findings.pointee.valueDuration = nil
    if !findings.pointee.errors.isEmpty {
      findings.pointee.errors.removeAll(keepingCapacity: true)
    }
    if !findings.pointee.pauses.isEmpty {
      findings.pointee.pauses.removeAll(keepingCapacity: true)
    }
    if !findings.pointee.dishonest.isEmpty {
      findings.pointee.dishonest.removeAll(keepingCapacity: true)
    }
  }

  /// Records a value that could not be read; the expression it is in is unknown.
  package func fail(_ field: String, _ value: Value, _ message: String, help: String? = nil) {
    findings.pointee.found = true
    findings.pointee.errors.append(
      DataError(field: field, value: value, message: message, help: help))
  }
}

/// What explains a violation: which comparison, what it measured, and whether its state is open.
package struct Evidence {
  package var site: Int
  package var measured: Value
  package var open: Bool?
  /// What it was measured against, when known.
  package var limit: Value?

  /// How far past its limit the measured value is, when both are times or durations.
  package var overrun: Int64? {
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
public struct DataError: Sendable, Hashable, Codable {
  /// The field or expression it was in.
  public var field: String
  /// The value as found.
  public var value: Value
  /// What is wrong.
  public var message: String
  /// How to fix it, when there is something to say.
  public var help: String?

  /// Makes one from its parts.
  package init(field: String, value: Value, message: String, help: String? = nil) {
    self.field = field
    self.value = value
    self.message = message
    self.help = help
  }
}

/// A state's value for one record: how long it has lasted and whether it is still open.
package struct StateValue {
  /// When it started, in milliseconds.
  package var start: Int64
  /// Its length up to its end, or up to now when open.
  package var length: Int64
  /// Whether it is open at now.
  package var open: Bool
  /// For a paused state: where its interval really ends (its length leaves out the pauses),
  /// and the pauses, for counting working time: their number in the frame (`Frame.keep`),
  /// -1 for none. A state value is copied through the closures of a comparison: it holds no
  /// array, so that copying and dropping one costs no reference count.
  package var end: Int64?
  package var pauses: Int32 = -1
  /// Its dishonest pauses that count time inside it (`Frame.keep(dishonest:)`), -1 for none.
  package var dishonest: Int32 = -1
}
