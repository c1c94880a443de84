import VigilCore
import VigilSyntax

/// The lints about literals as written: `text-compared-with-number` and `suspicious-unit`.
/// They read the policies' source (definitions expanded in place), since units and field
/// names are as the author wrote them.
extension Checker {
  /// An expression as written, with the file it is written in (a definition's own).
  package struct WrittenExpr {
    package var expr: Expr
    package var source: Source
  }

  /// Where a field is compared with a text (`priority == "high"`): evidence that it holds
  /// texts. `policy` is the index of the policy it was found in.
  package struct TextEvidence {
    package var policy: Int
    package var text: String
    package var range: SourceRange
    package var source: Source
  }

  /// The counts of hours that `suspicious-unit` expects in hours: `48d` is probably `48h`.
  package static let hourCounts: Set<Int64> = [24, 48, 72, 96]

  package mutating func reportLiteralLints(_ written: [LintedPolicy], _ policies: [CheckedPolicy]) {
    let nodes = written.map { policy in
      var roots = [policy.rule.condition]
      if let scope = policy.decl.scope { roots.append(scope) }
      if let followUp = policy.decl.followUp { roots += [followUp.predicate, followUp.within] }
      if let warning = policy.decl.warning { roots.append(warning.limit) }
      var nodes: [WrittenExpr] = []
      for root in roots { collect(root, policy.source, into: &nodes, depth: 0) }
      return nodes
    }
    let evidence = textEvidence(nodes)
    let missing = Set(missingTexts())
    for (index, policyNodes) in nodes.enumerated() {
      for node in policyNodes {
        lintComparison(node, policy: index, evidence, missing: missing)
        lintUnit(node)
      }
    }
    for (policy, decl) in zip(policies, written) { lintWarningUnit(policy, decl) }
  }

  /// `expr` and every expression inside it, definitions expanded; not a paused state's
  /// condition, which reads a status history's changes, not the record.
  package func collect(_ expr: Expr, _ source: Source, into nodes: inout [WrittenExpr], depth: Int)
  {
    guard depth < 64 else { return }
    nodes.append(WrittenExpr(expr: expr, source: source))
    let children: [Expr]
    switch expr.kind {
    case .name(let name):
      if let entry = definitions[name] {
        collect(entry.definition.value, entry.source, into: &nodes, depth: depth + 1)
      }
      return
    case .literal, .now, .quotedName, .member: children = []
    case .list(let items), .call(_, let items): children = items
    case .unary(_, let operand), .isMissing(let operand, _), .relation(_, let operand),
      .inCalendar(let operand, _, _), .businessDays(let operand):
      children = [operand]
    case .binary(_, let left, let right), .state(let left, let right),
      .filtered(let left, let right), .noneWithin(let left, let right),
      .cycleState(let left, let right, nil):
      children = [left, right]
    case .between(let value, let low, let high), .cycleState(let value, let low, let high?):
      children = [value, low, high]
    case .pausedState(let state, let history, _, _): children = [state, history]
    }
    for child in children { collect(child, source, into: &nodes, depth: depth + 1) }
  }

  // MARK: - text-compared-with-number

  /// For each field, the first comparison in each policy with a text that reads as nothing
  /// else, by `==` or `in`. (`!=` and `not in` are left out: `score != "n/a" and score > 3`
  /// guards.)
  package func textEvidence(_ nodes: [[WrittenExpr]]) -> [FieldPath: [TextEvidence]] {
    let missing = Set(missingTexts())
    var evidence: [FieldPath: [TextEvidence]] = [:]
    for (index, policyNodes) in nodes.enumerated() {
      for node in policyNodes {
        guard case .binary(let op, let left, let right) = node.expr.kind,
          op == .equal || op == .in
        else { continue }
        let pairs = op == .equal ? [(left, right), (right, left)] : [(left, right)]
        for (field, other) in pairs {
          guard let path = writtenField(field),
            evidence[path]?.last.map({ $0.policy == index }) != true
          else { continue }
          let texts: [Expr] = if case .list(let items) = other.kind { items } else { [other] }
          for case .literal(.text(let text)) in texts.map(\.kind)
          where ConditionFacts.isPlainText(text) && !missing.contains(text) && !text.isEmpty {
            evidence[path, default: []].append(
              TextEvidence(policy: index, text: text, range: node.expr.range, source: node.source))
            break
          }
        }
      }
    }
    return evidence
  }

  /// `missing`: the texts the files' `missing` lines name.
  package mutating func lintComparison(
    _ node: WrittenExpr, policy: Int, _ evidence: [FieldPath: [TextEvidence]],
    missing: Set<String>
  ) {
    var pairs: [(Expr, Expr)] = []
    switch node.expr.kind {
    case .binary(let op, let left, let right) where op.isComparison:
      pairs = [(left, right), (right, left)]
    case .between(let value, let low, let high): pairs = [(value, low), (value, high)]
    default: return
    }
    for (side, number) in pairs where Self.isNumberLiteral(number) {
      let range = node.expr.range
      if case .literal(.text(let text)) = side.kind, NumberText.number(text) == nil {
        report(
          .textComparedWithNumber, "the text \(String(reflecting: text)) is compared with a number",
          range, in: node.source, severity: .warning,
          help: "a text compared with a number is read as one, and this one cannot be: "
            + "every record would have a data error here")
        return
      }
      guard let path = writtenField(side) else { continue }
      if !sampledTexts.isEmpty {
        // A text a `missing` line names is missing, not a text (in CSV).
        guard let examples = sampledTexts[path]?.filter({ !missing.contains($0) }),
          !examples.isEmpty
        else { continue }
        let shown = examples.map { String(reflecting: $0) }.joined(separator: ", ")
        report(
          .textComparedWithNumber,
          "'\(path.description)' is compared with a number, but its sampled values are texts such as \(shown)",
          range, in: node.source, severity: .warning,
          help:
            "compare it with a text, e.g. \(path.description) == \(String(reflecting: examples[0])); "
            + "a text that cannot be read as a number is a data error")
        return
      }
      // Compared with a text in another policy, and not in this one (a guard, or a field
      // holding both kinds of value on purpose).
      let found = evidence[path] ?? []
      guard !found.contains(where: { $0.policy == policy }),
        let found = found.first
      else { continue }
      report(
        .textComparedWithNumber,
        "'\(path.description)' is compared with a number here, and with the text \(String(reflecting: found.text)) elsewhere",
        range, in: node.source, severity: .warning,
        help:
          "a record whose '\(path.description)' is a text such as \(String(reflecting: found.text)) "
          + "cannot be compared with a number: that is a data error",
        notes: [note("compared with a text here", found.range, found.source)])
      return
    }
  }

  /// The field a written expression names, if it is one (not a definition, a function or an
  /// aggregate).
  package func writtenField(_ expr: Expr) -> FieldPath? {
    if case .name(let name) = expr.kind, Builtin.names.contains(name) || name == "count" {
      return nil
    }
    return fieldPath(of: expr)
  }

  package static func isNumberLiteral(_ expr: Expr) -> Bool {
    switch expr.kind {
    case .literal(.number), .literal(.percentage): return true
    case .unary(.negate, let operand): return isNumberLiteral(operand)
    default: return false
    }
  }

  // MARK: - suspicious-unit

  /// `48d`, `48m`: a count of hours written in another unit; `unresolved > 500ms`: a state
  /// measured in milliseconds.
  package mutating func lintUnit(_ node: WrittenExpr) {
    if case .literal(.duration) = node.expr.kind,
      let (count, unit) = Self.singleUnit(node.source.text(in: node.expr.range)),
      Self.hourCounts.contains(count), unit != "h"
    {
      report(
        .suspiciousUnit,
        "'\(count)\(unit)' is \(count) \(Self.unitNames[unit] ?? unit), and \(count) is a count of hours",
        node.expr.range, in: node.source, severity: .warning, help: "did you mean \(count)h?")
    }
    var pairs: [(Expr, Expr)] = []
    switch node.expr.kind {
    case .binary(let op, let left, let right) where op.isComparison:
      pairs = [(left, right), (right, left)]
    case .between(let value, let low, let high): pairs = [(value, low), (value, high)]
    default: return
    }
    for (state, threshold) in pairs where isState(state, depth: 0) {
      guard case .literal(.duration(let ms)) = threshold.kind, ms > 0, ms < 1000 else { continue }
      let text = node.source.text(in: threshold.range)
      report(
        .suspiciousUnit, "'\(text)' is less than a second, too short for a state",
        threshold.range, in: node.source, severity: .warning,
        help: "a state runs between two times of a record; did you mean \(ms)s or \(ms)m?")
    }
  }

  /// `warn at 40m` with `unresolved > 48h`: a warning under a tenth of the threshold, whose
  /// number in the threshold's unit comes before it.
  package mutating func lintWarningUnit(_ policy: CheckedPolicy, _ decl: LintedPolicy) {
    guard let limit = decl.decl.warning?.limit, case .literal(.duration(let at)) = limit.kind,
      let (count, unit) = Self.singleUnit(decl.source.text(in: limit.range)),
      // `warn at 48m` is reported by `lintUnit` already.
      !Self.hourCounts.contains(count) || unit == "h",
      let (threshold, thresholdUnit) = warnedThreshold(policy.condition),
      let factor = Self.unitFactors[unit], let thresholdFactor = Self.unitFactors[thresholdUnit],
      factor < thresholdFactor, at < threshold / 10,
      count.multipliedReportingOverflow(by: thresholdFactor).partialValue < threshold
    else { return }
    report(
      .suspiciousUnit,
      "'warn at \(count)\(unit)' warns at less than a tenth of the threshold (\(DurationFormat.format(threshold)))",
      limit.range, in: decl.source, severity: .warning,
      help: "did you mean warn at \(count)\(thresholdUnit)?")
  }

  /// The threshold `ms` written at `site`, and the largest unit it is written in.
  package func thresholdUnit(_ ms: Int64, site: Int) -> (Int64, String)? {
    guard sites.indices.contains(site), let text = sites[site].threshold else { return nil }
    let unit = text.drop { $0.isNumber }.prefix { $0.isLetter }
    return Self.unitFactors[String(unit)] == nil ? nil : (ms, String(unit))
  }

  /// The threshold a `warn at` is about, and the largest unit it is written in.
  package func warnedThreshold(_ condition: CheckedExpr) -> (Int64, String)? {
    switch condition {
    // A `where` guards only the pattern it follows: each pattern has its own.
    case .stateLength(let op, _, .constant(.duration(let ms)), let site)
    where op == .greater || op == .greaterEqual:
      return thresholdUnit(ms, site: site)
    case .calendarLength(let op, _, .constant(.duration(let ms)), let site, _)
    where op == .greater || op == .greaterEqual:
      return thresholdUnit(ms, site: site)
    case .and(let left, let right), .or(let left, let right):
      return warnedThreshold(left) ?? warnedThreshold(right)
    default: return nil
    }
  }

  /// Whether a written expression is a state (through definitions).
  package func isState(_ expr: Expr, depth: Int) -> Bool {
    switch expr.kind {
    case .state, .pausedState, .cycleState: return true
    case .name(let name):
      guard depth < 64, let entry = definitions[name] else { return false }
      return isState(entry.definition.value, depth: depth + 1)
    default: return false
    }
  }

  /// A number written where a duration was meant, read as hours: `48` → `48h`, `1.5` →
  /// `1h30m`; nil when it is not a positive number literal.
  package static func asHours(_ expr: Expr) -> String? {
    guard case .literal(.number(let number)) = expr.kind, number > 0, number < 1e9 else {
      return nil
    }
    let ms = number * 3_600_000
    guard ms == ms.rounded() else { return nil }
    return DurationFormat.format(Int64(ms))
  }

  /// `48d` as (48, "d"); nil for a duration of several parts or none.
  package static func singleUnit(_ text: String) -> (Int64, String)? {
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    let unit = String(text.dropFirst(digits.count))
    guard let count = Int64(digits), unitFactors[unit] != nil else { return nil }
    return (count, unit)
  }

  package static let unitFactors: [String: Int64] = Dictionary(
    uniqueKeysWithValues: DurationText.units.map { ($0.0, $0.1) })

  package static let unitNames = [
    "w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds", "ms": "milliseconds",
  ]
}
