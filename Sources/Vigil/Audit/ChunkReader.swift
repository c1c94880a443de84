/// Cuts an input into chunks of whole records, so that chunks can be audited independently
/// (and in parallel) with the same result as reading the input from start to end.
///
/// A JSON Lines chunk ends after a line feed. A CSV chunk ends after a line feed that is not
/// inside a quoted field: where the chunk has an even number of quotes before it, since every
/// chunk starts outside quotes. A record longer than a chunk makes the chunk grow.
final class ChunkReader {
  /// A part of the input holding whole records; it frees its bytes unless they were taken.
  final class Chunk: @unchecked Sendable {
    // Handed from the reading thread to one worker, never shared.
    /// Its place in the input, from 0.
    let index: Int
    private var bytes: UnsafeMutableBufferPointer<UInt8>?

    init(index: Int, bytes: UnsafeMutableBufferPointer<UInt8>) {
      self.index = index
      self.bytes = bytes
    }

    /// The bytes, handed over: whoever takes them frees them (`ByteInput(owning:)`).
    func take() -> UnsafeMutableBufferPointer<UInt8> {
      defer { bytes = nil }
      // INVARIANT: a chunk is taken once, by the worker that audits it.
      return bytes!
    }

    deinit { bytes?.deallocate() }
  }

  /// The usual size of a chunk: 4 MiB.
  static let defaultSize = 4 << 20

  private let input: ByteInput
  private let format: InputFormat
  private let size: Int
  private var nextIndex = 0
  private var carry: [UInt8] = []
  private var finished = false

  /// Chunks of `input` in `format`, about `size` bytes each.
  init(input: ByteInput, format: InputFormat, size: Int = ChunkReader.defaultSize) {
    self.input = input
    self.format = format
    self.size = size
  }

  /// Skips a byte order mark at the start of the input.
  func skipByteOrderMark() {
    input.skipByteOrderMark()
  }

  /// The next chunk, or nil at the end of the input.
  func next() -> Chunk? {
    guard !finished else { return nil }
    var capacity = Swift.max(size, carry.count * 2)
    var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
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
      let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
      _ = grown.initialize(from: buffer[..<filled])
      buffer.deallocate()
      buffer = grown
    }
    if atEnd { finished = true }
    guard filled > 0 else {
      buffer.deallocate()
      return nil
    }
    defer { nextIndex += 1 }
    return Chunk(index: nextIndex, bytes: UnsafeMutableBufferPointer(rebasing: buffer[..<filled]))
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
    let quote = UInt8(ascii: "\"")
    var quotesBefore = ByteCount.count(quote, in: UnsafeBufferPointer(rebasing: bytes[..<filled]))
    var end = filled
    while let found = ByteCount.last(lineFeed, in: bytes, before: end) {
      let between = ByteCount.count(
        quote, in: UnsafeBufferPointer(rebasing: bytes[(found + 1)..<end]))
      quotesBefore -= between
      if quotesBefore % 2 == 0 { return found + 1 }
      end = found
    }
    return nil
  }
}
