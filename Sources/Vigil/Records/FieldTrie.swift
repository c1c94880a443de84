#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The layout's paths as a tree of keys, so a reader matches an object's keys as bytes.
///
/// Node 0 is the record itself. Each node has entries, one per key; an entry gives the slot
/// of the path ending at the key, the node of the paths continuing below it, or both (the
/// layout has `customer` and `customer.tier`).
struct FieldTrie: Sendable {
  /// One key of a node.
  struct Entry {
    /// Where the key's UTF-8 bytes start in `keyBytes`.
    var keyStart: Int
    /// The key's length in bytes.
    var keyCount: Int
    /// The slot of the path ending here, or `FieldTrie.none`.
    var slot: Int
    /// The node of the paths continuing below this key, or `FieldTrie.none`.
    var child: Int
  }

  /// No slot or no child.
  static let none = -1

  private var entries: [Entry] = []
  private var names: [String] = []
  private var keyBytes: [UInt8] = []
  private var nodeEntries: [Range<Int>] = []
  private var subtreeSlots: [[Int]] = []

  /// The tree of `layout`'s paths.
  init(layout: RecordLayout) {
    let paths = layout.fields.enumerated().map { slot, field in
      (components: field.components[...], slot: slot)
    }
    _ = addNode(paths)
  }

  /// Adds a node for `paths` (relative to the node) and the nodes below it; returns its index.
  private mutating func addNode(_ paths: [(components: ArraySlice<String>, slot: Int)]) -> Int {
    let node = nodeEntries.count
    nodeEntries.append(0..<0)
    subtreeSlots.append(paths.filter { !$0.components.isEmpty }.map(\.slot))

    var keys: [String] = []
    var slots: [String: Int] = [:]
    var continuations: [String: [(components: ArraySlice<String>, slot: Int)]] = [:]
    for (components, slot) in paths {
      guard let key = components.first else { continue }
      if slots[key] == nil && continuations[key] == nil { keys.append(key) }
      if components.count == 1 {
        slots[key] = slot
      } else {
        continuations[key, default: []].append((components.dropFirst(), slot))
      }
    }

    // A node's entries are contiguous, so they are all added before any child's.
    let first = entries.count
    for key in keys {
      entries.append(
        Entry(
          keyStart: keyBytes.count, keyCount: key.utf8.count, slot: slots[key] ?? FieldTrie.none,
          child: FieldTrie.none))
      keyBytes.append(contentsOf: key.utf8)
      names.append(key)
    }
    nodeEntries[node] = first..<entries.count
    for (offset, key) in keys.enumerated() {
      if let continuing = continuations[key] {
        entries[first + offset].child = addNode(continuing)
      }
    }
    return node
  }

  /// The entry of `node` whose key is `key`, if any.
  func entry(in node: Int, matching key: UnsafeBufferPointer<UInt8>) -> Entry? {
    keyBytes.withUnsafeBufferPointer { all in
      for entry in entries[nodeEntries[node]] where entry.keyCount == key.count {
        guard let base = all.baseAddress, let keyBase = key.baseAddress else { return entry }
        if memcmp(base + entry.keyStart, keyBase, key.count) == 0 { return entry }
      }
      return nil
    }
  }

  /// Sets every slot below `node` to `.null`: a later duplicate key replaces the earlier one.
  func clearSubtree(_ node: Int, in values: inout [Value]) {
    for slot in subtreeSlots[node] {
      values[slot] = .null
    }
  }

  /// Fills the slots below `node` from `value`, an object already parsed whole.
  func fillSubtree(_ node: Int, from value: Value, into values: inout [Value]) {
    guard case .record(let members) = value else {
      clearSubtree(node, in: &values)
      return
    }
    for index in nodeEntries[node] {
      let entry = entries[index]
      let member = members[names[index]] ?? .null
      if entry.slot != FieldTrie.none {
        values[entry.slot] = member
      }
      if entry.child != FieldTrie.none {
        fillSubtree(entry.child, from: member, into: &values)
      }
    }
  }
}
