/// The key a JSON Lines reader expects next in an object, learnt from the lines before.
///
/// An export writes its records with the same keys in the same order, line after line. So
/// the key that followed a given key last time (in the same object of the layout) is almost
/// always the one that follows it now: the reader compares the bytes right after the previous
/// value with those that came there last time — the comma (or the object's brace), the
/// whitespace, the key's text in its quotes and the colon, in at most four 64-bit words —
/// and, when they are equal, knows the key and its trie entry without scanning the
/// separator or the string or hashing it. A key found any other way is learnt for next
/// time. Keys with escapes and keys whose separator, key and colon exceed `comparedBytes`
/// are never predicted; a wrong prediction costs one failed compare.
///
/// A key may be followed by one of a few: a record of another kind lacks a field or two. So
/// each (object, previous key) has a set of four predictions, the latest first. The sets are
/// found by hash; two pairs with the same set only make each other's predictions miss, as
/// each prediction holds the trie node it was learnt in and is taken only in that node (the
/// same key in another object of the layout has another entry, or none). Plain memory behind
/// a pointer, copied into the parser by value: no reference counting on the hot path.
package struct KeyPredictions {
  /// One expected key: the bytes `, "key":` (from the end of the previous value, or from the
  /// object's `{`, to the colon and the space after it, if the key had one and it fits), as
  /// four words and the masks of the bytes that belong to it, and what the trie says of it.
  package struct Prediction {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var masks: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// The bytes compared.
    var length: Int32 = 0
    /// The trie node of the object the key was learnt in; -1 when the slot holds none.
    var node: Int32 = -1
    /// The key's entry in the trie, or `FieldTrie.none`.
    var entry: Int32 = 0
    /// The set of the predictions of the key after it (`set(of:)` of its tag).
    var followers: Int32 = 0
  }

  /// The most bytes compared, from the end of the previous value on: the line (or the rest of
  /// the input the reader was given) must hold them all. `, "` and `": ` leave 26 for the key.
  package static let comparedBytes = 32
  private static let slotBits = 8
  /// The predictions of a set.
  private static let ways = 4
  private let base: UnsafeMutablePointer<Prediction>

  /// An empty table.
  package static func allocate() -> KeyPredictions {
    let count = ways << slotBits
    let base = UnsafeMutablePointer<Prediction>.allocate(capacity: count)
    base.initialize(repeating: Prediction(), count: count)
    return KeyPredictions(base: base)
  }

  /// Frees the memory; the table must not be used afterwards.
  package func deallocate() {
    base.deallocate()
  }

  /// What a key is known by when predicting the key after it: its trie entry, or, for a key
  /// the layout does not read, its length and first bytes (those of the `comparedBytes` at
  /// `start`, when the line holds them).
  @inline(__always)
  package static func tag(entry: Int, at start: UnsafeRawPointer?, count: Int) -> UInt64 {
    guard entry < 0 else { return UInt64(entry) }
    let first = start.map { $0.loadUnaligned(as: UInt64.self) & mask(word: 0, bytes: count) } ?? 0
    return first ^ UInt64(truncatingIfNeeded: count) << 48 | 1 << 63
  }

  /// The tag an object's first key follows.
  @inline(__always)
  package static func objectTag(node: Int) -> UInt64 {
    UInt64(node) | 1 << 62
  }

  /// The mask of the bytes of word `word` (0 to 3) that hold the first `bytes` bytes.
  @inline(__always)
  private static func mask(word: Int, bytes: Int) -> UInt64 {
    let inWord = min(max(bytes - 8 * word, 0), 8)
    return inWord == 8 ? ~0 : (1 << (8 * UInt64(inWord))) &- 1
  }

  /// The set of the predictions of the key after the key with tag `tag`: the index of its
  /// first prediction. Kept by the reader from key to key, with no hash on the way.
  @inline(__always)
  package static func set(of tag: UInt64) -> Int {
    ways * Int(truncatingIfNeeded: (tag &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - slotBits))
  }

  /// If the bytes at `start` (the end of the previous value, or the object's `{`) are those
  /// that led to a key predicted in `set`: the bytes from `start` to its value (or to more
  /// whitespace before it), its trie entry and the set of the keys after it. The caller
  /// checked that `comparedBytes` bytes from `start` can be read.
  @inline(__always)
  package func match(
    at start: UnsafeRawPointer, in set: Int, node: Int
  ) -> (length: Int, entry: Int, followers: Int)? {
    let first = base + set
    let words = (
      start.loadUnaligned(as: UInt64.self),
      start.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
      start.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
      start.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
    )
    let node = Int32(truncatingIfNeeded: node)
    for way in 0..<Self.ways where Self.matches(first + way, words, node) {
      return Self.found(first + way)
    }
    return nil
  }

  /// Whether `words` are the bytes `prediction` expects, in the object of trie node `node`.
  @inline(__always)
  private static func matches(
    _ prediction: UnsafeMutablePointer<Prediction>, _ words: (UInt64, UInt64, UInt64, UInt64),
    _ node: Int32
  ) -> Bool {
    let expected = prediction.pointee.words
    let masks = prediction.pointee.masks
    let difference =
      (words.0 ^ expected.0) & masks.0 | (words.1 ^ expected.1) & masks.1
      | (words.2 ^ expected.2) & masks.2 | (words.3 ^ expected.3) & masks.3
    return difference == 0 && prediction.pointee.node == node
  }

  @inline(__always)
  private static func found(
    _ prediction: UnsafeMutablePointer<Prediction>
  ) -> (length: Int, entry: Int, followers: Int) {
    (
      Int(prediction.pointee.length), Int(prediction.pointee.entry),
      Int(prediction.pointee.followers)
    )
  }

  /// Learns that the `compared` bytes at `start` (from the end of the previous value to the
  /// colon after the key, and the space after it if there was one) led to the key with trie
  /// entry `entry`, whose followers are predicted in set `followers`, in set `set`, in the
  /// object of trie node `node`. Nothing is learnt when they are more than
  /// `comparedBytes`. The caller checked that `comparedBytes` bytes from `start` can be read.
  @inline(never)
  package func learn(
    at start: UnsafeRawPointer, compared: Int, entry: Int, followers: Int, in set: Int,
    node: Int
  ) {
    guard compared <= Self.comparedBytes else { return }
    let prediction = base + set
    // The latest key first, the ones before it after it; the oldest is forgotten.
    for way in stride(from: Self.ways - 1, to: 0, by: -1) {
      (prediction + way).pointee = (prediction + way - 1).pointee
    }
    let masks = (
      Self.mask(word: 0, bytes: compared), Self.mask(word: 1, bytes: compared),
      Self.mask(word: 2, bytes: compared), Self.mask(word: 3, bytes: compared)
    )
    prediction.pointee = Prediction(
      words: (
        start.loadUnaligned(as: UInt64.self) & masks.0,
        start.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & masks.1,
        start.loadUnaligned(fromByteOffset: 16, as: UInt64.self) & masks.2,
        start.loadUnaligned(fromByteOffset: 24, as: UInt64.self) & masks.3
      ),
      masks: masks, length: Int32(compared), node: Int32(node), entry: Int32(entry),
      followers: Int32(followers))
  }
}
