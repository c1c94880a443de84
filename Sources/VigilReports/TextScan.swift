/// Scanning report texts eight bytes at a time for the bytes that make a JSON string need
/// escapes or a CSV cell need quotes: most texts have none, and are copied whole.
enum TextScan {
  private static let ones: UInt64 = 0x0101_0101_0101_0101
  private static let highs: UInt64 = 0x8080_8080_8080_8080

  /// The bytes of `word` equal to `byte` (high bit set); exact for "any", which is all the
  /// scans ask.
  @inline(__always)
  private static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let difference = word ^ (ones &* UInt64(byte))
    return (difference &- ones) & ~difference & highs
  }

  /// Whether `bytes` hold a quote, a backslash or a control character (below 0x20).
  static func containsJSONEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    scan(
      bytes,
      flags: { word in
        equal(word, 0x22) | equal(word, 0x5C) | ((word &- ones &* 0x20) & ~word & highs)
      },
      test: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C })
  }

  /// Whether `bytes` hold a control character (below 0x20, or DEL).
  static func containsControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    scan(
      bytes,
      flags: { word in ((word &- ones &* 0x20) & ~word & highs) | equal(word, 0x7F) },
      test: { $0 < 0x20 || $0 == 0x7F })
  }

  /// Whether `bytes` hold a comma, a quote, a line feed or a carriage return.
  static func containsCSVSpecial(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    scan(
      bytes,
      flags: { word in
        equal(word, 0x2C) | equal(word, 0x22) | equal(word, 0x0A) | equal(word, 0x0D)
      },
      test: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
  }

  @inline(__always)
  private static func scan(
    _ bytes: UnsafeBufferPointer<UInt8>, flags: (UInt64) -> UInt64, test: (UInt8) -> Bool
  ) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    let raw = UnsafeRawPointer(base)
    var index = 0
    while index + 8 <= bytes.count {
      if flags(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) != 0 { return true }
      index += 8
    }
    while index < bytes.count {
      if test(bytes[index]) { return true }
      index += 1
    }
    return false
  }
}
