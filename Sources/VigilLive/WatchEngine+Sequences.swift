import VigilCore
import VigilEvaluation

/// A record a sequence policy (`unless followed by B within D`) fired for, as the watch keeps
/// it: when it happened, the violation it is should nothing follow it in time, and what was
/// last shown of it.
struct SequenceRecord: Codable, Equatable {
  /// Its group's number (`LiveSequences.groups`).
  var group: Int
  /// Its `ordered by` time.
  var time: Int64
  /// Its violation as the audit makes it when the rule fires (before it is measured), behind
  /// a reference (`BoxedViolation`).
  var template: BoxedViolation
  /// The status last shown, and the violation last shown while it stands.
  var status: Verdict.Status = .none
  var shown: BoxedViolation?
  /// When it is next judged, if ever.
  var timer: Int64?
  /// Whether a newer line of its id took it back (it no longer stands, and is not timed).
  var retired = false
}

/// What a line of an id is to one sequence policy, to take it back when a newer line of the
/// id replaces it (`--id`): its group, its time as a follower, the record it fired for.
struct SequenceEntry: Codable, Equatable {
  var policy: Int
  var group: Int
  var follower: Int64?
  var fired: Int?
}

/// A group of a sequence policy: its key, the times of its followers (sorted) and the
/// records its rule fired for (by number, in the order of their times).
struct SequenceGroup: Codable, Equatable {
  var policy: Int
  var key: [Value]
  var followers: [Int64] = []
  var records: [Int] = []
  /// The clock when a line of it was last read, the instant of its entry in the release
  /// queue (`WatchEngine+SequenceRelease`), and with `--id` the ids whose lines it took.
  var lastSeen: Int64? = nil
  var releaseQueued: Int64? = nil
  var ids: [String]? = nil
}

/// What the watch keeps of the sequence policies: every group, every record a rule fired
/// for (by number), their timers, and the lines read before the clock was first set.
struct LiveSequences: Codable, Equatable {
  var groups = Numbered<SequenceGroup>()
  var records = Numbered<SequenceRecord>()
  var timers = TimerQueue()
  /// The groups to look at for release, by the instant they may be released.
  var releaseTimers = TimerQueue()
  var waiting: [CaseEvent] = []
  /// With `--id`: what each id's latest line is to each policy it is in.
  var byID: [String: [SequenceEntry]] = [:]
}

/// A sequence policy's group by the policy's index and the key's values.
struct SequenceKey: Hashable {
  var policy: Int
  var key: [Value]
}

// Sequence policies in the watch. A record the rule fires for at time T must be followed, in
// its group, by a record where the follower condition holds, strictly after T and at most D
// after it. Its verdict at an instant is the audit's at `--now`: nothing until T + D (or while
// a follower in time came), then open while nothing followed, closed once a late follower
// came. It changes only at T + D + 1 ms, at an escalation's delay past that, when a follower
// stamped after the clock happens, or when a follower's line is read: those are its timers.
extension WatchEngine {
  /// Adds the line holding `values` to its group of every sequence policy: as a follower,
  /// and as a record to be followed; judges the records whose verdicts it can change. With
  /// `--id`, the line replaces the earlier line of its id: its follower time is taken out, and
  /// the record it fired for is the same record (judged again), or is withdrawn.
  func applyToSequences(
    _ values: [Value], line: Int, late: Bool, into findings: inout [LiveFinding]
  ) {
    guard let clock else {
      sequences.waiting.append(CaseEvent(values: values, line: line, time: nil))
      return
    }
    let id = replacesByID ? live.recordID(values) : nil
    let previous = id.flatMap { sequences.byID[$0] } ?? []
    var entries: [SequenceEntry] = []
    // The records to judge: those fired for or taken back, and those a follower added or
    // taken out may be the first follower of.
    var numbers = Set<Int>()
    // One frame for the line, as of the clock, for every policy.
    let frame = live.frame(values, now: clock)
    for (policy, compiled) in live.sequencePolicies.enumerated() {
      let old = previous.first { $0.policy == policy }
      if let old, let time = old.follower {
        removeFollower(time, from: old.group)
        numbers.formUnion(recordsFollowed(by: time, in: old.group))
      }
      if let old, let number = old.fired { numbers.insert(number) }
      let entry = addToSequence(
        frame, policy: policy, compiled, line: line, late: late, id: id, replacing: old,
        into: &findings)
      if let old, let number = old.fired, entry?.fired != number { retire(number) }
      if let entry {
        if let time = entry.follower {
          numbers.formUnion(recordsFollowed(by: time, in: entry.group))
        }
        if let number = entry.fired { numbers.insert(number) }
        entries.append(entry)
      }
    }
    if let id { sequences.byID[id] = entries.isEmpty ? nil : entries }
    for number in numbers.sorted() {
      judgeSequence(number, at: clock, late: late, into: &findings)
      // A record taken back is no longer needed once its finding is written.
      if sequences.records[number].retired { sequences.records.remove(number) }
    }
  }

  /// Adds the line to its group of one sequence policy (not judging it): what it is there, nil
  /// when it is neither a follower nor fired for (out of scope, no time, a data error). A
  /// record `old` fired for in the same group is the same record, updated.
  private func addToSequence(
    _ frame: Frame, policy: Int, _ compiled: CompiledGroupPolicy, line: Int, late: Bool,
    id: String?, replacing old: SequenceEntry?, into findings: inout [LiveFinding]
  ) -> SequenceEntry? {
    // INVARIANT: the clock is set (`applyToSequences`); `sequencePolicies` holds only
    // policies with a sequence.
    let clock = clock!
    let sequence = compiled.sequence!
    frame.resetFindings()
    defer {
      if frame.errorCount > 0 {
        let report = DataErrorReport(
          input: input, line: line,
          record: live.program.recordID(frame, input: input, line: line),
          policy: compiled.name, error: frame.errors[0])
        findings.append(LiveFinding(kind: .dataError, at: clock, dataError: report, late: late))
      }
    }
    if let scope = compiled.scope, scope(frame) != true { return nil }
    guard case .time(let time) = sequence.order(frame) else { return nil }
    let follows = Logic.truth(sequence.follower(frame), frame) == true
    let fires = sequence.rule.condition(frame) == true
    guard frame.errorCount == 0, follows || fires else { return nil }
    let key = SequenceKey(policy: policy, key: compiled.keys.map { $0(frame) })
    if sequenceIndex[key] == nil && wasReleased(key, line: line) { return nil }
    let group = sequenceGroup(key)
    sawSequenceGroup(group, id: id)
    var entry = SequenceEntry(policy: policy, group: group)
    if follows {
      let followers = sequences.groups[group].followers
      sequences.groups[group].followers.insert(time, at: Self.firstAfter(time, in: followers))
      entry.follower = time
    }
    if fires {
      let template = live.program.makeViolation(
        sequence.rule, frame, record: live.program.recordID(frame, input: input, line: line),
        input: input, line: line, deferred: true)
      if let number = old?.fired, sequences.records[number].group == group {
        unlist(number)
        sequences.records[number].time = time
        sequences.records[number].template = BoxedViolation(template)
        list(number)
        entry.fired = number
      } else {
        let number = sequences.records.append(
          SequenceRecord(group: group, time: time, template: BoxedViolation(template)))
        list(number)
        entry.fired = number
      }
    }
    return entry
  }

  /// Takes one follower at `time` out of group `group`.
  private func removeFollower(_ time: Int64, from group: Int) {
    let followers = sequences.groups[group].followers
    let after = Self.firstAfter(time, in: followers)
    // INVARIANT: the follower was added (`addToSequence`), so it is just before `after`.
    precondition(after > 0 && followers[after - 1] == time)
    sequences.groups[group].followers.remove(at: after - 1)
  }

  /// Withdraws record `number`: a newer line of its id no longer fires for it (in its group).
  private func retire(_ number: Int) {
    sequences.records[number].retired = true
    unlist(number)
  }

  /// Where record `number` goes (or is) in its group's records, by time and number.
  private func place(_ number: Int) -> Int {
    let record = sequences.records[number]
    let listed = sequences.groups[record.group].records
    var low = 0
    var high = listed.count
    while low < high {
      let middle = (low + high) / 2
      let other = listed[middle]
      if (sequences.records[other].time, other) < (record.time, number) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low
  }

  /// Puts record `number` in its group's records, in time order.
  private func list(_ number: Int) {
    sequences.groups[sequences.records[number].group].records.insert(number, at: place(number))
  }

  /// Takes record `number` out of its group's records.
  private func unlist(_ number: Int) {
    let index = place(number)
    let group = sequences.records[number].group
    // INVARIANT: the record is listed (`list`) at its time, unchanged since.
    precondition(sequences.groups[group].records[index] == number)
    sequences.groups[group].records.remove(at: index)
  }

  /// The records of `group` whose first follower a follower at `time` is or was: those at or
  /// after the group's latest other follower before `time`, and before `time`.
  private func recordsFollowed(by time: Int64, in group: Int) -> ArraySlice<Int> {
    let followers = sequences.groups[group].followers
    var low = 0
    var high = followers.count
    while low < high {
      let middle = (low + high) / 2
      if followers[middle] < time { low = middle + 1 } else { high = middle }
    }
    let earlier = low > 0 ? followers[low - 1] : Int64.min
    let listed = sequences.groups[group].records
    let first = firstRecord(in: listed) { $0 >= earlier }
    let end = firstRecord(in: listed) { $0 >= time }
    return listed[first..<max(first, end)]
  }

  /// The index of the first of `listed` (records in time order) whose time is `after`.
  private func firstRecord(in listed: [Int], _ after: (Int64) -> Bool) -> Int {
    var low = 0
    var high = listed.count
    while low < high {
      let middle = (low + high) / 2
      if after(sequences.records[listed[middle]].time) { high = middle } else { low = middle + 1 }
    }
    return low
  }

  /// The number of the group `key`, made when new.
  private func sequenceGroup(_ key: SequenceKey) -> Int {
    if let known = sequenceIndex[key] { return known }
    let number = sequences.groups.append(SequenceGroup(policy: key.policy, key: key.key))
    sequenceIndex[key] = number
    return number
  }

  /// Rebuilds the groups' index after a restore.
  func indexSequenceGroups() {
    for number in sequences.groups.numbers {
      let group = sequences.groups[number]
      sequenceIndex[SequenceKey(policy: group.policy, key: group.key)] = number
    }
  }

  /// The index of the first of `times` (sorted) after `time`.
  static func firstAfter(_ time: Int64, in times: [Int64]) -> Int {
    var low = 0
    var high = times.count
    while low < high {
      let middle = (low + high) / 2
      if times[middle] > time { high = middle } else { low = middle + 1 }
    }
    return low
  }

  /// Judges the lines read before the clock was first set.
  func judgeWaitingSequences(into findings: inout [LiveFinding]) {
    let waiting = sequences.waiting
    sequences.waiting = []
    for event in waiting {
      applyToSequences(event.values, line: event.line, late: false, into: &findings)
    }
  }

  /// The instant of the earliest pending sequence timer.
  var nextSequenceTimer: Int64? {
    while let first = sequences.timers.first {
      if sequences.records.at(first.record)?.timer == first.instant { return first.instant }
      _ = sequences.timers.pop()
    }
    return nil
  }

  /// Fires a sequence record's timer (the queue's first entry) if it is still the record's.
  func fireSequenceTimer(_ entry: TimerQueue.Entry, into findings: inout [LiveFinding]) {
    _ = sequences.timers.pop()
    guard sequences.records.at(entry.record)?.timer == entry.instant else { return }
    sequences.records[entry.record].timer = nil
    judgeSequence(entry.record, at: entry.instant, late: false, into: &findings)
  }

  /// Judges sequence record `number` at `instant`: its finding, if its verdict changed, and
  /// its next timer.
  func judgeSequence(
    _ number: Int, at instant: Int64, late: Bool, into findings: inout [LiveFinding]
  ) {
    var record = sequences.records[number]
    let group = sequences.groups[record.group]
    // INVARIANT: `sequencePolicies` holds only policies with a sequence.
    let sequence = live.sequencePolicies[group.policy].sequence!
    let first = Self.firstAfter(record.time, in: group.followers)
    let next = first < group.followers.count ? group.followers[first] : nil
    let verdict = Verdict(
      violation: Self.sequenceViolation(record, sequence, next: next, now: instant))
    if let finding = LiveFinding.change(
      from: record.status, to: verdict, last: record.shown?.violation, at: instant, late: late)
    {
      findings.append(finding)
      record.shown = verdict.status == .none ? nil : finding.violation.map(BoxedViolation.init)
    }
    record.status = verdict.status
    let timer = Self.sequenceChange(record, sequence, next: next, after: instant)
    if let timer, timer != record.timer {
      sequences.timers.push(.init(instant: timer, record: number))
    }
    record.timer = timer
    sequences.records[number] = record
  }

  /// The record's violation as `vigil audit --now now` gives it, nil when there is none:
  /// `next` is its first follower (happened or not).
  static func sequenceViolation(
    _ record: SequenceRecord, _ sequence: CompiledSequence, next: Int64?, now: Int64
  ) -> Violation? {
    guard record.time <= now, !record.retired else { return nil }
    let happened = next.flatMap { $0 <= now ? $0 : nil }
    if let happened, happened - record.time <= sequence.within { return nil }
    guard happened != nil || now - record.time > sequence.within else { return nil }
    return sequence.violation(
      PendingRecord(time: record.time, violation: record.template.violation), next: happened,
      now: now)
  }

  /// The first instant after `now` at which the record's verdict can change with no line
  /// read: its time being up, an escalation's delay passed, its first follower happening.
  /// Nil once a follower happened (only a line can change it then).
  static func sequenceChange(
    _ record: SequenceRecord, _ sequence: CompiledSequence, next: Int64?, after now: Int64
  ) -> Int64? {
    if let next, next <= now { return nil }
    guard !record.retired else { return nil }
    let (due, overflow) = record.time.addingReportingOverflow(sequence.within)
    guard !overflow else { return next }
    var instants = [due + 1]
    for action in record.template.violation.actions {
      for delay in action.escalation?.delays ?? [] where delay < Int64.max - due - 1 {
        instants.append(due + delay + 1)
      }
    }
    if let next { instants.append(next) }
    return instants.filter { $0 > now }.min()
  }
}

extension LiveProgram {
  /// The latest `ordered by` time the line in `frame` (timeless) has for a sequence policy,
  /// nil when it has none (or no policy is one).
  func sequenceEventTime(_ frame: Frame) -> Int64? {
    guard !sequencePolicies.isEmpty else { return nil }
    var latest: Int64?
    for policy in sequencePolicies {
      frame.resetFindings()
      // INVARIANT: `sequencePolicies` holds only policies with a sequence.
      if case .time(let time) = policy.sequence!.order(frame) {
        latest = max(latest ?? time, time)
      }
    }
    return latest
  }
}
