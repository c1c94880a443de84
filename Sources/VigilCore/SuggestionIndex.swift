/// "Did you mean …?" over many candidates (the definitions of a large policy set): finds the
/// candidates within one or two edits of a name without measuring its distance to every one.
///
/// Each candidate, lowercased as `Suggestions` compares them, is filed under a hash of every
/// text made by deleting at most `maxEdits` of its characters. Two texts within k edits
/// (`Suggestions.editDistance`: insertions, deletions, substitutions, transpositions of
/// neighbours) become the same text once at most k characters are deleted from each: a
/// substitution is undone by deleting the character on both sides, an insertion or a deletion
/// on one side, a transposition `ab`/`ba` by deleting the `a` on both. So every candidate
/// within k edits of a name is filed under the hash of one of the name's own deletions, and
/// only the candidates found so are measured; a hash shared by chance adds a candidate, which
/// is measured too, and never loses one. Filing costs a candidate about L²/2 hashes (L its
/// length), once; a look-up, the name's L²/2 deletions and the few candidates they find.
package struct SuggestionIndex {
  /// The most edits a look-up may allow.
  package static let maxEdits = 2

  /// The candidates, lowercased, by index.
  private let candidates: [[Unicode.Scalar]]
  /// Each deletion's hash (its top 40 bits) and the candidate's index (the low 24 bits) in one
  /// number, sorted, each once.
  private let entries: [UInt64]

  /// The most candidates an index holds (a policy set of 16 MiB holds fewer definitions).
  package static let maxCandidates = 1 << 24

  /// Files `names`, at most `maxCandidates`; a look-up answers with indices into it.
  package init(_ names: [String]) {
    precondition(names.count <= Self.maxCandidates, "at most \(Self.maxCandidates) candidates")
    candidates = names.map { Array($0.lowercased().unicodeScalars) }
    var entries: [UInt64] = []
    for (index, scalars) in candidates.enumerated() {
      Self.forEachDeletion(of: scalars, upTo: Self.maxEdits) { hash in
        entries.append(hash << 24 | UInt64(index))
      }
    }
    entries.sort()
    var unique: [UInt64] = []
    unique.reserveCapacity(entries.count)
    for entry in entries where unique.last != entry { unique.append(entry) }
    self.entries = unique
  }

  /// The index of the earliest candidate that `accepted` takes whose distance to `name`
  /// (case-insensitive) is the smallest and at most `limit` (at most `maxEdits`), with that
  /// distance; nil when no candidate is that close. `accepted` is asked only about the
  /// candidates the index finds, each once, in order.
  package func closest(
    to name: String, within limit: Int, where accepted: (Int) -> Bool
  ) -> (index: Int, distance: Int)? {
    precondition(limit <= Self.maxEdits, "a look-up allows at most \(Self.maxEdits) edits")
    let target = Array(name.lowercased().unicodeScalars)
    var found: [Int] = []
    Self.forEachDeletion(of: target, upTo: limit) { hash in
      var index = lowerBound(hash << 24)
      while index < entries.count && entries[index] >> 24 == hash {
        found.append(Int(entries[index] & 0xFF_FFFF))
        index += 1
      }
    }
    var best: (index: Int, distance: Int)?
    var previous = -1
    for index in found.sorted() where index != previous {
      previous = index
      guard accepted(index) else { continue }
      let distance = Suggestions.editDistance(target, candidates[index])
      if distance <= limit && distance < (best?.distance ?? Int.max) {
        best = (index, distance)
      }
    }
    return best
  }

  /// The first entry not below `entry`.
  private func lowerBound(_ entry: UInt64) -> Int {
    var low = 0
    var high = entries.count
    while low < high {
      let middle = (low + high) / 2
      if entries[middle] < entry { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// Calls `body` with the 40-bit hash of `scalars` and of each text made by deleting one,
  /// and up to `edits` (at most 2), of its characters (FNV-1a, continued from the hash of the
  /// text before the first deletion).
  private static func forEachDeletion(
    of scalars: [Unicode.Scalar], upTo edits: Int, _ body: (UInt64) -> Void
  ) {
    let count = scalars.count
    var prefix = [offsetBasis]
    prefix.reserveCapacity(count + 1)
    for scalar in scalars { prefix.append(step(prefix[prefix.count - 1], scalar)) }
    body(prefix[count] >> 24)
    guard edits >= 1 else { return }
    for first in 0..<count {
      body(hash(scalars, from: first + 1, continuing: prefix[first]) >> 24)
      guard edits >= 2 else { continue }
      var before = prefix[first]  // the text up to the second deletion, less the first
      for second in (first + 1)..<count {
        body(hash(scalars, from: second + 1, continuing: before) >> 24)
        before = step(before, scalars[second])
      }
    }
  }

  private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

  private static func step(_ hash: UInt64, _ scalar: Unicode.Scalar) -> UInt64 {
    (hash ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01b3
  }

  /// `hash` continued over the scalars from `start` to the end.
  private static func hash(_ scalars: [Unicode.Scalar], from start: Int, continuing hash: UInt64)
    -> UInt64
  {
    var hash = hash
    for index in start..<scalars.count { hash = step(hash, scalars[index]) }
    return hash
  }
}
