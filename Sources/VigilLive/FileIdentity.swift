import Foundation
import VigilCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which file a checkpoint's offset is in: its device and inode, and the SHA-256 digest of its
/// first bytes (those read, up to `FileIdentity.headBytes`). A restart goes on from the
/// offset only in a file whose first bytes are these: another file took the name while the
/// watch was stopped (rotated; it may even have the old inode, freed and reused) when they
/// differ, and it is read from its start.
package struct FileIdentity: Codable, Equatable, Sendable {
  package var device: UInt64
  package var inode: UInt64
  /// How many of its first bytes the digest covers, and their digest.
  package var headLength: Int
  package var headDigest: String

  /// How many first bytes tell a file: enough for a few lines of any log.
  package static let headBytes = 4096

  package init(device: UInt64, inode: UInt64, headLength: Int, headDigest: String) {
    self.device = device
    self.inode = inode
    self.headLength = headLength
    self.headDigest = headDigest
  }

  /// The identity of the open file `descriptor`, its digest over its first `length` bytes
  /// (fewer if it has fewer); nil when it cannot be read.
  package static func of(_ descriptor: Int32, length: Int) -> FileIdentity? {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return nil }
    var head = [UInt8](repeating: 0, count: max(0, length))
    var filled = 0
    while filled < head.count {
      let count = head.withUnsafeMutableBytes { buffer in
        // INVARIANT: the buffer is not empty (filled < its count).
        pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(filled))
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      filled += count
    }
    return FileIdentity(
      device: UInt64(status.st_dev), inode: UInt64(status.st_ino), headLength: filled,
      headDigest: SHA256.hex(head[..<filled]))
  }

  /// The identity of the file at `path` as `self` was taken (its first `headLength` bytes);
  /// nil when it cannot be opened.
  package func current(at path: String) -> FileIdentity? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    return Self.of(descriptor, length: headLength)
  }
}

extension FileIdentity {
  /// The file this identity was taken of, under another name in the folder of `path` (a file
  /// rotated: `app.log` moved to `app.log.1`): the regular file there with its device, inode
  /// and first bytes; nil when there is none (moved elsewhere, compressed, deleted).
  package func rotated(near path: String) -> String? {
    let folder = (path as NSString).deletingLastPathComponent
    let directory = folder.isEmpty ? "." : folder
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return nil
    }
    for name in names.sorted() {
      let candidate = folder.isEmpty ? name : directory + "/" + name
      var status = stat()
      guard stat(candidate, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
        UInt64(status.st_dev) == device, UInt64(status.st_ino) == inode,
        current(at: candidate)?.headDigest == headDigest
      else { continue }
      return candidate
    }
    return nil
  }
}
