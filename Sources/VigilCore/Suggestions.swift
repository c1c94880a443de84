/// "Did you mean …?": the closest candidate by edit distance.
package enum Suggestions {
  /// The candidate closest to `name` (case-insensitive Damerau–Levenshtein distance), if it is
  /// close enough to be a plausible typo: at most 1 edit for short names, 2 for longer ones,
  /// 3 for names of 10 characters or more. Ties go to the earlier candidate.
  package static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    let target = Array(name.lowercased().unicodeScalars)
    let limit = target.count <= 3 ? 1 : target.count < 10 ? 2 : 3
    var best: (String, Int)?
    for candidate in candidates where candidate != name {
      let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
      if distance <= limit, best == nil || distance < best!.1 {  // INVARIANT: checked for nil.
        best = (candidate, distance)
      }
    }
    return best?.0
  }

  /// The optimal-string-alignment distance between two strings.
  package static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}
