import Foundation
import Testing

/// Where the tests find the repository and its fixtures. Nothing outside the clone is read.
enum Paths {
  /// The repository's root.
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// `examples/data`: the copies of the real exports, one folder per source.
  static let realData: URL = root.appendingPathComponent("examples/data")

  /// `Tests/VigilTests/Fixtures`.
  static let fixtures: URL = root.appendingPathComponent("Tests/VigilTests/Fixtures")

  /// Whether golden files should be rewritten instead of compared.
  static let updateGoldens = ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1"

  /// Makes the repository's root the working directory, as the README's commands are run.
  /// Every test that changes the working directory sets it to this same folder.
  static func enterRoot(sourceLocation: SourceLocation = #_sourceLocation) throws {
    try #require(
      FileManager.default.changeCurrentDirectoryPath(root.path),
      "cannot enter \(root.path)", sourceLocation: sourceLocation)
  }
}
