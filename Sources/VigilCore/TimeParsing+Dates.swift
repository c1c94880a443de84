extension TimeParsing {
  /// The start of the day `YYYY-MM-DD` in UTC, in milliseconds since the epoch; nil for any
  /// other text, or a date that does not exist (`2026-02-30`).
  package static func startOfDay(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == TimeBytes.minus, bytes[7] == TimeBytes.minus else {
      return nil
    }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in bytes[range] {
        guard TimeBytes.isDigit(byte) else { return nil }
        value = value * 10 + Int(byte - TimeBytes.zero)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      CivilTime.isValid(year: year, month: month, day: day)
    else { return nil }
    return CivilTime.daysFromCivil(year: year, month: month, day: day) * CivilTime.msPerDay
  }
}
