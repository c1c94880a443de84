/// Where a chunk of CSV can be cut: after the last record boundary that the reader's own
/// scanner (`CSVScanner`) would find, found without scanning every record field by field.
///
/// A record is *regular* when its bytes are valid UTF-8, each quote opens a field (at the record's
/// start or after a comma) or closes one (followed by a comma, a line feed or a carriage
/// return and a line feed) or is half of a `""` inside one, and it is shorter than 64 KiB (so
/// that it cannot have more fields than `CSVScanner.maxFields`). The scanner reads a regular
/// record whole and without an error, so it ends at its first line feed outside quotes: only
/// the quotes, line feeds and non-ASCII bytes (each sequence checked) need a look, eight bytes
/// at a time, and the commas between them none. A record that is not regular, or may not be, is handed to the
/// scanner (`exact`), which says where it ends, malformed or not, as the reader will.
package enum CSVBoundaries {
  /// A record this long or longer is always scanned exactly: it might have too many fields.
  static let longestRegular = 1 << 16

  /// The offset just after the last record boundary in `bytes[0..<filled]`, whose first
  /// byte starts a record; nil if no record ends before `filled`. `exact(offset)` scans the
  /// record starting at `offset` as the reader does and returns its length (a blank line's
  /// too), or nil when `filled` ends before it does.
  package static func lastCut(
    in bytes: UnsafeBufferPointer<UInt8>, filled: Int, exact: (Int) -> Int?
  ) -> Int? {
    guard let base = bytes.baseAddress, filled <= bytes.count else { return nil }
    var scan = Scan(base: base, filled: filled)
    var cut: Int?
    while true {
      switch scan.next() {
      case .boundary(let end):
        cut = end
      case .irregular:
        // The record from the last boundary on is scanned exactly; the fast scan resumes
        // after it.
        guard let length = exact(scan.recordStart) else { return cut }
        cut = scan.recordStart + length
        scan.restart(at: scan.recordStart + length)
      case .end:
        return cut
      }
    }
  }

  /// The bytes of `word` the fast scan must look at, each by its high bit: every quote, line
  /// feed and non-ASCII byte is marked (with the tab and the control bytes below the line
  /// feed: one subtraction finds them with it, an or the non-ASCII bytes). The lowest marked
  /// byte is always such a byte; above it a borrow may mark others too (a `#` after a quote),
  /// but none of those bytes is ever left unmarked. A space or a carriage return is not
  /// marked: it would cost a look for nothing.
  @inline(__always)
  static func candidates(_ word: UInt64) -> UInt64 {
    ((word &- WordScan.ones &* UInt64(RecordByte.lineFeed + 1)) | word) & WordScan.highs
      | WordScan.equal(word, RecordByte.quote)
  }

  /// What the fast scan found next.
  private enum Step {
    /// A regular record ended: the next starts at this offset.
    case boundary(Int)
    /// The record starting at `recordStart` may not be regular.
    case irregular
    /// `filled` was reached inside a record (or at a boundary).
    case end
  }

  /// The fast scan's state: the record it is in and the bytes still to look at.
  private struct Scan {
    let base: UnsafePointer<UInt8>
    let filled: Int
    /// Where the current record starts (a boundary).
    var recordStart = 0
    /// The first byte not yet loaded into `marked`.
    var index = 0
    /// The bytes of the word at `wordStart` that may be special and are not yet taken, each by
    /// its high bit (`CSVBoundaries.candidates`).
    var marked: UInt64 = 0
    var wordStart = 0
    var inQuotes = false
    /// The offset of a quote already taken as the second half of `""`.
    var skippedQuote = -1

    init(base: UnsafePointer<UInt8>, filled: Int) {
      self.base = base
      self.filled = filled
    }

    mutating func restart(at offset: Int) {
      recordStart = offset
      skip(to: offset)
      inQuotes = false
      skippedQuote = -1
    }

    /// Goes on at `offset`, forgetting the bytes marked before it.
    mutating func skip(to offset: Int) {
      index = offset
      marked = 0
    }

    /// The next special byte (a quote, a line feed or a non-ASCII byte) at or after `index`,
    /// or nil at `filled`. A word is loaded once: its marked bytes are taken one by one, and
    /// those that are not special (a tab, or a byte a borrow marked) passed over.
    mutating func nextSpecial() -> Int? {
      while true {
        while marked != 0 {
          let found = wordStart &+ marked.trailingZeroBitCount &>> 3
          marked &= marked &- 1
          let byte = base[found]
          if byte == RecordByte.quote || byte == RecordByte.lineFeed || byte >= 0x80 {
            return found
          }
        }
        // The words with no byte marked are passed over in a loop of their own (on locals).
        var next = index
        let raw = UnsafeRawPointer(base)
        while next &+ 8 <= filled {
          let found = CSVBoundaries.candidates(
            raw.loadUnaligned(fromByteOffset: next, as: UInt64.self))
          if found != 0 {
            marked = found
            break
          }
          next &+= 8
        }
        if marked != 0 {
          wordStart = next
          index = next &+ 8
          continue
        }
        guard next < filled else {
          index = next
          return nil
        }
        let byte = base[next]
        marked = byte <= RecordByte.quote || byte >= 0x80 ? 0x80 : 0
        wordStart = next
        index = next &+ 1
      }
    }

    mutating func next() -> Step {
      while let found = nextSpecial() {
        let byte = base[found]
        if byte == RecordByte.lineFeed {
          guard !inQuotes else { continue }
          guard found + 1 - recordStart < CSVBoundaries.longestRegular else { return .irregular }
          recordStart = found + 1
          return .boundary(recordStart)
        }
        guard found - recordStart < CSVBoundaries.longestRegular else { return .irregular }
        if byte >= 0x80 {
          // Valid UTF-8 is never an error; anything else the scanner judges.
          let bytes = UnsafeBufferPointer(start: base, count: filled)
          switch UTF8Validation.sequence(in: bytes, at: found) {
          case .valid(let length): skip(to: found + length)
          case .truncated: return .end
          case .invalid: return .irregular
          }
          continue
        }
        if found == skippedQuote { continue }
        if !inQuotes {
          // An opening quote: only at a field's start.
          guard found == recordStart || base[found - 1] == RecordByte.comma else {
            return .irregular
          }
          inQuotes = true
          continue
        }
        // In quotes: `""`, or the closing quote and what must follow it.
        guard found + 1 < filled else { return .end }
        switch base[found + 1] {
        case RecordByte.quote:
          skippedQuote = found + 1
        case RecordByte.comma, RecordByte.lineFeed:
          inQuotes = false
        case RecordByte.carriageReturn:
          guard found + 2 < filled else { return .end }
          guard base[found + 2] == RecordByte.lineFeed else { return .irregular }
          inQuotes = false
        default:
          return .irregular
        }
      }
      return .end
    }
  }
}
