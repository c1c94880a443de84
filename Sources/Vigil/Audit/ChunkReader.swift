import Foundation

/// Cuts an input into chunks of whole records, so that chunks can be audited independently
/// (and in parallel) with the same result as reading the input from start to end.
///
/// A JSON Lines chunk ends after a line feed. A CSV chunk ends where the reader's scanner ends
/// a record, scanning from the chunk's start (every chunk starts at a record), so that a
/// malformed record ends where the reader resumes. A record longer than a chunk makes the
/// chunk grow.
final class ChunkReader {
  /// A part of the input holding whole records; it returns its memory to the pool unless
  /// its bytes were taken.
  final class Chunk: @unchecked Sendable {
    // Handed from the reading thread to one worker, never shared.
    /// Its place in the input, from 0.
    let index: Int
    /// How many bytes of the input come before it (after a byte order mark).
    let offset: Int
    /// How many bytes of `allocation` it holds.
    let count: Int
    private var allocation: UnsafeMutableBufferPointer<UInt8>?
    private let pool: BufferPool

    init(
      index: Int, offset: Int, allocation: UnsafeMutableBufferPointer<UInt8>, count: Int,
      pool: BufferPool
    ) {
      self.index = index
      self.offset = offset
      self.allocation = allocation
      self.count = count
      self.pool = pool
    }

    /// The bytes, as an input that gives the memory back to the pool when it is done.
    func takeInput() -> ByteInput {
      // INVARIANT: a chunk is taken once, by the worker that audits it.
      let taken = allocation!
      allocation = nil
      return ByteInput(owning: taken, count: count, release: pool.recycle)
    }

    deinit {
      if let allocation { pool.recycle(allocation) }
    }
  }

  /// The usual size of a chunk: 2 MiB.
  static let defaultSize = 2 << 20

  /// The chunk size for policies of this shape: larger for event logs, whose cases recur
  /// from chunk to chunk (each chunk's part of a case is merged into the whole, one after
  /// the other: fewer chunks, fewer merges).
  static func size(for shape: TallyShape) -> Int {
    shape.caseWidths.isEmpty ? defaultSize : caseLogSize
  }

  static let caseLogSize = 8 << 20

  private let input: ByteInput
  private let format: InputFormat
  private let size: Int
  private var nextIndex = 0
  /// The bytes of the chunks made so far.
  private var delivered = 0
  private var carry: [UInt8] = []
  private var finished = false
  private let pool: BufferPool
  /// The fields of the CSV record the cut point's scan is at (reused).
  private var fields: [CSVFieldSpan] = []

  /// Chunks of `input` in `format`, about `size` bytes each.
  init(input: ByteInput, format: InputFormat, size: Int = ChunkReader.defaultSize) {
    self.input = input
    self.format = format
    self.size = size
    self.pool = BufferPool(size: size)
  }

  /// Skips a byte order mark at the start of the input.
  func skipByteOrderMark() {
    input.skipByteOrderMark()
  }

  /// The next chunk, or nil at the end of the input.
  func next() -> Chunk? {
    guard !finished else { return nil }
    var capacity = Swift.max(size, carry.count * 2)
    var buffer = pool.obtain(capacity: capacity)
    var filled = carry.count
    _ = buffer.initialize(from: carry)
    carry.removeAll(keepingCapacity: true)
    var atEnd = false
    while true {
      atEnd = fill(buffer, from: &filled)
      if atEnd { break }
      if let cut = cutPoint(in: UnsafeBufferPointer(buffer), filled: filled) {
        carry.append(contentsOf: buffer[cut..<filled])
        filled = cut
        break
      }
      // No record ends in the chunk: it must grow.
      capacity *= 2
      let grown = pool.obtain(capacity: capacity)
      _ = grown.initialize(from: buffer[..<filled])
      pool.recycle(buffer)
      buffer = grown
    }
    if atEnd { finished = true }
    guard filled > 0 else {
      pool.recycle(buffer)
      return nil
    }
    defer {
      nextIndex += 1
      delivered += filled
    }
    return Chunk(
      index: nextIndex, offset: delivered, allocation: buffer, count: filled, pool: pool)
  }

  /// Reads into `buffer` after `filled` until it is full; returns whether the input ended.
  private func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, from filled: inout Int) -> Bool {
    // INVARIANT: allocated buffers have a base address.
    let base = buffer.baseAddress!
    while filled < buffer.count {
      let count = input.take(into: base + filled, maximum: buffer.count - filled)
      if count == 0 { return true }
      filled += count
    }
    return false
  }

  /// Where the chunk can end: just after its last record boundary, or nil if it has none.
  private func cutPoint(in bytes: UnsafeBufferPointer<UInt8>, filled: Int) -> Int? {
    let lineFeed = UInt8(ascii: "\n")
    guard format == .csv else {
      return ByteCount.last(lineFeed, in: bytes, before: filled).map { $0 + 1 }
    }
    // Record by record, with the reader's own scanner: a malformed record ends where the
    // reader resumes (the line after the error), which counting quotes cannot tell.
    var cut: Int?
    var offset = 0
    while offset < filled {
      var scanner = CSVScanner(
        bytes: UnsafeBufferPointer(rebasing: bytes[offset..<filled]), isFinal: false, firstLine: 1)
      switch scanner.scanRecord(into: &fields) {
      case .record(let record): offset += record.length
      case .blankLine(let length): offset += length
      case .needsMore, .endOfInput: return cut
      }
      cut = offset
    }
    return cut
  }
}

/// Chunk-sized buffers, reused: fresh multi-megabyte allocations cost page faults.
final class BufferPool: @unchecked Sendable {
  // `free` is guarded by `lock`.
  private let lock = NSLock()
  private let size: Int
  private var free: [UnsafeMutableBufferPointer<UInt8>] = []

  init(size: Int) {
    self.size = size
  }

  deinit {
    for buffer in free { buffer.deallocate() }
  }

  /// A buffer of at least `capacity` bytes.
  func obtain(capacity: Int) -> UnsafeMutableBufferPointer<UInt8> {
    if capacity <= size {
      lock.lock()
      let reused = free.popLast()
      lock.unlock()
      if let reused { return reused }
    }
    return .allocate(capacity: Swift.max(capacity, size))
  }

  /// Takes a buffer back, keeping standard-size ones for reuse.
  func recycle(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    guard buffer.count == size else {
      buffer.deallocate()
      return
    }
    lock.lock()
    free.append(buffer)
    lock.unlock()
  }
}
