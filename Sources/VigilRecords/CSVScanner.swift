import VigilCore

/// Where one field of a CSV record lies in the scanned bytes.
package struct CSVFieldSpan: Equatable {
  /// The offset of the first content byte (after an opening quote).
  package var start: Int
  /// The offset after the last content byte (before a closing quote or the line end).
  package var end: Int
  /// Whether the content holds `""` escapes (so it must be unescaped, not copied).
  package var hasEscapedQuotes: Bool
}

/// A record whose end the scanner reached.
package struct CSVScannedRecord: Equatable {
  /// The bytes to consume: the record and its line end, or for a malformed record, through
  /// the line end after the error (or to the end of the input).
  package var length: Int
  /// The line feeds among those bytes.
  package var lines: Int
  /// Why the record is malformed, or `nil` when it is well formed.
  package var malformation: String?
}

/// What scanning the bytes at the start of the pending input found.
package enum CSVScanResult: Equatable {
  /// A record, well formed or not.
  case record(CSVScannedRecord)
  /// An empty line of `length` bytes.
  case blankLine(length: Int)
  /// The bytes end before the record does: read more and scan again.
  case needsMore
  /// No bytes are left.
  case endOfInput
}

/// Scans one RFC 4180 record at a time: fields separated by commas, records by LF or CRLF,
/// quoted fields holding commas, line ends and `""` for a quote.
///
/// The scanner is restartable: given the same record's bytes with more appended, it finds the
/// same fields, so a reader that gets `.needsMore` reads more input and scans again.
package struct CSVScanner {
  /// The most fields a record (or the header) may have: each costs memory while the record
  /// is read, so a line of commas cannot take many times its own size.
  package static let maxFields = 100_000

  /// The pending bytes, starting at a record.
  package let bytes: UnsafeBufferPointer<UInt8>
  /// Whether no more bytes will follow `bytes`.
  package let isFinal: Bool

  private var position = 0
  private var lineFeeds = 0

  /// A scanner of the record at the start of `bytes`.
  package init(bytes: UnsafeBufferPointer<UInt8>, isFinal: Bool) {
    self.bytes = bytes
    self.isFinal = isFinal
  }

  /// A field could not be read: the reason, or that more bytes are needed to tell.
  private enum Failure: Error {
    case malformed(String, at: Int)
    case needsMore
  }

  /// Scans the record at the start of `bytes`, putting its fields in `fields`.
  package mutating func scanRecord<Fields: CSVFieldList & ~Copyable>(
    into fields: inout Fields
  ) -> CSVScanResult {
    fields.removeAll(keepingCapacity: true)
    if let early = emptyLineOrEnd() { return early }
    if let record = scanPlainRecord(into: &fields) { return .record(record) }
    // Anything else is judged field by field, from the record's start.
    return scanFieldByField(into: &fields)
  }

  /// The end of a record whose bytes start inside one of its quoted fields (as though an
  /// opening quote came just before them), found as `scanRecord` would find it had it begun
  /// at the record's start, when the record's fields before are few (`CSVBoundaries` proves
  /// where a chunk can be cut with it). Also where the first field after the quoted one
  /// starts, if one does: should the fields before have been many, the record would be
  /// malformed there (too many fields) and end at the first line feed after it.
  package mutating func scanRecordInsideQuotes<Fields: CSVFieldList & ~Copyable>(
    into fields: inout Fields
  ) -> (result: CSVScanResult, nextField: Int?) {
    fields.removeAll(keepingCapacity: true)
    position = 0
    lineFeeds = 0
    var nextField: Int?
    do {
      fields.append(try scanQuotedContent(number: 1))
      if try endQuotedField(number: 1) {
        nextField = position
        while try scanField(into: &fields) {}
      }
      return (.record(CSVScannedRecord(length: position, lines: lineFeeds)), nextField)
    } catch {
      switch error {
      case .needsMore: return (.needsMore, nextField)
      case .malformed(let reason, let offset):
        return (skipLine(after: offset, reason: reason), nextField)
      }
    }
  }

  /// `scanRecord` without its jumps from comma to comma: each field scanned on its own (what
  /// `scanRecord` falls back on, and what tests compare it with).
  package mutating func scanFieldByField<Fields: CSVFieldList & ~Copyable>(
    into fields: inout Fields
  ) -> CSVScanResult {
    fields.removeAll(keepingCapacity: true)
    position = 0
    lineFeeds = 0
    if let early = emptyLineOrEnd() { return early }
    do {
      while try scanField(into: &fields) {}
      return .record(CSVScannedRecord(length: position, lines: lineFeeds))
    } catch {
      switch error {
      case .needsMore: return .needsMore
      case .malformed(let reason, let offset): return skipLine(after: offset, reason: reason)
      }
    }
  }

  /// The record at the start of `bytes`, found by jumping from comma to comma, when it is
  /// well formed and whole (its line end, or the end of the last bytes); nil for anything
  /// the field-by-field scan must judge (a quote inside a field, invalid UTF-8, too many
  /// fields, a record not all read yet). Eight bytes are looked at at a time: a word with no
  /// byte below `,` + 1 and none above ASCII costs a subtraction, an or and a test
  /// (`candidates`); the bytes such a word marks are each looked at, and those that are not a
  /// comma, a line feed, a quote or non-ASCII (a space, a digit's `+`, a carriage return)
  /// passed over. A quoted field is read by the field-by-field scan's own parts.
  private mutating func scanPlainRecord<Fields: CSVFieldList & ~Copyable>(
    into fields: inout Fields
  ) -> CSVScannedRecord? {
    guard let base = bytes.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    let count = bytes.count
    var start = 0
    var index = 0
    scanning: while true {
      // Each marked byte of a word, lowest first; then the bytes left one by one.
      while index < count {
        var marked: UInt64
        let width: Int
        if index &+ 8 <= count {
          marked = CSVScanner.candidates(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
          width = 8
        } else {
          marked = base[index] <= RecordByte.comma || base[index] >= 0x80 ? 0x80 : 0
          width = 1
        }
        while marked != 0 {
          let found = index &+ marked.trailingZeroBitCount &>> 3
          marked &= marked &- 1
          let byte = base[found]
          if byte == RecordByte.comma {
            guard fields.count < CSVScanner.maxFields else { return nil }
            fields.append(CSVFieldSpan(start: start, end: found, hasEscapedQuotes: false))
            start = found &+ 1
          } else if byte == RecordByte.lineFeed {
            guard fields.count < CSVScanner.maxFields else { return nil }
            fields.append(
              CSVFieldSpan(start: start, end: trimmed(start, found), hasEscapedQuotes: false))
            return CSVScannedRecord(length: found &+ 1, lines: lineFeeds &+ 1)
          } else if byte == RecordByte.quote {
            // A quote opens a field, or the field-by-field scan judges the record.
            guard found == start else { return nil }
            position = found
            guard fields.count < CSVScanner.maxFields,
              let field = try? scanQuotedField(number: fields.count + 1)
            else { return nil }
            fields.append(field)
            guard let more = try? endQuotedField(number: fields.count) else { return nil }
            guard more else { return CSVScannedRecord(length: position, lines: lineFeeds) }
            start = position
            index = position
            continue scanning
          } else if byte >= 0x80 {
            position = found
            guard let length = try? utf8Length(number: fields.count + 1) else { return nil }
            index = found &+ length
            continue scanning
          }
          // Anything else marked is plain: a byte below `,`, or one a borrow marked.
        }
        index &+= width
      }
      // The last field of the last bytes, with no line end.
      guard isFinal, fields.count < CSVScanner.maxFields else { return nil }
      fields.append(CSVFieldSpan(start: start, end: trimmed(start, count), hasEscapedQuotes: false))
      return CSVScannedRecord(length: count, lines: lineFeeds)
    }
  }

  /// The bytes of `word` the plain scan must look at, each by its high bit: every byte that
  /// is not ASCII or is at most `,` (a comma, a quote, a line feed, and other bytes below
  /// them) is marked. The lowest marked byte is always such a byte; above it a borrow may
  /// mark others too, but none of those bytes is ever left unmarked.
  @inline(__always)
  static func candidates(_ word: UInt64) -> UInt64 {
    ((word &- WordScan.ones &* UInt64(RecordByte.comma + 1)) | word) & WordScan.highs
  }

  /// The end of a record's last field that ends at `end`: before a carriage return there.
  @inline(__always)
  private func trimmed(_ start: Int, _ end: Int) -> Int {
    end > start && bytes[end - 1] == RecordByte.carriageReturn ? end - 1 : end
  }

  /// The result for bytes that start with a line end or hold nothing, if so.
  private func emptyLineOrEnd() -> CSVScanResult? {
    guard !bytes.isEmpty else { return isFinal ? .endOfInput : .needsMore }
    if bytes[0] == RecordByte.lineFeed { return .blankLine(length: 1) }
    guard bytes[0] == RecordByte.carriageReturn else { return nil }
    guard bytes.count > 1 else { return isFinal ? .blankLine(length: 1) : .needsMore }
    return bytes[1] == RecordByte.lineFeed ? .blankLine(length: 2) : nil
  }

  /// Scans one field and its terminator; returns whether another field follows.
  private mutating func scanField<Fields: CSVFieldList & ~Copyable>(
    into fields: inout Fields
  ) throws(Failure) -> Bool {
    let number = fields.count + 1
    guard number <= CSVScanner.maxFields else {
      throw .malformed(
        "has more than \(CSVScanner.maxFields) fields, the most a record may have", at: position)
    }
    if position < bytes.count && bytes[position] == RecordByte.quote {
      fields.append(try scanQuotedField(number: number))
      return try endQuotedField(number: number)
    }
    let start = position
    try scanUnquotedContent(number: number)
    var end = position
    let endsRecord = position == bytes.count || bytes[position] == RecordByte.lineFeed
    if endsRecord && end > start && bytes[end - 1] == RecordByte.carriageReturn {
      end -= 1
    }
    fields.append(CSVFieldSpan(start: start, end: end, hasEscapedQuotes: false))
    return consumeTerminator()
  }

  /// Moves to the comma or line feed ending an unquoted field, or the end of the input.
  private mutating func scanUnquotedContent(number: Int) throws(Failure) {
    while position < bytes.count {
      position = CSVScanner.skipPlainBytes(in: bytes, from: position, inQuotes: false)
      guard position < bytes.count else { break }
      let byte = bytes[position]
      if byte == RecordByte.comma || byte == RecordByte.lineFeed { return }
      if byte == RecordByte.quote {
        throw .malformed("unexpected '\"' in unquoted field \(number)", at: position)
      }
      position += byte < 0x80 ? 1 : try utf8Length(number: number)
    }
    guard isFinal else { throw .needsMore }
  }

  /// The offset of the first byte at or after `index` that the scanner must look at: a quote,
  /// a line feed, a non-ASCII byte, and outside quotes a comma; or of the first byte of the
  /// last incomplete word. Sixteen bytes at a time, then eight.
  @inline(__always)
  package static func skipPlainBytes(
    in bytes: UnsafeBufferPointer<UInt8>, from index: Int, inQuotes: Bool
  ) -> Int {
    let quote = SIMD16<UInt8>(repeating: RecordByte.quote)
    let lineFeed = SIMD16<UInt8>(repeating: RecordByte.lineFeed)
    // Inside quotes a comma is plain: compared with a byte no text has there (a quote).
    let comma = SIMD16<UInt8>(repeating: inQuotes ? RecordByte.quote : RecordByte.comma)
    return WordScan.skipWide(in: bytes, from: index) { chunk in
      // Read as signed, a non-ASCII byte is negative.
      (chunk .== quote) .| (chunk .== lineFeed) .| (chunk .== comma)
        .| (SIMD16<Int8>(truncatingIfNeeded: chunk) .< SIMD16<Int8>())
    } flags: { word in
      let special =
        WordScan.equal(word, RecordByte.quote) | WordScan.equal(word, RecordByte.lineFeed)
        | WordScan.nonASCII(word)
      return inQuotes ? special : special | WordScan.equal(word, RecordByte.comma)
    }
  }

  /// Consumes the comma or line end after a field; returns whether another field follows.
  private mutating func consumeTerminator() -> Bool {
    guard position < bytes.count else { return false }
    position += 1
    if bytes[position - 1] == RecordByte.comma { return true }
    lineFeeds += 1
    return false
  }

  /// At an opening quote: moves past the closing quote; returns the content's span.
  private mutating func scanQuotedField(number: Int) throws(Failure) -> CSVFieldSpan {
    position += 1
    return try scanQuotedContent(number: number)
  }

  /// Inside a quoted field, at `position`: moves past the closing quote; returns the span
  /// from `position` to it.
  private mutating func scanQuotedContent(number: Int) throws(Failure) -> CSVFieldSpan {
    // Said relative to the record's first line: a chunk of a parallel audit counts its lines
    // from 1, and only the record's own line is renumbered.
    let linesBelow = lineFeeds
    let start = position
    var hasEscapedQuotes = false
    while true {
      guard position < bytes.count else {
        guard isFinal else { throw .needsMore }
        var reason = "unterminated quoted field \(number)"
        if linesBelow > 0 {
          reason +=
            ", opened \(linesBelow) line\(linesBelow == 1 ? "" : "s") below the record's first"
        }
        throw .malformed(reason, at: bytes.count)
      }
      position = CSVScanner.skipPlainBytes(in: bytes, from: position, inQuotes: true)
      guard position < bytes.count else { continue }
      let byte = bytes[position]
      if byte == RecordByte.quote {
        guard position + 1 < bytes.count || isFinal else { throw .needsMore }
        guard position + 1 < bytes.count && bytes[position + 1] == RecordByte.quote else {
          position += 1
          return CSVFieldSpan(start: start, end: position - 1, hasEscapedQuotes: hasEscapedQuotes)
        }
        hasEscapedQuotes = true
        position += 2
      } else if byte < 0x80 {
        if byte == RecordByte.lineFeed { lineFeeds += 1 }
        position += 1
      } else {
        position += try utf8Length(number: number)
      }
    }
  }

  /// After a closing quote: consumes the comma or line end; returns whether a field follows.
  private mutating func endQuotedField(number: Int) throws(Failure) -> Bool {
    guard position < bytes.count else {
      guard isFinal else { throw .needsMore }
      return false
    }
    switch bytes[position] {
    case RecordByte.comma, RecordByte.lineFeed:
      return consumeTerminator()
    case RecordByte.carriageReturn:
      guard position + 1 < bytes.count else {
        guard isFinal else { throw .needsMore }
        position += 1
        return false
      }
      if bytes[position + 1] == RecordByte.lineFeed {
        position += 1
        return consumeTerminator()
      }
    default:
      break
    }
    throw .malformed(
      "unexpected character after the closing quote of field \(number)", at: position)
  }

  /// The length of the well-formed UTF-8 sequence at `position`.
  private func utf8Length(number: Int) throws(Failure) -> Int {
    switch UTF8Validation.sequence(in: bytes, at: position) {
    case .valid(let length):
      return length
    case .truncated where !isFinal:
      throw .needsMore
    case .truncated, .invalid:
      throw .malformed("invalid UTF-8 in field \(number)", at: position)
    }
  }

  /// The result for a malformed record: skip through the line feed after `offset`.
  private func skipLine(after offset: Int, reason: String) -> CSVScanResult {
    if let lineFeed = LineSplitter.lineFeedOffset(in: bytes, from: offset) {
      let record = CSVScannedRecord(
        length: lineFeed + 1, lines: lineFeeds + 1, malformation: reason)
      return .record(record)
    }
    guard isFinal else { return .needsMore }
    return .record(CSVScannedRecord(length: bytes.count, lines: lineFeeds, malformation: reason))
  }
}
