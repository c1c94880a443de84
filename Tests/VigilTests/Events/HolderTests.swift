import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilSyntax

@testable import Vigil

/// Who held the clock (`accountable: FIELD at breach | held longest | by share`): the
/// parser's reading of the line, a case's stretches to the millisecond, and what reports and
/// explain say.
@Suite("Who held the clock")
struct HolderTests {
  static let folder = "Tests/VigilTests/Fixtures/holders"

  @Test(
    "the accountable line names a holder by two words after the party, or none",
    arguments: [
      ("accountable: owner at breach", "at breach"),
      ("accountable: owner held longest", "held longest"),
      ("accountable: `Resource` by share", "by share"),
      // On a continuation line, as any part of a statement.
      ("accountable: owner at\n    breach", "at breach"),
      ("accountable: owner", nil),
      ("accountable: manager of owner", nil),
    ])
  func parses(_ line: String, _ choice: String?) {
    let (file, errors) = parse("policy p:\n  x > 1h → flag\n  " + line + "\n")
    #expect(errors.isEmpty)
    let decls = file.items.compactMap { item -> PolicyDecl? in
      if case .policy(let decl) = item { return decl } else { return nil }
    }
    #expect(decls.count == 1)
    #expect(decls.first?.holding?.choice.rawValue == choice)
  }

  static let base = Int64(1_793_610_000_000)  // 2026-11-02T09:00:00Z, a Monday
  static let minute: Int64 = 60_000

  /// A case's changes of holder (minutes after 09:00; nil: an event with no holder), its
  /// state from `start` to `end` (minutes) less `pauses`, judged by `> 60m` (or `>=`), and
  /// its stretches as `holder from-to counted left budget`, `*` on the one that broke it.
  struct StretchCase: Sendable, CustomStringConvertible {
    var changes: [(Int, String?)]
    var start = 0.0
    var end: Double
    var pauses: [(Double, Double)] = []
    var op = BinaryOperator.greater
    var expected: [String]
    var description: String { expected.joined(separator: "; ") }
  }

  static let stretchCases: [StretchCase] = [
    // A handoff exactly at the breach instant: `>` is broken by the new holder's first
    // millisecond, `>=` by the old holder's last.
    StretchCase(
      changes: [(0, "ana"), (60, "bo")], end: 90,
      expected: ["ana 0-60 3600000 left 3600000", "bo* 60-90 1800000 left 0"]),
    StretchCase(
      changes: [(0, "ana"), (60, "bo")], end: 90, op: .greaterEqual,
      expected: ["ana* 0-60 3600000 left 3600000", "bo 60-90 1800000 left 0"]),
    // Two changes at one instant: the last holds from it; back to the same holder is none.
    StretchCase(
      changes: [(0, "ana"), (30, "bo"), (30, "cy"), (40, "cy"), (50, "ana"), (50, "cy")],
      end: 90, expected: ["ana 0-30 1800000 left 3600000", "cy* 30-90 3600000 left 1800000"]),
    // A change before the start holds from the start; one with no holder changes nothing;
    // one at the end or after it changes nothing.
    StretchCase(
      changes: [(-10, "ana"), (20, nil), (20, "bo"), (90, "cy"), (120, "dee")], end: 90,
      expected: ["ana 0-20 1200000 left 3600000", "bo* 20-90 4200000 left 2400000"]),
    // No holder until 20.
    StretchCase(
      changes: [(20, "bo")], end: 90,
      expected: ["- 0-20 1200000 left 3600000", "bo* 20-90 4200000 left 2400000"]),
    // A pause from 40 to 70 with a handoff at 40: bo's stretch counts 20 of its 50 minutes;
    // the budget runs out at 90, exactly, as bo hands on: `>` is broken by cy's first
    // millisecond.
    StretchCase(
      changes: [(0, "ana"), (40, "bo"), (90, "cy")], end: 100, pauses: [(40, 70)],
      expected: [
        "ana 0-40 2400000 left 3600000", "bo 40-90 1200000 left 1200000",
        "cy* 90-100 600000 left 0",
      ]),
    // The budget runs out as a pause begins (60) and bo takes the case during it (75): the
    // first millisecond past 60 minutes is bo's, after the pause (80).
    StretchCase(
      changes: [(0, "ana"), (75, "bo")], end: 90.001, pauses: [(60, 80)],
      expected: ["ana 0-75 3600000 left 3600000", "bo* 75-90.001 600060 left 0"]),
    // In time: no stretch marked.
    StretchCase(
      changes: [(0, "ana"), (30, "bo")], end: 60,
      expected: ["ana 0-30 1800000 left 3600000", "bo 30-60 1800000 left 1800000"]),
  ]

  @Test(
    "a case's stretches: same instants in input order, no holder yet, pauses, the breach",
    arguments: stretchCases)
  func stretches(_ test: StretchCase) {
    func at(_ minutes: Double) -> Int64 { Self.base + Int64((minutes * 60_000).rounded()) }
    let history = Value.list(
      test.changes.map { minutes, holder in
        .record(["at": .time(at(Double(minutes))), "owner": holder.map { .text($0) } ?? .null])
      })
    let split = HolderSplit.split(
      start: at(test.start), end: at(test.end),
      pauses: test.pauses.map { Pause(from: at($0.0), until: at($0.1)) }, calendar: nil,
      changes: history, field: "owner", choice: .atBreach, op: test.op,
      threshold: 60 * Self.minute)
    func minutes(_ instant: Int64) -> String {
      let ms = instant - Self.base
      return ms % Self.minute == 0
        ? "\(ms / Self.minute)" : Operations.formatNumber(Double(ms) / Double(Self.minute))
    }
    let shown = split.stretches.enumerated().map { index, stretch in
      "\(stretch.holder ?? "-")\(index == split.breach ? "*" : "") "
        + "\(minutes(stretch.start))-\(minutes(stretch.end)) \(stretch.counted) left "
        + "\(stretch.budgetLeft)"
    }
    #expect(shown == test.expected)
  }

  /// Violations say who held the case (text; JSON and CSV in a `holders` column after the
  /// others: a list of holders with their time, share and the breach in JSON, the text's
  /// words in CSV, empty for a record at risk); the accountability report's "By holder"
  /// section (text and HTML), JSON `holders` and CSV `holder_*` rows.
  @Test(
    "reports say who held the breached cases",
    arguments: [
      ("violations.txt", [String]()),
      ("violations.json", ["--format", "json"]),
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

  /// Explain lists the stretches of the case's measured state: holder, span, time counted,
  /// budget left at its start, and the one that broke the rule.
  @Test(
    "explain shows the stretches",
    arguments: [
      ("explain_T1.txt", ["--record", "T1"]),
      ("explain_T2.json", ["--record", "T2", "--policy", "slow_cycle", "--format", "json"]),
      ("explain_T3.txt", ["--record", "T3", "--policy", "slow"]),
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
}
