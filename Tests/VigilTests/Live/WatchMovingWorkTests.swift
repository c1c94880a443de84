import Testing
import VigilLive

@testable import Vigil

/// The work of judging group policies whose parts move with the clock: a judgement reads again
/// only the records whose parts can have changed since the last (read since, or one of their
/// states' instants come), not every record kept, so that the work grows with the lines and
/// their instants, not with the lines times the records kept.
@Suite("Watch: the work of group policies whose parts move with the clock")
struct WatchMovingWorkTests {
  @Test(
    "the records' parts read grow with the lines, not with the lines times the records kept",
    arguments: [0, 3_600_000] as [Int64])
  func readsGrowWithTheLines(lateness: Int64) throws {
    let replay = try LiveReplay(policy: WatchMovingReleaseTests.policy)
    var perLine: [Double] = []
    for records in [100, 400] {
      let lines = WatchMovingGroupTests.generate(seed: 9, records: records, jitter: 2 * lateness)
      var reads = 0
      _ = replay.watch(lines, lateness: lateness) { _, engine in reads = engine.movingPartReads }
      perLine.append(Double(reads) / Double(lines.count))
    }
    // Each record is read when its line is, and again at an instant of its states (opened,
    // past 2, 4 and 6 hours, resolved) or when the next judgement looks at that instant: some
    // five to seven reads a line. Adding every record kept up again at each judgement and at
    // each look of the search for the next change read 1,100 to 1,700 a line at 100 records
    // and 4,400 to 5,800 at 400.
    #expect(perLine.allSatisfy { $0 < 8 }, "\(perLine)")
    #expect(perLine[1] < perLine[0] * 1.1, "\(perLine)")
  }
}
