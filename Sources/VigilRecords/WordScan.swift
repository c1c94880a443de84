/// Looking at eight bytes at once: which bytes of a 64-bit word are a given byte, are below
/// a bound, or are not ASCII. Each test sets the high bit of the bytes it finds; the lowest
/// set bit is always exact (a borrow only disturbs the bytes above a found one), which is
/// all a scan for the first interesting byte needs.
package enum WordScan {
  package static let ones: UInt64 = 0x0101_0101_0101_0101
  package static let highs: UInt64 = 0x8080_8080_8080_8080

  /// The bytes of `word` equal to `byte`.
  @inline(__always)
  package static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let difference = word ^ (ones &* UInt64(byte))
    return (difference &- ones) & ~difference & highs
  }

  /// The bytes of `word` below `bound` (at most 0x80).
  @inline(__always)
  package static func below(_ word: UInt64, _ bound: UInt8) -> UInt64 {
    (word &- ones &* UInt64(bound)) & ~word & highs
  }

  /// The bytes of `word` that are not ASCII.
  @inline(__always)
  package static func nonASCII(_ word: UInt64) -> UInt64 {
    word & highs
  }

  /// `skip(in:from:flags:)`, sixteen bytes at a time first: `lanes` marks the bytes to stop
  /// at among sixteen (all ones in a lane that is one), `flags` among eight, alike.
  @inline(__always)
  package static func skipWide(
    in bytes: UnsafeBufferPointer<UInt8>, from index: Int,
    lanes: (SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>>, flags: (UInt64) -> UInt64
  ) -> Int {
    guard let base = bytes.baseAddress else { return index }
    let raw = UnsafeRawPointer(base)
    var index = index
    // Offsets inside a buffer: no overflow to check.
    while index &+ 16 <= bytes.count {
      let found = unsafeBitCast(
        lanes(raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)),
        to: (UInt64, UInt64).self)
      if found.0 | found.1 != 0 {
        let bit = found.0 != 0 ? found.0.trailingZeroBitCount : 64 &+ found.1.trailingZeroBitCount
        return index &+ bit &>> 3
      }
      index &+= 16
    }
    return skip(in: bytes, from: index, flags: flags)
  }

  /// The offset of the first byte at or after `index` in a word `flags` marks, or of the
  /// first byte of the last incomplete word (where a byte-by-byte look takes over).
  @inline(__always)
  package static func skip(
    in bytes: UnsafeBufferPointer<UInt8>, from index: Int, flags: (UInt64) -> UInt64
  ) -> Int {
    guard let base = bytes.baseAddress else { return index }
    let raw = UnsafeRawPointer(base)
    var index = index
    // Offsets inside a buffer: no overflow to check.
    while index &+ 8 <= bytes.count {
      let found = flags(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      if found != 0 { return index &+ found.trailingZeroBitCount &>> 3 }
      index &+= 8
    }
    return index
  }
}
