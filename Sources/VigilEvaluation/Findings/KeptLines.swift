/// A party's first violations in input order, at most `PartyTally.keptLines` of them, kept in
/// the parts that found them (a chunk's list, then each chunk merged after it): merging two
/// lists appends the other's parts whole, with no violation copied or destroyed — at 20,000
/// records, copying each kept violation into the merged list and destroying the chunk's cost
/// a fifth of the accountability report's instructions. The last part may hold more than
/// the list keeps; reading it stops at the limit.
package struct KeptLines: Sendable, Sequence, ExpressibleByArrayLiteral {
  /// The lists appended, in input order.
  private var parts: [[ViolationLine]] = []
  /// How many violations the parts hold.
  private var held = 0

  /// None yet.
  package init() {}

  /// `lines`, in order (the first `PartyTally.keptLines` of them kept).
  package init(arrayLiteral lines: ViolationLine...) {
    for line in lines where isOpen { append(line) }
  }

  /// How many violations the list keeps.
  package var count: Int { Swift.min(held, PartyTally.keptLines) }

  /// Whether the list keeps none.
  package var isEmpty: Bool { held == 0 }

  /// Whether the list keeps fewer than it may: a violation appended now would be kept.
  package var isOpen: Bool { held < PartyTally.keptLines }

  /// Adds a violation after those kept; only while `isOpen`.
  package mutating func append(_ line: consuming ViolationLine) {
    precondition(isOpen, "a full list of violations keeps no more")
    if parts.isEmpty {
      parts.append([])
      // Room for the lines a chunk usually keeps, without growing the list many times.
      parts[0].reserveCapacity(16)
    }
    parts[parts.count - 1].append(line)
    held += 1
  }

  /// Adds the violations of `other`, found after these, as far as the list keeps them: its
  /// parts are shared whole, none of its violations copied.
  package mutating func append(contentsOf other: KeptLines) {
    guard isOpen, !other.isEmpty else { return }
    parts += other.parts
    held += other.held
  }

  /// The violations kept, in input order.
  package func makeIterator() -> IndexingIterator<Slice<FlattenSequence<[[ViolationLine]]>>> {
    parts.joined().prefix(count).makeIterator()
  }
}
