import Foundation

/// Which violations the accountability tallies of one audit keep in their parties' lists
/// (`PartyTally.lines`), shared by the threads that audit chunks: none when the report lists
/// none (text, JSON and CSV count them only); else a party's until the lists merged so far
/// hold the first `PartyTally.keptLines` of them. Chunks are merged in input order, and a
/// chunk is audited only after every chunk merged so far: so a party whose merged list is
/// full keeps none of a chunk still to come, and the lists kept are those of an audit that
/// keeps everything. A chunk asks once for each party it meets.
package final class KeptLinesGate: @unchecked Sendable {
  /// Whether the report lists each party's violations.
  package let listsViolations: Bool
  // `full` is guarded by `lock`.
  private let lock = NSLock()
  private var full: Set<String?> = []

  /// A gate for an audit whose report lists each party's violations, or not.
  package init(listsViolations: Bool) {
    self.listsViolations = listsViolations
  }

  /// How many of `party`'s violations a chunk audited now keeps.
  package func limit(for party: String?) -> Int {
    guard listsViolations else { return 0 }
    lock.lock()
    defer { lock.unlock() }
    return full.contains(party) ? 0 : PartyTally.keptLines
  }

  /// Notes that the list of `party`, merged in input order, is full.
  package func markFull(_ party: String?) {
    lock.lock()
    full.insert(party)
    lock.unlock()
  }
}
