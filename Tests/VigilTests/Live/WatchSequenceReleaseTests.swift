import Foundation
import Testing
import VigilCore
import VigilLive
import VigilRecords

@testable import Vigil

/// Bounded memory for sequence policies: a group none of whose records has a timer pending and
/// that had no line for `--release-after` is released as a case is; the watch then keeps the
/// groups still active, says what it said before, and names a later line of a released group.
@Suite("Watch: sequence groups released")
struct WatchSequenceReleaseTests {
  static let hour: Int64 = 3_600_000
  static let keep = 24 * hour

  /// Customers each active for up to 8 hours somewhere in ten days, in time order (each line
  /// up to `jitter` late); a quarter of the lines replace an earlier line of the same
  /// customer. With each line, its customer and type.
  static func generate(seed: UInt64, customers: Int, jitter: Int64) -> [(
    line: String, customer: Int, type: String, tier: String
  )] {
    var random = SplitMix(seed: seed)
    var lines: [(arrival: Int64, line: String, customer: Int, type: String, tier: String)] = []
    var number = 0
    for customer in 0..<customers {
      let start = WatchSequenceTests.start + Int64(random.below(Int(240 * hour)))
      var ids: [Int] = []
      for _ in 0..<(3 + random.below(6)) {
        let id = !ids.isEmpty && random.below(4) == 0 ? ids[random.below(ids.count)] : number
        number += 1
        ids.append(id)
        let at = start + Int64(random.below(Int(8 * hour)))
        let type = random.pick(["purchase", "call", "call", "complaint", "email", "note"])
        let tier = random.pick(["key", "standard"])
        let text =
          "{\"id\":\"E\(id)\",\"customer\":\"C\(customer)\",\"type\":\"\(type)\","
          + "\"owner\":\"\(random.pick(["kim", "lee"]))\",\"tier\":\"\(tier)\","
          + "\"at\":\(WatchReplayTests.time(at))}"
        let arrival = at + (jitter > 0 ? Int64(random.below(Int(jitter))) : 0)
        lines.append((arrival, text, customer, type, tier))
      }
    }
    return lines.enumerated().sorted {
      ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset)
    }
    .map { ($0.element.line, $0.element.customer, $0.element.type, $0.element.tier) }
  }

  /// After each line: the groups kept and released are those computed from the lines (a
  /// group of a policy is made by the first line it takes, and released `keep` after the
  /// clock when it took its last one); the findings are those of a watch that keeps every
  /// group.
  @Test(
    "groups with nothing pending are released; the findings are the same",
    arguments: [(21, 0), (22, 3_600_000)] as [(UInt64, Int64)])
  func releasedGroupsSayTheSame(seed: UInt64, lateness: Int64) throws {
    let replay = try LiveReplay(policy: WatchSequenceTests.policy)
    let generated = Self.generate(seed: seed, customers: 40, jitter: 2 * lateness)
    let lines = generated.map(\.line)
    let never = replay.watch(lines, lateness: lateness).findings
    var lastSeen: [String: Int64] = [:]
    var mismatches: [String] = []
    var releasedSome = false
    let released = replay.watch(lines, lateness: lateness, releaseAfter: Self.keep) {
      index, engine in
      let line = generated[index]
      // INVARIANT: every line moves or keeps a set clock (each has an `ordered by` time).
      let clock = engine.clock!
      if ["purchase", "call"].contains(line.type) {
        lastSeen["follow_up/\(line.customer)"] = clock
      }
      if (line.type == "complaint" && line.tier == "key") || ["call", "email"].contains(line.type) {
        lastSeen["answered/\(line.customer)"] = clock
      }
      let gone = lastSeen.values.filter { $0 + Self.keep <= clock }.count
      if engine.releasedSequenceGroupCount != gone
        || engine.sequenceGroupCount != lastSeen.count - gone
      {
        mismatches.append(
          "line \(index + 1): kept \(engine.sequenceGroupCount), released "
            + "\(engine.releasedSequenceGroupCount); expected \(lastSeen.count - gone), \(gone)")
      }
      releasedSome = releasedSome || gone > 0
    }.findings
    #expect(mismatches == [])
    #expect(releasedSome)
    #expect(released == never)
    #expect(never.count > 20)
  }

  static func line(_ id: String, _ customer: String, _ type: String, _ at: Int64) -> String {
    "{\"id\":\"\(id)\",\"customer\":\"\(customer)\",\"type\":\"\(type)\",\"owner\":\"kim\","
      + "\"tier\":\"key\",\"at\":\(WatchReplayTests.time(at))}"
  }

  @Test("a line of a released group is named and not judged by its policy")
  func lineOfAReleasedGroup() throws {
    let replay = try LiveReplay(policy: WatchSequenceTests.policy)
    let start = WatchSequenceTests.start
    let lines = [
      Self.line("P1", "C1", "purchase", start),
      Self.line("N1", "C2", "note", start + 5 * Self.hour),
      // C1's follow_up group: nothing pending after 6 h and 1 ms (its escalation), no line
      // since the clock was at `start`: released at start + 24 h.
      Self.line("N2", "C2", "note", start + 30 * Self.hour),
      // A call of C1, stamped in time but read after the group was released: not judged.
      Self.line("C1", "C1", "call", start + 3 * Self.hour),
    ]
    var counts: [String] = []
    let findings = replay.watch(lines, releaseAfter: Self.keep) { _, engine in
      counts.append(
        "\(engine.sequenceGroupCount) kept, \(engine.releasedSequenceGroupCount) released, "
          + "\(engine.linesOfReleasedSequenceGroups) lines not judged: "
          + engine.takeNotices().joined())
    }.findings
    #expect(
      counts == [
        "1 kept, 0 released, 0 lines not judged: ",
        "1 kept, 0 released, 0 lines not judged: ",
        "0 kept, 1 released, 0 lines not judged: ",
        // (The call makes C1's group of `answered`, a new one.)
        "1 kept, 1 released, 1 lines not judged: live.jsonl:4: a line of group C1 of policy "
          + "follow_up, which was released (no timer pending and no line for 24h): not judged "
          + "by it\n",
      ])
    #expect(
      WatchSequenceTests.describe(findings) == [
        "violation 2026-12-01T12:00:00.001Z P1 followed by type == \"call\" 4h0m0.001s open=true to kim",
        "escalated 2026-12-01T14:00:00.001Z P1 followed by type == \"call\" 6h0m0.001s open=true to lead",
      ])
    // Kept (never): the call stamped in time, read late, takes the violation back.
    #expect(
      WatchSequenceTests.describe(replay.watch(lines).findings).last
        == "resolved 2026-12-02T14:00:00Z P1 followed by type == \"call\" 6h0m0.001s open=true to lead late"
    )
  }

  @Test("a restart from a checkpoint holding released groups goes on as the uninterrupted run")
  func restart() throws {
    let replay = try LiveReplay(policy: WatchSequenceTests.policy)
    let lines = Self.generate(seed: 23, customers: 30, jitter: Self.hour).map(\.line)
    let (_, restarts) = try replay.restarts(
      lines, lateness: Self.hour, releaseAfter: Self.keep, cuts: [10, 60, 110],
      count: \.releasedSequenceGroupCount)
    for restart in restarts {
      #expect(restart.same && restart.readBack, "cut after line \(restart.cut)")
      #expect(restart.restoredCount == restart.counted)
      #expect(restart.counted > 0 || restart.cut == 10)
    }
  }

  /// A state written before sequence groups were released (groups and records as plain
  /// arrays) or before the findings held were base64 (an array of numbers) is read as it was.
  @Test("a state written by the previous version is read")
  func previousStateFormat() throws {
    let replay = try LiveReplay(policy: WatchSequenceTests.policy)
    // Ten lines: none replaces another (no record is taken back, so none is dropped).
    let lines = WatchSequenceTests.generate(seed: 7, lines: 10, jitter: Self.hour)
    var snapshot: WatchEngine.Snapshot?
    _ = replay.watch(lines, lateness: Self.hour) { index, engine in
      if index == lines.count - 1 { snapshot = engine.snapshot }
    }
    let checkpoint = WatchCheckpoint(
      policyDigest: "d", offset: 10, line: 2, header: nil, engine: try #require(snapshot),
      outbox: Array("hi\n".utf8), outputSize: nil)
    let data = try JSONEncoder().encode(checkpoint)
    // INVARIANT: a checkpoint is a JSON object, as is its engine and its sequences.
    var json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    #expect(json["outbox"] as? String == "aGkK")
    json["outbox"] = [104, 105, 10]
    var engine = json["engine"] as! [String: Any]
    var sequences = engine["sequences"] as! [String: Any]
    for part in ["groups", "records"] {
      let numbered = sequences[part] as! [String: Any]
      let numbers = numbered["numbers"] as! [Int]
      #expect(!numbers.isEmpty && numbers == Array(0..<numbers.count))
      sequences[part] = numbered["values"]
    }
    engine["sequences"] = sequences
    json["engine"] = engine
    let old = try JSONSerialization.data(withJSONObject: json)
    #expect(try JSONDecoder().decode(WatchCheckpoint.self, from: old) == checkpoint)
  }
}
