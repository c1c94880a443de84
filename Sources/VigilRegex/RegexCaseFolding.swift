/// Simple case mapping of Unicode scalars for `(?i)`: a scalar's lowercase (uppercase)
/// mapping when that is one scalar, else the scalar itself (so `ß` does not become `SS`).
package enum RegexCaseFolding {
  /// The scalars whose simple lowercase or uppercase mapping is another scalar, with both
  /// mappings; computed once per process (a few thousand entries).
  package static let table: [(scalar: UInt32, lower: UInt32, upper: UInt32)] = {
    var entries: [(UInt32, UInt32, UInt32)] = []
    for value in UInt32(0)..<0x1F000 {
      guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenCaseMapped else {
        continue
      }
      let lower = single(scalar.properties.lowercaseMapping) ?? value
      let upper = single(scalar.properties.uppercaseMapping) ?? value
      if lower != value || upper != value { entries.append((value, lower, upper)) }
    }
    return entries
  }()

  package static func single(_ text: String) -> UInt32? {
    let scalars = text.unicodeScalars
    return scalars.count == 1 ? scalars.first?.value : nil
  }

  /// The simple lowercase mapping of `value`.
  package static func lower(_ value: UInt32) -> UInt32 {
    if value < 0x80 { return value >= 0x41 && value <= 0x5A ? value + 0x20 : value }
    guard let scalar = Unicode.Scalar(value) else { return value }
    return single(scalar.properties.lowercaseMapping) ?? value
  }

  /// The simple uppercase mapping of `value`.
  package static func upper(_ value: UInt32) -> UInt32 {
    if value < 0x80 { return value >= 0x61 && value <= 0x7A ? value - 0x20 : value }
    guard let scalar = Unicode.Scalar(value) else { return value }
    return single(scalar.properties.uppercaseMapping) ?? value
  }

  /// The ranges with every scalar added whose lowercase or uppercase mapping is in them:
  /// `(?i)` matches a scalar when it, its lowercase or its uppercase is in the set.
  package static func folded(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
    func contains(_ value: UInt32) -> Bool {
      var low = 0
      var high = ranges.count - 1
      while low <= high {
        let mid = (low + high) / 2
        if value < ranges[mid].lowerBound {
          high = mid - 1
        } else if value > ranges[mid].upperBound {
          low = mid + 1
        } else {
          return true
        }
      }
      return false
    }
    var added = ranges
    for entry in table where contains(entry.lower) || contains(entry.upper) {
      added.append(entry.scalar...entry.scalar)
    }
    return RegexCharSet.normalised(added)
  }
}
