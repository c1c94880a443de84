/// One thing an audit found. An audit's findings come as one stream, in input order (a
/// record's in policy order), whatever the number of threads: the stream every consumer
/// reads — the report writers, `vigil diff`, `vigil test`, the streaming API.
package enum Finding: Sendable {
  /// A record (or a group) that broke a policy, or one at risk of breaking it
  /// (`Violation.atRisk`).
  case violation(Violation)
  /// A pause that was not honest (`paused in … unless …`), after the record's (or group's)
  /// violation of the same policy, if any.
  indirect case pause(PauseFinding)
  /// A record that could not be read, a value a policy could not read, a group too small to
  /// judge, or something about the input as a whole.
  case event(AuditEvent)
}

extension Finding {
  /// Adds `shift` to the line of the record it is about: lines counted from a chunk's start
  /// become lines counted from the input's (`ChunkResult.shiftLines`). A group's findings
  /// and the input's have no line.
  mutating func shiftLine(by shift: Int) {
    switch self {
    case .violation(var violation) where violation.group == nil:
      violation.line += shift
      self = .violation(violation)
    case .pause(var pause) where pause.group == nil:
      pause.line += shift
      self = .pause(pause)
    case .event(.rejected(var rejection)):
      rejection.line += shift
      self = .event(.rejected(rejection))
    case .event(.dataError(var report)):
      report.line += shift
      self = .event(.dataError(report))
    case .violation, .pause, .event:
      break
    }
  }
}
