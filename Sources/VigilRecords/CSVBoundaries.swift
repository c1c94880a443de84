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
    /// The first byte not yet looked at.
    var index = 0
    var inQuotes = false
    /// The offset of a quote already taken as the second half of `""`.
    var skippedQuote = -1

    init(base: UnsafePointer<UInt8>, filled: Int) {
      self.base = base
      self.filled = filled
    }

    mutating func restart(at offset: Int) {
      recordStart = offset
      index = offset
      inQuotes = false
      skippedQuote = -1
    }

    /// The next special byte (a quote, a line feed or a non-ASCII byte) at or after `index`,
    /// or nil at `filled`.
    mutating func nextSpecial() -> Int? {
      while index < filled {
        let marked: UInt64
        if index + 8 <= filled {
          let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
          marked =
            WordScan.equal(word, RecordByte.quote) | WordScan.equal(word, RecordByte.lineFeed)
            | WordScan.nonASCII(word)
        } else {
          let byte = base[index]
          let special = byte == RecordByte.quote || byte == RecordByte.lineFeed || byte >= 0x80
          marked = special ? 0x80 : 0
        }
        guard marked != 0 else {
          index += index + 8 <= filled ? 8 : 1
          continue
        }
        // `equal` is exact for the lowest byte it marks: that one is taken, and the bytes
        // after it looked at again.
        let found = index + marked.trailingZeroBitCount >> 3
        index = found + 1
        return found
      }
      return nil
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
          case .valid(let length): index = found + length
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
