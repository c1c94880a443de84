import VigilCore
import VigilEvaluation
import VigilReports
import VigilSemantics

/// Evaluates each part of each policy's condition on one record, from the traces the checker
/// left (`PolicySet.explaining`), with the same closures an audit runs.
struct Explainer {
  let checked: CheckedProgram
  let program: Program
  /// Per policy, its condition's parts compiled (`nil` where a part cannot be evaluated on
  /// a record: a group's aggregate, a history's condition).
  private var plans: [PlanNode] = []
  /// The fields every plan reads, by slot (the program's, then any more).
  private(set) var layout: RecordLayout

  init(_ checked: CheckedProgram, idField: FieldPath) {
    self.checked = checked
    self.program = Program(checked, idField: idField)
    var compiler = Compiler(sites: checked.sites)
    compiler.layout = program.layout
    for (policy, trace) in zip(checked.policies, checked.traces) {
      // A group policy's group-level parts read a group frame: keys, then aggregates.
      var groupCompiler = Compiler(sites: checked.sites)
      if let group = policy.group {
        groupCompiler.groupShape = (group.keys.count, group.aggregates.count)
      }
      plans.append(Self.plan(trace, policy.group, &compiler, &groupCompiler))
    }
    layout = compiler.layout
  }

  /// A part compiled: its value, or its state; for a comparison that a violation would
  /// explain, what it measures and against what. A part of a group policy that reads the
  /// group's aggregates is evaluated on the group's frame (`onGroup`).
  struct PlanNode {
    var trace: TraceNode
    var value: Eval?
    var state: StateEval?
    var measure: (value: (Frame) -> Value, site: Int)?
    var onGroup = false
    var children: [PlanNode]
  }

  private static func plan(
    _ trace: TraceNode, _ group: CheckedGroup?, _ compiler: inout Compiler,
    _ groupCompiler: inout Compiler
  ) -> PlanNode {
    var node = PlanNode(trace: trace, value: nil, state: nil, measure: nil, children: [])
    node.children = trace.children.map { plan($0, group, &compiler, &groupCompiler) }
    guard var checked = trace.checked else { return node }
    if case .groupKey(let index) = checked, let group { checked = group.keys[index] }
    node.onGroup = readsGroup(checked)
    if node.onGroup {
      compile(checked, trace, into: &node, &groupCompiler)
    } else {
      compile(checked, trace, into: &node, &compiler)
    }
    return node
  }

  private static func compile(
    _ checked: CheckedExpr, _ trace: TraceNode, into node: inout PlanNode,
    _ compiler: inout Compiler
  ) {
    if trace.type == .state {
      node.state = compiler.compileState(checked, label: trace.text)
    } else {
      node.value = compiler.compile(checked)
      node.measure = measure(checked, &compiler)
    }
  }

  /// What a comparison measures: a state's length (in its calendar, if any), or the
  /// compared value, with the comparison's site.
  private static func measure(
    _ checked: CheckedExpr, _ compiler: inout Compiler
  ) -> (value: (Frame) -> Value, site: Int)? {
    switch checked {
    case .stateLength(_, let state, _, let site):
      let length = compiler.compileMeasuredState(state, label: "", in: nil)
      return ({ frame in length(frame).map { .duration($0.length) } ?? .null }, site)
    case .calendarLength(_, let state, _, let site, let calendar):
      let length = compiler.compileMeasuredState(state, label: "", in: calendar)
      return ({ frame in length(frame).map { .duration($0.length) } ?? .null }, site)
    case .compare(_, let left, let right, let site):
      let measured = compiler.sites[site].measuredOnRight ? right : left
      return (compiler.compile(measured), site)
    default: return nil
    }
  }

  /// Whether `expr` reads a group's aggregates (not something a single record has).
  private static func readsGroup(_ expr: CheckedExpr) -> Bool {
    switch expr {
    case .aggregate, .previous: return true
    case .constant, .field, .now, .groupKey, .cycleBound: return false
    case .list(let items), .call(_, let items): return items.contains(where: readsGroup)
    case .not(let x), .negate(let x), .stateOpen(let x, _), .matches(let x, _),
      .isMissing(let x, _), .relation(_, let x, _), .businessDays(_, let x, _, _, _):
      return readsGroup(x)
    case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b, _),
      .stateLength(_, let a, let b, _), .arithmetic(_, let a, let b), .membership(let a, let b, _),
      .contains(let a, let b), .state(let a, let b), .calendarLength(_, let a, let b, _, _):
      return readsGroup(a) || readsGroup(b)
    case .between(let a, let b, let c, _): return [a, b, c].contains(where: readsGroup)
    // The condition reads each change of the history, not the group.
    case .pausedState(let state, let history, _, _): return readsGroup(state) || readsGroup(history)
    }
  }

  /// Explains the record in `frame` (filled through `layout`) for the policies at `indices`;
  /// `found` holds what the whole audit found for group and sequence policies.
  func explain(
    _ frame: Frame, policies indices: [Int], record: String, input: String, line: Int,
    found: [Violation], shortfalls: [GroupShortfall], tally: AuditTally? = nil,
    groupPauses: [PauseFinding] = []
  ) -> [PolicyExplanation] {
    var verdicts: [String: Violation] = [:]
    // Every finding of the record per policy (several for a policy judged per cycle).
    var recordFound: [String: [Violation]] = [:]
    var pauses: [String: [PauseFinding]] = [:]
    var errors: [String: [String]] = [:]
    var standings: [String: ScopeOutcome] = [:]
    program.evaluate(
      frame, input: input, line: line,
      violation: { violation in
        recordFound[violation.policy, default: []].append(violation)
        // The first violation, else the first at risk.
        if verdicts[violation.policy]?.atRisk != nil || verdicts[violation.policy] == nil,
          verdicts[violation.policy] == nil || violation.atRisk == nil
        {
          verdicts[violation.policy] = violation
        }
      },
      dataError: {
        errors[$0.policy, default: []].append("\($0.error.field): \($0.error.message)")
      },
      tracksScope: true, scope: { policy, _, outcome in standings[policy.name] = outcome },
      pause: { pauses[$0.policy, default: []].append($0) })
    return indices.map { index in
      let policy = checked.policies[index]
      let compiled = program.groupPolicies.first { $0.name == policy.name }
      // The record's group as reports name it (nil for a sequence policy, or no group).
      let groupName = compiled.flatMap { compiled in
        compiled.sequence == nil ? program.groupName(of: frame, compiled) : nil
      }
      let group = tally.flatMap { tally in
        compiled.flatMap { compiled in
          program.groupFrame(
            of: frame, compiled, in: tally, now: frame.now, directory: frame.directory)
        }
      }
      var cycles: [CycleExplanation] = []
      if let compiled, let tally, let group, let groupName, compiled.cycles != nil {
        let caseFound = found.filter { $0.policy == policy.name && $0.group?.name == groupName }
        cycles = explainCycles(of: frame, compiled, tally, group, caseFound)
      }
      var holders = compiled.flatMap { compiled in group.flatMap { explainHolders(compiled, $0) } }
      let recordPolicy =
        policy.group == nil ? program.policies.first { $0.name == policy.name } : nil
      if let recordPolicy {
        cycles = explainRecordCycles(of: frame, recordPolicy, recordFound[policy.name] ?? [])
        holders = explainHolders(recordPolicy, frame)
      }
      defer { frame.cycle = nil }
      var explanation = PolicyExplanation(
        policy: policy.name, location: policy.location, verdict: .notFired, violation: nil,
        note: nil, errors: errors[policy.name] ?? [],
        condition: evaluate(plans[index], frame, group: group))
      explanation.cycles = cycles
      explanation.holders = holders
      explanation.pauses =
        policy.group == nil
        ? pauses[policy.name] ?? []
        : groupPauses.filter {
          $0.policy == policy.name && groupName != nil && $0.record == groupName
        }
      explanation.scope = PolicySet.scopeShown(policy)
      if policy.group == nil {
        explanation.standing =
          switch standings[policy.name] {
          case .met: "in scope, met"
          case .pending: "in scope, pending"
          case .violated: "in scope, violated"
          case nil where !explanation.errors.isEmpty: "out of scope: a data error"
          case nil where explanation.condition.truth == nil:
            "out of scope: the condition is unknown"
          case nil: "out of scope"
          }
      }
      if let group = policy.group {
        explanation.note = Self.groupNote(group, groupName)
        let shownCycle = cycles.firstIndex(where: \.shown).map { $0 + 1 }
        explanation.violation = found.first { violation in
          violation.policy == policy.name
            && (group.followUp == nil
              ? groupName != nil && violation.group?.name == groupName
                && (shownCycle == nil || violation.cycle?.number == shownCycle)
              : violation.record == record)
        }
      } else {
        let shownCycle = cycles.firstIndex(where: \.shown).map { $0 + 1 }
        explanation.violation =
          shownCycle.flatMap { number in
            recordFound[policy.name]?.first { $0.cycle?.number == number }
          } ?? verdicts[policy.name]
      }
      if let violation = explanation.violation {
        explanation.verdict = violation.atRisk == nil ? .fired : .atRisk
      } else if let shortfall = shortfalls.first(where: {
        $0.policy == policy.name && groupName != nil && $0.group.name == groupName
      }) {
        explanation.verdict = .notEnoughData
        explanation.note! += " (\(shortfall.group.sample), at least \(shortfall.minimum) needed)"
      } else if !explanation.errors.isEmpty {
        explanation.verdict = .dataError
      }
      return explanation
    }
  }

  /// What a group or sequence policy judges, and the record's group (`name`, nil when the
  /// record is in none).
  private static func groupNote(_ group: CheckedGroup, _ name: String?) -> String {
    if let followUp = group.followUp {
      return "each record it fires for must be followed by \(followUp.label) within "
        + followUp.withinText
    }
    guard let name else {
      return "judges groups of records; this record is in none (its window's time is missing, "
        + "unreadable or after now)"
    }
    if group.caseFile != nil { return "judges the cases of an event log: this is case \(name)" }
    return "judges groups of records; this record is in group \(name)"
  }

  /// The part's value for the record, and its parts'. Numbers are shown as the audit shows
  /// them: a share, and both sides of a comparison the audit measures as a percentage
  /// (`percent`), with the terms of a sum or difference of them and what `previous` reads,
  /// as a percentage with at most two decimals (`54.55%`, not 0.5454…).
  private func evaluate(
    _ node: PlanNode, _ record: Frame, group: Frame?, percent: Bool = false
  ) -> ExplanationNode {
    let asPercent = percent || node.trace.text.hasPrefix("share(")
    let percentParts =
      node.measure.map { checked.sites[$0.site].percent } ?? false
      || (asPercent && Self.keepsUnit(node.trace.checked))
    let children = node.children.map {
      evaluate($0, record, group: group, percent: percentParts)
    }
    var result = ExplanationNode(
      text: node.trace.text, value: "", measured: nil, truth: nil,
      definition: node.trace.definition,
      isLeaf: node.trace.isLeaf, isLiteral: node.trace.isLiteral, children: children)
    guard let frame = node.onGroup ? group : record else {
      result.value = "(judged over the group)"
      return result
    }
    frame.resetFindings()
    if let state = node.state {
      result.value = Self.describe(state(frame), frame)
      if let value = state(frame) { result.truth = value.open }
    } else if let value = node.value {
      let found = value(frame)
      if node.trace.type == .bool || node.trace.type == .any, case .bool(let truth) = found {
        result.truth = truth
      }
      result.value =
        node.trace.type == .bool && found.isMissing
        ? "unknown" : Self.describe(found, percent: asPercent)
      if let measure = node.measure, let truth = result.truth, node.trace.definition == nil {
        result.measured = measured(measure, frame, truth)
      }
    } else {
      result.value = "(judged over the group)"
    }
    if frame.errorCount > 0 {
      let error = frame.errors[0]
      result.value = "data error: \(error.field): \(error.message)"
      result.truth = nil
    }
    return result
  }

  /// `17h30m business (support_hours) > 16h`, or `2h, not > 4h`: the measured value and the
  /// threshold as a violation's `measured` and `threshold` say them (the part's text names
  /// what was measured).
  private func measured(
    _ measure: (value: (Frame) -> Value, site: Int), _ frame: Frame, _ truth: Bool
  ) -> String {
    let site = checked.sites[measure.site]
    let measurement = Measurement(
      label: "", value: measure.value(frame), threshold: program.thresholds[measure.site],
      percent: site.percent, clock: site.clock)
    var bytes: [UInt8] = []
    measurement.write(to: &bytes)
    let text = String(decoding: bytes.drop { $0 == UInt8(ascii: " ") }, as: UTF8.self)
    guard let threshold = measurement.threshold else { return text }
    return truth ? text + " " + threshold : text + ", not " + threshold
  }

  /// Whether the parts of `expr` are in its unit: a sum, a difference, a negation,
  /// `previous`.
  static func keepsUnit(_ expr: CheckedExpr?) -> Bool {
    switch expr {
    case .arithmetic(let op, _, _)?: return op == .plus || op == .minus
    case .negate?, .previous?: return true
    default: return false
    }
  }

  static func describe(_ value: Value, percent: Bool = false) -> String {
    switch value {
    case .null: return "missing"
    case .text(let text): return JSONText.quote(text)
    case .number(let fraction) where percent: return Measurement.percentText(fraction)
    default: return Operations.format(value)
    }
  }

  /// `open: from 2026-11-20T00:00:00Z, 120h to now`, `closed: from … until …, 47h`, or
  /// `unknown: no start`.
  static func describe(_ state: StateValue?, _ frame: Frame) -> String {
    guard let state else { return "unknown (no start)" }
    let from = TimeParsing.formatISO8601(state.start)
    let length = DurationFormat.format(state.length)
    if state.open { return "open: from \(from), \(length) to now" }
    let end = TimeParsing.formatISO8601(state.end ?? state.start + state.length)
    return "closed: from \(from) until \(end), \(length)"
  }
}
