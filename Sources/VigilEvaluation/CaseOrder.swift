import VigilCore

/// The order reports list an event log's cases in (`GroupKey.precedes`), computed over a
/// case table's flat keys: for the common key, one text (a case id), each case is sorted by
/// its first eight bytes as one integer, and only cases that share them compare their texts.
enum CaseOrder {
  /// The numbers of `count` cases whose keys are `values` (`width` values each), in order.
  static func sorted(_ values: [Value], width: Int, count: Int) -> [Int] {
    if width == 1, let texts = texts(values) {
      return sorted(texts)
    }
    return (0..<count).sorted { a, b in
      for position in 0..<width {
        let order = Value.reportOrder(values[a * width + position], values[b * width + position])
        if order != 0 { return order < 0 }
      }
      return false
    }
  }

  /// The texts, if every value is one.
  private static func texts(_ values: [Value]) -> [String]? {
    var texts: [String] = []
    texts.reserveCapacity(values.count)
    for value in values {
      guard case .text(let text) = value else { return nil }
      texts.append(text)
    }
    return texts
  }

  /// The numbers of `texts` in the order of their UTF-8 bytes (`TextBytes.compare`).
  private static func sorted(_ texts: [String]) -> [Int] {
    var entries = texts.indices.map { (prefix: prefix(texts[$0]), number: $0) }
    entries.sort { a, b in
      if a.prefix != b.prefix { return a.prefix < b.prefix }
      return TextBytes.compare(texts[a.number], texts[b.number]) < 0
    }
    return entries.map(\.number)
  }

  /// A text's first eight bytes as a big-endian integer, zeros after a shorter text's end:
  /// when two texts' prefixes differ, they order the texts as their bytes do.
  static func prefix(_ text: String) -> UInt64 {
    var prefix: UInt64 = 0
    var shift: UInt64 = 56
    for byte in text.utf8.prefix(8) {
      prefix |= UInt64(byte) << shift
      shift &-= 8
    }
    return prefix
  }
}
