import Foundation
import Testing
import VigilCore
import VigilLive

@testable import Vigil
@testable import VigilCLI

/// Bounded memory with `--id`: a record with no timer pending and no newer line of its id for
/// a while is released as a closed case is; the watch then keeps the records still open.
@Suite("Watch: records released")
struct WatchRecordReleaseTests {
  /// Policies whose states all close once a record is answered and resolved, and which read
  /// no `now`: such a record has no timer pending.
  static let policy = """
    define unresolved = from created_at until resolved_at
    define awaiting_reply = from created_at until first_response_at

    policy slow:
      type == "complaint" and unresolved > 48h → escalate to owner, then "lead" after 24h
      warn at 40h
    policy reply:
      awaiting_reply > 4h → notify team
      warn at 3h
    policy vip:
      tier == "key" → flag
    """

  static let hour: Int64 = 3_600_000
  /// How long a record with no timer pending is kept.
  static let keep = 24 * hour

  /// A line of a generated export: its text, its record, its event time (its latest stamp:
  /// the lines come in the order of their changes, so it is also when it is read unless it
  /// is a note), and whether its record is closed by then (answered and resolved).
  struct Line {
    var text: String
    var record: Int
    var at: Int64
    var eventTime: Int64
    var closed: Bool
  }

  /// A record export written as records change, in time order: each record is created,
  /// answered within 9 hours and resolved within 72; a third of them get a note (making
  /// them key accounts) up to `noteGap` after their last change, which changes no state.
  static func generate(seed: UInt64, records: Int, noteGap: Int64) -> [Line] {
    var random = SplitMix(seed: seed)
    var changes: [(at: Int64, order: Int, record: Int, field: String)] = []
    var bases: [Int: [String: String]] = [:]
    for record in 0..<records {
      let created = WatchReplayTests.start + Int64(random.below(Int(200 * hour)))
      bases[record] = [
        "id": "\"R\(record)\"", "type": "\"\(random.pick(["complaint", "enquiry"]))\"",
        "owner": "\"\(random.pick(["kim", "lee"]))\"", "team": "\"desk\"",
        "tier": "\"standard\"",
      ]
      let answered = created + 1 + Int64(random.below(Int(9 * hour)))
      let resolved = created + 1 + Int64(random.below(Int(72 * hour)))
      var fields = [(created, "created_at"), (answered, "first_response_at")]
      fields.append((resolved, "resolved_at"))
      if random.below(3) == 0 {
        fields.append((max(answered, resolved) + 1 + Int64(random.below(Int(noteGap))), "note"))
      }
      for (at, field) in fields { changes.append((at, changes.count, record, field)) }
    }
    changes.sort { ($0.at, $0.order) < ($1.at, $1.order) }
    var state: [Int: [String: String]] = [:]
    var latest: [Int: Int64] = [:]
    return changes.map { change in
      var fields = state[change.record] ?? bases[change.record]!  // INVARIANT: made above
      if change.field == "note" {
        fields["tier"] = "\"key\""
      } else {
        fields[change.field] = WatchReplayTests.time(change.at)
        latest[change.record] = change.at
      }
      state[change.record] = fields
      let text =
        "{" + fields.keys.sorted().map { "\"\($0)\":\(fields[$0]!)" }.joined(separator: ",") + "}"
      let closed = fields["first_response_at"] != nil && fields["resolved_at"] != nil
      // INVARIANT: a record's first change is its creation.
      return Line(
        text: text, record: change.record, at: change.at, eventTime: latest[change.record]!,
        closed: closed)
    }
  }

  /// After each line, computed from the lines alone: "kept/released/lines of released
  /// records". The clock is the latest event time read; when it reaches the instant a
  /// record is to be released (`keep` after it was last judged with nothing pending), the
  /// record goes, before the line that moved the clock there is taken.
  static func expectedCounts(_ lines: [Line]) -> [String] {
    var clock = Int64.min
    var kept = Set<Int>()
    var released = Set<Int>()
    var releaseAt: [Int: Int64] = [:]
    var unjudged = 0
    return lines.map { line in
      clock = max(clock, line.eventTime)
      for (record, instant) in releaseAt where instant <= clock {
        kept.remove(record)
        released.insert(record)
        releaseAt[record] = nil
      }
      if released.contains(line.record) {
        unjudged += 1
      } else {
        kept.insert(line.record)
        releaseAt[line.record] = line.closed ? clock + keep : nil
      }
      return "\(kept.count)/\(released.count)/\(unjudged)"
    }
  }

  static func counts(_ engine: WatchEngine) -> String {
    "\(engine.recordCount)/\(engine.releasedRecordCount)/\(engine.linesOfReleasedRecords)"
  }

  /// Notes within `keep` of their record's last change: every record closed is released,
  /// none meets a later line; the findings are those of a watch that keeps every record,
  /// and agree with the audit at every cut-off.
  @Test("records closed are released; the findings are the same", arguments: [21, 22] as [UInt64])
  func releasedRecordsSayTheSame(seed: UInt64) throws {
    let replay = try LiveReplay(policy: Self.policy)
    let generated = Self.generate(seed: seed, records: 40, noteGap: 12 * Self.hour)
    let lines = generated.map(\.text)
    var counts: [String] = []
    var most = 0
    let (findings, _, _) = replay.watch(lines, releaseAfter: Self.keep) { _, engine in
      counts.append(Self.counts(engine))
      most = engine.mostRecords
    }
    let expected = Self.expectedCounts(generated)
    #expect(counts == expected)
    #expect(counts.allSatisfy { $0.hasSuffix("/0") })
    let keptAtMost = expected.map { Int($0.split(separator: "/")[0])! }.max()!
    #expect(most == keptAtMost && most < 40)
    // Every record is closed by the last line: those released more than a day before it.
    #expect(Int(counts.last!.split(separator: "/")[1])! > 25)
    #expect(findings == replay.watch(lines).findings)
    let kinds = Set(findings.map(\.kind))
    #expect(kinds == [.violation, .atRisk, .resolvedLate, .resolvedInTime])
    _ = WatchReplayTests.compare(replay, lines, lateness: 0, seed: seed, releaseAfter: Self.keep)
  }

  /// Notes up to 48 hours after their record's last change: some come after their record was
  /// released, and are counted, not judged; every other finding is the same.
  @Test func linesOfReleasedRecordsAreNotJudged() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let generated = Self.generate(seed: 23, records: 40, noteGap: 48 * Self.hour)
    let lines = generated.map(\.text)
    var counts: [String] = []
    var notices: [String] = []
    let (findings, _, _) = replay.watch(lines, releaseAfter: Self.keep) { _, engine in
      counts.append(Self.counts(engine))
      notices += engine.takeNotices()
    }
    #expect(counts == Self.expectedCounts(generated))
    // INVARIANT: there are lines.
    let unjudged = Int(counts.last!.split(separator: "/")[2])!
    #expect(unjudged == 3)
    #expect(notices.count == unjudged)
    // The notes not judged are exactly the vip violations missing.
    let kept = replay.watch(lines).findings
    let missing = kept.filter { !findings.contains($0) }
    #expect(missing.count == unjudged && missing.allSatisfy { $0.violation?.policy == "vip" })
    #expect(findings == kept.filter { findings.contains($0) })
    let named = Set(notices.map { $0.split(separator: " ")[5].dropLast() })
    #expect(named == Set(missing.map { Substring($0.violation!.record) }))
  }

  /// A checkpoint holds the records kept and 16 bytes per record released, and an engine
  /// restored from it goes on as the one it was taken from.
  @Test func checkpointsShrink() throws {
    let replay = try LiveReplay(policy: Self.policy)
    let generated = Self.generate(seed: 24, records: 40, noteGap: 12 * Self.hour)
    let lines = generated.map(\.text)
    let cut = lines.count * 2 / 3
    var snapshots: [WatchEngine.Snapshot] = []
    var kept: [Int] = []
    var released: [Int] = []
    for releaseAfter in [nil, Self.keep] {
      _ = replay.watch(Array(lines.prefix(cut)), releaseAfter: releaseAfter) { index, engine in
        guard index == cut - 1 else { return }
        snapshots.append(engine.snapshot)
        kept.append(engine.recordCount)
        released.append(engine.releasedRecordCount)
      }
    }
    let expected = Self.expectedCounts(Array(generated.prefix(cut))).last!.split(separator: "/")
    let seen = Set(generated.prefix(cut).map(\.record)).count
    #expect(kept == [seen, Int(expected[0])!])
    #expect(released == [0, Int(expected[1])!])
    #expect(released[1] > 10)
    for (index, snapshot) in snapshots.enumerated() {
      let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(snapshot))
      let object = json as? [String: Any]
      #expect((object?["records"] as? [Any])?.count == kept[index])
      let digests = (object?["releasedRecords"] as? String).flatMap { Data(base64Encoded: $0) }
      #expect((digests?.count ?? 0) == 16 * released[index])
    }
    let sizes = try snapshots.map { try JSONEncoder().encode($0).count }
    #expect(sizes[1] < sizes[0] * 6 / 10)
    let whole = replay.watch(lines, releaseAfter: Self.keep).findings
    let decoded = try JSONDecoder().decode(
      WatchEngine.Snapshot.self, from: JSONEncoder().encode(snapshots[1]))
    let engine = WatchEngine(
      replay.live, input: replay.input, replacesByID: true, restoring: decoded)
    engine.releaseAfter = Self.keep
    let decoder = RecordDecoder(layout: replay.live.layout, format: .jsonl)
    var findings: [LiveFinding] = []
    for (index, line) in lines.enumerated().dropFirst(cut) {
      if case .record(let values) = decoder.decode(Array(line.utf8)) {
        findings += engine.applyEvent(values, line: index + 1, lateness: 0)
      }
    }
    let before = replay.watch(Array(lines.prefix(cut)), releaseAfter: Self.keep).findings
    #expect(before + findings == whole)
    #expect(Self.counts(engine) == Self.expectedCounts(generated).last)
  }

  static let small = """
    define unresolved = from created_at until resolved_at
    policy slow:
      unresolved > 48h → flag
    policy vip:
      tier == "key" → flag
    """

  /// R1 closes at 10:00 and is released a day later; R2 breaks its 48 hours, then closes; a
  /// line of R1 after it was released is not judged; R3 comes after R2 was released.
  static let reopened = [
    #"{"id":"R1","tier":"standard","created_at":"2026-11-01T08:00:00Z"}"#,
    #"{"id":"R2","tier":"standard","created_at":"2026-11-01T09:00:00Z"}"#,
    #"{"id":"R1","tier":"standard","created_at":"2026-11-01T08:00:00Z","resolved_at":"2026-11-01T10:00:00Z"}"#,
    #"{"id":"R2","tier":"standard","created_at":"2026-11-01T09:00:00Z","resolved_at":"2026-11-04T09:00:00Z"}"#,
    #"{"id":"R1","tier":"key","created_at":"2026-11-01T08:00:00Z","resolved_at":"2026-11-01T10:00:00Z"}"#,
    #"{"id":"R3","tier":"key","created_at":"2026-11-06T00:00:00Z"}"#,
  ]

  @Test func lineOfAReleasedRecord() throws {
    let replay = try LiveReplay(policy: Self.small)
    var counts: [String] = []
    var notices: [String] = []
    let (findings, _, late) = replay.watch(Self.reopened, releaseAfter: Self.keep) { _, engine in
      counts.append(Self.counts(engine))
      notices += engine.takeNotices()
    }
    #expect(counts == ["1/0/0", "2/0/0", "2/0/0", "1/1/0", "1/1/1", "1/2/1"])
    // Not judged, the line of R1 is not late either.
    #expect(late == 0)
    #expect(
      notices == [
        "live.jsonl:5: a line of record R1, which was released (no timer pending and no newer "
          + "line for 24h): not judged\n"
      ])
    #expect(
      findings.map {
        "\($0.kind.rawValue) \($0.violation?.record ?? "") \($0.violation?.policy ?? "")"
      }
        == ["violation R2 slow", "resolved-late R2 slow", "violation R3 vip"])
  }

  /// A sequence policy keeps every id's latest line: a line of a released record is not
  /// judged by the record policies, but is still R2's follower (so R2 never breaks it).
  @Test func sequencePoliciesStillTakeLinesOfReleasedRecords() throws {
    let replay = try LiveReplay(
      policy: Self.small + """

        policy answered:
          per owner, ordered by created_at
          kind == "complaint" → flag
          unless followed by kind == "call" within 100h
        """)
    let lines = [
      #"{"id":"R1","kind":"note","owner":"kim","tier":"standard","created_at":"2026-11-01T08:00:00Z","resolved_at":"2026-11-01T10:00:00Z"}"#,
      #"{"id":"R2","kind":"complaint","owner":"kim","tier":"standard","created_at":"2026-11-01T12:00:00Z","resolved_at":"2026-11-01T13:00:00Z"}"#,
      #"{"id":"R3","kind":"note","owner":"lee","tier":"standard","created_at":"2026-11-03T00:00:00Z"}"#,
      #"{"id":"R1","kind":"call","owner":"kim","tier":"key","created_at":"2026-11-01T14:00:00Z","resolved_at":"2026-11-01T15:00:00Z"}"#,
      #"{"id":"R3","kind":"note","owner":"lee","tier":"standard","created_at":"2026-11-03T00:00:00Z","resolved_at":"2026-11-07T00:00:00Z"}"#,
    ]
    var counts: [String] = []
    var notices: [String] = []
    let (findings, _, _) = replay.watch(lines, releaseAfter: Self.keep) { _, engine in
      counts.append(Self.counts(engine))
      notices += engine.takeNotices()
    }
    #expect(counts == ["1/0/0", "2/0/0", "1/2/0", "1/2/1", "1/2/1"])
    #expect(
      notices == [
        "live.jsonl:4: a line of record R1, which was released (no timer pending and no newer "
          + "line for 24h): not judged by the record policies\n"
      ])
    let described = findings.map {
      "\($0.kind.rawValue) \($0.violation?.record ?? "") \($0.violation?.policy ?? "")"
    }
    #expect(described == ["violation R3 slow", "resolved-late R3 slow"])
    // Kept, R1's line is judged by the record policies too (it is a key account now).
    let kept = replay.watch(lines).findings.map {
      "\($0.kind.rawValue) \($0.violation?.record ?? "") \($0.violation?.policy ?? "")"
    }
    #expect(kept == ["violation R1 vip", "violation R3 slow", "resolved-late R3 slow"])
    // Without R1's call, R2 breaks the sequence policy.
    var withoutCall = lines
    withoutCall.remove(at: 3)
    let broken = replay.watch(withoutCall, releaseAfter: Self.keep).findings.map {
      "\($0.kind.rawValue) \($0.violation?.record ?? "") \($0.violation?.policy ?? "")"
    }
    #expect(broken == ["violation R3 slow", "violation R2 answered", "resolved-late R3 slow"])
  }

  /// `--release-after` with `--id` on the command line: the line of a released record named,
  /// the records released and the lines not judged counted; `never` judges it.
  @Test func commandLine() throws {
    try WatchEventLogCommandTests.withFiles(Self.small) { rules, _ in
      func watch(_ release: String) -> CLIResult {
        vigil(
          [
            "watch", rules, "--data", "-", "--id", "id", "--clock", "event", "--format", "text",
            "--release-after", release,
          ], stdin: Self.reopened.joined(separator: "\n") + "\n")
      }
      let common = """
        2026-11-03T09:00:00.001Z violation: \(rules):3: slow [medium] R2 → flag: unresolved 48h0m0.001s > 48h (open)
        2026-11-04T09:00:00Z resolved-late: \(rules):3: slow [medium] R2 → flag: unresolved 72h > 48h (closed)

        """
      let r3 = """
        2026-11-06T00:00:00Z violation: \(rules):5: vip [medium] R3 → flag: when tier == "key"

        """
      let released = watch("24h")
      #expect(released.code == 0)
      #expect(released.stdout == common + r3)
      #expect(
        released.stderr == """
          stdin:5: a line of record R1, which was released (no timer pending and no newer line for 24h): not judged
          vigil watch: 2 records released; at most 2 kept at once, 1 at the end
          vigil watch: 1 line of released records not judged: keep records longer with --release-after

          """)
      let kept = watch("never")
      #expect(kept.code == 0 && kept.stderr == "")
      #expect(
        kept.stdout == common + """
          2026-11-04T09:00:00Z violation: \(rules):5: vip [medium] R1 → flag: when tier == "key"

          """ + r3)
    }
  }

  @Test("a record whose comparison with now has its last answer has no timer, and is released")
  func comparedWithNowReleased() throws {
    let replay = try LiveReplay(
      policy: """
        policy slow:
          from created_at until resolved_at > 10h → flag
        policy stale_enquiry:
          type == "enquiry" and created_at < now - 2h → flag
        """)
    func line(_ id: String, _ created: String, _ resolved: String) -> String {
      "{\"id\":\"\(id)\",\"type\":\"enquiry\",\"created_at\":\"2026-12-01T\(created):00Z\","
        + "\"resolved_at\":\"2026-12-01T\(resolved):00Z\"}"
    }
    // A's comparison meets at 10:00 and is true from 10:00:00.001 on: no timer after it, so A
    // is released an hour after its line, at 12:00 when B's line moves the clock (B's part,
    // late, true at once; B itself goes at 13:00).
    let lines = [line("A", "08:00", "09:00"), line("B", "09:30", "12:00")]
    var counts: [String] = []
    let findings = replay.watch(lines, releaseAfter: Self.hour) { _, engine in
      counts.append(
        "\(engine.recordCount) kept, \(engine.releasedRecordCount) released, next timer "
          + (engine.nextTimer.map(TimeParsing.formatISO8601) ?? "none"))
    }.findings
    // Before, a comparison with now was never settled: A kept a timer a year ahead, and stayed.
    #expect(
      counts == [
        "1 kept, 0 released, next timer 2026-12-01T10:00:00Z",
        "1 kept, 1 released, next timer 2026-12-01T13:00:00Z",
      ])
    #expect(
      WatchSequenceTests.describe(findings) == [
        "violation 2026-12-01T10:00:00.001Z A created_at 2026-12-01T08:00:00Z open=nil to -",
        "violation 2026-12-01T12:00:00Z B created_at 2026-12-01T09:30:00Z open=nil to -",
      ])
  }
}
