/// What a pattern says about the bytes of its matches, for the byte searches the matcher
/// runs before (or instead of) the automaton.
package enum RegexLiterals {
  /// The literal facts of one node.
  package struct Info {
    /// The node matches exactly these bytes and nothing else, unconditionally.
    package var exact: [UInt8]?
    /// Every match of the node starts with these bytes.
    package var prefix: [UInt8] = []
    /// Every match of the node contains these bytes.
    package var required: [UInt8] = []
    /// The node matches only the empty text (an assertion): a prefix can be read past it.
    package var zeroWidth = false
  }

  /// The longest literal worth repeating for `a{3}`-style exact texts.
  package static let maxExact = 256

  package static func info(_ node: RegexNode) -> Info {
    switch node {
    case .empty: return Info(exact: [], zeroWidth: true)
    case .literal(let scalar, let fold):
      guard !fold, let value = Unicode.Scalar(scalar) else { return Info() }
      let bytes = Array(String(Character(value)).utf8)
      return Info(exact: bytes, prefix: bytes, required: bytes)
    case .set(let set):
      guard !set.fold, !set.negated, set.ranges.count == 1,
        set.ranges[0].lowerBound == set.ranges[0].upperBound
      else { return Info() }
      return info(.literal(set.ranges[0].lowerBound, fold: false))
    case .any: return Info()
    case .assertion: return Info(zeroWidth: true)
    case .concat(let items): return concat(items.map(info))
    case .alternate(let branches):
      let infos = branches.map(info)
      var prefix = infos[0].prefix
      for other in infos.dropFirst() {
        prefix = Array(zip(prefix, other.prefix).prefix { $0 == $1 }.map(\.0))
      }
      let first = infos[0].exact
      let same = first != nil && infos.allSatisfy { $0.exact == first }
      return Info(exact: same ? first : nil, prefix: prefix, required: prefix)
    case .repetition(let child, let min, let max):
      guard min > 0 else { return Info() }
      let inner = info(child)
      if let exact = inner.exact, min == max, exact.count * min <= maxExact {
        let repeated = Array([[UInt8]](repeating: exact, count: min).joined())
        return Info(exact: repeated, prefix: repeated, required: repeated)
      }
      return Info(prefix: inner.prefix, required: inner.required)
    }
  }

  /// A concatenation: exact runs are joined; the prefix reads past zero-width parts.
  package static func concat(_ infos: [Info]) -> Info {
    var result = Info(exact: [], zeroWidth: true)
    var prefixOpen = true
    var run: [UInt8] = []
    func consider(_ candidate: [UInt8]) {
      if candidate.count > result.required.count { result.required = candidate }
    }
    for item in infos {
      if let exact = item.exact {
        run += exact
        if prefixOpen { result.prefix += exact }
      } else if item.zeroWidth {
        result.exact = nil  // an assertion: nothing consumed, the runs on both sides join
      } else {
        consider(run + item.prefix)
        consider(item.required)
        run = []
        if prefixOpen { result.prefix += item.prefix }
        prefixOpen = false
        result.exact = nil
      }
      result.zeroWidth = result.zeroWidth && item.zeroWidth
    }
    consider(run)
    if result.exact != nil { result.exact = result.prefix }
    return result
  }

  /// Whether every match starts at the start of the text.
  package static func anchoredStart(_ node: RegexNode) -> Bool {
    switch node {
    case .assertion(let assertion): return assertion == .textStart
    case .concat(let items): return items.first.map(anchoredStart) ?? false
    case .alternate(let branches): return branches.allSatisfy(anchoredStart)
    case .repetition(let child, let min, _): return min > 0 && anchoredStart(child)
    default: return false
    }
  }
}
