import VigilCore

// Releasing the groups of sequence policies as cases are: a group none of whose records has a
// timer pending (each was followed, or its time and escalations are past: only a line can
// change it) and that had no line for `releaseAfter` of the clock is let go — its followers,
// the records fired for, and with `--id` what its ids' latest lines were to it — keeping a
// 16-byte digest of its policy and key. A later line of it is counted and named, not judged by
// that policy (its earlier records are gone: judged as a new group, it could repeat findings
// or miss a follower).
extension WatchEngine {
  /// How many groups of sequence policies are kept, and how many were released.
  package var sequenceGroupCount: Int { sequences.groups.count }
  package var releasedSequenceGroupCount: Int { releasedSequenceGroups.count }

  /// The digest of a sequence policy's group: that of its key in a table of its own (no
  /// events file's, nor the ids').
  static func digest(_ key: SequenceKey) -> CaseDigest {
    CaseDigest(table: Int.max - 1 - key.policy, key: key.key)
  }

  /// Whether sequence group `key`, not kept, was released: then its line `line` is counted and
  /// named, not judged by the policy.
  func wasReleased(_ key: SequenceKey, line: Int) -> Bool {
    guard !releasedSequenceGroups.isEmpty, releasedSequenceGroups.contains(Self.digest(key))
    else { return false }
    linesOfReleasedSequenceGroups += 1
    let name = key.key.map { Operations.format($0) }.joined(separator: ", ")
    let policy = live.sequencePolicies[key.policy].name
    notices.append(
      "\(input):\(line): a line of group \(name) of policy \(policy), which was released (no "
        + "timer pending and no line for \(DurationFormat.format(releaseAfter ?? 0))): not "
        + "judged by it\n")
    return true
  }

  /// Notes that a line of group `number` was read at the clock (with `id`, of that id), and
  /// queues the group for release if groups are released.
  func sawSequenceGroup(_ number: Int, id: String?) {
    guard let clock else { return }
    sequences.groups[number].lastSeen = clock
    if let id {
      // Appended in place: a new array made of the old one and the id, for every line,
      // made a group's lines cost time in proportion to the lines before them.
      if sequences.groups[number].ids == nil { sequences.groups[number].ids = [] }
      sequences.groups[number].ids!.append(id)
    }
    guard sequences.groups[number].releaseQueued == nil, let at = releaseInstant(after: clock)
    else { return }
    sequences.releaseTimers.push(.init(instant: at, record: number))
    sequences.groups[number].releaseQueued = at
  }

  /// The instant of the earliest entry of the release queue.
  var nextSequenceRelease: Int64? { sequences.releaseTimers.first?.instant }

  /// Takes the release queue's first entry: releases its group if it is still queued then, no
  /// line of it came for `releaseAfter` and none of its records has a timer pending; else
  /// queues it again when that may be so.
  func fireSequenceRelease(into findings: inout [LiveFinding]) {
    // INVARIANT: called when the queue has an entry due.
    let entry = sequences.releaseTimers.pop()!
    guard var group = sequences.groups.at(entry.record), group.releaseQueued == entry.instant
    else { return }
    group.releaseQueued = nil
    let quiet = group.lastSeen.flatMap(releaseInstant(after:)) ?? entry.instant
    let pending = group.records.compactMap { sequences.records[$0].timer }.max()
    let at = max(quiet, pending ?? quiet)
    guard at <= entry.instant else {
      sequences.releaseTimers.push(.init(instant: at, record: entry.record))
      group.releaseQueued = at
      sequences.groups[entry.record] = group
      return
    }
    releaseSequenceGroup(entry.record, group)
  }

  /// Lets sequence group `number` go: its records, its ids' entries for it; keeps its digest.
  private func releaseSequenceGroup(_ number: Int, _ group: SequenceGroup) {
    for record in group.records { sequences.records.remove(record) }
    sequences.groups.remove(number)
    let key = SequenceKey(policy: group.policy, key: group.key)
    sequenceIndex[key] = nil
    releasedSequenceGroups.insert(Self.digest(key))
    for id in Set(group.ids ?? []) {
      guard let entries = sequences.byID[id] else { continue }
      let left = entries.filter { $0.group != number }
      sequences.byID[id] = left.isEmpty ? nil : left
    }
  }
}
