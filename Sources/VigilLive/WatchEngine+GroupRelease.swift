import Foundation
import VigilCore
import VigilEvaluation

/// What the watch keeps to release what group policies without a window hold: the parts of
/// ids' latest lines and the groups, queued by the instant they can go, the digests of what
/// went, and how many lines of it were read since.
struct GroupReleases: Codable, Equatable {
  /// Parts (by number) and groups (by number), by the instant they can go.
  var partTimers = TimerQueue()
  var groupTimers = TimerQueue()
  /// The ids whose parts were released (`WatchEngine.groupIDDigest`), and per such id the
  /// digest of its parts (`WatchEngine.windowlessDigest`): a later line of it with the same
  /// parts changes nothing, and is not named.
  var ids = Set<CaseDigest>()
  var parts = Set<CaseDigest>()
  /// The groups released (`WatchEngine.groupDigest`).
  var groups = Set<CaseDigest>()
  var releasedIDs = 0
  var releasedParts = 0
  var releasedGroups = 0
  /// Lines not judged by a policy without a window: of a released id (its parts changed), or
  /// whose part falls in a released group.
  var lines = 0

  init() {}

  var isEmpty: Bool {
    partTimers.isEmpty && groupTimers.isEmpty && releasedIDs == 0 && releasedParts == 0
      && releasedGroups == 0 && lines == 0
  }

  private enum CodingKeys: String, CodingKey {
    case partTimers, groupTimers, ids, parts, groups, releasedIDs, releasedParts, releasedGroups
    case lines
  }

  init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    partTimers = try container.decode(TimerQueue.self, forKey: .partTimers)
    groupTimers = try container.decode(TimerQueue.self, forKey: .groupTimers)
    for (key, path) in [
      (CodingKeys.ids, \Self.ids), (.parts, \Self.parts), (.groups, \Self.groups),
    ] as [(CodingKeys, WritableKeyPath<Self, Set<CaseDigest>>)] {
      self[keyPath: path] =
        try container.decodeIfPresent(String.self, forKey: key).flatMap(CaseDigest.decode) ?? []
    }
    releasedIDs = try container.decode(Int.self, forKey: .releasedIDs)
    releasedParts = try container.decode(Int.self, forKey: .releasedParts)
    releasedGroups = try container.decode(Int.self, forKey: .releasedGroups)
    lines = try container.decode(Int.self, forKey: .lines)
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(partTimers, forKey: .partTimers)
    try container.encode(groupTimers, forKey: .groupTimers)
    if !ids.isEmpty { try container.encode(CaseDigest.encode(ids), forKey: .ids) }
    if !parts.isEmpty { try container.encode(CaseDigest.encode(parts), forKey: .parts) }
    if !groups.isEmpty { try container.encode(CaseDigest.encode(groups), forKey: .groups) }
    try container.encode(releasedIDs, forKey: .releasedIDs)
    try container.encode(releasedParts, forKey: .releasedParts)
    try container.encode(releasedGroups, forKey: .releasedGroups)
    try container.encode(lines, forKey: .lines)
  }
}

// Releasing what group policies without a window hold (`per owner`). Such a group never ends,
// and with `--id` it holds the part of each id's latest line, so that a newer line takes it
// out. Both are let go when quiet for `releaseAfter` of the clock:
// - an id's parts, once no newer line of it came for `releaseAfter`: each stays in its
//   group's aggregates (for counts, shares, sums and averages it is there already; for the
//   others it is added to the group's released parts, `LiveGroup.settled`: parts are released
//   in the order of their lines, all before those kept, so the group added up again from
//   both is added up in the audit's order); 16-byte digests of the id and of its parts are
//   kept. A later line of the id is not judged by these policies (its older part cannot be
//   taken out any more) but named and counted — unless its parts are those released (a note,
//   a field they do not read): then nothing changes and nothing is named;
// - a group, once no line changed it for `releaseAfter` and it has no timer pending (a
//   condition reading `now`): its aggregates and what was shown of it are dropped, a 16-byte
//   digest of its policy and key kept. A later line whose part falls in it is not judged by
//   that policy (without its earlier records the group would start again from nothing) but
//   named and counted. Its parts went before it: a part is released `releaseAfter` after its
//   line, and its group changed then or later.
extension WatchEngine {
  /// How many ids had their parts released, how many parts, how many groups of policies
  /// without a window, and the lines not judged by those policies since.
  package var releasedGroupIDCount: Int { groupReleases.releasedIDs }
  package var releasedGroupPartCount: Int { groupReleases.releasedParts }
  package var releasedGroupCount: Int { groupReleases.releasedGroups }
  package var linesOfReleasedGroups: Int { groupReleases.lines }
  /// How many parts of ids' latest lines (and, for aggregates that cannot be subtracted, of
  /// lines without an id) the group policies keep.
  package var groupPartCount: Int { groups.parts.count }

  /// Queues part `number`, of a policy without a window, read at `instant`, for release.
  func queuePartRelease(_ number: Int, at instant: Int64) {
    guard let at = releaseInstant(after: instant), at != .max else { return }
    groupReleases.partTimers.push(.init(instant: at, record: number))
  }

  /// Queues group `number` (new, made at `instant`) of a policy without a window for release.
  func queueGroupRelease(_ number: Int, at instant: Int64) {
    let group = groups.groups[number]
    guard live.aggregatePolicies[group.policy].compiled.window == nil,
      let at = releaseInstant(after: instant), at != .max
    else { return }
    groupReleases.groupTimers.push(.init(instant: at, record: number))
  }

  /// The instant of the earliest part or group to release.
  var nextGroupRelease: Int64? {
    let times = [groupReleases.partTimers.first?.instant, groupReleases.groupTimers.first?.instant]
    return times.compactMap { $0 }.min()
  }

  /// Releases the parts and then the groups queued for the earliest instant: each part still
  /// kept (not replaced by a newer line of its id), and each group no line changed for
  /// `releaseAfter` and with no timer pending (else queued again for when it can go).
  func fireGroupReleases() {
    // INVARIANT: called when a queue has an entry due.
    let instant = nextGroupRelease!
    var batch: [(number: Int, part: GroupPart)] = []
    while let entry = groupReleases.partTimers.first, entry.instant <= instant {
      _ = groupReleases.partTimers.pop()
      guard let part = groups.parts[entry.record], part.added else { continue }
      batch.append((entry.record, part))
    }
    // In the order of their lines (a line's parts in the order of their policies).
    batch.sort { $0.number < $1.number }
    var byID: [String: [GroupPart]] = [:]
    for (number, part) in batch {
      groups.parts[number] = nil
      groupReleases.releasedParts += 1
      if !live.aggregatePolicies[part.policy].subtractable {
        var group = groups.groups[part.group]
        group.members?.removeAll { $0 == number }
        var settled =
          group.settled ?? Array(repeating: AggregateState(), count: group.aggregates.count)
        for index in settled.indices { settled[index].merge(part.state[index]) }
        group.settled = settled
        groups.groups[part.group] = group
      }
      if let id = part.id { byID[id, default: []].append(part) }
    }
    for (id, parts) in byID {
      let left = (groups.byID[id] ?? []).filter { groups.parts[$0] != nil }
      groups.byID[id] = left.isEmpty ? nil : left
      groupReleases.ids.insert(Self.groupIDDigest(id))
      groupReleases.parts.insert(
        windowlessDigest(id) { policy in
          parts.first { $0.policy == policy }.map { part in
            let group = groups.groups[part.group]
            return (GroupKey(values: group.key, window: group.window), part.state)
          }
        })
      groupReleases.releasedIDs += 1
    }
    while let entry = groupReleases.groupTimers.first, entry.instant <= instant {
      _ = groupReleases.groupTimers.pop()
      releaseGroup(entry.record, at: instant)
    }
  }

  /// Releases group `number` at `instant` if it can go then, else queues it again.
  private func releaseGroup(_ number: Int, at instant: Int64) {
    guard let group = groups.groups.at(number) else { return }
    if let seen = group.seen, let at = releaseInstant(after: seen), at > instant {
      if at != .max { groupReleases.groupTimers.push(.init(instant: at, record: number)) }
      return
    }
    if let timer = group.timer {
      groupReleases.groupTimers.push(.init(instant: max(timer, instant + 1), record: number))
      return
    }
    _ = groups.groups.remove(number)
    let key = GroupKey(values: group.key, window: group.window)
    groupIndex[group.policy][key] = nil
    groupReleases.groups.insert(Self.groupDigest(policy: group.policy, key))
    groupReleases.releasedGroups += 1
  }

  /// Whether the group of `key` of policy `policy` (without a window) was released.
  func isReleasedGroup(policy: Int, _ key: GroupKey) -> Bool {
    !groupReleases.groups.isEmpty && groupIndex[policy][key] == nil
      && groupReleases.groups.contains(Self.groupDigest(policy: policy, key))
  }

  /// Whether `id`'s parts were released: then its line, whose parts are `parts` (by policy),
  /// is not judged by the policies without a window, and counted and named unless those parts
  /// are the ones released.
  func releasedIDLine(
    _ id: String, parts: [(key: GroupKey, time: Int64?, state: GroupState)?], line: Int
  ) -> Bool {
    guard !groupReleases.ids.isEmpty, groupReleases.ids.contains(Self.groupIDDigest(id)) else {
      return false
    }
    let digest = windowlessDigest(id) { policy in
      parts[policy].map { ($0.key, $0.state.aggregates) }
    }
    if groupReleases.parts.contains(digest) { return true }
    groupReleases.lines += 1
    notices.append(
      "\(input):\(line): a line of record \(id), released by the group policies without a "
        + "window (no newer line for \(DurationFormat.format(releaseAfter ?? 0))): not judged "
        + "by them\n")
    return true
  }

  /// Names line `line`, whose part of policy `policy` falls in group `key`, released.
  func releasedGroupLine(_ policy: Int, key: [Value], line: Int) {
    let name = key.map { Operations.format($0) }.joined(separator: ", ")
    notices.append(
      "\(input):\(line): a line of \(name.isEmpty ? "the group" : name) of policy "
        + "\(live.aggregatePolicies[policy].compiled.name), a group released (no line for "
        + "\(DurationFormat.format(releaseAfter ?? 0))): not judged by it\n")
  }

  /// The digest of an id whose parts of the policies without a window were released.
  static func groupIDDigest(_ id: String) -> CaseDigest {
    CaseDigest(table: Int.max - 4_000_000, key: [.text(id)])
  }

  /// The digest of a released group of policy `policy`.
  static func groupDigest(policy: Int, _ key: GroupKey) -> CaseDigest {
    CaseDigest(table: Int.max - 6_000_000 - policy, key: key.values)
  }

  /// The digest of `id` and its parts of the policies without a window (`part` gives each
  /// policy's group key and what the part adds up to, nil when it has none).
  func windowlessDigest(
    _ id: String, part: (Int) -> (key: GroupKey, state: [AggregateState])?
  ) -> CaseDigest {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    var key: [Value] = [.text(id)]
    for index in live.aggregatePolicies.indices
    where live.aggregatePolicies[index].compiled.window == nil {
      guard let (group, state) = part(index) else {
        key.append(.null)
        continue
      }
      let encoded = (try? encoder.encode(state)).map { String(decoding: $0, as: UTF8.self) }
      key += [.text(encoded ?? "")] + group.values
    }
    return CaseDigest(table: Int.max - 5_000_000, key: key)
  }
}
