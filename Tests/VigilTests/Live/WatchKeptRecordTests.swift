import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilRecords

@testable import Vigil
@testable import VigilLive

/// What a record kept by the watch holds: a record of the group policies whose parts move with
/// the clock only the values of the fields they read (and its id), a record of the record
/// policies only those of the fields they read (and its id), and a record, a case or a
/// sequence policy's record its violations shown behind a reference, written to a checkpoint
/// as the violation itself.
@Suite("Watch: what a kept record holds")
struct WatchKeptRecordTests {
  @Test("a record of the moving or the record policies keeps only the fields they read, and its id")
  func movingRecordValues() throws {
    let replay = try LiveReplay(
      policy: """
        define awaiting_reply = from created_at until first_response_at
        policy slow:
          team == "desk" and from created_at until closed_at > 48h → flag
        policy waiting:
          per owner
          count(awaiting_reply > 2h) > 1 → flag
        """)
    let line =
      "{\"id\":\"A\",\"owner\":\"kim\",\"team\":\"desk\",\"created_at\":\"2026-12-01T08:00:00Z\","
      + "\"first_response_at\":\"2026-12-01T09:00:00Z\"}"
    let engine = WatchEngine(replay.live, input: replay.input, replacesByID: true)
    let decoder = RecordDecoder(layout: replay.live.layout, format: .jsonl)
    guard case .record(let values) = decoder.decode(Array(line.utf8)) else {
      Issue.record("the line was not read")
      return
    }
    _ = engine.applyEvent(values, line: 1, lateness: 0)
    let fields = replay.live.layout.fields.map(\.description)
    let kept = try #require(engine.moving.records.first).values
    let read = Set(["id", "owner", "created_at", "first_response_at"])
    // The values of the fields the policies read, in the order of their slots; none of those
    // only `slow` reads.
    #expect(Set(fields) == read.union(["team", "closed_at"]))
    #expect(kept == fields.indices.filter { read.contains(fields[$0]) }.map { values[$0] })
    #expect(kept.count == 4)
    // The record policy's record (open: its timer pending) keeps the fields the record
    // policies read and its id only: none of those only `waiting` reads.
    let recordRead = Set(["id", "team", "created_at", "closed_at"])
    let own = try #require(engine.records.values.first?.values)
    #expect(own == fields.indices.filter { recordRead.contains(fields[$0]) }.map { values[$0] })
    #expect(own.count == 4)
    #expect(
      replay.live.recordSlotValues(own)
        == values.indices.map { slot in
          recordRead.contains(fields[slot]) ? values[slot] : .null
        })
  }

  @Test("a violation kept behind a reference is written as the violation itself")
  func boxedViolation() throws {
    let violation = Violation(
      policy: "slow", location: "rules.vigil:2", record: "A", party: "kim",
      actions: [.init(kind: .notify, target: "kim")], severity: .medium, open: true,
      measurement: nil, condition: "unresolved > 48h", input: "live.jsonl", line: 3)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let shown: [Violation?] = [nil, violation]
    let boxed: [BoxedViolation?] = [nil, BoxedViolation(violation)]
    #expect(try encoder.encode(boxed) == encoder.encode(shown))
    let read = try JSONDecoder().decode([BoxedViolation?].self, from: encoder.encode(shown))
    #expect(read == boxed)
    #expect(read[1]?.violation == violation)
    #expect(MemoryLayout<BoxedViolation?>.size == 8)
  }
}
