import VigilCore

/// One holder's part in a policy's breaches (`accountable: Resource at breach`): the time
/// they held the breached cases, the breaches reached while they held them, and the breached
/// cases they handed on, with the budget left then.
package struct HolderTally: Sendable, Hashable {
  /// The breached cases (or cycles) they held, for some time or none.
  package var cases = 0
  /// The time they held them: wall-clock or working time, less pauses.
  package var held: Int64 = 0
  /// The breaches reached while they held the case.
  package var breaches = 0
  /// Their handoffs before the breach, and the budget left at them, summed.
  package var handedOn = 0
  package var budgetLeft: Int64 = 0
  /// Their handoffs at or after the breach.
  package var handedOnLate = 0

  /// Nothing yet.
  package init() {}

  /// The mean budget left at a handoff before the breach, rounded down to the millisecond;
  /// nil when there was none.
  package var meanBudgetLeft: Int64? {
    handedOn == 0 ? nil : budgetLeft / Int64(handedOn)
  }

  /// This and `other` added up.
  package func merged(_ other: HolderTally) -> HolderTally {
    var sum = self
    sum.cases += other.cases
    sum.held += other.held
    sum.breaches += other.breaches
    sum.handedOn += other.handedOn
    sum.budgetLeft += other.budgetLeft
    sum.handedOnLate += other.handedOnLate
    return sum
  }

  /// How a breached case's holders count: each holder's time and case; the breach for its
  /// holder; each handoff for the one who handed on, in time (before the breach's stretch)
  /// or late. `nobody` names the stretches without a holder.
  package static func add(
    _ split: HolderSplit, to tallies: inout [String: HolderTally], nobody: String
  ) {
    var seen: Set<String> = []
    for (index, stretch) in split.stretches.enumerated() {
      let name = stretch.holder ?? nobody
      var tally = tallies[name] ?? HolderTally()
      if seen.insert(name).inserted { tally.cases += 1 }
      tally.held += stretch.counted
      if index == split.breach { tally.breaches += 1 }
      if index + 1 < split.stretches.count {
        if let breach = split.breach, index >= breach {
          tally.handedOnLate += 1
        } else {
          tally.handedOn += 1
          tally.budgetLeft += split.stretches[index + 1].budgetLeft
        }
      }
      tallies[name] = tally
    }
  }
}
