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
    for policy in diff.policies {
      out += "policy \(policy.policy): \(Self.counts(policy))\n"
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
    }
    return out
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
    return String(decoding: out, as: UTF8.self)
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
