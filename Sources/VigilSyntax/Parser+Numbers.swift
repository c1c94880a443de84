/// Numbers, and durations written with a space (`2 days`, `2 d`, `1 hour 30 minutes`).
extension Parser {
  /// A number literal, the current token. A unit word after it on the same line (`2 days`,
  /// `2 d`) is an error whose help gives the literal meant (`2d`); the two are read as that
  /// duration, so the rest of the file is checked as the author meant it.
  package mutating func parseNumber(_ value: Double) -> Expr {
    let number = advance().range
    guard let first = spacedUnit() else { return Expr(.literal(.number(value)), number) }
    var parts = [(amount: value, unit: first)]
    var end = advance().range.end
    // `1 hour 30 minutes`: further numbers, each with its unit.
    while case .number(let amount) = current.kind, !atStatementBoundary, !current.startsLine {
      let next = index
      advance()
      guard let unit = spacedUnit() else {
        index = next
        break
      }
      parts.append((amount, unit))
      end = advance().range.end
    }
    let range = SourceRange(number.start, end)
    let meant = DurationWords.literal(parts)
    report(
      .invalidLiteral,
      "'\(source.text(in: range))' is not a duration: write the number and its unit's letter together",
      range, help: (meant.map { "write \($0); " } ?? "") + "the units are w, d, h, m, s and ms",
      fix: meant)
    let milliseconds = parts.reduce(0.0) {
      $0 + $1.amount * Double(DurationWords.units[$1.unit].milliseconds)
    }
    let exact = abs(milliseconds) < 9_007_199_254_740_992 ? Int64(milliseconds.rounded()) : 0
    return Expr(.literal(.duration(exact)), range)
  }

  /// The unit the current token names, when it is a word on the line of the number before
  /// it and not a call (`2 days(x)`).
  private func spacedUnit() -> Int? {
    guard !atStatementBoundary, !current.startsLine, let word = current.identifier,
      let unit = DurationWords.unitIndex(word)
    else { return nil }
    let next = peek(1)
    if next.isSymbol(.leftParen) && next.range.start == current.range.end { return nil }
    return unit
  }
}
