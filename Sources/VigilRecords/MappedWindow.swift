import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Part of a regular file mapped into memory, read in place: the chunks of a file audited on
/// several threads are its pages as the kernel caches them, not copies (a `read()` copies
/// every byte once more, and that copy was an eighth of an audit's time).
///
/// The mapping is private and writable (a write copies the page it touches, never the file).
package struct MappedWindow: @unchecked Sendable {
  // The mapping is handed from the reading thread to one worker, which unmaps it.
  /// Where the mapping starts: the page that holds the window's first byte.
  private let mapping: UnsafeMutableRawPointer
  /// How many bytes are mapped from `mapping`.
  private let mappedLength: Int
  /// The window's first byte.
  package let bytes: UnsafeMutablePointer<UInt8>
  /// How many bytes the window holds.
  package let count: Int

  /// The size of a page, which a mapping's offset must be a multiple of.
  private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

  /// Maps `count` bytes of the file open as `descriptor`, from byte `offset`; nil when the
  /// system refuses (then the file is read as usual). `count` must be positive, and the file
  /// at least `offset + count` bytes long.
  ///
  /// Should the file shrink while its window is read, the pages past its new end read as
  /// zeros (`MappedWindow.lostPages` counts them) instead of ending the process.
  package static func map(descriptor: Int32, offset: Int, count: Int) -> MappedWindow? {
    precondition(count > 0 && offset >= 0, "a window maps at least one byte")
    guard lostPageGuard else { return nil }
    let start = offset - offset % pageSize
    let length = offset - start + count
    let mapped = mmap(
      nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, off_t(start))
    guard let mapped, mapped != MAP_FAILED else { return nil }
    return MappedWindow(
      mapping: mapped, mappedLength: length,
      bytes: (mapped + (offset - start)).assumingMemoryBound(to: UInt8.self), count: count)
  }

  /// The window's bytes.
  package var buffer: UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: bytes, count: count)
  }

  /// Gives the window's pages back. The window must not be read afterwards.
  package func unmap() {
    munmap(mapping, mappedLength)
  }
}

/// How many pages of mapped windows were read after their file had shrunk past them.
private let lostPageCount = Atomic<Int>(0)

/// The size of a page, read once before any page can be lost.
private let pageMask = Int(sysconf(Int32(_SC_PAGESIZE))) - 1

extension MappedWindow {
  /// How many pages of mapped windows were read after their file shrank past them (another
  /// program truncated it): they read as zeros. An input compares it before and after.
  package static var lostPages: Int { lostPageCount.load(ordering: .acquiring) }

  /// Installs, once, the handler that keeps a shrunk file's window readable: reading a page
  /// past a mapped file's end raises `SIGBUS`, which ends the process unless handled. The
  /// handler maps a page of zeros in its place and counts it; any other `SIGBUS` keeps its
  /// default action. False when the handler could not be installed (files are then read).
  private static let lostPageGuard: Bool = {
    #if canImport(Glibc)
      installLostPageHandler()
    #else
      false
    #endif
  }()

  #if canImport(Glibc)
    private static func installLostPageHandler() -> Bool {
      _ = pageMask
      var action = sigaction()
      action.__sigaction_handler.sa_sigaction = { signal, information, _ in
        guard let information, information.pointee.si_code == BUS_ADRERR,
          let address = information.pointee._sifields._sigfault.si_addr
        else {
          Glibc.signal(signal, SIG_DFL)
          return
        }
        let page = UnsafeMutableRawPointer(bitPattern: UInt(bitPattern: address) & ~UInt(pageMask))
        let zeros = mmap(
          page, pageMask + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0
        )
        if zeros == MAP_FAILED {
          Glibc.signal(signal, SIG_DFL)
          return
        }
        lostPageCount.add(1, ordering: .releasing)
      }
      action.sa_flags = SA_SIGINFO
      sigemptyset(&action.sa_mask)
      return sigaction(SIGBUS, &action, nil) == 0
    }
  #endif
}
