import Foundation

/// One file a policy set was read from: a policy file (given, found in a folder, or
/// included) or a holidays file a calendar reads (`holidays from "…"`).
public struct PolicySource: Sendable, Hashable {
  /// What the file is to the policy set.
  public enum Kind: String, Sendable, Hashable {
    /// A `.vigil` file.
    case policy
    /// A calendar's `holidays from` file.
    case holidays
  }

  /// The file's name, as the policy set names it (as given, or relative to the file that
  /// includes it).
  public var path: String
  public var kind: Kind
  /// Its size in bytes.
  public var bytes: Int
  /// The SHA-256 of its bytes, in hex.
  public var sha256: String
  /// The absolute, standardised path (`.` and `..` resolved): where the file is, however its
  /// name was typed.
  var absolutePath: String

  /// The source for the `bytes` read from `path`.
  init(path: String, kind: Kind, bytes: some Collection<UInt8>) {
    self.path = path
    self.kind = kind
    self.bytes = bytes.count
    self.sha256 = SHA256.hex(bytes)
    self.absolutePath = URL(fileURLWithPath: path).standardizedFileURL.path
  }
}

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
public struct PolicyDigest: Sendable, Hashable {
  /// The files, in the order they were read: each policy file before the files it includes,
  /// and a file's holidays files after its includes.
  public var files: [PolicySource]
  /// The SHA-256 of the manifest, in hex.
  public var sha256: String
  /// The manifest the digest is taken of.
  public var manifest: String

  /// The digest of `files`.
  public init(files: [PolicySource]) {
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
  static func relativeNames(_ paths: [String]) -> [String] {
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
