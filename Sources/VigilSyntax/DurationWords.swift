/// Durations as people write them (`2 days`, `2 d`, `2days`, `1hr30mins`), and the literal
/// they mean (`2d`, `1h30m`): what the lexer and the parser suggest.
package enum DurationWords {
  /// The duration units, largest first, with their length in milliseconds.
  package static let units: [(letter: String, milliseconds: Int64)] = [
    ("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000),
    ("ms", 1),
  ]

  /// The words that name a unit, the letters included, lowercase.
  private static let words: [String: String] = [
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "d": "d", "day": "d", "days": "d",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "ms": "ms", "msec": "ms", "msecs": "ms", "millisecond": "ms", "milliseconds": "ms",
  ]

  /// The index in `units` of the unit `word` names (`days`, `Day`, `d`), if it names one.
  package static func unitIndex(_ word: String) -> Int? {
    guard let letter = words[word.lowercased()] else { return nil }
    return units.firstIndex { $0.letter == letter }
  }

  /// The literal that `parts` (amounts, each with the index of its unit) mean: `2d` for
  /// `2 days`, `1h30m` for `1 hour 30 minutes`, `1d12h` for `1.5 days`; nil when they are
  /// not a whole, non-negative number of milliseconds below 2^53.
  package static func literal(_ parts: [(amount: Double, unit: Int)]) -> String? {
    let whole = parts.allSatisfy { $0.amount >= 0 && $0.amount == $0.amount.rounded() }
    let descending = zip(parts, parts.dropFirst()).allSatisfy { $0.unit < $1.unit }
    if whole && descending && parts.allSatisfy({ $0.amount < 1e12 }) {
      return parts.map { "\(Int64($0.amount))\(units[$0.unit].letter)" }.joined()
    }
    let total = parts.reduce(0.0) { $0 + $1.amount * Double(units[$1.unit].milliseconds) }
    guard total >= 0, total == total.rounded(), total < 9_007_199_254_740_992 else { return nil }
    return literal(milliseconds: Int64(total))
  }

  /// `ms` as a literal in days, hours, minutes, seconds and milliseconds: `1d12h`, `0s`.
  package static func literal(milliseconds ms: Int64) -> String {
    var rest = ms
    var text = ""
    for (letter, length) in units.dropFirst() where rest >= length {
      text += "\(rest / length)\(letter)"
      rest %= length
    }
    return text.isEmpty ? "0s" : text
  }

  /// The literal that `text` (digits and unit words, `2days`, `1hr30mins`) means, if every
  /// word names a unit.
  package static func literal(correcting text: String) -> String? {
    var parts: [(amount: Double, unit: Int)] = []
    var rest = Substring(text)
    while let digit = rest.first, digit.isASCII, digit.isNumber {
      let digits = rest.prefix { $0.isASCII && $0.isNumber }
      rest = rest.dropFirst(digits.count)
      let word = rest.prefix { !($0.isASCII && $0.isNumber) }
      rest = rest.dropFirst(word.count)
      guard let amount = Double(digits), let unit = unitIndex(String(word)) else { return nil }
      parts.append((amount, unit))
    }
    return rest.isEmpty && !parts.isEmpty ? literal(parts) : nil
  }
}
