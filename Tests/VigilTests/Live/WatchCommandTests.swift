import Foundation
import Testing

@testable import Vigil
@testable import VigilCLI

/// `vigil watch` on the command line: what it writes for a replay, in both formats, and its
/// usage errors.
@Suite("vigil watch")
struct WatchCommandTests {
  static let rules = """
    define unresolved = from created_at until resolved_at
    policy slow:
      unresolved > 48h → escalate to owner
      warn at 40h
    policy vip:
      tier == "key" → flag
    """

  static let lines =
    [
      #"{"id":"a","owner":"kim","created_at":"2026-11-01T00:00:00Z"}"#,
      #"{"id":"b","owner":"lee","tier":"key","created_at":"2026-11-01T12:00:00Z"}"#,
      #"{"id":"a","owner":"kim","created_at":"2026-11-01T00:00:00Z","resolved_at":"2026-11-02T20:00:00Z"}"#,
      #"{"id":"b","owner":"lee","tier":"standard","created_at":"2026-11-01T12:00:00Z","resolved_at":"2026-11-03T13:00:00Z"}"#,
      #"{"id":"c","owner":"kim","created_at":"2026-11-01T13:00:00Z"}"#,
      #"not json"#,
      #"{"id":"d","owner":"kim","created_at":"2026-11-04T00:00:00Z"}"#,
    ].joined(separator: "\n") + "\n"

  static func withRules(_ body: (String) throws -> Void) throws {
    let folder = try temporaryFolder("watch")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("rules.vigil").path
    try rules.write(toFile: path, atomically: true, encoding: .utf8)
    try body(path)
  }

  @Test("a replay on the event clock: each finding once, at the instant it became true")
  func eventReplayText() throws {
    try Self.withRules { rules in
      let result = vigil(
        ["watch", rules, "--data", "-", "--id", "id", "--clock", "event", "--format", "text"],
        stdin: Self.lines)
      let location = "\(rules):3"
      #expect(result.code == 0)
      #expect(
        result.stdout == """
          2026-11-01T12:00:00Z violation: \(rules):6: vip [medium] b → flag: when tier == "key"
          2026-11-02T16:00:00.001Z at-risk: \(location): slow [medium] a → escalate to kim: at risk: unresolved 40h0m0.001s, breaks > 48h in 7h59m59.999s (open)
          2026-11-02T20:00:00Z resolved-in-time: \(location): slow [medium] a → escalate to kim: at risk: unresolved 40h0m0.001s, breaks > 48h in 7h59m59.999s (open)
          2026-11-03T04:00:00.001Z at-risk: \(location): slow [medium] b → escalate to lee: at risk: unresolved 40h0m0.001s, breaks > 48h in 7h59m59.999s (open)
          2026-11-03T12:00:00.001Z violation: \(location): slow [medium] b → escalate to lee: unresolved 48h0m0.001s > 48h (open)
          2026-11-03T13:00:00Z resolved-late: \(location): slow [medium] b → escalate to lee: unresolved 49h > 48h (closed)
          2026-11-03T13:00:00Z resolved: \(rules):6: vip [medium] b → flag: when tier == "key"
          2026-11-03T13:00:00Z at-risk (late): \(location): slow [medium] c → escalate to kim: at risk: unresolved 48h, breaks > 48h in 0s (open)
          2026-11-03T13:00:00.001Z violation: \(location): slow [medium] c → escalate to kim: unresolved 48h0m0.001s > 48h (open)

          """)
      // c came after the clock had passed its creation: late, and judged at the clock.
      #expect(
        result.stderr
          == "stdin:6: rejected: invalid JSON at column 1: expected a JSON object\n"
          + "vigil watch: 1 line came late\n")
    }
  }

  @Test("JSON Lines: the finding, its instant and line, then the audit's fields")
  func eventReplayJSON() throws {
    try Self.withRules { rules in
      let result = vigil(
        ["watch", rules, "--data", "-", "--id", "id", "--clock", "event"],
        stdin: Self.lines.split(separator: "\n").prefix(3).joined(separator: "\n"))
      let fields =
        #""location":"\#(rules):3","record":"a","party":"kim","action":"escalate","target":"kim","severity":"medium","open":true,"measured":"unresolved 40h0m0.001s","threshold":"> 48h","window":null,"sample":null,"escalation":null,"at_risk":"7h59m59.999s"}"#
      #expect(
        result.stdout == """
          {"finding":"violation","at":"2026-11-01T12:00:00Z","line":2,"policy":"vip","location":"\(rules):6","record":"b","party":null,"action":"flag","target":null,"severity":"medium","open":null,"measured":null,"threshold":null,"window":null,"sample":null,"escalation":null,"at_risk":null}
          {"finding":"at-risk","at":"2026-11-02T16:00:00.001Z","line":1,"policy":"slow",\(fields)
          {"finding":"resolved-in-time","at":"2026-11-02T20:00:00Z","line":1,"policy":"slow",\(fields)

          """)
      #expect(result.code == 0)
    }
  }

  @Test("CSV: the header first, a record over two lines named by the line it starts on")
  func csv() throws {
    try Self.withRules { rules in
      let result = vigil(
        [
          "watch", rules, "--data", "-", "--input-format", "csv", "--id", "id", "--clock", "event",
          "--format", "text",
        ],
        stdin: "id,owner,note,created_at\na,kim,\"two\nlines\",2026-11-01T00:00:00Z\n"
          + "b,lee,x,2026-11-01T12:00:00Z\nc,kim,y,2026-11-03T06:00:00Z\n")
      let slow = "\(rules):3: slow [medium]"
      #expect(
        result.stdout == """
          2026-11-02T16:00:00.001Z at-risk: \(slow) a → escalate to kim: at risk: unresolved 40h0m0.001s, breaks > 48h in 7h59m59.999s (open)
          2026-11-03T00:00:00.001Z violation: \(slow) a → escalate to kim: unresolved 48h0m0.001s > 48h (open)
          2026-11-03T04:00:00.001Z at-risk: \(slow) b → escalate to lee: at risk: unresolved 40h0m0.001s, breaks > 48h in 7h59m59.999s (open)

          """)
      #expect(result.stderr == "")
      // The lines the findings name, from the same run as JSON.
      let json = vigil(
        [
          "watch", rules, "--data", "-", "--input-format", "csv", "--id", "id", "--clock", "event",
        ],
        stdin: "id,owner,note,created_at\na,kim,\"two\nlines\",2026-11-01T00:00:00Z\n"
          + "b,lee,x,2026-11-01T12:00:00Z\nc,kim,y,2026-11-03T06:00:00Z\n")
      let lines = try json.stdout.split(separator: "\n").map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return object?["line"] as? Int
      }
      #expect(lines == [2, 2, 4])
    }
  }

  @Test("the wall clock judges each record at the machine's time")
  func wallClock() throws {
    try Self.withRules { rules in
      let result = vigil(
        ["watch", rules, "--data", "-", "--format", "text"],
        stdin: #"{"id":"x","owner":"kim","created_at":"2025-11-29T10:00:00Z"}"# + "\n")
      #expect(
        result.stdout
          == "2025-12-01T09:30:00Z at-risk: \(rules):3: slow [medium] x → escalate to kim: "
          + "at risk: unresolved 47h30m, breaks > 48h in 30m (open)\n")
    }
  }

  @Test("a sequence policy: a violation when its time is up, closed when a follower comes late")
  func sequence() throws {
    let folder = try temporaryFolder("watch")
    defer { try? FileManager.default.removeItem(at: folder) }
    let rules = folder.appendingPathComponent("follow.vigil").path
    try """
    policy follow_up:
      per customer, ordered by at
      type == "purchase" → notify owner
      unless followed by type == "call" within 4h

    """.write(toFile: rules, atomically: true, encoding: .utf8)
    let lines = [
      #"{"id":"P1","customer":"C1","type":"purchase","owner":"kim","at":"2026-12-01T08:00:00Z"}"#,
      #"{"id":"P2","customer":"C2","type":"purchase","owner":"lee","at":"2026-12-01T09:00:00Z"}"#,
      #"{"id":"K1","customer":"C2","type":"call","owner":"lee","at":"2026-12-01T13:00:00Z"}"#,
      #"{"id":"N1","customer":"C1","type":"note","owner":"kim","at":"2026-12-01T12:30:00Z"}"#,
      #"{"id":"K2","customer":"C1","type":"call","owner":"kim","at":"2026-12-01T14:00:00Z"}"#,
    ]
    let result = vigil(
      ["watch", rules, "--data", "-", "--id", "id", "--clock", "event", "--format", "text"],
      stdin: lines.joined(separator: "\n") + "\n")
    #expect(result.code == 0)
    #expect(
      result.stdout == """
        2026-12-01T12:00:00.001Z violation: \(rules):3: follow_up [medium] P1 → notify kim: followed by type == "call" 4h0m0.001s > 4h (open)
        2026-12-01T14:00:00Z resolved-late: \(rules):3: follow_up [medium] P1 → notify kim: followed by type == "call" 6h > 4h (closed)

        """)
    // N1, stamped 12:30, came after K1 moved the clock to 13:00.
    #expect(result.stderr == "vigil watch: 1 line came late\n")
  }

  @Test("group policies: a group's finding once, naming the group and the line that changed it")
  func groups() throws {
    let folder = try temporaryFolder("watch")
    defer { try? FileManager.default.removeItem(at: folder) }
    let rules = folder.appendingPathComponent("groups.vigil").path
    try """
    policy busy_owner:
      per owner
      count > 2 → notify owner
    policy daily:
      per team, daily by created_at
      count - previous(count) > 1 → flag

    """.write(toFile: rules, atomically: true, encoding: .utf8)
    let lines = [
      #"{"id":"A","owner":"kim","team":"desk","created_at":"2026-12-01T08:00:00Z"}"#,
      #"{"id":"B","owner":"kim","team":"desk","created_at":"2026-12-01T09:00:00Z"}"#,
      #"{"id":"C","owner":"kim","team":"desk","created_at":"2026-12-02T10:00:00Z"}"#,
      #"{"id":"D","owner":"lee","team":"desk","created_at":"2026-12-02T10:30:00Z"}"#,
      #"{"id":"E","owner":"lee","team":"desk","created_at":"2026-12-02T11:00:00Z"}"#,
      #"{"id":"C","owner":"lee","team":"desk","created_at":"2026-12-02T10:00:00Z"}"#,
      #"{"id":"F","owner":"lee","team":"desk","created_at":"2026-12-02T16:00:00Z"}"#,
    ]
    let result = vigil(
      ["watch", rules, "--data", "-", "--id", "id", "--clock", "event", "--format", "text"],
      stdin: lines.joined(separator: "\n") + "\n")
    #expect(result.code == 0)
    #expect(
      result.stdout == """
        2026-12-02T10:00:00Z violation: \(rules):3: busy_owner [medium] kim → notify kim: count 3 > 2 (3 records)
        2026-12-02T11:00:00Z resolved (late): \(rules):3: busy_owner [medium] kim → notify kim: count 3 > 2 (3 records)
        2026-12-02T11:00:00Z violation (late): \(rules):3: busy_owner [medium] lee → notify lee: count 3 > 2 (3 records)
        2026-12-02T16:00:00Z violation: \(rules):6: daily [medium] desk in 2026-12-02 → flag: count - previous(count) 2 > 1 (4 records)

        """)
    #expect(result.stderr == "vigil watch: 1 line came late\n")
    let json = vigil(
      ["watch", rules, "--data", "-", "--id", "id", "--clock", "event"],
      stdin: lines.prefix(3).joined(separator: "\n") + "\n")
    #expect(
      json.stdout
        == #"{"finding":"violation","at":"2026-12-02T10:00:00Z","line":3,"policy":"busy_owner","#
        + #""location":"\#(rules):3","record":"kim","party":"kim","action":"notify","#
        + #""target":"kim","severity":"medium","open":null,"measured":"count 3","#
        + #""threshold":"> 2","window":null,"sample":3,"escalation":null,"at_risk":null}"# + "\n")
  }

  @Test(
    "what the watch cannot time, named with the policy's place; a group policy whose parts read now is watched"
  )
  func limits() throws {
    let folder = try temporaryFolder("watch")
    defer { try? FileManager.default.removeItem(at: folder) }
    let rules = folder.appendingPathComponent("odd.vigil").path
    try
      ("policy odd:\n  created_at in [now] → flag\npolicy per_team:\n  count(created_at < now) > 1 → flag\n  per team\n"
      + "policy followed:\n  per team, ordered by created_at\n  created_at is missing → flag\n"
      + "  unless followed by true within 1h\n")
      .write(toFile: rules, atomically: true, encoding: .utf8)
    let result = vigil(["watch", rules, "--data", "-"], stdin: "")
    #expect(result.code == 0)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        \(rules):2: warning: policy odd: it reads now outside a comparison; vigil watch judges it again only when its record changes (write the time in a state, from … until …, to have it timed)

        """)
  }

  @Test(
    "usage errors",
    arguments: [
      (["--data", "-"], "vigil watch: name the policy files to watch with"),
      (["RULES"], "vigil watch: name the records to watch: --data FILE (or - for standard input)"),
      (
        ["RULES", "--data", "-", "--clock", "sun"],
        "vigil watch: --clock must be wall or event, not 'sun'"
      ),
      (
        ["RULES", "--data", "-", "--state", "state.json"],
        "vigil watch: --state needs --data FILE: standard input cannot be read again"
      ),
      (
        ["RULES", "--data", "-", "--lateness", "5m"],
        "vigil watch: --lateness is for the event clock: add --clock event"
      ),
      (
        ["RULES", "--data", "-", "--clock", "event", "--lateness", "soon"],
        "vigil watch: --lateness must be a duration such as 30s or 5m, not 'soon'"
      ),
      (
        ["RULES", "--data", "-", "--exec-retry", "10ms"],
        "vigil watch: --exec-retry is for --exec: add --exec CMD"
      ),
      (
        ["RULES", "--data", "-", "--exec", "cat", "--exec-timeout", "0s"],
        "vigil watch: --exec-timeout must be a positive duration such as 500ms or 30s, not '0s'"
      ),
      (
        ["RULES", "--data", "-", "--exec", "cat", "--exec-retry", "2m", "--exec-retry-max", "1m"],
        "vigil watch: --exec-retry must not be longer than --exec-retry-max"
      ),
    ])
  func usage(_ arguments: [String], _ message: String) throws {
    try Self.withRules { rules in
      let result = vigil(["watch"] + arguments.map { $0 == "RULES" ? rules : $0 })
      #expect(result.code == 2)
      #expect(result.stdout == "")
      #expect(
        result.stderr == message
          + "\n\nUsage: vigil watch RULES… --data FILE|- [options]\nRun 'vigil help watch' for more.\n"
      )
    }
  }
}
