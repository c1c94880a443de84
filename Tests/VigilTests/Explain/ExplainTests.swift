import Foundation
import Testing

/// `vigil explain` on Fixtures/explain: one policy of each kind, records that fire, are at
/// risk, meet a data error, and belong to groups.
@Suite("vigil explain")
struct ExplainTests {
  static let folder = "Tests/VigilTests/Fixtures/explain"
  let base = [
    "explain", repoPath("\(Self.folder)/policies.vigil"), "--data",
    repoPath("\(Self.folder)/records.jsonl"), "--now", "2026-11-25T00:00:00Z",
  ]

  @Test(
    "each policy's verdict and its condition part by part, concise, verbose and as JSON",
    arguments: [
      ("at_risk", ["--record", "A-1"]),
      ("data_error", ["--record", "B-1"]),
      ("verbose", ["--record", "A-2", "--policy", "slow_resolution", "--verbose"]),
      ("not_enough_data", ["--record", "P-2", "--policy", "team_load", "--policy", "busy_owner"]),
      ("sequence_json", ["--record", "P-1", "--policy", "purchase_follow_up", "--format", "json"]),
      // Records without an id are named by their file and line.
      (
        "by_line",
        ["--record", "\(Self.folder)/records.jsonl:4", "--policy", "vip_waiting", "--id", "ref"]
      ),
    ])
  func explains(_ name: String, _ extra: [String]) {
    var arguments = base + extra
    if let index = arguments.firstIndex(of: "\(Self.folder)/records.jsonl:4") {
      arguments[index] = repoPath("\(Self.folder)/records.jsonl") + ":4"
    }
    let result = vigil(arguments)
    #expect(result.code == 0)
    #expect(result.stderr == "")
    expectGolden(result.stdout, "\(Self.folder)/\(name).\(name.hasSuffix("json") ? "json" : "txt")")
  }

  @Test("a state counted in a calendar shows its working time and the calendar")
  func calendar() {
    let result = vigil([
      "explain", repoPath("\(Self.folder)/calendar.vigil"), "--data",
      repoPath("\(Self.folder)/records.jsonl"), "--now", "2026-11-25T00:00:00Z", "--record", "A-2",
    ])
    #expect(result.code == 0)
    expectGolden(result.stdout, "\(Self.folder)/calendar.txt")
  }

  @Test("an event log's case: each part with the case's values, from the real help desk log")
  func eventLogCase() {
    let data = Paths.root.appendingPathComponent(
      "examples/data/helpdesk_eventlog_italy/helpdesk.csv"
    )
    .path
    let result = vigil([
      "explain", repoPath("examples/helpdesk_events.vigil"), "--data", data, "--record",
      data + ":3", "--now", "2014-01-04T00:00:00Z",
    ])
    #expect(result.code == 0)
    expectGolden(result.stdout, "\(Self.folder)/event_log_case.txt")
    // The case by its key: its first event stands for it.
    let byKey = vigil([
      "explain", repoPath("examples/helpdesk_events.vigil"), "--data", data, "--record",
      "Case 10", "--now", "2014-01-04T00:00:00Z", "--policy", "slow_first_response",
    ])
    #expect(byKey.code == 0)
    expectGolden(byKey.stdout, "\(Self.folder)/event_log_case_by_key.txt")
  }

  /// Run from the repository's root: `--policy` takes a name, FILE:LINE typed any way, or
  /// its end, as `.vigiltest` files do.
  @Test(
    "--policy names a policy by its name, its FILE:LINE, or the end of it",
    arguments: [
      ["complaints.vigil:6"], ["rules/complaints.vigil:6"], ["./rules/complaints.vigil:6"],
      ["\(Paths.root.path)/rules/complaints.vigil:6"],
      ["complaints.vigil:6", "rules/complaints.vigil:15"],
      ["complaints.vigil:6", "slow_complaint_acknowledgement"],
    ])
  func policyByLocation(_ policies: [String]) throws {
    try Paths.enterRoot()
    let result = vigil(
      [
        "explain", "rules", "--data", "examples/interactions.jsonl", "--record", "K-201", "--now",
        "2026-11-25T00:00:00Z",
      ] + policies.flatMap { ["--policy", $0] })
    #expect(result.code == 0)
    #expect(result.stderr == "")
    expectGolden(
      result.stdout, "\(Self.folder)/by_location\(policies.count == 1 ? "" : "_two").txt")
  }

  @Test("a --policy that could name two policies is an error listing them")
  func ambiguousPolicy() {
    let names = "Tests/VigilTests/Fixtures/names"
    let result = vigil([
      "explain", repoPath("\(names)/one"), repoPath("\(names)/two"), "--data",
      repoPath("\(Self.folder)/records.jsonl"), "--record", "A-1", "--policy",
      "complaints.vigil:2",
    ])
    #expect(result.code == 2)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "vigil explain: 'complaints.vigil:2' could name 2 policies: "
        + "\(names)/one/complaints.vigil:2, \(names)/two/complaints.vigil:2; give more of the path\n\n"
        + "Usage: vigil explain RULES… --data FILE --record ID [--policy NAME…] [options]\n"
        + "Run 'vigil help explain' for more.\n")
  }

  @Test(
    "shares, and sums and differences of them, are shown as the audit shows them (54.55%)",
    arguments: [("shares", "text"), ("shares_json", "json")])
  func shares(_ golden: String, _ format: String) {
    let result = vigil([
      "explain", repoPath("\(Self.folder)/shares.vigil"), "--data",
      repoPath("\(Self.folder)/shares.jsonl"), "--now", "2026-11-25T00:00:00Z", "--record", "S-4",
      "--verbose", "--format", format,
    ])
    #expect(result.code == 0)
    #expect(result.stderr == "")
    expectGolden(result.stdout, "\(Self.folder)/\(golden).\(format == "json" ? "json" : "txt")")
  }

  @Test(
    "a record no one has, a policy no one wrote, and missing options say what to do",
    arguments: [
      (
        ["--record", "Z-9"], Int32(1),
        "vigil explain: no record in \(Self.folder)/records.jsonl has the id 'Z-9' (field id)\n"
      ),
      (
        ["--record", "A-1", "--policy", "slow_resolutoin"], 2,
        "vigil explain: no policy is named 'slow_resolutoin'; did you mean 'slow_resolution'?\n"
          + Self.policyList
      ),
      (
        ["--record", "A-1", "--policy", "NOSUCH"], 2,
        "vigil explain: no policy is named 'NOSUCH'\n" + Self.policyList
      ),
      (
        [String](), 2,
        "vigil explain: name the record to explain: --record ID\n\n"
          + "Usage: vigil explain RULES… --data FILE --record ID [--policy NAME…] [options]\n"
          + "Run 'vigil help explain' for more.\n"
      ),
    ] as [([String], Int32, String)])
  func errors(_ extra: [String], _ code: Int32, _ message: String) {
    let result = vigil(base + extra)
    #expect(result.code == code)
    #expect(result.stdout == "")
    #expect(result.stderr == message)
  }

  /// What `--policy` with a name no policy has lists after its error.
  static let policyList = """
    the policies are:
      slow_resolution (\(folder)/policies.vigil:6)
      vip_waiting (\(folder)/policies.vigil:11)
      busy_owner (\(folder)/policies.vigil:15)
      team_load (\(folder)/policies.vigil:19)
      purchase_follow_up (\(folder)/policies.vigil:24)

    """
}
