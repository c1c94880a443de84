/// A party's first violations in input order, at most `limit` of them, kept in
/// the lists that found them (a chunk's, then each chunk's merged after it): merging two
/// appends the other's lists whole, with no violation copied or destroyed — at 20,000
/// records, copying each kept violation into the merged list and destroying the chunk's cost
/// a fifth of the accountability report's instructions. The last list may hold more than is
/// kept; reading stops at the limit.
package struct KeptLines: Sendable, Sequence, ExpressibleByArrayLiteral {
  /// The lists merged, in input order.
  private var parts: [[ViolationLine]] = []
  /// The violations appended one by one, after those of `parts`.
  private var last: [ViolationLine] = []
  /// How many violations `parts` and `last` hold.
  private var held = 0
  /// How many it keeps at most.
  package let limit: Int

  /// None yet, to keep at most `limit` (0: none, for a report that lists none, or a chunk's
  /// list of a party whose list is full already).
  package init(limit: Int = PartyTally.keptLines) {
    self.limit = limit
  }

  /// `lines`, in order (the first `PartyTally.keptLines` of them kept).
  package init(arrayLiteral lines: ViolationLine...) {
    self.init()
    for line in lines where isOpen { append(line) }
  }

  /// How many violations the list keeps.
  package var count: Int { Swift.min(held, limit) }

  /// Whether the list keeps none.
  package var isEmpty: Bool { held == 0 }

  /// Whether the list keeps fewer than it may: a violation appended now would be kept.
  package var isOpen: Bool { held < limit }

  /// Adds a violation after those kept; only while `isOpen`.
  package mutating func append(_ line: consuming ViolationLine) {
    precondition(isOpen, "a full list of violations keeps no more")
    last.append(line)
    held += 1
  }

  /// Adds the violations of `other`, found after these, as far as the list keeps them: its
  /// lists are shared whole, none of its violations copied.
  package mutating func append(contentsOf other: KeptLines) {
    guard isOpen, !other.isEmpty else { return }
    if !last.isEmpty {
      parts.append(last)
      last = []
    }
    parts += other.parts
    if !other.last.isEmpty { parts.append(other.last) }
    held += other.held
  }

  /// Moves the records' violations `shift` lines down their input (`PartyTally.shiftLines`).
  package mutating func shiftLines(by shift: Int) {
    for part in parts.indices {
      for index in parts[part].indices { parts[part][index].shiftLine(by: shift) }
    }
    for index in last.indices { last[index].shiftLine(by: shift) }
  }

  /// The violations kept, in input order.
  package func makeIterator() -> IndexingIterator<Slice<FlattenSequence<[[ViolationLine]]>>> {
    (parts + [last]).joined().prefix(count).makeIterator()
  }
}
