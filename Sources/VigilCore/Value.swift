/// A value as the language sees it.
///
/// Times and durations are exact integers of milliseconds, never floating point, so a
/// threshold is never breached by rounding. A missing value (an absent field or an explicit
/// `null`) is `.null`.
public enum Value: Sendable, Hashable {
  /// A missing value: the field is absent or `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number (JSON numbers, numeric literals, percentages as fractions).
  case number(Double)
  /// A text.
  case text(String)
  /// An instant, in milliseconds since 1970-01-01T00:00:00Z.
  case time(Int64)
  /// A length of time, in milliseconds.
  case duration(Int64)
  /// A list of values.
  case list([Value])
  /// A nested object.
  case record([String: Value])

  /// Whether the value is missing (`null`).
  public var isMissing: Bool {
    if case .null = self { return true }
    return false
  }
}
