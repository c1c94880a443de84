import VigilCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits an input into physical lines (LF or CRLF), skipping a byte order mark at the start.
package struct LineSplitter {
  /// One line: its 1-based number and its bytes without the line end.
  package struct Line {
    /// The 1-based physical line number.
    package var number: Int
    /// The bytes, without `\n` or `\r\n`; valid until the next call to `nextLine`.
    package var bytes: UnsafeBufferPointer<UInt8>
    /// For a line longer than `maxLineBytes`, skipped unread: its length (`bytes` is empty).
    package var skippedLength: Int?
  }

  private let input: ByteInput
  /// The number of the last line returned: how many lines were read.
  package private(set) var lineNumber = 0
  /// The bytes of the line last returned, consumed on the next call so they stay valid.
  private var lastLineLength = 0
  /// How many pending bytes are known to hold no line feed.
  private var searched = 0
  private var hasStarted = false
  /// Lines longer than this are skipped as they are read, never held whole.
  package var maxLineBytes = Int.max

  /// Lines of `input`, skipping a byte order mark at its start when `skipsByteOrderMark`.
  package init(input: ByteInput, skipsByteOrderMark: Bool) {
    self.input = input
    self.hasStarted = !skipsByteOrderMark
  }

  /// The next line, or `nil` at the end of the input.
  package mutating func nextLine() -> Line? {
    input.consume(lastLineLength)
    lastLineLength = 0
    if !hasStarted {
      hasStarted = true
      input.skipByteOrderMark()
    }
    while true {
      let pending = input.pending
      if let length = LineSplitter.lineFeedOffset(in: pending, from: searched) {
        return take(length: length, consuming: length + 1, of: pending)
      }
      searched = pending.count
      // (A line of exactly the limit may have one byte more pending: its `\r`.)
      if searched - 1 > maxLineBytes { return skipLine() }
      if !input.readMore() {
        // Reading may have moved the bytes: look at them again.
        let last = input.pending
        return last.isEmpty ? nil : take(length: last.count, consuming: last.count, of: last)
      }
    }
  }

  /// The pending bytes from the start of the next line, when they are all the input has
  /// left, so that a line with no line feed among them ends with them: a reader may find the
  /// line's end itself as it reads (then `acceptLine(endingAt:of:)`). Nil otherwise.
  package mutating func remainingInput() -> UnsafeBufferPointer<UInt8>? {
    input.consume(lastLineLength)
    lastLineLength = 0
    guard hasStarted, searched == 0, input.isExhausted else { return nil }
    return input.pending
  }

  /// Takes the next line of `rest` (what `remainingInput` gave) as ending at offset `end`:
  /// at a line feed, or at the end of the input.
  package mutating func acceptLine(endingAt end: Int, of rest: UnsafeBufferPointer<UInt8>) {
    lineNumber += 1
    lastLineLength = end < rest.count ? end + 1 : end
  }

  /// Skips the line the pending bytes begin, which has no line end among them yet.
  private mutating func skipLine() -> Line {
    var length = 0
    var last: UInt8 = 0
    while true {
      let pending = input.pending
      if let end = LineSplitter.lineFeedOffset(in: pending, from: 0) {
        length += end
        if end > 0 { last = pending[end - 1] }
        if last == RecordByte.carriageReturn { length -= 1 }
        input.consume(end + 1)
        break
      }
      length += pending.count
      if let final = pending.last { last = final }
      input.consume(pending.count)
      if !input.readMore() { break }
    }
    lineNumber += 1
    searched = 0
    return Line(
      number: lineNumber, bytes: UnsafeBufferPointer(start: nil, count: 0), skippedLength: length)
  }

  private mutating func take(
    length: Int, consuming consumed: Int, of pending: UnsafeBufferPointer<UInt8>
  ) -> Line {
    var end = length
    if end > 0 && pending[end - 1] == RecordByte.carriageReturn {
      end -= 1
    }
    lineNumber += 1
    lastLineLength = consumed
    searched = 0
    return Line(number: lineNumber, bytes: UnsafeBufferPointer(rebasing: pending[..<end]))
  }

  /// The offset of the first line feed at or after `start`.
  package static func lineFeedOffset(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int?
  {
    guard start < bytes.count, let base = bytes.baseAddress else { return nil }
    guard let found = memchr(base + start, Int32(RecordByte.lineFeed), bytes.count - start) else {
      return nil
    }
    return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
  }
}
