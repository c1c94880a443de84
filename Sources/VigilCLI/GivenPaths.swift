import Foundation

/// The paths given on the command line, looked up before anything is read: one that is not
/// there is named, with why, as a mistake in the arguments (exit 2, no usage block), not as a
/// policy file's `include` that cannot be read.
enum GivenPaths {
  /// Throws for the first of `paths` (`-`, standard input, aside) that cannot be looked up:
  /// `cannot read the policy file or folder 'x.vigil': No such file or directory`.
  static func requireExisting(_ paths: [String], what: String) throws(UsageError) {
    for path in paths where path != "-" {
      var status = stat()
      guard stat(path, &status) != 0 else { continue }
      throw .unreadable("cannot read the \(what) '\(path)': \(String(cString: strerror(errno)))")
    }
  }

  /// What the policy paths of `check`, `audit`, `explain` and `diff` are.
  static let policies = "policy file or folder"
}
