#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// An input that could not be opened or read.
public struct RecordInputError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, for a person: `cannot open 'x.jsonl': No such file or directory`.
  public var message: String
  /// Why, without the path: `No such file or directory`; the message when not told apart.
  package var reason: String

  /// An error with `message`, and `reason` when it is not the whole message.
  package init(message: String, reason: String? = nil) {
    self.message = message
    self.reason = reason ?? message
  }

  /// The message.
  public var description: String { message }
}

/// Where bytes come from: a file read in large blocks (1 MiB `read()` calls; never the whole
/// file in memory), standard input, or an in-memory buffer.
///
/// Readers look at the bytes not yet consumed (`pending`), consume what they have used, and
/// ask for more (`readMore`). Reading more may move the pending bytes, so a reader keeps
/// offsets relative to the start of `pending`, never pointers, across a call to `readMore`.
public final class ByteInput {
  /// The size of one `read()` call: 1 MiB.
  package static let defaultBlockSize = 1 << 20

  private enum Source {
    case file(descriptor: Int32, closeWhenDone: Bool)
    case memory([UInt8], offset: Int)
  }

  /// How many bytes one read asks for.
  package let blockSize: Int
  /// What the input is, for error messages: a quoted path or "standard input".
  package let name: String
  private var source: Source
  // Read for every record (`pending`, `consume`) by the one reader that owns the input: no
  // dynamic exclusivity checks.
  @exclusivity(unchecked) private var storage: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private var capacity: Int
  @exclusivity(unchecked) private var start = 0
  @exclusivity(unchecked) private var end = 0
  /// Who takes the storage back, when it is not this input's own.
  private var release: ((UnsafeMutableBufferPointer<UInt8>) -> Void)?

  /// Whether the source has no more bytes to give (the pending bytes may still be unread).
  @exclusivity(unchecked) package private(set) var isExhausted = false

  /// The error that ended reading early, if reading failed after the input was opened.
  public var readError: RecordInputError? {
    if let failure { return failure }
    guard let lostPagesBefore, MappedWindow.lostPages != lostPagesBefore, fileChanged else {
      return nil
    }
    return RecordInputError(
      message: "cannot read \(name) whole: it shrank while it was read (another program "
        + "truncated or rewrote it), and what it no longer held was read as zero bytes; "
        + "audit a copy that no program writes to")
  }
  /// The error that ended reading, if any.
  private var failure: RecordInputError?
  /// `MappedWindow.lostPages` when the input began to be mapped.
  private var lostPagesBefore: Int?
  /// The file's change time when it began to be mapped: a page lost to another input of the
  /// process (the count is the process's) is not this one's when its file did not change.
  private var changedBefore: timespec?

  /// Whether the file was changed (or shrank) since it began to be mapped: only then can a
  /// page of its own have been lost.
  private var fileChanged: Bool {
    guard case .file(let descriptor, _) = source, let changedBefore else { return true }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return true }
    return Int(status.st_size) < bytesRead || status.st_ctim.tv_sec != changedBefore.tv_sec
      || status.st_ctim.tv_nsec != changedBefore.tv_nsec
  }

  /// The bytes read from the source so far (a byte order mark included).
  package private(set) var bytesRead = 0
  /// The line feeds among them.
  private var lineFeedsRead = 0
  /// Whether the last byte read was a line feed.
  private var endsWithLineFeed = true

  /// The lines read from the source so far, as `wc -l` counts them, and a last line without
  /// a line feed.
  package var linesRead: Int { lineFeedsRead + (endsWithLineFeed ? 0 : 1) }

  private init(source: Source, name: String, blockSize: Int) {
    precondition(blockSize > 0, "the block size must be positive")
    self.source = source
    self.name = name
    self.blockSize = blockSize
    self.capacity = 2 * blockSize
    self.storage = .allocate(capacity: capacity)
  }

  /// Opens the file at `path` for reading.
  public convenience init(path: String) throws(RecordInputError) {
    try self.init(path: path, blockSize: ByteInput.defaultBlockSize)
  }

  /// Opens the file at `path`, reading `blockSize` bytes at a time.
  package convenience init(path: String, blockSize: Int) throws(RecordInputError) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      let reason = ByteInput.lastErrorText()
      throw RecordInputError(message: "cannot open '\(path)': \(reason)", reason: reason)
    }
    var status = stat()
    if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
      close(descriptor)
      throw RecordInputError(
        message: "cannot read '\(path)': Is a directory", reason: "Is a directory")
    }
    self.init(
      source: .file(descriptor: descriptor, closeWhenDone: true), name: "'\(path)'",
      blockSize: blockSize)
    if status.st_mode & S_IFMT == S_IFREG {
      file = (path, UInt64(status.st_dev), UInt64(status.st_ino))
    }
  }

  /// The regular file this input reads, to read it again: its path, device and inode.
  private var file: (path: String, device: UInt64, inode: UInt64)?

  /// Whether the input is a regular file that `reopened()` can read again from its start.
  package var canReopen: Bool { file != nil }

  /// The same file read again from its start, by another input; nil when the input is no
  /// regular file, or its path no longer names the same file.
  package func reopened() -> ByteInput? {
    guard let file, let again = try? ByteInput(path: file.path, blockSize: blockSize),
      let identity = again.file, identity.device == file.device, identity.inode == file.inode
    else { return nil }
    return again
  }

  /// Whether the input's next bytes are mapped rather than read (`beginMapping()`).
  package private(set) var isMapping = false

  /// Whether the input can be mapped: a regular file opened by its path.
  package var canMap: Bool {
    guard file != nil, case .file(_, closeWhenDone: true) = source else { return false }
    return true
  }

  /// From now on the input's next bytes are mapped (`mapNext`, `skipMapped`), not read: the
  /// pending bytes are given back to the file. Returns false when the input cannot be mapped.
  package func beginMapping() -> Bool {
    guard canMap, !isMapping, case .file(let descriptor, _) = source else { return false }
    let pendingCount = end - start
    if pendingCount > 0 {
      bytesRead -= pendingCount
      lineFeedsRead -= ByteCount.count(RecordByte.lineFeed, in: pending)
      start = end
    }
    if bytesRead > 0 {
      var last: UInt8 = 0
      endsWithLineFeed =
        pread(descriptor, &last, 1, off_t(bytesRead - 1)) == 1 && last == RecordByte.lineFeed
    }
    isMapping = true
    if lostPagesBefore == nil {
      lostPagesBefore = MappedWindow.lostPages
      var status = stat()
      if fstat(descriptor, &status) == 0 { changedBefore = status.st_ctim }
    }
    return true
  }

  /// The next `count` bytes of the file mapped, fewer where the file ends first; nil at the
  /// end of the file, and when the system cannot map them (then the input is read again,
  /// from where the mapping ended).
  package func mapNext(_ count: Int) -> MappedWindow? {
    guard isMapping, case .file(let descriptor, _) = source else { return nil }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      endMapping()
      return nil
    }
    let available = Swift.min(count, Int(status.st_size) - bytesRead)
    guard available > 0 else {
      isExhausted = true
      return nil
    }
    guard let window = MappedWindow.map(descriptor: descriptor, offset: bytesRead, count: available)
    else {
      endMapping()
      return nil
    }
    return window
  }

  /// Marks the next `count` bytes of the file as read and consumed (they were mapped), with
  /// their `lineFeeds` and whether the last of them is a line feed.
  package func skipMapped(_ count: Int, lineFeeds: Int, endsWithLineFeed: Bool) {
    guard count > 0 else { return }
    bytesRead += count
    lineFeedsRead += lineFeeds
    self.endsWithLineFeed = endsWithLineFeed
  }

  /// Adds line feeds of bytes read that were not counted then (a mapped chunk left to its
  /// auditor to count: `LineFeedLedger`).
  package func addLineFeeds(_ lineFeeds: Int) {
    lineFeedsRead += lineFeeds
  }

  /// The input is read again from where the mapping ended.
  package func endMapping() {
    guard isMapping, case .file(let descriptor, _) = source else { return }
    isMapping = false
    if lseek(descriptor, off_t(bytesRead), SEEK_SET) < 0 {
      failure = RecordInputError(message: "cannot read \(name): \(ByteInput.lastErrorText())")
      isExhausted = true
    }
  }

  /// Reads from an open file descriptor, such as `STDIN_FILENO`. The descriptor is not closed.
  public convenience init(fileDescriptor: Int32) {
    self.init(fileDescriptor: fileDescriptor, blockSize: ByteInput.defaultBlockSize)
  }

  /// Reads from `fileDescriptor`, `blockSize` bytes at a time.
  package convenience init(fileDescriptor: Int32, blockSize: Int) {
    let name = fileDescriptor == 0 ? "standard input" : "file descriptor \(fileDescriptor)"
    self.init(
      source: .file(descriptor: fileDescriptor, closeWhenDone: false), name: name,
      blockSize: blockSize)
  }

  /// Reads from bytes in memory.
  public convenience init(bytes: [UInt8]) {
    self.init(bytes: bytes, blockSize: ByteInput.defaultBlockSize)
  }

  /// Reads from bytes in memory, handing them over `blockSize` bytes at a time, as a file
  /// would be read (tests use small blocks to cross block boundaries).
  package convenience init(bytes: [UInt8], blockSize: Int) {
    self.init(source: .memory(bytes, offset: 0), name: "memory", blockSize: blockSize)
  }

  /// Reads the UTF-8 bytes of `string`.
  public convenience init(string: String) {
    self.init(bytes: Array(string.utf8))
  }

  /// Reads the first `count` bytes of a buffer this input takes over: all of them are pending
  /// at once. When the input is done, it hands the buffer to `release`.
  package init(
    owning buffer: UnsafeMutableBufferPointer<UInt8>, count: Int,
    release: @escaping (UnsafeMutableBufferPointer<UInt8>) -> Void
  ) {
    self.source = .memory([], offset: 0)
    self.name = "memory"
    self.blockSize = Swift.max(count, 1)
    // INVARIANT: a buffer from `allocate(capacity:)` has a base address, even when empty.
    self.storage = buffer.baseAddress!
    self.capacity = buffer.count
    self.end = count
    self.isExhausted = true
    self.release = release
  }

  /// `take(into:maximum:)`, adding to `lineFeeds` the line feeds of the bytes taken (counted
  /// as they were read: no second pass over fresh bytes).
  package func take(
    into destination: UnsafeMutablePointer<UInt8>, maximum: Int, lineFeeds: inout Int
  ) -> Int {
    if end > start {
      let count = take(into: destination, maximum: maximum)
      lineFeeds += ByteCount.count(
        RecordByte.lineFeed, in: UnsafeBufferPointer(start: destination, count: count))
      return count
    }
    let before = lineFeedsRead
    let count = take(into: destination, maximum: maximum)
    lineFeeds += lineFeedsRead - before
    return count
  }

  /// Moves up to `maximum` bytes into `destination`: pending bytes first, then fresh ones
  /// read from the source. Returns how many; 0 only at the end of the input.
  package func take(into destination: UnsafeMutablePointer<UInt8>, maximum: Int) -> Int {
    let pendingCount = end - start
    if pendingCount > 0 {
      let count = Swift.min(pendingCount, maximum)
      destination.update(from: storage + start, count: count)
      start += count
      return count
    }
    guard !isExhausted else { return 0 }
    let count = readBlock(into: destination, maximum: maximum)
    if count == 0 { isExhausted = true }
    return count
  }

  deinit {
    if let release {
      release(UnsafeMutableBufferPointer(start: storage, count: capacity))
    } else {
      storage.deallocate()
    }
    if case .file(let descriptor, closeWhenDone: true) = source {
      close(descriptor)
    }
  }

  /// The bytes read but not yet consumed. Valid until the next call to `readMore`.
  package var pending: UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: storage + start, count: end - start)
  }

  /// Marks the first `count` pending bytes as used.
  package func consume(_ count: Int) {
    precondition(count <= end - start, "cannot consume more bytes than are pending")
    start += count
  }

  /// Reads at least one more byte, unless the input is exhausted. Keeps the pending bytes
  /// (moving them to the front of the buffer, growing it when they fill it). Returns whether
  /// bytes were added.
  @discardableResult
  package func readMore() -> Bool {
    readMore(atLeast: 1)
  }

  /// Reads until at least `minimum` more bytes are pending or the input is exhausted.
  /// Returns whether bytes were added.
  @discardableResult
  package func readMore(atLeast minimum: Int) -> Bool {
    var added = 0
    while added < minimum && !isExhausted {
      makeRoom()
      let count = readBlock(into: storage + end, maximum: blockSize)
      if count == 0 {
        isExhausted = true
      }
      end += count
      added += count
    }
    return added > 0
  }

  /// Skips a UTF-8 byte order mark at the very start of the input.
  package func skipByteOrderMark() {
    while end - start < 3 && readMore() {}
    let bytes = pending
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
      consume(3)
    }
  }

  /// Moves the pending bytes to the front and makes sure a whole block fits after them.
  private func makeRoom() {
    if start > 0 {
      let count = end - start
      if count > 0 {
        (storage).update(from: storage + start, count: count)
      }
      start = 0
      end = count
    }
    guard capacity - end < blockSize else { return }
    let newCapacity = max(2 * capacity, end + blockSize)
    let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newStorage.update(from: storage, count: end)
    storage.deallocate()
    storage = newStorage
    capacity = newCapacity
  }

  /// Reads up to `maximum` bytes into `destination`; 0 at the end or after a read error.
  /// Counts the bytes and the line feeds: one pass over a block just read, still in cache.
  private func readBlock(into destination: UnsafeMutablePointer<UInt8>, maximum: Int) -> Int {
    let count = readSource(into: destination, maximum: maximum)
    if count > 0 {
      bytesRead += count
      lineFeedsRead += ByteCount.count(
        RecordByte.lineFeed, in: UnsafeBufferPointer(start: destination, count: count))
      endsWithLineFeed = destination[count - 1] == RecordByte.lineFeed
    }
    return count
  }

  /// Reads up to `maximum` bytes of the source into `destination`.
  private func readSource(into destination: UnsafeMutablePointer<UInt8>, maximum: Int) -> Int {
    switch source {
    case .memory(let bytes, let offset):
      let count = min(maximum, bytes.count - offset)
      bytes.withUnsafeBufferPointer { buffer in
        guard count > 0, let base = buffer.baseAddress else { return }
        destination.update(from: base + offset, count: count)
      }
      source = .memory(bytes, offset: offset + count)
      return count
    case .file(let descriptor, _):
      while true {
        let count = read(descriptor, destination, maximum)
        if count >= 0 { return count }
        if errno == EINTR { continue }
        failure = RecordInputError(message: "cannot read \(name): \(ByteInput.lastErrorText())")
        return 0
      }
    }
  }

  private static func lastErrorText() -> String {
    String(cString: strerror(errno))
  }
}
