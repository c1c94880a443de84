#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A temporary file that bytes are written to in blocks and read back from, for what an
/// audit must keep until its input ends but need not keep in memory (the ids of its
/// records). It has no name: it is removed as soon as it is made, so nothing is left behind
/// however the process ends, and its space is freed when it is closed.
///
/// Blocks are appended by one thread; once every block is written, any number of threads
/// may read them at once (`pread` keeps no shared offset).
final class SpillFile: @unchecked Sendable {
  /// Where a block of bytes is in the file.
  struct Block: Sendable {
    var offset: Int
    var count: Int
  }

  /// Why bytes could not be read back.
  struct ReadError: Error {
    var message: String
  }

  private let descriptor: Int32
  /// Where the next block goes.
  private var end = 0

  private init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  /// A new file in `$TMPDIR` (else `/tmp`), or nil when none can be made.
  static func make() -> SpillFile? {
    var directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    if directory.isEmpty { directory = "/tmp" }
    var template = Array((directory + "/vigil-ids-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { buffer in
      // INVARIANT: the array is non-empty (it ends with a NUL).
      mkstemp(buffer.baseAddress!)
    }
    guard descriptor >= 0 else { return nil }
    template.withUnsafeBufferPointer { buffer in
      // INVARIANT: as above.
      _ = unlink(buffer.baseAddress!)
    }
    return SpillFile(descriptor: descriptor)
  }

  /// Appends `bytes`, returning where they are; nil when they could not all be written (the
  /// file is then left as it was, for the blocks before).
  func append(_ bytes: [UInt8]) -> Block? {
    let block = Block(offset: end, count: bytes.count)
    let written = bytes.withUnsafeBytes { raw -> Bool in
      var done = 0
      while done < raw.count {
        // INVARIANT: `raw` holds `bytes.count` > `done` bytes, so it has an address.
        let result = pwrite(
          descriptor, raw.baseAddress! + done, raw.count - done, off_t(block.offset + done))
        if result < 0 && errno == EINTR { continue }
        guard result > 0 else { return false }
        done += result
      }
      return true
    }
    guard written else { return nil }
    end += bytes.count
    return block
  }

  /// Appends the bytes of `parts`, one after the other, as one block (gathered by the system
  /// from where they are: `pwritev`); nil when they could not all be written.
  func append(_ parts: [UnsafeRawBufferPointer]) -> Block? {
    var vectors = parts.filter { !$0.isEmpty }.map {
      // INVARIANT: a non-empty buffer has an address.
      iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress!), iov_len: $0.count)
    }
    let total = parts.reduce(0) { $0 + $1.count }
    let block = Block(offset: end, count: total)
    var done = 0
    var first = 0
    while done < total {
      let batch = Swift.min(vectors.count - first, 1024)
      let result = vectors.withUnsafeBufferPointer { buffer in
        // INVARIANT: `first` < `vectors.count` while bytes remain.
        pwritev(descriptor, buffer.baseAddress! + first, Int32(batch), off_t(block.offset + done))
      }
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else { return nil }
      done += result
      // Skips the vectors written whole, and the written start of a vector written in part.
      var left = result
      while first < vectors.count && left >= vectors[first].iov_len {
        left -= vectors[first].iov_len
        first += 1
      }
      if left > 0 {
        vectors[first].iov_base += left
        vectors[first].iov_len -= left
      }
    }
    end += total
    return block
  }

  /// Appends the bytes of `blocks`, in order, to `bytes`.
  func read(_ blocks: [Block], into bytes: inout [UInt8]) throws(ReadError) {
    bytes.reserveCapacity(bytes.count + blocks.reduce(0) { $0 + $1.count })
    for block in blocks {
      let start = bytes.count
      bytes.append(contentsOf: repeatElement(0, count: block.count))
      let error = bytes.withUnsafeMutableBytes { raw in
        // INVARIANT: `raw` holds at least `start + block.count` bytes.
        read(block, to: raw.baseAddress! + start)
      }
      if let error { throw ReadError(message: String(cString: strerror(error))) }
    }
  }

  /// Reads the bytes of `blocks`, in order, into `buffer`, which grows to hold them (its
  /// bytes are not first set to zeros, as an array's would be).
  func read(_ blocks: [Block], into buffer: ReadBuffer) throws(ReadError) {
    buffer.count = 0
    buffer.reserve(blocks.reduce(0) { $0 + $1.count })
    for block in blocks {
      // INVARIANT: reserved above, so the buffer has an address.
      if let error = read(block, to: buffer.start! + buffer.count) {
        throw ReadError(message: String(cString: strerror(error)))
      }
      buffer.count += block.count
    }
  }

  /// Reads `block` to `target`, which has room for it; the `errno` of a failure.
  private func read(_ block: Block, to target: UnsafeMutableRawPointer) -> Int32? {
    var done = 0
    while done < block.count {
      let result = pread(descriptor, target + done, block.count - done, off_t(block.offset + done))
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else { return result == 0 ? EIO : errno }
      done += result
    }
    return nil
  }
}

/// Bytes read from a `SpillFile`, in memory that is kept from one read to the next.
final class ReadBuffer {
  /// Where the bytes start (nil until room was reserved).
  private(set) var start: UnsafeMutableRawPointer?
  private var capacity = 0
  /// How many bytes were read.
  var count = 0

  deinit { start?.deallocate() }

  /// Makes room for `size` bytes; the bytes read so far may be lost.
  func reserve(_ size: Int) {
    guard size > capacity else { return }
    start?.deallocate()
    capacity = Swift.max(size, 2 * capacity)
    start = .allocate(byteCount: capacity, alignment: 16)
  }

  /// The bytes read.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }
}
