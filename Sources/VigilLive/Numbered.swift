import Foundation

/// Values by number, numbered in the order they were added: a value taken out leaves its
/// number unused (the watch's sequence groups and records, released as cases are). Written to
/// a checkpoint in the order of their numbers.
struct Numbered<Element: Codable & Equatable>: Codable, Equatable {
  private var values: [Int: Element] = [:]
  /// The number the next value added gets.
  private(set) var next = 0

  init() {}

  /// The value numbered `number`, which must be kept.
  subscript(number: Int) -> Element {
    get {
      // INVARIANT: the callers use only numbers of values kept.
      values[number]!
    }
    _modify {
      // INVARIANT: as above.
      yield &values[number]!
    }
  }

  /// The value numbered `number`, nil when there is none (any more).
  func at(_ number: Int) -> Element? { values[number] }

  var count: Int { values.count }
  var isEmpty: Bool { values.isEmpty }

  /// The numbers kept, in order.
  var numbers: [Int] { values.keys.sorted() }

  /// Adds `value`; returns its number.
  mutating func append(_ value: Element) -> Int {
    values[next] = value
    next += 1
    return next - 1
  }

  /// Takes the value numbered `number` out.
  @discardableResult
  mutating func remove(_ number: Int) -> Element? { values.removeValue(forKey: number) }

  private enum CodingKeys: String, CodingKey { case next, numbers, values }

  init(from decoder: Decoder) throws {
    // A state written before values were released holds them all, numbered from 0.
    if let all = try? decoder.singleValueContainer().decode([Element].self) {
      values = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($0.offset, $0.element) })
      next = all.count
      return
    }
    let container = try decoder.container(keyedBy: CodingKeys.self)
    next = try container.decode(Int.self, forKey: .next)
    let numbers = try container.decode([Int].self, forKey: .numbers)
    let kept = try container.decode([Element].self, forKey: .values)
    values = Dictionary(zip(numbers, kept), uniquingKeysWith: { first, _ in first })
  }

  /// Writes it as `encode(to:)` does, each value encoded by itself (`StreamedJSON`).
  func write(to out: inout StreamedJSON, _ encoder: JSONEncoder) throws {
    let numbers = self.numbers
    try out.append("{".utf8)
    try out.member("next", first: true)
    try out.value(next, encoder)
    try out.member("numbers")
    try out.value(numbers, encoder)
    try out.member("values")
    // INVARIANT: the numbers are the keys.
    try out.array(numbers.lazy.map { values[$0]! }, encoder)
    try out.append("}".utf8)
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    let numbers = self.numbers
    try container.encode(next, forKey: .next)
    try container.encode(numbers, forKey: .numbers)
    // INVARIANT: the numbers are the keys.
    try container.encode(numbers.map { values[$0]! }, forKey: .values)
  }
}
