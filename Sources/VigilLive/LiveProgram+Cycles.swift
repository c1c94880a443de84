import VigilCore
import VigilEvaluation

// Record policies judged per cycle of the record's own list of changes (`each cycle in H from
// P until Q`, Grammar.md "Every cycle"): a change of the list counts once the clock reaches
// its `at` (a cycle begins or ends there), and between two such instants only the open
// cycle's state grows, so its verdict changes at most once per threshold: both are found by
// a search over the cycles and their verdicts, which only ever change one way in between.
extension LiveProgram {
  /// What the cycle policies make of the record holding `values` at `now`: per policy, its
  /// cycles' bounds, then each cycle judged's status and escalation level, and how many
  /// dishonest pauses it lists.
  func cycleSignature(_ values: [Value], at now: Int64, into out: inout [Int64]) {
    let frame = frame(values, now: now)
    for index in cyclePolicies {
      // INVARIANT: a cycle policy reads its record's cycles.
      let reader = program.policies[index].history!.cycles!
      frame.resetFindings()
      for cycle in reader.cycles(frame) ?? [] { out += [cycle.start, cycle.end ?? -1] }
      out.append(-2)
    }
    let verdicts = judge(values, input: "", line: 0, now: now)
    for index in cyclePolicies {
      for violation in verdicts[index].cycles {
        let judged = Verdict(violation: violation)
        out += [violation.cycle?.start ?? 0, Int64(judged.status.rawValue), Int64(judged.level)]
      }
      // Its dishonest pauses listed (only ever more of them while no change happens).
      out += [Int64(verdicts[index].pauses.count), -3]
    }
  }

  /// Whether the cycle policies' cycles of the record holding `values` can change after
  /// `now`: a cycle is open, or a change of the list is stamped after now.
  private func cyclesMove(_ values: [Value], after now: Int64) -> Bool {
    let atNow = frame(values, now: now)
    let atEnd = frame(values, now: TimeProbes.endOfTime)
    for index in cyclePolicies {
      // INVARIANT: as above.
      let reader = program.policies[index].history!.cycles!
      atNow.resetFindings()
      let cycles = reader.cycles(atNow)
      if cycles?.last.map({ $0.end == nil }) ?? false { return true }
      atEnd.resetFindings()
      guard let all = reader.cycles(atEnd), let cycles else { continue }
      if all.count != cycles.count || zip(all, cycles).contains(where: { $0 != $1 }) {
        return true
      }
    }
    return false
  }

  /// The first instant after `now` (and before `before`, when given) at which the cycle
  /// policies' verdicts on the record holding `values` can change; nil when none can.
  func nextCycleChange(_ values: [Value], after now: Int64, before: Int64?) -> Int64? {
    guard now < TimeProbes.endOfTime, cyclesMove(values, after: now) else { return nil }
    var base: [Int64] = []
    cycleSignature(values, at: now, into: &base)
    var probe: [Int64] = []
    let horizon =
      now > TimeProbes.endOfTime - Self.horizon ? TimeProbes.endOfTime : now + Self.horizon
    let limit = before.map { min($0, horizon) } ?? horizon
    let change = Self.firstChange(after: now, limit: limit) { instant in
      probe.removeAll(keepingCapacity: true)
      cycleSignature(values, at: instant, into: &probe)
      return probe != base
    }
    return change ?? limit
  }
}

/// What the watch last showed of one cycle of a record under a policy judged per cycle.
struct CycleShown: Codable, Equatable {
  /// The instant the cycle began, and how many of the cycles that began then began before
  /// it (nil: 0, as state files written before ranks read): the same cycle while they are.
  var start: Int64
  var rank: Int? = nil
  var status: Verdict.Status
  /// The violation (or cycle at risk) last shown, while it stands.
  var shown: Violation?
}

extension Verdict {
  /// Ranks `cycles` among every cycle judged's start (`starts`, in order; a violation's cycle
  /// number is its place there): each one's rank, how many before it began at its start.
  mutating func rankCycles(_ starts: [Int64]) {
    cycleRanks = cycles.map { violation in
      guard let cycle = violation.cycle else { return 0 }
      var rank = 0
      var index = cycle.number - 2
      while index >= 0, index < starts.count, starts[index] == cycle.start {
        rank += 1
        index -= 1
      }
      return rank
    }
  }

  /// The findings this verdict's cycles (a policy judged per cycle) make against those shown
  /// before, `shown` (then updated): each cycle — told by its start and rank — whose verdict
  /// changed, as a record's would be; a cycle no longer judged (a newer line, or `cycles:
  /// last` when another began) changes to none. At one instant, what ends comes first (the
  /// cycles no longer judged), then the others in the order the cycles began.
  func cycleFindings(_ shown: inout [CycleShown], at: Int64, late: Bool) -> [LiveFinding] {
    var findings: [LiveFinding] = []
    var next: [CycleShown] = []
    var before = shown
    for (index, violation) in cycles.enumerated() {
      let start = violation.cycle?.start ?? 0
      let rank = index < cycleRanks.count ? cycleRanks[index] : 0
      let old = before.firstIndex { $0.start == start && ($0.rank ?? 0) == rank }.map {
        before.remove(at: $0)
      }
      let verdict = Verdict(violation: violation)
      var kept =
        old ?? CycleShown(start: start, rank: rank == 0 ? nil : rank, status: .none, shown: nil)
      if let finding = LiveFinding.change(
        from: kept.status, to: verdict, last: kept.shown, at: at, late: late)
      {
        findings.append(finding)
        kept.shown = finding.violation
      }
      kept.status = verdict.status
      next.append(kept)
    }
    var ended: [LiveFinding] = []
    for gone in before {
      if let finding = LiveFinding.change(
        from: gone.status, to: Verdict(), last: gone.shown, at: at, late: late)
      {
        ended.append(finding)
      }
    }
    shown = next
    return ended + findings
  }
}
