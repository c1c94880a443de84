import VigilCore

/// The groups of a group policy whose key is one text field, found by the text's bytes: as a
/// reader left them unread, or as a text value holds them. No array of values, no string and
/// no dictionary look-up per record. `AuditTally.settle()` moves the groups into the policy's
/// dictionary once the records are tallied; a key that is not a text is never here, so a
/// group is in one place or the other, never both.
package struct TextGroupIndex: Sendable {
  /// The keys' bytes, one after another, and where each group's are (start << 32 | count).
  private var keyBytes: [UInt8] = []
  private var spans: [Int] = []
  private var hashes: [UInt64] = []
  /// Group numbers by hash (open addressing, linear probing; -1 is free), at most half full.
  private var index: [Int32] = []
  /// Each group's state, by number.
  package private(set) var states: [GroupState] = []

  package init() {}

  /// Whether no group was added since the last `removeAll()`.
  package var isEmpty: Bool { states.isEmpty }

  /// The number of the group of key `bytes` (a text's UTF-8), adding it with `aggregates`
  /// empty aggregates when it is new.
  @inline(__always)
  package mutating func number(of bytes: UnsafeBufferPointer<UInt8>, aggregates: Int) -> Int {
    let hash = Self.hash(bytes)
    return find(bytes, hash) ?? add(bytes, hash: hash, aggregates: aggregates)
  }

  /// Adds the record in `frame` to group `number`.
  @inline(__always)
  package mutating func add(_ frame: Frame, to number: Int, _ aggregates: [CompiledAggregate]) {
    states[number].add(frame, aggregates)
  }

  /// Each group with its key, in the order the groups were met.
  package func groups() -> [(key: GroupKey, state: GroupState)] {
    states.indices.map { number in
      let (start, count) = (spans[number] >> 32, spans[number] & 0xFFFF_FFFF)
      let text = String(decoding: keyBytes[start..<start + count], as: UTF8.self)
      return (GroupKey(values: [.text(text)], window: 0), states[number])
    }
  }

  /// The state of the group of key `bytes`, if there is one.
  package func state(of bytes: UnsafeBufferPointer<UInt8>) -> GroupState? {
    find(bytes, Self.hash(bytes)).map { states[$0] }
  }

  /// The number of the group of key `bytes` (whose hash is `hash`), if there is one.
  @inline(__always)
  private func find(_ bytes: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> Int? {
    guard !index.isEmpty else { return nil }
    let mask = index.count - 1
    var probe = Int(truncatingIfNeeded: hash) & mask
    while index[probe] >= 0 {
      let number = Int(index[probe])
      if hashes[number] == hash && hasKey(number, bytes) { return number }
      probe = (probe + 1) & mask
    }
    return nil
  }

  /// Empties it.
  package mutating func removeAll() {
    self = TextGroupIndex()
  }

  private mutating func add(
    _ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, aggregates: Int
  ) -> Int {
    let number = states.count
    spans.append(keyBytes.count << 32 | bytes.count)
    keyBytes.append(contentsOf: bytes)
    hashes.append(hash)
    states.append(GroupState(aggregates: aggregates))
    if 2 * states.count > index.count {
      // A power of two, for the mask; twice as many as needed, so that it grows rarely.
      rebuild(capacity: max(64, index.count * 2))
    } else {
      insert(number)
    }
    return number
  }

  private mutating func rebuild(capacity: Int) {
    index = Array(repeating: -1, count: capacity)
    for number in states.indices { insert(number) }
  }

  private mutating func insert(_ number: Int) {
    let mask = index.count - 1
    var probe = Int(truncatingIfNeeded: hashes[number]) & mask
    while index[probe] >= 0 { probe = (probe + 1) & mask }
    index[probe] = Int32(number)
  }

  private func hasKey(_ number: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let (start, count) = (spans[number] >> 32, spans[number] & 0xFFFF_FFFF)
    guard count == bytes.count else { return false }
    return keyBytes.withUnsafeBufferPointer { own in
      for offset in 0..<count where own[start + offset] != bytes[offset] { return false }
      return true
    }
  }

  /// FNV-1a of the bytes, then mixed so that the low bits (the probe) depend on all of them.
  @inline(__always)
  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    hash ^= hash >> 29
    return hash &* 0xbf58_476d_1ce4_e5b9
  }
}
