/// The limit on the length of one record: a longer one is rejected without being read whole
/// into memory (`--max-line-bytes`).
public enum LineLimit {
  /// The default limit: 64 MiB.
  public static let defaultBytes = 64 << 20

  /// Why a record of `length` bytes (without its line end) is rejected: JSON Lines names it a
  /// line, CSV a record (its quoted fields may span lines).
  package static func rejection(length: Int, limit: Int, csv: Bool) -> String {
    "the \(csv ? "record" : "line") is \(length) bytes long, more than --max-line-bytes "
      + "\(limit) (raise the limit with --max-line-bytes BYTES)"
  }
}
