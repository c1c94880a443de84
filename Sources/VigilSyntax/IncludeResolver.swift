import Foundation

/// Where a policy set's `include` and `holidays from` may read files: nowhere, or only inside
/// one folder, the root.
///
/// A path that leaves the root — with `..`, as an absolute path, or through a symbolic link
/// whose target is outside — is an `include-outside-root` error naming the path and the root,
/// and the file is never opened. Policy text is untrusted: confined, it cannot read a file of
/// the machine it runs on and show its lines in a diagnostic.
///
///     PolicySet(source: text, file: "/srv/policies/user.vigil", includes: .root("/srv/policies"))
public struct IncludeResolver: Sendable, Hashable {
  /// The root folder, as given; nil: no file may be read.
  package let folder: String?

  /// No file can be read: every `include` and `holidays from` is an error (the default of
  /// `PolicySet(source:)`, whose text may come from anyone).
  public static let none = IncludeResolver(folder: nil)

  /// Files inside `folder` (and its subfolders) only.
  public static func root(_ folder: String) -> IncludeResolver {
    IncludeResolver(folder: folder)
  }
}

/// A root folder, resolved: what a path written in a policy file may name.
package struct IncludeRoot: Sendable {
  /// The folder as given, for messages: normalised as policy paths are (`PolicyPath`).
  package let shown: String
  /// Its absolute path with every symbolic link resolved; nil when it does not exist (then
  /// nothing is inside it).
  package let real: String?

  package init(_ folder: String) {
    shown = PolicyPath.normalized(folder)
    real = Self.realPath(folder)
  }

  /// Why the file `written` (an include or a holidays file, as written in the policy file at
  /// `includer`) may not be read, or where to read it: its absolute path with symbolic links
  /// resolved. Nothing is opened; a path that leaves the root is refused before it is looked
  /// up at all, and one that stays inside is looked up only to resolve its links.
  package func resolve(_ written: String, from includer: String) -> Resolution {
    if written.hasPrefix("/") { return .outside(.absolute) }
    guard let real else { return .outside(.leaves) }
    let folder = (includer as NSString).deletingLastPathComponent
    let base = Self.realPath(folder.isEmpty ? "." : folder) ?? Self.absolute(folder)
    guard Self.contains(real, Self.lexical(base + "/" + written)) else { return .outside(.leaves) }
    let joined = folder.isEmpty ? written : folder + "/" + written
    guard let target = Self.realPath(joined) else { return .missing }
    guard Self.contains(real, target) else { return .outside(.link(target)) }
    return .inside(target)
  }

  /// Whether the file or folder `path` (as typed) is inside the root.
  package func holds(_ path: String) -> Bool {
    guard let real, let target = Self.realPath(path) else { return false }
    return Self.contains(real, target)
  }

  /// What `resolve` found.
  package enum Resolution: Equatable {
    /// The file is inside the root, at this absolute path (links resolved).
    case inside(String)
    /// The path stays inside the root but names no file.
    case missing
    /// The path leaves the root.
    case outside(Escape)
  }

  /// How a path leaves the root.
  package enum Escape: Equatable {
    /// It is absolute.
    case absolute
    /// Its `..` go above the root.
    case leaves
    /// A symbolic link on the way points outside; the path it leads to.
    case link(String)
  }

  /// Whether the absolute path `path` is `root` or inside it.
  package static func contains(_ root: String, _ path: String) -> Bool {
    root == "/" || path == root || path.hasPrefix(root + "/")
  }

  /// `path` with every symbolic link resolved, absolute; nil when it does not exist. Only
  /// looks the path up (as `realpath(3)`): opens no file.
  package static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// `path` made absolute (against the working directory), without looking it up.
  package static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  /// The absolute `path` with `.`, empty components and each `NAME/..` removed as text,
  /// links not followed (`/..` is `/`).
  package static func lexical(_ path: String) -> String {
    var kept: [Substring] = []
    for component in path.split(separator: "/") {
      switch component {
      case ".": continue
      case "..": _ = kept.popLast()
      default: kept.append(component)
      }
    }
    return "/" + kept.joined(separator: "/")
  }
}
