/// The path of a field inside a record: `owner` is `["owner"]`, `customer.tier` is
/// `["customer", "tier"]`. A backquoted name (`` `Created Date` ``) is one component.
public struct FieldPath: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The names along the path, outermost first.
  public var components: [String]

  /// A path from its components.
  public init(_ components: [String]) {
    self.components = components
  }

  /// A one-component path.
  public init(_ name: String) {
    self.components = [name]
  }

  /// The path as written in a policy: components joined with dots, each backquoted when it
  /// is not a plain identifier.
  public var description: String {
    components.map { FieldPath.isPlainIdentifier($0) ? $0 : "`\($0)`" }.joined(separator: ".")
  }

  /// The path joined with dots, as a CSV header or a report shows it.
  public var dotted: String { components.joined(separator: ".") }

  public static func < (lhs: FieldPath, rhs: FieldPath) -> Bool {
    lhs.components.lexicographicallyPrecedes(rhs.components)
  }

  /// Whether `name` can be written without backquotes.
  package static func isPlainIdentifier(_ name: String) -> Bool {
    guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else {
      return false
    }
    return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || isDigit($0) }
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}

/// Which fields a compiled program reads, each given a slot number. Readers extract exactly
/// these fields, into `values[slot]`, and skip every other field without building it.
package struct RecordLayout: Sendable, Equatable {
  /// The fields, indexed by slot.
  package private(set) var fields: [FieldPath] = []
  /// Which slots the program reads as times: readers may turn an ISO-8601 text there into
  /// a `.time` straight from its bytes (and leave any other text as it is).
  package private(set) var readsAsTime: [Bool] = []
  /// Texts that mean a missing value: a CSV cell holding exactly one of them is `.null`.
  package var missingTexts: [[UInt8]] = []
  private var slots: [FieldPath: Int] = [:]

  /// An empty layout.
  package init() {}

  /// A layout holding `fields`, in order.
  package init(_ fields: [FieldPath]) {
    for field in fields { _ = slot(for: field) }
  }

  /// The slot of `field`, adding it when it is new.
  package mutating func slot(for field: FieldPath) -> Int {
    if let slot = slots[field] { return slot }
    fields.append(field)
    readsAsTime.append(false)
    slots[field] = fields.count - 1
    return fields.count - 1
  }

  /// Marks `slot` as read as a time.
  package mutating func markTime(_ slot: Int) {
    readsAsTime[slot] = true
  }

  /// The slot of `field`, if the layout has it.
  package func existingSlot(for field: FieldPath) -> Int? { slots[field] }

  /// The number of slots.
  package var count: Int { fields.count }
}

extension FieldPath {
  /// The value at this path in a record given as a dictionary (nested records followed),
  /// null when it has none.
  package func lookup(in record: [String: Value]) -> Value {
    var current: [String: Value] = record
    for (index, component) in components.enumerated() {
      guard let value = current[component] else { return .null }
      if index == components.count - 1 { return value }
      guard case .record(let nested) = value else { return .null }
      current = nested
    }
    return .null
  }
}
