/// The operations on values every stage shares: describing and formatting values for
/// messages and reports, and the comparisons that never fail. The operations of the language
/// that read records (reading, comparing, arithmetic) extend it in `VigilEvaluation`.
package enum Operations {
  /// Texts compared exactly, as their UTF-8 bytes: by Unicode code points, with no
  /// normalisation (the same whether a text was read into a string or compared as bytes).
  package static func textOrder(_ x: String, _ y: String) -> Int {
    TextBytes.compare(x, y)
  }

  /// Equality that never fails: a text that is not a number is simply not equal to one.
  package static func looselyEqual(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.text(let x), .text(let y)): return TextBytes.equal(x, y)
    case (.text(let string), .number(let number)), (.number(let number), .text(let string)):
      return NumberText.number(string) == number
    default: return a == b
    }
  }

  /// Whether `element` is in `list`: unknown (null) when the element is missing, or when it
  /// is not found in a list that holds a missing value.
  package static func membership(_ element: Value, _ list: Value, negated: Bool) -> Value {
    guard !element.isMissing, case .list(let items) = list else { return .null }
    if items.contains(where: { looselyEqual(element, $0) }) { return .bool(!negated) }
    // As SQL: not found in a list holding null is unknown.
    if items.contains(where: \.isMissing) { return .null }
    return .bool(negated)
  }

  // MARK: - Describing values

  /// A value's kind and content for a message: `the text 'abc'`, `the number 5`.
  package static func describe(_ value: Value) -> String {
    switch value {
    case .null: return "a missing value"
    case .bool(let truth): return "the value \(truth)"
    case .number: return "the number \(format(value))"
    case .text(let text): return "the text '\(text)'"
    case .time: return "the time \(format(value))"
    case .duration: return "the duration \(format(value))"
    case .list: return "a list"
    case .record: return "a nested record"
    }
  }

  /// A value as reports show it.
  package static func format(_ value: Value) -> String {
    switch value {
    case .null: return "null"
    case .bool(let truth): return String(truth)
    case .number(let number): return formatNumber(number)
    case .text(let text): return text
    case .time(let instant): return TimeParsing.formatISO8601(instant)
    case .duration(let ms): return DurationFormat.format(ms)
    case .list(let items): return "[" + items.map(format).joined(separator: ", ") + "]"
    case .record: return "{…}"
    }
  }

  package static func formatNumber(_ number: Double) -> String {
    if number.rounded() == number && abs(number) < 1e15 { return String(Int64(number)) }
    return String(number)
  }
}
