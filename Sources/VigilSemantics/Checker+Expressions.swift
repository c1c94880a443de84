import VigilCore
import VigilSyntax

/// Checking expressions: names, types, and the shape of the checked tree.
extension Checker {
  /// Checks `expr`. `hint` is the type the context wants (`.time` for a state's bounds), used
  /// to infer the types of fields.
  package mutating func check(_ expr: Expr, hint: ValueType?) -> (CheckedExpr, ValueType) {
    let result = checkNode(expr, hint: hint)
    if tracer != nil { trace(expr, result) }
    return result
  }

  private mutating func checkNode(_ expr: Expr, hint: ValueType?) -> (CheckedExpr, ValueType) {
    if !aggregating, let key = groupKeyIndex(of: expr) {
      // INVARIANT: a key index comes from the group scope.
      return (.groupKey(key), groupScope!.keyTypes[key])
    }
    switch expr.kind {
    case .literal(let literal): return checkLiteral(literal)
    case .now: return (.now, .time)
    case .name(let name): return checkName(name, expr, hint: hint)
    case .quotedName(let name): return checkField(FieldPath(name), expr.range, hint: hint)
    case .member:
      guard let path = fieldPath(of: expr) else {
        report(
          .typeMismatch, "only fields of records have fields", expr.range,
          help: "write a field path such as customer.tier")
        return (.constant(.null), .any)
      }
      return checkField(path, expr.range, hint: hint)
    case .list(let items): return checkList(items)
    case .call(let name, let arguments):
      if AggregateKind.names.contains(name) {
        return checkAggregate(name, arguments, expr, hint: hint)
      }
      return checkCall(name, arguments, expr)
    case .unary(.not, let operand): return (.not(checkPredicate(operand)), .bool)
    case .unary(.negate, let operand): return checkNegation(operand)
    case .binary(let op, let left, let right): return checkBinary(op, left, right, expr, hint)
    case .between(let value, let low, let high): return checkBetween(value, low, high)
    case .isMissing(let operand, let negated):
      let (checked, type) = check(operand, hint: nil)
      if type == .state {
        report(
          .typeMismatch, "a state is not a value that can be missing", operand.range,
          help: "test its start or end field instead, e.g. resolved_at is missing")
      }
      return (.isMissing(checked, negated: negated), .bool)
    case .state(let from, let until): return checkState(from, until)
    case .noneWithin(let predicate, let within): return checkNoneWithin(predicate, within, expr)
    case .relation(let relation, let operand): return checkRelation(relation, operand, expr)
    case .inCalendar(let comparison, let name, let range):
      return checkInCalendar(comparison, name, range)
    case .pausedState(let state, let history, let condition, let unless):
      return checkPausedState(state, history, condition, unless)
    case .cycleState(let from, let until, let history):
      return checkCycleState(from, until, in: history, expr)
    case .businessDays(let count):
      // Only reached outside `… in CALENDAR` (the parser requires one after business days).
      report(
        .badCalendar, "business days are counted in a calendar", expr.range,
        help: "unresolved > 2 business days in support_hours")
      return check(count, hint: nil)
    case .filtered(let value, let filter):
      report(
        .badGroup, "'where' filters the records of an aggregate, and this is not one",
        expr.range, help: "write it inside an aggregate: share(late where complaint)")
      _ = checkPredicate(filter)
      return check(value, hint: hint)
    }
  }

  /// Checks an expression used as a condition: a true/false value, or a state (open at now).
  package mutating func checkPredicate(_ expr: Expr) -> CheckedExpr {
    let (checked, type) = check(expr, hint: .bool)
    if type == .state {
      return .stateOpen(checked, site: addSite(label: expr, op: nil, threshold: nil))
    }
    if !type.isPredicate {
      report(
        .typeMismatch, "'\(source.text(in: expr.range))' is \(type.article), not a condition",
        expr.range, help: predicateHelp(type))
    }
    return checked
  }

  /// Checks a rule's condition.
  package mutating func checkCondition(_ expr: Expr) -> CheckedExpr {
    tracer?.checked = [:]
    let checked = checkPredicate(expr)
    if tracer != nil && reporting { tracer!.trees.append(traceTree(expr, source)) }
    return checked
  }

  package func predicateHelp(_ type: ValueType) -> String {
    switch type {
    case .duration: return "compare it with a threshold, e.g. > 48h"
    case .time: return "compare it with another time, or make a state: from <start> until <end>"
    case .number: return "compare it, e.g. > 3"
    case .text: return "compare it, e.g. == \"complaint\""
    default: return "conditions are comparisons, states, or definitions of them"
    }
  }

  // MARK: - Literals and names

  package func checkLiteral(_ literal: Literal) -> (CheckedExpr, ValueType) {
    switch literal {
    case .number(let value), .percentage(let value): return (.constant(.number(value)), .number)
    case .text(let value): return (.constant(.text(value)), .text)
    case .bool(let value): return (.constant(.bool(value)), .bool)
    case .null: return (.constant(.null), .null)
    case .duration(let value): return (.constant(.duration(value)), .duration)
    case .time(let value): return (.constant(.time(value)), .time)
    }
  }

  package mutating func checkList(_ items: [Expr]) -> (CheckedExpr, ValueType) {
    let checked = items.map { check($0, hint: nil).0 }
    var constants: [Value] = []
    for item in checked {
      guard case .constant(let value) = item else { return (.list(checked), .list) }
      constants.append(value)
    }
    return (.constant(.list(constants)), .list)
  }

  package mutating func checkName(
    _ name: String, _ expr: Expr, hint: ValueType?
  ) -> (CheckedExpr, ValueType) {
    if let entry = definitions[name] {
      if cyclic.contains(name) || expanding.contains(name) { return (.constant(.null), .any) }
      used.insert(name)
      let saved = source
      source = entry.source
      expanding.append(name)
      let result = check(entry.definition.value, hint: hint)
      expanding.removeLast()
      source = saved
      return result
    }
    if name == "count" && groupScope != nil && !aggregating { return checkBareCount(expr) }
    if Builtin.names.contains(name) {
      report(
        .typeMismatch, "'\(name)' is a function", expr.range,
        help: "call it with its arguments right after the name: \(Builtin.usage(name))")
      return (.constant(.null), .any)
    }
    return checkField(FieldPath(name), expr.range, hint: hint, plainName: true)
  }

  /// The field path an expression names (`a`, `` `a b` ``, `a.b.c`), if it names one.
  package func fieldPath(of expr: Expr) -> FieldPath? {
    switch expr.kind {
    case .name(let name): return definitions[name] == nil ? FieldPath(name) : nil
    case .quotedName(let name): return FieldPath(name)
    case .member(let base, let name):
      guard let basePath = fieldPath(of: base) else { return nil }
      return FieldPath(basePath.components + [name])
    default: return nil
    }
  }

  package mutating func checkField(
    _ path: FieldPath, _ range: SourceRange, hint: ValueType?, plainName: Bool = false
  ) -> (CheckedExpr, ValueType) {
    readsField = true
    if let scope = groupScope, !aggregating {
      if scope.latestValues {
        return checkLatestValue(path, range, hint: hint, plainName: plainName)
      }
      reportFieldOutsideAggregate(path, range)
      return (.constant(.null), .any)
    }
    if hint == .time && fieldTypes[path] == nil {
      fieldTypes[path] = .time
      typesChanged = true
    }
    if let knownFields, !knownFieldsSuspended {
      checkKnownField(path, range, knownFields)
    } else if plainName, let close = misspeltDefinition(path.dotted) {
      report(
        .unknownName, "no definition named '\(path.dotted)'", range,
        help:
          "did you mean '\(close)'? (for a field of that name, write it in backquotes: `\(path.dotted)`)"
      )
    }
    let type = fieldTypes[path] ?? .any
    return (.field(path, type == .time ? .time : .raw), type)
  }

  /// The definition `name` is probably a typo of, if any: one edit away for short names, two
  /// for longer ones, never a definition that `name` merely extends (`created` → `created_at`).
  /// Of those as close, the first defined. Every field named plainly asks, in every pass: the
  /// answer is kept per name, and found through an index of the definitions, so that the work
  /// grows with the names, not with the names times the definitions.
  package mutating func misspeltDefinition(_ name: String) -> String? {
    if let known = misspellings[name] { return known }
    let close = closestDefinition(to: name)
    misspellings[name] = .some(close)
    return close
  }

  /// `misspeltDefinition`, not kept.
  private mutating func closestDefinition(to name: String) -> String? {
    guard name.count >= 4 else { return nil }
    // At most the edits `Suggestions.closest` allows a name this long.
    let scalars = name.lowercased().unicodeScalars.count
    let limit = min(name.count < 6 ? 1 : 2, scalars <= 3 ? 1 : scalars < 10 ? 2 : 3)
    if definitionIndex == nil { definitionIndex = SuggestionIndex(definitionOrder) }
    let order = definitionOrder
    var weighed = 0
    defer { definitionsWeighed += weighed }
    let found = definitionIndex?.closest(to: name, within: limit) { index in
      weighed += 1
      let candidate = order[index]
      return candidate.count >= 4 && candidate != name && !name.hasPrefix(candidate + "_")
        && !candidate.hasPrefix(name + "_")
    }
    return found.map { order[$0.index] }
  }

  package mutating func checkKnownField(
    _ path: FieldPath, _ range: SourceRange, _ known: Set<FieldPath>
  ) {
    guard !known.contains(path) else { return }
    let candidates = known.map(\.description).sorted() + definitionOrder
    if let close = Suggestions.closest(to: path.description, in: candidates) {
      report(
        .unknownName, "no field or definition named '\(path.description)'", range,
        help: "did you mean '\(close)'?")
    } else {
      report(
        .unknownField, "no record in the sampled data has a field '\(path.description)'", range,
        severity: .warning, help: "check the name against the data's fields")
    }
  }

  // MARK: - The directory

  package mutating func checkRelation(
    _ relation: Relation, _ operand: Expr, _ whole: Expr
  ) -> (CheckedExpr, ValueType) {
    let (checked, type) = check(operand, hint: nil)
    if type != .text && type != .any {
      let what = relation == .lead ? "a team" : "a person"
      report(
        .typeMismatch, "'\(relation.rawValue) of' needs \(what)'s name, not \(type.article)",
        operand.range, help: relation == .lead ? "lead of team" : "\(relation.rawValue) of owner")
    }
    let use = "\(source.file):\(source.line(of: whole.range.start))"
    if directoryUsesSeen.insert(use).inserted { directoryUses.append(use) }
    return (.relation(relation, checked, label: source.text(in: whole.range)), .text)
  }

  // MARK: - States

  package mutating func checkState(_ from: Expr, _ until: Expr) -> (CheckedExpr, ValueType) {
    let (start, startType) = check(from, hint: .time)
    let (end, endType) = check(until, hint: .time)
    for (bound, type, word) in [(from, startType, "start"), (until, endType, "end")]
    where type != .time && type != .any {
      report(
        .typeMismatch, "a state's \(word) must be a time, not \(type.article)", bound.range,
        help: "states run between two time fields: from created_at until resolved_at")
    }
    return (.state(from: start, until: end), .state)
  }

  /// `STATE paused in HISTORY while P`: `P` reads each change of the history, so its names
  /// are the changes' fields, not the record's (and take no part in the record's types).
  package mutating func checkPausedState(
    _ state: Expr, _ history: Expr, _ condition: Expr, _ unless: Expr?
  ) -> (CheckedExpr, ValueType) {
    let (checkedState, _) = check(state, hint: nil)
    let aggregatesBefore = groupScope?.aggregates.count ?? 0
    var (checkedHistory, historyType) = check(history, hint: nil)
    if historyType != .any && historyType != .list {
      report(
        .typeMismatch, "a status history is a list of changes, not \(historyType.article)",
        history.range, help: "paused in history while status == \"pending\"")
    }
    let (savedTypes, savedKnown) = (fieldTypes, knownFieldsSuspended)
    var (savedScope, savedAggregating) = (groupScope, aggregating)
    // Neither the record's nor the group's: the change's own fields.
    (knownFieldsSuspended, groupScope, aggregating) = (true, nil, false)
    let checkedCondition = checkPredicate(condition)
    var checkedUnless: CheckedExpr?
    if let unless, case .aggregate(let index) = checkedHistory,
      savedScope?.aggregates[index].kind == .history
    {
      // A group's `history(F)`: `Q` reads each record (event) whole, as `where` does, and the
      // history's changes carry whether it held.
      (fieldTypes, knownFieldsSuspended) = (savedTypes, savedKnown)
      (groupScope, aggregating) = (savedScope, true)
      let contradicts = checkPredicate(unless)
      aggregating = savedAggregating
      checkedHistory = historyContradicted(
        index, by: contradicts, text: source.text(in: unless.range), new: index >= aggregatesBefore)
      checkedUnless = .field(FieldPath(CheckedAggregate.contradictsKey), .raw)
      savedScope = groupScope
    } else {
      checkedUnless = unless.map { checkPredicate($0) }
    }
    (fieldTypes, knownFieldsSuspended) = (savedTypes, savedKnown)
    (groupScope, aggregating) = (savedScope, savedAggregating)
    return (
      .pausedState(
        checkedState, history: checkedHistory, while: checkedCondition, unless: checkedUnless),
      .state
    )
  }

  /// The group's aggregate `index`, a `history(F)`, as `history(F) unless Q`: changed in
  /// place when this paused clock just added it (`new`), else added beside it.
  private mutating func historyContradicted(
    _ index: Int, by contradicts: CheckedExpr, text: String, new: Bool
  ) -> CheckedExpr {
    // INVARIANT: called with a group scope holding aggregate `index`.
    var aggregate = groupScope!.aggregates[index]
    aggregate.unless = contradicts
    aggregate.label += " unless " + text
    guard new else { return groupValue(adding: aggregate) }
    if let shared = groupScope!.aggregates.firstIndex(where: { $0.label == aggregate.label }) {
      // Checked before (a definition used twice): the plain history just added is not needed.
      if index == groupScope!.aggregates.count - 1 { groupScope!.aggregates.removeLast() }
      return .aggregate(shared)
    }
    groupScope!.aggregates[index] = aggregate
    return .aggregate(index)
  }

  // MARK: - Sites

  /// Records a comparison site for violations' `measured` and `threshold`.
  package mutating func addSite(label: Expr, op: String?, threshold: String?, onRight: Bool = false)
    -> Int
  {
    var site = ComparisonSite(
      label: source.text(in: label.range), op: op, threshold: threshold, measuredOnRight: onRight)
    // A share, or anything measured against a percentage, is shown as a percentage.
    if case .call("share", _) = label.kind { site.percent = true }
    if threshold?.hasSuffix("%") == true { site.percent = true }
    sites.append(site)
    return sites.count - 1
  }
}
