/// The dishonest pauses one party set under one policy (`paused in … unless …`): how many,
/// the time they counted as not paused, and how many were in a record (or case) that broke
/// the policy, or had not ended by now.
package struct PauseTally: Sendable, Hashable {
  package var pauses = 0
  /// The time not paused, summed, in milliseconds.
  package var notPaused: Int64 = 0
  /// Of them, those of records (or cases) that broke the policy.
  package var breached = 0
  /// Of them, those that had not ended by now.
  package var ongoing = 0

  /// Nothing yet.
  package init() {}

  /// Counts one dishonest pause.
  package mutating func add(_ finding: PauseFinding) {
    pauses += 1
    notPaused += finding.pause.counted
    if finding.breached { breached += 1 }
    if finding.ongoing { ongoing += 1 }
  }

  /// This and `other` added up.
  package func merged(_ other: PauseTally) -> PauseTally {
    var sum = self
    sum.pauses += other.pauses
    sum.notPaused += other.notPaused
    sum.breached += other.breached
    sum.ongoing += other.ongoing
    return sum
  }
}
