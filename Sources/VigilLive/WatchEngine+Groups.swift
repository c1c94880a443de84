import VigilCore
import VigilEvaluation

// Group policies that aggregate their records, in the watch. Each group's aggregates are kept
// as lines come: a line's part (what it adds to each aggregate, `LiveProgram.groupPart`) is
// added to its group once the clock reaches its window time (at once without a window); with
// `--id`, a newer line of an id takes the older line's part out — subtracted from counts,
// shares, sums and averages, or the group added up again from the parts it holds for the
// other aggregates. A group changed is judged as the audit judges it at the clock (and, with
// windows, the next window's group, whose `previous` it is); a condition that reads `now` is
// judged again at the instants its verdict can change, as a case's is.
extension WatchEngine {
  /// How many groups the aggregate policies keep.
  package var groupCount: Int { groups.groups.count }

  /// Takes the line holding `values` (and in `timeless`) into its group of every aggregate
  /// policy (replacing, with `--id`, the older line of its id), and judges the groups it
  /// changed.
  func applyToGroups(
    _ values: [Value], line: Int, late: Bool, into findings: inout [LiveFinding]
  ) {
    guard let clock else {
      groups.waiting.append(CaseEvent(values: values, line: line, time: nil))
      return
    }
    let id = replacesByID ? live.recordID(values) : nil
    var changed = Set<Int>()
    // The older line's parts in closed windows stay (no line changes a closed window).
    var stay: [Int: (number: Int, part: GroupPart)] = [:]
    for number in id.flatMap({ groups.byID[$0] }) ?? [] {
      // INVARIANT: an id's parts are kept until a newer line of it takes them out.
      let part = groups.parts[number]!
      let window = groups.groups[part.group].window
      if part.added && isClosed(policy: part.policy, window: window) {
        stay[part.policy] = (number, part)
        continue
      }
      groups.parts[number] = nil
      if part.added {
        takeOut(part, number: number, line: line, at: clock)
        changed.insert(part.group)
      }
    }
    let parts = live.aggregatePolicies.indices.map { index in
      live.groupPart(timeless, policy: index, input: input, line: line) { report in
        findings.append(LiveFinding(kind: .dataError, at: clock, dataError: report, late: late))
      }
    }
    // A released id's line is not judged by the policies without a window (`releasedIDLine`).
    let skipWindowless = id.map { releasedIDLine($0, parts: parts, line: line) } ?? false
    var kept: [Int] = []
    var closed = false
    var ofReleasedGroup = false
    for index in live.aggregatePolicies.indices {
      let part = parts[index]
      let windowed = live.aggregatePolicies[index].compiled.window != nil
      if skipWindowless && !windowed { continue }
      let staying = stay[index]
      if let staying {
        kept.append(staying.number)
        let group = groups.groups[staying.part.group]
        let same =
          part.map {
            GroupKey(values: group.key, window: group.window) == $0.key
              && LiveGroup.same(staying.part.state, $0.state.aggregates)
          } ?? false
        // A line that leaves its part of a closed window as it was changes nothing there.
        if same { continue }
        closedWindowLine(index, key: group.key, window: group.window, line: line)
        closed = true
      }
      guard let part else { continue }
      if isClosed(policy: index, window: part.key.window) {
        let named = staying.map { groups.groups[$0.part.group].window == part.key.window } ?? false
        if staying == nil, let id {
          // The same part as the id's latest line had in a window released: nothing changes.
          let made = GroupPart(
            policy: index, group: -1, line: line, keep: true, state: part.state.aggregates)
          if windowReleases.parts.contains(Self.partDigest(made, id: id, key: part.key)) {
            continue
          }
        }
        if !named {
          closedWindowLine(index, key: part.key.values, window: part.key.window, line: line)
        }
        closed = true
        continue
      }
      if !windowed && isReleasedGroup(policy: index, part.key) {
        releasedGroupLine(index, key: part.key.values, line: line)
        ofReleasedGroup = true
        continue
      }
      let group = groupNumber(policy: index, part.key, at: clock)
      let number = groups.nextPart
      groups.nextPart += 1
      // Kept once added when a newer line may take it out, or the group be added up again.
      let keep = replacesByID && (id != nil || !live.aggregatePolicies[index].subtractable)
      let made = GroupPart(
        policy: index, group: group, time: part.time, line: line, keep: keep,
        state: part.state.aggregates, id: id)
      if let time = part.time, time > clock {
        groups.parts[number] = made
        groups.partTimers.push(.init(instant: time, record: number))
      } else {
        addIn(made, number: number, line: line, at: clock)
        changed.insert(group)
      }
      if keep && !windowed { queuePartRelease(number, at: clock) }
      if id != nil { kept.append(number) }
    }
    if closed { windowReleases.linesOfClosedWindows += 1 }
    if ofReleasedGroup { groupReleases.lines += 1 }
    if let id { groups.byID[id] = kept.isEmpty ? nil : kept }
    for group in changed.sorted() {
      judgeGroupAndNext(group, at: clock, late: late, into: &findings)
    }
  }

  /// The number of aggregate policy `policy`'s group `key`, made when new.
  private func groupNumber(policy: Int, _ key: GroupKey, at instant: Int64) -> Int {
    if let known = groupIndex[policy][key] { return known }
    let count = live.aggregatePolicies[policy].compiled.aggregates.count
    let number = groups.groups.append(
      LiveGroup(
        policy: policy, key: key.values, window: key.window,
        aggregates: Array(repeating: AggregateState(), count: count)))
    groupIndex[policy][key] = number
    queueWindowRelease(number)
    queueGroupRelease(number, at: instant)
    return number
  }

  /// Adds part `number` to its group's state (and keeps it, if it is to be kept).
  private func addIn(_ part: GroupPart, number: Int, line: Int, at instant: Int64) {
    var added = part
    added.added = true
    groups.parts[number] = part.keep ? added : nil
    var group = groups.groups[part.group]
    group.records += 1
    group.seen = instant
    for index in group.aggregates.indices { group.aggregates[index].merge(part.state[index]) }
    group.line = line
    if replacesByID && !live.aggregatePolicies[part.policy].subtractable {
      var members = group.members ?? []
      members.insert(number, at: members.firstIndex { $0 > number } ?? members.count)
      group.members = members
    }
    groups.groups[part.group] = group
  }

  /// Takes part `number` (removed from `parts`) out of its group's state.
  private func takeOut(_ part: GroupPart, number: Int, line: Int, at instant: Int64) {
    var group = groups.groups[part.group]
    group.records -= 1
    group.line = line
    group.seen = instant
    if live.aggregatePolicies[part.policy].subtractable {
      for index in group.aggregates.indices { group.aggregates[index].subtract(part.state[index]) }
    } else {
      // The other parts, added up again in the order of their lines (as the audit reads them):
      // those released first (their lines are all earlier), then those kept.
      group.members?.removeAll { $0 == number }
      group.aggregates =
        group.settled ?? Array(repeating: AggregateState(), count: group.aggregates.count)
      // INVARIANT: a group's members are kept parts.
      let members = (group.members ?? []).map { groups.parts[$0]! }.sorted { $0.line < $1.line }
      for member in members {
        for index in group.aggregates.indices { group.aggregates[index].merge(member.state[index]) }
      }
    }
    groups.groups[part.group] = group
  }

  /// Judges group `number` at `instant`, and the group of the next window (whose `previous`
  /// it is), if there is one.
  private func judgeGroupAndNext(
    _ number: Int, at instant: Int64, late: Bool, into findings: inout [LiveFinding]
  ) {
    judgeGroup(number, at: instant, late: late, into: &findings)
    let group = groups.groups[number]
    guard let (calendar, _) = live.aggregatePolicies[group.policy].compiled.window else { return }
    let next = GroupKey(values: group.key, window: calendar.next(group.window))
    if let following = groupIndex[group.policy][next] {
      // Its `previous` changed with this group: the same line changed it.
      groups.groups[following].line = group.line
      judgeGroup(following, at: instant, late: late, into: &findings)
    }
  }

  /// Judges group `number` at `instant`: its finding, if its verdict changed, and its next timer.
  func judgeGroup(
    _ number: Int, at instant: Int64, late: Bool, into findings: inout [LiveFinding]
  ) {
    var group = groups.groups[number]
    let key = GroupKey(values: group.key, window: group.window)
    var previous: [GroupKey: GroupState] = [:]
    if let (calendar, _) = live.aggregatePolicies[group.policy].compiled.window {
      let before = GroupKey(values: group.key, window: calendar.previous(group.window))
      if let known = groupIndex[group.policy][before] {
        previous[before] = groups.groups[known].state
      }
    }
    var (verdict, next) = live.judgeGroup(
      group.policy, key: key, group.state, previous: previous, now: instant)
    // A group's finding names the line that last changed it.
    verdict.violation?.line = group.line
    if let error = verdict.dataError, !group.error {
      findings.append(LiveFinding(kind: .dataError, at: instant, dataError: error, late: late))
    }
    group.error = verdict.dataError != nil
    if let finding = LiveFinding.change(
      from: group.status, to: verdict, last: group.shown, at: instant, late: late)
    {
      findings.append(finding)
      group.shown = verdict.status == .none ? nil : finding.violation
    }
    group.status = verdict.status
    if let next, next != group.timer { groups.timers.push(.init(instant: next, record: number)) }
    group.timer = next
    groups.groups[number] = group
  }

  /// The instant of the earliest pending group timer (a group to judge, a part to add).
  var nextGroupTimer: Int64? {
    while let first = groups.timers.first, groups.groups.at(first.record)?.timer != first.instant {
      _ = groups.timers.pop()
    }
    let parts = groups.partTimers.first?.instant
    guard let judged = groups.timers.first?.instant else { return parts }
    return min(judged, parts ?? judged)
  }

  /// Fires the earliest group timer at or before `instant`, if any: a part stamped then is
  /// added to its group (judged), or a group is judged. Returns whether one fired.
  func fireGroupTimer(upTo instant: Int64, into findings: inout [LiveFinding]) -> Bool {
    let part = groups.partTimers.first.flatMap { $0.instant <= instant ? $0 : nil }
    let judged = groups.timers.first.flatMap { $0.instant <= instant ? $0 : nil }
    if let entry = part, judged.map({ entry.instant <= $0.instant }) ?? true {
      _ = groups.partTimers.pop()
      // A part taken out by a newer line of its id before it happened is gone.
      guard let kept = groups.parts[entry.record], !kept.added else { return true }
      addIn(kept, number: entry.record, line: kept.line, at: entry.instant)
      judgeGroupAndNext(kept.group, at: entry.instant, late: false, into: &findings)
      return true
    }
    guard let entry = judged else { return false }
    _ = groups.timers.pop()
    guard groups.groups.at(entry.record)?.timer == entry.instant else { return true }
    groups.groups[entry.record].timer = nil
    judgeGroup(entry.record, at: entry.instant, late: false, into: &findings)
    return true
  }

  /// The earliest group timer due at or before `instant`, for ordering against the others.
  func dueGroupTimer(upTo instant: Int64) -> Int64? {
    let due = [groups.partTimers.first?.instant, groups.timers.first?.instant].compactMap { $0 }
      .filter { $0 <= instant }
    return due.min()
  }

  /// Judges the lines read before the clock was first set.
  func judgeWaitingGroups(into findings: inout [LiveFinding]) {
    let waiting = groups.waiting
    groups.waiting = []
    for event in waiting {
      live.fill(timeless, with: event.values)
      applyToGroups(event.values, line: event.line, late: false, into: &findings)
    }
  }

  /// Rebuilds the groups' index after a restore.
  func indexGroups() {
    groupIndex = Array(repeating: [:], count: live.aggregatePolicies.count)
    for number in groups.groups.numbers {
      let group = groups.groups[number]
      groupIndex[group.policy][GroupKey(values: group.key, window: group.window)] = number
    }
  }
}
