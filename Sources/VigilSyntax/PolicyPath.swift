import Foundation

/// How Vigil spells the path of a policy file — in a bare rule's name, its location and every
/// message — whatever way it was typed: `rules/a.vigil`, `./rules/a.vigil`, `rules//a.vigil`
/// and `rules/x/../a.vigil` are all `rules/a.vigil`, so that two runs of the same policies name
/// the same rule the same way. A relative path stays relative and an absolute one absolute.
package enum PolicyPath {
  /// `path` without `.` components and without repeated or trailing slashes, each `NAME/..`
  /// removed when `NAME` is a folder that is not a symbolic link (the two then mean the same
  /// folder); a `..` at the start of a relative path, after a link, or after a name that is no
  /// folder stays. `/..` is `/`; an empty path is `.`.
  package static func normalized(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var kept: [Substring] = []
    for component in path.split(separator: "/") {
      switch component {
      case ".":
        continue
      case "..":
        if absolute && kept.isEmpty { continue }
        if let last = kept.last, last != "..", isPlainFolder(joined(kept, absolute: absolute)) {
          kept.removeLast()
        } else {
          kept.append(component)
        }
      default:
        kept.append(component)
      }
    }
    return joined(kept, absolute: absolute)
  }

  /// The file `relative` inside `folder`, normalised: `./rules/` and `complaints.vigil` give
  /// `rules/complaints.vigil`.
  package static func normalized(_ relative: String, in folder: String) -> String {
    relative.hasPrefix("/") ? normalized(relative) : normalized(folder + "/" + relative)
  }

  private static func joined(_ components: [Substring], absolute: Bool) -> String {
    let text = components.joined(separator: "/")
    if absolute { return "/" + text }
    return text.isEmpty ? "." : text
  }

  /// Whether `path` is a folder itself, not a symbolic link to one (whose `..` is the parent
  /// of the link's target, not the folder holding the link).
  private static func isPlainFolder(_ path: String) -> Bool {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    return attributes?[.type] as? FileAttributeType == .typeDirectory
  }
}
