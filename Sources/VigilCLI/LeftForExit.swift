/// Large values a command has finished with, left for the process's exit to free when the
/// command runs as the `vigil` program: an event log's 200,000 cases freed state by state took
/// 60 ms of a 1.6 s audit, and the exit returns the whole address space at once. Run in a host
/// process (the tests call `VigilCLI.run`), everything is freed as usual.
enum LeftForExit {
  /// Whether the process ends when the command does (`VigilCLI.main`).
  nonisolated(unsafe) static var processEndsAfterCommand = false
  /// The values kept: written on the command's thread only, never read.
  nonisolated(unsafe) private static var kept: [Any] = []

  /// Keeps `value` alive until the process exits, when it ends after the command; otherwise
  /// lets it go as usual.
  static func leave(_ value: Any) {
    guard processEndsAfterCommand else { return }
    kept.append(value)
  }
}
