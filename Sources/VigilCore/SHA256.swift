/// SHA-256 (FIPS 180-4), written out so that Vigil needs no package: reports name the policy
/// files they came from by their digest.
///
///     var hash = SHA256()
///     hash.update(Array("abc".utf8))
///     hash.hexDigest  // ba7816bf…
package struct SHA256: Sendable {
  private var state: [UInt32] = [
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
    0x5be0_cd19,
  ]
  /// Bytes not yet hashed (less than a block).
  private var pending: [UInt8] = []
  /// All bytes given so far.
  private var length: UInt64 = 0

  /// A hash of nothing yet.
  package init() {}

  /// The hex digest of `bytes`.
  package static func hex(_ bytes: some Sequence<UInt8>) -> String {
    var hash = SHA256()
    hash.update(bytes)
    return hash.hexDigest
  }

  /// Adds `bytes` to the message.
  package mutating func update(_ bytes: some Sequence<UInt8>) {
    // Bytes in one piece of memory are read through a buffer, not one by one through the
    // sequence, which a caller in another module would not have specialised.
    if bytes.withContiguousStorageIfAvailable({ update(buffer: $0) }) != nil { return }
    for byte in bytes {
      pending.append(byte)
      length &+= 1
      if pending.count == 64 {
        compress(pending)
        pending.removeAll(keepingCapacity: true)
      }
    }
  }

  /// Adds the bytes of `buffer` to the message.
  private mutating func update(buffer: UnsafeBufferPointer<UInt8>) {
    for byte in buffer {
      pending.append(byte)
      length &+= 1
      if pending.count == 64 {
        compress(pending)
        pending.removeAll(keepingCapacity: true)
      }
    }
  }

  /// The 32-byte digest of the message so far (the hash can go on being updated).
  package var digest: [UInt8] {
    var copy = self
    let bits = length &* 8
    copy.pending.append(0x80)
    while copy.pending.count % 64 != 56 { copy.pending.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      copy.pending.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
    }
    for start in stride(from: 0, to: copy.pending.count, by: 64) {
      copy.compress(Array(copy.pending[start..<start + 64]))
    }
    return copy.state.flatMap { word in
      [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) }
    }
  }

  /// The digest as 64 lowercase hex digits.
  package var hexDigest: String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in digest {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  private static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
    0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
    0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
    0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
    0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]

  private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value >> count) | (value << (32 - count))
  }

  /// Hashes one 64-byte block into the state.
  private mutating func compress(_ block: [UInt8]) {
    var w = [UInt32](repeating: 0, count: 64)
    for index in 0..<16 {
      w[index] =
        UInt32(block[4 * index]) << 24 | UInt32(block[4 * index + 1]) << 16
        | UInt32(block[4 * index + 2]) << 8 | UInt32(block[4 * index + 3])
    }
    for index in 16..<64 {
      let s0 = Self.rotate(w[index - 15], 7) ^ Self.rotate(w[index - 15], 18) ^ (w[index - 15] >> 3)
      let s1 = Self.rotate(w[index - 2], 17) ^ Self.rotate(w[index - 2], 19) ^ (w[index - 2] >> 10)
      w[index] = w[index - 16] &+ s0 &+ w[index - 7] &+ s1
    }
    var (a, b, c, d, e, f, g, h) = (
      state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]
    )
    for index in 0..<64 {
      let s1 = Self.rotate(e, 6) ^ Self.rotate(e, 11) ^ Self.rotate(e, 25)
      let choice = (e & f) ^ (~e & g)
      let t1 = h &+ s1 &+ choice &+ Self.k[index] &+ w[index]
      let s0 = Self.rotate(a, 2) ^ Self.rotate(a, 13) ^ Self.rotate(a, 22)
      let majority = (a & b) ^ (a & c) ^ (b & c)
      let t2 = s0 &+ majority
      (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
    }
    for (index, value) in [a, b, c, d, e, f, g, h].enumerated() {
      state[index] = state[index] &+ value
    }
  }
}
