/// Reads a duration written in a record as the language writes it: `48h`, `1h30m`, `90s`.
package enum DurationText {
  package static let units: [(String, Int64)] = [
    ("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000),
    ("ms", 1),
  ]

  /// The duration in milliseconds, or nil when the text is not one.
  package static func parse(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    var index = 0
    var total: Int64 = 0
    var lastUnit = -1
    var negative = false
    if index < bytes.count && bytes[index] == UInt8(ascii: "-") {
      negative = true
      index += 1
    }
    guard index < bytes.count else { return nil }
    while index < bytes.count {
      var amount: Int64 = 0
      let digitsStart = index
      while index < bytes.count, let digit = digit(bytes[index]) {
        let (scaled, overflow) = amount.multipliedReportingOverflow(by: 10)
        guard !overflow else { return nil }
        amount = scaled + digit
        index += 1
      }
      let unitStart = index
      while index < bytes.count && digit(bytes[index]) == nil { index += 1 }
      let unit = String(decoding: bytes[unitStart..<index], as: UTF8.self)
      guard index > digitsStart, unitStart > digitsStart,
        let unitIndex = units.firstIndex(where: { $0.0 == unit }), unitIndex > lastUnit
      else { return nil }
      lastUnit = unitIndex
      let (product, overflow) = amount.multipliedReportingOverflow(by: units[unitIndex].1)
      guard !overflow else { return nil }
      total += product
    }
    return negative ? -total : total
  }

  private static func digit(_ byte: UInt8) -> Int64? {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int64(byte - UInt8(ascii: "0")) : nil
  }
}
