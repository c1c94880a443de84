import VigilCore

extension JSONParser {
  /// What `readFirstKey` and `readNextKey` return at the end of an object.
  static let objectEnd = -2

  /// At an object's `{` (at `depth`): reads its first key, the `:` and the whitespace after
  /// it, and returns the key's trie entry below `node` (or `FieldTrie.none`), or `objectEnd`
  /// for an empty object (consumed whole). `set` becomes the set of the keys predicted after
  /// it (`KeyPredictions`).
  @inline(__always)
  mutating func readFirstKey(
    in node: Int, of trie: FieldTrie, depth: Int, after set: inout Int
  ) throws(JSONSyntaxError) -> Int {
    guard depth <= JSONParser.maximumDepth else { throw error(.tooDeep) }
    if let entry = predictedKey(in: node, after: &set) { return entry }
    let opening = position
    guard try enterObject(depth: depth) else { return JSONParser.objectEnd }
    return try readUnpredictedKey(in: node, of: trie, after: &set, from: opening)
  }

  /// Right after a member's value, where the next key is not the one predicted: reads the
  /// `,`, the next key, its `:` and the whitespace around them, and returns the key's trie
  /// entry below `node` (or `FieldTrie.none`); or reads the `}` and returns `objectEnd`.
  /// `set` holds the keys predicted after the previous key, and becomes this one's.
  @inline(never)
  mutating func readNextKey(
    in node: Int, of trie: FieldTrie, after set: inout Int
  ) throws(JSONSyntaxError) -> Int {
    let separator = position
    guard try nextMember() else { return JSONParser.objectEnd }
    return try readUnpredictedKey(in: node, of: trie, after: &set, from: separator)
  }

  /// The trie entry of the key predicted in `set` in the object of `node` when the bytes at
  /// `position` are those that led to it before (the separator, the key and its colon:
  /// `KeyPredictions`), and then past them and the whitespace after them; else nil, and
  /// nothing read.
  @inline(__always)
  mutating func predictedKey(in node: Int, after set: inout Int) -> Int? {
    guard let predictions, let base = bytes.baseAddress,
      position &+ KeyPredictions.comparedBytes <= bytes.count,
      let (length, entry, next) = predictions.match(
        at: UnsafeRawPointer(base + position), in: set, node: node)
    else { return nil }
    position &+= length
    if current <= RecordByte.space { skipWhitespace() }
    set = next
    return entry
  }

  /// At a key's opening quote, with the separator before it (the `{` or `,` and whitespace)
  /// from `start` on: reads the key, its `:` and the whitespace after it, looks it up below
  /// `node`, and learns the bytes from `start` to its value for next time.
  @inline(never)
  mutating func readUnpredictedKey(
    in node: Int, of trie: FieldTrie, after set: inout Int, from start: Int
  ) throws(JSONSyntaxError) -> Int {
    let key = try readKey()
    let index = lookUp(key, in: node, of: trie)
    guard let predictions, let base = bytes.baseAddress else { return index }
    let count = key.end - key.start
    let followers = KeyPredictions.set(
      of: KeyPredictions.tag(
        entry: index,
        at: key.start + 8 <= bytes.count ? UnsafeRawPointer(base + key.start) : nil,
        count: count))
    if !key.hasEscapes, bytes[key.end + 1] == RecordByte.colon,
      start + KeyPredictions.comparedBytes <= bytes.count
    {
      let spaced = key.end + 2 < bytes.count && bytes[key.end + 2] == RecordByte.space
      predictions.learn(
        at: UnsafeRawPointer(base + start), compared: key.end + 2 + (spaced ? 1 : 0) - start,
        entry: index, followers: followers, in: set, node: node)
    }
    set = followers
    return index
  }

  /// The index of the trie entry for a key, compared as bytes, or `FieldTrie.none`; a key
  /// with escapes is decoded first.
  @inline(__always)
  private func lookUp(_ key: JSONStringToken, in node: Int, of trie: FieldTrie) -> Int {
    guard !key.hasEscapes, let base = bytes.baseAddress else {
      return decodedBytes(key).withUnsafeBufferPointer { trie.entryIndex(in: node, matching: $0) }
    }
    let start = base + key.start
    let count = key.end - key.start
    if count >= 8 {
      // A long key is known by its first and last eight bytes (and, past sixteen, the middle).
      let raw = UnsafeRawPointer(start)
      return trie.entryIndex(
        in: node, key: start, count: count, prefix: raw.loadUnaligned(as: UInt64.self),
        suffix: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
    }
    // A short key is followed by at least `":`, so the eight bytes from its start are inside
    // the line when the line is that long: read them at once and mask the rest.
    guard key.start + 8 <= bytes.count else {
      return trie.entryIndex(
        in: node, matching: UnsafeBufferPointer(start: start, count: count))
    }
    let word = UnsafeRawPointer(start).loadUnaligned(as: UInt64.self)
    return trie.entryIndex(
      in: node, key: start, count: count, prefix: word & ((1 << (8 * UInt64(count))) &- 1),
      suffix: 0)
  }
}
