import Foundation

/// The `vigil` program that SwiftPM builds beside the test bundle (`swift test` builds every
/// product), for tests that need a process of its own, to signal or kill.
enum VigilProgram {
  private final class Marker {}

  /// Where it was looked for: beside the test bundle (or the test process on Linux), then
  /// `.build/debug`.
  static var candidates: [URL] {
    var folders: [URL] = []
    #if os(Linux)
      folders.append(
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
          .deletingLastPathComponent())
    #endif
    let bundle = Bundle(for: Marker.self).bundleURL
    folders += [bundle.deletingLastPathComponent(), bundle]
    folders.append(Paths.root.appendingPathComponent(".build/debug"))
    return folders.map { $0.appendingPathComponent("vigil") }
  }

  /// The program, or nil when it was not built.
  static let url: URL? = candidates.first {
    FileManager.default.isExecutableFile(atPath: $0.path)
  }
}
