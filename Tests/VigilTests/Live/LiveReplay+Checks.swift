import Foundation
import Testing
import VigilCore
import VigilLive
import VigilRecords

@testable import Vigil

/// The checks the watch's release and group tests share: a replay's findings against the
/// audit at its cut-offs, and restarts from a snapshot taken mid-way.
extension LiveReplay {
  /// The first cut-off — each finding's instant and a millisecond before, each clock after a
  /// line and a millisecond before — at which the violations the findings of `replayed` (a
  /// `watch` of `lines`) leave standing differ from those of `vigil audit --now` of the lines
  /// read by then: the instant and the records and policies that differ; nil when none.
  func disagreement(
    _ lines: [String], _ replayed: (findings: [LiveFinding], clocks: [Int64?], late: Int)
  ) -> String? {
    var cutOffs = Set<Int64>()
    for finding in replayed.findings { cutOffs.formUnion([finding.at - 1, finding.at]) }
    for clock in replayed.clocks.compactMap({ $0 }) { cutOffs.formUnion([clock - 1, clock]) }
    for cut in cutOffs.sorted() {
      let read = replayed.clocks.prefix { ($0 ?? .min) <= cut }.count
      let expected = audit(Array(lines.prefix(read)), now: cut).mapValues(Self.status)
      let standing = Self.standing(replayed.findings, at: cut)
      let differing = Set(standing.keys).union(expected.keys).filter {
        standing[$0] != expected[$0]
      }
      .map { "\($0): watch \(standing[$0] ?? "none"), audit \(expected[$0] ?? "none")" }.sorted()
      if !differing.isEmpty { return "at \(TimeParsing.formatISO8601(cut)): \(differing)" }
    }
    return nil
  }

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
      restarts.append(
        Restart(
          cut: cut, same: before + after == whole, readBack: decoded == snapshot,
          counted: counted, restoredCount: restoredCount))
    }
    return (whole, restarts)
  }
}
