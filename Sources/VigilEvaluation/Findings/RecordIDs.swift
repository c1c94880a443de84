import Dispatch
import VigilCore
import VigilRecords

/// The ids of one chunk's records, in order: a 64-bit hash of each id's text, its line, and
/// the text's bytes (kept in one buffer, so a record costs no allocation).
package struct ChunkIDs: Sendable {
  /// One record's id: its hash, its line, and where its text ends in `bytes`.
  package struct Entry: Sendable {
    package var hash: UInt64
    package var line: Int
    package var end: Int
  }

  package var entries: [Entry] = []
  /// The ids' bytes, one after the other.
  package var bytes: [UInt8] = []

  /// Adds the id `text` of the record at `line`.
  @inline(__always)
  package mutating func add(_ text: UnsafeBufferPointer<UInt8>, line: Int) {
    // FNV-1a: the ids are short.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    bytes.append(contentsOf: text)
    entries.append(Entry(hash: hash, line: line, end: bytes.count))
  }

  /// Makes one from its parts.
  package init(entries: [Entry] = [], bytes: [UInt8] = []) {
    self.entries = entries
    self.bytes = bytes
  }
}

/// Every record id of an input, to find the records that repeat an earlier record's id.
///
/// Reading keeps each chunk's ids (their texts) and puts each id's hash and line in one of
/// 64 partitions by hash (about 28 bytes plus the id's length per record); `warning` then
/// finds the repeats of each partition on its own, with a table that fits the cache, in
/// parallel. Two different ids with the same hash (about one chance in 10^7 for 10^6 ids)
/// would be taken for one.
package struct RecordIDIndex: Sendable {
  /// One id, in its partition: its hash, its line, and where its text is (chunk and entry).
  private struct Entry: Sendable {
    var hash: UInt64
    var line: Int
    var chunk: Int32
    var entry: Int32
  }

  /// The chunks' ids' texts, in input order: their bytes, and where each ends.
  private var chunks: [(bytes: [UInt8], ends: [Int32])] = []
  /// The ids by the top bits of their hash, each partition in input order.
  private var partitions = [[Entry]](repeating: [], count: 1 << partitionBits)
  private static let partitionBits = 6

  /// How many repeated ids a warning shows.
  package static let shown = 3

  /// Adds a chunk's ids, whose lines start after `baseLine`.
  package mutating func add(_ ids: ChunkIDs, baseLine: Int) {
    guard !ids.entries.isEmpty else { return }
    let chunk = Int32(truncatingIfNeeded: chunks.count)
    for (index, entry) in ids.entries.enumerated() {
      partitions[Int(truncatingIfNeeded: entry.hash >> UInt64(64 - Self.partitionBits))].append(
        Entry(
          hash: entry.hash, line: entry.line + baseLine, chunk: chunk,
          entry: Int32(truncatingIfNeeded: index)))
    }
    chunks.append((ids.bytes, ids.entries.map { Int32(truncatingIfNeeded: $0.end) }))
  }

  /// A record repeating an earlier record's id: the id's place, the line that first had it,
  /// and the record's line.
  private struct Repeat {
    var chunk: Int32
    var entry: Int32
    var first: Int
    var line: Int
  }

  /// Every record that repeats an earlier record's id, in input order: the partitions are
  /// searched in parallel, each with a table that fits the cache.
  private func repeats() -> [Repeat] {
    let partitions = self.partitions
    let found = Results(count: partitions.count)
    defer {
      found.buffer.deinitialize()
      found.buffer.deallocate()
    }
    DispatchQueue.concurrentPerform(iterations: partitions.count) { partition in
      // Each partition writes its own element only.
      found.buffer[partition] = Self.repeats(in: partitions[partition])
    }
    return found.buffer.flatMap { $0 }.sorted { $0.line < $1.line }
  }

  /// The partitions' results, each written by one thread.
  private struct Results: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<[Repeat]>
    init(count: Int) {
      buffer = .allocate(capacity: count)
      buffer.initialize(repeating: [])
    }
  }

  /// The repeats among one partition's ids.
  private static func repeats(in entries: [Entry]) -> [Repeat] {
    var size = 16
    while size < 2 * entries.count { size *= 2 }
    // A place holds a hash (0: empty; a hash of 0 is taken as 1) and the line that had it.
    var keys = [UInt64](repeating: 0, count: size)
    var lines = [Int](repeating: 0, count: size)
    var found: [Repeat] = []
    let mask = size - 1
    for entry in entries {
      let key = entry.hash == 0 ? 1 : entry.hash
      var place = Int(truncatingIfNeeded: key) & mask
      while keys[place] != 0 && keys[place] != key { place = (place + 1) & mask }
      if keys[place] == 0 {
        (keys[place], lines[place]) = (key, entry.line)
      } else {
        found.append(
          Repeat(chunk: entry.chunk, entry: entry.entry, first: lines[place], line: entry.line))
      }
    }
    return found
  }

  /// The warning for the input's repeated ids, if any.
  package func warning(input: String, idField: FieldPath, idOption: String? = nil) -> DataWarning? {
    let found = repeats()
    guard !found.isEmpty else { return nil }
    // The first ids repeated, in the order their first repeat comes, each with its first
    // three lines.
    var shown: [(id: String, lines: [Int])] = []
    for repeated in found {
      let (bytes, ends) = chunks[Int(repeated.chunk)]
      let entry = Int(repeated.entry)
      let id = String(
        decoding: bytes[(entry == 0 ? 0 : Int(ends[entry - 1]))..<Int(ends[entry])], as: UTF8.self)
      if let known = shown.firstIndex(where: { $0.id == id }) {
        if shown[known].lines.count < 3 { shown[known].lines.append(repeated.line) }
      } else if shown.count < RecordIDIndex.shown {
        shown.append((id, [repeated.first, repeated.line]))
      } else if shown.allSatisfy({ $0.lines.count == 3 }) {
        break
      }
    }
    let listed = shown.map { id, lines in
      "'\(id)' (lines \(lines.dropLast().map(String.init).joined(separator: ", ")) and \(lines.last ?? 0))"
    }
    let shownRecords = shown.reduce(0) { $0 + $1.lines.count - 1 }
    let records = found.count == 1 ? "1 record" : "\(found.count) records"
    let verb = found.count == 1 ? "has" : "have"
    return DataWarning(
      code: .repeatedID, input: input,
      message:
        "\(records) of \(input) \(verb) the id of an earlier record (field '\(idField.dotted)'): "
        + listed.joined(separator: ", ") + (found.count > shownRecords ? ", …" : "")
        + "; each is audited again, so its breaches count twice: remove the repeated rows, "
        + "or name the field that tells records apart" + (idOption.map { " with \($0)" } ?? ""),
      fields: [idField.description], lines: shown.first?.lines ?? [], count: found.count)
  }

  /// Makes one from its parts.
  package init() {}
}
