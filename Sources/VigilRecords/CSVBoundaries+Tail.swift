#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a chunk of CSV can be cut, found from its last bytes alone.
///
/// Just after a line feed the reader's scanner (`CSVScanner`) is in one of two states: at a
/// record's start (the line feed ended a record, a blank line, or a malformed record), or
/// inside a quoted field (the line feed is part of it). From that line feed on, the bytes are
/// scanned both ways: as records from a record's start, and as the rest of a quoted field
/// then records. The scanner is deterministic from a record's start, so once both ways reach
/// the same record's start, every record start after it is the same whichever way was true:
/// a real one. In real CSV they meet within a record or two (a quote read the wrong way round
/// is soon followed by a letter where a comma must be, a malformed record that ends at its
/// line). The chunk is then cut after its last record, scanned from there: the same cut as
/// scanning the whole chunk (`lastCut(in:filled:exact:)`), with no pass over its other bytes.
///
/// One more thing tells the two ways apart: how many fields the record had before the line
/// feed, which the second way cannot know. Past `CSVScanner.maxFields` a record is malformed
/// at the start of that field and ends at the first line feed after it: the first way is
/// taken as proven only when no line feed lies between the first field after the quoted one
/// and the record's end, so that the record ends at the same line feed however many fields
/// it had.
extension CSVBoundaries {
  /// The first stretch of the end of a chunk of about `size` bytes scanned both ways (16 KiB
  /// of the usual 2 MiB, at least 16 bytes); if the ways do not meet in it, one eight times as
  /// long, and so on; the whole chunk is scanned once the stretch would reach its start.
  package static func tailWindow(chunkSize size: Int) -> Int {
    Swift.max(size / 128, 16)
  }

  /// The offset just after the last record boundary in `bytes[0..<filled]`, whose first byte
  /// starts a record, as the scanner finds it: nil if no record ends before `filled`. Found
  /// from the last `window` bytes when they prove it (or longer stretches), else by scanning
  /// the chunk from its start (`lastCut(in:filled:exact:)`).
  package static func lastCut(
    in bytes: UnsafeBufferPointer<UInt8>, filled: Int, window: Int,
    fields: inout CSVFields
  ) -> Int? {
    guard let base = bytes.baseAddress, filled <= bytes.count else { return nil }
    // Without a quote, no field holds a line end and a malformed record ends at its own
    // (where the reader resumes): the chunk ends after its last line end.
    if memchr(base, Int32(RecordByte.quote), filled) == nil {
      return ByteCount.last(RecordByte.lineFeed, in: bytes, before: filled).map { $0 + 1 }
    }
    // After the last quote, a quoted field opened before would still be open: no line feed
    // there can be proven, so the scans both ways begin before it at the latest.
    let lastQuote = ByteCount.last(RecordByte.quote, in: bytes, before: filled) ?? 0
    var stretch = Swift.max(window, 1)
    while stretch < filled {
      var lineFeed = LineSplitter.lineFeedOffset(
        in: UnsafeBufferPointer(start: base, count: filled), from: filled - stretch)
      if lineFeed.map({ $0 > lastQuote }) ?? true {
        lineFeed = ByteCount.last(RecordByte.lineFeed, in: bytes, before: lastQuote)
        guard let lineFeed else { break }
        stretch = filled - lineFeed
      }
      if let lineFeed,
        let cut = provenCut(in: bytes, filled: filled, after: lineFeed, fields: &fields)
      {
        return cut
      }
      stretch = stretch > filled / 8 ? filled : stretch * 8
    }
    // Record by record from the chunk's start: only the quotes and line ends of regular
    // records looked at, any other record scanned.
    return lastCut(in: bytes, filled: filled) { offset in
      recordLength(in: bytes, at: offset, filled: filled, fields: &fields)
    }
  }

  /// The last record boundary before `filled`, when the bytes after the line feed at
  /// `lineFeed` prove where a record starts whichever state the scanner is in after it; nil
  /// when they do not (or when no record ends after it).
  static func provenCut(
    in bytes: UnsafeBufferPointer<UInt8>, filled: Int, after lineFeed: Int,
    fields: inout CSVFields
  ) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    // At a record's start.
    var start = lineFeed + 1
    // Inside a quoted field.
    var inside = CSVScanner(
      bytes: UnsafeBufferPointer(rebasing: bytes[start..<filled]), isFinal: false)
    let (result, nextField) = inside.scanRecordInsideQuotes(into: &fields)
    guard case .record(let record) = result else { return nil }
    if let nextField, nextField < record.length - 1,
      memchr(base + start + nextField, Int32(RecordByte.lineFeed), record.length - 1 - nextField)
        != nil
    {
      // Had the record many fields before, it could end at that line feed instead.
      return nil
    }
    var other = start + record.length
    // Record by record, the one behind catching up, until both are at the same start.
    while start != other {
      let behind = Swift.min(start, other)
      guard let length = recordLength(in: bytes, at: behind, filled: filled, fields: &fields)
      else { return nil }
      if start < other { start += length } else { other += length }
    }
    // A record's start: the records after it end where the reader will end them (only the
    // quotes and line ends of regular records looked at, any other record scanned).
    let rest = UnsafeBufferPointer(rebasing: bytes[start..<filled])
    let last = lastCut(in: rest, filled: rest.count) { offset in
      recordLength(in: bytes, at: start + offset, filled: filled, fields: &fields)
    }
    return start + (last ?? 0)
  }

  /// The length of the record (or blank line) the scanner reads at `offset`, or nil when
  /// `filled` ends before it does.
  static func recordLength(
    in bytes: UnsafeBufferPointer<UInt8>, at offset: Int, filled: Int, fields: inout CSVFields
  ) -> Int? {
    var scanner = CSVScanner(
      bytes: UnsafeBufferPointer(rebasing: bytes[offset..<filled]), isFinal: false)
    switch scanner.scanRecord(into: &fields) {
    case .record(let record): return record.length
    case .blankLine(let length): return length
    case .needsMore, .endOfInput: return nil
    }
  }
}
