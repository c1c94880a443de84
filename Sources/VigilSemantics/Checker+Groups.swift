import Foundation
import VigilCore
import VigilSyntax

/// What the condition of the group policy being checked may name: its keys and aggregates.
package struct GroupScope {
  /// Each key's field path, when the key is a plain field.
  package var keyPaths: [FieldPath?]
  /// Each key as written, without spaces.
  package var keyTexts: [String]
  package var keyTypes: [ValueType]
  /// Whether the policy has windows (so `previous` means something).
  package var windowed: Bool
  /// The aggregates found so far.
  package var aggregates: [CheckedAggregate] = []
  /// Inside `previous(…)`.
  package var inPrevious = false
  /// The `ordered by` time, record-level, for `no … within`.
  package var order: CheckedExpr?
  /// Whether the condition calls a function that does not exist, or an aggregate with the
  /// wrong arguments (already reported).
  package var sawUnknownFunction = false
  /// In an events file: a field outside aggregates is the case's latest value of it.
  package var latestValues = false
  /// The condition's `each cycle` state, once met.
  package var cycles: CheckedCycles?
}

/// Checking group policies: `per`, `among`, `at least`, aggregates and `previous`.
extension Checker {
  package mutating func checkGroupPolicy(
    _ decl: PolicyDecl, _ rule: Rule, _ grouping: Grouping, location: String
  ) -> CheckedPolicy {
    // The record-level parts: keys, window, scope.
    var keys: [CheckedExpr] = []
    var keyTypes: [ValueType] = []
    for key in grouping.keys {
      let (checked, type) = check(key, hint: nil)
      if [.state, .list, .record, .null].contains(type) {
        report(
          .typeMismatch, "a group key must be a single value, not \(type.article)", key.range,
          help: "group by a field such as owner, team or customer.id")
      }
      keys.append(checked)
      keyTypes.append(type)
    }
    let window = grouping.window.flatMap { checkWindow($0) }
    let scope = decl.scope.map { checkPredicate($0) }
    let order = grouping.order.map { checkOrder($0) }
    if let followUp = decl.followUp {
      return checkSequencePolicy(
        decl, rule, grouping, followUp, keys: keys, order: order, scope: scope,
        location: location)
    }

    // The group-level parts: condition, actions, party.
    sawCycleError = false
    groupScope = GroupScope(
      keyPaths: grouping.keys.map { fieldPath(of: $0) },
      keyTexts: grouping.keys.map { compact(source.text(in: $0.range)) }, keyTypes: keyTypes,
      windowed: grouping.window != nil, order: order, latestValues: eventsFile != nil)
    let condition = checkCondition(rule.condition)
    let actions = rule.actions.map { checkAction($0) }
    let accountable = decl.accountable.map { checkParty($0) }
    let warning = decl.warning.flatMap { checkWarning($0.limit, $0.range, condition) }
    let holding = checkHolding(decl, condition)
    let aggregates = groupScope?.aggregates ?? []
    let sawUnknownFunction = groupScope?.sawUnknownFunction ?? false
    var cycles = groupScope?.cycles
    groupScope = nil
    if let written = decl.cycles {
      if cycles == nil && !sawCycleError {
        report(
          .badProperty,
          "'cycles:' chooses the cycles of an 'each cycle' state, and this policy has none",
          written.range,
          help:
            "measure a state per cycle (each cycle from opening until resolving), or remove the line"
        )
      }
      cycles?.choice = CycleChoice(rawValue: written.which) ?? .every
    }
    if aggregates.isEmpty && !sawUnknownFunction {
      report(
        .badGroup, "this group policy's condition uses no aggregate", rule.condition.range,
        help: "compare something measured over each group: count > 10, share(late) > 20%")
    }
    let group = CheckedGroup(
      keys: keys, window: window,
      scope: scope, aggregates: aggregates, minimum: decl.minimum?.count,
      noun: decl.minimum?.noun ?? (eventsFile == nil ? "records" : "events"), order: order,
      caseFile: eventsFile, cycles: cycles, holding: holding)
    var policy = CheckedPolicy(
      name: decl.name ?? location, location: location, severity: checkSeverity(decl),
      because: decl.because, condition: condition,
      conditionText: source.text(in: rule.condition.range), actions: actions,
      accountable: accountable, group: group, warning: warning)
    // A group policy's scope is its judged groups (`among` picks their records).
    policy.describe(decl, rule, source)
    policy.scope = nil
    policy.scopeText = decl.scope.map { source.text(in: $0.range) }
    return policy
  }

  /// Reports `among`, `at least`, `unless followed by` and `cycles:` in a policy without
  /// `per`.
  package mutating func checkGroupClausesWithoutGrouping(_ decl: PolicyDecl) {
    if let scope = decl.scope { _ = checkPredicate(scope) }
    let clauses = [
      ("among", decl.scope?.range), ("at least", decl.minimum?.range),
      ("unless followed by", decl.followUp?.range),
    ]
    for (clause, range) in clauses {
      guard let range else { continue }
      report(
        .badGroup, "'\(clause)' belongs to a group policy, and this policy has no 'per' line",
        range, help: "add a line such as `per owner` to judge groups of records")
    }
  }

  /// `ordered by T`: a record-level time.
  package mutating func checkOrder(_ time: Expr) -> CheckedExpr {
    let (checked, type) = check(time, hint: .time)
    if type != .time && type != .any {
      report(
        .typeMismatch, "'ordered by' needs a time, not \(type.article)", time.range,
        help: "ordered by created_at")
    }
    return checked
  }

  /// A policy with `unless followed by`: its rule is about each record, like a record
  /// policy's, and each record it fires for must be followed by another in its group.
  package mutating func checkSequencePolicy(
    _ decl: PolicyDecl, _ rule: Rule, _ grouping: Grouping, _ followUp: FollowUp,
    keys: [CheckedExpr], order: CheckedExpr?, scope: CheckedExpr?, location: String
  ) -> CheckedPolicy {
    if order == nil {
      report(
        .badGroup, "'unless followed by' needs the time that orders the records",
        followUp.range, help: "add it to the per line: per customer.id, ordered by created_at")
    }
    if let cycles = decl.cycles {
      report(
        .badProperty,
        "'cycles:' is for a policy that measures a state per cycle, not for 'unless followed by'",
        cycles.range, help: "remove it: every record the rule fires for is judged")
    }
    if let warning = decl.warning {
      report(
        .badPolicy, "'warn at' is for record policies measured against a duration",
        warning.range, help: "remove it")
    }
    if let minimum = decl.minimum {
      report(
        .badGroup, "'at least' is for group conditions, not for 'unless followed by'",
        minimum.range, help: "remove it: every record the rule fires for is judged")
    }
    if let window = grouping.window {
      report(
        .badGroup, "'unless followed by' looks across windows; this one would be ignored",
        window.range, help: "remove the window")
    }
    reportHoldingOutsideCases(decl)
    let condition = checkCondition(rule.condition)
    let actions = rule.actions.map { checkAction($0) }
    let accountable = decl.accountable.map { checkParty($0) }
    let follower = checkPredicate(followUp.predicate)
    let within = constantDuration(followUp.within, what: "'within'")
    let sequence = CheckedFollowUp(
      predicate: follower, within: within, label: source.text(in: followUp.predicate.range),
      withinText: source.text(in: followUp.within.range))
    let group = CheckedGroup(
      keys: keys, window: nil,
      scope: scope, aggregates: [], minimum: nil, noun: eventsFile == nil ? "records" : "events",
      order: order, followUp: sequence, caseFile: eventsFile)
    var policy = CheckedPolicy(
      name: decl.name ?? location, location: location, severity: checkSeverity(decl),
      because: decl.because, condition: condition,
      conditionText: source.text(in: rule.condition.range), actions: actions,
      accountable: accountable, group: group)
    // Its scope is the records the rule fires for (`among` picks from them): each is judged.
    policy.describe(decl, rule, source)
    policy.scope = nil
    policy.pending = nil
    policy.pendingInScope = nil
    policy.scopeText = source.text(in: rule.condition.range)
    return policy
  }

  /// A duration written as a constant (`7d`, `1h30m`), in milliseconds.
  package mutating func constantDuration(_ expr: Expr, what: String) -> Int64 {
    let saved = (groupScope, aggregating)
    groupScope = nil
    defer { (groupScope, aggregating) = saved }
    if case (.constant(.duration(let ms)), _) = check(expr, hint: .duration), ms >= 0 { return ms }
    report(
      .typeMismatch, "\(what) needs a duration written out, such as 7d or 36h", expr.range,
      help: "write the duration itself: within 7d")
    return 0
  }

  /// `no B within D`: no record where `B` is true in the last `D` before now (by the
  /// `ordered by` time).
  package mutating func checkNoneWithin(
    _ predicate: Expr, _ within: Expr, _ whole: Expr
  ) -> (CheckedExpr, ValueType) {
    if groupScope == nil && checkingDefinitionAlone { return (.constant(.null), .bool) }
    guard let scope = groupScope, !aggregating else {
      report(
        .badGroup,
        "'no … within' looks across a group's records, and this policy judges single records",
        whole.range, help: "add a line such as `per customer.id, ordered by created_at`")
      return (.constant(.null), .bool)
    }
    guard let order = scope.order else {
      report(
        .badGroup, "'no … within' needs the time that orders the records", whole.range,
        help: "add it to the per line: per customer.id, ordered by created_at")
      return (.constant(.null), .bool)
    }
    let duration = constantDuration(within, what: "'within'")
    aggregating = true
    let counted = checkPredicate(predicate)
    aggregating = false
    // Counted: records where B is true and whose time is in [now - D, now].
    let site = sites.count
    sites.append(ComparisonSite(label: "", op: nil, threshold: nil, measuredOnRight: false))
    let recent = CheckedExpr.and(
      .compare(
        .greaterEqual, order, .arithmetic(.minus, .now, .constant(.duration(duration))), site: site),
      .compare(.lessEqual, order, .now, site: site))
    let aggregate = CheckedAggregate(
      kind: .count, argument: counted, filter: recent, measure: .number,
      label: source.text(in: whole.range))
    readsField = true
    return (
      .compare(.equal, groupValue(adding: aggregate), .constant(.number(0)), site: site), .bool
    )
  }

  package mutating func checkWindow(_ window: Window) -> CheckedWindow? {
    let (time, type) = check(window.time, hint: .time)
    if type != .time && type != .any {
      report(
        .typeMismatch, "a window's time must be a time, not \(type.article)", window.time.range,
        help: "\(window.period.rawValue) by created_at")
    }
    var zone = ZoneRules.utc
    if let (name, range) = window.zone {
      guard let rules = zoneRules(name, range) else { return nil }
      zone = rules
    }
    return CheckedWindow(period: window.period, time: time, zone: zone)
  }

  /// In a group policy's condition, the index of the key `expr` is, if it is one.
  package func groupKeyIndex(of expr: Expr) -> Int? {
    guard let scope = groupScope else { return nil }
    if let path = fieldPath(of: expr), let index = scope.keyPaths.firstIndex(of: path) {
      return index
    }
    return scope.keyTexts.firstIndex(of: compact(source.text(in: expr.range)))
  }

  private func compact(_ text: String) -> String {
    String(text.filter { !$0.isWhitespace })
  }

  /// Reports a field used outside an aggregate in a group policy's condition.
  package mutating func reportFieldOutsideAggregate(_ path: FieldPath, _ range: SourceRange) {
    let keys = groupScope?.keyTexts.joined(separator: ", ") ?? ""
    report(
      .badGroup, "'\(path.description)' differs from record to record in a group", range,
      help:
        "outside aggregates a group policy names only its keys (per \(keys)); aggregate the records' values: count(…), share(…), max(\(path.description)), …"
    )
  }

  // MARK: - Aggregates

  /// Checks an aggregate call; `hint` is the type the group-level context wants, which is
  /// the type a value aggregate's argument has (`average(resolved_at - created_at) > 2h`).
  package mutating func checkAggregate(
    _ name: String, _ arguments: [Expr], _ call: Expr, hint: ValueType?
  ) -> (CheckedExpr, ValueType) {
    if groupScope == nil && checkingDefinitionAlone { return (.constant(.null), .any) }
    guard groupScope != nil, !aggregating else {
      report(
        .badGroup,
        aggregating
          ? "an aggregate cannot be inside another one"
          : "'\(name)' aggregates a group of records, and this policy judges single records",
        call.range,
        help: aggregating
          ? "aggregate the record's value directly: average(x), not average(max(x))"
          : "add a line such as `per owner` to the policy to judge groups of records")
      for argument in arguments { _ = check(unfiltered(argument).value, hint: nil) }
      return (.constant(.null), .any)
    }
    if name == "previous" { return checkPrevious(arguments, call, hint: hint) }
    let expected = name == "count" ? 0...1 : name == "percentile" ? 2...2 : 1...1
    guard expected.contains(arguments.count) else {
      report(
        .badArguments,
        "\(name)() takes \(expected.upperBound) argument\(expected.upperBound == 1 ? "" : "s"), not \(arguments.count)",
        call.range, help: AggregateKind.usage(name))
      groupScope?.sawUnknownFunction = true
      return (.constant(.null), .any)
    }
    let (argument, filterExpr) = arguments.first.map(unfiltered) ?? (nil, nil)
    aggregating = true
    defer { aggregating = false }
    let filter = filterExpr.map { checkPredicate($0) }
    var kind: AggregateKind
    var measure = Measure.number
    var checkedArgument: CheckedExpr?
    var resultType = ValueType.number
    var order: CheckedExpr?
    switch name {
    case "count", "share":
      kind = name == "count" ? .count : .share
      checkedArgument = argument.map { checkPredicate($0) }
    case "first", "last", "history":
      guard let argument else { return (.constant(.null), .any) }
      kind = name == "first" ? .first : name == "last" ? .last : .history
      order = groupScope?.order
      if order == nil {
        report(
          .badGroup, "\(name)() needs the time that orders the records", call.range,
          help: "add it to the per line: per `Case ID`, ordered by at")
      }
      let (checked, type) = check(argument, hint: nil)
      checkedArgument = checked
      resultType = name == "history" ? .list : type
    default:
      guard let argument else { return (.constant(.null), .any) }
      kind = Self.valueAggregate(name, arguments)
      let wantsTime = name == "earliest" || name == "latest"
      let (checked, type) = check(argument, hint: wantsTime ? .time : hint)
      checkedArgument = checked
      measure = measureOf(type, for: name, argument)
      // Of a value not yet known, the result is not known either: the comparison around it
      // then checks it again with the type it wants.
      resultType =
        type == .any && !wantsTime
        ? .any : measure == .number ? .number : measure == .duration ? .duration : .time
    }
    if case .percentile = kind, arguments.count == 2, Self.percentileRank(arguments[1]) == nil {
      report(
        .badArguments, "percentile()'s rank must be a whole number from 1 to 100",
        arguments[1].range, help: AggregateKind.usage("percentile"))
    }
    let label = source.text(in: call.range)
    var aggregate = CheckedAggregate(
      kind: kind, argument: checkedArgument, filter: filter, measure: measure, label: label,
      order: order)
    if kind == .history, let argument { aggregate.field = source.text(in: argument.range) }
    readsField = true
    return (groupValue(adding: aggregate), resultType)
  }

  /// The aggregate's reference: its index among the policy's aggregates, shared by aggregates
  /// written the same way.
  package mutating func groupValue(adding aggregate: CheckedAggregate) -> CheckedExpr {
    // INVARIANT: called only with a group scope.
    var index = groupScope!.aggregates.firstIndex { $0.label == aggregate.label }
    if let index {
      // Checked again with a hint: the later check knows more.
      groupScope!.aggregates[index] = aggregate
    } else {
      groupScope!.aggregates.append(aggregate)
      index = groupScope!.aggregates.count - 1
    }
    return groupScope!.inPrevious ? .previous(index!) : .aggregate(index!)
  }

  /// A bare `count` in a group policy's condition: how many records the group has.
  package mutating func checkBareCount(_ expr: Expr) -> (CheckedExpr, ValueType) {
    readsField = true
    let aggregate = CheckedAggregate(
      kind: .count, argument: nil, filter: nil, measure: .number, label: "count")
    return (groupValue(adding: aggregate), .number)
  }

  private func unfiltered(_ expr: Expr) -> (value: Expr, filter: Expr?) {
    if case .filtered(let value, let filter) = expr.kind { return (value, filter) }
    return (expr, nil)
  }

  private static func valueAggregate(_ name: String, _ arguments: [Expr]) -> AggregateKind {
    switch name {
    case "average": return .average
    case "sum": return .sum
    case "median": return .median
    case "p90": return .percentile(90)
    case "p95": return .percentile(95)
    case "p99": return .percentile(99)
    case "percentile":
      return .percentile(arguments.count == 2 ? percentileRank(arguments[1]) ?? 50 : 50)
    case "min", "earliest": return .minimum
    default: return .maximum
    }
  }

  private static func percentileRank(_ expr: Expr) -> Int? {
    guard case .literal(.number(let value)) = expr.kind, value == value.rounded(), value >= 1,
      value <= 100
    else { return nil }
    return Int(value)
  }

  private mutating func measureOf(_ type: ValueType, for name: String, _ argument: Expr) -> Measure
  {
    let allowsTime = !["average", "sum"].contains(name)
    switch type {
    case .number,
      .any where name != "earliest" && name != "latest":
      return .number
    case .duration where name != "earliest" && name != "latest": return .duration
    case .time where allowsTime, .any: return .time
    default:
      let wanted =
        name == "earliest" || name == "latest"
        ? "times" : allowsTime ? "numbers, durations or times" : "numbers or durations"
      report(
        .badArguments, "\(name)() takes \(wanted), not \(type.article)", argument.range,
        help: AggregateKind.usage(name))
      return .number
    }
  }

  /// `previous(…)`: the same group-level expression in the group's previous window.
  private mutating func checkPrevious(
    _ arguments: [Expr], _ call: Expr, hint: ValueType?
  ) -> (CheckedExpr, ValueType) {
    guard arguments.count == 1 else {
      report(
        .badArguments, "previous() takes 1 argument, not \(arguments.count)", call.range,
        help: AggregateKind.usage("previous"))
      return (.constant(.null), .any)
    }
    // INVARIANT: called only with a group scope.
    if !groupScope!.windowed {
      report(
        .badGroup, "previous() needs windows: this policy's groups have no previous one",
        call.range, help: "add a window to the per line: per team, monthly by created_at")
    }
    if groupScope!.inPrevious {
      report(.badGroup, "previous() cannot be inside another previous()", call.range)
    }
    let saved = groupScope!.inPrevious
    groupScope!.inPrevious = true
    defer { groupScope?.inPrevious = saved }
    return check(arguments[0], hint: hint)
  }
}
