import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--state STATE`: the journal of what went out to standard output, `STATE.written`. A
/// checkpoint holds the findings about to be written (its outbox, named by a random id); the
/// journal's 16 bytes say which outbox is being written and how many of its bytes went out,
/// so that a restart after a crash writes exactly the rest — on a pipe too, where the size of
/// standard output cannot tell (on a regular file it can: `WatchCheckpoint.outputSize`).
///
/// The journal is mapped into memory, and on Linux the outbox goes out by `sendfile` from a
/// scratch file holding it, with the journal's count as the call's offset: the kernel moves
/// the bytes and stores the new count in the same call, so that no instant lies between a
/// write and its record for `kill -9` to fall in (a signal takes effect only as the call
/// returns, and a call cut short returns what it moved). Where `sendfile` cannot write to
/// standard output (a file opened to append, another system) the outbox is written and the
/// count stored after: a crash between the two writes that part again.
package final class OutputJournal {
  /// The journal's two words: the outbox's id, and how many of its bytes went out.
  private let words: UnsafeMutablePointer<Atomic<Int64>>
  private let path: String

  /// The journal beside the state file `statePath`, mapped; nil when it cannot be (then a
  /// restart on a pipe writes the whole outbox again, as without one).
  package init?(statePath: String) {
    path = Self.path(statePath)
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0,
      status.st_size >= 16 || ftruncate(descriptor, 16) == 0,
      let mapped = mmap(nil, 16, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0),
      mapped != MAP_FAILED
    else { return nil }
    words = mapped.bindMemory(to: Atomic<Int64>.self, capacity: 2)
  }

  deinit { munmap(words, 16) }

  /// The journal's path beside the state file `statePath`.
  package static func path(_ statePath: String) -> String { statePath + ".written" }

  /// An outbox's id: a random number, as text (as the checkpoint keeps it).
  package static func newID() -> String {
    String(UInt64.random(in: 1...UInt64.max), radix: 16)
  }

  /// What the journal beside `statePath` says: the id of the outbox being written and how
  /// many of its bytes went out; nil when there is no journal.
  package static func read(statePath: String) -> (id: String, written: Int64)? {
    guard let data = FileManager.default.contents(atPath: path(statePath)), data.count >= 16
    else { return nil }
    let words = data.withUnsafeBytes { raw in
      (
        raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
        raw.loadUnaligned(fromByteOffset: 8, as: Int64.self)
      )
    }
    return (String(words.0, radix: 16), words.1)
  }

  /// How many bytes of the outbox being written went out.
  package var written: Int64 { count }

  /// The count, as stored.
  private var count: Int64 {
    get { words[1].load(ordering: .relaxed) }
    set { words[1].store(newValue, ordering: .relaxed) }
  }

  /// Begins writing outbox `id`, of which `written` bytes went out before: the count is stored
  /// before the id, so that the journal never says more of an outbox than went out.
  package func begin(_ id: String, written: Int64 = 0) {
    count = written
    words[0].store(Int64(bitPattern: UInt64(id, radix: 16) ?? 0), ordering: .relaxed)
  }

  /// Writes the part of `outbox` that did not go out yet to `descriptor` (standard output),
  /// exactly, or, with no descriptor (a sink in memory) or one `sendfile` cannot write to,
  /// through `fallback`, the count stored after.
  package func send(
    _ outbox: [UInt8], to descriptor: Int32?, fallback: (ArraySlice<UInt8>) -> Void
  ) {
    let start = Int(max(0, min(count, Int64(outbox.count))))
    guard start < outbox.count else { return }
    #if os(Linux)
      if let descriptor, sendExactly(outbox, to: descriptor) { return }
    #endif
    fallback(outbox[start...])
    count = Int64(outbox.count)
  }

  /// Stores the count again, as it is (a compare-and-exchange, which writes to its page
  /// whatever the value), so that its page is writable when the kernel stores it next: a
  /// fault there, with a kill pending, could leave bytes moved and not counted.
  private func touch() {
    let value = count
    _ = words[1].compareExchange(expected: value, desired: value, ordering: .relaxed)
  }

  #if os(Linux)
    /// Sends `outbox` from the journal's count on through a scratch file; false when
    /// `sendfile` cannot write to `descriptor` (nothing sent then).
    private func sendExactly(_ outbox: [UInt8], to descriptor: Int32) -> Bool {
      let scratch = path + ".out"
      let source = open(scratch, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
      guard source >= 0 else { return false }
      unlink(scratch)
      defer { close(source) }
      var put = 0
      while put < outbox.count {
        let wrote = outbox[put...].withUnsafeBytes { write(source, $0.baseAddress, $0.count) }
        guard wrote > 0 else { return false }
        put += wrote
      }
      var first = true
      while count < Int64(outbox.count) {
        touch()
        let left = Int(Int64(outbox.count) - count)
        let offset = UnsafeMutableRawPointer(words + 1).assumingMemoryBound(to: off_t.self)
        let sent = sendfile(descriptor, source, offset, left)
        if sent > 0 {
          first = false
          continue
        }
        if sent < 0 && errno == EINTR { continue }
        if sent < 0 && errno == EAGAIN {
          var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
          _ = poll(&ready, 1, -1)
          continue
        }
        // Standard output cannot take it this way (a file opened to append): written instead.
        if first && sent < 0 && (errno == EINVAL || errno == ENOSYS) { return false }
        // Closed or failing: what is left does not go out (as a failed write drops the rest).
        return true
      }
      return true
    }
  #endif
}
