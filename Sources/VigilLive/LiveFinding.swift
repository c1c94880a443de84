import VigilCore
import VigilEvaluation

/// What `vigil watch` reports: a finding about one record and one policy, emitted once, at
/// the instant it became true.
package struct LiveFinding: Sendable, Equatable, Codable {
  /// The findings' kinds: the lifecycle of a record's verdict under one policy.
  package enum Kind: String, Sendable, Codable {
    /// The record breaks the policy (a violation as `vigil audit` reports it).
    case violation
    /// The record is at risk of breaking it (`warn at`), with the time left.
    case atRisk = "at-risk"
    /// A violation whose state was open has closed: resolved late.
    case resolvedLate = "resolved-late"
    /// An open violation reached a further level of its escalation chain.
    case escalated
    /// A record at risk is no longer, and did not break the policy: resolved in time.
    case resolvedInTime = "resolved-in-time"
    /// A violation that stood while its condition held (a bare state open, a flag) no longer
    /// does: the record was resolved, or changed so that it no longer breaks the policy.
    case resolved
    /// A violation that had closed no longer stands: a newer line of the record does not
    /// break the policy (a correction; an audit keeps a closed breach as history).
    case withdrawn
    /// The policy met a value of the record it could not read.
    case dataError = "data-error"
    /// A pause of a state the policy measures was not honest (`paused in … unless …`): the
    /// audit lists it (`pause`) from this instant on.
    case dishonestPause = "dishonest-pause"
  }

  package var kind: Kind
  /// The instant the finding became true, in milliseconds: a timer's instant, or the clock
  /// when the line that caused it was read.
  package var at: Int64
  /// The violation (or record at risk) as `vigil audit --now AT` reports it; for
  /// `resolved-in-time` and `withdrawn`, the finding they end.
  package var violation: Violation?
  /// For `data-error`: what could not be read.
  package var dataError: DataErrorReport?
  /// For `dishonest-pause`: the pause as `vigil audit --now AT` reports it; for a
  /// `withdrawn` pause, the one it takes back.
  package var pause: PauseFinding? = nil
  /// Whether a line older than the event clock caused it (a late event).
  package var late = false

  package init(
    kind: Kind, at: Int64, violation: Violation? = nil, dataError: DataErrorReport? = nil,
    pause: PauseFinding? = nil, late: Bool = false
  ) {
    self.kind = kind
    self.pause = pause
    self.at = at
    self.violation = violation
    self.dataError = dataError
    self.late = late
  }

  /// The finding, if any, that a change of verdict from `old` to `new` makes; `last` is the
  /// finding shown before for the record and policy.
  static func change(
    from old: Verdict.Status, to new: Verdict, last: Violation?, at: Int64, late: Bool
  ) -> LiveFinding? {
    let status = new.status
    guard status != old else {
      let before = Verdict(violation: last).level
      guard status == .open, new.level > before else { return nil }
      return LiveFinding(kind: .escalated, at: at, violation: new.violation, late: late)
    }
    let kind: Kind
    switch (old, status) {
    case (_, .atRisk): kind = .atRisk
    case (.open, .closed), (.undetermined, .closed): kind = .resolvedLate
    case (_, .open), (_, .closed), (_, .undetermined): kind = .violation
    case (.atRisk, .none): kind = .resolvedInTime
    case (.open, .none), (.undetermined, .none): kind = .resolved
    case (_, .none): kind = .withdrawn
    }
    let violation = status == .none ? last : new.violation
    return LiveFinding(kind: kind, at: at, violation: violation, late: late)
  }
}
