import Dispatch
import Synchronization
import VigilCore
import VigilRecords

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The ids of one chunk's records, each as `RecordIDIndex` keeps it (a 64-bit hash of the
/// id's text, its line, the text's length and its bytes: `RecordIDIndex.entryBytes` and the
/// text), written straight into the index's partition for its hash. A record costs no
/// allocation and no array append, and stitching the chunk into the index costs one append
/// per partition.
package struct ChunkIDs: Sendable {
  /// The partitions' buffers (one chunk's: written by its thread, then read by the one that
  /// stitches).
  private let buffers = PartitionBuffers()

  /// No ids yet; each partition's buffer starts at `partitionCapacity` bytes (a chunk's
  /// share), so that most never grow.
  package init(partitionCapacity: Int = 1024) {
    buffers.firstCapacity = Swift.max(1024, partitionCapacity)
  }

  /// Adds the id `text` of the record at `line`.
  @inline(__always)
  package func add(_ text: UnsafeBufferPointer<UInt8>, line: Int) {
    let hash = ByteWords.hash(text)
    let partition = RecordIDIndex.partition(of: hash)
    let target = buffers.room(RecordIDIndex.entryBytes + text.count, in: partition)
    buffers.entries[partition] &+= 1
    RecordIDIndex.write(hash: hash, line: line, text: text, at: target)
  }

  /// Adds `shift` to the line of every entry: lines counted from the chunk's start become
  /// lines counted from the input's (`LineFeedLedger`).
  package func shiftLines(by shift: Int) {
    guard shift != 0 else { return }
    for partition in 0..<RecordIDIndex.partitionCount {
      guard let start = buffers.starts[partition] else { continue }
      let end = buffers.counts[partition]
      var offset = 0
      while offset < end {
        let line = Int64(
          littleEndian: start.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self))
        start.storeBytes(
          of: (line + Int64(shift)).littleEndian, toByteOffset: offset + 8, as: Int64.self)
        let length = UInt32(
          littleEndian: start.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))
        offset += RecordIDIndex.entryBytes + Int(length)
      }
    }
  }

  /// A partition's entries, in the order added.
  package func entries(_ partition: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: buffers.starts[partition], count: buffers.counts[partition])
  }

  /// How many entries a partition holds.
  package func entryCount(_ partition: Int) -> Int { buffers.entries[partition] }

  /// The bytes of all the partitions' entries.
  package var byteCount: Int {
    (0..<RecordIDIndex.partitionCount).reduce(0) { $0 + buffers.counts[$1] }
  }
}

/// One growable byte buffer per partition of `RecordIDIndex`, written through pointers.
private final class PartitionBuffers: @unchecked Sendable {
  // One thread at a time: the chunk's while it is audited, then the stitcher's.
  let starts = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(
    capacity: RecordIDIndex.partitionCount)
  let counts = UnsafeMutablePointer<Int>.allocate(capacity: RecordIDIndex.partitionCount)
  let capacities = UnsafeMutablePointer<Int>.allocate(capacity: RecordIDIndex.partitionCount)
  /// How many entries each partition holds.
  let entries = UnsafeMutablePointer<Int>.allocate(capacity: RecordIDIndex.partitionCount)
  /// The capacity a partition's buffer starts with.
  var firstCapacity = 1024

  init() {
    starts.initialize(repeating: nil, count: RecordIDIndex.partitionCount)
    counts.initialize(repeating: 0, count: RecordIDIndex.partitionCount)
    capacities.initialize(repeating: 0, count: RecordIDIndex.partitionCount)
    entries.initialize(repeating: 0, count: RecordIDIndex.partitionCount)
  }

  deinit {
    for partition in 0..<RecordIDIndex.partitionCount { starts[partition]?.deallocate() }
    starts.deallocate()
    counts.deallocate()
    capacities.deallocate()
    entries.deallocate()
  }

  /// Room for `size` more bytes at the end of `partition`, counted as written.
  @inline(__always)
  func room(_ size: Int, in partition: Int) -> UnsafeMutableRawPointer {
    let count = counts[partition]
    if count + size > capacities[partition] { grow(partition, by: size) }
    counts[partition] = count + size
    // INVARIANT: grown above to hold `size` more bytes.
    return starts[partition]! + count
  }

  private func grow(_ partition: Int, by size: Int) {
    let capacity = Swift.max(2 * capacities[partition], counts[partition] + size, firstCapacity)
    let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    if let old = starts[partition] {
      grown.copyMemory(from: old, byteCount: counts[partition])
      old.deallocate()
    }
    starts[partition] = grown
    capacities[partition] = capacity
  }
}

/// Every record id of an input, to find the records that repeat an earlier record's id.
///
/// Each id is kept as its 64-bit hash, its line and its text (20 bytes and the text's), in
/// one of 64 partitions by hash; `warning` then finds the repeats of each partition on its
/// own, with a table that fits the cache, in parallel. Two different ids with the same hash
/// (about one chance in 10^7 for 10^6 ids) would be taken for one.
///
/// The chunks' ids stay in memory, in the chunks' own buffers, up to `spillThreshold` bytes
/// in all; past it they are written to a temporary file (`SpillFile`, each partition's
/// entries of every chunk as one block, gathered by the system from the chunks' buffers) and
/// let go, so that an audit's memory does not grow with its records. Finding the repeats then
/// reads one partition at a time per thread: a 64th of the ids. Should no temporary file be
/// had, the ids stay in memory.
package struct RecordIDIndex: Sendable {
  /// The ids of the chunks not yet written out, in input order.
  private var held: [ChunkIDs] = []
  private static let partitionBits = 6
  /// The bytes of the entries in `held`.
  private var buffered = 0
  private let spillThreshold: Int
  /// Where the partitions were written out, and each partition's blocks, in order.
  private var spill: SpillFile?
  private var blocks = [[SpillFile.Block]](repeating: [], count: partitionCount)
  /// How many ids each partition holds, written out or not.
  private var entryCounts = [Int](repeating: 0, count: partitionCount)
  /// Each partition's entries, written out or not, in input order, as runs of bytes whose
  /// lines count from the same line: the lines before a chunk whose records counted them
  /// from its start (`LineFeedLedger`), else 0.
  private var segments = [[LineSegment]](repeating: [], count: partitionCount)
  private var spills = true

  /// How many repeated ids a warning shows.
  package static let shown = 3

  /// How many threads search for repeats: the audit's `--jobs`, at most one per processor.
  private let threads: Int

  /// An index that writes its ids to a temporary file past `spillThreshold` bytes, and
  /// searches for repeats on up to `threads` threads.
  package init(spillThreshold: Int = 4 << 20, threads: Int = .max) {
    self.spillThreshold = spillThreshold
    let processors = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    self.threads = Swift.max(1, Swift.min(Self.partitionCount, processors, threads))
  }

  /// Adds a chunk's ids (kept, not copied: the chunk writes no more to them), whose lines
  /// count from `lineBase`.
  package mutating func add(_ ids: ChunkIDs, lineBase: Int = 0) {
    let count = ids.byteCount
    guard count > 0 else { return }
    held.append(ids)
    buffered += count
    for partition in 0..<Self.partitionCount {
      entryCounts[partition] += ids.entryCount(partition)
      let bytes = ids.entries(partition).count
      guard bytes > 0 else { continue }
      if segments[partition].last?.lineBase == lineBase {
        segments[partition][segments[partition].count - 1].bytes += bytes
      } else {
        segments[partition].append(LineSegment(bytes: bytes, lineBase: lineBase))
      }
    }
    if spills && buffered > spillThreshold { writeOut() }
  }

  /// Bytes of a partition's entries whose lines count from `lineBase`.
  private struct LineSegment {
    var bytes: Int
    var lineBase: Int
  }

  /// The entries of `partition` in the chunks held in memory, in input order.
  private func heldEntries(_ partition: Int) -> [UnsafeRawBufferPointer] {
    held.map { $0.entries(partition) }.filter { !$0.isEmpty }
  }

  /// How many partitions the ids are kept in.
  package static let partitionCount = 1 << partitionBits

  /// An entry's bytes besides its text: hash, line and the text's length.
  package static let entryBytes = 20

  /// Writes an entry at `target`, which has room for `entryBytes` and the text.
  @inline(__always)
  package static func write(
    hash: UInt64, line: Int, text: UnsafeBufferPointer<UInt8>, at target: UnsafeMutableRawPointer
  ) {
    target.storeBytes(of: hash.littleEndian, as: UInt64.self)
    target.storeBytes(of: Int64(line).littleEndian, toByteOffset: 8, as: Int64.self)
    target.storeBytes(
      of: UInt32(truncatingIfNeeded: text.count).littleEndian, toByteOffset: 16, as: UInt32.self)
    guard let base = text.baseAddress else { return }
    let destination = target + entryBytes
    let count = text.count
    if count >= 8 && count <= 16 {
      // A short id in two words that may overlap: no call to `memcpy`.
      let source = UnsafeRawPointer(base)
      destination.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
      destination.storeBytes(
        of: source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self),
        toByteOffset: count - 8, as: UInt64.self)
    } else {
      destination.copyMemory(from: base, byteCount: count)
    }
  }

  /// The partition an id of this hash is kept in: the hash's top bits.
  @inline(__always)
  static func partition(of hash: UInt64) -> Int {
    Int(truncatingIfNeeded: hash >> UInt64(64 - partitionBits))
  }

  /// Writes the held chunks' ids to the temporary file, a block per partition, and lets
  /// them go; with no file to write to, keeps them in memory from now on.
  private mutating func writeOut() {
    if spill == nil { spill = SpillFile.make() }
    guard let spill else {
      spills = false
      return
    }
    var written: [SpillFile.Block?] = []
    for partition in 0..<Self.partitionCount {
      let parts = heldEntries(partition)
      guard !parts.isEmpty else {
        written.append(nil)
        continue
      }
      guard let block = spill.append(parts) else {
        // The blocks written by this call are left unused: the held chunks keep every id.
        spills = false
        return
      }
      written.append(block)
    }
    for (partition, block) in written.enumerated() {
      if let block { blocks[partition].append(block) }
    }
    held.removeAll()
    buffered = 0
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
  /// searched in parallel, each of `threads` threads taking the next partition no thread took
  /// yet (so that they end together: a thread that took every n-th partition could end
  /// milliseconds after the others), each thread with one table that fits the cache and one
  /// buffer to read into, reused from partition to partition (fresh ones for each were as many
  /// page faults as their bytes).
  private func repeats() -> (repeats: [Repeat], texts: [UInt64: String], error: String?) {
    let found = Results(count: Self.partitionCount)
    defer {
      found.buffer.deinitialize()
      found.buffer.deallocate()
    }
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
      let scratch = RepeatScratch()
      while true {
        let partition = next.add(1, ordering: .relaxed).oldValue
        guard partition < Self.partitionCount else { break }
        // Each partition writes its own element only.
        found.buffer[partition] = repeats(inPartition: partition, scratch: scratch)
      }
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
  private func repeats(inPartition partition: Int, scratch: RepeatScratch) -> PartitionRepeats {
    scratch.bytes.count = 0
    if let spill, !blocks[partition].isEmpty {
      do {
        try spill.read(blocks[partition], into: scratch.bytes)
      } catch {
        return PartitionRepeats(error: error.message)
      }
    }
    return Self.repeats(
      in: [scratch.bytes.bytes] + heldEntries(partition), segments: segments[partition],
      count: entryCounts[partition], table: scratch)
  }

  /// The repeats among the `count` entries of `parts`, in order, their lines counted from
  /// their `segments`' bases.
  private static func repeats(
    in parts: [UnsafeRawBufferPointer], segments: [LineSegment], count: Int, table: RepeatScratch
  ) -> PartitionRepeats {
    var size = 16
    while size < 2 * count { size *= 2 }
    // A place holds a hash and the line that had it, and is taken when stamped with this
    // search's generation.
    let (places, generation) = table.places(size)
    var found = PartitionRepeats()
    let mask = size - 1
    // Where the entries are among all the parts' bytes, and the segment that holds them.
    var position = 0
    var segment = 0
    var segmentEnd = segments.first?.bytes ?? 0
    for raw in parts {
      var offset = 0
      while offset < raw.count {
        while position >= segmentEnd {
          segment += 1
          segmentEnd += segments[segment].bytes
        }
        let hash = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let line =
          segments[segment].lineBase
          + Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self)))
        let length = Int(
          UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self)))
        let key = hash
        var place = Int(truncatingIfNeeded: key) & mask
        while places[place].generation == generation && places[place].key != key {
          place = (place + 1) & mask
        }
        if places[place].generation != generation {
          places[place] = IDPlace(key: key, line: line, generation: generation)
        } else {
          found.repeats.append(Repeat(hash: key, first: places[place].line, line: line))
          if found.texts.count < shown && !found.texts.contains(where: { $0.hash == key }) {
            let text = UnsafeRawBufferPointer(
              rebasing: raw[(offset + entryBytes)...].prefix(length))
            found.texts.append((key, String(decoding: text, as: UTF8.self)))
          }
        }
        offset += entryBytes + length
        position += entryBytes + length
      }
    }
    return found
  }

  /// Lets the ids go once the warning was made: the temporary file is closed on another
  /// thread, since closing it frees its pages (a few milliseconds for a million ids), which
  /// need not hold up the end of the report.
  package mutating func letGo() {
    held = []
    guard let spill else { return }
    self.spill = nil
    DispatchQueue.global().async { withExtendedLifetime(spill) {} }
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

/// A place of a table of ids: a hash and the line that first had it, side by side (one cache
/// line read for both), stamped with the generation of the search that took it, so that a
/// table is emptied for the next search by counting, not by writing it.
private struct IDPlace {
  var key: UInt64
  /// The generation in the top 24 bits, the line in the other 40.
  private var stamp: UInt64

  init(key: UInt64, line: Int, generation: UInt64) {
    self.key = key
    // INVARIANT: a line fits 40 bits (10^12 lines, a file of terabytes).
    stamp = generation << 40 | UInt64(truncatingIfNeeded: line) & (1 << 40 - 1)
  }

  var line: Int { Int(truncatingIfNeeded: stamp & (1 << 40 - 1)) }
  var generation: UInt64 { stamp >> 40 }
}

/// One thread's table and read buffer for finding repeated ids, reused from partition to
/// partition.
private final class RepeatScratch {
  /// The spilled bytes of the partition being searched.
  let bytes = ReadBuffer()
  private var table = UnsafeMutablePointer<IDPlace>.allocate(capacity: 0)
  private var capacity = 0
  private var generation: UInt64 = 0

  deinit { table.deallocate() }

  /// A table of `size` places and the generation a place taken in this search has: every
  /// place is free (stamped with an earlier one, or zeroed).
  func places(_ size: Int) -> (UnsafeMutablePointer<IDPlace>, generation: UInt64) {
    if size > capacity || generation == 1 << 24 - 1 {
      table.deallocate()
      table = .allocate(capacity: size)
      memset(table, 0, size * MemoryLayout<IDPlace>.stride)
      capacity = size
      generation = 0
    }
    generation += 1
    return (table, generation)
  }
}
