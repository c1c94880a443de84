/// The limit on the length of one record: a longer one is rejected without being read whole
/// into memory (`--max-line-bytes`).
public enum LineLimit {
  /// The default limit: 64 MiB.
  public static let defaultBytes = 64 << 20

  /// Why a record of `length` bytes (without its line end) is rejected: JSON Lines names it a
  /// line, CSV a record (its quoted fields may span lines).
  static func rejection(length: Int, limit: Int, csv: Bool) -> String {
    "the \(csv ? "record" : "line") is \(length) bytes long, more than --max-line-bytes "
      + "\(limit) (raise the limit with --max-line-bytes BYTES)"
  }
}

extension PolicySet {
  /// A reader of `input` in `format` that rejects records longer than `maxLineBytes`.
  static func reader(
    _ input: ByteInput, format: InputFormat, layout: RecordLayout, maxLineBytes: Int
  ) -> any RecordReader {
    if format == .csv {
      let reader = CSVReader(input: input, layout: layout)
      reader.maxLineBytes = maxLineBytes
      return reader
    }
    let reader = JSONLinesReader(input: input, layout: layout)
    reader.maxLineBytes = maxLineBytes
    return reader
  }
}
