/// Byte-level UTF-8 checks shared by the readers.
package enum UTF8Validation {
  /// What the bytes at an offset hold.
  package enum Sequence: Equatable {
    /// A well-formed sequence of this many bytes.
    case valid(Int)
    /// Not well-formed UTF-8.
    case invalid
    /// Well-formed so far, but the bytes end before the sequence does.
    case truncated
  }

  /// The UTF-8 sequence whose lead byte (at least 0x80) is at `index`.
  ///
  /// Follows the Unicode well-formed table: no overlong forms, no surrogates, nothing above
  /// U+10FFFF.
  @inline(__always)
  package static func sequence(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Sequence {
    let lead = bytes[index]
    let length: Int
    var secondLow: UInt8 = 0x80
    var secondHigh: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: (length, secondLow) = (3, 0xA0)
    case 0xED: (length, secondHigh) = (3, 0x9F)
    case 0xE1...0xEF: length = 3
    case 0xF0: (length, secondLow) = (4, 0x90)
    case 0xF4: (length, secondHigh) = (4, 0x8F)
    case 0xF1...0xF3: length = 4
    default: return .invalid
    }
    for offset in 1..<length {
      guard index + offset < bytes.count else { return .truncated }
      let byte = bytes[index + offset]
      let low = offset == 1 ? secondLow : 0x80
      let high = offset == 1 ? secondHigh : 0xBF
      guard byte >= low && byte <= high else { return .invalid }
    }
    return .valid(length)
  }

  /// The 1-based column of the byte at `offset`, counting Unicode scalars (lead bytes) of the
  /// bytes before it. For error messages only.
  package static func column(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var column = 1
    for index in 0..<min(offset, bytes.count) where bytes[index] & 0xC0 != 0x80 {
      column += 1
    }
    return column
  }
}
