import VigilSyntax

/// Statements and block lines: one space between words, none before `,` and `:`, `→` as the
/// arrow, a rule breaking before its arrow first, then inside its condition.
extension DocBuilder {
  /// The document of `unit` (a block's header only: its lines are units of their own).
  /// - Parameter padding: spaces after a definition's name, to align a group's `=`.
  package mutating func unit(_ unit: LayoutUnit, padding: Int = 0) -> Doc {
    index = unit.first
    let end = unit.isBlock ? unit.headerEnd : unit.end
    let body: Doc
    switch unit.kind {
    case .include, .missing, .calendarLine, .calendarVersion, .policy: body = words(upTo: end)
    case .calendar(let calendar): body = calendarHeader(calendar)
    case .define(let definition): body = self.definition(definition, padding: padding)
    case .events(let events): body = .concat([take(), .space, grouping(events.grouping)])
    case .rule(let rule): body = self.rule(rule)
    case .policyLine(let line): body = policyLine(line, end: end)
    }
    return .concat([body, finish(upTo: end)])
  }

  private mutating func definition(_ definition: Definition, padding: Int) -> Doc {
    let keyword = take()
    let name = take(definition.name + String(repeating: " ", count: padding))
    let equals = take()
    let value = expression(definition.value, .expression)
    return .concat([keyword, .space, name, .space, equals, .space, value])
  }

  private mutating func calendarHeader(_ calendar: CalendarDecl) -> Doc {
    var docs = [take(), .space, take()]
    if let selector = calendar.selector {
      docs += [.space, take(), .space, expression(selector, .additive)]
    }
    return .concat(docs + [take()])
  }

  private mutating func policyLine(_ line: PolicyLine, end: Int) -> Doc {
    switch line {
    case .rule(let rule):
      return self.rule(rule)
    case .words:
      return words(upTo: end)
    case .accountable(let party, let holding, let history):
      let line = [take(), take(), .space, expression(party, .additive)]
      // `at breach`, `held longest`, `by share`.
      guard holding else { return .concat(line) }
      let words = line + [.space, take(), .space, take()]
      guard let history else { return .concat(words) }
      return .concat(words + [.space, take(), .space, expression(history, Slot(minimum: 8))])
    case .grouping(let grouping):
      return self.grouping(grouping)
    case .scope(let scope):
      return .concat([take(), .space, expression(scope, .expression)])
    case .followUp(let followUp):
      let keywords = [take(), .space, take(), .space, take(), .space]
      let predicate = expression(followUp.predicate, Slot(minimum: 4))
      let within = [.space, take(), .space, expression(followUp.within, .additive)]
      return .concat(keywords + [predicate] + within)
    case .warning(let limit):
      return .concat([take(), .space, take(), .space, expression(limit, .additive)])
    }
  }

  /// `condition → actions`: a group breaking before the arrow, then between the actions.
  package mutating func rule(_ rule: Rule) -> Doc {
    let condition = expression(rule.condition, .expression)
    let arrow = take()
    var actions: [Doc] = []
    for (position, action) in rule.actions.enumerated() {
      if position > 0 { actions += [take(), .line] }
      actions.append(self.action(action))
    }
    return .group(.concat([condition, .line, arrow, .space, .group(.concat(actions))]))
  }

  private mutating func action(_ action: Action) -> Doc {
    switch action.kind {
    case .flag:
      return take()
    case .notify:
      let keyword = take()
      guard let target = action.target else { return keyword }
      return .concat([keyword, .space, expression(target, .additive)])
    case .escalate:
      var docs = [take(), .space, take()]
      if let target = action.target { docs += [.space, expression(target, .additive)] }
      for step in action.steps {
        docs += [take(), .space, take(), .space, expression(step.target, .additive)]
        docs += [.space, take(), .space, expression(step.after, .additive)]
      }
      return .concat(docs)
    }
  }

  /// `per KEY, …, PERIOD by TIME in "Zone", ordered by TIME`, its parts as written.
  private mutating func grouping(_ grouping: Grouping) -> Doc {
    enum Part {
      case key(Expr)
      case window(Window)
      case order(Expr)
    }
    var parts: [(Int, Part)] = grouping.keys.map { (start(of: $0.range), .key($0)) }
    if let window = grouping.window { parts.append((start(of: window.range), .window(window))) }
    if let order = grouping.order { parts.append((start(of: order.range) - 2, .order(order))) }
    parts.sort { $0.0 < $1.0 }
    let keyword = take()
    var items: [Doc] = []
    for (position, part) in parts.enumerated() {
      var docs: [Doc]
      switch part.1 {
      case .key(let key):
        docs = [expression(key, .additive)]
      case .window(let window):
        docs = [take(), .space, take(), .space]
        docs.append(expression(window.time, Slot(minimum: 5, follower: window.zone == nil ? 0 : 4)))
        if window.zone != nil { docs += [.space, take(), .space, take()] }
      case .order(let time):
        docs = [take(), .space, take(), .space, expression(time, .additive)]
      }
      if position < parts.count - 1 { docs.append(take()) }
      items.append(.concat(docs))
    }
    return .concat([keyword, .space, .fill(items)])
  }

  private func start(of range: SourceRange) -> Int {
    tokens.index(startingAt: range.start) ?? tokens.index(from: range.start)
  }
}
