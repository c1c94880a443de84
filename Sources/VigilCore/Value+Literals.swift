import Foundation

/// Values written as Swift literals, so that an embedder writes records as they read:
/// `["id": "T-1", "priority": 2, "vip": true, "tags": ["a"], "customer": ["tier": "key"],
/// "resolved_at": nil]`.
extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  /// A text.
  public init(stringLiteral text: String) { self = .text(text) }
  /// A number.
  public init(integerLiteral number: Int) { self = .number(Double(number)) }
  /// A number.
  public init(floatLiteral number: Double) { self = .number(number) }
  /// `true` or `false`.
  public init(booleanLiteral truth: Bool) { self = .bool(truth) }
  /// A list.
  public init(arrayLiteral items: Value...) { self = .list(items) }
  /// A nested record; a key given twice keeps its last value, as in a JSON record.
  public init(dictionaryLiteral fields: (String, Value)...) {
    self = .record(Dictionary(fields, uniquingKeysWith: { _, last in last }))
  }
  /// A missing value.
  public init(nilLiteral: ()) { self = .null }
}

extension Value {
  /// An instant, to the millisecond (rounded down).
  public init(_ date: Date) {
    self = .time(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
  }

  /// The instant, when the value is a time.
  public var date: Date? {
    guard case .time(let milliseconds) = self else { return nil }
    return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
  }
}

extension Value {
  /// A value from what Foundation gives: `String`, numbers, `Bool`, `Date`, `NSNull`, arrays
  /// and dictionaries of them (`JSONSerialization`'s output, a `[String: Any]` record); nil
  /// for anything else.
  public init?(any: Any) {
    switch any {
    case let value as Value: self = value
    case is NSNull: self = .null
    case let text as String: self = .text(text)
    case let truth as Bool where type(of: any) == Bool.self: self = .bool(truth)
    case let number as Int: self = .number(Double(number))
    case let number as Int64: self = .number(Double(number))
    case let number as Double: self = .number(number)
    case let number as NSNumber: self = .number(number.doubleValue)
    case let date as Date: self = Value(date)
    case let items as [Any]:
      var values: [Value] = []
      for item in items {
        guard let value = Value(any: item) else { return nil }
        values.append(value)
      }
      self = .list(values)
    case let fields as [String: Any]:
      var record: [String: Value] = [:]
      for (key, field) in fields {
        guard let value = Value(any: field) else { return nil }
        record[key] = value
      }
      self = .record(record)
    default: return nil
    }
  }
}
