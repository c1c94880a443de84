#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Texts compared as their UTF-8 bytes (not by Unicode equivalence), with `memcmp` over the
/// strings' own storage: equality in conditions, and the order reports list groups in.
package enum TextBytes {
  /// Whether every byte is ASCII (below 0x80).
  @inline(__always)
  package static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var bits: UInt8 = 0
    for byte in bytes { bits |= byte }
    return bits < 0x80
  }

  /// Whether `x` and `y` hold the same bytes.
  package static func equal(_ x: String, _ y: String) -> Bool {
    guard x.utf8.count == y.utf8.count else { return false }
    return compare(x, y) == 0
  }

  /// -1, 0 or 1 as `x`'s bytes come before, equal or after `y`'s (a prefix comes first).
  package static func compare(_ x: String, _ y: String) -> Int {
    var (x, y) = (x, y)
    return x.withUTF8 { a in
      y.withUTF8 { b in
        let common = Swift.min(a.count, b.count)
        if common > 0 {
          // INVARIANT: both buffers hold at least `common` bytes.
          let order = memcmp(a.baseAddress!, b.baseAddress!, common)
          if order != 0 { return order < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : a.count < b.count ? -1 : 1
      }
    }
  }
}
