/// Names found again by their bytes, each with the number its owner gave it when it was added:
/// a small open-addressing table whose slots hold a name's hash beside its entry, the names'
/// bytes end to end. A look-up hashes a word at a time, reads a slot or two and compares the
/// bytes once: no `String` made, hashed or compared (`ScopeCounter`, `PartyIndex`).
///
/// Names are equal here when their bytes are: a caller that needs Unicode's equivalence
/// (`"é"` composed and decomposed) keeps it itself.
package struct NameTable: Sendable {
  /// Each slot 0 (empty), or a name's hash in its high 32 bits and its entry + 1 in the low.
  /// A power of two, at least twice the entries.
  private var slots = [UInt64](repeating: 0, count: 16)
  /// Entry `e`'s bytes are `bytes[starts[e]..<starts[e + 1]]`.
  private var bytes: [UInt8] = []
  private var starts: [Int] = [0]
  /// The number given with each entry.
  private var numbers: [Int] = []

  /// None yet.
  package init() {}

  /// How many names it holds.
  package var count: Int { numbers.count }

  /// The number of the name whose bytes are `name`, if it holds it.
  @inline(__always)
  package func number(of name: UnsafeBufferPointer<UInt8>) -> Int? {
    let (found, _) = find(name, hash: ByteWords.tableHash(name))
    return found
  }

  /// The number of the name whose bytes are `name`; when it holds none, adds it with `next`
  /// (then `isNew`).
  @inline(__always)
  package mutating func number(of name: UnsafeBufferPointer<UInt8>, adding next: Int)
    -> (number: Int, isNew: Bool)
  {
    let hash = ByteWords.tableHash(name)
    let (found, slot) = find(name, hash: hash)
    if let found { return (found, false) }
    add(name, next, hash: hash, slot: slot)
    return (next, true)
  }

  /// The bytes of each name, with its number, in the order they were added.
  package func forEachName(_ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
    bytes.withUnsafeBufferPointer { all in
      for entry in numbers.indices {
        body(UnsafeBufferPointer(rebasing: all[starts[entry]..<starts[entry + 1]]), numbers[entry])
      }
    }
  }

  /// The number of `name` and, when it is not there, the empty slot it would take.
  @inline(__always)
  private func find(_ name: UnsafeBufferPointer<UInt8>, hash: Int) -> (Int?, slot: Int) {
    let tag = UInt64(truncatingIfNeeded: hash) << 32
    let mask = slots.count - 1
    var index = hash & mask
    while true {
      let slot = slots[index]
      if slot == 0 { return (nil, index) }
      if slot & 0xFFFF_FFFF_0000_0000 == tag {
        let entry = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
        if holds(entry, name) { return (numbers[entry], index) }
      }
      index = (index + 1) & mask
    }
  }

  /// Whether entry `entry` is `name`.
  @inline(__always)
  private func holds(_ entry: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = starts[entry]
    guard starts[entry + 1] - start == name.count else { return false }
    return bytes.withUnsafeBufferPointer { all in
      guard let base = all.baseAddress, let other = name.baseAddress else { return true }
      return ByteWords.equal(base + start, other, count: name.count)
    }
  }

  /// Adds `name` with `number` in the empty slot `slot`.
  private mutating func add(_ name: UnsafeBufferPointer<UInt8>, _ number: Int, hash: Int, slot: Int)
  {
    bytes.append(contentsOf: name)
    starts.append(bytes.count)
    numbers.append(number)
    slots[slot] = Self.slot(hash: hash, entry: numbers.count - 1)
    if numbers.count * 2 > slots.count { grow() }
  }

  /// A slot for `entry`, whose name's hash is `hash`.
  private static func slot(hash: Int, entry: Int) -> UInt64 {
    UInt64(truncatingIfNeeded: hash) << 32 | UInt64(entry + 1)
  }

  /// Doubles the slots and places every entry again.
  private mutating func grow() {
    slots = [UInt64](repeating: 0, count: slots.count * 2)
    let mask = slots.count - 1
    bytes.withUnsafeBufferPointer { all in
      for entry in numbers.indices {
        let hash = ByteWords.tableHash(
          UnsafeBufferPointer(rebasing: all[starts[entry]..<starts[entry + 1]]))
        var index = hash & mask
        while slots[index] != 0 { index = (index + 1) & mask }
        slots[index] = Self.slot(hash: hash, entry: entry)
      }
    }
  }
}
