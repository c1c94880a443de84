import VigilSyntax

/// Finds the tokens of each statement and block line of a parsed file, from the ranges in its
/// tree: where each line starts, in the order the author wrote them.
package struct LineFinder {
  /// The file's tokens.
  package let tokens: FormatTokens

  /// The first token of `item`.
  package func first(of item: Item) -> Int {
    switch item {
    case .include(let include): return token(at: include.range.start)
    case .calendar(let calendar): return token(at: calendar.range.start)
    case .define(let definition): return token(at: definition.range.start)
    case .policy(let policy): return token(at: policy.range.start)
    case .events(let events): return token(at: events.range.start)
    case .missing(_, let range): return token(at: range.start)
    }
  }

  /// The unit of `item`, spanning tokens `first..<end`, with its block lines.
  package func unit(_ item: Item, first: Int, end: Int) -> LayoutUnit {
    switch item {
    case .include: return LayoutUnit(kind: .include, first: first, end: end)
    case .missing: return LayoutUnit(kind: .missing, first: first, end: end)
    case .events(let events): return LayoutUnit(kind: .events(events), first: first, end: end)
    case .define(let definition):
      return LayoutUnit(kind: .define(definition), first: first, end: end)
    case .policy(let policy):
      if policy.name == nil, let rule = policy.rule {
        return LayoutUnit(kind: .rule(rule), first: first, end: end)
      }
      var unit = LayoutUnit(kind: .policy(policy), first: first, end: end)
      unit.children = lines(policyLines(policy, end: end), end: end)
      return unit
    case .calendar(let calendar):
      var unit = LayoutUnit(kind: .calendar(calendar), first: first, end: end)
      let starts =
        calendarLines(calendar).map { ($0, LayoutUnit.Kind.calendarLine) }
        + calendar.versions.map { (token(at: $0.range.start), .calendarVersion($0)) }
      unit.children = lines(starts, end: end).map { element in
        // A version is a block of its own: its lines are its children.
        guard case .unit(var version) = element, case .calendarVersion(let decl) = version.kind
        else { return element }
        version.children = lines(
          calendarLines(decl).map { ($0, .calendarLine) }, end: version.end)
        return .unit(version)
      }
      return unit
    }
  }

  /// Units for lines starting at `starts`, each running to the next (the last to `end`).
  private func lines(_ starts: [(Int, LayoutUnit.Kind)], end: Int) -> [LayoutElement] {
    let sorted = starts.sorted { $0.0 < $1.0 }
    return sorted.enumerated().map { position, start in
      let lineEnd = position + 1 < sorted.count ? sorted[position + 1].0 : end
      return .unit(LayoutUnit(kind: start.1, first: start.0, end: lineEnd))
    }
  }

  /// The first token of each line of a policy block, with what the line is.
  private func policyLines(_ policy: PolicyDecl, end: Int) -> [(Int, LayoutUnit.Kind)] {
    var starts: [(Int, PolicyLine)] = []
    if let rule = policy.rule { starts.append((token(at: rule.range.start), .rule(rule))) }
    if let severity = policy.severity {
      starts.append((token(at: severity.range.start) - 2, .words))
    }
    if policy.because != nil, let because = becauseLine(policy, end: end) {
      starts.append((because, .words))
    }
    if let cycles = policy.cycles {
      starts.append((token(at: cycles.range.start) - 2, .words))
    }
    if let first = policy.allowed.first {
      // `allow: "code", …`: the word and the colon before the first code.
      starts.append((token(at: first.range.start) - 2, .words))
    }
    if let party = policy.accountable {
      starts.append(
        (
          token(at: party.range.start) - 2,
          .accountable(
            party, holding: policy.holding != nil, history: policy.holderHistory)
        ))
    }
    if let grouping = policy.grouping {
      starts.append((token(at: grouping.range.start), .grouping(grouping)))
    }
    if let scope = policy.scope { starts.append((token(at: scope.range.start) - 1, .scope(scope))) }
    if let minimum = policy.minimum { starts.append((token(at: minimum.range.start), .words)) }
    if let followUp = policy.followUp {
      starts.append((token(at: followUp.range.start), .followUp(followUp)))
    }
    if let warning = policy.warning {
      starts.append((token(at: warning.range.start), .warning(warning.limit)))
    }
    return starts.map { ($0.0, .policyLine($0.1)) }
  }

  /// The `because:` line of a policy (its range is not kept in the tree).
  private func becauseLine(_ policy: PolicyDecl, end: Int) -> Int? {
    let first = token(at: policy.range.start)
    return (first..<end).first { index in
      let word = tokens.tokens[index]
      return word.startsLine && word.isWord("because") && tokens.tokens[index + 1].isSymbol(.colon)
    }
  }

  /// The first token of each line of a calendar block.
  private func calendarLines(_ calendar: CalendarDecl) -> [Int] {
    var starts = calendar.hours.map { token(at: $0.range.start) }
    if let zone = calendar.zone { starts.append(token(at: zone.range.start) - 1) }
    for holiday in calendar.holidays {
      let index = token(at: holiday.range.start)
      if tokens.tokens[index - 1].isWord("holidays") { starts.append(index - 1) }
    }
    starts += calendar.holidayFiles.map { token(at: $0.range.start) - 2 }
    starts += calendar.choices.map { token(at: $0.range.start) }
    if let fallback = calendar.fallback { starts.append(token(at: fallback.range.start) - 2) }
    return starts
  }

  /// The token starting at `offset`; a range of the tree always starts at a token.
  private func token(at offset: Int) -> Int {
    tokens.index(startingAt: offset) ?? tokens.index(from: offset)
  }
}
