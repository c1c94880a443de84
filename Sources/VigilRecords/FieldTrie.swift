import VigilCore

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
package final class FieldTrie: @unchecked Sendable {
  // Immutable once built.
  /// One key of a node.
  package struct Entry {
    /// Where the key's UTF-8 bytes start in `keyBytes`.
    package var keyStart: Int
    /// The key's length in bytes.
    package var keyCount: Int
    /// The slot of the path ending here, or `FieldTrie.none`.
    package var slot: Int
    /// The node of the paths continuing below this key, or `FieldTrie.none`.
    package var child: Int
    /// Whether the slot is read as a time (`RecordLayout.readsAsTime`).
    package var readsTime = false
    /// The key's first eight bytes (zero-padded), compared before anything else.
    package var prefix: UInt64 = 0
    /// The key's last eight bytes when it is longer than eight, else 0.
    package var suffix: UInt64 = 0
  }

  /// No slot or no child.
  package static let none = -1

  // The tables read for every key of every record live in buffers of their own: no bounds
  // checks, no reference counting on the hot path.
  private let entries: UnsafeMutableBufferPointer<Entry>
  private let names: [String]
  private let keyBytes: UnsafeMutableBufferPointer<UInt8>
  private let nodeEntries: [Range<Int>]
  /// All nodes' hash tables of entries, by key prefix and length: entry index + 1, 0 empty.
  private let table: UnsafeMutableBufferPointer<Int32>
  /// Where each node's table starts in `table`, and its size minus one (a power of two).
  private let nodeTables: UnsafeMutableBufferPointer<(start: Int, mask: Int)>
  private let subtreeSlots: [[Int]]

  /// The tree of `layout`'s paths.
  package init(layout: RecordLayout) {
    var builder = Builder()
    builder.build(layout)
    entries = FieldTrie.copy(builder.entries)
    names = builder.names
    keyBytes = FieldTrie.copy(builder.keyBytes)
    nodeEntries = builder.nodeEntries
    table = FieldTrie.copy(builder.table)
    nodeTables = FieldTrie.copy(builder.nodeTables)
    subtreeSlots = builder.subtreeSlots
  }

  deinit {
    entries.deallocate()
    keyBytes.deallocate()
    table.deallocate()
    nodeTables.deallocate()
  }

  private static func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
    let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
    _ = buffer.initialize(from: array)
    return buffer
  }

  /// Builds a trie's tables.
  private struct Builder {
    var entries: [Entry] = []
    var names: [String] = []
    var keyBytes: [UInt8] = []
    var nodeEntries: [Range<Int>] = []
    var table: [Int32] = []
    var nodeTables: [(start: Int, mask: Int)] = []
    var subtreeSlots: [[Int]] = []

    mutating func build(_ layout: RecordLayout) {
      let paths = layout.fields.enumerated().map { slot, field in
        (components: field.components[...], slot: slot)
      }
      _ = addNode(paths)
      for index in entries.indices {
        if entries[index].slot != FieldTrie.none {
          entries[index].readsTime = layout.readsAsTime[entries[index].slot]
        }
        let key = Array(names[index].utf8)
        entries[index].prefix = key.withUnsafeBufferPointer { FieldTrie.prefix(of: $0) }
        if key.count > 8 {
          entries[index].suffix = key[(key.count - 8)...].withUnsafeBufferPointer {
            FieldTrie.prefix(of: $0)
          }
        }
      }
      buildTables()
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

    /// Builds each node's open-addressing table of its entries.
    private mutating func buildTables() {
      for range in nodeEntries {
        var size = 8
        while size < 2 * range.count { size *= 2 }
        let start = table.count
        table += [Int32](repeating: 0, count: size)
        for index in range {
          var slot = FieldTrie.hash(entries[index].prefix, entries[index].keyCount) & (size - 1)
          while table[start + slot] != 0 { slot = (slot + 1) & (size - 1) }
          table[start + slot] = Int32(index + 1)
        }
        nodeTables.append((start, size - 1))
      }
    }

  }

  @inline(__always)
  package static func hash(_ prefix: UInt64, _ count: Int) -> Int {
    Int(truncatingIfNeeded: ((prefix ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15) >> 40)
  }

  /// The index of the entry of `node` whose key is the `count` bytes at `key`, or
  /// `FieldTrie.none`. `prefix` is `prefix(of:)` the key and `suffix` its last eight bytes
  /// when it is longer than eight (else anything): a key of up to sixteen bytes is compared
  /// as two integers.
  @inline(__always)
  package func entryIndex(
    in node: Int, key: UnsafePointer<UInt8>, count: Int, prefix: UInt64, suffix: UInt64
  ) -> Int {
    let (start, mask) = nodeTables[node]
    var slot = FieldTrie.hash(prefix, count) & mask
    while true {
      let found = Int(table[start &+ slot]) &- 1
      guard found >= 0 else { return FieldTrie.none }
      let entry = entries.baseAddress! + found
      if entry.pointee.keyCount == count && entry.pointee.prefix == prefix
        && (count <= 8 || matches(entry, key: key, count: count, suffix: suffix))
      {
        return found
      }
      slot = (slot &+ 1) & mask
    }
  }

  /// Whether a key longer than eight bytes, whose first eight match, is `entry`'s.
  @inline(__always)
  private func matches(
    _ entry: UnsafePointer<Entry>, key: UnsafePointer<UInt8>, count: Int, suffix: UInt64
  ) -> Bool {
    guard entry.pointee.suffix == suffix else { return false }
    // INVARIANT: both keys hold more than sixteen bytes when the middle is compared.
    return count <= 16
      || memcmp(keyBytes.baseAddress! + entry.pointee.keyStart + 8, key + 8, count - 16) == 0
  }

  /// The entry at `index` (from `entryIndex`).
  @inline(__always)
  package func entry(at index: Int) -> UnsafePointer<Entry> {
    UnsafePointer(entries.baseAddress! + index)
  }

  /// The index of the entry of `node` whose key is `key`, or `FieldTrie.none`.
  package func entryIndex(in node: Int, matching key: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = key.baseAddress else {
      return entryIndex(
        in: node, key: UnsafePointer(bitPattern: 1)!, count: 0, prefix: 0, suffix: 0)
    }
    let suffix =
      key.count > 8
      ? UnsafeRawPointer(base + key.count - 8).loadUnaligned(as: UInt64.self) : 0
    return entryIndex(
      in: node, key: base, count: key.count, prefix: FieldTrie.prefix(of: key), suffix: suffix)
  }

  /// The first eight bytes of `key`, zero-padded, as one integer.
  @inline(__always)
  package static func prefix(of key: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let base = key.baseAddress else { return 0 }
    if key.count >= 8 { return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) }
    var value: UInt64 = 0
    for index in 0..<key.count { value |= UInt64(key[index]) << (8 * UInt64(index)) }
    return value
  }

  /// Sets every slot below `node` to `.null`: a later duplicate key replaces the earlier one.
  package func clearSubtree(_ node: Int, in values: UnsafeMutableBufferPointer<Value>) {
    for slot in subtreeSlots[node] {
      values[slot] = .null
    }
  }

  /// Fills the slots below `node` from `value`, an object already parsed whole, noting in
  /// `marks` the slots of the members it has.
  package func fillSubtree(
    _ node: Int, from value: Value, into values: UnsafeMutableBufferPointer<Value>,
    marking marks: SlotMarks? = nil
  ) {
    guard case .record(let members) = value else {
      clearSubtree(node, in: values)
      return
    }
    for index in nodeEntries[node] {
      let entry = entries[index]
      let found = members[names[index]]
      let member = found ?? .null
      if entry.slot != FieldTrie.none {
        values[entry.slot] = member
        if found != nil { marks?.mark(entry.slot) }
      }
      if entry.child != FieldTrie.none {
        fillSubtree(entry.child, from: member, into: values, marking: marks)
      }
    }
  }
}
