import VigilCore

/// A record's values by slot, as a reader fills them: the values it read, and the texts it
/// left unread (their bytes' span in the current line) until something reads them. One per
/// thread, reused from record to record.
package final class RecordSlots {
  /// The record's values, by slot. A buffer of its own, not an array, so that reading a
  /// slot costs no exclusivity check.
  package let values: UnsafeMutableBufferPointer<Value>
  /// Texts a reader left unread, by slot: the span of their bytes in the current line
  /// (`start << 32 | end`, plus `deferredTime` for a time), or -1 when the slot's value is
  /// in `values`.
  package let deferred: UnsafeMutableBufferPointer<Int>
  /// Marks a deferred span holding a time.
  package static var deferredTime: Int { 1 << 62 }
  /// Where the current line's bytes start, for the deferred texts.
  package let line: UnsafeMutablePointer<UnsafePointer<UInt8>?>

  /// Slots for a layout of `count` fields, all null.
  package init(count: Int) {
    values = .allocate(capacity: count)
    values.initialize(repeating: .null)
    deferred = .allocate(capacity: count)
    deferred.initialize(repeating: -1)
    line = .allocate(capacity: 1)
    line.initialize(to: nil)
  }

  deinit {
    values.deinitialize()
    values.deallocate()
    deferred.deallocate()
    line.deallocate()
  }

  /// Sets every value to `.null`, writing only those that are not (most slots of a record
  /// stay null: their texts are left unread), so that clearing costs no call to destroy one.
  @inline(__always)
  package static func clear(_ values: UnsafeMutableBufferPointer<Value>) {
    for slot in values.indices {
      switch values[slot] {
      case .null: continue
      case .bool, .number, .time, .duration:
        // Nothing to destroy: overwritten in place (the usual case, a time read).
        (values.baseAddress.unsafelyUnwrapped + slot).initialize(to: .null)
      case .text, .list, .record: values[slot] = .null
      }
    }
  }

  /// `clear(values)`, and every slot's deferred span forgotten, in the same pass (a second
  /// loop over the spans was a call to `memset` per record).
  @inline(__always)
  package static func clear(
    _ values: UnsafeMutableBufferPointer<Value>, deferred: UnsafeMutableBufferPointer<Int>
  ) {
    precondition(deferred.count == values.count, "a span for every slot")
    let spans = deferred.baseAddress.unsafelyUnwrapped
    for slot in values.indices {
      (spans + slot).pointee = -1
      switch values[slot] {
      case .null: continue
      case .bool, .number, .time, .duration:
        (values.baseAddress.unsafelyUnwrapped + slot).initialize(to: .null)
      case .text, .list, .record: values[slot] = .null
      }
    }
  }

  /// Puts `instant` in `slot`, where the value is one `clear(_:)` may overwrite in place:
  /// with no call to destroy the one it replaces when that holds nothing to destroy.
  @inline(__always)
  package static func put(
    time instant: Int64, at slot: Int, in values: UnsafeMutableBufferPointer<Value>
  ) {
    switch values[slot] {
    case .null, .bool, .number, .time, .duration:
      (values.baseAddress.unsafelyUnwrapped + slot).initialize(to: .time(instant))
    case .text, .list, .record: values[slot] = .time(instant)
    }
  }

  /// The value of a text the reader left unread at `slot` (its `span` in the current line),
  /// read now and kept in `values`. The evaluator's frame reads the slots itself, with its
  /// own copies of these pointers, and calls this for a deferred one.
  @inline(never)
  package func materialize(_ slot: Int, _ span: Int) -> Value {
    let start = (span >> 32) & 0x3FFF_FFFF
    let end = span & 0xFFFF_FFFF
    // INVARIANT: spans are only set while the line they point into is current.
    let bytes = UnsafeBufferPointer(start: line.pointee! + start, count: end - start)
    let value: Value
    if span & RecordSlots.deferredTime != 0,
      case .time(let instant) = TimeParsing.parseISO8601(bytes)
    {
      value = .time(instant)
    } else {
      value = .text(String(decoding: bytes, as: UTF8.self))
    }
    values[slot] = value
    deferred[slot] = -1
    return value
  }
}
