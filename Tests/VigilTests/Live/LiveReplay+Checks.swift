import Foundation
import Testing
import VigilCore
import VigilLive
import VigilRecords

@testable import Vigil

/// The checks the watch's release and group tests share: a replay's findings against the
/// audit at its cut-offs, and restarts from a snapshot taken mid-way.
extension LiveReplay {
  /// The instants a replay is compared with the audit at, in order: each finding's instant
  /// and a millisecond before, each clock after a line and a millisecond before, and with a
  /// `seed`, 40 more drawn from it between the first clock and the last (`start` when none).
  static func cutOffs(
    _ findings: [LiveFinding], clocks: [Int64?], seed: UInt64? = nil, start: Int64 = 0
  ) -> [Int64] {
    var cutOffs = Set<Int64>()
    for finding in findings { cutOffs.formUnion([finding.at - 1, finding.at]) }
    for clock in clocks.compactMap({ $0 }) { cutOffs.formUnion([clock - 1, clock]) }
    if let seed {
      var random = SplitMix(seed: seed)
      let first = clocks.compactMap { $0 }.min() ?? start
      let last = clocks.compactMap { $0 }.max() ?? start
      for _ in 0..<40 { cutOffs.insert(first + Int64(random.below(Int(last - first + 1)))) }
    }
    return cutOffs.sorted()
  }

  /// How many lines were read while the clock (`clocks`: after each line) was at or before
  /// `cut`.
  static func read(_ clocks: [Int64?], by cut: Int64) -> Int {
    clocks.prefix { ($0 ?? .min) <= cut }.count
  }

  /// The records and policies (and cycles) whose violations the `findings` emitted by `cut`
  /// leave standing otherwise than `audited` (`vigil audit --now cut` of the lines read by
  /// then) has them, each with both statuses, sorted; empty when they agree.
  static func differences(
    _ findings: [LiveFinding], _ audited: [Key: Violation], at cut: Int64
  ) -> [String] {
    let expected = audited.mapValues(Self.status)
    let standing = Self.standing(findings, at: cut)
    return Set(standing.keys).union(expected.keys).filter { standing[$0] != expected[$0] }
      .map { "\($0): watch \(standing[$0] ?? "none"), audit \(expected[$0] ?? "none")" }.sorted()
  }

  /// The first of the cut-offs (`cutOffs`: with a `seed`, random ones too) at which the
  /// violations `findings` (a `watch` of `lines`, the clock after each line in `clocks`) leave
  /// standing differ from those of `vigil audit --now` of the lines read by then: the instant
  /// and the records and policies that differ; nil when none. `each` is shown each cut-off,
  /// the lines read by then and what the audit of them found, before they are compared.
  func disagreement(
    _ lines: [String], findings: [LiveFinding], clocks: [Int64?], seed: UInt64? = nil,
    start: Int64 = 0,
    each: (_ cut: Int64, _ read: Int, _ audited: [Key: Violation]) -> Void = { _, _, _ in }
  ) -> String? {
    for cut in Self.cutOffs(findings, clocks: clocks, seed: seed, start: start) {
      let read = Self.read(clocks, by: cut)
      let audited = audit(Array(lines.prefix(read)), now: cut)
      each(cut, read, audited)
      let differing = Self.differences(findings, audited, at: cut)
      if !differing.isEmpty { return "at \(TimeParsing.formatISO8601(cut)): \(differing)" }
    }
    return nil
  }

  /// The first cut-off — each finding's instant and a millisecond before, each clock after a
  /// line and a millisecond before — at which the violations the findings of `replayed` (a
  /// `watch` of `lines`) leave standing differ from those of `vigil audit --now` of the lines
  /// read by then: the instant and the records and policies that differ; nil when none.
  func disagreement(
    _ lines: [String], _ replayed: (findings: [LiveFinding], clocks: [Int64?], late: Int)
  ) -> String? {
    disagreement(lines, findings: replayed.findings, clocks: replayed.clocks)
  }

  /// The violations, records at risk, resolutions and escalations of `noted` (each finding
  /// with how many lines were read when it was found) that are not the audit's own — `vigil
  /// audit --now` at its instant of those lines, but for the line it names —, each named by
  /// its kind, record and policy (and cycle); empty when every one is. A cycle is told by its
  /// start and its rank (how many of its group's cycles began at that instant before it): two
  /// cycles that began at one instant are compared one to one — each with the audit's own,
  /// whose number is its number (at one instant, the cycles beginning there are numbered in
  /// the order of their ranks) — and a cycle's finding written twice at one instant, with no
  /// finding ending it between, is named too (`… twice at T`: as when one cycle's verdict was
  /// taken for another's).
  func notTheAudit(_ noted: [(LiveFinding, read: Int)], _ lines: [String]) -> [String] {
    var differing: [String] = []
    // The findings standing at the instant of the last one: (instant, kind, cycle) named.
    var written: (at: Int64, names: Set<String>) = (.min, [])
    for (finding, read) in noted where finding.pause == nil && finding.kind != .dataError {
      // INVARIANT: every finding but a data error or a pause carries its violation.
      let violation = finding.violation!
      let cycle = violation.cycle
      let name =
        "\(violation.record) \(violation.policy)"
        + (cycle.map { " cycle \($0.number) of \($0.count) from \(Self.formatted($0.start))" } ?? "")
      if written.at != finding.at { written = (finding.at, []) }
      guard [.violation, .atRisk, .resolvedLate, .escalated].contains(finding.kind) else {
        // It ends what was written of its cycle.
        written.names = written.names.filter { !$0.hasSuffix(" " + name) }
        continue
      }
      var expected = auditViolations(Array(lines.prefix(read)), now: finding.at).last {
        Key($0) == Key(violation) && $0.cycle?.number == cycle?.number
      }
      expected?.line = violation.line
      if expected != violation { differing.append("\(finding.kind) \(name)") }
      if !written.names.insert("\(finding.kind) \(name)").inserted {
        differing.append("\(finding.kind) \(name): twice at \(Self.formatted(finding.at))")
      }
    }
    return differing
  }

  static func formatted(_ instant: Int64) -> String { TimeParsing.formatISO8601(instant) }

  /// A restart after line `cut`: whether the findings before it and those after it of an
  /// engine restored from its snapshot (through JSON) are the uninterrupted run's, whether
  /// the snapshot read back is the one written, and what `count` said of the engine at the
  /// cut and of the one restored.
  struct Restart {
    var cut: Int
    var same: Bool
    var readBack: Bool
    var counted: Int
    var restoredCount: Int
  }

  /// The uninterrupted run of `lines` (with `lateness` and `releaseAfter`) and a restart after
  /// each of `cuts` lines.
  func restarts(
    _ lines: [String], lateness: Int64, releaseAfter: Int64? = nil, cuts: [Int],
    count: (WatchEngine) -> Int = { _ in 0 }
  ) throws -> (whole: [LiveFinding], restarts: [Restart]) {
    let whole = watch(lines, lateness: lateness, releaseAfter: releaseAfter).findings
    var restarts: [Restart] = []
    for cut in cuts {
      var snapshot: WatchEngine.Snapshot?
      var counted = 0
      let before = watch(Array(lines.prefix(cut)), lateness: lateness, releaseAfter: releaseAfter) {
        index, engine in
        if index == cut - 1 {
          snapshot = engine.snapshot
          counted = count(engine)
        }
      }.findings
      let data = try JSONEncoder().encode(try #require(snapshot))
      let decoded = try JSONDecoder().decode(WatchEngine.Snapshot.self, from: data)
      let engine = WatchEngine(live, input: input, replacesByID: true, restoring: decoded)
      engine.releaseAfter = releaseAfter
      let restoredCount = count(engine)
      let decoder = RecordDecoder(layout: live.layout, format: format)
      var after: [LiveFinding] = []
      for (index, line) in lines.enumerated().dropFirst(cut) {
        if case .record(let values) = decoder.decode(Array(line.utf8)) {
          after += engine.applyEvent(values, line: index + 1, lateness: lateness)
        }
      }
      Self.expectNoFaults(engine)
      restarts.append(
        Restart(
          cut: cut, same: before + after == whole, readBack: decoded == snapshot,
          counted: counted, restoredCount: restoredCount))
    }
    return (whole, restarts)
  }
}
