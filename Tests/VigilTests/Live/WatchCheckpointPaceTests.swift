import Testing

@testable import VigilCLI

/// How often `--state` is written: every `--checkpoint-lines` lines or second, but never
/// sooner after a checkpoint than nine times as long as it took to write, so that a large
/// state costs at most a tenth of the watch's time.
@Suite("vigil watch: the checkpoints' pace")
struct WatchCheckpointPaceTests {
  @Test(
    "due after N lines or a second, once nine times the last one's cost has passed",
    arguments: [
      // lines, every, elapsed ms, last cost ms, due
      (999, 1000, 999, 0, false),
      (1000, 1000, 5, 0, true),
      (10, 1000, 1000, 0, true),
      (1000, 1000, 899, 100, false),
      (1000, 1000, 900, 100, true),
      (10, 1000, 1000, 200, false),
      (10, 1000, 1800, 200, true),
      (40, 40, 4499, 500, false),
      (40, 40, 4500, 500, true),
    ] as [(Int, Int, Int64, Int64, Bool)])
  func due(lines: Int, every: Int, elapsed: Int64, lastCost: Int64, due: Bool) {
    #expect(
      WatchSession.isCheckpointDue(lines: lines, every: every, elapsed: elapsed, lastCost: lastCost)
        == due)
  }
}
