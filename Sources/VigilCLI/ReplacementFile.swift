import Foundation

/// A file that is replaced whole or not at all: written under a temporary name beside it
/// (`.report.json.vigil-PID-XXXXXX`, in the same folder, so the rename cannot cross file
/// systems) and renamed over it by `commit()`. Until then the old file is untouched; `discard()`
/// (or dropping an uncommitted file) removes the temporary file, and so does an interrupting
/// signal (`TemporaryFiles`).
///
/// The new file keeps the old one's permissions (a new one gets 0666 less the umask); a
/// symbolic link is followed, so the file it points to is replaced and the link stays. A
/// process killed with SIGKILL cannot clean up: its temporary file stays, and the next
/// replacement of the same file removes it once the process that made it is gone.
///
/// A path that names no regular file but a device or a pipe (`-o /dev/null`, `-o /dev/stdout`,
/// a FIFO) is written to directly: renaming over it would replace the device with a file.
final class ReplacementFile: OutputSink {
  /// The path as given, for messages.
  let path: String
  /// The temporary file's path.
  let temporaryPath: String
  /// Where it is renamed to: `path` with symbolic links resolved.
  private let target: String
  private let descriptor: Int32
  private let sink: FileSink
  private let slot: Int?
  /// Whether the output goes straight to a device or pipe, with no temporary file.
  private let direct: Bool
  private var finished = false

  /// Starts replacing the file at `path`.
  /// - Throws: when the folder has no room for a temporary file (missing, not writable).
  init(path: String) throws(ReplacementError) {
    self.path = path
    target = Self.resolved(path)
    var status = stat()
    let exists = stat(target, &status) == 0
    if exists, status.st_mode & S_IFMT == S_IFDIR {
      throw ReplacementError("cannot write '\(path)': it is a folder")
    }
    if exists, status.st_mode & S_IFMT != S_IFREG {
      descriptor = open(target, O_WRONLY | O_CLOEXEC)
      guard descriptor >= 0 else {
        throw ReplacementError("cannot write '\(path)' (\(Self.reason(errno)))")
      }
      (temporaryPath, direct, slot) = ("", true, nil)
      sink = FileSink(descriptor: descriptor)
      return
    }
    direct = false
    if exists { Self.dropCachedPages(of: target) }
    let folder = (target as NSString).deletingLastPathComponent
    let prefix = "." + (target as NSString).lastPathComponent + ".vigil-"
    Self.removeStale(in: folder.isEmpty ? "." : folder, prefix: prefix)
    do {
      (temporaryPath, descriptor) = try Self.create(
        (folder.isEmpty ? "" : folder + "/") + prefix + "\(getpid())-")
    } catch {
      throw ReplacementError(
        "cannot write '\(path)': cannot create a file in its folder (\(Self.reason(error.code)))")
    }
    sink = FileSink(descriptor: descriptor)
    // It is synced before it is renamed: its bytes go to the device as they come.
    sink.writesBehind = true
    slot = TemporaryFiles.register(temporaryPath)
  }

  deinit {
    discard()
  }

  func write(_ text: String) { sink.write(text) }
  func write(_ bytes: [UInt8]) { sink.write(bytes) }
  func flush() { sink.flush() }

  /// Writes out what is buffered, gives the file the old one's permissions and renames it
  /// over the old one.
  /// - Throws: when a write, the sync or the rename failed; the old file is then untouched
  ///   and the temporary file removed.
  func commit() throws(ReplacementError) {
    guard !finished else { return }
    sink.flush()
    if direct { return try finishDirect() }
    var failure = sink.failure
    if failure == nil, let mode = Self.mode(of: target), fchmod(descriptor, mode) != 0 {
      failure = errno
    }
    if failure == nil, fsync(descriptor) != 0 { failure = errno }
    if close(descriptor) != 0, failure == nil { failure = errno }
    if failure == nil, rename(temporaryPath, target) != 0 { failure = errno }
    finished = true
    if let failure {
      unlink(temporaryPath)
      release()
      throw ReplacementError(
        "cannot write '\(path)' (\(Self.reason(failure))); it was left as it was")
    }
    release()
  }

  /// Removes the temporary file; the old file stays as it was.
  func discard() {
    guard !finished else { return }
    finished = true
    close(descriptor)
    if !direct { unlink(temporaryPath) }
    release()
  }

  /// Closes a device or pipe written to directly.
  private func finishDirect() throws(ReplacementError) {
    finished = true
    var failure = sink.failure
    if close(descriptor) != 0, failure == nil { failure = errno }
    if let failure {
      throw ReplacementError("cannot write '\(path)' (\(Self.reason(failure)))")
    }
  }

  private func release() {
    if let slot { TemporaryFiles.unregister(slot) }
  }

  /// `path` with symbolic links resolved, when it exists.
  private static func resolved(_ path: String) -> String {
    guard let real = realpath(path, nil) else { return path }
    defer { free(real) }
    return String(cString: real)
  }

  /// A new file `stem` + 6 random letters and digits, with the permissions a new file gets
  /// (0666 less the umask); its path and descriptor.
  private static func create(_ stem: String) throws(SystemError) -> (String, Int32) {
    while true {
      let path = stem + String((0..<6).map { _ in nameCharacters.randomElement() ?? "x" })
      let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if descriptor >= 0 { return (path, descriptor) }
      if errno != EEXIST { throw SystemError(code: errno) }
    }
  }

  private static let nameCharacters = Array(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

  /// Has the system drop the pages of the old file it holds in memory, on another thread
  /// while the audit runs: renaming over a file frees them, and freeing a report's thousands
  /// of pages held up the end of an audit by 4-6 ms (ext4). The file's bytes stay as they are
  /// on the device (pages not yet written are written first), so the old file is the same
  /// until the rename, only no longer cached.
  private static func dropCachedPages(of path: String) {
    DispatchQueue.global(qos: .utility).async {
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { return }
      _ = posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_DONTNEED))
      close(descriptor)
    }
  }

  /// The permissions of the file at `path`, if there is one.
  private static func mode(of path: String) -> mode_t? {
    var status = stat()
    return stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
  }

  /// Removes the temporary files `prefix…` in `folder` left by processes that no longer run
  /// (killed with SIGKILL, or by a power cut).
  private static func removeStale(in folder: String, prefix: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
      return
    }
    for name in names where name.hasPrefix(prefix) {
      let rest = name.dropFirst(prefix.count).split(separator: "-")
      guard rest.count == 2, rest[1].count == 6, let pid = pid_t(rest[0]), pid > 0,
        kill(pid, 0) != 0, errno == ESRCH
      else { continue }
      unlink(folder + "/" + name)
    }
  }

  private static func reason(_ code: Int32) -> String {
    String(cString: strerror(code))
  }
}

/// A failed system call's `errno`.
struct SystemError: Error {
  var code: Int32
}

/// A file that could not be written; its old version is untouched.
struct ReplacementError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
