import VigilCore
import VigilEvaluation

/// A case by its events file's table and its key's values.
struct CaseKey: Hashable {
  var table: Int
  var key: [Value]
}

// Event logs in the watch: each line is an event of its case in every events file; a case is
// judged again when an event of it arrives, when one of its events stamped after the clock
// happens, and at the instants its verdicts can change with time, as a record is.
extension WatchEngine {
  /// How many cases are kept.
  package var caseCount: Int { cases.count }

  /// How many cases have a timer pending (a state open, or an event yet to happen).
  package var openCaseCount: Int { cases.values.reduce(0) { $0 + ($1.timer == nil ? 0 : 1) } }

  /// The instant of the earliest pending case timer.
  var nextCaseTimer: Int64? {
    while let first = caseTimers.first {
      if let kept = cases[first.record],
        kept.timer == first.instant || kept.releaseQueued == first.instant
      {
        return first.instant
      }
      _ = caseTimers.pop()
    }
    return nil
  }

  /// Adds the event holding `values`, read on `line`, to its case in each events file, and
  /// judges the case at the clock (or, before the clock is set, when it is).
  func applyToCases(
    _ values: [Value], line: Int, late: Bool, into findings: inout [LiveFinding]
  ) {
    for table in 0..<live.caseTables {
      guard let (key, time) = live.caseOf(timeless, table: table) else { continue }
      let caseKey = CaseKey(table: table, key: key)
      let number: Int
      if let known = caseNumbers[caseKey] {
        number = known
      } else if wasReleased(table: table, key: key, line: line) {
        continue
      } else {
        number = nextCaseNumber
        nextCaseNumber += 1
        let count = live.casePolicies.count
        cases[number] = LiveCase(
          number: number, table: table, key: key, events: [],
          statuses: Array(repeating: .none, count: count),
          errors: Array(repeating: false, count: count), timer: nil)
        caseNumbers[caseKey] = number
        mostCases = max(mostCases, cases.count)
      }
      cases[number]?.events.append(CaseEvent(values: values, line: line, time: time))
      guard let clock else {
        if !waitingCases.contains(number) { waitingCases.append(number) }
        continue
      }
      judgeCase(number, at: clock, late: late, into: &findings)
    }
  }

  /// Fires a case's timer (popped from the queue) if it is still the case's: judges the
  /// case, or releases it.
  func fireCaseTimer(_ entry: TimerQueue.Entry, into findings: inout [LiveFinding]) {
    _ = caseTimers.pop()
    guard var kept = cases[entry.record] else { return }
    if kept.timer == entry.instant {
      cases[entry.record]?.timer = nil
      judgeCase(entry.record, at: entry.instant, late: false, into: &findings)
    } else if kept.releaseQueued == entry.instant {
      kept.releaseQueued = nil
      if let releaseAt = kept.releaseAt, releaseAt <= entry.instant {
        release(entry.record)
        return
      } else if let releaseAt = kept.releaseAt {
        caseTimers.push(.init(instant: releaseAt, record: entry.record))
        kept.releaseQueued = releaseAt
      }
      cases[entry.record] = kept
    }
  }

  /// Judges case `number` at `instant`: its findings, and its next timer.
  func judgeCase(
    _ number: Int, at instant: Int64, late: Bool, into findings: inout [LiveFinding]
  ) {
    guard var kept = cases[number] else { return }
    let judgement = live.judgeCase(
      &kept.events, table: kept.table, key: kept.key, input: input, now: instant)
    for error in judgement.eventErrors {
      findings.append(LiveFinding(kind: .dataError, at: instant, dataError: error, late: late))
    }
    for (index, judged) in judgement.verdicts {
      var verdict = judged
      // A case's finding names the line of its latest event read.
      verdict.violation?.line = kept.events.last?.line ?? 0
      if let error = verdict.dataError, !kept.errors[index] {
        findings.append(LiveFinding(kind: .dataError, at: instant, dataError: error, late: late))
      }
      kept.errors[index] = verdict.dataError != nil
      if !verdict.cycles.isEmpty || kept.cycles?[index] != nil {
        for cycle in verdict.cycles.indices {
          verdict.cycles[cycle].line = kept.events.last?.line ?? 0
        }
        var cycles = kept.cycles ?? [:]
        var shown = cycles[index] ?? []
        findings += verdict.cycleFindings(&shown, at: instant, late: late)
        cycles[index] = shown.isEmpty ? nil : shown
        kept.cycles = cycles.isEmpty ? nil : cycles
      }
      if let finding = LiveFinding.change(
        from: kept.statuses[index], to: verdict, last: kept.shown[index]?.violation, at: instant,
        late: late)
      {
        findings.append(finding)
        // Once nothing stands, nothing of it is needed any more (the next finding is a new one).
        kept.shown[index] =
          verdict.status == .none ? nil : finding.violation.map(BoxedViolation.init)
      }
      kept.statuses[index] = verdict.status
      var pauses = kept.pauses ?? [:]
      findings += verdict.pauseFindings(
        index, shown: &pauses, line: kept.events.last?.line ?? 0, at: instant, late: late)
      kept.pauses = pauses.isEmpty ? nil : pauses
    }
    // The queue holds an entry for the timer already when it did not change.
    if let timer = judgement.next, timer != kept.timer {
      caseTimers.push(.init(instant: timer, record: number))
    }
    kept.timer = judgement.next
    // Nothing of it changes with time any more: it goes unless an event of it comes.
    kept.releaseAt = judgement.next == nil ? releaseInstant(after: instant) : nil
    if let releaseAt = kept.releaseAt, kept.releaseQueued == nil {
      caseTimers.push(.init(instant: releaseAt, record: number))
      kept.releaseQueued = releaseAt
    }
    cases[number] = kept
  }
}

extension LiveProgram {
  /// The latest `ordered by` time the line in `frame` (timeless) has as an event of an events
  /// file, nil when it has none (or the policies read no event log).
  func caseEventTime(_ frame: Frame) -> Int64? {
    guard !casePolicies.isEmpty else { return nil }
    return (0..<caseTables).compactMap { caseOf(frame, table: $0)?.time }.max()
  }
}
