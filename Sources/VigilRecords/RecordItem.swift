import VigilCore

/// One record read from an input, holding only the fields of a `RecordLayout`.
package struct InputRecord: Sendable, Equatable {
  /// The 1-based physical line where the record starts.
  package var line: Int
  /// The field values, indexed by layout slot; `.null` for a field the record lacks.
  package var values: [Value]

  /// A record starting at `line` with `values` indexed by layout slot.
  package init(line: Int, values: [Value]) {
    self.line = line
    self.values = values
  }
}

/// What a reader yields: a record, or a malformed line it skipped.
package enum RecordItem: Sendable, Equatable {
  /// A well-formed record.
  case record(InputRecord)
  /// A malformed record starting at `line` (1-based), and why it was rejected.
  case rejected(line: Int, reason: String)
}

/// What reading one record in place found.
package enum ReadOutcome: Sendable, Equatable {
  /// A record starting at `line`; its values are in the buffer given.
  case record(line: Int)
  /// A malformed record starting at `line`, and why it was rejected.
  case rejected(line: Int, reason: String)
  /// The end of the input.
  case end
}

/// A streaming source of records.
package protocol RecordReader {
  /// The next record or rejected line; `nil` at the end of the input.
  mutating func next() -> RecordItem?
  /// Reads the next record into `values` (one per layout slot, each overwritten), without
  /// allocating a new array per record.
  mutating func read(into values: UnsafeMutableBufferPointer<Value>) -> ReadOutcome
  /// How many physical lines were read so far.
  var linesRead: Int { get }
}

extension RecordReader {
  /// `read(into:)` with a fresh array.
  package mutating func nextItem(slots: Int) -> RecordItem? {
    let buffer = UnsafeMutableBufferPointer<Value>.allocate(capacity: slots)
    buffer.initialize(repeating: .null)
    defer {
      buffer.deinitialize()
      buffer.deallocate()
    }
    switch read(into: buffer) {
    case .record(let line): return .record(InputRecord(line: line, values: Array(buffer)))
    case .rejected(let line, let reason): return .rejected(line: line, reason: reason)
    case .end: return nil
    }
  }
}

/// The format of a record file.
public enum InputFormat: String, Sendable {
  /// JSON Lines: one JSON object per line.
  case jsonl
  /// Comma-separated values (RFC 4180) with a header line.
  case csv

  /// The format a file's extension names, ignoring case: `.jsonl`, `.ndjson` and `.json` are
  /// JSON Lines, `.csv` is CSV; `nil` for any other extension or none.
  public init?(path: String) {
    let fileName = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
    switch fileName[fileName.index(after: dot)...].lowercased() {
    case "jsonl", "ndjson", "json": self = .jsonl
    case "csv": self = .csv
    default: return nil
    }
  }
}
