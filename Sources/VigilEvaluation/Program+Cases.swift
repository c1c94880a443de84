import VigilCore

// Judging the cases of an event log, case by case, once every event was read.

extension CompiledGroupPolicy {
  /// Whether it takes one action with one party (no escalation chain): a case's violation
  /// of it can be written from a `CaseDraft`.
  package var isPlain: Bool { actions.count == 1 && actions[0].steps.isEmpty }

  /// Whether its cases are judged case by case with nothing but their key and aggregates
  /// (`Program.judgeCase`): a key of one value, and no calendar window, minimum, cycles,
  /// holder of the case or honest pause.
  var judgesCasesInPlace: Bool {
    keys.count == 1 && window == nil && minimum == nil && cycles == nil && holding == nil
      && !reportsPauses
  }
}

extension Program {
  /// Judges cases `numbers` of `table` (in that order) under `policy`, a policy over an
  /// event log's cases, in `frame` (the policy's), handing the findings to `found` in order;
  /// without each case's scope (`.judged`) unless `keepsScope`. With a `renderer`, a case's
  /// violation of a plain policy is written as it is found (`CaseDraft`), never made, and
  /// the violations written are handed on together (`.rendered`), in their place among the
  /// other findings.
  func judgeCases(
    _ policy: CompiledGroupPolicy, _ numbers: some Collection<Int>, of table: CaseTable,
    frame: Frame, keepsScope: Bool, renderer: (any FindingRenderer)?,
    found: (CaseFinding) -> Void
  ) {
    // INVARIANT: only policies over an event log's cases are judged case by case.
    let slot = policy.caseSlot!
    guard !keepsScope, policy.judgesCasesInPlace, table.keyCount == 1 else {
      var state = GroupState(aggregates: policy.aggregates.count)
      for number in numbers {
        guard table.load(policy: slot.policy, case: number, into: &state) else { continue }
        judge(policy, table.key(number), state, in: [:], frame: frame) { finding in
          if !keepsScope, case .judged = finding { return }
          found(.finding(finding))
        }
      }
      return
    }
    var batch = RenderBatch()
    // The cases come in key order, scattered over a table larger than the caches: a batch's
    // memory is read first, each load independent of the others, so that the processor waits
    // for their cache misses together rather than case after case.
    var touched = 0
    var ahead = numbers.startIndex
    for (position, number) in zip(numbers.indices, numbers) {
      if position == ahead {
        for later in numbers[ahead...].prefix(Self.touchedAhead) {
          touched &+= table.touch(policy: slot.policy, case: later)
        }
        ahead =
          numbers.index(ahead, offsetBy: Self.touchedAhead, limitedBy: numbers.endIndex)
          ?? numbers.endIndex
      }
      guard let place = table.states(policy: slot.policy, case: number) else { continue }
      judgeCase(
        policy, key: table.keyValue(number), records: place.records, states: place.states,
        frame: frame, renderer: renderer, into: &batch, found: found)
    }
    batch.flush(found)
    if touched == Int.min { Self.touched() }
  }

  /// How many cases' memory `judgeCases` reads at a time, before judging them.
  private static let touchedAhead = 16

  /// Called when a sum of counts is `Int.min`, hardly ever and to no effect: the test keeps
  /// the sum, and so the reads, from being left out by the compiler.
  @inline(never)
  private static func touched() {}

  /// Judges one case of `policy` (`judgesCasesInPlace`) from its key and its aggregates'
  /// states, finding what `judge(_:_:_:in:frame:cycle:found:)` finds but its scope, in the
  /// same order: the case at risk, a data error, the violation.
  private func judgeCase(
    _ policy: CompiledGroupPolicy, key: Value, records: Int,
    states: UnsafePointer<AggregateState>, frame: Frame, renderer: (any FindingRenderer)?,
    into batch: inout RenderBatch, found: (CaseFinding) -> Void
  ) {
    let count = policy.aggregates.count
    frame.values[0] = key
    for index in 0..<count {
      policy.aggregateReferences[index]._withUnsafeGuaranteedRef { aggregate in
        frame.values[1 + index] = states[index].value(
          aggregate.kind, aggregate.measure, field: aggregate.field)
      }
      frame.values[1 + count + index] = .null
    }
    frame.resetFindings()
    let result = policy.condition(frame)
    guard case .bool(true) = result else {
      if frame.errorCount == 0, policy.warning != nil,
        let atRisk = atRisk(policy, frame, facts(policy, key, records))
      {
        batch.flush(found)
        found(.finding(.violation(atRisk)))
      }
      if frame.errorCount > 0 { report(frame, policy, key, records, batch: &batch, found) }
      return
    }
    guard let renderer, policy.isPlain else {
      let violation = groupViolation(policy, frame, facts(policy, key, records))
      if frame.errorCount > 0 { report(frame, policy, key, records, batch: &batch, found) }
      batch.flush(found)
      found(.finding(.violation(violation)))
      return
    }
    // Read as `groupViolation` reads them (the action's party first), before the data error
    // they may meet is reported.
    let parties = Self.parties(policy, frame)
    if frame.errorCount > 0 { report(frame, policy, key, records, batch: &batch, found) }
    let draft = CaseDraft(
      program: self, policy: policy, frame: frame, key: key, records: records, parties: parties)
    renderer.write(draft, to: &batch.out)
    batch.counts.countViolation(open: frame.stateOpen)
    if batch.out.count >= RenderBatch.limit { batch.flush(found) }
  }

  /// A plain policy's accountable party and its action's party for the case in `frame`,
  /// read as `groupViolation` reads them, each once.
  private static func parties(
    _ policy: CompiledGroupPolicy, _ frame: Frame
  ) -> (party: String?, target: String?) {
    let action = policy.actions[0]
    let target = action.target.flatMap { partyName($0(frame)) }
    if let accountable = policy.accountable {
      return (partyName(accountable(frame)), target)
    }
    return (action.kind == .flag ? nil : target, target)
  }

  /// The facts of a case judged in place, as `judge` makes them.
  private func facts(_ policy: CompiledGroupPolicy, _ key: Value, _ records: Int) -> GroupFacts {
    GroupFacts(
      keys: [key.isMissing ? "(missing)" : Operations.format(key)], window: nil,
      records: records, noun: policy.noun)
  }

  /// Hands on the data error the case's evaluation met, after the violations written so far.
  private func report(
    _ frame: Frame, _ policy: CompiledGroupPolicy, _ key: Value, _ records: Int,
    batch: inout RenderBatch, _ found: (CaseFinding) -> Void
  ) {
    batch.flush(found)
    found(
      .finding(
        .dataError(
          DataErrorReport(
            input: "", line: 0, record: facts(policy, key, records).name, policy: policy.name,
            error: frame.errors[0]))))
  }
}

/// What judging an event log's cases hands on, in order: a finding, or the violations a
/// renderer wrote since the last one.
enum CaseFinding {
  case finding(GroupFinding)
  case rendered(RenderedViolations)
}

/// The violations a renderer wrote while cases were judged, not yet handed on.
private struct RenderBatch: ~Copyable {
  /// Bytes written before they are handed on (a block's, or this much of one thread's).
  static let limit = 1 << 16
  var out = ByteBuffer(capacity: limit + 4096)
  var counts = AuditCounts()

  /// Hands on the violations written so far, if any.
  mutating func flush(_ found: (CaseFinding) -> Void) {
    guard counts.violations > 0 else { return }
    found(.rendered(RenderedViolations(bytes: out.array(), counts: counts)))
    out.truncate(to: 0)
    counts = AuditCounts()
  }
}
