/// The limit on the length of one record: a longer one is rejected without being read whole
/// into memory. What sets it is the caller's to name (`AuditOptions.limitOption`): this stage
/// knows no command line.
public enum LineLimit {
  /// The default limit: 64 MiB.
  public static let defaultBytes = 64 << 20

  /// Why a record of `length` bytes (without its line end) is rejected: JSON Lines names it a
  /// line, CSV a record (its quoted fields may span lines). The message names `option`, the
  /// option that sets the limit, and how to raise it; with none (the limit cannot be set
  /// where the record is read), only the limit.
  package static func rejection(length: Int, limit: Int, csv: Bool, option: String? = nil)
    -> String
  {
    let what = csv ? "record" : "line"
    guard let option else {
      return "the \(what) is \(length) bytes long, more than the \(limit) bytes a \(what) may have"
    }
    return "the \(what) is \(length) bytes long, more than \(option) \(limit) "
      + "(raise the limit with \(option) BYTES)"
  }
}
