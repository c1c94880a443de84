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
}

extension AggregateState {
  /// The cycles a `cycleStart` state's records make, in order: taken in time order (those
  /// at the same instant in input order), a record that ends cycles (its `until` is true)
  /// ends the running one, if any; another that begins them begins one when none runs.
  /// The last may be open (its end nil).
  package var cycles: [(start: Int64, end: Int64?)] {
    let ordered = changes.enumerated().sorted {
      ($0.element.at, $0.offset) < ($1.element.at, $1.offset)
    }
    var found: [(start: Int64, end: Int64?)] = []
    var running = false
    for (_, change) in ordered {
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
        cycle: CycleJudged(facts: facts, reportsErrors: !erred), found: found)
      breached = breached || fired
      erred = erred || dataError
    }
  }
}
