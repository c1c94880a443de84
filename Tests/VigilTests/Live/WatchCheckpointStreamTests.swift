import Foundation
import Testing
import VigilCore
import VigilLive

@testable import Vigil

/// A checkpoint written with its records and cases streamed one at a time reads back as the
/// very checkpoint written, records, cases and all.
@Suite("Watch checkpoints written streamed")
struct WatchCheckpointStreamTests {
  /// Record policies, a sequence policy, a group policy (with windows and `previous`) and one
  /// whose records' parts move with the clock.
  static let policy =
    WatchReplayTests.policy + """

      policy complaint_called:
        per owner, ordered by created_at
        type == "complaint" → flag
        unless followed by type == "call" within 2h
      policy complaints_rising:
        per owner, daily by created_at
        count(type == "complaint") - previous(count(type == "complaint")) > 1 → flag
      policy long_open:
        per owner
        count(unresolved > 4h) > 2 → flag
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
    #expect(events || restored.movingRecordCount > 3)
  }
}

/// The findings held in a checkpoint, written as base64 a part at a time, read back whole.
@Suite("Watch checkpoints' findings held, written in parts")
struct WatchCheckpointOutboxTests {
  @Test(
    "findings of any size read back byte for byte",
    arguments: [0, 1, 2, 3, 196_607, 196_608, 196_609, 500_001])
  func outbox(size: Int) throws {
    var random = SplitMix(seed: UInt64(size))
    let outbox = (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    let replay = try LiveReplay(policy: WatchCheckpointStreamTests.policy)
    var snapshot: WatchEngine.Snapshot?
    let lines = WatchReplayTests.generate(seed: 5, records: 4)
    _ = replay.watch(lines) { index, engine in
      if index == lines.count - 1 { snapshot = engine.snapshot }
    }
    let checkpoint = WatchCheckpoint(
      policyDigest: "\"outbox\":\"", offset: 1, line: 1, header: nil,
      engine: try #require(snapshot), outbox: outbox, outputSize: nil)
    let folder = try temporaryFolder("watch-outbox")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("state.json").path
    try checkpoint.save(path)
    let loaded = try #require(try WatchCheckpoint.load(path))
    #expect(loaded.outbox == outbox)
    #expect(loaded == checkpoint)
  }
}
