import VigilCore
import VigilSemantics

// Policies judged per cycle (`each cycle from P until Q`): a group's (an event log's case's)
// cycles are found from its records where P or Q is true, and the condition is judged once
// per cycle it counts (`cycles: every|first|last`), the state running through that cycle.

/// A cycle being judged: its facts, and whether a data error of its condition is to be
/// reported (only the first cycle's that has one is: a case has one data error per policy).
struct CycleJudged {
  var facts: CycleFacts
  var reportsErrors: Bool
  /// Whether the frame is to be filled with the group's keys and aggregates (the first
  /// cycle judged): the later ones change only the cycle's bounds.
  var fills: Bool
}

extension AggregateState {
  /// The cycles a `cycleStart` state's records make, in order: taken in time order (those
  /// at the same instant in input order), a record that ends cycles (its `until` is true)
  /// ends the running one, if any; another that begins them begins one when none runs.
  /// The last may be open (its end nil).
  package var cycles: [(start: Int64, end: Int64?)] {
    let changes = self.changes
    // Mostly in time order already (added as their records came): then not sorted.
    var inOrder = true
    for index in changes.indices.dropFirst() where changes[index].at < changes[index - 1].at {
      inOrder = false
      break
    }
    let ordered =
      inOrder
      ? changes
      : changes.enumerated().sorted {
        ($0.element.at, $0.offset) < ($1.element.at, $1.offset)
      }.map(\.element)
    var found: [(start: Int64, end: Int64?)] = []
    var running = false
    for change in ordered {
      guard case .number(let flag) = change.value else { continue }
      if flag == Self.endsCycle {
        if running { found[found.count - 1].end = change.at }
        running = false
      } else if !running {
        found.append((change.at, nil))
        running = true
      }
    }
    return found
  }

  /// How a `cycleStart` state marks a record that ends cycles (1 marks one that begins them).
  package static let endsCycle = 2.0
}

extension Program {
  /// Judges the cycles `cycles` chooses of a group: each as a group of its own, the state
  /// running from the cycle's start to its end (or now). A group with no cycle is judged
  /// once, its state unknown.
  func judgeCycles(
    _ policy: CompiledGroupPolicy, _ cycles: CheckedCycles, _ key: GroupKey, _ state: GroupState,
    frame: Frame, found: (GroupFinding) -> Void
  ) {
    let all = state.aggregates[cycles.start].cycles
    guard !all.isEmpty else {
      _ = judge(policy, key, state, in: [:], frame: frame, cycle: nil, found: found)
      return
    }
    let chosen: Range<Int>
    switch cycles.choice {
    case .every: chosen = all.indices
    case .first: chosen = 0..<1
    case .last: chosen = all.count - 1..<all.count
    }
    var (breached, erred) = (false, false)
    for index in chosen {
      let facts = CycleFacts(
        number: index + 1, count: all.count, start: all[index].start, end: all[index].end,
        firstBreach: !breached)
      let (fired, dataError) = judge(
        policy, key, state, in: [:], frame: frame,
        cycle: CycleJudged(facts: facts, reportsErrors: !erred, fills: index == chosen.first),
        found: found)
      breached = breached || fired
      erred = erred || dataError
    }
  }
}

extension Program {
  /// The cycles of the case (or group) the record in `frame` belongs to under `policy`, a
  /// policy with an `each cycle` state, as `tally` holds it (for `vigil explain`); empty when
  /// it is in none, or has none.
  package func groupCycles(
    of frame: Frame, _ policy: CompiledGroupPolicy, in tally: AuditTally
  ) -> [(start: Int64, end: Int64?)] {
    guard let cycles = policy.cycles, policy.sequence == nil, policy.window == nil else {
      return []
    }
    frame.resetFindings()
    let key = GroupKey(values: policy.keys.map { $0(frame) }, window: 0)
    guard frame.errorCount == 0 else { return [] }
    if let slot = policy.caseSlot {
      let table = tally.cases[slot.table]
      guard let number = table.number(of: key),
        let state = table.group(policy: slot.policy, case: number)
      else { return [] }
      return state.aggregates[cycles.start].cycles
    }
    return tally.group(policy.index, key)?.aggregates[cycles.start].cycles ?? []
  }

  /// Sets the state of `group` (a frame of `policy`'s group, `groupFrame`) to run through
  /// `cycle`.
  package func setCycle(
    _ cycle: (start: Int64, end: Int64?), in group: Frame, _ policy: CompiledGroupPolicy
  ) {
    guard let cycles = policy.cycles else { return }
    group.values[policy.keys.count + cycles.start] = .time(cycle.start)
    group.values[policy.keys.count + cycles.end] = cycle.end.map { .time($0) } ?? .null
  }
}
