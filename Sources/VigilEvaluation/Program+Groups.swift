import VigilCore
import VigilRecords
import VigilSyntax

// Group policies at run time: adding each record to its group, and judging the groups once
// every record was read.

/// What judging a group found.
package enum GroupFinding {
  case violation(Violation)
  /// A dishonest pause of the group's measured state (after its violation, if any).
  indirect case pause(PauseFinding)
  case notEnoughData(GroupShortfall)
  case dataError(DataErrorReport)
  /// A group (or, for a sequence policy, a record) judged: who answers for it, and whether it
  /// met the policy, broke it, or may yet.
  case judged(policy: String, severity: Severity, party: String?, outcome: ScopeOutcome)
  /// A windowed group policy's value for a group in a window.
  case trend(TrendPoint)
}

extension Program {
  /// Adds the record in `frame` to its group of every group policy. Not inlined: the
  /// listing's evaluation (`evaluateInline`) is then inlined into its caller.
  @inline(never)
  package func tally(
    _ frame: Frame, into tally: inout AuditTally, input: String, line: Int,
    dataError: (DataErrorReport) -> Void
  ) {
    var shared: SharedCase?
    // The program holds its group policies while it tallies: each is used at +0.
    for index in groupPolicies.indices {
      groupPolicyReferences[index]._withUnsafeGuaranteedRef { policy in
        add(frame, to: policy, in: &tally, shared: &shared, input: input, line: line)
      }
      if frame.errorCount > 0 {
        groupPolicyReferences[index]._withUnsafeGuaranteedRef { policy in
          dataError(
            DataErrorReport(
              input: input, line: line, record: recordID(frame, input: input, line: line),
              policy: policy.name, error: frame.errors[0]))
        }
      }
    }
  }

  /// Adds the record in `frame` to its group of `policy`.
  @inline(__always)
  private func add(
    _ frame: Frame, to policy: CompiledGroupPolicy, in tally: inout AuditTally,
    shared: inout SharedCase?, input: String, line: Int
  ) {
    if policy.sequence != nil {
      // INVARIANT: checked above (unwrapped where used: bound to a name, it is copied).
      add(
        frame, to: &tally.groups[policy.index], policy, policy.sequence!, input: input, line: line)
    } else if let slot = policy.caseSlot {
      policy.add(frame, to: &tally.cases[slot.table], shared: &shared)
    } else if policy.admits(frame) {
      if policy.textKeySlot != nil {
        policy.add(frame, to: &tally.textGroups[policy.index], or: &tally.groups[policy.index])
      } else {
        policy.add(frame, to: &tally.groups[policy.index])
      }
    }
  }

  /// Adds a record to its group of a sequence policy: as a record that follows others, and
  /// as one that must be followed if the rule fires for it. Records after now have not
  /// happened yet.
  private func add(
    _ frame: Frame, to groups: inout [GroupKey: GroupState], _ policy: CompiledGroupPolicy,
    _ sequence: CompiledSequence, input: String, line: Int
  ) {
    frame.resetFindings()
    if policy.scope != nil, policy.scope!(frame) != true { return }
    guard case .time(let time) = sequence.order(frame), time <= frame.now else { return }
    let key = GroupKey(values: policy.keys.map { $0(frame) }, window: 0)
    let follows = Logic.truth(sequence.follower(frame), frame) == true
    let fires = sequence.rule.condition(frame) == true
    guard frame.errorCount == 0, follows || fires else { return }
    groups[key, default: GroupState(aggregates: 0)].records += 1
    if follows { groups[key]!.followers.append(time) }
    if fires {
      let violation = makeViolation(
        sequence.rule, frame, record: recordID(frame, input: input, line: line), input: input,
        line: line, deferred: true)
      groups[key]!.pending.append(
        PendingRecord(time: time, violation: violation))
    }
  }

  /// Judges every group, policy by policy in source order, each policy's groups in the order
  /// of their keys and windows. `helpers` (copies of this program, each for a thread of its
  /// own) judge an event log's cases alongside it, block by block, their findings handed on
  /// in the same order. With a `renderer` (an audit that lists its findings), a case's
  /// violation of a plain policy is written as it is found, and handed to `rendered` with
  /// the others written since the last finding, in their place among the findings. The
  /// cases a sorted log released while it was read (`tally.release`) come first in their
  /// policy's turn: their findings, kept since, are handed on as they were found.
  package func judge(
    _ tally: AuditTally, now: Int64, directory: Directory? = nil, helpers: [Program] = [],
    renderer: (any FindingRenderer)? = nil, rendered: (RenderedViolations) -> Void = { _ in },
    found: (GroupFinding) -> Void
  ) {
    func handOn(_ finding: CaseFinding) {
      switch finding {
      case .finding(let finding): found(finding)
      case .rendered(let violations): rendered(violations)
      }
    }
    var tally = tally
    tally.settle()
    // The cases of each events file, sorted once for all the policies over them.
    var sortedCases: [Int: [Int]] = [:]
    for policy in groupPolicies {
      // One frame per policy, reused from group to group.
      let frame = Frame(
        slots: policy.keys.count + 2 * policy.aggregates.count, now: now, directory: directory)
      if let slot = policy.caseSlot {
        // The cases released while the log was read come before those still held.
        tally.release?.handOn(policy.index, rendered: rendered, found: found)
        let table = tally.cases[slot.table]
        if sortedCases[slot.table] == nil {
          sortedCases[slot.table] = table.numbersInKeyOrder()
        }
        // INVARIANT: filled just above.
        let numbers = sortedCases[slot.table]!
        let keepsScope = tally.accountability != nil
        if !helpers.isEmpty && numbers.count > CaseJudging.block {
          CaseJudging(
            programs: [self] + helpers, policy: policy.index, table: table,
            keepsScope: keepsScope, renderer: renderer
          ).judge(numbers, now: now, directory: directory, found: handOn)
          continue
        }
        judgeCases(
          policy, numbers, of: table, frame: frame, keepsScope: keepsScope, renderer: renderer,
          found: handOn)
        continue
      }
      let groups = tally.groups[policy.index]
      for key in groups.keys.sorted(by: GroupKey.precedes) {
        // INVARIANT: the key comes from the dictionary.
        if let sequence = policy.sequence {
          judge(groups[key]!, sequence, now: now, found: found)
        } else {
          judge(policy, key, groups[key]!, in: groups, frame: frame, found: found)
        }
      }
    }
  }

  /// A sequence policy's group: each record the rule fired for that was not followed within
  /// the time allowed (and whose time is up) is a violation, in the order of the records' times. It is open when
  /// nothing followed at all, closed when something followed late.
  private func judge(
    _ state: GroupState, _ sequence: CompiledSequence, now: Int64,
    found: (GroupFinding) -> Void
  ) {
    let followers = state.followers.sorted()
    let pending = state.pending.sorted { a, b in
      (a.time, a.violation.input, a.violation.line) < (b.time, b.violation.input, b.violation.line)
    }
    // As with states: exactly `within` later is in time, and nothing is late before then.
    for record in pending where now - record.time <= sequence.within {
      // Its time is not up: followed or not, it is pending.
      found(
        .judged(
          policy: sequence.rule.name, severity: sequence.rule.severity,
          party: record.violation.party, outcome: .pending))
    }
    for record in pending where now - record.time > sequence.within {
      // The first follower strictly after the record.
      var low = 0
      var high = followers.count
      while low < high {
        let middle = (low + high) / 2
        if followers[middle] > record.time { high = middle } else { low = middle + 1 }
      }
      let next = low < followers.count ? followers[low] : nil
      let party = record.violation.party
      if let next, next - record.time <= sequence.within {
        found(
          .judged(
            policy: sequence.rule.name, severity: sequence.rule.severity, party: party,
            outcome: .met))
        continue
      }
      let violation = sequence.violation(record, next: next, now: now)
      found(
        .judged(
          policy: sequence.rule.name, severity: sequence.rule.severity, party: violation.party,
          outcome: .violated))
      found(.violation(violation))
    }
  }

  /// Judges a group in `frame` (the policy's frame, which it fills): once, or for a policy
  /// with an `each cycle` state once per cycle it judges (`judgeCycles`).
  package func judge(
    _ policy: CompiledGroupPolicy, _ key: GroupKey, _ state: GroupState,
    in groups: [GroupKey: GroupState], frame: Frame, found: (GroupFinding) -> Void
  ) {
    if let cycles = policy.cycles, policy.minimum.map({ state.records >= $0 }) ?? true {
      judgeCycles(policy, cycles, key, state, frame: frame, found: found)
      return
    }
    _ = judge(policy, key, state, in: groups, frame: frame, cycle: nil, found: found)
  }

  /// Judges a group, or one cycle of it; returns whether it broke the policy and whether its
  /// condition met a data error (reported unless `cycle` says an earlier cycle reported one).
  func judge(
    _ policy: CompiledGroupPolicy, _ key: GroupKey, _ state: GroupState,
    in groups: [GroupKey: GroupState], frame: Frame, cycle: CycleJudged?,
    found: (GroupFinding) -> Void
  ) -> (fired: Bool, dataError: Bool) {
    // Made only for a finding that names the group (most groups of an event log break no
    // policy: their facts are never read).
    lazy var facts: GroupFacts = {
      var facts = GroupFacts(
        keys: key.values.map { $0.isMissing ? "(missing)" : Operations.format($0) },
        window: policy.window.map { $0.calendar.label(key.window) }, records: state.records,
        noun: policy.noun)
      facts.cycle = cycle?.facts
      return facts
    }()
    var point = policy.window == nil ? nil : trendPoint(policy, key, state, facts)
    if let minimum = policy.minimum, state.records < minimum {
      if let point { found(.trend(point)) }
      found(
        .notEnoughData(
          GroupShortfall(
            policy: policy.name, location: policy.location, group: facts, minimum: minimum)))
      return (false, false)
    }
    // A group's cycles after the first share its keys and aggregates, filled once.
    if cycle?.fills ?? true { fill(frame, policy, key, state, in: groups) }
    if let cycle, let cycles = policy.cycles {
      let facts = cycle.facts
      frame.values[key.values.count + cycles.start] = .time(facts.start)
      frame.values[key.values.count + cycles.end] = facts.end.map { .time($0) } ?? .null
    }
    frame.resetFindings()
    let result = policy.condition(frame)
    let fired: Bool
    if case .bool(true) = result { fired = true } else { fired = false }
    // Taken before the evaluations that follow forget them.
    let pauses = policy.reportsPauses ? frame.dishonestPauses : []
    if point != nil {
      point!.breached = fired
      found(.trend(point!))
    }
    // Who held the case: the holder the policy names answers for it, breached or not.
    var split: HolderSplit?
    if let holding = policy.holding, case .bool = result { split = holderSplit(holding, frame) }
    var violation = fired ? groupViolation(policy, frame, facts) : nil
    if let split, var breach = violation {
      breach.group?.holders = split
      breach.party = split.party
      violation = breach
    }
    if !fired, frame.errorCount == 0, policy.warning != nil,
      var atRisk = atRisk(policy, frame, facts)
    {
      if let split { atRisk.party = split.party }
      found(.violation(atRisk))
    }
    let dataError = frame.errorCount > 0
    if dataError, cycle?.reportsErrors ?? true {
      found(
        .dataError(
          DataErrorReport(
            input: "", line: 0, record: facts.name, policy: policy.name,
            error: frame.errors[0])))
    }
    let party =
      violation?.party ?? split.map(\.party)
      ?? (policy.accountable.map { partyName($0(frame)) }
        ?? policy.actions.first { $0.kind != .flag }?.target.flatMap { partyName($0(frame)) })
    // A group whose condition is unknown is out of scope, as a record is.
    guard case .bool = result else {
      if let violation { found(.violation(violation)) }
      return (fired, dataError)
    }
    let outcome: ScopeOutcome = fired ? .violated : isPending(policy, frame) ? .pending : .met
    found(.judged(policy: policy.name, severity: policy.severity, party: party, outcome: outcome))
    if let violation { found(.violation(violation)) }
    for pause in pauses {
      found(.pause(pauseFinding(pause, policy, frame, facts, breached: fired, party: party)))
    }
    return (fired, dataError)
  }

  /// A group's dishonest pause as a finding, with the party who set it: the case's holder at
  /// its start (`accountable: FIELD at …`), else the policy's `accountable:` field in the
  /// change that began it, else `party`, the policy's party for the group.
  private func pauseFinding(
    _ pause: DishonestPause, _ policy: CompiledGroupPolicy, _ frame: Frame, _ facts: GroupFacts,
    breached: Bool, party: String?
  ) -> PauseFinding {
    var setter: String?
    if let holding = policy.holding {
      setter = HolderSplit.holder(
        at: pause.began, changes: holding.history(frame), field: holding.field)
    } else {
      setter =
        policy.accountableField.flatMap { partyName($0.lookup(in: pause.beganFields)) } ?? party
    }
    var group = facts
    group.holders = nil
    return PauseFinding(
      policy: policy.name, location: policy.location, record: facts.name, input: "", line: 0,
      severity: policy.severity, party: setter, group: group, breached: breached, pause: pause,
      now: frame.now)
  }

  /// Whether a group that did not break `policy` may yet: a state it measures is open.
  private func isPending(_ policy: CompiledGroupPolicy, _ frame: Frame) -> Bool {
    guard frame.errorCount == 0, let pending = policy.pending else { return false }
    let open = Logic.truth(pending(frame), frame) == true
    // Read only for this: its errors are no data error of the audit.
    guard frame.errorCount == 0 else {
      frame.resetFindings()
      return false
    }
    return open
  }

  /// The group's violation of `policy`, from the evidence its condition left in `frame`.
  func groupViolation(
    _ policy: CompiledGroupPolicy, _ frame: Frame, _ facts: GroupFacts, deferred: Bool = false
  ) -> Violation {
    let overrun = (frame.stateEvidence ?? frame.valueEvidence)?.overrun
    let actions = policy.actions.map { $0.take(frame, overrun: overrun, deferred: deferred) }
    let party =
      policy.accountable.map { partyName($0(frame)) }
      ?? actions.first(where: { $0.kind != .flag })?.target
    return Violation(
      policy: policy.name, location: policy.location, record: facts.name, party: party,
      actions: actions, severity: policy.severity, open: frame.stateEvidence?.open,
      measurement: (frame.stateEvidence ?? frame.valueEvidence).map(measurement),
      condition: policy.conditionText, input: "", line: 0, group: facts)
  }

  /// The group as at risk of breaking `policy`, if its warning condition holds while the
  /// state it measures is still open (as for a record).
  func atRisk(
    _ policy: CompiledGroupPolicy, _ frame: Frame, _ facts: GroupFacts
  ) -> Violation? {
    guard let warning = policy.warning else { return nil }
    frame.resetFindings()
    guard case .bool(true) = warning.condition(frame), frame.errorCount == 0,
      let evidence = frame.stateEvidence, evidence.open == true,
      case .duration(let length) = evidence.measured
    else { return nil }
    var found = groupViolation(policy, frame, facts, deferred: true)
    found.escalate(overrun: length - warning.limit)
    found.atRisk = warning.limit - length
    return found
  }

  /// The group's value of the policy's first aggregate in its window, for trend charts.
  private func trendPoint(
    _ policy: CompiledGroupPolicy, _ key: GroupKey, _ state: GroupState, _ facts: GroupFacts
  ) -> TrendPoint {
    var value: Value = .null
    if let aggregate = policy.aggregates.first, policy.minimum.map({ state.records >= $0 }) ?? true
    {
      value = state.aggregates[0].value(aggregate.kind, aggregate.measure)
    }
    let number: Double?
    switch value {
    case .number(let x): number = x
    case .duration(let ms), .time(let ms): number = Double(ms)
    default: number = nil
    }
    let shown: String
    if case .number(let x) = value, policy.aggregates.first?.kind == .share {
      shown = Measurement.percentText(x)
    } else if case .duration(let ms) = value {
      shown = DurationFormat.format(ms)
    } else {
      shown = value.isMissing ? "" : Operations.format(value)
    }
    return TrendPoint(
      policy: policy.name, group: facts.keys.joined(separator: ", "), windowStart: key.window,
      window: facts.window ?? "", value: number, shown: shown)
  }

  /// The name of the group the record in `frame` belongs to under `policy` (its keys, and
  /// its window after "in"); nil when it is in none.
  package func groupName(of frame: Frame, _ policy: CompiledGroupPolicy) -> String? {
    frame.resetFindings()
    var window: String?
    if let (calendar, time) = policy.window {
      guard case .time(let instant) = time(frame), instant <= frame.now else { return nil }
      window = calendar.label(calendar.start(of: instant))
    }
    let keys = policy.keys.map { key in
      let value = key(frame)
      return value.isMissing ? "(missing)" : Operations.format(value)
    }
    guard frame.errorCount == 0 else { return nil }
    return GroupFacts(keys: keys, window: window, records: 0, noun: "").name
  }

  /// The frame of the group the record in `frame` belongs to under `policy`, as `tally`
  /// holds it (for `vigil explain`); nil when the record is in no group, or the policy judges
  /// sequences.
  package func groupFrame(
    of frame: Frame, _ policy: CompiledGroupPolicy, in tally: AuditTally, now: Int64,
    directory: Directory?
  ) -> Frame? {
    guard policy.sequence == nil else { return nil }
    frame.resetFindings()
    var windowStart: Int64 = 0
    if let window = policy.window {
      guard case .time(let instant) = window.time(frame), instant <= frame.now else { return nil }
      windowStart = window.calendar.start(of: instant)
    }
    let key = GroupKey(values: policy.keys.map { $0(frame) }, window: windowStart)
    guard frame.errorCount == 0 else { return nil }
    if let slot = policy.caseSlot {
      let table = tally.cases[slot.table]
      guard let number = table.number(of: key),
        let state = table.group(policy: slot.policy, case: number)
      else { return nil }
      return groupFrame(policy, key, state, in: [:], now: now, directory: directory)
    }
    guard let state = tally.group(policy.index, key) else { return nil }
    return groupFrame(
      policy, key, state, in: tally.groups[policy.index], now: now, directory: directory)
  }

  /// A frame holding the group's keys, its aggregates, and its previous window's aggregates
  /// (missing when that window has no records, or too few to judge).
  package func groupFrame(
    _ policy: CompiledGroupPolicy, _ key: GroupKey, _ state: GroupState,
    in groups: [GroupKey: GroupState], now: Int64, directory: Directory?
  ) -> Frame {
    let frame = Frame(
      slots: key.values.count + 2 * policy.aggregates.count, now: now, directory: directory)
    fill(frame, policy, key, state, in: groups)
    return frame
  }

  /// Puts the group's keys and aggregates (`groupFrame`) in `frame`, a frame of the
  /// policy's size, every slot of it.
  private func fill(
    _ frame: Frame, _ policy: CompiledGroupPolicy, _ key: GroupKey, _ state: GroupState,
    in groups: [GroupKey: GroupState]
  ) {
    let aggregates = policy.aggregates
    for (index, value) in key.values.enumerated() { frame.values[index] = value }
    var previous: GroupState?
    if let window = policy.window {
      previous = groups[GroupKey(values: key.values, window: window.calendar.previous(key.window))]
      if let minimum = policy.minimum, (previous?.records ?? 0) < minimum { previous = nil }
    }
    for (index, aggregate) in aggregates.enumerated() {
      frame.values[key.values.count + index] = state.aggregates[index].value(
        aggregate.kind, aggregate.measure, field: aggregate.field)
      frame.values[key.values.count + aggregates.count + index] =
        previous?.aggregates[index].value(aggregate.kind, aggregate.measure, field: aggregate.field)
        ?? .null
    }
  }
}
