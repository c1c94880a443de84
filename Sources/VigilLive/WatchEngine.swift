import VigilCore
import VigilEvaluation

/// A record the watch keeps: what it last showed for it under each policy, and while its
/// verdicts can still change with time, its values and the instant they next can.
struct LiveRecord: Codable, Equatable {
  /// Its place in the order records were first read (timers at one instant fire in it).
  var number: Int
  /// Its id, when it has one and lines replace each other by id.
  var id: String?
  /// The line of its latest version.
  var line: Int
  /// While a timer is pending (released once none is), the values of the fields the record
  /// policies read and its id (`LiveProgram.recordValues`).
  var values: [Value]?
  /// Per record policy, the status last shown, and whether a data error was shown.
  var statuses: [Verdict.Status]
  var errors: [Bool]
  /// Per record policy, the violation (or record at risk) last shown, while it stands (what
  /// a `resolved` or `withdrawn` repeats, and an escalation is compared with): behind a
  /// reference, 8 bytes a policy where none stands.
  var shown: [BoxedViolation?]
  /// When it is next judged, if ever.
  var timer: Int64?
  /// On the event clock: the latest instant its states start or end at, as last read.
  var eventTime: Int64?
  /// With an id and no timer pending, when it is released (`WatchEngine+Release`), if records
  /// are; and the instant of its entry in the timer queue for that.
  var releaseAt: Int64? = nil
  var releaseQueued: Int64? = nil
  /// Per record policy (by index), the dishonest pauses shown that the audit still lists;
  /// nil when none is.
  var pauses: [Int: [PauseFinding]]? = nil
  /// Per record policy judged per cycle (by index), its cycles shown; nil when none is.
  var cycles: [Int: [CycleShown]]? = nil
}

/// The live audit: records as they arrive (a newer line replacing the older one of the same
/// id), judged at the clock exactly as `vigil audit --now CLOCK` judges them, and judged
/// again at the instants their verdicts can change (`LiveProgram.nextChange`), kept in a
/// timer queue. Each change of a record's verdict under a policy is one `LiveFinding`.
///
/// The clock only moves forward; what moves it (the machine's clock, or the events' times)
/// is the caller's choice.
package final class WatchEngine {
  package let live: LiveProgram
  /// The input's name, as violations show it.
  package let input: String
  /// Whether a line replaces the earlier line of the same id (`--id`); else each line is a
  /// record of its own.
  package let replacesByID: Bool
  /// The clock: nil until it is first set.
  package private(set) var clock: Int64?
  /// How many lines came older than the clock (late events).
  package private(set) var lateLines = 0

  var records: [Int: LiveRecord] = [:]
  var ids: [String: Int] = [:]
  var timers = TimerQueue()
  var nextNumber = 0
  /// Records read before the clock was first set, judged when it is.
  var waiting: [Int] = []
  /// The cases of event logs (`WatchEngine+Cases`): by number, by table and key, their
  /// timers, and those met before the clock was first set.
  var cases: [Int: LiveCase] = [:]
  var caseNumbers: [CaseKey: Int] = [:]
  /// The most cases kept at once.
  package internal(set) var mostCases = 0
  var caseTimers = TimerQueue()
  var nextCaseNumber = 0
  var waitingCases: [Int] = []
  /// How long a case with no timer pending is kept after its last judgement; nil: for as
  /// long as the watch runs (`WatchEngine+Release`).
  package var releaseAfter: Int64?
  /// The cases released, and the events of them read since (not judged).
  var released = Set<CaseDigest>()
  package internal(set) var eventsOfReleasedCases = 0
  /// The records (with an id) released, the lines of them read since (not judged), and the
  /// most records kept at once.
  var releasedIDs = Set<CaseDigest>()
  package internal(set) var linesOfReleasedRecords = 0
  package internal(set) var mostRecords = 0
  var notices: [String] = []
  /// The sequence policies' groups, the records their rules fired for, and their timers
  /// (`WatchEngine+Sequences`); the groups by policy and key.
  var sequences = LiveSequences()
  var sequenceIndex: [SequenceKey: Int] = [:]
  /// The sequence policies' groups released, and the lines of them read since (not judged by
  /// their policy; `WatchEngine+SequenceRelease`).
  var releasedSequenceGroups = Set<CaseDigest>()
  package internal(set) var linesOfReleasedSequenceGroups = 0
  /// The aggregate policies' groups and the parts of records in them (`WatchEngine+Groups`);
  /// per policy, its groups by key and window.
  var groups = LiveGroups()
  var groupIndex: [[GroupKey: Int]]
  /// The calendar windows of aggregate policies to release (`WatchEngine+WindowRelease`).
  var windowReleases = WindowReleases()
  /// The ids' parts and the groups of aggregate policies without a window to release
  /// (`WatchEngine+GroupRelease`).
  var groupReleases = GroupReleases()
  /// The group policies whose parts move with the clock: their records, what was shown of
  /// their groups, their timer (`WatchEngine+MovingGroups`); the records' lines by id.
  var moving = LiveMovingGroups()
  var movingIDs: [String: Int] = [:]
  /// What the moving policies' groups add up to as of their last judgement (not kept in the
  /// state: made again after a restart), and how many times a record's parts were read.
  var movingIndex: MovingIndex?
  var movingReads = 0
  /// How many groups of summed moving policies were judged (for tests: the work, counted).
  package var movingGroupJudgements = 0
  /// Whether a summed moving policy whose condition reads no `now` judges again only the
  /// groups whose parts changed (`judgeSummed`); false judges every group (for tests).
  package var incrementalMovingGroups = true
  /// Whether the group policies judged per cycle whose parts change only at their records'
  /// instants are summed (`MovingSums`) as the others are; false adds their groups up again
  /// from every record kept at each judgement (for tests).
  package var sumsCycles = true
  /// Whether a summed moving policy judging every cycle whose closed cycles' verdicts are
  /// final judges again only each group's cycles from the first that changed on
  /// (`judgeChangedCycles`); false judges every cycle (for tests).
  package var judgesChangedCycles = true
  /// Per such policy (by index), what the last judgement found of each group (not in STATE:
  /// judged whole once after a restart); how many cycles were judged (for tests).
  var cycleMemos: [Int: [GroupKey: CycleMemo]] = [:]
  package internal(set) var movingCycleJudgements = 0
  /// Per summed moving policy (by index), its verdicts at the last judgement that compared
  /// them with what is shown (`ShownDigest`); not in STATE.
  var shownDigests: [Int: [ShownDigest]] = [:]
  /// Per summed moving policy judged so (by index), each group's verdict at the last
  /// judgement; not in STATE (judged whole once after a restart).
  var movingVerdicts: [Int: [GroupKey: Verdict]] = [:]
  /// The lines of records of the moving policies replaced by a newer line of their id since
  /// runs of records released were last merged (`compactRuns`): runs beside them may merge.
  var movingGaps: [Int] = []
  /// The moving policies' records released (`WatchEngine+MovingRelease`).
  var movingReleases = MovingReleases()
  /// Whether the closed cycles of group policies judged per cycle fold (`CycleFold`); false
  /// keeps every change of their records released (for tests).
  package var foldsClosedCycles = true
  /// Whether the digests of records released are made from JSON and kept as a build before
  /// version 2 kept them (`jsonPartsDigest`; for tests: a state file of the old form).
  package var writesJSONPartsDigests = false
  /// Where the last search for the moving policies' next change found one, and the signature
  /// of the judgement it searched from (not in STATE): the judgement at that instant, with no
  /// line read since, must differ from it (`checkSearchedChange`).
  var searchedChange: (instant: Int64, base: [Int64])?
  /// The programming errors the watch found in itself and went on past (the first 10): a
  /// search for the next change that found one where the judgement there found none — it
  /// would find the next millisecond again, and the next, for ever (a hang). Each is also a
  /// notice (`takeNotices`); the tests fail on any.
  package internal(set) var searchFaults: [String] = []
  /// How many such errors were found.
  package internal(set) var searchFaultCount = 0
  /// The current line's values in a frame as of the end of time (`LiveProgram.fill`): what
  /// the line is whatever the clock, read with no frame made per line and policy.
  let timeless: Frame

  package init(_ live: LiveProgram, input: String, replacesByID: Bool) {
    self.live = live
    self.input = input
    self.replacesByID = replacesByID
    groupIndex = Array(repeating: [:], count: live.aggregatePolicies.count)
    timeless = live.timelessFrame()
  }

  /// What the engine holds, for a checkpoint (`WatchCheckpoint`).
  package struct Snapshot: Codable, Equatable {
    var clock: Int64?
    var lateLines: Int
    /// Nil only while a checkpoint writes them apart (`WatchCheckpoint.save`).
    var records: [LiveRecord]?
    var timers: TimerQueue
    var nextNumber: Int
    var waiting: [Int]
    var cases: [LiveCase]?
    var caseTimers: TimerQueue?
    var nextCaseNumber: Int?
    var waitingCases: [Int]?
    /// The released cases' digests (`CaseDigest.encode`), and the events of them read since.
    var released: String?
    var eventsOfReleasedCases: Int?
    var mostCases: Int?
    var sequences: LiveSequences?
    /// The released records' digests (`CaseDigest.encode`), the lines of them read since, and
    /// the most records kept at once.
    var releasedRecords: String?
    var linesOfReleasedRecords: Int?
    var mostRecords: Int?
    var groups: LiveGroups?
    /// The released sequence groups' digests (`CaseDigest.encode`), and the lines of them
    /// read since.
    var releasedSequenceGroups: String?
    var linesOfReleasedSequenceGroups: Int?
    var moving: LiveMovingGroups?
    var windowReleases: WindowReleases?
    var movingReleases: MovingReleases?
    var groupReleases: GroupReleases?
  }

  /// What the engine holds now.
  package var snapshot: Snapshot {
    Snapshot(
      clock: clock, lateLines: lateLines,
      records: records.values.sorted { $0.number < $1.number }, timers: timers,
      nextNumber: nextNumber, waiting: waiting,
      cases: cases.values.sorted { $0.number < $1.number }, caseTimers: caseTimers,
      nextCaseNumber: nextCaseNumber, waitingCases: waitingCases,
      released: released.isEmpty ? nil : CaseDigest.encode(released),
      eventsOfReleasedCases: eventsOfReleasedCases == 0 ? nil : eventsOfReleasedCases,
      mostCases: mostCases,
      sequences: sequences == LiveSequences() ? nil : sequences,
      releasedRecords: releasedIDs.isEmpty ? nil : CaseDigest.encode(releasedIDs),
      linesOfReleasedRecords: linesOfReleasedRecords == 0 ? nil : linesOfReleasedRecords,
      mostRecords: mostRecords, groups: groups.isEmpty ? nil : groups,
      releasedSequenceGroups: releasedSequenceGroups.isEmpty
        ? nil : CaseDigest.encode(releasedSequenceGroups),
      linesOfReleasedSequenceGroups: linesOfReleasedSequenceGroups == 0
        ? nil : linesOfReleasedSequenceGroups,
      moving: moving.isEmpty ? nil : moving,
      windowReleases: windowReleases.isEmpty ? nil : windowReleases,
      movingReleases: movingReleases.isEmpty ? nil : movingReleases,
      groupReleases: groupReleases.isEmpty ? nil : groupReleases)
  }

  /// An engine holding what `snapshot` held.
  package convenience init(
    _ live: LiveProgram, input: String, replacesByID: Bool, restoring snapshot: Snapshot
  ) {
    self.init(live, input: input, replacesByID: replacesByID)
    clock = snapshot.clock
    lateLines = snapshot.lateLines
    for record in snapshot.records ?? [] {
      records[record.number] = record
      if let id = record.id { ids[id] = record.number }
    }
    timers = snapshot.timers
    nextNumber = snapshot.nextNumber
    waiting = snapshot.waiting
    for kept in snapshot.cases ?? [] {
      cases[kept.number] = kept
      caseNumbers[CaseKey(table: kept.table, key: kept.key)] = kept.number
    }
    caseTimers = snapshot.caseTimers ?? TimerQueue()
    nextCaseNumber = snapshot.nextCaseNumber ?? 0
    waitingCases = snapshot.waitingCases ?? []
    released = snapshot.released.flatMap(CaseDigest.decode) ?? []
    eventsOfReleasedCases = snapshot.eventsOfReleasedCases ?? 0
    mostCases = snapshot.mostCases ?? cases.count
    sequences = snapshot.sequences ?? LiveSequences()
    indexSequenceGroups()
    releasedIDs = snapshot.releasedRecords.flatMap(CaseDigest.decode) ?? []
    linesOfReleasedRecords = snapshot.linesOfReleasedRecords ?? 0
    mostRecords = snapshot.mostRecords ?? records.count
    groups = snapshot.groups ?? LiveGroups()
    indexGroups()
    releasedSequenceGroups = snapshot.releasedSequenceGroups.flatMap(CaseDigest.decode) ?? []
    linesOfReleasedSequenceGroups = snapshot.linesOfReleasedSequenceGroups ?? 0
    moving = snapshot.moving ?? LiveMovingGroups()
    windowReleases = snapshot.windowReleases ?? WindowReleases()
    movingReleases = snapshot.movingReleases ?? MovingReleases()
    groupReleases = snapshot.groupReleases ?? GroupReleases()
    indexMoving()
  }

  /// How many records are kept (their verdicts known, or still changing).
  package var recordCount: Int { records.count }

  /// How many records have values kept for a timer.
  package var openRecordCount: Int { records.values.reduce(0) { $0 + ($1.values == nil ? 0 : 1) } }

  /// The instant of the earliest pending timer.
  package var nextTimer: Int64? {
    var next: Int64?
    while let first = timers.first {
      if let kept = records[first.record],
        kept.timer == first.instant || kept.releaseQueued == first.instant
      {
        next = first.instant
        break
      }
      _ = timers.pop()
    }
    if let caseTimer = nextCaseTimer { next = min(next ?? caseTimer, caseTimer) }
    if let sequenceTimer = nextSequenceTimer { next = min(next ?? sequenceTimer, sequenceTimer) }
    if let release = nextSequenceRelease { next = min(next ?? release, release) }
    if let groupTimer = nextGroupTimer { next = min(next ?? groupTimer, groupTimer) }
    if let movingTimer = moving.timer { next = min(next ?? movingTimer, movingTimer) }
    if let release = nextWindowRelease { next = min(next ?? release, release) }
    if let release = nextGroupRelease { next = min(next ?? release, release) }
    return next
  }

  /// Moves the clock to `instant` (never back), judging again, in order, every record whose
  /// timer is at or before it, each at its timer's instant.
  package func advance(to instant: Int64) -> [LiveFinding] {
    var findings: [LiveFinding] = []
    guard let current = clock else {
      clock = instant
      for number in waiting { judge(number, at: instant, late: false, into: &findings) }
      waiting = []
      for number in waitingCases { judgeCase(number, at: instant, late: false, into: &findings) }
      waitingCases = []
      judgeWaitingSequences(into: &findings)
      judgeWaitingGroups(into: &findings)
      if moving.waiting {
        // Lines read before the clock was set were read when it was.
        for index in moving.records.indices where moving.records[index].seen == nil {
          moving.records[index].seen = instant
        }
        judgeMoving(at: instant, late: false, into: &findings)
      }
      return findings
    }
    guard instant > current else { return findings }
    // At one instant: records, then cases, sequence records, sequence groups to release,
    // groups of aggregate policies, the policies whose parts move with the clock, the
    // windows of aggregate policies to release, and the parts and groups of those without a
    // window to release.
    while true {
      var due: (instant: Int64, rank: Int)?
      for (rank, next) in [
        timers.first?.instant, caseTimers.first?.instant, sequences.timers.first?.instant,
        nextSequenceRelease, dueGroupTimer(upTo: instant), moving.timer, nextWindowRelease,
        nextGroupRelease,
      ].enumerated() {
        guard let next, next <= instant, due.map({ (next, rank) < ($0.instant, $0.rank) }) ?? true
        else { continue }
        due = (next, rank)
      }
      // INVARIANT: each queue's first entry is due when its rank is chosen.
      switch due?.rank {
      case 0?: fireRecordTimer(timers.first!, into: &findings)
      case 1?: fireCaseTimer(caseTimers.first!, into: &findings)
      case 2?: fireSequenceTimer(sequences.timers.first!, into: &findings)
      case 3?: fireSequenceRelease(into: &findings)
      case 4?: _ = fireGroupTimer(upTo: instant, into: &findings)
      case 5?: fireMovingTimer(upTo: instant, into: &findings)
      case 6?: fireWindowReleases()
      case 7?: fireGroupReleases()
      default: break
      }
      if due == nil { break }
    }
    clock = instant
    return findings
  }

  /// Takes the record holding `values`, read on `line`, and judges it at the clock (or, before
  /// the clock is set, when it is). `late`: its event time is older than the clock.
  package func apply(_ values: [Value], line: Int, late: Bool = false) -> [LiveFinding] {
    apply(values, line: line, late: late, filled: false)
  }

  /// `apply`; `filled`: `timeless` holds the line already.
  private func apply(_ values: [Value], line: Int, late: Bool, filled: Bool) -> [LiveFinding] {
    if late { lateLines += 1 }
    var findings: [LiveFinding] = []
    if !filled
      && (!live.casePolicies.isEmpty || !live.aggregatePolicies.isEmpty
        || !live.movingPolicies.isEmpty)
    {
      live.fill(timeless, with: values)
    }
    if !live.casePolicies.isEmpty { applyToCases(values, line: line, late: late, into: &findings) }
    if !live.sequencePolicies.isEmpty {
      applyToSequences(values, line: line, late: late, into: &findings)
    }
    if !live.aggregatePolicies.isEmpty {
      applyToGroups(values, line: line, late: late, into: &findings)
    }
    if !live.movingPolicies.isEmpty {
      applyToMoving(values, line: line, late: late, into: &findings)
    }
    guard !live.policyNames.isEmpty else { return findings }
    let id = replacesByID ? live.recordID(values) : nil
    let number: Int
    if let id, let known = ids[id] {
      number = known
      records[number]?.line = line
      records[number]?.values = live.recordValues(values)
    } else if let id, wasReleased(id: id, line: line) {
      return findings
    } else {
      number = nextNumber
      nextNumber += 1
      let count = live.policyNames.count
      records[number] = LiveRecord(
        number: number, id: id, line: line, values: live.recordValues(values),
        statuses: Array(repeating: .none, count: count),
        errors: Array(repeating: false, count: count),
        shown: Array(repeating: nil, count: count), timer: nil)
      if let id { ids[id] = number }
      mostRecords = max(mostRecords, records.count)
    }
    guard let clock else {
      if !waiting.contains(number) { waiting.append(number) }
      return findings
    }
    judge(number, at: clock, late: late, into: &findings)
    return findings
  }

  /// Takes a line on the event clock: the clock moves on to the line's event time less
  /// `lateness` (never back), firing the timers up to there, and the record is judged at the
  /// clock. A line is late when it records a state starting or ending (its event time moved
  /// on from the record's previous line) before the clock: applied, counted, and its findings
  /// marked late.
  package func applyEvent(_ values: [Value], line: Int, lateness: Int64) -> [LiveFinding] {
    var findings: [LiveFinding] = []
    live.fill(timeless, with: values)
    let event = live.eventTime(timeless)
    let caseTime = live.caseEventTime(timeless)
    let sequenceTime = live.sequenceEventTime(timeless)
    let groupTime = live.aggregatePolicies.isEmpty ? nil : live.groupEventTime(timeless)
    let movingTime = live.movingPolicies.isEmpty ? nil : live.movingEventTime(timeless)
    let previous = replacesByID ? live.recordID(values).flatMap { ids[$0] } : nil
    let before = previous.flatMap { records[$0]?.eventTime }
    // Setting the clock first takes the lines read before it, through `timeless`.
    let filled = clock != nil
    if let latest = [event, caseTime, sequenceTime, groupTime, movingTime].compactMap({ $0 }).max()
    {
      let (watermark, overflow) = latest.subtractingReportingOverflow(lateness)
      let instant = overflow ? latest : watermark
      findings += advance(to: clock.map { max($0, instant) } ?? instant)
    }
    // A line of a released record is not judged by the record policies: not late by them.
    let releasedLine = previous == nil && replacesByID && isReleased(live.recordID(values))
    let late =
      !releasedLine
      && event.map { event in
        clock.map { event < $0 } ?? false && before.map { event > $0 } ?? true
      } ?? false
    let lateCase = [caseTime, sequenceTime, groupTime, movingTime].contains { time in
      time.map { time in clock.map { time < $0 } ?? false } ?? false
    }
    findings += apply(values, line: line, late: late || lateCase, filled: filled)
    if let number = live.recordID(values).flatMap({ ids[$0] }) {
      records[number]?.eventTime = event
    }
    return findings
  }

  /// Judges record `number` at `instant`: its findings, and its next timer.
  func judge(
    _ number: Int, at instant: Int64, late: Bool, into findings: inout [LiveFinding]
  ) {
    guard var record = records[number], let kept = record.values else { return }
    let values = live.recordSlotValues(kept)
    let verdicts = live.judge(values, input: input, line: record.line, now: instant)
    for (index, verdict) in verdicts.enumerated() {
      if let error = verdict.dataError, !record.errors[index] {
        findings.append(LiveFinding(kind: .dataError, at: instant, dataError: error, late: late))
      }
      record.errors[index] = verdict.dataError != nil
      if !verdict.cycles.isEmpty || record.cycles?[index] != nil {
        var cycles = record.cycles ?? [:]
        var shown = cycles[index] ?? []
        findings += verdict.cycleFindings(&shown, at: instant, late: late)
        cycles[index] = shown.isEmpty ? nil : shown
        record.cycles = cycles.isEmpty ? nil : cycles
      }
      if let finding = LiveFinding.change(
        from: record.statuses[index], to: verdict, last: record.shown[index]?.violation,
        at: instant,
        late: late)
      {
        findings.append(finding)
        // Once nothing stands, nothing of it is needed any more (the next finding is a new one).
        record.shown[index] =
          verdict.status == .none ? nil : finding.violation.map(BoxedViolation.init)
      }
      record.statuses[index] = verdict.status
      var pauses = record.pauses ?? [:]
      findings += verdict.pauseFindings(
        index, shown: &pauses, line: record.line, at: instant, late: late)
      record.pauses = pauses.isEmpty ? nil : pauses
    }
    record.timer = live.nextChange(values, after: instant)
    if let timer = record.timer {
      timers.push(.init(instant: timer, record: number))
    } else if record.id == nil {
      // No later line can replace it, and nothing about it changes any more.
      records[number] = nil
      return
    } else {
      record.values = nil
    }
    // With an id and nothing changing with time: it goes unless a newer line of it comes.
    record.releaseAt = record.timer == nil ? releaseInstant(after: instant) : nil
    if let releaseAt = record.releaseAt, record.releaseQueued == nil {
      timers.push(.init(instant: releaseAt, record: number))
      record.releaseQueued = releaseAt
    }
    records[number] = record
  }
}
