import Foundation
import Testing
import VigilFormat
import VigilSyntax

@testable import Vigil

/// A record's own list of changes outside event logs: `each cycle in H from P until Q` and
/// `accountable: FIELD at breach in H` (Grammar.md, "Every cycle" and "Who held the clock":
/// "A record's own history"). The rules themselves are pinned by the conformance cases
/// record_cycles.vigil and record_holders.vigil; here, the syntax and what reports, explain
/// and diff say.
@Suite("A record's own history: cycles and holders")
struct RecordHistoryTests {
  static let folder = "Tests/VigilTests/Fixtures/record_history"

  @Test(
    "each cycle in H parses with its list first; a pause may follow",
    arguments: [
      (
        "each cycle in history from opening until resolving > 1h",
        "(> (cycles-in history opening resolving) dur:3600000)"
      ),
      (
        "each cycle in ticket.log from (a == 1) until b paused in history while s == \"w\"",
        "(paused (cycles-in ticket.log (== a 1) b) history (== s \"w\"))"
      ),
      // The list is a postfix expression: `from` must follow it.
      ("each cycle in history + 1 from a until b", nil),
    ])
  func parses(_ text: String, _ tree: String?) {
    #expect(condition("policy p:\n  " + text) == tree)
  }

  /// `accountable: FIELD at breach in H`: the holder's words, then the list.
  @Test func parsesTheHolderList() throws {
    let (file, diagnostics) = parse(
      "policy p:\n  x > 1h → flag\n  accountable: owner.name by share in ticket.history\n")
    #expect(diagnostics.isEmpty)
    var found: [String] = []
    for case .policy(let decl) in file.items {
      found.append(
        [
          decl.accountable.map(sexpr) ?? "-", decl.holding.map { "\($0.choice)" } ?? "-",
          decl.holderHistory.map(sexpr) ?? "-",
        ].joined(separator: " "))
    }
    #expect(found == ["owner.name share ticket.history"])
  }

  /// Violations name their cycle and their holders (text; JSON and CSV `window` and
  /// `holders`), a dishonest pause its setter (the holder when it began) and, of a policy
  /// judged per cycle, its cycle; the accountability report's "By cycle" and "By holder"
  /// sections count records.
  @Test(
    "reports say each record's cycle and holders",
    arguments: [
      ("violations.txt", [String]()),
      ("violations.json", ["--format", "json"]),
      ("violations.csv", ["--format", "csv"]),
      ("accountability.txt", ["--report", "accountability"]),
      ("accountability.json", ["--report", "accountability", "--format", "json"]),
      ("accountability.csv", ["--report", "accountability", "--format", "csv"]),
    ])
  func reports(_ golden: String, _ extra: [String]) throws {
    try Paths.enterRoot()
    let result = vigil(
      [
        "audit", "\(Self.folder)/policies.vigil", "--data", "\(Self.folder)/records.jsonl",
        "--now", "2026-11-25T00:00:00Z",
      ] + extra)
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/\(golden)")
  }

  /// Explain lists the record's cycles and the stretches of the cycle shown (the first that
  /// broke the policy, else the last judged).
  @Test(
    "explain shows the record's cycles and stretches",
    arguments: [
      ("explain_T1.txt", ["--record", "T1"]), ("explain_T2.txt", ["--record", "T2"]),
      ("explain_T3.json", ["--record", "T3", "--format", "json"]),
    ])
  func explains(_ golden: String, _ extra: [String]) throws {
    try Paths.enterRoot()
    let result = vigil(
      [
        "explain", "\(Self.folder)/policies.vigil", "--data", "\(Self.folder)/records.jsonl",
        "--now", "2026-11-25T00:00:00Z",
      ] + extra)
    #expect(result.code == 0)
    #expect(result.stderr == "")
    expectGolden(result.stdout, "\(Self.folder)/\(golden)")
  }

  /// `vigil diff` matches a record's findings cycle by cycle: lowering the threshold to 1h
  /// turns T2's cycle from at risk to a violation, and adds its last cycle under the holder
  /// policy (dan held it longest).
  @Test func diffsCycleByCycle() throws {
    try Paths.enterRoot()
    let result = vigil(
      [
        "diff", "\(Self.folder)/policies.vigil", "\(Self.folder)/policies_1h.vigil", "--data",
        "\(Self.folder)/records.jsonl", "--now", "2026-11-25T00:00:00Z",
      ])
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/diff.txt")
  }

  /// `vigil fmt` lays `each cycle in H` and `… at breach in H` out canonically, and keeps them.
  @Test func formats() throws {
    let written = """
      define r = each  cycle in   history  from (status=="new")  until   resolving
        paused in history while status == "waiting"
      policy p:
        r>1h  ->  flag
        accountable:  owner   held longest  in  ticket.history
        cycles:last
      """
    let formatted = try PolicyFormatter().format(Source(text: written + "\n", file: "f.vigil"))
    #expect(try PolicyFormatter().format(Source(text: formatted, file: "f.vigil")) == formatted)
    #expect(
      formatted == """
        define r = each cycle in history from (status == "new") until resolving
            paused in history while status == "waiting"
        policy p:
          r > 1h → flag
          accountable: owner held longest in ticket.history
          cycles: last

        """)
  }
}
