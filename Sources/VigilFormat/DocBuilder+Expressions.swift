import VigilSyntax

/// Expressions: one space around binary operators, `and`/`or` chains and juxtapositions as
/// groups that break before each operator, lists and arguments filled after their commas.
/// The parentheses the author wrote are kept (one pair where several wrap the same thing);
/// others are added only where the tree could not be read back without them.
extension DocBuilder {
  /// The document of `expr`, printed where `slot` says.
  package mutating func expression(_ expr: Expr, _ slot: Slot) -> Doc {
    let written = tokens.wrappingParens(expr.range)
    var needed = Precedence.needsParentheses(expr, in: slot)
    if slot.juxtaposed && written == 0 && startsWithMinus(expr) { needed = true }
    guard written > 0 || needed else { return bare(expr) }
    var docs: [Doc] = []
    if written > 0 {
      docs.append(take("("))
      for _ in 1..<written { docs.append(skip()) }
    } else {
      docs.append(.text("("))
    }
    docs.append(bare(expr))
    if written > 0 {
      for _ in 1..<written { docs.append(skip()) }
      docs.append(take(")"))
    } else {
      docs.append(.text(")"))
    }
    return .concat(docs)
  }

  /// `expr` without the parentheses around it.
  private mutating func bare(_ expr: Expr) -> Doc {
    switch expr.kind {
    case .literal, .name, .quotedName, .now:
      return take()
    case .member(let base, _):
      let baseDoc = expression(base, Slot(minimum: 8, follower: 8))
      return .concat([baseDoc, take(), take()])
    case .list(let items):
      return sequence(items, open: take())
    case .call(_, let arguments):
      let name = take()
      return .concat([name, sequence(arguments, open: take())])
    case .unary(.not, let operand):
      return .concat([take(), .space, expression(operand, Slot(minimum: 3))])
    case .unary(.negate, let operand):
      return .concat([take(), expression(operand, Slot(minimum: 7))])
    case .binary(let op, _, _) where Precedence.level(op) <= 2:
      return chain(expr, level: Precedence.level(op))
    case .binary(let op, let left, let right):
      return binary(op, left, right)
    default:
      return special(expr)
    }
  }

  /// The forms with keywords of their own.
  private mutating func special(_ expr: Expr) -> Doc {
    switch expr.kind {
    case .between(let value, let low, let high):
      let valueDoc = expression(value, Slot(minimum: 5, follower: 4))
      let between = take()
      let lowDoc = expression(low, .additive)
      let and = take()
      let highDoc = expression(high, .additive)
      return .concat([valueDoc, .space, between, .space, lowDoc, .space, and, .space, highDoc])
    case .isMissing(let operand, _):
      var docs = [expression(operand, Slot(minimum: 5, follower: 4)), .space, take()]
      if at("not") { docs += [.space, take()] }
      return .concat(docs + [.space, take()])
    case .state(let from, let until):
      return state(from, until, follower: 0)
    case .cycleState(let from, let until, let history):
      return cycleState(from, until, history, follower: 0)
    case .pausedState(let state, let history, let condition, let unless):
      let stateDoc: Doc
      switch state.kind {
      case .state(let from, let until): stateDoc = self.state(from, until, follower: 5)
      case .cycleState(let from, let until, let history):
        stateDoc = cycleState(from, until, history, follower: 5)
      default: return bare(state)
      }
      let paused = [take(), .space, take(), .space]
      let historyDoc = expression(history, Slot(minimum: 8))
      let whileDoc = [.space, take(), .space, expression(condition, Slot(minimum: 3))]
      var unlessDoc: [Doc] = []
      if let unless { unlessDoc = [.space, take(), .space, expression(unless, Slot(minimum: 3))] }
      return .group(.concat([stateDoc, .line] + paused + [historyDoc] + whileDoc + unlessDoc))
    case .filtered(let value, let condition):
      let valueDoc = expression(value, .expression)
      return .concat([valueDoc, .space, take(), .space, expression(condition, .expression)])
    case .noneWithin(let predicate, let within):
      let no = take()
      let predicateDoc = expression(predicate, Slot(minimum: 4))
      return .concat([
        no, .space, predicateDoc, .space, take(), .space, expression(within, .additive),
      ])
    case .relation(_, let operand):
      return .concat([take(), .space, take(), .space, expression(operand, Slot(minimum: 7))])
    case .inCalendar(let comparison, _, _):
      let comparisonDoc = calendarComparison(comparison)
      return .concat([comparisonDoc, .space, take(), .space, take()])
    case .businessDays(let count):
      let countDoc = expression(count, .additive)
      return .concat([countDoc, .space, take(), .space, take()])
    default:
      return bare(expr)
    }
  }

  /// `from A until B`; `follower` is what comes after B (`paused` for a paused clock).
  private mutating func state(_ from: Expr, _ until: Expr, follower: Int) -> Doc {
    let keyword = take()
    let fromDoc = expression(from, .additive)
    let untilKeyword = take()
    let untilDoc = expression(until, Slot(minimum: 5, follower: follower))
    return .concat([keyword, .space, fromDoc, .space, untilKeyword, .space, untilDoc])
  }

  /// `each cycle from P until Q`, or `each cycle in H from P until Q`.
  private mutating func cycleState(_ from: Expr, _ until: Expr, _ history: Expr?, follower: Int)
    -> Doc
  {
    var words = [take(), .space, take(), .space]
    if let history { words += [take(), .space, expression(history, Slot(minimum: 8)), .space] }
    return .concat(words + [state(from, until, follower: follower)])
  }

  /// The comparison of `… in CALENDAR`, whose right side must not swallow the `in`.
  private mutating func calendarComparison(_ comparison: Expr) -> Doc {
    guard case .binary(let op, let left, let right) = comparison.kind else {
      return expression(comparison, Slot(minimum: 5, follower: 4))
    }
    return binary(op, left, right, rightFollower: 4)
  }

  /// `left op right` for comparisons and arithmetic.
  private mutating func binary(
    _ op: BinaryOperator, _ left: Expr, _ right: Expr, rightFollower: Int = 0
  ) -> Doc {
    let level = Precedence.level(op)
    let leftDoc = expression(left, Slot(minimum: level == 4 ? 5 : level, follower: level))
    var docs = [leftDoc, .space, take()]
    if op == .notIn { docs += [.space, take()] }
    let rightMinimum = level == 4 ? 5 : level + 1
    docs += [.space, expression(right, Slot(minimum: rightMinimum, follower: rightFollower))]
    return .concat(docs)
  }

  /// A chain of `or`, or of `and` and juxtapositions, as one group breaking before each
  /// operator.
  private mutating func chain(_ expr: Expr, level: Int) -> Doc {
    var links: [(op: BinaryOperator, operand: Expr)] = []
    var first = expr
    while case .binary(let op, let left, let right) = first.kind, Precedence.level(op) == level,
      first.range == expr.range || tokens.wrappingParens(first.range) == 0
    {
      links.append((op, right))
      first = left
    }
    links.reverse()
    var docs = [expression(first, Slot(minimum: level + 1, follower: level))]
    for (position, link) in links.enumerated() {
      docs.append(.line)
      if link.op != .juxtaposed { docs += [take(), .space] }
      let last = position == links.count - 1
      let slot = Slot(
        minimum: level + 1, follower: last ? 0 : level, juxtaposed: link.op == .juxtaposed)
      docs.append(expression(link.operand, slot))
    }
    return .group(.concat(docs))
  }

  /// `[a, b]` or `(a, b)`, the opening already taken: items filled after their commas; a
  /// trailing comma is left out.
  private mutating func sequence(_ items: [Expr], open: Doc) -> Doc {
    var parts: [Doc] = []
    for (position, item) in items.enumerated() {
      var part = [expression(item, .expression)]
      if at(.comma) {
        if position < items.count - 1 { part.append(take()) } else { part.append(skip()) }
      }
      parts.append(.concat(part))
    }
    let close = take()
    guard !parts.isEmpty else { return .concat([open, close]) }
    return .concat([open, .fill(parts), close])
  }

  /// Whether `expr`, printed, would start with `-` (a juxtaposed operand cannot).
  private func startsWithMinus(_ expr: Expr) -> Bool {
    guard let first = tokens.index(startingAt: expr.range.start) else { return false }
    return tokens.tokens[first].isSymbol(.minus)
  }
}
