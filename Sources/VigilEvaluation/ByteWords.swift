import VigilCore

/// Short texts (ids, parties, literals) compared and hashed a word at a time, inline: no call
/// to `memcmp` and no byte-at-a-time hash on the per-record path. In this module, so that
/// its callers inline it.
enum ByteWords {
  /// Whether the `count` bytes at `x` and at `y` are the same.
  @inline(__always)
  static func equal(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer, count: Int) -> Bool {
    if count >= 8 {
      var offset = 0
      while offset + 8 < count {
        guard word(x, offset) == word(y, offset) else { return false }
        offset += 8
      }
      // The last word, overlapping the one before it when the length is not a multiple of 8.
      return word(x, count - 8) == word(y, count - 8)
    }
    if count >= 4 {
      return half(x, 0) == half(y, 0) && half(x, count - 4) == half(y, count - 4)
    }
    var index = 0
    while index < count {
      guard
        x.load(fromByteOffset: index, as: UInt8.self)
          == y.load(fromByteOffset: index, as: UInt8.self)
      else { return false }
      index += 1
    }
    return true
  }

  /// Whether `bytes` are exactly `literal`'s.
  @inline(__always)
  static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    guard bytes.count == literal.count else { return false }
    guard let x = bytes.baseAddress, let y = literal.baseAddress else { return true }
    return equal(x, y, count: bytes.count)
  }

  /// Whether the bytes of a text a reader left unread are exactly `literal`'s.
  @inline(__always)
  static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: [UInt8]) -> Bool {
    guard bytes.count == literal.count else { return false }
    return literal.withUnsafeBufferPointer { equal(bytes, $0) }
  }

  /// A 64-bit hash of the bytes; every bit of it depends on every byte (the top bits too:
  /// `RecordIDIndex` picks a partition by them).
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    mix(words(bytes))
  }

  /// A hash of the bytes for a small table that takes its low bits: ``hash(_:)``'s words,
  /// spread by one multiplication (its full mix is two more).
  @inline(__always)
  static func tableHash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    Int(truncatingIfNeeded: (words(bytes) &* 0x9e37_79b9_7f4a_7c15) >> 29)
  }

  /// The bytes and their count folded into one word, before the mix.
  @inline(__always)
  private static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let count = bytes.count
    var hash = 0x9e37_79b9_7f4a_7c15 &* UInt64(count &+ 1)
    guard let base = bytes.baseAddress.map(UnsafeRawPointer.init) else { return hash }
    if count >= 8 {
      var offset = 0
      while offset + 8 < count {
        hash = (hash ^ word(base, offset)) &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 31
        offset += 8
      }
      hash ^= word(base, count - 8)
    } else if count >= 4 {
      hash ^= UInt64(half(base, 0)) << 32 | UInt64(half(base, count - 4))
    } else {
      for index in 0..<count {
        hash ^= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << (index * 8)
      }
    }
    return hash
  }

  /// The finalizer of SplitMix64: spreads every bit of `x` over the whole word.
  @inline(__always)
  private static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  @inline(__always)
  private static func word(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
    base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
  }

  @inline(__always)
  private static func half(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 {
    base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
  }
}
