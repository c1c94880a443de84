import VigilCore
import VigilEvaluation

// The moving policies' index (`MovingIndex`) in the watch: at each judgement only the records
// read since the last and those with an instant come since are read again, and the groups of
// the policies summed are judged from their sums, so that a judgement costs what changed (and
// the groups), not every record kept.
extension WatchEngine {
  /// How many times a record's parts of the moving policies were read: once per record and
  /// policy added up again at each judgement, once per record read again for the others.
  package var movingPartReads: Int { movingReads }

  /// Brings the index to `instant` — made from the records kept when there is none (after a
  /// restart) or it is past `instant`: the records read since it was, and those whose parts can
  /// have changed since, read as of `instant`. Returns the lines read, in order.
  func advanceMovingIndex(to instant: Int64) -> [Int] {
    var index: MovingIndex
    var lines: [Int]
    if let at = movingIndex?.at, at <= instant {
      // INVARIANT: checked just above; taken, so that it is changed in place.
      index = movingIndex.take()!
      lines = index.takeDue(upTo: instant)
    } else {
      let sums = live.movingPolicies.indices.map { policy in
        live.isSummed(policy) && (sumsCycles || !live.judgesCycles(policy))
          ? MovingSums(
            settled: moving.settled?[policy] ?? [],
            aggregates: live.movingPolicies[policy].compiled.aggregates.count,
            kinds: live.treeKinds(policy)) : nil
      }
      index = MovingIndex(at: instant, sums: sums)
      lines = moving.records.map(\.line)
      // New sums: every group judged again.
      movingVerdicts = [:]
      cycleMemos = [:]
    }
    index.at = instant
    lines = Array(Set(lines)).sorted()
    let summed = index.sums.map { $0 != nil }
    let frame = Frame(slots: live.layout.count, now: instant, directory: live.directory)
    var read: [Int] = []
    for line in lines {
      let number = moving.index(of: line)
      guard number < moving.records.count, moving.records[number].line == line else { continue }
      let record = moving.records[number]
      if index.parts[line] == nil, let at = releaseCandidate(record) {
        index.releasable.push(TimerQueue.Entry(instant: at, record: line))
      }
      index.set(line, live.movingParts(record, summed: summed, frame: frame, input: input))
      movingReads += 1
      index.schedule(line, at: Self.firstInstant(of: record, after: instant))
      read.append(line)
    }
    movingIndex = index
    return read
  }

  /// The first of `record`'s instants after `instant`.
  static func firstInstant(of record: MovingRecord, after instant: Int64) -> Int64? {
    var low = 0
    var high = record.instants.count
    while low < high {
      let middle = (low + high) / 2
      if record.instants[middle] <= instant { low = middle + 1 } else { high = middle }
    }
    return low < record.instants.count ? record.instants[low] : nil
  }

  /// The groups of each summed moving policy and the records meeting a data error as of the
  /// index's next instant — the parts of the records whose instant it is read again —, the
  /// index left as it is.
  func movingSumsAtNext() -> [(states: [GroupKey: GroupState], errors: Int, order: [GroupKey]?)?] {
    // No copy of the index is held: its trees of parts are changed in place.
    guard let next = movingIndex?.next(), let policies = movingIndex?.sums.count else { return [] }
    // INVARIANT: checked just above.
    let summed = movingIndex!.sums.map { $0 != nil }
    let frame = Frame(slots: live.layout.count, now: next, directory: live.directory)
    var changes: [[(old: MovingPart, new: MovingPart)]] = Array(repeating: [], count: policies)
    var lines: [[Int]] = Array(repeating: [], count: policies)
    for line in movingIndex?.due[next] ?? [] {
      let number = moving.index(of: line)
      guard number < moving.records.count, moving.records[number].line == line,
        let old = movingIndex?.parts[line]
      else { continue }
      let new = live.movingParts(moving.records[number], summed: summed, frame: frame, input: input)
      movingReads += 1
      for policy in changes.indices {
        if let before = old[policy], let after = new[policy] {
          changes[policy].append((before, after))
          lines[policy].append(line)
        }
      }
    }
    return (0..<policies).map { policy in
      // Trees of parts are changed and changed back in place (not copied).
      movingIndex?.sums[policy]?.after(changes[policy], lines: lines[policy])
    }
  }
}
