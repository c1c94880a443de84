import Foundation
import Testing
import VigilCore
import VigilEvaluation
import VigilLive
import VigilRecords

@testable import Vigil

/// Replays JSON Lines through the watch on the event clock, and audits any prefix of them
/// in-process as `vigil audit --now T` does, to compare the two.
struct LiveReplay {
  let checked: CheckedProgram
  let live: LiveProgram
  let idField: String
  let input: String
  /// The lines' format: JSON Lines, or CSV (its header the first line).
  let format: InputFormat

  init(policy: String, idField: String = "id") throws {
    try self.init(PolicySet(source: policy, file: "live.vigil"), idField: idField)
  }

  init(_ policies: PolicySet, idField: String = "id", format: InputFormat = .jsonl) {
    checked = policies.checked
    live = LiveProgram(checked, idField: FieldPath(idField))
    self.idField = idField
    self.format = format
    input = format == .csv ? "live.csv" : "live.jsonl"
  }

  /// What the watch emitted for `lines`, the clock after each line, and how many came late;
  /// `releaseAfter` as the engine's, `afterLine` shown the engine after each line and
  /// `prepare` before the first.
  func watch(
    _ lines: [String], lateness: Int64 = 0, releaseAfter: Int64? = nil,
    afterLine: (Int, WatchEngine) -> Void = { _, _ in }, prepare: (WatchEngine) -> Void = { _ in }
  ) -> (findings: [LiveFinding], clocks: [Int64?], late: Int) {
    let engine = WatchEngine(live, input: input, replacesByID: true)
    engine.releaseAfter = releaseAfter
    prepare(engine)
    let decoder = RecordDecoder(layout: live.layout, format: format)
    var findings: [LiveFinding] = []
    var clocks: [Int64?] = []
    for (index, line) in lines.enumerated() {
      if case .record(let values) = decoder.decode(Array(line.utf8)) {
        findings += engine.applyEvent(values, line: index + 1, lateness: lateness)
      }
      clocks.append(engine.clock)
      afterLine(index, engine)
    }
    Self.expectNoFaults(engine)
    return (findings, clocks, engine.lateLines)
  }

  /// Fails the test running when `engine` found a programming error in itself and went on
  /// past it (`WatchEngine.searchFaults`: a search for the next change that the judgement
  /// there contradicts, which would otherwise step a millisecond at a time, for ever).
  static func expectNoFaults(
    _ engine: WatchEngine, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    #expect(
      engine.searchFaultCount == 0,
      "\(engine.searchFaultCount) search faults: \(engine.searchFaults.joined())",
      sourceLocation: sourceLocation)
  }

  /// `vigil audit --now now` of `lines`, each record as of its latest line (the earlier lines
  /// of an id left blank, so that lines keep their numbers): the violations and records at
  /// risk by record and policy.
  func audit(_ lines: [String], now: Int64) -> [Key: Violation] {
    var found: [Key: Violation] = [:]
    // The watch judges record policies and those over an event log's cases.
    let unwatched = Set(live.groupPolicies.map(\.name))
    run(lines, now: now) { findings in
      for case .violation(let violation) in findings where !unwatched.contains(violation.policy) {
        found[Key(violation)] = violation
      }
    }
    return found
  }

  /// The violations and records at risk `vigil audit --now now` of `lines` (as `audit` reads
  /// them) lists, in its order: every one, where `audit` keeps one per key (two cycles of a
  /// group that began at one instant are two).
  func auditViolations(_ lines: [String], now: Int64) -> [Violation] {
    var found: [Violation] = []
    let unwatched = Set(live.groupPolicies.map(\.name))
    run(lines, now: now) { findings in
      for case .violation(let violation) in findings where !unwatched.contains(violation.policy) {
        found.append(violation)
      }
    }
    return found
  }

  /// The data errors `vigil audit --now now` of `lines` (as `audit` reads them) reports, each
  /// as its line and policy.
  func auditErrors(_ lines: [String], now: Int64) -> Set<String> {
    var found = Set<String>()
    run(lines, now: now) { findings in
      for case .event(.dataError(let report)) in findings {
        found.insert("\(report.line) \(report.policy)")
      }
    }
    return found
  }

  /// The dishonest pauses `vigil audit --now now` of `lines` lists (as `audit` reads them),
  /// by record, policy, state and the instant they began.
  func auditPauses(_ lines: [String], now: Int64) -> [PauseKey: PauseFinding] {
    var found: [PauseKey: PauseFinding] = [:]
    run(lines, now: now) { findings in
      for case .pause(let pause) in findings { found[PauseKey(pause)] = pause }
    }
    return found
  }

  /// Audits `lines` as of `now`, each record as of its latest line, handing on its findings.
  private func run(_ lines: [String], now: Int64, take: ([Finding]) -> Void) {
    var latest: [String: Int] = [:]
    var superseded = Set<Int>()
    let decoder = RecordDecoder(layout: live.layout, format: format)
    for (index, line) in lines.enumerated() {
      if case .record(let values) = decoder.decode(Array(line.utf8)), let id = live.recordID(values)
      {
        if let earlier = latest[id] { superseded.insert(earlier) }
        latest[id] = index
      }
    }
    let text = lines.indices.map { superseded.contains($0) ? "" : lines[$0] }.joined(
      separator: "\n")
    let driver = AuditDriver(checked, options: AuditOptions(now: now, idField: FieldPath(idField)))
    var groups = driver.newTally()
    _ = driver.run(input: ByteInput(string: text), format: format, name: input, groups: &groups) {
      findings in
      take(findings)
      return nil
    }
    _ = driver.judge(&groups, consume: take)
  }

  /// A dishonest pause by its record, policy, state and the instant it began.
  struct PauseKey: Hashable, CustomStringConvertible {
    var record: String
    var policy: String
    var state: String
    var began: Int64
    init(_ pause: PauseFinding) {
      (record, policy, state, began) = (pause.record, pause.policy, pause.state, pause.began)
    }
    var description: String { "\(record)/\(policy)/\(state)@\(began)" }
  }

  /// The dishonest pauses the findings emitted at or before `instant` say the audit lists.
  static func standingPauses(_ findings: [LiveFinding], at instant: Int64) -> Set<PauseKey> {
    var standing = Set<PauseKey>()
    for finding in findings where finding.at <= instant {
      guard let pause = finding.pause else { continue }
      if finding.kind == .dishonestPause {
        standing.insert(PauseKey(pause))
      } else {
        standing.remove(PauseKey(pause))
      }
    }
    return standing
  }

  struct Key: Hashable, CustomStringConvertible {
    var record: String
    var policy: String
    /// For a policy judged per cycle (of a group, or of the record's own list of changes): the
    /// cycle's start.
    var cycle: Int64? = nil
    var description: String { "\(record)/\(policy)" + (cycle.map { "@\($0)" } ?? "") }

    init(record: String, policy: String, cycle: Int64? = nil) {
      (self.record, self.policy, self.cycle) = (record, policy, cycle)
    }

    init(_ violation: Violation) {
      self.init(
        record: violation.record, policy: violation.policy,
        cycle: violation.cycle?.start)
    }
  }

  /// What the findings emitted at or before `instant` say stands: per record and policy,
  /// the status of the last one.
  static func standing(_ findings: [LiveFinding], at instant: Int64) -> [Key: String] {
    var status: [Key: String] = [:]
    for finding in findings
    where finding.at <= instant && finding.kind != .dataError && finding.pause == nil {
      // INVARIANT: every finding but a data error or a pause carries its violation.
      let violation = finding.violation!
      let key = Key(violation)
      switch finding.kind {
      case .violation, .resolvedLate, .atRisk, .escalated: status[key] = Self.status(violation)
      case .resolvedInTime, .resolved, .withdrawn, .dataError, .dishonestPause: status[key] = nil
      }
    }
    return status
  }

  /// A violation's status: at risk, open, closed or undetermined.
  static func status(_ violation: Violation) -> String {
    if violation.atRisk != nil { return "at-risk" }
    return violation.open.map { $0 ? "open" : "closed" } ?? "undetermined"
  }
}
