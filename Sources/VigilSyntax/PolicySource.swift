import Foundation
import VigilCore

/// One file a policy set was read from: a policy file (given, found in a folder, or
/// included) or a holidays file a calendar reads (`holidays from "…"`).
package struct PolicySource: Sendable, Hashable {
  /// What the file is to the policy set.
  package enum Kind: String, Sendable, Hashable {
    /// A `.vigil` file.
    case policy
    /// A calendar's `holidays from` file.
    case holidays
  }

  /// The file's name, as the policy set names it (as given, or relative to the file that
  /// includes it).
  package var path: String
  package var kind: Kind
  /// Its size in bytes.
  package var bytes: Int
  /// The SHA-256 of its bytes, in hex.
  package var sha256: String
  /// The absolute, standardised path (`.` and `..` resolved): where the file is, however its
  /// name was typed.
  package var absolutePath: String

  /// The source for the `bytes` read from `path`.
  package init(path: String, kind: Kind, bytes: some Collection<UInt8>) {
    self.path = path
    self.kind = kind
    self.bytes = bytes.count
    self.sha256 = SHA256.hex(bytes)
    self.absolutePath = URL(fileURLWithPath: path).standardizedFileURL.path
  }
}
