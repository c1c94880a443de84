import VigilCore
import VigilEvaluation
import VigilRecords
import VigilSemantics

/// A record policy's verdict on one record at one instant, as `vigil audit --now` gives it.
struct Verdict: Equatable {
  /// The violation, or the record at risk (`atRisk` set), if any.
  var violation: Violation?
  /// The first value the policy could not read, if any.
  var dataError: DataErrorReport?
  /// The dishonest pauses the audit lists under the policy, in the order they began.
  var pauses: [PauseFinding] = []
  /// For a policy judged per cycle of the record's own list of changes: the violations (and
  /// cycles at risk) of its cycles judged, in order (`violation` is then unused).
  var cycles: [Violation] = []
  /// Each of `cycles`' rank: how many of the cycles that began at its start began before it
  /// (`rankCycles`; 0, the only one almost always, when not ranked).
  var cycleRanks: [Int] = []

  /// What the watch emits a finding for when it changes: none, at risk, or a violation
  /// open, closed or undetermined; and whether a data error stands.
  var status: Status {
    var status = Status.none
    if let violation {
      if violation.atRisk != nil {
        status = .atRisk
      } else {
        status = violation.open.map { $0 ? .open : .closed } ?? .undetermined
      }
    }
    return status
  }

  /// The escalation level a violation reached (its chains' highest), 0 for none.
  var level: Int {
    guard let violation, violation.atRisk == nil else { return 0 }
    return violation.actions.compactMap { $0.escalation?.level }.max() ?? 0
  }

  enum Status: UInt8, Codable {
    case none = 0
    case atRisk = 1
    case open = 2
    case closed = 3
    case undetermined = 4
  }
}

/// The audit's compiled program, with what the watch needs beside it: the parts that move
/// with the clock (`TimeProbes`), to judge one record at any instant and to find when its
/// verdicts can next change.
package final class LiveProgram: @unchecked Sendable {
  // Immutable after init; closures over immutable compiled state only.
  /// The audit's program: its record policies judge each record exactly as an audit does.
  package let program: Program
  /// The fields read, by slot: the program's (the probes read no others).
  package let layout: RecordLayout
  /// The record policies' names, in order.
  package let policyNames: [String]
  /// The group policies (names, locations, and why) the watch does not judge: one naming a
  /// holder outside an event log's cases, which the checker rejects
  /// (`AggregatePolicy.unwatchable`); none otherwise.
  package let groupPolicies: [(name: String, location: String, reason: String)]
  /// The record policies judged per cycle of the record's own list of changes, by index
  /// (timed by `LiveProgram+Cycles`, not by the probes).
  let cyclePolicies: [Int]
  /// The group policies that aggregate their records, which the watch judges group by group
  /// as their lines arrive (`WatchEngine+Groups`).
  let aggregatePolicies: [AggregatePolicy]
  /// The group policies whose records' parts move with the clock, which the watch judges by
  /// adding their groups up again from their records at each instant it judges them
  /// (`WatchEngine+MovingGroups`).
  let movingPolicies: [MovingPolicy]
  /// The slots the moving policies read, and the id's, in order: a record they keep holds
  /// the values of those only (`movingValues`); nil when it holds every slot's.
  let movingSlots: [Int]?
  /// The slots the record policies read, and the id's, in order: a record kept while a
  /// timer is pending holds the values of those only (`recordValues`); nil when it holds
  /// every slot's.
  let recordSlots: [Int]?
  /// The policies over an event log's cases (`events per …`), which the watch judges case
  /// by case as events arrive.
  let casePolicies: [CasePolicy]
  /// The sequence policies (`unless followed by`), which the watch judges record by record
  /// as their groups' lines arrive (`WatchEngine+Sequences`).
  let sequencePolicies: [CompiledGroupPolicy]
  /// How many events files (case tables) the case policies read.
  let caseTables: Int
  /// The policies (names and locations) whose verdict can change with time in a way the
  /// watch cannot time, and why.
  package let untimed: [(policy: String, location: String, reason: String)]
  let probes: TimeProbes
  let directory: Directory?
  private let policyIndex: [String: Int]

  /// Compiles `checked` for records named by `idField`.
  package init(_ checked: CheckedProgram, idField: FieldPath, directory: Directory? = nil) {
    let program = Program(checked, idField: idField)
    var compiler = Compiler(sites: checked.sites)
    compiler.layout = program.layout
    probes = TimeProbes(checked.policies, compiler: &compiler)
    self.program = program
    self.directory = directory
    policyNames = program.policies.map(\.name)
    cyclePolicies = program.policies.indices.filter { program.policies[$0].history?.cycles != nil }
    let grouped = checked.policies.filter { $0.group != nil }
    var casePolicies: [CasePolicy] = []
    var unwatched: [(name: String, location: String, reason: String)] = []
    var sequencePolicies: [CompiledGroupPolicy] = []
    var aggregatePolicies: [AggregatePolicy] = []
    var movingPolicies: [MovingPolicy] = []
    for (checkedPolicy, compiled) in zip(grouped, program.groupPolicies) {
      if compiled.sequence != nil {
        sequencePolicies.append(compiled)
        continue
      }
      guard let slot = compiled.caseSlot else {
        // INVARIANT: a policy with a compiled group policy has a group.
        if let reason = AggregatePolicy.unwatchable(checkedPolicy.group!) {
          unwatched.append((checkedPolicy.name, checkedPolicy.location, reason))
        } else if AggregatePolicy.moves(checkedPolicy.group!) {
          movingPolicies.append(
            MovingPolicy(checkedPolicy, compiled, sites: checked.sites, compiler: &compiler))
        } else {
          aggregatePolicies.append(
            AggregatePolicy(checkedPolicy, compiled, sites: checked.sites))
        }
        continue
      }
      casePolicies.append(
        CasePolicy(checkedPolicy, compiled, table: slot.table, sites: checked.sites))
    }
    self.casePolicies = casePolicies
    self.sequencePolicies = sequencePolicies
    self.aggregatePolicies = aggregatePolicies
    self.movingPolicies = movingPolicies
    // The moving policies' parts are read over a record's frame: compiled into its layout.
    layout = compiler.layout
    movingSlots = Self.slotsRead(
      by: Set(movingPolicies.map(\.compiled.name)), of: checked, layout: layout,
      id: program.idSlot)
    recordSlots = Self.slotsRead(
      by: Set(policyNames), of: checked, layout: layout, id: program.idSlot)
    caseTables = (casePolicies.map(\.table).max() ?? -1) + 1
    groupPolicies = unwatched
    untimed =
      probes.untimed + casePolicies.flatMap(\.probes.untimed)
      + aggregatePolicies.flatMap(\.probes.untimed)
    policyIndex = Dictionary(
      program.policies.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The slots of `layout` a policy named in `names` reads (each compiled on its own,
  /// `CheckedProgram.fieldsRead`), and slot `id`, in order; nil when there is no such policy,
  /// a field read has no slot, or they are every slot.
  private static func slotsRead(
    by names: Set<String>, of checked: CheckedProgram, layout: RecordLayout, id: Int
  ) -> [Int]? {
    guard !names.isEmpty else { return nil }
    var read = Array(repeating: false, count: layout.count)
    read[id] = true
    for (field, policies) in checked.fieldsRead where policies.contains(where: names.contains) {
      guard let slot = layout.existingSlot(for: field) else { return nil }
      read[slot] = true
    }
    let slots = read.indices.filter { read[$0] }
    return slots.count == layout.count ? nil : slots
  }

  /// `values` (by slot) as a record of the moving policies keeps them: the values of
  /// `movingSlots` only, in order.
  func movingValues(_ values: [Value]) -> [Value] {
    guard let slots = movingSlots else { return values }
    return slots.map { $0 < values.count ? values[$0] : .null }
  }

  /// Puts `values`, as a record of the moving policies keeps them (`movingValues`; or by slot,
  /// as a state written before it was read), in `frame`; the other slots, which the moving
  /// policies do not read, are left as they are.
  func fillMoving(_ frame: Frame, _ values: [Value]) {
    guard let slots = movingSlots, values.count != layout.count else {
      for slot in 0..<layout.count {
        frame.values[slot] = slot < values.count ? values[slot] : .null
      }
      return
    }
    for (index, slot) in slots.enumerated() { frame.values[slot] = values[index] }
  }

  /// `values` (by slot) as a record kept for the record policies holds them: the values of
  /// `recordSlots` only, in order.
  func recordValues(_ values: [Value]) -> [Value] {
    guard let slots = recordSlots else { return values }
    return slots.map { $0 < values.count ? values[$0] : .null }
  }

  /// The values by slot of a record kept for the record policies (`recordValues`; or by
  /// slot, as a state written before it was read): the slots they do not read missing.
  func recordSlotValues(_ kept: [Value]) -> [Value] {
    guard let slots = recordSlots, kept.count != layout.count else { return kept }
    var values = [Value](repeating: .null, count: layout.count)
    for (index, slot) in slots.enumerated() { values[slot] = kept[index] }
    return values
  }

  /// A frame holding `values` (by slot), judged as of `now`.
  func frame(_ values: [Value], now: Int64) -> Frame {
    let frame = Frame(slots: layout.count, now: now, directory: directory)
    for slot in values.indices { frame.values[slot] = values[slot] }
    return frame
  }

  /// Every record policy's verdict on the record holding `values`, on `line` of `input`, as
  /// of `now`: what `vigil audit --now` reports of it.
  func judge(_ values: [Value], input: String, line: Int, now: Int64) -> [Verdict] {
    var verdicts = [Verdict](repeating: Verdict(), count: policyNames.count)
    let frame = frame(values, now: now)
    program.evaluate(
      frame, input: input, line: line,
      violation: { violation in
        // INVARIANT: the program names only its own policies.
        let index = self.policyIndex[violation.policy]!
        if violation.recordFacts?.cycle != nil {
          verdicts[index].cycles.append(violation)
        } else {
          verdicts[index].violation = violation
        }
      },
      dataError: { report in
        let index = self.policyIndex[report.policy]!  // INVARIANT: as above
        if verdicts[index].dataError == nil { verdicts[index].dataError = report }
      },
      pause: { found in
        let index = self.policyIndex[found.policy]!  // INVARIANT: as above
        verdicts[index].pauses.append(found)
      })
    for index in cyclePolicies where !verdicts[index].cycles.isEmpty {
      // INVARIANT: a cycle policy reads its record's cycles.
      let reader = program.policies[index].history!.cycles!
      frame.resetFindings()
      verdicts[index].rankCycles((reader.cycles(frame) ?? []).map(\.start))
    }
    return verdicts
  }

  /// The record's id (its id field's value as reports show it), nil when it has none.
  package func recordID(_ values: [Value]) -> String? {
    switch values[program.idSlot] {
    case .null, .list, .record: return nil
    case let value: return Operations.format(value)
    }
  }

  /// How far ahead `nextChange` looks: a year and a day. Counting working time far into
  /// the future is slow (zone rules there come from the system), and a record whose verdict
  /// could still change is looked at again then.
  static let horizon: Int64 = 366 * 86_400_000

  /// The first instant after `now` at which the probes read something else for the record
  /// holding `values` (its verdicts can change only there), or the horizon when nothing does
  /// before it but something still may; nil when nothing ever can (its states closed).
  func nextChange(_ values: [Value], after now: Int64) -> Int64? {
    let next = nextProbeChange(values, after: now)
    guard !cyclePolicies.isEmpty else { return next }
    let cycle = nextCycleChange(values, after: now, before: next)
    return [next, cycle].compactMap { $0 }.min()
  }

  /// `nextChange` as the probes tell it (the policies not judged per cycle).
  private func nextProbeChange(_ values: [Value], after now: Int64) -> Int64? {
    guard !probes.probes.isEmpty, now < TimeProbes.endOfTime else { return nil }
    var base: [Int64] = []
    var probe: [Int64] = []
    let start = frame(values, now: now)
    probes.signature(start, into: &base)
    // One frame for every instant the search looks at (a frame made per instant was most of
    // a line's cost).
    let probing = frame(values, now: now)
    func differs(_ instant: Int64) -> Bool {
      probe.removeAll(keepingCapacity: true)
      probing.move(to: instant)
      probes.signature(probing, into: &probe)
      return probe != base
    }
    let limit =
      now > TimeProbes.endOfTime - Self.horizon ? TimeProbes.endOfTime : now + Self.horizon
    // A dishonest pause that starts counting time before the limit is judged then.
    let pause = probes.nextPause(frame(values, now: limit), after: now)
    let change = Self.firstChange(
      after: now, limit: pause ?? limit, guess: probes.guess(start), differs)
    return change ?? pause ?? (probes.isSettled(start) ? nil : limit)
  }

  /// The latest instant at which one of the states of the record in `frame` (timeless)
  /// starts or ends.
  func eventTime(_ frame: Frame) -> Int64? {
    probes.eventTime(frame)
  }

  /// A frame as of the end of time, for what a line is whatever the clock (its event times,
  /// its case, its groups): one per engine, filled with each line (`fill`).
  func timelessFrame() -> Frame {
    Frame(slots: layout.count, now: TimeProbes.endOfTime, directory: directory)
  }

  /// Puts `values` (by slot) in `frame`, one of this program's, its findings forgotten.
  func fill(_ frame: Frame, with values: [Value]) {
    for slot in 0..<layout.count { frame.values[slot] = slot < values.count ? values[slot] : .null }
    frame.resetFindings()
  }
}
