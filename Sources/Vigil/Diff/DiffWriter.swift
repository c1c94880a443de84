import VigilCore
import VigilEvaluation
import VigilReports

/// Writes a `ViolationDiff` as text (per policy: its counts, then each change as a report
/// line marked `+`, `-` or `~`) or as JSON Lines (one object per change, the violation's own
/// keys after `"change"`).
package struct DiffWriter: Sendable {
  /// `.text` or `.json` (CSV is not offered: a change has nested facts).
  package let format: ReportFormat

  /// A writer for `format`.
  package init(format: ReportFormat) {
    self.format = format
  }

  /// The whole diff.
  package func write(_ diff: ViolationDiff) -> String {
    format == .json ? json(diff) : text(diff)
  }

  private func text(_ diff: ViolationDiff) -> String {
    let lines = ViolationWriter(format: .text)
    var out = ""
    var changes = diff.changes[...]
    var pauses = diff.pauseChanges[...]
    for policy in diff.policies {
      out += "policy \(policy.policy): \(Self.counts(policy))"
      out += (policy.pauses.isEmpty ? "" : "; " + Self.counts(policy.pauses)) + "\n"
      // A moved bare rule's removals name it where it stood: count, don't compare names.
      let count = policy.added + policy.removed + policy.changed
      let own = changes.prefix(count)
      changes = changes.dropFirst(count)
      for change in own {
        switch change {
        case .added(let violation): out += "  + " + lines.text(violation) + "\n"
        case .removed(let violation): out += "  - " + lines.text(violation) + "\n"
        case .changed(let old, let new):
          out += "  ~ " + lines.text(new) + "\n"
          out += "      was: " + ViolationDiff.differences(old, new).joined(separator: "; ") + "\n"
        }
      }
      let pauseCount = policy.pauses.added + policy.pauses.removed + policy.pauses.changed
      for change in pauses.prefix(pauseCount) {
        switch change {
        case .added(let pause): out += "  + " + Self.text(pause, lines) + "\n"
        case .removed(let pause): out += "  - " + Self.text(pause, lines) + "\n"
        case .changed(let old, let new):
          out += "  ~ " + Self.text(new, lines) + "\n"
          out += "      was: " + ViolationDiff.differences(old, new).joined(separator: "; ") + "\n"
        }
      }
      pauses = pauses.dropFirst(pauseCount)
    }
    return out
  }

  /// A dishonest pause's line of the text report.
  private static func text(_ pause: PauseFinding, _ writer: ViolationWriter) -> String {
    var bytes: [UInt8] = []
    writer.writeText(pause, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `dishonest pauses: 1 added, 0 removed, 0 changed (1 → 2)`, or `dishonest pauses:
  /// unchanged (2)`.
  static func counts(_ pauses: ViolationDiff.PauseSummary) -> String {
    guard !pauses.isUnchanged else { return "dishonest pauses: unchanged (\(pauses.after))" }
    return "dishonest pauses: \(pauses.added) added, \(pauses.removed) removed, "
      + "\(pauses.changed) changed (\(pauses.before) → \(pauses.after))"
  }

  /// `2 added, 1 removed, 1 changed (violations: 10 → 11)`, or `unchanged (4 violations)`.
  static func counts(_ policy: ViolationDiff.PolicySummary) -> String {
    guard !policy.isUnchanged else {
      return "unchanged (\(policy.after) violation\(policy.after == 1 ? "" : "s"))"
    }
    return "\(policy.added) added, \(policy.removed) removed, \(policy.changed) changed "
      + "(violations: \(policy.before) → \(policy.after))"
  }

  private func json(_ diff: ViolationDiff) -> String {
    let objects = ViolationWriter(format: .json)
    var out: [UInt8] = []
    for change in diff.changes {
      var line: [UInt8] = []
      objects.write(change.violation, to: &line)
      out.append(contentsOf: Array("{\"change\":".utf8))
      switch change {
      case .added: JSONText.append("added", to: &out)
      case .removed: JSONText.append("removed", to: &out)
      case .changed(let old, _):
        JSONText.append("changed", to: &out)
        out.append(contentsOf: Array(",\"was\":".utf8))
        Self.appendFacts(of: old, to: &out)
      }
      out.append(UInt8(ascii: ","))
      // The violation's own object, without its opening brace.
      out.append(contentsOf: line.dropFirst())
    }
    appendPauses(diff, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// The dishonest pauses' changes, after the violations': each the pause's own row (its
  /// `finding` "dishonest pause") after `"change"`, and a changed one's earlier facts in
  /// `"was"`.
  private func appendPauses(_ diff: ViolationDiff, to out: inout [UInt8]) {
    let rows = ViolationWriter(format: .json, extra: .pauses)
    for change in diff.pauseChanges {
      var line: [UInt8] = []
      rows.write(change.pause, to: &line)
      out.append(contentsOf: Array("{\"change\":".utf8))
      switch change {
      case .added: JSONText.append("added", to: &out)
      case .removed: JSONText.append("removed", to: &out)
      case .changed(let old, _):
        JSONText.append("changed", to: &out)
        out.append(contentsOf: Array(",\"was\":{\"party\":".utf8))
        JSONText.append(old.party, to: &out)
        out.append(contentsOf: Array(",\"pause_ended\":".utf8))
        JSONText.append(old.ended.map(TimeParsing.formatISO8601), to: &out)
        out.append(contentsOf: Array(",\"contradicted_at\":".utf8))
        JSONText.append(TimeParsing.formatISO8601(old.contradicted), to: &out)
        out.append(contentsOf: Array(",\"not_paused\":".utf8))
        JSONText.append(DurationFormat.format(old.notPaused), to: &out)
        out.append(contentsOf: Array(",\"breached\":\(old.breached)}".utf8))
      }
      out.append(UInt8(ascii: ","))
      out.append(contentsOf: line.dropFirst())
    }
  }

  /// The facts a change compares, as a JSON object: party, severity, level, action, at risk.
  private static func appendFacts(of violation: Violation, to out: inout [UInt8]) {
    out.append(contentsOf: Array("{\"party\":".utf8))
    JSONText.append(violation.party, to: &out)
    out.append(contentsOf: Array(",\"severity\":".utf8))
    JSONText.append(violation.severity.rawValue, to: &out)
    out.append(contentsOf: Array(",\"level\":".utf8))
    out.append(
      contentsOf: Array((ViolationDiff.level(of: violation).map(String.init) ?? "null").utf8))
    out.append(contentsOf: Array(",\"action\":".utf8))
    JSONText.append(ViolationDiff.actions(of: violation), to: &out)
    out.append(contentsOf: Array(",\"at_risk\":".utf8))
    out.append(contentsOf: Array((violation.atRisk != nil ? "true" : "false").utf8))
    out.append(UInt8(ascii: "}"))
  }
}
