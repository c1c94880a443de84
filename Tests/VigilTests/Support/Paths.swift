import Foundation

/// Where the tests find the repository, its fixtures and the shared folder beside it.
enum Paths {
  /// The repository's root.
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// `../shared` beside the repository.
  static let shared: URL = root.deletingLastPathComponent().appendingPathComponent("shared")

  /// `Tests/VigilTests/Fixtures`.
  static let fixtures: URL = root.appendingPathComponent("Tests/VigilTests/Fixtures")

  /// Whether golden files should be rewritten instead of compared.
  static let updateGoldens = ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1"
}
