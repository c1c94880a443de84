import VigilCore
import VigilEvaluation
import VigilSyntax

/// Checks one expectation against what an audit of the test's records found.
struct ExpectationCheck {
  let expectation: Expectation
  let test: PolicyTest
  let policies: PolicySet
  let audit: Audit
  /// The test's records, and the instant they are judged as of.
  let records: [[String: Value]]
  let now: Int64

  /// The policy the expectation names, as `PolicySet.policyName(for:)` resolves it.
  var policy: Result<String, PolicyReferenceError> {
    Result { () throws(PolicyReferenceError) in try policies.policyName(for: expectation.policy) }
  }

  /// The policy the expectation names; nil when it names none, or several.
  var policyName: String? { try? policy.get() }

  /// The record or group meant: the one named, or the test's only record for a policy that
  /// judges records.
  var subject: String? {
    if let subject = expectation.subject { return subject }
    guard let name = policyName, test.records.count == 1, !policies.judgesGroups(name) else {
      return nil
    }
    return test.records[0].id
  }

  /// The ids of the test's records (`S-1` … for `record "S" times N`).
  private var recordIDs: Set<String> {
    var ids: Set<String> = []
    for record in test.records {
      if record.count == 1 {
        ids.insert(record.id)
      } else {
        for number in 1...record.count { ids.insert("\(record.id)-\(number)") }
      }
    }
    return ids
  }

  /// Nil when the expectation holds; else what was found instead.
  func failure() -> String? {
    let name: String
    switch policy {
    case .success(let found): name = found
    case .failure(let error): return error.message
    }
    // A subject that is not there would make any `no violation` pass.
    let judgesRecords = !policies.judgesGroups(name) || policies.judgesSequences(name)
    if let subject, judgesRecords, !recordIDs.contains(subject) {
      return "no record of this test is named '\(subject)'"
    }
    let formed = judgesRecords ? [] : policies.groupNames(of: name, among: records, now: now)
    if let subject, !judgesRecords, !formed.contains(subject) {
      return "the records of this test form no group '\(subject)' for \(name)"
        + (formed.isEmpty ? "" : " (they form: \(formed.sorted().joined(separator: "; ")))")
    }
    let about = { (record: String) in subject.map { $0 == record } ?? true }
    // `cycle N`: only that cycle's findings (of a policy judged per cycle).
    let inCycle = { (violation: Violation) in
      expectation.cycle.map { violation.cycle?.number == $0 } ?? true
    }
    let violations = audit.violations.filter {
      $0.policy == name && about($0.record) && inCycle($0)
    }
    let atRisk = audit.atRisk.filter { $0.policy == name && about($0.record) && inCycle($0) }
    let errors = audit.dataErrors.filter { $0.policy == name && about($0.record) }
    let shortfalls = audit.notEnoughData.filter { $0.policy == name && about($0.group.name) }
    let pauses = audit.pauses.filter { pause in
      pause.policy == name && about(pause.record)
        && (expectation.cycle.map { pause.cycle?.number == $0 } ?? true)
    }
    switch expectation.outcome {
    case .violation:
      if violations.contains(where: matchesDetails) { return nil }
    case .atRisk:
      if atRisk.contains(where: matchesDetails) { return nil }
    case .noViolation:
      if violations.isEmpty { return nil }
    case .dataError:
      if !errors.isEmpty { return nil }
    case .notEnoughData:
      if !shortfalls.isEmpty { return nil }
    case .dishonestPause:
      if pauses.contains(where: matchesDetails) { return nil }
    }
    var found = violations.map { "violation (\(describe($0)))" }
    found += atRisk.map { "at risk (\(describe($0)))" }
    found += errors.map { "data error (\($0.error.field): \($0.error.message))" }
    found += shortfalls.map { "not enough data (\($0.group.sample))" }
    found += pauses.map {
      "dishonest pause (record \($0.record), set by \($0.party ?? "(none)"), "
        + ($0.ongoing ? "open" : "closed") + ")"
    }
    return found.isEmpty ? "no violation" : found.joined(separator: "; ")
  }

  private func matchesDetails(_ violation: Violation) -> Bool {
    if let party = expectation.party, violation.party != party { return false }
    if let level = expectation.level, ViolationDiff.level(of: violation) != level { return false }
    if let severity = expectation.severity, violation.severity.rawValue != severity { return false }
    if let open = expectation.open, violation.open != open { return false }
    return true
  }

  /// Whether a dishonest pause has the party (who set it), severity and openness (whether it
  /// lasts at now) the expectation gives.
  private func matchesDetails(_ pause: PauseFinding) -> Bool {
    if let party = expectation.party, pause.party != party { return false }
    if let severity = expectation.severity, pause.severity.rawValue != severity { return false }
    if let open = expectation.open, pause.ongoing != open { return false }
    return expectation.level == nil
  }

  /// `record K-1, party dara, level 1, severity high, open`.
  private func describe(_ violation: Violation) -> String {
    var parts = ["record \(violation.record)"]
    parts.append("party \(violation.party ?? "(none)")")
    if let level = ViolationDiff.level(of: violation) { parts.append("level \(level)") }
    parts.append("severity \(violation.severity.rawValue)")
    if let open = violation.open { parts.append(open ? "open" : "closed") }
    if let cycle = violation.cycle { parts.append(cycle.text) }
    return parts.joined(separator: ", ")
  }
}
