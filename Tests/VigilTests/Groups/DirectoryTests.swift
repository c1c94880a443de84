import Foundation
import Testing
import VigilCore
import VigilRecords
import VigilReports

@testable import Vigil

@Suite("People directory and escalation chains")
struct DirectoryTests {
  static let people = """
    person,team,role,manager,email
    ana,phones,agent,maria,ana@example.com
    bo,phones,agent,maria,
    maria,phones,lead,olu,maria@example.com
    olu,management,head,,
    """

  static func directory(_ text: String = people) throws -> Directory {
    try Directory.read(input: ByteInput(string: text), format: .csv, name: "people.csv")
  }

  /// The text of each violation (without its location) and data error of `policy` over
  /// `records`, with the directory.
  func findings(_ policy: String, _ records: [String]) throws -> [String] {
    let policies = try PolicySet(source: policy, file: "d.vigil")
    let audit = policies.audit(
      jsonLines: records.joined(separator: "\n"),
      now: Date(timeIntervalSince1970: 1_795_564_800), directory: try Self.directory())
    let writer = ViolationWriter(format: .text)
    return audit.violations.map { String(writer.text($0).split(separator: " ", maxSplits: 1)[1]) }
      + audit.dataErrors.map { "\($0.record): \($0.error.field): \($0.error.message)" }
  }

  @Test func readsPeopleAndTheirManagers() throws {
    let directory = try Self.directory()
    #expect(directory.people.map(\.name) == ["ana", "bo", "maria", "olu"])
    #expect(directory.person("bo")?.email == nil)
    #expect(directory.person("ana")?.email == "ana@example.com")
    #expect(directory.lead(of: "phones") == "maria")
    #expect(directory.lead(of: "management") == nil)
    #expect(directory.managers(of: "ana") == ["maria", "olu"])
    // A loop in the file ends the chain instead of running forever.
    let loop = try Self.directory("person,manager\na,b\nb,a\n")
    #expect(loop.managers(of: "a") == ["b"])
  }

  @Test(
    "a directory that cannot be used says where and why",
    arguments: [
      ("person,team\nana,a\nana,b\n", "people.csv:3: 'ana' is listed twice (first at line 2)"),
      (
        "name,team\nana,a\n",
        "people.csv:1: a directory needs a 'person' column (and may have team, role, manager, email)"
      ),
      ("person,team\n,a\n", "people.csv:2: this entry has no person"),
      ("person,team\nana,a,extra\n", "people.csv:2: has 3 fields, the header has 2"),
    ])
  func unusable(text: String, message: String) {
    #expect(throws: DirectoryError(message)) { try Self.directory(text) }
  }

  @Test(
    "relations read the directory; who is not in it is a data error",
    arguments: [
      (#"{"owner":"ana"}"#, "manager of owner", ["1 → notify maria: when true"]),
      (#"{"owner":"ana"}"#, "manager of manager of owner", ["1 → notify olu: when true"]),
      (#"{"owner":"ana"}"#, "lead of team of owner", ["1 → notify maria: when true"]),
      (#"{"owner":"ana"}"#, "email of owner", ["1 → notify ana@example.com: when true"]),
      (#"{"owner":"bo"}"#, "email of owner", ["1 → notify (missing): when true"]),
      (#"{"owner":"olu"}"#, "manager of owner", ["1 → notify (missing): when true"]),
      (#"{}"#, "manager of owner", ["1 → notify (missing): when true"]),
      (
        #"{"owner":"zed"}"#, "manager of owner",
        [
          "1 → notify (missing): when true",
          "1: manager of owner: 'zed' is not in the directory",
        ]
      ),
      (
        #"{"owner":"olu"}"#, "lead of team of owner",
        [
          "1 → notify (missing): when true",
          "1: lead of team of owner: team 'management' has no lead in the directory",
        ]
      ),
    ])
  func relations(record: String, party: String, expected: [String]) throws {
    let policy = "policy p:\n  x is missing → notify \(party)"
    let withID = record == "{}" ? #"{"id":"1"}"# : "{\"id\":\"1\"," + record.dropFirst()
    let found = try findings(policy, [withID]).map { finding in
      finding.replacingOccurrences(of: "p [medium] ", with: "")
        .replacingOccurrences(of: "when x is missing", with: "when true")
    }
    #expect(found == expected)
  }

  static let chain = """
    define unresolved = from created_at until resolved_at
    policy chain:
      unresolved > 48h → escalate to owner, then manager of owner after 24h, then "head" after 72h
    """

  @Test(
    "an escalation reaches the level its overrun is past, to the millisecond",
    arguments: [
      ("2026-11-23T00:00:00Z", "escalate to ana (level 1 of 3: 24h past the threshold)"),
      (
        "2026-11-23T00:00:00.001Z",
        "escalate to maria (level 2 of 3: 24h0m0.001s past the threshold, more than 24h)"
      ),
      (
        "2026-11-25T00:00:00Z",
        "escalate to maria (level 2 of 3: 72h past the threshold, more than 24h)"
      ),
      (nil, "escalate to head (level 3 of 3: 96h past the threshold, more than 72h)"),
    ])
  func escalationLevels(resolved: String?, action: String) throws {
    let end = resolved.map { #","resolved_at":"\#($0)""# } ?? ""
    let created = resolved == nil ? "2026-11-19T00:00:00Z" : "2026-11-20T00:00:00Z"
    let record = #"{"id":"1","owner":"ana","created_at":"\#(created)""# + end + "}"
    let found = try findings(Self.chain, [record])
    #expect(found.count == 1)
    #expect(found.first?.contains("→ \(action):") == true, "\(found)")
    // The accountable party is the level reached.
    let policies = try PolicySet(source: Self.chain, file: "d.vigil")
    let audit = policies.audit(
      jsonLines: record, now: Date(timeIntervalSince1970: 1_795_564_800),
      directory: try Self.directory())
    #expect(audit.violations.first?.party == audit.violations.first?.actions.first?.target)
  }

  @Test("a violation not measured in time stays at the first level, and says so")
  func escalationWithoutTime() throws {
    let policy = """
      policy rings:
        rings > 3 → escalate to owner, then manager of owner after 1h
      """
    #expect(
      try findings(policy, [#"{"id":"1","owner":"ana","rings":9}"#]) == [
        "rings [medium] 1 → escalate to ana (level 1 of 2: not measured in time): rings 9 > 3"
      ])
  }

  @Test("a sequence policy's escalation follows how late the follower is")
  func escalationOfSequences() throws {
    let policy = """
      policy follow_up:
        per customer, ordered by at
        type == "purchase" → escalate to owner, then manager of owner after 2d
        unless followed by type == "call" within 7d
      """
    let records = [
      #"{"id":"P1","customer":"c1","owner":"ana","type":"purchase","at":"2026-10-01T00:00:00Z"}"#,
      #"{"id":"C1","customer":"c1","owner":"ana","type":"call","at":"2026-10-09T00:00:00Z"}"#,
      #"{"id":"P2","customer":"c2","owner":"ana","type":"purchase","at":"2026-10-01T00:00:00Z"}"#,
    ]
    #expect(
      try findings(policy, records) == [
        "follow_up [medium] P1 → escalate to ana (level 1 of 2: 24h past the threshold): followed by type == \"call\" 192h > 7d (closed)",
        "follow_up [medium] P2 → escalate to maria (level 2 of 2: 1152h past the threshold, more than 2d): followed by type == \"call\" 1320h > 7d (open)",
      ])
  }

  @Test("the command line needs --directory when the policies name people through it")
  func directoryRequired() throws {
    let folder = "Tests/VigilTests/Fixtures/directory"
    let rules = FileManager.default.temporaryDirectory.appendingPathComponent("chain.vigil")
    try Self.chain.write(to: rules, atomically: true, encoding: .utf8)
    let data = repoPath("Tests/VigilTests/Fixtures/cli/records.jsonl")
    let without = vigil(["audit", rules.path, "--data", data, "--now", "2026-11-25T00:00:00Z"])
    #expect(without.code == 2)
    #expect(
      without.stderr.hasPrefix(
        "vigil audit: the policies name people through the directory (\(rules.path):3): give it with --directory people.csv"
      ))
    let with = vigil(
      [
        "audit", rules.path, "--data", data, "--now", "2026-11-25T00:00:00Z", "--directory",
        repoPath("\(folder)/people.csv"),
      ])
    #expect(with.code == 1)
    // R1's owner is not in the directory: its level-2 party is missing, and a data error says why.
    #expect(
      with.stdout.contains("R1 → escalate to (missing) (level 2 of 3: 72h past the threshold"))
    #expect(
      with.stderr.contains(
        "record R1, policy chain: manager of owner: 'dara' is not in the directory"))
    #expect(with.stdout.contains("R3 → escalate to head (level 3 of 3: 528h past the threshold"))
    let broken = vigil(
      [
        "audit", rules.path, "--data", data, "--directory", repoPath("\(folder)/missing.csv"),
      ])
    #expect(broken.code == 2)
  }
}
