import Foundation
import Testing
import VigilCore
import VigilLive

@testable import Vigil

/// A checkpoint written with its records and cases streamed one at a time reads back as the
/// very checkpoint written, records, cases and all.
@Suite("Watch checkpoints written streamed")
struct WatchCheckpointStreamTests {
  /// Record policies, a sequence policy and a group policy (with windows and `previous`).
  static let policy =
    WatchReplayTests.policy + """

      policy complaint_called:
        per owner, ordered by created_at
        type == "complaint" → flag
        unless followed by type == "call" within 2h
      policy complaints_rising:
        per owner, daily by created_at
        count(type == "complaint") - previous(count(type == "complaint")) > 1 → flag
      """

  @Test("records, cases, groups and the rest read back equal", arguments: [false, true])
  func roundTrip(events: Bool) throws {
    let replay =
      events
      ? try LiveReplay(policy: WatchPauseTests.eventPolicy)
      : try LiveReplay(policy: Self.policy)
    let lines =
      events
      ? WatchPauseTests.eventLog(seed: 3, cases: 12)
      : WatchReplayTests.generate(seed: 3, records: 12)
    var snapshot: WatchEngine.Snapshot?
    _ = replay.watch(lines) { index, engine in
      if index == lines.count / 2 { snapshot = engine.snapshot }
    }
    let engine = try #require(snapshot)
    let checkpoint = WatchCheckpoint(
      policyDigest: "\"engine\":{", offset: 10, line: 3, header: nil, engine: engine,
      outbox: Array("{\"engine\":{}}\n".utf8), outputSize: 7, pending: ["{\"engine\":1}"])
    let folder = try temporaryFolder("watch-stream")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("state.json").path
    try checkpoint.save(path)
    let loaded = try #require(try WatchCheckpoint.load(path))
    #expect(loaded == checkpoint)
    let restored = WatchEngine(
      replay.live, input: replay.input, replacesByID: true, restoring: loaded.engine)
    #expect((events ? restored.caseCount : restored.recordCount) > 3)
    #expect(events || (restored.groupCount > 3 && restored.sequenceGroupCount > 0))
  }
}
