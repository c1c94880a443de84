#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Counting and finding single bytes quickly.
package enum ByteCount {
  /// How many times `byte` occurs in `bytes`. Fast when the byte is rare (quotes in CSV):
  /// `memchr` jumps from one occurrence to the next.
  package static func count(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
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

  /// The offset of the last `byte` in `bytes[..<end]`.
  package static func last(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, before end: Int)
    -> Int?
  {
    guard let base = bytes.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    var index = end
    while index >= 8 {
      let word = raw.loadUnaligned(fromByteOffset: index - 8, as: UInt64.self)
      if WordScan.equal(word, byte) != 0 { break }
      index -= 8
    }
    while index > 0 {
      index -= 1
      if bytes[index] == byte { return index }
    }
    return nil
  }
}
