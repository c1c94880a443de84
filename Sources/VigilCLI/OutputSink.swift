#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a command writes: standard output or error, a file, or a string in tests.
package protocol OutputSink: AnyObject {
  /// Writes `text`.
  func write(_ text: String)
  /// Writes `bytes`.
  func write(_ bytes: [UInt8])
  /// Writes out anything buffered.
  func flush()
}

/// Collects everything written, for tests.
package final class StringSink: OutputSink {
  /// What was written.
  package private(set) var text = ""
  /// An empty sink.
  package init() {}
  package func write(_ text: String) { self.text += text }
  package func write(_ bytes: [UInt8]) { self.text += String(decoding: bytes, as: UTF8.self) }
  package func flush() {}
}

/// Writes to a file descriptor through a 64 KiB buffer.
package final class FileSink: OutputSink {
  /// The descriptor written to.
  package let descriptor: Int32
  private var buffer: [UInt8] = []
  /// The `errno` of the first write that failed; what is written after it is dropped.
  package private(set) var failure: Int32?
  /// For a file that will be synced: every `writeBehindBytes` written, the system is told to
  /// start writing them to the device (`posix_fadvise`, which does not wait), so that the
  /// sync at the end waits for the last ones only, not for the whole report.
  package var writesBehind = false
  /// The bytes written so far, and how many of them the system was told to write out.
  private var written = 0
  private var writtenBehind = 0
  private static let writeBehindBytes = 4 << 20

  /// A sink over an open descriptor (1 for standard output, 2 for standard error), which it
  /// does not close.
  package init(descriptor: Int32) {
    self.descriptor = descriptor
    buffer.reserveCapacity(1 << 16)
  }

  deinit {
    flush()
  }

  package func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  package func write(_ bytes: [UInt8]) {
    if buffer.count + bytes.count >= 1 << 16 {
      flush()
      if bytes.count >= 1 << 16 {
        writeAll(bytes)
        return
      }
    }
    buffer.append(contentsOf: bytes)
  }

  package func flush() {
    writeAll(buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  private func writeAll(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count, failure == nil {
      let written = bytes[offset...].withUnsafeBytes { pointer in
        Glibc.write(descriptor, pointer.baseAddress, pointer.count)
      }
      if written > 0 {
        offset += written
        wroteBehind(written)
      } else if written < 0 && errno == EINTR {
        continue
      } else {
        failure = written < 0 ? errno : EIO
      }
    }
  }

  /// Counts `count` more bytes written and, for a file that writes behind, starts writing
  /// out each `writeBehindBytes` of them.
  private func wroteBehind(_ count: Int) {
    written += count
    guard writesBehind, written - writtenBehind >= Self.writeBehindBytes else { return }
    #if os(Linux)
      // Dirty pages of the range are queued for writing, not waited for (Linux's
      // POSIX_FADV_DONTNEED); a failure only leaves the work to the sync.
      _ = posix_fadvise(
        descriptor, off_t(writtenBehind), off_t(written - writtenBehind), POSIX_FADV_DONTNEED)
    #endif
    writtenBehind = written
  }
}
