import Foundation

/// The temporary files of the reports being written, removed when `vigil` is interrupted
/// (SIGINT, SIGTERM, SIGHUP), so that a stopped command leaves no half-written file behind.
///
/// A signal handler may run on any thread and may only call async-signal-safe functions, so
/// the paths live in fixed buffers allocated once, marked in use by a flag; the handler
/// unlinks the paths in use, restores the signal's default action and raises it again, so
/// the process ends as the signal says (the shell shows status 130 for SIGINT, 143 for
/// SIGTERM).
enum TemporaryFiles {
  /// How many files can be written at once (a report and its error list need two).
  static let capacity = 8
  /// The longest path kept, with its terminating zero; a longer one is not removed on a
  /// signal.
  static let pathCapacity = 4096

  /// `capacity` buffers of `pathCapacity` bytes.
  nonisolated(unsafe) private static let paths: UnsafeMutablePointer<CChar> = {
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity * pathCapacity)
    buffer.initialize(repeating: 0, count: capacity * pathCapacity)
    return buffer
  }()
  /// 1 where the buffer holds a path in use.
  nonisolated(unsafe) private static let inUse: UnsafeMutablePointer<Int32> = {
    let flags = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
    flags.initialize(repeating: 0, count: capacity)
    return flags
  }()
  /// Guards registering and unregistering (not the signal handler, which only reads).
  private static let lock = NSLock()
  nonisolated(unsafe) private static var handlersInstalled = false

  /// Installs the handlers of SIGINT, SIGTERM and SIGHUP, once. `vigil` (the program) does;
  /// a program that embeds `VigilCLI.run` keeps its own handlers.
  static func installSignalHandlers() {
    lock.lock()
    defer { lock.unlock() }
    guard !handlersInstalled else { return }
    handlersInstalled = true
    // Touch the buffers now: the handler must not be the first to initialise them.
    _ = (paths, inUse)
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
      let previous = signal(signalNumber) { received in
        TemporaryFiles.removeAll()
        signal(received, SIG_DFL)
        raise(received)
      }
      // A signal ignored when vigil started (nohup, a background job) stays ignored.
      if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
      {
        signal(signalNumber, SIG_IGN)
      }
    }
  }

  /// Keeps `path` to be removed on a signal; returns its slot for `unregister`, or nil when
  /// every slot is taken or the path is too long.
  static func register(_ path: String) -> Int? {
    let bytes = Array(path.utf8)
    guard bytes.count < pathCapacity, !bytes.contains(0) else { return nil }
    lock.lock()
    defer { lock.unlock() }
    guard let slot = (0..<capacity).first(where: { inUse[$0] == 0 }) else { return nil }
    let start = paths + slot * pathCapacity
    for (index, byte) in bytes.enumerated() { start[index] = CChar(bitPattern: byte) }
    start[bytes.count] = 0
    inUse[slot] = 1
    return slot
  }

  /// Forgets the path in `slot` (the file was renamed or removed).
  static func unregister(_ slot: Int) {
    lock.lock()
    defer { lock.unlock() }
    inUse[slot] = 0
  }

  /// Unlinks every path in use: async-signal-safe.
  private static func removeAll() {
    for slot in 0..<capacity where inUse[slot] != 0 {
      unlink(paths + slot * pathCapacity)
    }
  }
}
