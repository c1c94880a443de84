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
/// Each id is kept as its 64-bit hash, its line and its text (20 bytes and the text's), in
/// one of 64 partitions by hash; `warning` then finds the repeats of each partition on its
/// own, with a table that fits the cache, in parallel. Two different ids with the same hash
/// (about one chance in 10^7 for 10^6 ids) would be taken for one.
///
/// The partitions stay in memory up to `spillThreshold` bytes in all; past it they are
/// written to a temporary file (`SpillFile`) and emptied, so that an audit's memory does not
/// grow with its records. Finding the repeats then reads one partition at a time per thread:
/// a 64th of the ids. Should no temporary file be had, the ids stay in memory.
package struct RecordIDIndex: Sendable {
  /// Each partition's ids not yet written out, in input order.
  private var partitions = [[UInt8]](repeating: [], count: 1 << partitionBits)
  private static let partitionBits = 6
  /// The bytes in `partitions`.
  private var buffered = 0
  private let spillThreshold: Int
  /// Where the partitions were written out, and each partition's blocks, in order.
  private var spill: SpillFile?
  private var blocks = [[SpillFile.Block]](repeating: [], count: 1 << partitionBits)
  private var spills = true

  /// How many repeated ids a warning shows.
  package static let shown = 3

  /// An index that writes its ids to a temporary file past `spillThreshold` bytes.
  package init(spillThreshold: Int = 4 << 20) {
    self.spillThreshold = spillThreshold
  }

  /// Adds a chunk's ids, whose lines start after `baseLine`.
  package mutating func add(_ ids: ChunkIDs, baseLine: Int) {
    guard !ids.entries.isEmpty else { return }
    ids.bytes.withUnsafeBufferPointer { texts in
      var start = 0
      for entry in ids.entries {
        let partition = Int(truncatingIfNeeded: entry.hash >> UInt64(64 - Self.partitionBits))
        let text = UnsafeBufferPointer(rebasing: texts[start..<entry.end])
        Self.append(
          hash: entry.hash, line: entry.line + baseLine, text: text, to: &partitions[partition])
        buffered += Self.entryBytes + text.count
        start = entry.end
      }
    }
    if spills && buffered > spillThreshold { writeOut() }
  }

  /// An entry's bytes besides its text: hash, line and the text's length.
  private static let entryBytes = 20

  private static func append(
    hash: UInt64, line: Int, text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]
  ) {
    // The entry is put together on the stack and appended at once: an append costs more
    // than the copy of a short id.
    withUnsafeTemporaryAllocation(byteCount: entryBytes + text.count, alignment: 8) { entry in
      entry.storeBytes(of: hash.littleEndian, as: UInt64.self)
      entry.storeBytes(of: Int64(line).littleEndian, toByteOffset: 8, as: Int64.self)
      entry.storeBytes(
        of: UInt32(truncatingIfNeeded: text.count).littleEndian, toByteOffset: 16, as: UInt32.self)
      if let base = text.baseAddress, let target = entry.baseAddress {
        (target + entryBytes).copyMemory(from: base, byteCount: text.count)
      }
      bytes.append(contentsOf: UnsafeRawBufferPointer(entry))
    }
  }

  /// Writes every partition to the temporary file and empties it; with no file to write
  /// to, keeps them in memory from now on.
  private mutating func writeOut() {
    if spill == nil { spill = SpillFile.make() }
    guard let spill else {
      spills = false
      return
    }
    for partition in partitions.indices where !partitions[partition].isEmpty {
      guard let block = spill.append(partitions[partition]) else {
        spills = false
        return
      }
      blocks[partition].append(block)
      buffered -= partitions[partition].count
      partitions[partition].removeAll(keepingCapacity: true)
    }
  }

  /// A record repeating an earlier record's id: the id's hash, the line that first had it,
  /// and the record's line.
  private struct Repeat {
    var hash: UInt64
    var first: Int
    var line: Int
  }

  /// One partition's repeats, in input order, and the texts of its first `shown` ids
  /// repeated (the ids a warning names are among them: an id repeated earlier in the input
  /// is repeated earlier in its partition).
  private struct PartitionRepeats {
    var repeats: [Repeat] = []
    var texts: [(hash: UInt64, text: String)] = []
    var error: String?
  }

  /// Every record that repeats an earlier record's id, in input order, and the texts of the
  /// first ids repeated; or what kept a partition from being read back. The partitions are
  /// searched in parallel, each with a table that fits the cache.
  private func repeats() -> (repeats: [Repeat], texts: [UInt64: String], error: String?) {
    let found = Results(count: partitions.count)
    defer {
      found.buffer.deinitialize()
      found.buffer.deallocate()
    }
    DispatchQueue.concurrentPerform(iterations: partitions.count) { partition in
      // Each partition writes its own element only.
      found.buffer[partition] = repeats(inPartition: partition)
    }
    var texts: [UInt64: String] = [:]
    for part in found.buffer {
      for (hash, text) in part.texts { texts[hash] = text }
    }
    return (
      found.buffer.flatMap(\.repeats).sorted { $0.line < $1.line }, texts,
      found.buffer.lazy.compactMap(\.error).first
    )
  }

  /// The partitions' results, each written by one thread.
  private struct Results: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<PartitionRepeats>
    init(count: Int) {
      buffer = .allocate(capacity: count)
      buffer.initialize(repeating: PartitionRepeats())
    }
  }

  /// The repeats among one partition's ids: those written out, then those in memory.
  private func repeats(inPartition partition: Int) -> PartitionRepeats {
    var bytes: [UInt8] = []
    if let spill, !blocks[partition].isEmpty {
      do {
        try spill.read(blocks[partition], into: &bytes)
      } catch {
        return PartitionRepeats(error: error.message)
      }
      bytes += partitions[partition]
    } else {
      bytes = partitions[partition]
    }
    return bytes.withUnsafeBytes(Self.repeats(in:))
  }

  /// The repeats among the entries in `raw`.
  private static func repeats(in raw: UnsafeRawBufferPointer) -> PartitionRepeats {
    var count = 0
    var offset = 0
    while offset < raw.count {
      count += 1
      offset += entryBytes + Int(raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))
    }
    var size = 16
    while size < 2 * count { size *= 2 }
    // A place holds a hash (0: empty; a hash of 0 is taken as 1) and the line that had it.
    var keys = [UInt64](repeating: 0, count: size)
    var lines = [Int](repeating: 0, count: size)
    var found = PartitionRepeats()
    let mask = size - 1
    offset = 0
    while offset < raw.count {
      let hash = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      let line = Int(
        Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self)))
      let length = Int(
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self)))
      let key = hash == 0 ? 1 : hash
      var place = Int(truncatingIfNeeded: key) & mask
      while keys[place] != 0 && keys[place] != key { place = (place + 1) & mask }
      if keys[place] == 0 {
        (keys[place], lines[place]) = (key, line)
      } else {
        found.repeats.append(Repeat(hash: key, first: lines[place], line: line))
        if found.texts.count < shown && !found.texts.contains(where: { $0.hash == key }) {
          let text = UnsafeRawBufferPointer(rebasing: raw[(offset + entryBytes)...].prefix(length))
          found.texts.append((key, String(decoding: text, as: UTF8.self)))
        }
      }
      offset += entryBytes + length
    }
    return found
  }

  /// The warning for the input's repeated ids, if any.
  package func warning(input: String, idField: FieldPath, idOption: String? = nil) -> DataWarning? {
    let (found, texts, error) = repeats()
    if let error {
      return DataWarning(
        code: .repeatedID, input: input,
        message:
          "whether records of \(input) repeat an earlier record's id (field '\(idField.dotted)') "
          + "could not be checked: its temporary file could not be read back (\(error)); "
          + "run the audit again with more room in the temporary directory ($TMPDIR)",
        fields: [idField.description], lines: [], count: 0)
    }
    guard !found.isEmpty else { return nil }
    // The first ids repeated, in the order their first repeat comes, each with its first
    // three lines.
    var shown: [(hash: UInt64, id: String, lines: [Int])] = []
    for repeated in found {
      if let known = shown.firstIndex(where: { $0.hash == repeated.hash }) {
        if shown[known].lines.count < 3 { shown[known].lines.append(repeated.line) }
      } else if shown.count < RecordIDIndex.shown {
        shown.append((repeated.hash, texts[repeated.hash] ?? "", [repeated.first, repeated.line]))
      } else if shown.allSatisfy({ $0.lines.count == 3 }) {
        break
      }
    }
    let listed = shown.map { _, id, lines in
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
}
