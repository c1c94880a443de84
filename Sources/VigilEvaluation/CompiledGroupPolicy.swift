import VigilCore
import VigilSemantics
import VigilSyntax

/// A group policy compiled: record-level closures that place each record in its group and
/// feed the group's aggregates, and group-level closures that judge each group at the end.
package final class CompiledGroupPolicy: @unchecked Sendable {
  // Closures over immutable compiled state only.
  /// The policy's index among the group policies (its tally's index).
  package let index: Int
  package let name: String
  package let location: String
  package let severity: Severity
  package let conditionText: String
  package let keys: [Eval]
  package let window: (calendar: CalendarWindow, time: Eval)?
  /// `among`, as a condition (tested on native values, with no `Value` made for its truth).
  package let scope: Test?
  package let aggregates: [CompiledAggregate]
  /// `aggregates`, unretained: the policy keeps them alive, so that adding an event to a
  /// case costs no reference count per aggregate (`CaseTable.add`).
  let aggregateReferences: UnsafeMutableBufferPointer<Unmanaged<CompiledAggregate>>
  package let minimum: Int?
  package let noun: String
  /// Over a group frame: keys, then aggregates, then the previous window's aggregates.
  package let condition: Eval
  package let actions: [CompiledAction]
  package let accountable: Eval?
  /// For a sequence policy (`unless followed by`): its rule over each record, and what
  /// must follow.
  package let sequence: CompiledSequence?
  /// For the cases of an event log: the time of each event (events after now are left out),
  /// and where the policy keeps the cases, in a table shared by the policies over them.
  package let eventTime: Eval?
  package let caseSlot: CaseSlot?
  /// For the cases of an event log whose key is one field as it is: its slot, so that a text
  /// the reader left unread is looked up as bytes.
  package let caseKeySlot: Int?
  /// For a policy over records grouped by one field as it is, in no calendar window: its
  /// slot, so that each record's group is found by the bytes of its text
  /// (`TextGroupIndex`).
  package let textKeySlot: Int?
  /// `warn at`: the condition with its threshold moved earlier, and the real threshold.
  package let warning: (condition: Eval, limit: Int64)?
  /// Whether a group that did not break the policy may yet (`CheckedPolicy.pending`).
  package let pending: Eval?
  /// For a policy with an `each cycle` state: its aggregates, and which cycles are judged.
  package let cycles: CheckedCycles?
  /// For a policy whose party is a holder of the case (`accountable: Resource at breach`).
  package let holding: CompiledHolding?
  /// Whether its condition measures a state with honest pauses (`CompiledPolicy`'s).
  package let reportsPauses: Bool
  /// When `accountable:` is a field: its path (`CompiledPolicy`'s).
  package let accountableField: FieldPath?

  package init(
    index: Int, policy: CheckedPolicy, group: CheckedGroup, isolated: Bool,
    compiler: inout Compiler, rule: CompiledPolicy? = nil, caseSlot: CaseSlot? = nil
  ) {
    func own(_ text: String) -> String { isolated ? text.unshared : text }
    self.index = index
    self.name = own(policy.name)
    self.location = own(policy.location)
    self.severity = policy.severity
    self.conditionText = own(policy.conditionText)
    self.keys = group.keys.map { compiler.compile($0) }
    self.window = group.window.map { window in
      (CalendarWindow(period: window.period, zone: window.zone), compiler.compile(window.time))
    }
    self.scope = group.scope.map { compiler.compileTest($0) }
    self.aggregates = group.aggregates.map { aggregate in
      CompiledAggregate(
        kind: aggregate.kind, measure: aggregate.measure, label: own(aggregate.label),
        argument: aggregate.kind.readsCondition
          ? nil : aggregate.argument.map { compiler.compile($0) },
        condition: aggregate.kind.readsCondition
          ? aggregate.argument.map { compiler.compileTest($0) } : nil,
        filter: aggregate.filter.map { compiler.compileTest($0) },
        order: aggregate.order.map { compiler.compile($0) }, field: own(aggregate.field),
        until: aggregate.until.map { compiler.compileTest($0) },
        unless: aggregate.unless.map { compiler.compileTest($0) })
    }
    self.aggregateReferences = .allocate(capacity: Swift.max(aggregates.count, 1))
    _ = aggregateReferences.initialize(from: aggregates.map(Unmanaged.passUnretained))
    self.cycles = group.cycles
    self.minimum = group.minimum
    self.noun = own(group.noun)
    self.eventTime = group.caseFile == nil ? nil : group.order.map { compiler.compile($0) }
    self.caseSlot = caseSlot
    if caseSlot != nil, group.keys.count == 1, case .field(let path, .raw) = group.keys[0] {
      self.caseKeySlot = compiler.layout.slot(for: path)
    } else {
      self.caseKeySlot = nil
    }
    if caseSlot == nil, group.window == nil, group.followUp == nil, group.keys.count == 1,
      case .field(let path, .raw) = group.keys[0]
    {
      self.textKeySlot = compiler.layout.slot(for: path)
    } else {
      self.textKeySlot = nil
    }
    if let followUp = group.followUp, let rule, let order = group.order {
      self.sequence = CompiledSequence(
        rule: rule, order: compiler.compile(order), follower: compiler.compile(followUp.predicate),
        within: followUp.within, label: own(followUp.label), withinText: own(followUp.withinText))
      // The rule is about single records: `sequence.rule` holds it.
      self.condition = { _ in .null }
      self.actions = []
      self.accountable = nil
      self.warning = nil
      self.pending = nil
      self.holding = nil
      self.reportsPauses = false
      self.accountableField = nil
      return
    }
    self.sequence = nil
    var groupCompiler = Compiler(sites: compiler.sites)
    groupCompiler.groupShape = (group.keys.count, group.aggregates.count)
    self.condition = groupCompiler.compile(policy.condition)
    self.reportsPauses = groupCompiler.compiledHonestPause
    self.accountableField = policy.accountable.flatMap(Program.fieldPath)
    self.actions = policy.actions.map { CompiledAction($0, &groupCompiler, isolated: isolated) }
    self.accountable = policy.accountable.map { groupCompiler.compile($0) }
    self.warning = policy.warning.map { (groupCompiler.compile($0.condition), $0.limit) }
    self.pending = policy.pending.map { groupCompiler.compile($0) }
    self.holding = group.holding.map { holding in
      CompiledHolding(
        choice: holding.choice, field: own(holding.field),
        history: groupCompiler.compile(holding.history),
        state: groupCompiler.compileState(holding.state, label: own(holding.field)),
        calendar: holding.calendar.map { groupCompiler.compileCalendar($0) }, op: holding.op,
        threshold: holding.threshold)
    }
  }

  deinit { aggregateReferences.deallocate() }

  /// Whether the record in `frame` is in the policy's scope (`among`), the frame's findings
  /// forgotten first: asked before its groups are reached (`Program.tally`), so that a record
  /// outside the scope costs no access to them.
  @inline(__always)
  package func admits(_ frame: Frame) -> Bool {
    frame.resetFindings()
    // Called where it lies: a closure bound to a name is a reference count per record.
    return scope == nil || scope!(frame) == true
  }

  /// Adds the record in `frame`, which `admits` let in, to its group in `groups`, unless its
  /// group cannot be told (then the frame's errors say why).
  package func add(_ frame: Frame, to groups: inout [GroupKey: GroupState]) {
    var windowStart: Int64 = 0
    if let window {
      // What is stamped after now has not happened yet: it is in no window.
      guard case .time(let instant) = window.time(frame), instant <= frame.now else { return }
      windowStart = window.calendar.start(of: instant)
    }
    let key = GroupKey(values: keys.map { $0(frame) }, window: windowStart)
    // A record whose group cannot be told is left out (and reported as a data error).
    guard frame.errorCount == 0 else { return }
    groups[key, default: GroupState(aggregates: aggregates.count)].add(frame, aggregates)
  }

  /// Adds the record in `frame`, which `admits` let in, to its group, for a policy with a
  /// `textKeySlot`: a key of text in `texts`, by its bytes; any other in `groups`.
  package func add(
    _ frame: Frame, to texts: inout TextGroupIndex, or groups: inout [GroupKey: GroupState]
  ) {
    // INVARIANT: called only for a policy with a text key slot.
    let slot = textKeySlot!
    let number: Int
    if let bytes = frame.deferredText(slot), TextBytes.isASCII(bytes) {
      number = texts.number(of: bytes, aggregates: aggregates.count)
    } else {
      let value = keys[0](frame)
      // A record whose group cannot be told is left out (and reported as a data error).
      guard frame.errorCount == 0 else { return }
      guard case .text(var text) = value else {
        groups[
          GroupKey(values: [value], window: 0), default: GroupState(aggregates: aggregates.count)
        ]
        .add(frame, aggregates)
        return
      }
      number = text.withUTF8 { texts.number(of: $0, aggregates: aggregates.count) }
    }
    texts.add(frame, to: number, aggregates)
  }

  /// Adds the event in `frame` to its case in `table` (the policy's `caseSlot` table). The
  /// policies over the same cases find the event's case once: `shared` carries it from one to
  /// the next (nil inside when the event happened after now).
  package func add(_ frame: Frame, to table: inout CaseTable, shared: inout SharedCase?) {
    // INVARIANT: called only for a policy with a case slot.
    let slot = caseSlot!
    frame.resetFindings()
    if let known = shared, known.table == slot.table {
      guard let number = known.number else { return }
      // The policy that found the case made its page unique for this event.
      table.add(frame, policy: slot.policy, case: number, aggregateReferences, unique: true)
      return
    }
    // An event stamped after now has not happened yet.
    // Called where it lies: a closure bound to a name is a reference count per event.
    if eventTime != nil, case .time(let instant) = eventTime!(frame), instant > frame.now {
      if frame.errorCount == 0 { shared = SharedCase(table: slot.table, number: nil) }
      return
    }
    // The common key, one value, without an array.
    let number: Int
    if let slot = caseKeySlot, let bytes = frame.deferredText(slot) {
      number = table.number(ofText: bytes)
    } else if keys.count == 1 {
      let value = keys[0](frame)
      // An event whose case cannot be told is left out (and reported as a data error).
      guard frame.errorCount == 0 else { return }
      number = table.number(of: value)
    } else {
      let values = keys.map { $0(frame) }
      guard frame.errorCount == 0 else { return }
      number = table.number(of: values)
    }
    shared = SharedCase(table: slot.table, number: number)
    table.add(frame, policy: slot.policy, case: number, aggregateReferences)
  }
}

/// A sequence policy compiled: each record its rule fires for must be followed, in its group,
/// by a record where `follower` is true, at most `within` later (by the `order` time).
package struct CompiledSequence {
  package let rule: CompiledPolicy
  package let order: Eval
  package let follower: Eval
  package let within: Int64
  package let label: String
  package let withinText: String

  /// The violation of `record`, which nothing followed within the time allowed, as of
  /// `now`: `next` is the first follower after it (by now), nil when none came (it is open).
  package func violation(_ record: PendingRecord, next: Int64?, now: Int64) -> Violation {
    var violation = record.violation
    violation.open = next == nil
    violation.escalate(overrun: (next ?? now) - record.time - within)
    violation.measurement = Measurement(
      label: "followed by \(label)", value: .duration((next ?? now) - record.time),
      threshold: "> \(withinText)")
    return violation
  }
}

/// A record a sequence policy fired for, waiting to learn whether it was followed.
package struct PendingRecord: Sendable {
  /// Its time.
  package var time: Int64
  /// Its violation, should nothing follow it in time.
  package var violation: Violation

  package init(time: Int64, violation: Violation) {
    self.time = time
    self.violation = violation
  }
}

/// An aggregate compiled: what it reads from each record. A class: the states of every
/// group read it, and a reference is one count to keep, not one per closure.
package final class CompiledAggregate {
  package let kind: AggregateKind
  package let measure: Measure
  package let label: String
  /// The value it reads of each record (nil for the kinds that read a `condition`).
  package let argument: Eval?
  /// For `count`, `share` and a cycle's start: their argument, a condition tested on native
  /// values as a rule's condition is (`AggregateKind.readsCondition`).
  package let condition: Test?
  package let filter: Test?
  /// For `first`, `last` and `history`: the time ordering the records; the history's field
  /// name.
  package let order: Eval?
  package let field: String
  /// For `cycleStart`: what ends a cycle (its `condition` is what begins one).
  package let until: Test?
  /// For `history(F) unless Q`: `Q`, read in each record (`CheckedAggregate.unless`).
  package let unless: Test?

  package init(
    kind: AggregateKind, measure: Measure, label: String, argument: Eval?,
    condition: Test? = nil, filter: Test?, order: Eval?, field: String, until: Test? = nil,
    unless: Test? = nil
  ) {
    self.until = until
    self.unless = unless
    self.kind = kind
    self.measure = measure
    self.label = label
    self.argument = argument
    self.condition = condition
    self.filter = filter
    self.order = order
    self.field = field
  }
}

extension AggregateKind {
  /// Whether the kind reads its argument as a condition (`count`, `share`, a cycle's start),
  /// not as a value.
  package var readsCondition: Bool {
    switch self {
    case .count, .share, .cycleStart: true
    default: false
    }
  }
}

/// A group: its keys' values and the window it falls in (0 without windows). Its hash is
/// computed once, so each policy's look-up of a shared case key costs one small hash.
package struct GroupKey: Hashable, Sendable {
  package let values: [Value]
  package let window: Int64
  private let hash: Int

  package init(values: [Value], window: Int64) {
    self.values = values
    self.window = window
    var hash = GroupKey.mixWord(0xcbf2_9ce4_8422_2325, UInt64(bitPattern: window))
    for value in values { hash = GroupKey.mix(hash, value) }
    self.hash = Int(truncatingIfNeeded: hash)
  }

  /// Keys are equal as `==` finds values equal: texts byte for byte (`"José"` composed and
  /// decomposed are two groups, as they are two values to `==` and to SQL's `GROUP BY`).
  package static func == (a: GroupKey, b: GroupKey) -> Bool {
    guard a.hash == b.hash, a.window == b.window, a.values.count == b.values.count else {
      return false
    }
    for (x, y) in zip(a.values, b.values) where !same(x, y) { return false }
    return true
  }

  package func hash(into hasher: inout Hasher) {
    hasher.combine(hash)
  }

  /// The key's own hash, mixed with the dictionary's seed: a dictionary look-up hashes
  /// nothing more (its `Hasher` would cost more than the key's bytes did).
  package func _rawHashValue(seed: Int) -> Int {
    Int(
      truncatingIfNeeded: GroupKey.mixWord(
        UInt64(bitPattern: Int64(hash)), UInt64(bitPattern: Int64(seed))))
  }

  /// Whether two values are one group's: texts byte for byte, anything else as `==`.
  private static func same(_ x: Value, _ y: Value) -> Bool {
    if case .text(let a) = x, case .text(let b) = y { return TextBytes.equal(a, b) }
    return x == y
  }

  /// FNV-1a of `word`'s eight bytes after `hash`.
  @inline(__always)
  private static func mixWord(_ hash: UInt64, _ word: UInt64) -> UInt64 {
    var hash = hash
    for shift in stride(from: 0, to: 64, by: 8) {
      hash = (hash ^ (word >> UInt64(shift) & 0xFF)) &* 0x100_0000_01b3
    }
    return hash
  }

  /// `hash` and `value`: a text by its bytes (a key's value is short), a number, time or
  /// duration by its value; a list or a record (never a key in practice) by `Hasher`.
  private static func mix(_ hash: UInt64, _ value: Value) -> UInt64 {
    switch value {
    case .null: return mixWord(hash, 0)
    case .bool(let truth): return mixWord(hash, truth ? 2 : 1)
    case .number(let number): return mixWord(mixWord(hash, 3), number == 0 ? 0 : number.bitPattern)
    case .time(let instant): return mixWord(mixWord(hash, 4), UInt64(bitPattern: instant))
    case .duration(let length): return mixWord(mixWord(hash, 5), UInt64(bitPattern: length))
    case .text(var text):
      var hash = mixWord(hash, 6)
      text.withUTF8 { bytes in
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      }
      return mixWord(hash, UInt64(text.utf8.count))
    default: return mixWord(mixWord(hash, 7), UInt64(bitPattern: Int64(value.hashValue)))
    }
  }
}

/// What the policies over the cases of one events file share while a record is tallied: the
/// number of its case in their table, or nil when it happened after now.
package struct SharedCase {
  package var table: Int
  package var number: Int?
}

/// What a group's records added up to so far.
package struct GroupState: Sendable {
  /// Records in the group.
  package var records = 0
  package var aggregates: [AggregateState]
  /// For a sequence policy: the times of the records that follow others, and the records
  /// waiting to be followed.
  package var followers: [Int64] = []
  package var pending: [PendingRecord] = []

  package init(aggregates count: Int) {
    aggregates = Array(repeating: AggregateState(), count: count)
  }

  package init(records: Int, aggregates: [AggregateState]) {
    self.records = records
    self.aggregates = aggregates
  }

  package mutating func add(_ frame: Frame, _ compiled: [CompiledAggregate]) {
    records += 1
    for index in compiled.indices {
      aggregates[index].add(frame, compiled[index])
    }
  }

  /// Adds another part of the same group (from a later chunk of the input).
  package mutating func merge(_ other: GroupState) {
    records += other.records
    followers += other.followers
    pending += other.pending
    for index in aggregates.indices {
      aggregates[index].merge(other.aggregates[index])
    }
  }
}
