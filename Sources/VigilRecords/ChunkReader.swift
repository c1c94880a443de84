import Foundation
import VigilCore

/// Cuts an input into chunks of whole records, so that chunks can be audited independently
/// (and in parallel) with the same result as reading the input from start to end.
///
/// A JSON Lines chunk ends after a line feed. A CSV chunk ends where the reader's scanner ends
/// a record (every chunk starts at a record), so that a malformed record ends where the reader
/// resumes: found from the chunk's last bytes when they prove it (`CSVBoundaries`), else by
/// scanning from the chunk's start (a chunk without a quote, after its last line feed: the same
/// place, found without scanning). A record longer than a chunk makes the
/// chunk grow, up to `maxLineBytes`: a longer one is skipped without being kept, and comes as a
/// chunk of its own that holds no bytes, only its length (`Chunk.oversized`).
package final class ChunkReader {
  /// A record longer than the limit, skipped: its length (without its line end) and how many
  /// line feeds it took (with its line end's).
  package struct Oversized: Sendable, Equatable {
    package var length: Int
    package var lineFeeds: Int

    /// Makes one from its parts.
    package init(length: Int, lineFeeds: Int) {
      self.length = length
      self.lineFeeds = lineFeeds
    }
  }

  /// A part of the input holding whole records; it returns its memory to the pool unless
  /// its bytes were taken.
  package final class Chunk: @unchecked Sendable {
    // Handed from the reading thread to one worker, never shared.
    /// Its place in the input, from 0.
    package let index: Int
    /// How many bytes of the input come before it (after a byte order mark).
    package let offset: Int
    /// How many line feeds the input holds before it (after what was read before the chunk
    /// reader started: a CSV header): the line numbers of its records follow them. With a
    /// `LineFeedLedger`, only those of the chunks the reader counted: the ledger has them all.
    package let lineFeedsBefore: Int
    /// How many line feeds it holds, when the reader counted them (with a `LineFeedLedger`,
    /// it may not have: the chunk's auditor counts them as it reads).
    package let lineFeeds: Int?
    /// How many bytes of `allocation` it holds.
    package let count: Int
    /// For a record longer than the limit: what was skipped (then `count` is 0).
    package let oversized: Oversized?
    private var allocation: UnsafeMutableBufferPointer<UInt8>?
    /// The file's pages it holds, when they were mapped rather than read into `allocation`.
    private var window: MappedWindow?
    private let pool: BufferPool

    package init(
      index: Int, offset: Int, lineFeedsBefore: Int, lineFeeds: Int? = nil,
      allocation: UnsafeMutableBufferPointer<UInt8>, count: Int, pool: BufferPool,
      oversized: Oversized? = nil
    ) {
      self.index = index
      self.offset = offset
      self.lineFeedsBefore = lineFeedsBefore
      self.lineFeeds = lineFeeds
      self.allocation = allocation
      self.count = count
      self.pool = pool
      self.oversized = oversized
    }

    /// A chunk of `count` bytes of a mapped window.
    init(
      index: Int, offset: Int, lineFeedsBefore: Int, lineFeeds: Int?, window: MappedWindow,
      count: Int, pool: BufferPool
    ) {
      self.index = index
      self.offset = offset
      self.lineFeedsBefore = lineFeedsBefore
      self.lineFeeds = lineFeeds
      self.window = window
      self.count = count
      self.pool = pool
      self.oversized = nil
    }

    /// The bytes, as an input that gives the memory back to the pool (or unmaps it) when it
    /// is done.
    package func takeInput() -> ByteInput {
      if let window {
        self.window = nil
        return ByteInput(
          owning: UnsafeMutableBufferPointer(start: window.bytes, count: window.count),
          count: count, release: { _ in window.unmap() })
      }
      // INVARIANT: a chunk is taken once, by the worker that audits it.
      let taken = allocation!
      allocation = nil
      return ByteInput(owning: taken, count: count, release: pool.recycle)
    }

    deinit {
      if let allocation { pool.recycle(allocation) }
      window?.unmap()
    }
  }

  /// The usual size of a chunk: 2 MiB.
  package static let defaultSize = 2 << 20

  /// The chunk size for an input. An event log's cases recur from chunk to chunk (each
  /// chunk's part of a case is merged into the whole, one after the other: fewer chunks,
  /// fewer merges), but each chunk in flight holds a table of every case it touches: 2 MiB,
  /// as for records, keeps an event log's audit in less memory than DuckDB's at every size
  /// of the benchmark (4 MiB: 69, 71 and 150 MiB; 2 MiB: 64, 63 and 137; 2% more
  /// instructions, in the merges).
  package static func size(eventLog: Bool) -> Int {
    eventLog ? caseLogSize : defaultSize
  }

  package static let caseLogSize = 2 << 20

  private let input: ByteInput
  private let format: InputFormat
  private let size: Int
  private var nextIndex = 0
  /// The bytes of the chunks made so far.
  private var delivered = 0
  /// The line feeds of the chunks made so far.
  private var lineFeedsDelivered = 0
  private var carry: [UInt8] = []
  /// The bytes of the last mapped window after its cut: what a buffer would have carried.
  private var mappedCarry = 0
  /// The size of the first buffer the next chunk read (after mapping) is read into.
  private var firstCapacity = 0
  /// The line feeds in `carry`.
  private var carryLineFeeds = 0
  private var finished = false
  private let pool: BufferPool
  /// The fields of the CSV record the cut point's scan is at (reused).
  private var fields = CSVFields()
  private let maxLineBytes: Int
  /// Where the chunks' line feeds are written, when the reader may leave a mapped chunk's
  /// uncounted (`LineFeedLedger`).
  private let ledger: LineFeedLedger?
  /// The capacity of the largest buffer obtained so far (tests check it stays bounded).
  package private(set) var largestBuffer = 0

  /// Chunks of `input` in `format`, about `size` bytes each; records longer than
  /// `maxLineBytes` (without their line end) are skipped. With a `ledger`, a mapped chunk's
  /// line feeds are not counted (until the ledger wants them) and the input's `linesRead`
  /// leaves them out: the chunk's auditor counts them, and its consumer adds them
  /// (`ByteInput.addLineFeeds`); the counts the reader makes are written to the ledger.
  package init(
    input: ByteInput, format: InputFormat, size: Int = ChunkReader.defaultSize,
    maxLineBytes: Int = .max, ledger: LineFeedLedger? = nil
  ) {
    self.input = input
    self.format = format
    self.size = size
    self.maxLineBytes = maxLineBytes
    self.ledger = ledger
    self.pool = BufferPool(size: size)
  }

  private func obtain(capacity: Int) -> UnsafeMutableBufferPointer<UInt8> {
    let buffer = pool.obtain(capacity: capacity)
    largestBuffer = Swift.max(largestBuffer, buffer.count)
    return buffer
  }

  /// Skips a byte order mark at the start of the input.
  package func skipByteOrderMark() {
    input.skipByteOrderMark()
  }

  /// The next chunk, or nil at the end of the input.
  package func next() -> Chunk? {
    guard !finished else { return nil }
    if input.isMapping || (nextIndex == 0 && input.beginMapping()) {
      if let chunk = nextMapped() { return chunk }
      if finished { return nil }
    }
    var capacity = Swift.max(size, carry.count * 2, firstCapacity)
    firstCapacity = 0
    var buffer = obtain(capacity: capacity)
    var filled = carry.count
    _ = buffer.initialize(from: carry)
    carry.removeAll(keepingCapacity: true)
    // The line feeds of the chunk's bytes: the carry's, then those the input counted as it
    // read, less those of the bytes carried on to the next chunk.
    var lineFeeds = carryLineFeeds
    carryLineFeeds = 0
    var atEnd = false
    while true {
      atEnd = fill(buffer, from: &filled, lineFeeds: &lineFeeds)
      if atEnd { break }
      if let cut = cutPoint(in: UnsafeBufferPointer(buffer), filled: filled) {
        carry.append(contentsOf: buffer[cut..<filled])
        carryLineFeeds = ByteCount.count(
          RecordByte.lineFeed, in: UnsafeBufferPointer(rebasing: buffer[cut..<filled]))
        lineFeeds -= carryLineFeeds
        filled = cut
        break
      }
      // No record ends in the chunk: the record at its start is longer than the chunk.
      // (A record of exactly the limit may fill one byte more: its `\r`.)
      if filled - 1 > maxLineBytes {
        return skipOversized(buffer, filled: filled)
      }
      // It must grow.
      capacity *= 2
      let grown = obtain(capacity: capacity)
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
      lineFeedsDelivered += lineFeeds
    }
    ledger?.record(lineFeeds, ofChunk: nextIndex)
    return Chunk(
      index: nextIndex, offset: delivered, lineFeedsBefore: lineFeedsDelivered,
      lineFeeds: lineFeeds, allocation: buffer, count: filled, pool: pool)
  }

  /// The next chunk of a mapped file: a window of the file cut after its last record; nil at
  /// the file's end (then `finished`), and when the file is to be read from here on (a record
  /// longer than the line limit, or a window the system would not map).
  private func nextMapped() -> Chunk? {
    // As large as a chunk read into a buffer would be: that buffer holds the bytes carried
    // over from the chunk before, and at least twice as many.
    let mappedCarryBefore = mappedCarry
    var length = Swift.max(size, mappedCarry * 2)
    while true {
      guard let window = input.mapNext(length) else {
        if input.isExhausted { finished = true }
        return nil
      }
      let bytes = window.buffer
      let atEnd = window.count < length
      let cut = atEnd ? window.count : cutPoint(in: bytes, filled: window.count)
      guard let cut else {
        window.unmap()
        // A record longer than the limit is skipped as it is read, from a buffer as large
        // as this chunk's first window.
        if window.count - 1 > maxLineBytes {
          input.endMapping()
          mappedCarry = 0
          firstCapacity = Swift.max(size, mappedCarryBefore * 2)
          return nil
        }
        length *= 2
        continue
      }
      // With a ledger the chunk's auditor counts its line feeds as it reads its lines, until
      // one of them needs the line feeds before its chunk.
      let counted = ledger.map { $0.wantsCounts } ?? true
      let lineFeeds =
        counted
        ? ByteCount.count(RecordByte.lineFeed, in: UnsafeBufferPointer(rebasing: bytes[..<cut]))
        : 0
      input.skipMapped(
        cut, lineFeeds: lineFeeds, endsWithLineFeed: bytes[cut - 1] == RecordByte.lineFeed)
      if counted { ledger?.record(lineFeeds, ofChunk: nextIndex) }
      mappedCarry = window.count - cut
      if atEnd { finished = true }
      defer {
        nextIndex += 1
        delivered += cut
        lineFeedsDelivered += lineFeeds
      }
      return Chunk(
        index: nextIndex, offset: delivered, lineFeedsBefore: lineFeedsDelivered,
        lineFeeds: counted ? lineFeeds : nil, window: window, count: cut, pool: pool)
    }
  }

  /// Skips the rest of the record that fills `buffer` (it starts at its start), reusing the
  /// buffer to read; keeps what follows the record as the carry.
  private func skipOversized(_ buffer: UnsafeMutableBufferPointer<UInt8>, filled: Int) -> Chunk {
    let lineFeed = UInt8(ascii: "\n")
    let quote = UInt8(ascii: "\"")
    let csv = format == .csv
    let seen = UnsafeBufferPointer(rebasing: buffer[..<filled])
    var skipped = Oversized(
      length: filled, lineFeeds: ByteCount.count(RecordByte.lineFeed, in: seen))
    var quotes = csv ? ByteCount.count(quote, in: seen) : 0
    var last = buffer[filled - 1]
    // INVARIANT: allocated buffers have a base address.
    let base = buffer.baseAddress!
    while true {
      let count = input.take(into: base, maximum: buffer.count)
      if count == 0 {
        finished = true
        break
      }
      var end: Int?
      if csv {
        for offset in 0..<count {
          let byte = base[offset]
          if byte == quote {
            quotes += 1
          } else if byte == lineFeed {
            if quotes % 2 == 0 {
              end = offset
              break
            }
            skipped.lineFeeds += 1
          }
        }
      } else {
        end = LineSplitter.lineFeedOffset(
          in: UnsafeBufferPointer(rebasing: buffer[..<count]), from: 0)
      }
      guard let end else {
        skipped.length += count
        last = base[count - 1]
        continue
      }
      skipped.length += end
      if end > 0 { last = base[end - 1] }
      if last == UInt8(ascii: "\r") { skipped.length -= 1 }
      skipped.lineFeeds += 1
      carry.append(contentsOf: buffer[(end + 1)..<count])
      carryLineFeeds = ByteCount.count(
        RecordByte.lineFeed, in: UnsafeBufferPointer(rebasing: buffer[(end + 1)..<count]))
      break
    }
    defer {
      nextIndex += 1
      delivered += skipped.length + 1
      lineFeedsDelivered += skipped.lineFeeds
    }
    ledger?.record(skipped.lineFeeds, ofChunk: nextIndex)
    return Chunk(
      index: nextIndex, offset: delivered, lineFeedsBefore: lineFeedsDelivered,
      lineFeeds: skipped.lineFeeds, allocation: buffer, count: 0, pool: pool, oversized: skipped)
  }

  /// Reads into `buffer` after `filled` until it is full; returns whether the input ended.
  private func fill(
    _ buffer: UnsafeMutableBufferPointer<UInt8>, from filled: inout Int, lineFeeds: inout Int
  ) -> Bool {
    // INVARIANT: allocated buffers have a base address.
    let base = buffer.baseAddress!
    while filled < buffer.count {
      let count = input.take(
        into: base + filled, maximum: buffer.count - filled, lineFeeds: &lineFeeds)
      if count == 0 { return true }
      filled += count
    }
    return false
  }

  /// Where the chunk can end: just after its last record boundary, or nil if it has none.
  private func cutPoint(in bytes: UnsafeBufferPointer<UInt8>, filled: Int) -> Int? {
    guard format == .csv else {
      return ByteCount.last(RecordByte.lineFeed, in: bytes, before: filled).map { $0 + 1 }
    }
    // Where the reader's scanner ends the chunk's last record, found from the chunk's last
    // bytes when they prove it, the chunk scanned record by record when they do not.
    return CSVBoundaries.lastCut(
      in: bytes, filled: filled, window: CSVBoundaries.tailWindow(chunkSize: size), fields: &fields)
  }
}

/// Chunk-sized buffers, reused: fresh multi-megabyte allocations cost page faults.
package final class BufferPool: @unchecked Sendable {
  // `free` is guarded by `lock`.
  private let lock = NSLock()
  private let size: Int
  private var free: [UnsafeMutableBufferPointer<UInt8>] = []

  package init(size: Int) {
    self.size = size
  }

  deinit {
    for buffer in free { buffer.deallocate() }
  }

  /// A buffer of at least `capacity` bytes.
  package func obtain(capacity: Int) -> UnsafeMutableBufferPointer<UInt8> {
    if capacity <= size {
      lock.lock()
      let reused = free.popLast()
      lock.unlock()
      if let reused { return reused }
    }
    return .allocate(capacity: Swift.max(capacity, size))
  }

  /// Takes a buffer back, keeping standard-size ones for reuse.
  package func recycle(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    guard buffer.count == size else {
      buffer.deallocate()
      return
    }
    lock.lock()
    free.append(buffer)
    lock.unlock()
  }
}
