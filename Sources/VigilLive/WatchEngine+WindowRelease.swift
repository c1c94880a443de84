import Foundation
import VigilCore
import VigilEvaluation

/// What the watch keeps to release the calendar windows of aggregate policies: the groups
/// queued by the instant they can go, how many went, and the lines of closed windows read.
struct WindowReleases: Codable, Equatable {
  /// Per group (by number), the instant its window and the next have been closed for.
  var timers = TimerQueue()
  var released = 0
  var linesOfClosedWindows = 0
  /// With `--id`, per part of an id's latest line in a window released, the digest of the
  /// policy, the id, the group and the part (`WatchEngine.partDigest`): a newer line of the id
  /// with the same part changes nothing, and is not named.
  var parts = Set<CaseDigest>()

  init() {}

  var isEmpty: Bool { timers.isEmpty && released == 0 && linesOfClosedWindows == 0 }

  private enum CodingKeys: String, CodingKey { case timers, released, linesOfClosedWindows, parts }

  init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    timers = try container.decode(TimerQueue.self, forKey: .timers)
    released = try container.decode(Int.self, forKey: .released)
    linesOfClosedWindows = try container.decode(Int.self, forKey: .linesOfClosedWindows)
    parts =
      try container.decodeIfPresent(String.self, forKey: .parts).flatMap(CaseDigest.decode) ?? []
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(timers, forKey: .timers)
    try container.encode(released, forKey: .released)
    try container.encode(linesOfClosedWindows, forKey: .linesOfClosedWindows)
    if !parts.isEmpty { try container.encode(CaseDigest.encode(parts), forKey: .parts) }
  }
}

// Releasing the calendar windows of aggregate policies (`per owner, daily by created_at`).
// A window is **closed** once it ended `releaseAfter` before the clock: a line whose part
// falls in it (its window time before the clock, so late) is not judged by that policy but
// counted and named, as a line of a released case is; nor does a newer line of an id take
// the older line's part out of a closed window. A closed window's group is released — its
// aggregates, what was shown of it and the parts of records in it dropped — once the next
// window of its key is closed too (that group's `previous` reads it) and neither has a timer
// pending (a condition reading `now`). Its findings are then final: no line can change it.
extension WatchEngine {
  /// How many windows of aggregate policies were released, and the lines of closed windows
  /// read (not judged by the policy).
  package var releasedWindowCount: Int { windowReleases.released }
  package var linesOfClosedWindows: Int { windowReleases.linesOfClosedWindows }

  /// The first window of aggregate policy `policy` not closed at `instant`: earlier windows
  /// ended `releaseAfter` before it. Nil when windows are not released or it has none.
  func firstOpenWindow(policy: Int, at instant: Int64) -> Int64? {
    guard let releaseAfter, let (calendar, _) = live.aggregatePolicies[policy].compiled.window
    else { return nil }
    let (back, overflow) = instant.subtractingReportingOverflow(releaseAfter)
    return overflow ? nil : calendar.start(of: back)
  }

  /// Whether window `window` of aggregate policy `policy` is closed at the clock.
  func isClosed(policy: Int, window: Int64) -> Bool {
    guard let clock, let open = firstOpenWindow(policy: policy, at: clock) else { return false }
    return window < open
  }

  /// Queues group `number` (new) for release at the instant its window's next is closed.
  func queueWindowRelease(_ number: Int) {
    let group = groups.groups[number]
    guard let releaseAfter,
      let (calendar, _) = live.aggregatePolicies[group.policy].compiled.window
    else { return }
    // The end of the next window: the first instant of the one after it.
    let after = calendar.next(calendar.next(group.window))
    let (local, overflow) = after.multipliedReportingOverflow(by: CivilTime.msPerDay)
    guard !overflow else { return }
    let end = calendar.zone.firstInstant(reading: local)
    let (at, late) = end.addingReportingOverflow(releaseAfter)
    guard !late else { return }
    windowReleases.timers.push(.init(instant: at, record: number))
  }

  /// The instant of the earliest window to release.
  var nextWindowRelease: Int64? { windowReleases.timers.first?.instant }

  /// Releases the groups queued for the earliest instant, `instant`: each whose window and
  /// the next are closed then, with no timer pending (else queued again for when its timer,
  /// or the next window's, has fired); then drops the parts in them.
  func fireWindowReleases() {
    // INVARIANT: called when the queue has an entry due.
    let instant = windowReleases.timers.first!.instant
    var released: [Int: LiveGroup] = [:]
    while let entry = windowReleases.timers.first, entry.instant == instant {
      _ = windowReleases.timers.pop()
      guard let group = groups.groups.at(entry.record) else { continue }
      let policy = group.policy
      // INVARIANT: only groups of policies with windows are queued.
      let (calendar, _) = live.aggregatePolicies[policy].compiled.window!
      let next = GroupKey(values: group.key, window: calendar.next(group.window))
      let following = groupIndex[policy][next].flatMap { groups.groups.at($0) }
      let open = firstOpenWindow(policy: policy, at: instant) ?? .min
      if let pending = [group.timer, following?.timer].compactMap({ $0 }).max() {
        windowReleases.timers.push(.init(instant: max(pending, instant + 1), record: entry.record))
        continue
      }
      guard calendar.next(group.window) < open else {
        // Not closed yet (cannot be, as the instant was computed): a minute later.
        windowReleases.timers.push(.init(instant: instant + 60_000, record: entry.record))
        continue
      }
      groups.groups.remove(entry.record)
      groupIndex[policy][GroupKey(values: group.key, window: group.window)] = nil
      released[entry.record] = group
    }
    guard !released.isEmpty else { return }
    windowReleases.released += released.count
    var byID: [String: [Int]] = [:]
    for (id, numbers) in groups.byID {
      var left: [Int] = []
      for number in numbers {
        // INVARIANT: an id's parts are kept.
        let part = groups.parts[number]!
        guard let group = released[part.group] else {
          left.append(number)
          continue
        }
        windowReleases.parts.insert(
          Self.partDigest(part, id: id, key: GroupKey(values: group.key, window: group.window)))
      }
      if !left.isEmpty { byID[id] = left }
    }
    groups.byID = byID
    groups.parts = groups.parts.filter { released[$0.value.group] == nil }
  }

  /// The digest of `part`, of id `id`'s latest line, in the group of `key`.
  static func partDigest(_ part: GroupPart, id: String, key: GroupKey) -> CaseDigest {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let state = (try? encoder.encode(part.state)).map { String(decoding: $0, as: UTF8.self) }
    return CaseDigest(
      table: Int.max - 1_000_000 - part.policy,
      key: [.text(id), .text("\(key.window)"), .text(state ?? "")] + key.values)
  }

  /// Names line `line`, which would change closed window `window` of aggregate policy
  /// `policy`'s group `key` (the caller counts it, once).
  func closedWindowLine(_ policy: Int, key: [Value], window: Int64, line: Int) {
    let compiled = live.aggregatePolicies[policy].compiled
    let name = key.map { Operations.format($0) }.joined(separator: ", ")
    let label = compiled.window.map { $0.0.label(window) } ?? ""
    notices.append(
      "\(input):\(line): a line of \(name.isEmpty ? "" : "\(name) in ")\(label) of policy "
        + "\(compiled.name), a window closed (it ended \(DurationFormat.format(releaseAfter ?? 0)) "
        + "before the clock): not judged by it\n")
  }
}
