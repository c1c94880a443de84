import VigilCore
import VigilSemantics

// A record policy over the record's own list of changes (Grammar.md, "Every cycle" and "Who
// held the clock": "A record's own history"): judged once per cycle of the list
// (`each cycle in H from P until Q`), its party a holder of the list's changes
// (`accountable: FIELD at breach in H`), or both.

/// What a record policy reads from the record's own list of changes: its cycles, its holders.
/// A class, so that a policy that reads none holds only a nil reference.
package final class RecordHistoryReading {
  /// `each cycle in H from P until Q`: the cycles, and which are judged.
  package let cycles: RecordCycleReader?
  /// `accountable: FIELD at breach in H`: the holders, and the state they split.
  package let holding: CompiledHolding?

  /// The reading `policy` needs; nil when it reads no list of changes so.
  init?(_ policy: CheckedPolicy, _ compiler: inout Compiler) {
    guard policy.recordCycles != nil || policy.recordHolding != nil else { return nil }
    cycles = policy.recordCycles.map { RecordCycleReader($0, &compiler) }
    holding = policy.recordHolding.map { holding in
      // INVARIANT: a record policy's holding names the field of its changes.
      let reader = RecordHolderReader(
        history: compiler.compile(holding.history), path: holding.path!, field: holding.field)
      return CompiledHolding(
        choice: holding.choice, field: holding.field, history: reader.changes,
        state: compiler.compileState(holding.state, label: holding.field),
        calendar: holding.calendar.map { compiler.compileCalendar($0) }, op: holding.op,
        threshold: holding.threshold)
    }
  }
}

/// Reads a record's cycles from its list of changes: `P` and `Q` read each change's fields.
package struct RecordCycleReader {
  let history: Eval
  /// The changes' fields the conditions read, and the conditions over them.
  let layout: RecordLayout
  let start: Eval
  let end: Eval
  package let choice: CycleChoice
  let label: String

  init(_ cycles: CheckedRecordCycles, _ compiler: inout Compiler) {
    history = compiler.compile(cycles.history)
    var changeCompiler = Compiler(sites: compiler.sites)
    start = changeCompiler.compile(cycles.start)
    end = changeCompiler.compile(cycles.end)
    layout = changeCompiler.layout
    choice = cycles.choice
    label = cycles.label
  }

  /// The record's cycles, in order (the last may be open: its end nil); nil, with a data
  /// error in `frame`, when the list cannot be read. The changes are taken in time order,
  /// those at the same instant in listed order; one without `at` or stamped after now is
  /// left out. A change where `Q` holds ends the running cycle; another where `P` holds
  /// begins one when none runs.
  package func cycles(_ frame: Frame) -> [(start: Int64, end: Int64?)]? {
    guard let marks = marks(frame) else { return nil }
    var found: [(start: Int64, end: Int64?)] = []
    var running = false
    for mark in marks.enumerated().sorted(by: {
      ($0.element.at, $0.offset) < ($1.element.at, $1.offset)
    }).map(\.element) {
      if mark.ends {
        if running { found[found.count - 1].end = mark.at }
        running = false
      } else if !running {
        found.append((mark.at, nil))
        running = true
      }
    }
    return found
  }

  /// The changes that begin or end a cycle, in listed order.
  private func marks(_ frame: Frame) -> [(at: Int64, ends: Bool)]? {
    let value = history(frame)
    let items: [Value]
    switch value {
    case .null: return []
    case .list(let list): items = list
    default:
      frame.fail(label, value, "a history is a list of changes, not \(Operations.describe(value))")
      return nil
    }
    let change = Frame(slots: layout.count, now: frame.now)
    var marks: [(at: Int64, ends: Bool)] = []
    for item in items {
      guard case .record(let fields) = item else {
        frame.fail(label, item, "a change of a history is an object with an \"at\" time")
        return nil
      }
      let before = frame.errorCount
      switch Operations.readTime(fields["at"] ?? .null, label, frame) {
      case .time(let at):
        guard at <= frame.now else { continue }  // it has not happened yet
        for (slot, path) in layout.fields.enumerated() {
          change.values[slot] = path.lookup(in: fields)
        }
        if Logic.truth(end(change), change) == true {
          marks.append((at, true))
        } else if Logic.truth(start(change), change) == true {
          marks.append((at, false))
        }
      default:
        // An `at` that cannot be read: the list cannot be (Grammar.md, "Every cycle").
        if frame.errorCount > before { return nil }
        continue  // a change with no time is left out
      }
    }
    return marks
  }
}

/// Reads a record's holders from its list of changes: each change's `at` and holder field,
/// as `HolderSplit.split` takes them (in time order, those at one instant in listed order).
struct RecordHolderReader {
  let history: Eval
  let path: FieldPath
  let field: String

  /// The changes `{at, FIELD}` in time order; a change without `at` is left out; a list
  /// that cannot be read is a data error (and no holder).
  func changes(_ frame: Frame) -> Value {
    let value = history(frame)
    guard case .list(let items) = value else {
      if !value.isMissing {
        frame.fail(
          field, value, "a history is a list of changes, not \(Operations.describe(value))")
      }
      return .null
    }
    var changes: [(at: Int64, holder: Value)] = []
    for item in items {
      guard case .record(let fields) = item else {
        frame.fail(field, item, "a change of a history is an object with an \"at\" time")
        return .null
      }
      let before = frame.errorCount
      switch Operations.readTime(fields["at"] ?? .null, field, frame) {
      case .time(let at): changes.append((at, path.lookup(in: fields)))
      default:
        // An `at` that cannot be read: no holder (Grammar.md, "Who held the clock").
        if frame.errorCount > before { return .null }
        continue
      }
    }
    let ordered = changes.enumerated().sorted {
      ($0.element.at, $0.offset) < ($1.element.at, $1.offset)
    }
    return .list(
      ordered.map { .record(["at": .time($0.element.at), field: $0.element.holder]) })
  }
}

extension Program {
  /// Evaluates `policy`, which reads the record's own list of changes, on the record in
  /// `frame`: once, or once per cycle it judges; each judgement as `judge` makes it, its
  /// violation naming its cycle and its holders. Out of line: the other policies' loop does
  /// not carry it.
  @inline(never)
  func evaluateReadingHistory(
    _ policy: CompiledPolicy, _ frame: Frame, input: String,
    line: Int, recordID: inout String?, violation: (consuming Violation) -> Void,
    dataError: (DataErrorReport) -> Void, tracksScope: Bool,
    scope: (CompiledPolicy, ScopeParty, ScopeOutcome) -> Void, pause: (PauseFinding) -> Void
  ) {
    // INVARIANT: called only for a policy that reads its record's list of changes.
    let history = policy.history!
    let context = HistoryJudging(
      policy: policy, history: history, frame: frame, input: input, line: line)
    var id = recordID
    defer { recordID = id }
    func judge(_ cycle: CycleFacts?, reportsErrors: Bool) -> (fired: Bool, erred: Bool) {
      judgeHistory(
        context, cycle: cycle, reportsErrors: reportsErrors, recordID: &id,
        violation: violation, dataError: dataError, tracksScope: tracksScope, scope: scope,
        pause: pause)
    }
    guard let cycles = history.cycles else {
      _ = judge(nil, reportsErrors: true)
      return
    }
    frame.resetFindings()
    guard let all = cycles.cycles(frame) else {
      // A list that cannot be read: the state is unknown, a data error of the record.
      let record = id ?? self.recordID(frame, input: input, line: line)
      id = record
      dataError(
        DataErrorReport(
          input: input, line: line, record: record, policy: policy.name, error: frame.errors[0]))
      return
    }
    guard !all.isEmpty else {
      _ = judge(nil, reportsErrors: true)  // no cycle: the state is unknown
      return
    }
    let chosen: Range<Int> =
      switch cycles.choice {
      case .every: all.indices
      case .first: 0..<1
      case .last: all.count - 1..<all.count
      }
    var (breached, erred) = (false, false)
    for index in chosen {
      frame.cycle = all[index]
      let facts = CycleFacts(
        number: index + 1, count: all.count, start: all[index].start, end: all[index].end,
        firstBreach: !breached)
      let judged = judge(facts, reportsErrors: !erred)
      breached = breached || judged.fired
      erred = erred || judged.erred
    }
    frame.cycle = nil
  }

  /// One judgement of a record under a policy reading its list of changes (the record, or
  /// one cycle of it): its scope, its being at risk, its violation, its data error (unless an
  /// earlier cycle reported one) and its dishonest pauses. Returns whether it broke the
  /// policy and whether it met a data error.
  private func judgeHistory(
    _ context: HistoryJudging, cycle: CycleFacts?, reportsErrors: Bool, recordID: inout String?,
    violation: (consuming Violation) -> Void, dataError: (DataErrorReport) -> Void,
    tracksScope: Bool, scope: (CompiledPolicy, ScopeParty, ScopeOutcome) -> Void,
    pause: (PauseFinding) -> Void
  ) -> (fired: Bool, erred: Bool) {
    let (policy, frame, input, line) = (context.policy, context.frame, context.input, context.line)
    frame.resetFindings()
    let result = policy.condition(frame)
    let pauses = policy.reportsPauses ? frame.dishonestPauses : []
    // Who held the record: the holder the policy names answers for it, breached or not.
    var split: HolderSplit?
    if let holding = context.history.holding, result != nil {
      split = holderSplit(holding, frame)
    }
    let fired = result == true
    let named: String?? = split.map { split -> String? in split.party }
    if tracksScope, !fired, frame.errorCount == 0, isInScope(policy, result, frame) {
      let party = named.map { ScopeParty.name($0) } ?? scopeParty(policy, frame)
      scope(policy, party, isPending(policy, frame) ? .pending : .met)
    }
    if !fired, frame.errorCount == 0, let warning = policy.warning,
      var atRisk = atRisk(policy, warning, frame, input: input, line: line, recordID: &recordID)
    {
      if let named { atRisk.party = named }
      if let cycle { atRisk.recordFacts = RecordFacts(cycle: cycle, holders: nil) }
      violation(atRisk)
    }
    let erred = frame.errorCount > 0
    guard fired || erred || !pauses.isEmpty else { return (fired, erred) }
    let id: String = recordID ?? self.recordID(frame, input: input, line: line)
    recordID = id
    var found = fired ? makeViolation(policy, frame, record: id, input: input, line: line) : nil
    if var breach = found {
      if let named { breach.party = named }
      if cycle != nil || split != nil {
        breach.recordFacts = RecordFacts(cycle: cycle, holders: split)
      }
      found = breach
    }
    if frame.errorCount > 0, reportsErrors {
      dataError(
        DataErrorReport(
          input: input, line: line, record: id, policy: policy.name, error: frame.errors[0]))
    }
    if let found {
      if tracksScope { scope(policy, .name(found.party), .violated) }
      violation(found)
    }
    guard !pauses.isEmpty, fired || isInScope(policy, result, frame) else { return (fired, erred) }
    reportPauses(
      pauses, policy, frame, breached: fired, record: id, input: input, line: line
    ) { finding in
      var finding = finding
      if let holding = context.history.holding {
        finding.party = HolderSplit.holder(
          at: finding.began, changes: holding.history(frame), field: holding.field)
      }
      finding.recordCycle = cycle
      pause(finding)
    }
    return (fired, erred)
  }
}

/// What every judgement of one record under one policy shares.
private struct HistoryJudging {
  let policy: CompiledPolicy
  let history: RecordHistoryReading
  let frame: Frame
  let input: String
  let line: Int
}
