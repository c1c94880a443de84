import Foundation
import Testing
import VigilCore
import VigilFormat
import VigilReports
import VigilSyntax

@testable import Vigil

/// Policies judged per cycle (`each cycle from P until Q`, `cycles: every|first|last`):
/// the parser's tree, the cycles a case's events make, and what reports and explain say.
@Suite("Every cycle")
struct CycleTests {
  static let folder = "Tests/VigilTests/Fixtures/cycles"

  @Test(
    "each cycle parses as a state of its own; its bounds are additive, a pause may follow",
    arguments: [
      (
        "each cycle from opening until resolving > 1h", "(> (cycles opening resolving) dur:3600000)"
      ),
      (
        "each cycle from (a == 1) until b paused in history(s) while s == \"w\"",
        "(paused (cycles (== a 1) b) (history() s) (== s \"w\"))"
      ),
      // `each` is a name like any other when `cycle` does not follow it; `each cycle` must
      // go on with `from`.
      ("each > 1", "(> each 1)"),
      ("each cycle", nil),
    ])
  func parses(_ text: String, _ tree: String?) {
    #expect(condition("policy p:\n  " + text) == tree)
  }

  /// A case's cycles from its events' statuses (at 09:MM on 2026-11-25), under
  /// `each cycle from opening until resolving > 0s`: the cycles that fire, in order.
  @Test(
    "a case's cycles: in time order, same instants in input order, ends never begin",
    arguments: [
      // Two cycles; the second open at now (12:00).
      (
        ["00 new", "10 resolved", "20 reopened"],
        ["cycle 1 of 2 10m closed", "cycle 2 of 2 2h40m open"]
      ),
      // A reopening at the instant of the resolution, listed after it: two cycles.
      (
        ["00 new", "10 resolved", "10 reopened", "30 resolved"],
        ["cycle 1 of 2 10m closed", "cycle 2 of 2 20m closed"]
      ),
      // Listed before it: the reopening comes while the cycle runs, and begins nothing.
      (["00 new", "10 reopened", "10 resolved", "30 resolved"], ["cycle 1 of 1 10m closed"]),
      // The input out of time order: the events are taken in time order.
      (
        ["30 resolved", "00 new", "10 resolved", "20 reopened"],
        ["cycle 1 of 2 10m closed", "cycle 2 of 2 10m closed"]
      ),
      // A resolution with no cycle running ends nothing; an opening while one runs begins
      // nothing.
      (["00 resolved", "05 new", "07 new", "15 resolved"], ["cycle 1 of 1 10m closed"]),
      // A cycle may last no time at all: it is not longer than 0s.
      (["00 new", "00 resolved", "05 new", "06 resolved"], ["cycle 2 of 2 1m closed"]),
      // No opening: no cycle, nothing fires.
      (["00 resolved", "05 waiting"], []),
    ])
  func cycles(_ events: [String], _ expected: [String]) throws {
    let log = events.map { text in
      let (minute, status) = (text.prefix(2), text.dropFirst(3))
      return event("T", "09:\(minute)", #""status":"\#(status)""#)
    }
    let policy = """
      define opening = status in ["new", "reopened"]
      policy c:
        each cycle from opening until (status == "resolved") > 0s → flag
      """
    let found = try caseFindings(policy, log)
    #expect(
      found
        == expected.map { cycle in
          let parts = cycle.split(separator: " ")
          let length = parts[4]
          return "c [medium] T, \(parts[0...3].joined(separator: " ")) → flag: each cycle from "
            + "opening until (status == \"resolved\") \(length) > 0s (\(parts[5])) (\(events.count) events)"
        })
  }

  /// An event that is both a start and an end (here `status != "waiting"` holds for a
  /// resolution too) ends the running cycle and begins none.
  @Test func anEndNeverBegins() throws {
    let log = ["00 new", "10 resolved", "20 resolved", "30 new"].map { text in
      event("T", "09:\(text.prefix(2))", #""status":"\#(text.dropFirst(3))""#)
    }
    let found = try caseFindings(
      """
      policy c:
        each cycle from (status != "waiting") until (status == "resolved") > 0s → flag
      """, log)
    let state = "each cycle from (status != \"waiting\") until (status == \"resolved\")"
    #expect(
      found == [
        "c [medium] T, cycle 1 of 2 → flag: \(state) 10m > 0s (closed) (4 events)",
        "c [medium] T, cycle 2 of 2 → flag: \(state) 2h30m > 0s (open) (4 events)",
      ])
  }

  let audit = [
    "audit", repoPath("\(folder)/policies.vigil"), "--data", repoPath("\(folder)/events.jsonl"),
    "--now", "2026-11-25T03:00:00Z",
  ]

  /// Violations name their cycle (text: after the case; JSON and CSV: in `window`); the
  /// accountability report counts breaches per cycle and cases ever breached.
  @Test(
    "reports name the cycle and count breaches per cycle",
    arguments: [
      ("violations.txt", [String]()), ("violations.json", ["--format", "json"]),
      ("violations.csv", ["--format", "csv"]),
      ("accountability.txt", ["--report", "accountability"]),
      ("accountability.json", ["--report", "accountability", "--format", "json"]),
      ("accountability.csv", ["--report", "accountability", "--format", "csv"]),
      ("accountability.html", ["--report", "accountability", "--format", "html"]),
    ])
  func reports(_ golden: String, _ extra: [String]) throws {
    try Paths.enterRoot()
    let result = vigil(
      [
        "audit", "\(Self.folder)/policies.vigil", "--data", "\(Self.folder)/events.jsonl",
        "--now", "2026-11-25T03:00:00Z",
      ] + extra)
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/\(golden)")
  }

  /// Explain lists the case's cycles with their verdicts, and shows the condition of the
  /// first that broke the policy (else the last judged).
  @Test(
    "explain shows the cycles",
    arguments: [
      ("explain_T1.txt", ["--record", "T1"]), ("explain_T2.txt", ["--record", "T2"]),
      ("explain_T3.json", ["--record", "T3", "--policy", "every_cycle", "--format", "json"]),
    ])
  func explains(_ golden: String, _ extra: [String]) throws {
    try Paths.enterRoot()
    let result = vigil(
      [
        "explain", "\(Self.folder)/policies.vigil", "--data", "\(Self.folder)/events.jsonl",
        "--now", "2026-11-25T03:00:00Z", "--id", "ticket",
      ] + extra)
    #expect(result.code == 0)
    #expect(result.stderr == "")
    expectGolden(result.stdout, "\(Self.folder)/\(golden)")
  }

  /// `vigil diff` matches a case's findings cycle by cycle: lowering the threshold adds T1's
  /// cycle 1 (its cycle 2 was a violation already), and turns T2's cycle 2 from at risk to a
  /// violation.
  @Test func diffsCycleByCycle() throws {
    try Paths.enterRoot()
    let result = vigil(
      [
        "diff", "\(Self.folder)/policies.vigil", "\(Self.folder)/policies_2h.vigil", "--data",
        "\(Self.folder)/events.jsonl", "--now", "2026-11-25T03:00:00Z",
      ])
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/diff.txt")
  }

  /// `vigil fmt` lays a cycle state and `cycles:` out canonically, and keeps them.
  @Test func formats() throws {
    let written = """
      events per ticket, ordered by at
      define r = each  cycle  from (status=="new")  until   resolving
        paused in history(status) while status == "waiting"
      policy p:
        r>1h  ->  flag
        cycles:last
      """
    let formatted = try PolicyFormatter().format(Source(text: written + "\n", file: "f.vigil"))
    #expect(try PolicyFormatter().format(Source(text: formatted, file: "f.vigil")) == formatted)
    #expect(
      formatted == """
        events per ticket, ordered by at
        define r = each cycle from (status == "new") until resolving
            paused in history(status) while status == "waiting"
        policy p:
          r > 1h → flag
          cycles: last

        """)
  }
}
