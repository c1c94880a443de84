#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Counting and finding single bytes quickly: eight bytes at a time.
enum ByteCount {
  /// How many times `byte` occurs in `bytes`. Fast when the byte is rare (quotes in CSV):
  /// `memchr` jumps from one occurrence to the next.
  static func count(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    var total = 0
    var position = base
    let end = base + bytes.count
    while position < end,
      let found = memchr(position, Int32(byte), end - position)
    {
      total += 1
      position = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
    }
    return total
  }

  /// The number of zero bytes in `word`, exactly (no carries between bytes).
  @inline(__always)
  static func zeroBytes(in word: UInt64) -> Int {
    let low7 = (word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F
    let nonZero = (low7 | word) & 0x8080_8080_8080_8080
    return 8 - nonZero.nonzeroBitCount
  }

  /// The offset of the last `byte` in `bytes[..<end]`.
  static func last(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
    let raw = UnsafeRawPointer(base)
    var index = end
    while index >= 8 {
      let word = raw.loadUnaligned(fromByteOffset: index - 8, as: UInt64.self) ^ pattern
      if zeroBytes(in: word) > 0 { break }
      index -= 8
    }
    while index > 0 {
      index -= 1
      if bytes[index] == byte { return index }
    }
    return nil
  }
}
