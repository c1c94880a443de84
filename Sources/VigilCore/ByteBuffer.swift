/// Where report writers put bytes: a `ByteBuffer` on the hot path, an array elsewhere. The
/// writers are generic over it, with one concrete entry point per kind, so each is compiled
/// for both with no dynamic dispatch.
@usableFromInline
package protocol ByteWriting: ~Copyable {
  /// How many bytes were written.
  var count: Int { get }
  /// Appends one byte.
  mutating func append(_ byte: UInt8)
  /// Appends `bytes`.
  mutating func append(bytes: UnsafeBufferPointer<UInt8>)
  /// Calls `body` with the bytes written from `start` on.
  func withWritten<R>(from start: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R
  /// Forgets the bytes written from `start` on.
  mutating func truncate(to start: Int)
}

extension ByteWriting where Self: ~Copyable {
  /// Appends the UTF-8 bytes of `text`.
  @inlinable
  package mutating func append(_ text: String) {
    // A native string's bytes are copied at once; any other is copied byte by byte.
    if let done: Void = text.utf8.withContiguousStorageIfAvailable({ append(bytes: $0) }) {
      return done
    }
    for byte in text.utf8 { append(byte) }
  }
}

extension [UInt8]: ByteWriting {
  @inlinable
  package mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
    append(contentsOf: bytes)
  }

  @inlinable
  package func withWritten<R>(from start: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start...])) }
  }

  @inlinable
  package mutating func truncate(to start: Int) {
    removeSubrange(start...)
  }
}

/// A growable byte buffer of its own, appended to through its pointer: no uniqueness or
/// generic check per append, as an array has. A report's bytes are written into one and
/// handed on with `array()`.
///
/// `@usableFromInline`, as every package type with `@inlinable` members: Swift 6.3 inlines
/// such a member into another module only when its type is (else each use is a call).
@usableFromInline package struct ByteBuffer: ~Copyable, ByteWriting {
  @usableFromInline package var base: UnsafeMutablePointer<UInt8>
  @usableFromInline package var written: Int
  @usableFromInline package var capacity: Int

  /// An empty buffer with room for `capacity` bytes.
  package init(capacity: Int = 1024) {
    self.capacity = Swift.max(capacity, 16)
    base = .allocate(capacity: self.capacity)
    written = 0
  }

  deinit { base.deallocate() }

  /// How many bytes were written.
  @inlinable
  package var count: Int { written }

  /// Whether nothing was written.
  @inlinable
  package var isEmpty: Bool { written == 0 }

  @inlinable @inline(__always)
  package mutating func append(_ byte: UInt8) {
    if written == capacity { grow(by: 1) }
    base[written] = byte
    written += 1
  }

  @inlinable @inline(__always)
  package mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
    let count = bytes.count
    if written + count > capacity { grow(by: count) }
    if let source = bytes.baseAddress { (base + written).update(from: source, count: count) }
    written += count
  }

  @inlinable
  package func withWritten<R>(from start: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    body(UnsafeBufferPointer(start: base + start, count: written - start))
  }

  @inlinable
  package mutating func truncate(to start: Int) {
    written = Swift.min(written, Swift.max(start, 0))
  }

  /// Makes room for `count` more bytes.
  @usableFromInline
  package mutating func grow(by count: Int) {
    let grown = Swift.max(capacity * 2, written + count)
    let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
    larger.update(from: base, count: written)
    base.deallocate()
    base = larger
    capacity = grown
  }

  /// The bytes written, as an array.
  package func array() -> [UInt8] {
    Array(UnsafeBufferPointer(start: base, count: written))
  }
}

extension [UInt8] {
  /// Appends what `body` writes into a `ByteBuffer`: a writer that writes into buffers,
  /// used where an array is wanted.
  package mutating func append(buffered body: (inout ByteBuffer) -> Void) {
    var buffer = ByteBuffer(capacity: 256)
    body(&buffer)
    buffer.withWritten(from: 0) { append(contentsOf: $0) }
  }
}
