import Foundation
import VigilCore
import VigilSyntax

/// The content digest of a policy set: one SHA-256 over every file it was read from (policy
/// files, included files, holidays files), so that two reports can be told to come from the
/// same policies.
///
/// The digest is the SHA-256 of a manifest in the format of `sha256sum`: one line per file,
/// `HEX  NAME\n` (the file's SHA-256 in lowercase hex, two spaces, its name), sorted by name
/// (byte order of UTF-8). A file's NAME is its path relative to the deepest folder holding
/// every file of the set, with `/` between folders: the same files give the same digest
/// however their paths were typed (`rules`, `./rules/`, `/home/me/rules`) and wherever the
/// folder is; a file renamed, added, removed or changed by one byte gives another. For
/// `rules/` holding `a.vigil` and `holidays.txt`, the digest is what
/// `cd rules && sha256sum a.vigil holidays.txt | LC_ALL=C sort -k2 | sha256sum` prints.
package struct PolicyDigest: Sendable, Hashable {
  /// The files, in the order they were read: each policy file before the files it includes,
  /// and a file's holidays files after its includes.
  package var files: [PolicySource]
  /// The SHA-256 of the manifest, in hex.
  package var sha256: String
  /// The manifest the digest is taken of.
  package var manifest: String

  /// The digest of `files`.
  package init(files: [PolicySource]) {
    self.files = files
    let names = Self.relativeNames(files.map(\.absolutePath))
    let lines = zip(files, names).map { file, name in "\(file.sha256)  \(name)\n" }
    manifest = lines.sorted { line1, line2 in
      // Sort by name: what follows the 64 hex digits and two spaces.
      Array(line1.utf8.dropFirst(66)).lexicographicallyPrecedes(Array(line2.utf8.dropFirst(66)))
    }.joined()
    sha256 = SHA256.hex(manifest.utf8)
  }

  /// Each absolute path relative to the deepest folder that holds them all.
  package static func relativeNames(_ paths: [String]) -> [String] {
    let split = paths.map { $0.split(separator: "/", omittingEmptySubsequences: true) }
    guard var common = split.first?.dropLast() else { return [] }
    for parts in split.dropFirst() {
      let folder = parts.dropLast()
      var shared = 0
      while shared < common.count && shared < folder.count
        && common[common.startIndex + shared] == folder[folder.startIndex + shared]
      {
        shared += 1
      }
      common = common.prefix(shared)
    }
    return split.map { $0.dropFirst(common.count).joined(separator: "/") }
  }
}
