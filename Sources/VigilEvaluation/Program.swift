import VigilCore
import VigilRecords
import VigilSemantics
import VigilSyntax

/// A compiled policy: closures ready to run over records. A class, so that going through
/// the policies for every record copies one reference, not every closure and string.
package final class CompiledPolicy: @unchecked Sendable {
  // Closures over immutable compiled state only.
  package let name: String
  package let location: String
  package let severity: Severity
  package let condition: Test
  package let conditionText: String
  package let actions: [CompiledAction]
  package let accountable: Eval?
  /// The records the policy is about (`CheckedPolicy.scope`), for compliance rates.
  package let scope: Test?
  /// For a condition `S and M` whose `S` is the scope (`CheckedPolicy.scopeIsFirstOperand`):
  /// the condition tested as `condition` tests it, recording `S`'s truth in the frame
  /// (`Frame.scopeTruth`), so that the accountability report need not test the scope again.
  package let scopedCondition: Test?
  /// Whether a record in scope that did not break the policy may yet
  /// (`CheckedPolicy.pendingInScope`: asked only of a record in scope).
  package let pending: Test?
  /// Its place among the program's record policies (-1 for a group policy's rule).
  package let index: Int
  /// When the party that answers for a record is a field read as it is (`notify owner`):
  /// its slot, so that the accountability report can count a record in scope under the
  /// field's bytes, with no string made.
  package let partySlot: Int?
  /// `warn at`: the condition with the earlier threshold, and the rule's threshold.
  var warning: (condition: Eval, limit: Int64)?
  /// Whether its condition measures a state with honest pauses (`paused in … unless …`):
  /// then each record's dishonest pauses are findings (`PauseFinding`).
  package let reportsPauses: Bool
  /// When `accountable:` is a field: its path, read in the change that began a dishonest
  /// pause (who set it).
  package let accountableField: FieldPath?
  /// For a policy that reads the record's own list of changes per cycle or per holder
  /// (`each cycle in H`, `accountable: FIELD at breach in H`); nil for every other.
  package let history: RecordHistoryReading?
  /// Whether it takes one action with one party (no escalation chain): its violations are
  /// written from a `ViolationDraft` without being made `Violation`s.
  package let isPlain: Bool

  package init(
    name: String, location: String, severity: Severity, condition: @escaping Test,
    conditionText: String, actions: [CompiledAction], accountable: Eval?, scope: Test?,
    scopedCondition: Test? = nil, pending: Test? = nil,
    warning: (condition: Eval, limit: Int64)? = nil, index: Int = -1,
    partySlot: Int? = nil, reportsPauses: Bool = false, accountableField: FieldPath? = nil,
    history: RecordHistoryReading? = nil
  ) {
    self.history = history
    self.reportsPauses = reportsPauses
    self.accountableField = accountableField
    self.index = index
    self.partySlot = partySlot
    self.scope = scope
    self.scopedCondition = scopedCondition
    self.pending = pending
    self.warning = warning
    self.name = name
    self.location = location
    self.severity = severity
    self.condition = condition
    self.conditionText = conditionText
    self.actions = actions
    self.accountable = accountable
    isPlain = actions.count == 1 && actions[0].steps.isEmpty
  }
}

/// An action compiled: its party, and for an escalation chain every level's party and delay.
package struct CompiledAction {
  package let kind: Action.Kind
  package let target: Eval?
  package let steps: [(target: Eval, after: Int64, afterText: String)]

  package init(_ action: CheckedAction, _ compiler: inout Compiler, isolated: Bool) {
    kind = action.kind
    target = action.target.map { compiler.compile($0) }
    steps = action.steps.map { step in
      (
        compiler.compile(step.target), step.after,
        isolated ? step.afterText.unshared : step.afterText
      )
    }
  }

  /// The action taken for the record (or group) in `frame`. A chain's level is the number of
  /// its delays the overrun is past (`overrun` nil: not measured in time, the first level);
  /// only that level's party is read, unless the overrun is known only later (`deferred`:
  /// then every level's is).
  package func take(_ frame: Frame, overrun: Int64?, deferred: Bool = false)
    -> Violation.ActionTaken
  {
    guard !steps.isEmpty else {
      return Violation.ActionTaken(
        kind: kind, target: target.flatMap { Program.partyName($0(frame)) })
    }
    let level = 1 + steps.filter { step in overrun.map { $0 > step.after } ?? false }.count
    let parties = ([target] + steps.map(\.target)).enumerated().map { index, party in
      deferred || index == level - 1 ? party.flatMap { Program.partyName($0(frame)) } : nil
    }
    var taken = Violation.ActionTaken(kind: kind, target: nil)
    taken.escalation = Escalation(
      parties: parties, delays: steps.map(\.after), delayTexts: steps.map(\.afterText))
    taken.reach(overrun: overrun)
    return taken
  }
}

/// A checked policy set compiled into closures over field slots. Thread-safe: evaluation
/// state lives in a `Frame`, one per thread.
package final class Program: @unchecked Sendable {
  // Closures capture only immutable compiled state (constants, regexes, patterns, slots).
  /// The fields the policies read, by slot; the id field is last when it is not read anyway.
  package let layout: RecordLayout
  package let policies: [CompiledPolicy]
  /// `policies`, unretained: the program keeps them alive (`policies`), so that evaluating
  /// one costs no reference count.
  private let policyReferences: UnsafeMutableBufferPointer<Unmanaged<CompiledPolicy>>
  /// `groupPolicies`, unretained, for the same reason (`tally` adds every record to them).
  let groupPolicyReferences: UnsafeMutableBufferPointer<Unmanaged<CompiledGroupPolicy>>
  /// The group policies, judged once every record was added to its group.
  package let groupPolicies: [CompiledGroupPolicy]
  package let sites: [ComparisonSite]
  /// Each site's operator and threshold as a violation shows them (`> 48h`).
  package let thresholds: [String?]
  /// The slot of the id field.
  package let idSlot: Int
  /// What an audit's tally holds for these policies.
  package let tallyShape: TallyShape

  /// Compiles `checked`. An `isolated` program has its own copies of every string, for a
  /// thread of its own.
  package init(_ checked: CheckedProgram, idField: FieldPath, isolated: Bool = false) {
    let sites =
      isolated
      ? checked.sites.map { site in
        ComparisonSite(
          label: site.label.unshared, op: site.op?.unshared, threshold: site.threshold?.unshared,
          measuredOnRight: site.measuredOnRight, percent: site.percent, clock: site.clock)
      } : checked.sites
    var compiler = Compiler(sites: sites)
    let shape = TallyShape(checked)
    self.tallyShape = shape
    var policies: [CompiledPolicy] = []
    var groupPolicies: [CompiledGroupPolicy] = []
    for policy in checked.policies {
      if let group = policy.group {
        let rule = group.followUp == nil ? nil : Self.compileRule(policy, isolated, &compiler)
        groupPolicies.append(
          CompiledGroupPolicy(
            index: groupPolicies.count, policy: policy, group: group, isolated: isolated,
            compiler: &compiler, rule: rule, caseSlot: shape.slots[groupPolicies.count]))
        continue
      }
      policies.append(Self.compileRule(policy, isolated, &compiler, index: policies.count))
    }
    self.idSlot = compiler.layout.slot(for: idField)
    var layout = compiler.layout
    layout.missingTexts = checked.missingTexts.map { Array($0.utf8) }
    self.layout = layout
    self.policies = policies
    policyReferences = .allocate(capacity: max(policies.count, 1))
    _ = policyReferences.initialize(from: policies.map { Unmanaged.passUnretained($0) })
    groupPolicyReferences = .allocate(capacity: max(groupPolicies.count, 1))
    _ = groupPolicyReferences.initialize(
      from: groupPolicies.map { Unmanaged.passUnretained($0) })
    self.groupPolicies = groupPolicies
    self.sites = sites
    self.thresholds = sites.map { site in
      guard let op = site.op, let threshold = site.threshold else { return nil }
      let shown =
        site.measuredOnRight ? (BinaryOperator(rawValue: op)?.flipped.rawValue ?? op) : op
      return "\(shown) \(threshold)"
    }
  }

  deinit {
    policyReferences.deallocate()
    groupPolicyReferences.deallocate()
  }

  /// A policy's rule compiled to run over single records.
  private static func compileRule(
    _ policy: CheckedPolicy, _ isolated: Bool, _ compiler: inout Compiler, index: Int = -1
  ) -> CompiledPolicy {
    compiler.compiledHonestPause = false
    let condition = compiler.compileTest(policy.condition)
    let reportsPauses = compiler.compiledHonestPause
    let warning = policy.warning.map { (compiler.compile($0.condition), $0.limit) }
    let actions = policy.actions.map { CompiledAction($0, &compiler, isolated: isolated) }
    let accountable = policy.accountable.map { compiler.compile($0) }
    let history = RecordHistoryReading(policy, &compiler)
    var scopedCondition: Test?
    if policy.scopeIsFirstOperand, history == nil, !reportsPauses,
      case .and(let left, let right) = policy.condition
    {
      scopedCondition = compiler.compileScopedAndTest(left, right)
    }
    let party = policy.accountable ?? policy.actions.first { $0.kind != .flag }?.target
    var partySlot: Int?
    if case .field(let path, .raw) = party { partySlot = compiler.layout.slot(for: path) }
    return CompiledPolicy(
      name: isolated ? policy.name.unshared : policy.name,
      location: isolated ? policy.location.unshared : policy.location,
      severity: policy.severity, condition: condition,
      conditionText: isolated ? policy.conditionText.unshared : policy.conditionText,
      actions: actions, accountable: accountable,
      scope: policy.scope.map { compiler.compileTest($0) }, scopedCondition: scopedCondition,
      pending: policy.pendingInScope.map { compiler.compileTest($0) }, warning: warning,
      index: index,
      partySlot: history == nil ? partySlot : nil, reportsPauses: reportsPauses,
      accountableField: policy.accountable.flatMap(Self.fieldPath), history: history)
  }

  /// Evaluates every policy on the record in `frame`, calling `violation` for each breach and
  /// `dataError` for each policy that met a value it could not read.
  ///
  /// With `tracksScope`, each record in a policy's scope is also given to `scope` with the
  /// party that answers for it and whether it met the policy, broke it or may yet (for the
  /// accountability report).
  package func evaluate(
    _ frame: Frame, input: String, line: Int,
    violation: (consuming Violation) -> Void, dataError: (DataErrorReport) -> Void,
    tracksScope: Bool = false,
    scope: (CompiledPolicy, ScopeParty, ScopeOutcome) -> Void = { _, _, _ in },
    pause: (PauseFinding) -> Void = { _ in },
    drafts: Bool = false, draft: (borrowing ViolationDraft) -> Void = { _ in }
  ) {
    evaluateInline(
      frame, input: input, line: line, violation: violation, dataError: dataError,
      tracksScope: tracksScope, scope: scope, pause: pause, drafts: drafts, draft: draft)
  }

  /// `evaluate(_:input:line:violation:dataError:tracksScope:scope:pause:drafts:draft:)`,
  /// inlined into its caller: the accountability report's, whose five closures would
  /// otherwise be passed on for every policy of every record (≈ 250 instructions a record).
  @inline(__always)
  func evaluateInline(
    _ frame: Frame, input: String, line: Int,
    violation: (consuming Violation) -> Void, dataError: (DataErrorReport) -> Void,
    tracksScope: Bool, scope: (CompiledPolicy, ScopeParty, ScopeOutcome) -> Void,
    pause: (PauseFinding) -> Void, drafts: Bool, draft: (borrowing ViolationDraft) -> Void
  ) {
    var recordID: String?
    // The program holds its policies for as long as it evaluates: each is used at +0, with
    // no reference count per record and policy.
    for index in policies.indices {
      policyReferences[index]._withUnsafeGuaranteedRef { policy in
        evaluate(
          policy, frame, input: input, line: line, recordID: &recordID, violation: violation,
          dataError: dataError, tracksScope: tracksScope, scope: scope, pause: pause,
          drafts: drafts, draft: draft)
      }
    }
  }

  /// `evaluate(_:input:line:violation:dataError:tracksScope:scope:)` for one policy.
  @inline(__always)
  private func evaluate(
    _ policy: CompiledPolicy, _ frame: Frame, input: String, line: Int, recordID: inout String?,
    violation: (consuming Violation) -> Void, dataError: (DataErrorReport) -> Void,
    tracksScope: Bool, scope: (CompiledPolicy, ScopeParty, ScopeOutcome) -> Void,
    pause: (PauseFinding) -> Void, drafts: Bool, draft: (borrowing ViolationDraft) -> Void
  ) {
    // Only a report that tracks scopes tests a policy's `scopedCondition`, which records it.
    if tracksScope { frame.scopeTruth = 0 }
    if policy.history != nil {
      evaluateReadingHistory(
        policy, frame, input: input, line: line, recordID: &recordID, violation: violation,
        dataError: dataError, tracksScope: tracksScope, scope: scope, pause: pause)
      return
    }
    frame.resetFindings()
    // Read as a condition: a rule that is a bare field (`vip → flag`) reads it as true
    // or false, as `and` would.
    let result: Bool?
    if tracksScope, policy.scopedCondition != nil {
      // INVARIANT: checked above; called where it lies (a closure copied out is a count).
      result = policy.scopedCondition!(frame)
    } else {
      result = policy.condition(frame)
    }
    guard policy.reportsPauses else {
      judge(
        policy, result, frame, input: input, line: line, recordID: &recordID,
        violation: violation, dataError: dataError, tracksScope: tracksScope, scope: scope,
        drafts: drafts, draft: draft)
      return
    }
    // Taken before the evaluations that follow forget them; reported after the violation,
    // for a record that broke the policy or is in its scope.
    let pauses = frame.dishonestPauses
    judge(
      policy, result, frame, input: input, line: line, recordID: &recordID,
      violation: violation, dataError: dataError, tracksScope: tracksScope, scope: scope,
      drafts: drafts, draft: draft)
    guard !pauses.isEmpty, result == true || isInScope(policy, result, frame) else { return }
    let id = recordID ?? self.recordID(frame, input: input, line: line)
    recordID = id
    reportPauses(
      pauses, policy, frame, breached: result == true, record: id, input: input, line: line,
      pause)
  }

  /// What the record in `frame` did under `policy`, whose condition gave `result`: its
  /// violation (or its being at risk), its data error, and its place in the policy's scope.
  /// With `drafts`, a plain policy's violation (`CompiledPolicy.isPlain`) is handed to
  /// `draft` unmade.
  @inline(__always)
  private func judge(
    _ policy: CompiledPolicy, _ result: Bool?, _ frame: Frame, input: String, line: Int,
    recordID: inout String?, violation: (consuming Violation) -> Void,
    dataError: (DataErrorReport) -> Void, tracksScope: Bool,
    scope: (CompiledPolicy, ScopeParty, ScopeOutcome) -> Void,
    drafts: Bool, draft: (borrowing ViolationDraft) -> Void
  ) {
    let fired = result == true
    if tracksScope, !fired, frame.errorCount == 0, isInScope(policy, result, frame) {
      scope(policy, scopeParty(policy, frame), isPending(policy, frame) ? .pending : .met)
    }
    if !fired, frame.errorCount == 0, let warning = policy.warning,
      let atRisk = atRisk(policy, warning, frame, input: input, line: line, recordID: &recordID)
    {
      violation(atRisk)
    }
    guard fired || frame.errorCount > 0 else { return }
    // The parties are read only for a violation; what they cannot read is a data error too.
    let drafted = fired && drafts && policy.isPlain
    if drafted {
      // The record's id is made only if the renderer or a data error needs it.
      draft(
        ViolationDraft(
          program: self, policy: policy, frame: frame, record: recordID, input: input,
          line: line))
      if tracksScope { scope(policy, scopeParty(policy, frame), .violated) }
      guard frame.errorCount > 0 else { return }
    }
    let id = recordID ?? self.recordID(frame, input: input, line: line)
    recordID = id
    guard fired, !drafted else {
      dataError(
        DataErrorReport(
          input: input, line: line, record: id, policy: policy.name, error: frame.errors[0]))
      return
    }
    // Made and handed on with no optional around it: a violation moved, never copied.
    let found = makeViolation(policy, frame, record: id, input: input, line: line)
    if frame.errorCount > 0 {
      dataError(
        DataErrorReport(
          input: input, line: line, record: id, policy: policy.name, error: frame.errors[0]))
    }
    if tracksScope { scope(policy, .name(found.party), .violated) }
    violation(found)
  }

  /// Hands on each of a record's dishonest pauses under `policy` as a finding, with the party
  /// who set it: the policy's `accountable:` field in the change that began it, else the
  /// policy's party for the record.
  func reportPauses(
    _ pauses: [DishonestPause], _ policy: CompiledPolicy, _ frame: Frame, breached: Bool,
    record: String, input: String, line: Int, _ pause: (PauseFinding) -> Void
  ) {
    var fallback: String??
    for found in pauses {
      var party = policy.accountableField.flatMap { partyName($0.lookup(in: found.beganFields)) }
      if party == nil {
        if fallback == nil { fallback = .some(self.party(of: policy, frame)) }
        party = fallback ?? nil
      }
      pause(
        PauseFinding(
          policy: policy.name, location: policy.location, record: record, input: input,
          line: line, severity: policy.severity, party: party, breached: breached, pause: found,
          now: frame.now))
    }
  }

  /// The record in `frame` as at risk of breaking `policy`, if its warning condition holds
  /// while the state it measures is still open.
  func atRisk(
    _ policy: CompiledPolicy, _ warning: (condition: Eval, limit: Int64), _ frame: Frame,
    input: String, line: Int, recordID: inout String?
  ) -> Violation? {
    frame.resetFindings()
    guard case .bool(true) = warning.condition(frame), let evidence = frame.stateEvidence,
      evidence.open == true, case .duration(let length) = evidence.measured
    else { return nil }
    let id = recordID ?? self.recordID(frame, input: input, line: line)
    recordID = id
    // Every level's party, so the chain can stand at the level the real threshold gives.
    var found = makeViolation(policy, frame, record: id, input: input, line: line, deferred: true)
    found.escalate(overrun: length - warning.limit)
    found.atRisk = warning.limit - length
    return found
  }

  /// Whether a record whose condition gave `result` is in `policy`'s scope: its condition
  /// is known and its scope holds.
  func isInScope(_ policy: CompiledPolicy, _ result: Bool?, _ frame: Frame) -> Bool {
    guard result != nil else { return false }
    // The scope's truth recorded as the condition was tested (`scopedCondition`).
    if frame.scopeTruth != 0 { return frame.scopeTruth == 2 }
    // Called where it lies, not bound to a name: a closure copied out is a reference count.
    guard policy.scope != nil else { return true }
    // INVARIANT: checked above.
    return policy.scope!(frame) == true
  }

  /// Whether a record in `policy`'s scope that did not break it may yet: a state it measures
  /// is open.
  func isPending(_ policy: CompiledPolicy, _ frame: Frame) -> Bool {
    guard policy.pending != nil else { return false }
    // INVARIANT: checked above.
    let open = policy.pending!(frame) == true
    // A state the condition did not reach may not be read: that is no data error of the audit.
    guard frame.errorCount == 0 else {
      frame.resetFindings()
      return false
    }
    return open
  }

  /// Who answers for the record in `frame` under `policy`: `accountable:`, else the first
  /// party its actions name (an escalation's first level).
  package func party(of policy: CompiledPolicy, _ frame: Frame) -> String? {
    if let accountable = policy.accountable { return partyName(accountable(frame)) }
    return policy.actions.first { $0.kind != .flag }?.target.flatMap { partyName($0(frame)) }
  }

  /// The party that answers for the record in `frame` under `policy`, as the bytes of the
  /// text a reader left unread when the party is such a field, else as `party(of:_:)` names
  /// it.
  @inline(__always)
  func scopeParty(_ policy: CompiledPolicy, _ frame: Frame) -> ScopeParty {
    if let slot = policy.partySlot, let bytes = frame.deferredText(slot) { return .bytes(bytes) }
    return .name(party(of: policy, frame))
  }

  /// Whether the record in `frame` has an id of its own (else it is named `file:line`).
  package func hasRecordID(_ frame: Frame) -> Bool {
    if frame.isDeferred(idSlot) { return true }
    switch frame.values[idSlot] {
    case .null, .list, .record: return false
    default: return true
    }
  }

  /// Adds the id of the record in `frame` to `ids`, if it has one: as the bytes a reader left
  /// unread, else as a report shows it. Returns whether it has one (`hasRecordID`).
  @inline(__always) @discardableResult
  package func addRecordID(_ frame: Frame, line: Int, to ids: ChunkIDs) -> Bool {
    if let text = frame.deferredText(idSlot) {
      ids.add(text, line: line)
      return true
    }
    guard hasRecordID(frame) else { return false }
    var shown = Operations.format(frame.value(idSlot))
    shown.withUTF8 { ids.add($0, line: line) }
    return true
  }

  package func recordID(_ frame: Frame, input: String, line: Int) -> String {
    switch frame.value(idSlot) {
    case .null, .list, .record: return "\(input):\(line)"
    case let value: return Operations.format(value)
    }
  }

  package func makeViolation(
    _ policy: CompiledPolicy, _ frame: Frame, record: String, input: String, line: Int,
    deferred: Bool = false
  ) -> Violation {
    // Each evidence read once: a copy of one is a copy of its values.
    let state = frame.stateEvidence
    let evidence = state ?? frame.valueEvidence
    let overrun = evidence?.overrun
    let actions = policy.actions.map { $0.take(frame, overrun: overrun, deferred: deferred) }
    let party: String?
    if let accountable = policy.accountable {
      party = partyName(accountable(frame))
    } else {
      party = actions.first(where: { $0.kind != .flag })?.target
    }
    return Violation(
      policy: policy.name, location: policy.location, record: record, party: party,
      actions: actions, severity: policy.severity, open: state?.open,
      measurement: evidence.map(measurement), condition: policy.conditionText, input: input,
      line: line)
  }

  package func partyName(_ value: Value) -> String? {
    Program.partyName(value)
  }

  /// The path of a field read as it is (`accountable: owner`); nil for anything else.
  package static func fieldPath(_ expr: CheckedExpr) -> FieldPath? {
    if case .field(let path, _) = expr { return path }
    return nil
  }

  package static func partyName(_ value: Value) -> String? {
    value.isMissing ? nil : Operations.format(value)
  }

  /// What decided the violation, from the evidence the evaluation left.
  package func measurement(_ evidence: Evidence) -> Measurement {
    Measurement(
      label: sites[evidence.site].label, value: evidence.measured,
      threshold: thresholds[evidence.site], percent: sites[evidence.site].percent,
      clock: sites[evidence.site].clock)
  }
}

extension String {
  /// A copy of the string in storage of its own (not shared with the original).
  package var unshared: String { String(decoding: Array(utf8), as: UTF8.self) }
}
