import VigilCore
import VigilSyntax

/// The lints: warnings about policies that are valid but probably not what was meant. They
/// run once the set has no errors, on the checked policies (definitions expanded):
///
/// - `never-fires`: a condition that no record can make true (`x > 5 and x < 3`);
/// - `always-fires`: a condition true for every record (`x is missing or x is present`);
/// - `duplicate-condition`: a policy whose condition is another's;
/// - `text-compared-with-number` and `suspicious-unit` (Checker+LiteralLints.swift).
extension Checker {
  /// A policy as written, with the file it is in.
  package struct LintedPolicy {
    package var decl: PolicyDecl
    package var rule: Rule
    package var source: Source
  }

  /// Reports the lints of `policies`, the checked form of the set's policy declarations.
  package mutating func reportLints(_ policies: [CheckedPolicy]) {
    var written: [LintedPolicy] = []
    for file in files {
      for case .policy(let decl) in file.items {
        guard let rule = decl.rule else { continue }
        written.append(LintedPolicy(decl: decl, rule: rule, source: file.source))
      }
    }
    // Each declaration with a rule is checked into one policy, in order.
    guard written.count == policies.count else { return }
    var conditions: [String: LintedPolicy] = [:]
    for (policy, decl) in zip(policies, written) where Self.readsRecord(policy.condition) {
      let keys = ConditionKeys(aggregates: policy.group?.aggregates ?? [])
      lintCondition(policy, decl, keys)
      let key = Self.duplicateKey(policy, keys)
      if let first = conditions[key] {
        reportDuplicate(decl, of: first)
      } else {
        conditions[key] = decl
      }
    }
    reportLiteralLints(written, policies)
  }

  // MARK: - never-fires and always-fires

  package mutating func lintCondition(
    _ policy: CheckedPolicy, _ decl: LintedPolicy, _ keys: ConditionKeys
  ) {
    let formula = LintFormula(policy.condition)
    let range = decl.rule.condition.range
    let checker = self
    let describe = { (part: LintFormula) in checker.describe(part, policy, decl) }
    if !formula.canBeTrue(keys: keys) {
      let core = formula.contradiction(keys: keys)
      report(
        .neverFires, "this condition is never true, so the policy never fires", range,
        in: decl.source, severity: .warning,
        help: Self.neverHelp(core.map { Self.unique($0.map(describe)) }))
    } else if let reasons = formula.alwaysTrue(keys: keys) {
      let texts = Self.unique(
        reasons.map { Self.quoted(Self.unique($0.map(describe)), joiner: "or") })
      let tests = reasons.contains { $0.count > 1 }
      report(
        .alwaysFires, "this condition is true for every record, so the policy always fires",
        range, in: decl.source, severity: .warning,
        help: texts.joined(separator: "; ") + " is always true"
          + (tests ? " (a test of missing values is never unknown)" : ""))
    }
    // A group policy counting no record never fires either.
    if let scope = policy.group?.scope, let among = decl.decl.scope,
      !LintFormula(scope).canBeTrue(keys: ConditionKeys())
    {
      report(
        .neverFires, "this 'among' condition is never true, so no record counts", among.range,
        in: decl.source, severity: .warning,
        help: "the policy judges no group and never fires; check the condition")
    }
  }

  package static func neverHelp(_ parts: [String]?) -> String {
    guard let parts else {
      return "none of its alternatives can be true; a rule fires only when its condition is true"
    }
    if parts.count == 1 { return "\(quoted(parts)) is never true" }
    return "\(quoted(parts)) cannot \(parts.count == 2 ? "both" : "all") be true"
  }

  /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`.
  package static func quoted(_ parts: [String], joiner: String = "and") -> String {
    let items = parts.map { "'\($0)'" }
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " \(joiner) " + (items.last ?? "")
  }

  package static func unique(_ texts: [String]) -> [String] {
    var seen: Set<String> = []
    return texts.filter { seen.insert($0).inserted }
  }

  /// Whether a condition depends on the record (or the group): a constant one is reported as
  /// `constant-condition` already.
  package static func readsRecord(_ expr: CheckedExpr) -> Bool {
    switch expr {
    case .field, .groupKey, .aggregate, .previous, .cycleBound: return true
    case .constant, .now: return false
    case .list(let items), .call(_, let items): return items.contains(where: readsRecord)
    case .not(let a), .negate(let a), .stateOpen(let a, _), .isMissing(let a, _),
      .matches(let a, _), .relation(_, let a, _), .businessDays(_, let a, _, _, _):
      return readsRecord(a)
    case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b, _),
      .stateLength(_, let a, let b, _), .arithmetic(_, let a, let b),
      .membership(let a, let b, _), .contains(let a, let b), .state(let a, let b),
      .calendarLength(_, let a, let b, _, _):
      return readsRecord(a) || readsRecord(b)
    case .between(let a, let b, let c, _), .pausedState(let a, let b, let c, _):
      return readsRecord(a) || readsRecord(b) || readsRecord(c)
    }
  }

  // MARK: - duplicate-condition

  /// What makes two policies judge the same thing: the condition, and for a group policy its
  /// groups (keys, windows, `among`, `at least`, order, follow-up, event log).
  package static func duplicateKey(_ policy: CheckedPolicy, _ keys: ConditionKeys) -> String {
    var key = keys.key(policy.condition)
    // A record policy's cycles of its own changes, and its holders, tell it apart too.
    if let cycles = policy.recordCycles {
      key += " cycles \(cycles.label) \(cycles.choice.rawValue)"
    }
    if let holding = policy.recordHolding {
      key +=
        " holder \(holding.field) \(holding.choice.rawValue) in \(ConditionKeys().key(holding.history))"
    }
    guard let group = policy.group else { return key }
    let plain = ConditionKeys()
    key += " per [" + group.keys.map(plain.key).joined(separator: ", ") + "]"
    if let window = group.window {
      key += " \(window.period) by \(plain.key(window.time)) in \(window.zone.identifier)"
    }
    key += " among " + (group.scope.map(plain.key) ?? "all")
    key += " at least \(group.minimum ?? 0)"
    key += " ordered by " + (group.order.map(plain.key) ?? "none")
    if let followUp = group.followUp {
      key += " unless followed by \(plain.key(followUp.predicate)) within \(followUp.within)"
    }
    if let caseFile = group.caseFile { key += " events of file \(caseFile)" }
    if let cycles = group.cycles { key += " cycles \(cycles.choice.rawValue)" }
    // Policies naming different holders of the same breach are told apart.
    if let holding = group.holding { key += " holder \(holding.field) \(holding.choice.rawValue)" }
    return key
  }

  package mutating func reportDuplicate(_ decl: LintedPolicy, of first: LintedPolicy) {
    let name = { (policy: LintedPolicy) in
      policy.decl.name.map { "policy '\($0)'" } ?? "the rule"
    }
    report(
      .duplicateCondition, "\(name(decl)) has the same condition as \(name(first))",
      decl.rule.condition.range, in: decl.source, severity: .warning,
      help: "both fire for the same records; give one policy both actions, or tell them apart",
      notes: [note("the same condition", first.rule.condition.range, first.source)])
  }

  // MARK: - Describing parts

  /// A part of a condition as the policy writes it (through the comparison sites), or as
  /// close to it as the checked form allows.
  package func describe(_ part: LintFormula, _ policy: CheckedPolicy, _ decl: LintedPolicy)
    -> String
  {
    switch part {
    case .constant(_, let expr): return describe(expr, policy)
    case .all(let parts): return parts.map { describe($0, policy, decl) }.joined(separator: " and ")
    case .any(let parts): return parts.map { describe($0, policy, decl) }.joined(separator: " or ")
    case .atom(let expr, let wanted):
      if wanted { return describe(expr, policy) }
      switch expr {
      case .isMissing(let operand, let negated):
        return describe(.isMissing(operand, negated: !negated), policy)
      case .membership(let element, let list, let negated):
        return describe(.membership(element, list, negated: !negated), policy)
      default: return "not (\(describe(expr, policy)))"
      }
    }
  }

  package func describe(_ expr: CheckedExpr, _ policy: CheckedPolicy) -> String {
    let text = { (expr: CheckedExpr) in self.describe(expr, policy) }
    switch expr {
    case .compare(let op, let left, let right, let site):
      return siteText(site) ?? "\(text(left)) \(op.rawValue) \(text(right))"
    case .stateLength(let op, let state, let other, let site),
      .calendarLength(let op, let state, let other, let site, _):
      return siteText(site) ?? "\(text(state)) \(op.rawValue) \(text(other))"
    case .stateOpen(let state, let site), .businessDays(_, let state, _, let site, _):
      return siteText(site) ?? text(state)
    case .between(let value, let low, let high, _):
      return "\(text(value)) between \(text(low)) and \(text(high))"
    case .isMissing(let operand, let negated):
      return "\(text(operand)) is \(negated ? "present" : "missing")"
    case .membership(let element, let list, let negated):
      return "\(text(element)) \(negated ? "not in" : "in") \(text(list))"
    case .contains(let container, let element):
      return "\(text(container)) contains \(text(element))"
    case .matches(let value, let regex):
      return "\(text(value)) matches \(regex.pattern.debugDescription)"
    case .field(let path, _): return path.description
    case .constant(let value): return Self.describe(value)
    case .now: return "now"
    case .list(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
    case .call(let builtin, let arguments):
      let name = ConditionKeys.name(of: builtin).prefix { $0 != "[" }
      return "\(name)(" + arguments.map(text).joined(separator: ", ") + ")"
    case .not(let operand): return "not (\(text(operand)))"
    case .negate(let operand): return "-\(text(operand))"
    case .and(let left, let right): return "(\(text(left)) and \(text(right)))"
    case .or(let left, let right): return "(\(text(left)) or \(text(right)))"
    case .arithmetic(let op, let left, let right):
      return "\(text(left)) \(op.rawValue) \(text(right))"
    case .state(let from, let until): return "from \(text(from)) until \(text(until))"
    case .pausedState(let state, _, _, _): return "\(text(state)) paused"
    case .groupKey(let index): return "the group's key \(index + 1)"
    case .aggregate(let index), .previous(let index):
      let label =
        policy.group?.aggregates.indices.contains(index) == true
        ? policy.group?.aggregates[index].label ?? "" : "an aggregate"
      if case .previous = expr { return "previous(\(label))" }
      return label
    case .relation(_, _, let label): return label
    case .cycleBound(let end):
      return (policy.recordCycles?.label ?? "each cycle") + (end ? " (end)" : " (start)")
    }
  }

  /// A comparison as written, from its site: `unresolved > 48h`, `x between 5 and 1`.
  package func siteText(_ index: Int) -> String? {
    guard sites.indices.contains(index), !sites[index].label.isEmpty else { return nil }
    let site = sites[index]
    guard let op = site.op, let threshold = site.threshold else { return site.label }
    var text =
      site.measuredOnRight ? "\(threshold) \(op) \(site.label)" : "\(site.label) \(op) \(threshold)"
    if let clock = site.clock, !text.hasSuffix(clock) { text += " in \(clock)" }
    return text
  }

  package static func describe(_ value: Value) -> String {
    switch value {
    case .text(let text): return text.debugDescription
    case .list(let items): return "[" + items.map(describe).joined(separator: ", ") + "]"
    default: return Operations.format(value)
    }
  }
}
