import VigilCore
import VigilRecords

/// Turns one record's bytes (a JSON Lines line, or a CSV record after its file's header)
/// into the values of a layout, with the audit's own readers.
package final class RecordDecoder {
  /// What one record's bytes gave.
  package enum Decoded: Equatable {
    /// The record's values, by slot.
    case record([Value])
    /// A line that cannot be read, and why (as an audit rejects it).
    case rejected(String)
    /// A blank line, or the CSV header.
    case nothing
  }

  private let layout: RecordLayout
  private let format: InputFormat
  private let maxLineBytes: Int
  private let limitOption: String?
  /// The CSV header's reader, once the header was read.
  private var header: CSVReader?
  /// The JSON Lines reader, made for the first line and restarted for each next one.
  private var jsonReader: JSONLinesReader?
  /// The CSV header's bytes, once read (a checkpoint keeps them).
  package private(set) var headerBytes: [UInt8]?

  /// A decoder of `format` records into `layout`'s slots.
  package init(
    layout: RecordLayout, format: InputFormat, maxLineBytes: Int = LineLimit.defaultBytes,
    limitOption: String? = nil
  ) {
    self.layout = layout
    self.format = format
    self.maxLineBytes = maxLineBytes
    self.limitOption = limitOption
  }

  /// Whether the CSV header is still to come (then the next record is taken as the header).
  package var awaitsHeader: Bool { format == .csv && header == nil }

  /// Forgets the CSV header: the file starts again (truncated, or replaced by a new one).
  package func restart() {
    header = nil
    headerBytes = nil
  }

  /// Decodes one record's bytes, without its line end.
  package func decode(_ bytes: [UInt8]) -> Decoded {
    switch format {
    case .jsonl:
      // One reader for every line: its trie and key predictions are made once.
      let input = ByteInput(bytes: bytes)
      let reader: JSONLinesReader
      if let jsonReader {
        reader = jsonReader
        reader.restart(with: input)
      } else {
        reader = JSONLinesReader(input: input, layout: layout)
        jsonReader = reader
      }
      reader.maxLineBytes = maxLineBytes
      reader.limitOption = limitOption
      return Self.decoded(reader.next())
    case .csv:
      guard let header else {
        let reader = CSVReader(input: ByteInput(bytes: bytes), layout: layout)
        reader.maxLineBytes = maxLineBytes
        reader.limitOption = limitOption
        if case .rejected(_, let reason) = reader.readHeader() { return .rejected(reason) }
        self.header = reader
        headerBytes = bytes
        return .nothing
      }
      let reader = CSVReader(input: ByteInput(bytes: bytes), continuing: header)
      reader.maxLineBytes = maxLineBytes
      reader.limitOption = limitOption
      return Self.decoded(reader.next())
    }
  }

  private static func decoded(_ item: RecordItem?) -> Decoded {
    switch item {
    case .record(let record): return .record(record.values)
    case .rejected(_, let reason): return .rejected(reason)
    case nil: return .nothing
    }
  }

  /// Whether `bytes` hold a whole CSV record: its quotes are balanced (a quoted field may
  /// hold line breaks, so a record may span lines). JSON Lines records are one line each.
  package func isWhole(_ bytes: [UInt8]) -> Bool {
    guard format == .csv else { return true }
    var quotes = 0
    for byte in bytes where byte == UInt8(ascii: "\"") { quotes += 1 }
    return quotes % 2 == 0
  }
}
