import Foundation
import Testing
import VigilCore
import VigilReports

@testable import Vigil

/// Audits JSON records (one per line) with a group policy; returns each violation as the text
/// report writes it (without the location) and each shortfall as `group: not enough data`.
func groupFindings(
  _ policy: String, _ records: [String], defines: String = "",
  now: String = "2026-11-25T00:00:00Z"
) throws -> [String] {
  let policies = try PolicySet(source: defines + "\n" + policy, file: "g.vigil")
  guard case .time(let instant) = TimeParsing.parseISO8601(now) else { throw Failure("now") }
  let audit = policies.audit(
    jsonLines: records.joined(separator: "\n"),
    now: Date(timeIntervalSince1970: Double(instant) / 1000))
  let writer = ViolationWriter(format: .text)
  let violations = audit.violations.map { violation in
    String(writer.text(violation).split(separator: " ", maxSplits: 1)[1])
  }
  let shortfalls = audit.notEnoughData.map { "\($0.group.name): not enough data" }
  let errors = audit.dataErrors.map { "\($0.record): \($0.error.field): \($0.error.message)" }
  return violations + shortfalls + errors
}

/// A record of `owner` and `team` with the given extra JSON members.
func record(_ owner: String, _ team: String = "t", _ members: String = "") -> String {
  #"{"owner":"\#(owner)","team":"\#(team)""# + (members.isEmpty ? "" : "," + members) + "}"
}

@Suite("Group policies")
struct GroupPolicyTests {
  static let scores = [
    record("ana", "a", #""score":1"#), record("ana", "a", #""score":5"#),
    record("ana", "a", #""score":2"#), record("ana", "a", #""score":null"#),
    record("bo", "a", #""score":4"#), record("bo", "b", #""score":"3""#),
  ]

  @Test(
    "aggregates over each group, missing values left out",
    arguments: [
      ("count > 3", ["g [medium] ana → flag: count 4 > 3 (4 records)"]),
      ("count == 2", ["g [medium] bo → flag: when count == 2 (2 records)"]),
      ("count(score <= 2) >= 2", ["g [medium] ana → flag: count(score <= 2) 2 >= 2 (4 records)"]),
      // unknown (missing score) counts in neither part of a share: 2 of 3, not 2 of 4
      (
        "share(score <= 2) > 66%",
        ["g [medium] ana → flag: share(score <= 2) 66.67% > 66% (4 records)"]
      ),
      (
        "share(score <= 2) == 0%",
        ["g [medium] bo → flag: when share(score <= 2) == 0% (2 records)"]
      ),
      ("average(score) == 3.5", ["g [medium] bo → flag: when average(score) == 3.5 (2 records)"]),
      (
        "average(score) < 3",
        ["g [medium] ana → flag: average(score) 2.6666666666666665 < 3 (4 records)"]
      ),
      ("sum(score) == 8", ["g [medium] ana → flag: when sum(score) == 8 (4 records)"]),
      ("median(score) == 2", ["g [medium] ana → flag: when median(score) == 2 (4 records)"]),
      // even count: the mean of the two middle values
      ("median(score) == 3.5", ["g [medium] bo → flag: when median(score) == 3.5 (2 records)"]),
      (
        "min(score) == 1 and max(score) == 5",
        ["g [medium] ana → flag: when min(score) == 1 and max(score) == 5 (4 records)"]
      ),
      // nearest rank: p50 of 1, 2, 5 is 2; p90 is 5; percentile(score, 34) is 2
      ("p90(score) == 5", ["g [medium] ana → flag: when p90(score) == 5 (4 records)"]),
      (
        "percentile(score, 34) == 2",
        ["g [medium] ana → flag: when percentile(score, 34) == 2 (4 records)"]
      ),
      (
        "percentile(score, 33) == 1",
        ["g [medium] ana → flag: when percentile(score, 33) == 1 (4 records)"]
      ),
      (
        "count(score > 1 where team == \"b\") == 1",
        ["g [medium] bo → flag: when count(score > 1 where team == \"b\") == 1 (2 records)"]
      ),
      (
        "share(score > 2 where team == \"a\") == 100%",
        ["g [medium] bo → flag: when share(score > 2 where team == \"a\") == 100% (2 records)"]
      ),
    ])
  func aggregates(condition: String, expected: [String]) throws {
    let policy = "policy g:\n  per owner\n  \(condition) → flag"
    #expect(try groupFindings(policy, Self.scores) == expected)
  }

  @Test("group keys are told apart byte for byte, as == tells texts apart")
  func keysByBytes() throws {
    // "José" composed (é is one code point) and decomposed (e and a combining accent): the
    // same to Unicode's canonical equivalence, two values to `==`, so two groups.
    let composed = "Jos\u{E9}"
    let decomposed = "Jose\u{301}"
    let records = [record(composed), record(decomposed), record(decomposed), record("ana")]
    // In the order of the keys' bytes: "Jose" + U+0301 (0x65 0xCC 0x81) before "Jos" + é (0xC3 0xA9).
    #expect(
      try groupFindings("policy g:\n  per owner\n  count >= 1 → flag", records) == [
        "g [medium] \(decomposed) → flag: count 2 >= 1 (2 records)",
        "g [medium] \(composed) → flag: count 1 >= 1 (1 record)",
        "g [medium] ana → flag: count 1 >= 1 (1 record)",
      ])
    // An escape is read before grouping: `\u00e9` is é, composed.
    #expect(
      try groupFindings(
        "policy g:\n  per owner\n  count >= 1 → flag",
        [record(composed), #"{"owner":"Jos\u00e9","team":"t"}"#])
        == ["g [medium] \(composed) → flag: count 2 >= 1 (2 records)"])
  }

  @Test("a key of one text field finds its group by the text's bytes however it was written")
  func textKeysByBytes() throws {
    // Plain texts are found by the bytes the reader left unread, escaped and non-ASCII ones
    // by their text's bytes: one group either way. A number, a missing value and a list are
    // groups of their own, never merged with a text that looks the same.
    let records = [
      #"{"owner":"dara","score":1}"#, #"{"owner":"d\u0061ra","score":2}"#,
      #"{"owner":5,"score":4}"#, #"{"owner":"5","score":8}"#,
      #"{"owner":"Jos\u00e9","score":16}"#, #"{"owner":"José","score":32}"#,
      #"{"owner":null,"score":64}"#, #"{"owner":"dara","score":128}"#, #"{"score":256}"#,
      #"{"owner":["dara"],"score":512}"#,
    ]
    #expect(
      try groupFindings("policy g:\n  per owner\n  sum(score) >= 1 → flag", records) == [
        "g [medium] (missing) → flag: sum(score) 320 >= 1 (2 records)",
        "g [medium] 5 → flag: sum(score) 4 >= 1 (1 record)",
        "g [medium] 5 → flag: sum(score) 8 >= 1 (1 record)",
        "g [medium] José → flag: sum(score) 48 >= 1 (2 records)",
        "g [medium] dara → flag: sum(score) 131 >= 1 (3 records)",
        "g [medium] [dara] → flag: sum(score) 512 >= 1 (1 record)",
      ])
  }

  @Test(
    "groups found by their text's bytes merge across chunks and threads as one input's",
    arguments: [(1, nil), (1, 64), (2, 64), (2, 200)] as [(Int, Int?)])
  func textKeysAcrossChunks(jobs: Int, chunkSize: Int?) throws {
    // Each owner's records spread over the chunks, some of their keys escaped.
    let owners = ["ana", "bo", "d\\u0061ra", "dara", "José"]
    let lines = (0..<60).map { number in
      #"{"owner":"\#(owners[number % owners.count])","score":\#(number)}"#
    }
    let policies = try PolicySet(
      source: "policy g:\n  per owner\n  sum(score) >= 1 → flag", file: "g.vigil")
    var options = AuditOptions(now: AuditDriverTests.now, jobs: jobs)
    options.chunkSize = chunkSize
    let driver = AuditDriver(policies.checked, options: options)
    var groups = driver.newTally()
    _ = driver.run(
      input: ByteInput(string: lines.joined(separator: "\n")), format: .jsonl, name: "data",
      groups: &groups
    ) { _ in nil }
    var found: [String] = []
    let writer = ViolationWriter(format: .text)
    _ = driver.judge(&groups) { findings in
      for case .violation(let violation) in findings { found.append(writer.text(violation)) }
    }
    // 0 + 5 + … + 55 = 330 for ana; dara's records and its escaped ones are one group.
    #expect(
      found == [
        "g.vigil:3: g [medium] José → flag: sum(score) 378 >= 1 (12 records)",
        "g.vigil:3: g [medium] ana → flag: sum(score) 330 >= 1 (12 records)",
        "g.vigil:3: g [medium] bo → flag: sum(score) 342 >= 1 (12 records)",
        "g.vigil:3: g [medium] dara → flag: sum(score) 720 >= 1 (24 records)",
      ])
  }

  @Test("an aggregate over no values is missing, so nothing fires, negated or not")
  func emptyAggregates() throws {
    let records = [record("ana"), record("ana", "t", #""score":null"#)]
    for aggregate in ["average(score)", "median(score)", "min(score)", "share(score > 1)"] {
      let policy = "policy g:\n  per owner\n  \(aggregate) > 0 or not (\(aggregate) > 0) → flag"
      #expect(try groupFindings(policy, records) == [], "\(aggregate)")
    }
    let policy = "policy g:\n  per owner\n  count(score > 1) == 0 and sum(score) == 0 → flag"
    #expect(try groupFindings(policy, records).count == 1)
  }

  @Test("durations and times aggregate exactly, to the millisecond")
  func durationsAndTimes() throws {
    let records = [
      record(
        "ana", "t", #""created_at":"2026-10-01T00:00:00Z","resolved_at":"2026-10-01T10:00:00Z""#),
      record(
        "ana", "t", #""created_at":"2026-10-01T00:00:00Z","resolved_at":"2026-10-02T00:00:00.001Z""#
      ),
      record("ana", "t", #""created_at":"2026-10-01T00:00:00Z""#),
    ]
    let defines = "define handling = resolved_at - created_at"
    func check(_ condition: String) throws -> [String] {
      try groupFindings("policy g:\n  per owner\n  \(condition) → flag", records, defines: defines)
    }
    // (10h + 24h0.001s) / 2 is 17h0.0005s: the half millisecond rounded down
    #expect(try check("average(handling) > 17h") == [])
    #expect(
      try check("average(handling) >= 17h") == [
        "g [medium] ana → flag: average(handling) 17h >= 17h (3 records)"
      ])
    #expect(try check("median(handling) > 17h") == [])
    #expect(try check("median(handling) >= 17h").count == 1)
    #expect(
      try check("sum(handling) > 34h") == [
        "g [medium] ana → flag: sum(handling) 34h0m0.001s > 34h (3 records)"
      ])
    #expect(
      try check("latest(resolved_at) > @2026-10-02T00:00:00Z").first?.contains(
        "latest(resolved_at) 2026-10-02T00:00:00.001Z") == true)
    #expect(try check("earliest(resolved_at) == @2026-10-01T10:00:00Z").count == 1)
  }

  @Test("at least: a group of exactly the minimum is judged, one fewer is not enough data")
  func minimumSample() throws {
    let policy = "policy g:\n  per owner\n  count >= 1 → flag\n  at least 2 surveys"
    let records = [record("ana"), record("ana"), record("bo")]
    #expect(
      try groupFindings(policy, records) == [
        "g [medium] ana → flag: count 2 >= 1 (2 surveys)", "bo: not enough data",
      ])
  }

  @Test("among: only records where it is true make groups")
  func scope() throws {
    let policy = "policy g:\n  per owner\n  among team == \"a\"\n  count >= 1 → notify owner"
    #expect(
      try groupFindings(policy, Self.scores) == [
        "g [medium] ana → notify ana: count 4 >= 1 (4 records)",
        "g [medium] bo → notify bo: count 1 >= 1 (1 record)",
      ])
  }

  @Test("keys: several, missing ones grouped together, listed in order")
  func keys() throws {
    let records = [
      record("bo", "b"), record("ana", "b"), record("ana", "a"), #"{"team":"a"}"#,
      #"{"owner":null,"team":"a"}"#,
    ]
    let policy = "policy g:\n  per owner, team\n  count >= 1 → notify team"
    #expect(
      try groupFindings(policy, records) == [
        "g [medium] (missing), a → notify a: count 2 >= 1 (2 records)",
        "g [medium] ana, a → notify a: count 1 >= 1 (1 record)",
        "g [medium] ana, b → notify b: count 1 >= 1 (1 record)",
        "g [medium] bo, b → notify b: count 1 >= 1 (1 record)",
      ])
  }

  @Test(
    "windows follow the zone's calendar, to the millisecond",
    arguments: [
      // Europe/London is UTC+1 until 2026-10-25, then UTC+0.
      ("monthly", "Europe/London", "2026-09-30T22:59:59.999Z", "2026-09"),
      ("monthly", "Europe/London", "2026-09-30T23:00:00Z", "2026-10"),
      ("monthly", "Europe/London", "2026-10-31T23:59:59.999Z", "2026-10"),
      ("monthly", "Europe/London", "2026-11-01T00:00:00Z", "2026-11"),
      ("monthly", "UTC", "2026-09-30T23:00:00Z", "2026-09"),
      ("monthly", "Asia/Tokyo", "2026-12-31T15:00:00Z", "2027-01"),
      // weeks run Monday to Sunday; 2026-10-05 is a Monday
      ("weekly", "UTC", "2026-10-05T00:00:00Z", "week of 2026-10-05"),
      ("weekly", "UTC", "2026-10-11T23:59:59.999Z", "week of 2026-10-05"),
      ("weekly", "UTC", "2026-10-04T23:59:59.999Z", "week of 2026-09-28"),
      ("weekly", "America/New_York", "2026-10-05T03:59:59.999Z", "week of 2026-09-28"),
      ("daily", "America/New_York", "2026-11-01T04:00:00Z", "2026-11-01"),
      ("daily", "America/New_York", "2026-11-01T03:59:59.999Z", "2026-10-31"),
      // the day the clocks go back has 25 hours
      ("daily", "America/New_York", "2026-11-02T04:59:59.999Z", "2026-11-01"),
    ])
  func windows(period: String, zone: String, time: String, window: String) throws {
    let policy =
      "policy g:\n  per owner, \(period) by created_at in \"\(zone)\"\n  count >= 1 → flag"
    let records = [record("ana", "t", #""created_at":"\#(time)""#)]
    #expect(
      try groupFindings(policy, records, now: "2027-06-01T00:00:00Z") == [
        "g [medium] ana in \(window) → flag: count 1 >= 1 (1 record)"
      ])
  }

  @Test("previous: the group's value in the window before, missing when it had too few records")
  func trends() throws {
    // ana: 90% very satisfied in September (10 surveys), 75% in October (4); bo: no September.
    var records: [String] = []
    for index in 0..<10 {
      let score = index < 9 ? 5 : 2
      records.append(
        record("ana", "t", #""score":\#(score),"at":"2026-09-0\#(index % 9 + 1)T12:00:00Z""#))
    }
    for score in [5, 5, 5, 1] {
      records.append(record("ana", "t", #""score":\#(score),"at":"2026-10-10T12:00:00Z""#))
      records.append(record("bo", "t", #""score":\#(score),"at":"2026-10-10T12:00:00Z""#))
    }
    let policy = """
      policy satisfaction_fell:
        per owner, monthly by at
        previous(share(score == 5)) - share(score == 5) > 10% → notify owner
      """
    #expect(
      try groupFindings(policy, records) == [
        "satisfaction_fell [medium] ana in 2026-10 → notify ana: previous(share(score == 5)) - share(score == 5) 15% > 10% (4 records)"
      ])
    // With at least 5, October is not judged and cannot be compared; with at least 4 it is,
    // but September (10) is the only one it can be compared with.
    let strict = policy + "\n  at least 5"
    #expect(
      try groupFindings(strict, records) == [
        "ana in 2026-10: not enough data", "bo in 2026-10: not enough data",
      ])
  }

  @Test("a value an aggregate cannot read is a data error; the group is judged without it")
  func dataErrors() throws {
    let records = [record("ana", "t", #""score":"high""#), record("ana", "t", #""score":4"#)]
    let policy = "policy g:\n  per owner\n  average(score) == 4 → flag"
    #expect(
      try groupFindings(policy, records) == [
        "g [medium] ana → flag: when average(score) == 4 (2 records)",
        "records:1: average(score): expected a number, found the text 'high'",
      ])
  }

  @Test("a record stamped after now is in no window: it has not happened yet")
  func windowsAfterNow() throws {
    let policy = "policy g:\n  per owner, daily by created_at\n  count >= 1 → flag"
    let records = [
      record("ana", "t", #""created_at":"2026-11-25T00:00:00Z""#),
      record("ana", "t", #""created_at":"2026-11-25T00:00:00.001Z""#),
    ]
    #expect(
      try groupFindings(policy, records) == [
        "g [medium] ana in 2026-11-25 → flag: count 1 >= 1 (1 record)"
      ])
  }

  static let followUpPolicy = """
    policy f:
      per customer, ordered by at
      type == "purchase" → notify owner
      unless followed by type == "call" within 7d
    """

  @Test(
    "unless followed by: within the time is kept, to the millisecond; open when nothing follows",
    arguments: [
      // a call exactly 7 days later keeps the promise; a millisecond later breaks it
      ([("purchase", "2026-10-01T00:00:00Z"), ("call", "2026-10-08T00:00:00Z")], []),
      (
        [("purchase", "2026-10-01T00:00:00Z"), ("call", "2026-10-08T00:00:00.001Z")],
        ["f [medium] P0 → notify ana: followed by type == \"call\" 168h0m0.001s > 7d (closed)"]
      ),
      // nothing yet, exactly 7 days before now: still in time; a millisecond more: open breach
      ([("purchase", "2026-11-18T00:00:00Z")], []),
      (
        [("purchase", "2026-11-17T23:59:59.999Z")],
        ["f [medium] P0 → notify ana: followed by type == \"call\" 168h0m0.001s > 7d (open)"]
      ),
      // a call before the purchase, or at the same instant, does not follow it
      (
        [("call", "2026-10-01T00:00:00Z"), ("purchase", "2026-10-01T00:00:00Z")],
        ["f [medium] P1 → notify ana: followed by type == \"call\" 1320h > 7d (open)"]
      ),
      // a call after now has not happened
      (
        [("purchase", "2026-10-01T00:00:00Z"), ("call", "2026-11-25T00:00:00.001Z")],
        ["f [medium] P0 → notify ana: followed by type == \"call\" 1320h > 7d (open)"]
      ),
      // one call follows every purchase before it
      (
        [
          ("purchase", "2026-10-01T00:00:00Z"), ("purchase", "2026-10-02T00:00:00Z"),
          ("call", "2026-10-03T00:00:00Z"),
        ], []
      ),
    ])
  func followUps(events: [(String, String)], expected: [String]) throws {
    let records = events.enumerated().map { index, event in
      #"{"id":"P\#(index)","customer":"c1","owner":"ana","type":"\#(event.0)","at":"\#(event.1)"}"#
    }
    #expect(try groupFindings(Self.followUpPolicy, records) == expected)
  }

  @Test("unless followed by: a follower for another group does not count")
  func followUpsStayInTheirGroup() throws {
    let records = [
      #"{"id":"P","customer":"c1","owner":"ana","type":"purchase","at":"2026-10-01T00:00:00Z"}"#,
      #"{"id":"C","customer":"c2","owner":"ana","type":"call","at":"2026-10-02T00:00:00Z"}"#,
    ]
    #expect(try groupFindings(Self.followUpPolicy, records).count == 1)
  }

  @Test(
    "no … within: a record exactly that long ago is within it",
    arguments: [
      ("2026-08-27T00:00:00Z", false), ("2026-08-26T23:59:59.999Z", true),
      ("2026-11-25T00:00:00Z", false), ("2026-11-25T00:00:00.001Z", true),
    ])
  func noneWithin(contact: String, fires: Bool) throws {
    let policy = """
      policy warm:
        per customer, ordered by at
        count(tier == "key") > 0 and no type == "call" within 90d → flag
      """
    let records = [
      #"{"customer":"c1","tier":"key","type":"note","at":"2026-01-01T00:00:00Z"}"#,
      #"{"customer":"c1","type":"call","at":"\#(contact)"}"#,
    ]
    #expect(try groupFindings(policy, records).count == (fires ? 1 : 0))
  }

  @Test("last and history: by time, records at the same time in input order")
  func lastAndHistory() throws {
    let records = [
      #"{"id":"1","case":"c","status":"open","at":"2026-11-02T00:00:00Z"}"#,
      #"{"id":"2","case":"c","status":"wait","at":"2026-11-01T00:00:00Z"}"#,
      #"{"id":"3","case":"c","status":"closed","at":"2026-11-03T00:00:00Z"}"#,
      #"{"id":"4","case":"c","status":"reopened","at":"2026-11-03T00:00:00Z"}"#,
    ]
    func fires(_ condition: String) throws -> Bool {
      let policy = "policy g:\n  per case, ordered by at\n  \(condition) → flag"
      return try groupFindings(policy, records).count == 1
    }
    // Of the two changes on Nov 3, the later in the input is the last.
    #expect(try fires(#"last(status) == "reopened""#))
    #expect(try fires(#"last(status) == "closed""#) == false)
    // From Nov 1 to now, paused from the wait (Nov 1) to the next change (Nov 2): 23 days.
    let define = """
      define open_time = from earliest(at) until earliest(at where status == "done")
        paused in history(status) while status == "wait"
      """
    let policy = "policy g:\n  per case, ordered by at\n  open_time > 23d → flag"
    #expect(try groupFindings(policy, records, defines: define).isEmpty)
    let longer = "policy g:\n  per case, ordered by at\n  open_time >= 23d → flag"
    #expect(
      try groupFindings(longer, records, defines: define) == [
        "g [medium] c → flag: open_time 552h >= 23d (open) (4 records)"
      ])
  }

  @Test("idioms: time spent in given statuses, and a clock reset at the last reopening")
  func historyIdioms() throws {
    let records = [
      ("open", "2026-11-01T00:00:00Z"), ("pending", "2026-11-02T00:00:00Z"),
      ("on-hold", "2026-11-05T00:00:00Z"), ("resolved", "2026-11-05T12:00:00Z"),
      ("reopened", "2026-11-10T00:00:00Z"), ("resolved", "2026-11-12T00:00:00Z"),
    ].map { #"{"case":"c","status":"\#($0.0)","at":"\#($0.1)"}"# }
    let defines = """
      define in_work = from earliest(at) until latest(at)
        paused in history(status) while not (status in ["open", "on-hold"])
      define since_reopened = from coalesce(latest(at where status == "reopened"), earliest(at))
        until latest(at where status == "resolved")
      """
    // Open 24h + on hold 12h; from the reopening (Nov 10) to the last resolution (Nov 12).
    for (condition, measured) in [
      ("in_work > 35h", "in_work 36h > 35h"), ("since_reopened > 47h", "since_reopened 48h > 47h"),
    ] {
      let policy = "policy g:\n  per case, ordered by at\n  \(condition) → flag"
      #expect(
        try groupFindings(policy, records, defines: defines) == [
          "g [medium] c → flag: \(measured) (closed) (6 records)"
        ])
    }
  }
}
