#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a followed input gives next.
package enum FollowEvent: Equatable {
  /// A whole line, without its line end, and its number in the current file (from 1).
  case line([UInt8], Int)
  /// The file started again: it was truncated, or replaced by a new one (rotated). Line
  /// numbers start again from 1.
  case restarted(String)
  /// Nothing new within the wait.
  case idle
  /// The input ended (standard input closed, or the end of a file not followed).
  case end
}

/// Reads a file as `tail -F` does: line by line as it grows, holding a last line until its
/// line end arrives; when the file shrinks (truncated) it reads it again from its start, and
/// when another file takes its name (rotated) it finishes the old one and goes on with the
/// new one from its start. Or reads standard input (descriptor 0) until it closes.
package final class FileFollower {
  private let path: String?
  private let follows: Bool
  private var descriptor: Int32 = -1
  /// The device and inode of the open file, to notice a rotation.
  private var identity: (dev: UInt64, ino: UInt64)?
  private var pending: [UInt8] = []
  private var buffer = [UInt8](repeating: 0, count: 1 << 16)
  /// The number of the last line returned.
  package private(set) var lineNumber = 0
  /// Bytes of the current file read so far (its offset).
  package private(set) var offset: Int64 = 0
  private var ended = false
  /// The open file's identity as last taken (its first bytes, once as many as tell it, are
  /// not read again).
  private var headIdentity: FileIdentity?
  /// Whether the open file is the one a checkpoint was taken in, found under another name
  /// (rotated while the watch was stopped): read to its end, then the file at `path` from
  /// its start.
  private var draining = false
  /// Whether `resume` went back to the start of a file (not the one the checkpoint was in, or
  /// truncated): its CSV header is its own first line.
  package private(set) var resumedAtStart = false

  /// A follower of the file at `path` (standard input when nil). `follows`: wait for more
  /// at the end of the file; else the end of the file ends the input.
  package init(path: String?, follows: Bool) {
    self.path = path
    self.follows = follows
    if path == nil { descriptor = 0 }
  }

  /// A follower of bytes already read whole (standard input given in-process): its lines,
  /// then the end.
  package init(bytes: [UInt8]) {
    path = nil
    follows = false
    pending = bytes
    offset = Int64(bytes.count)
    ended = true
  }

  deinit {
    if path != nil && descriptor >= 0 { close(descriptor) }
  }

  /// Opens the file, reading from `offset` (a checkpoint's), if it is not open yet.
  /// - Returns: false when it cannot be opened (yet).
  @discardableResult
  package func open(at start: Int64 = 0) -> Bool {
    guard let path, descriptor < 0 else { return true }
    let opened = Glibc.open(path, O_RDONLY)
    guard opened >= 0 else { return false }
    descriptor = opened
    identity = Self.identity(of: opened)
    if start > 0 { lseek(opened, off_t(start), SEEK_SET) }
    offset = start
    return true
  }

  /// Goes on from a checkpoint: the file read from `offset`, its next line numbered
  /// `line + 1` — unless it is not the file the checkpoint was taken in (`identity`: its
  /// first bytes differ, another file took its name) or is shorter than `offset` (truncated)
  /// while no one watched: then it is read from its start, and `notice` says why.
  /// - Returns: false when it cannot be opened.
  package func resume(
    offset: Int64, line: Int, identity: FileIdentity? = nil, notice: (String) -> Void = { _ in }
  ) -> Bool {
    guard let path else { return true }
    var status = stat()
    guard stat(path, &status) == 0 else { return open(at: offset) }
    var reason: String?
    if let identity, let current = identity.current(at: path),
      current.headDigest != identity.headDigest
    {
      if current.device != identity.device || current.inode != identity.inode,
        let moved = identity.rotated(near: path), drain(moved, from: offset, line: line)
      {
        notice(
          "\(path) is not the file the state was read from: it was rotated while the watch "
            + "was stopped, to \(moved); reading that on from where the state was, then "
            + "\(path) from its start")
        return true
      }
      let inode =
        current.device == identity.device && current.inode == identity.inode
        ? "its inode is the same, but its first \(identity.headLength) bytes differ"
        : "another inode (\(current.inode), was \(identity.inode)), its first bytes differ"
      reason =
        "\(path) is not the file the state was read from (\(inode)): it was rotated or "
        + "rewritten while the watch was stopped; reading it from its start"
    } else if Int64(status.st_size) < offset {
      reason =
        "\(path) is shorter (\(status.st_size) bytes) than where the state was read to "
        + "(\(offset)): it was truncated while the watch was stopped; reading it from its start"
    }
    if let reason { notice(reason) }
    resumedAtStart = reason != nil
    lineNumber = reason == nil ? line : 0
    return open(at: reason == nil ? offset : 0)
  }

  /// Opens `moved`, the file a checkpoint was taken in, at `offset` (its next line numbered
  /// `line + 1`), to read it to its end before the file at `path`; false when it cannot be
  /// opened or is shorter than `offset`.
  private func drain(_ moved: String, from offset: Int64, line: Int) -> Bool {
    let opened = Glibc.open(moved, O_RDONLY)
    guard opened >= 0 else { return false }
    var status = stat()
    guard fstat(opened, &status) == 0, Int64(status.st_size) >= offset else {
      close(opened)
      return false
    }
    descriptor = opened
    identity = Self.identity(of: opened)
    lseek(opened, off_t(offset), SEEK_SET)
    self.offset = offset
    lineNumber = line
    draining = true
    return true
  }

  /// The identity of the file being read, its digest over its first bytes read (up to
  /// `FileIdentity.headBytes`): nil for standard input, or before the file is open.
  package var fileIdentity: FileIdentity? {
    guard path != nil, descriptor >= 0 else { return nil }
    let length = Int(min(consumedOffset, Int64(FileIdentity.headBytes)))
    if let known = headIdentity, known.headLength == length { return known }
    headIdentity = FileIdentity.of(descriptor, length: length)
    return headIdentity
  }

  /// Whether it reads standard input.
  package var isStandardInput: Bool { path == nil }

  /// Where the lines returned so far end in the current file: a checkpoint's offset.
  package var consumedOffset: Int64 { offset - Int64(pending.count) }

  /// The next line, or what happened instead, waiting at most `wait` milliseconds for more.
  package func next(wait: Int) -> FollowEvent {
    while true {
      if let newline = pending.firstIndex(of: 10) {
        var line = Array(pending[..<newline])
        pending.removeSubrange(...newline)
        if line.last == 13 { line.removeLast() }
        lineNumber += 1
        return .line(line, lineNumber)
      }
      if ended { return finish() }
      guard open(at: offset) else {
        sleep(milliseconds: wait)
        return .idle
      }
      if path == nil && !Self.isReadable(descriptor, wait: wait) { return .idle }
      let count = read(descriptor, &buffer, buffer.count)
      if count > 0 {
        pending += buffer[..<count]
        offset += Int64(count)
        continue
      }
      if count < 0 && errno == EINTR { continue }
      // At the end of what there is. A file rotated while the watch was stopped, read to its
      // end: the file now under its name from its start.
      if draining, let path {
        draining = false
        reopen()
        return .restarted(
          "the file rotated away was read to its end: reading \(path) from its start")
      }
      if path == nil || !follows {
        ended = true
        continue
      }
      if let restart = restartIfReplaced() { return restart }
      sleep(milliseconds: wait)
      return .idle
    }
  }

  /// The held last line (without a line end) at the very end of the input, then `.end`.
  private func finish() -> FollowEvent {
    guard !pending.isEmpty else { return .end }
    let line = pending
    pending = []
    lineNumber += 1
    return .line(line, lineNumber)
  }

  /// Whether `descriptor` has something to read (or is closed) within `wait` milliseconds.
  private static func isReadable(_ descriptor: Int32, wait: Int) -> Bool {
    var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    return poll(&entry, 1, Int32(max(0, wait))) != 0
  }

  /// `.restarted` when the file was truncated (shorter than what was read) or another file
  /// took its name; reading goes on from the start of the file now there.
  private func restartIfReplaced() -> FollowEvent? {
    guard let path else { return nil }
    var now = stat()
    guard stat(path, &now) == 0 else { return nil }  // rotated away: wait for the new one
    let current = (UInt64(now.st_dev), UInt64(now.st_ino))
    if let identity, identity != current {
      reopen()
      return .restarted("\(path) was replaced by a new file: reading it from its start")
    }
    if Int64(now.st_size) < offset {
      reopen()
      return .restarted("\(path) was truncated: reading it again from its start")
    }
    return nil
  }

  private func reopen() {
    close(descriptor)
    descriptor = -1
    identity = nil
    headIdentity = nil
    pending = []
    lineNumber = 0
    offset = 0
  }

  private static func identity(of descriptor: Int32) -> (dev: UInt64, ino: UInt64)? {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return nil }
    return (UInt64(status.st_dev), UInt64(status.st_ino))
  }

  private func sleep(milliseconds: Int) {
    guard milliseconds > 0 else { return }
    var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
    _ = nanosleep(&request, nil)
  }
}
