import VigilCore
import VigilEvaluation

extension Explainer {
  /// The cycles of the record's case under `policy` (a policy judged per cycle), each with
  /// its verdict from `found` (the case's violations); sets `group`'s state to the cycle whose
  /// condition is shown: the first that broke the policy, else the last judged.
  func explainCycles(
    of frame: Frame, _ policy: CompiledGroupPolicy, _ tally: AuditTally, _ group: Frame,
    _ found: [Violation]
  ) -> [CycleExplanation] {
    // INVARIANT: called only for a policy judged per cycle.
    let choice = policy.cycles!.choice
    let all = program.groupCycles(of: frame, policy, in: tally)
    guard !all.isEmpty else { return [] }
    let rows = Self.cycleRows(all, choice, found)
    if let shown = rows.firstIndex(where: \.shown) {
      program.setCycle(all[shown], in: group, policy)
    }
    return rows
  }

  /// The cycles of the record in `frame` under `policy`, a record policy judged per cycle of
  /// its own list of changes, each with its verdict from `found` (the record's violations of
  /// it); sets the frame's cycle to the one whose condition is shown (the first that broke
  /// the policy, else the last judged; none when the record has no cycle).
  func explainRecordCycles(of frame: Frame, _ policy: CompiledPolicy, _ found: [Violation])
    -> [CycleExplanation]
  {
    frame.cycle = nil
    guard let cycles = policy.history?.cycles else { return [] }
    frame.resetFindings()
    let all = cycles.cycles(frame) ?? []
    frame.resetFindings()
    guard !all.isEmpty else { return [] }
    let rows = Self.cycleRows(all, cycles.choice, found)
    if let shown = rows.firstIndex(where: \.shown) { frame.cycle = all[shown] }
    return rows
  }

  /// Each of `all` (a case's or a record's cycles) with its verdict under a policy judging
  /// `choice` of them, whose findings for it are `found`; the one shown is the first that
  /// broke the policy, else the last judged.
  private static func cycleRows(
    _ all: [(start: Int64, end: Int64?)], _ choice: CycleChoice, _ found: [Violation]
  ) -> [CycleExplanation] {
    let judged: Range<Int> =
      switch choice {
      case .every: all.indices
      case .first: 0..<1
      case .last: all.count - 1..<all.count
      }
    let breached = found.first { $0.atRisk == nil }?.cycle.map { $0.number - 1 }
    // INVARIANT: a group with cycles judges at least one.
    let shown = breached ?? judged.last!
    return all.enumerated().map { index, cycle in
      let violation = found.first { $0.cycle?.number == index + 1 }
      let verdict =
        violation.map { $0.atRisk == nil ? "fired" : "at risk" }
        ?? (judged.contains(index) ? "did not fire" : "not judged")
      let start = TimeParsing.formatISO8601(cycle.start)
      let span =
        cycle.end.map { "from \(start) until \(TimeParsing.formatISO8601($0))" }
        ?? "from \(start), open"
      return CycleExplanation(
        name: "cycle \(index + 1) of \(all.count)", span: span, judged: judged.contains(index),
        verdict: verdict, measured: violation.flatMap(Self.measured), shown: index == shown)
    }
  }

  /// `resolution 5h > 4h`, or at risk `resolution 3h30m, breaks > 4h in 30m`.
  private static func measured(_ violation: Violation) -> String? {
    guard let measured = violation.measured else { return nil }
    let threshold = violation.threshold ?? ""
    guard let left = violation.atRisk else { return measured + " " + threshold }
    return "\(measured), breaks \(threshold) in \(DurationFormat.format(left))"
  }
}
