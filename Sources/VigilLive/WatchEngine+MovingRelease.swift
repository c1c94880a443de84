import Foundation
import VigilCore
import VigilEvaluation

// Releasing the records of group policies whose parts move with the clock. Such a policy adds
// every record's part up again at each instant it is judged; a record past every instant its
// part can change at (its states begun and ended, past their limits, its window time come),
// with no data error standing, has a part that no longer changes — until a newer line of its
// id. When every such policy adds up only aggregates that can be folded (counts, shares, sums,
// averages, extremes, medians, percentiles, `first`/`last`: not histories or cycles) and every
// part's changes are told by its record's instants (its states', and those at which its
// comparisons with `now` change, `TimeProbes.orderInstants`; not business days or a `now` that
// cannot be timed), such a record is folded into its groups' settled sums (`SettledGroup`) and its
// values dropped — with `first`/`last` into runs of records released read on consecutive
// lines (`SettledRun`), each in its place in line order: without an id at once (no line
// can replace it), with an id once none of its states is open (closed, as a record the record
// policies release) and no newer line of it came for `releaseAfter` of the clock,
// keeping a 16-byte digest of the id; a later line of it is then named, not judged by these
// policies (its part cannot be taken out of the sums).
extension WatchEngine {
  /// How many records of the moving policies were released, and the lines of released ids
  /// read since (not judged by them).
  package var releasedMovingCount: Int { movingReleases.released }
  package var linesOfReleasedMoving: Int { movingReleases.lines }
  /// The most records the moving policies kept at once (since the state began).
  package var mostMovingRecords: Int { max(movingReleases.most, moving.records.count) }

  /// Whether the moving policies' records can be released: every such policy's aggregates
  /// can be folded (not histories or cycles) and its records' instants tell every change of
  /// their parts (comparisons with `now` included; not business days or an untimed `now`).
  var movingReleasable: Bool {
    live.movingPolicies.allSatisfy { policy in
      !policy.parts.movesBetweenInstants
        && policy.compiled.aggregates.allSatisfy {
          PartTree.releasable($0.kind) || [.cycleStart, .cycleEnd].contains($0.kind)
        }
    }
  }

  /// Whether `record`, a line of `id`, is of a record released: then it is not judged, and
  /// counted and named unless its parts are those released (settled, the same at `now`).
  func wasMovingReleased(_ id: String, _ record: MovingRecord, now: Int64?) -> Bool {
    guard !movingReleases.ids.isEmpty, movingReleases.ids.contains(Self.movingDigest(id))
    else { return false }
    if let now, canRelease(record, at: now, quiet: false),
      hasReleasedParts(record, id: id, at: now)
    {
      settleLine(of: record, at: now)
      return true
    }
    movingReleases.lines += 1
    let line = record.line
    notices.append(
      "\(input):\(line): a line of record \(id), released by the group policies whose parts "
        + "move with the clock (settled, and no newer line for "
        + "\(DurationFormat.format(releaseAfter ?? 0))): not judged by them\n")
    return true
  }

  /// A line of a released record leaving its parts as they were (a note) is its groups'
  /// latest line all the same, as it is the audit's: named by their later findings.
  private func settleLine(of record: MovingRecord, at now: Int64) {
    for index in live.movingPolicies.indices {
      guard let part = live.movingPart(record, policy: index, now: now), let key = part?.key
      else { continue }
      if let at = moving.settled?[index].firstIndex(where: { $0.groupKey == key }) {
        moving.settled![index][at].line = max(moving.settled![index][at].line, record.line)
      }
      movingIndex?.sums[index]?.settle(line: record.line, of: key)
    }
  }

  /// The digest of a released id of the moving policies (a table of its own).
  static func movingDigest(_ id: String) -> CaseDigest {
    CaseDigest(table: Int.max - 2_000_000, key: [.text(id)])
  }

  /// Whether `record`, a line of `id`, has at `now` the parts a record released had (its
  /// digest in `movingReleases.parts`, or for one released by a build before, in `jsonParts`).
  private func hasReleasedParts(_ record: MovingRecord, id: String, at now: Int64) -> Bool {
    if let parts = partsDigest(record, id: id, at: now), movingReleases.parts.contains(parts) {
      return true
    }
    guard !movingReleases.jsonParts.isEmpty,
      let parts = jsonPartsDigest(record, id: id, at: now)
    else { return false }
    return movingReleases.jsonParts.contains(parts)
  }

  /// The digest of `record`'s parts of the moving policies at `now` (each group's key and what
  /// it adds up to: `AggregateState.appendDigest`), with its id; nil when one meets a data
  /// error. Its version 2 (STATE's `"partsV2"`), made with no text; `jsonPartsDigest` was the
  /// first.
  func partsDigest(_ record: MovingRecord, id: String, at now: Int64) -> CaseDigest? {
    var key: [Value] = [.text(id)]
    var words: [Int64] = []
    var values: [Value] = []
    for index in live.movingPolicies.indices {
      guard let part = live.movingPart(record, policy: index, now: now) else { return nil }
      guard let part else {
        key.append(.null)
        continue
      }
      words.removeAll(keepingCapacity: true)
      values.removeAll(keepingCapacity: true)
      words += [part.key.window, Int64(part.state.records), Int64(part.key.values.count)]
      for aggregate in part.state.aggregates {
        aggregate.appendDigest(words: &words, values: &values)
      }
      key.append(.duration(Int64(words.count)))
      for word in words { key.append(.duration(word)) }
      key.append(.duration(Int64(part.key.values.count + values.count)))
      key += part.key.values
      key += values
    }
    return CaseDigest(table: Int.max - 4_000_000, key: key)
  }

  /// The first version of `partsDigest`, made from the parts' JSON: that of the digests a
  /// state file written before version 2 holds (`"parts"`), still read and trusted.
  func jsonPartsDigest(_ record: MovingRecord, id: String, at now: Int64) -> CaseDigest? {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    var key: [Value] = [.text(id)]
    for index in live.movingPolicies.indices {
      guard let part = live.movingPart(record, policy: index, now: now) else { return nil }
      guard let part else {
        key.append(.null)
        continue
      }
      let state = (try? encoder.encode(part.state.aggregates)).map {
        String(decoding: $0, as: UTF8.self)
      }
      key += [.text("\(part.key.window) \(part.state.records) \(state ?? "")")] + part.key.values
    }
    return CaseDigest(table: Int.max - 3_000_000, key: key)
  }

  /// Releases, after the moving policies were judged at `instant`, each record whose part no
  /// longer changes (and, with an id, with no newer line for `releaseAfter`): those whose
  /// instant to be released at (`releaseCandidate`) came.
  func releaseSettledMoving(at instant: Int64) {
    guard movingReleasable, !moving.records.isEmpty, movingIndex != nil else { return }
    var settled = moving.settled ?? Array(repeating: [], count: live.movingPolicies.count)
    var gone = Set<Int>()
    // INVARIANT: checked above; the policies were just judged, the index made then.
    while let first = movingIndex!.releasable.first, first.instant <= instant {
      _ = movingIndex!.releasable.pop()
      let number = moving.index(of: first.record)
      guard number < moving.records.count, moving.records[number].line == first.record else {
        continue
      }
      let record = moving.records[number]
      guard canRelease(record, at: instant) else { continue }
      var trial = settled
      let settles = live.movingPolicies.indices.allSatisfy { index in
        // A line falling before its group's folded cycles has no part there.
        record.refused?[index] == true
          || live.settle(record, policy: index, now: instant, into: &trial[index])
      }
      guard settles else { continue }
      settled = trial
      gone.insert(record.line)
      movingIndex?.drop(record.line, released: true)
      if let id = record.id {
        movingIDs[id] = nil
        movingReleases.ids.insert(Self.movingDigest(id))
        if writesJSONPartsDigests {
          if let parts = jsonPartsDigest(record, id: id, at: instant) {
            movingReleases.jsonParts.insert(parts)
          }
        } else if let parts = partsDigest(record, id: id, at: instant) {
          movingReleases.parts.insert(parts)
        }
      }
    }
    guard !gone.isEmpty else { return }
    moving.records.removeAll { gone.contains($0.line) }
    moving.settled = settled
    movingReleases.released += gone.count
    compactRuns(around: gone.union(movingGaps).sorted())
    movingGaps = []
  }

  /// Merges, in each group of the policies with `first`/`last`, the runs of records released
  /// with no record kept read between them (`SettledRun`): a record kept never falls inside
  /// one (a newer line comes after every run), so each run keeps its place in line order and
  /// the group adds up as the audit adds it up. Their trees of parts follow. Only runs beside
  /// `lines` (sorted: of records released or replaced since the last time, so no longer
  /// between runs) are looked at: others were looked at then.
  private func compactRuns(around lines: [Int]) {
    guard moving.settled != nil, !lines.isEmpty else { return }
    // INVARIANT: checked just above; changed in place (not copied).
    for policy in moving.settled!.indices {
      for group in moving.settled![policy].indices {
        guard let runs = moving.settled![policy][group].runs, runs.count > 1 else { continue }
        var joins = Set<Int>()
        for line in lines {
          let before = Self.runs(endingBefore: line, in: runs)
          for pair in [before - 1, before] where pair >= 0 && pair + 1 < runs.count {
            if !keepsRecord(between: runs[pair].to, and: runs[pair + 1].from) {
              joins.insert(pair)
            }
          }
        }
        guard !joins.isEmpty else { continue }
        var merged: [SettledRun] = []
        for (number, run) in runs.enumerated() {
          guard number > 0, joins.contains(number - 1) else {
            merged.append(run)
            continue
          }
          merged[merged.count - 1].to = run.to
          merged[merged.count - 1].records += run.records
          for slot in run.aggregates.indices {
            merged[merged.count - 1].aggregates[slot].merge(run.aggregates[slot])
          }
        }
        moving.settled![policy][group].runs = merged
        movingIndex?.sums[policy]?.setRuns(merged, of: moving.settled![policy][group].groupKey)
      }
    }
  }

  /// How many of `runs` (in line order) end before `line`.
  private static func runs(endingBefore line: Int, in runs: [SettledRun]) -> Int {
    var low = 0
    var high = runs.count
    while low < high {
      let middle = (low + high) / 2
      if runs[middle].to < line { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// Whether a record kept was read on a line after `first` and before `last`.
  private func keepsRecord(between first: Int, and last: Int) -> Bool {
    let number = moving.index(of: first + 1)
    return number < moving.records.count && moving.records[number].line < last
  }

  /// How many parts of records released the moving policies hold: one per group, or per run
  /// of a group with `first`/`last` (`SettledRun`).
  package var releasedMovingParts: Int {
    (moving.settled ?? []).joined().reduce(0) { $0 + ($1.runs?.count ?? 1) }
  }

  /// The first instant `record` can be released at, nil when never (until a newer line of its
  /// id): past its last instant, and with an id, closed and with no newer line for
  /// `releaseAfter` after it was read. A data error standing then keeps it (`canRelease`).
  func releaseCandidate(_ record: MovingRecord) -> Int64? {
    guard movingReleasable else { return nil }
    let last = record.instants.last ?? .min
    guard record.id != nil else { return last }
    guard record.open == false, let seen = record.seen, let at = releaseInstant(after: seen)
    else { return nil }
    return max(last, at)
  }

  /// Whether `record`'s part no longer changes at `instant`, and no newer line of it can come
  /// (or none came for `releaseAfter`).
  /// `quiet`: whether the id must have had no newer line for `releaseAfter`.
  private func canRelease(_ record: MovingRecord, at instant: Int64, quiet: Bool = true) -> Bool {
    guard (record.instants.last ?? .min) <= instant, !record.errors.contains(true) else {
      return false
    }
    guard record.id != nil else { return true }
    // A newer line may yet end an open state.
    guard record.open == false else { return false }
    guard quiet else { return true }
    guard let seen = record.seen, let at = releaseInstant(after: seen) else {
      return false
    }
    return at <= instant
  }
}

/// What the watch keeps of the released records of the moving policies: how many, the lines
/// of them read since, and the digests of their ids.
struct MovingReleases: Codable, Equatable {
  var released = 0
  var lines = 0
  /// The most records the moving policies kept at once.
  var most = 0
  var ids = Set<CaseDigest>()
  /// Per record released with an id, the digest of its id and parts (`partsDigest`, version
  /// 2; STATE `"partsV2"`): a later line of it with the same parts, settled, changes nothing
  /// and is not named. `jsonParts`: those of records released by a build before version 2,
  /// made from JSON (`jsonPartsDigest`; STATE `"parts"`), read and written back as they are.
  var parts = Set<CaseDigest>()
  var jsonParts = Set<CaseDigest>()
  /// The closed cycles folded (`CycleFold`), and the lines falling before them read since.
  var foldedCycles = 0
  var linesBeforeFolds = 0

  init() {}

  var isEmpty: Bool {
    released == 0 && lines == 0 && ids.isEmpty && most == 0 && foldedCycles == 0
      && linesBeforeFolds == 0
  }

  private enum CodingKeys: String, CodingKey {
    case released, lines, ids, parts, partsV2, most, foldedCycles, linesBeforeFolds
  }

  init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    released = try container.decode(Int.self, forKey: .released)
    lines = try container.decode(Int.self, forKey: .lines)
    most = try container.decodeIfPresent(Int.self, forKey: .most) ?? 0
    foldedCycles = try container.decodeIfPresent(Int.self, forKey: .foldedCycles) ?? 0
    linesBeforeFolds = try container.decodeIfPresent(Int.self, forKey: .linesBeforeFolds) ?? 0
    ids = try container.decodeIfPresent(String.self, forKey: .ids).flatMap(CaseDigest.decode) ?? []
    jsonParts =
      try container.decodeIfPresent(String.self, forKey: .parts).flatMap(CaseDigest.decode) ?? []
    parts =
      try container.decodeIfPresent(String.self, forKey: .partsV2).flatMap(CaseDigest.decode)
      ?? []
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(released, forKey: .released)
    try container.encode(lines, forKey: .lines)
    if most > 0 { try container.encode(most, forKey: .most) }
    if foldedCycles > 0 { try container.encode(foldedCycles, forKey: .foldedCycles) }
    if linesBeforeFolds > 0 { try container.encode(linesBeforeFolds, forKey: .linesBeforeFolds) }
    if !ids.isEmpty { try container.encode(CaseDigest.encode(ids), forKey: .ids) }
    if !jsonParts.isEmpty {
      try container.encode(CaseDigest.encode(jsonParts), forKey: .parts)
    }
    if !parts.isEmpty { try container.encode(CaseDigest.encode(parts), forKey: .partsV2) }
  }
}
