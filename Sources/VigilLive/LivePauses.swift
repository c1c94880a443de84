import VigilEvaluation

// Dishonest pauses in the watch (Grammar.md, "Honest pauses"): each pause the audit lists for
// a record (or case) under a policy is a finding of its own, once, from the instant the audit
// first lists it; one the audit no longer lists (a newer line, a late event) is withdrawn.
extension LiveFinding {
  /// The findings the dishonest pauses `current` (as the audit lists them at `at`, in the
  /// order they began) make against those shown before, `shown` (then `current`): a
  /// `dishonest-pause` for each not shown yet, a `withdrawn` for each shown and gone. A pause
  /// is the same one while its state and the instant it began are (several alike, in order).
  static func pauses(
    _ current: [PauseFinding], shown: inout [PauseFinding], line: Int, at: Int64, late: Bool
  ) -> [LiveFinding] {
    var findings: [LiveFinding] = []
    var before = shown
    var kept: [PauseFinding] = []
    for found in current {
      var pause = found
      pause.line = line
      // What began it is not needed any more (who set it is read): not kept.
      pause.pause.beganFields = [:]
      kept.append(pause)
      if let match = before.firstIndex(where: { $0.state == pause.state && $0.began == pause.began }
      ) {
        before.remove(at: match)
        continue
      }
      findings.append(LiveFinding(kind: .dishonestPause, at: at, pause: pause, late: late))
    }
    for gone in before {
      findings.append(LiveFinding(kind: .withdrawn, at: at, pause: gone, late: late))
    }
    shown = kept
    return findings
  }
}

extension Verdict {
  /// The findings of this verdict's dishonest pauses against `shown` (those shown before
  /// under its policy, by policy index; updated), for the record (or case) on `line`.
  func pauseFindings(
    _ index: Int, shown: inout [Int: [PauseFinding]], line: Int, at: Int64, late: Bool
  ) -> [LiveFinding] {
    guard !pauses.isEmpty || shown[index] != nil else { return [] }
    var before = shown[index] ?? []
    let findings = LiveFinding.pauses(pauses, shown: &before, line: line, at: at, late: late)
    shown[index] = before.isEmpty ? nil : before
    return findings
  }
}
