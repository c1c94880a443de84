import VigilCore
import VigilSyntax

/// `allow: "never-fires", …` in a policy: the warnings its authors have looked at and
/// accepted, not reported about that policy.
extension Checker {
  /// Drops the warnings each policy allows (those whose place is in the policy), and reports
  /// the codes that are not warnings'. One pass over the diagnostics, whatever the number of
  /// policies with an `allow:` line.
  package mutating func applyAllows() {
    // By file name (the loader reads each file once, under one name): the policies that
    // allow codes, in the file's order, so by place, and never overlapping.
    var allowing: [String: [(range: SourceRange, codes: Set<DiagnosticCode>)]] = [:]
    for file in files {
      for case .policy(let decl) in file.items where !decl.allowed.isEmpty {
        var codes: Set<DiagnosticCode> = []
        for (name, range) in decl.allowed {
          if let code = allowedCode(name, range, in: file.source) { codes.insert(code) }
        }
        allowing[file.source.file, default: []].append((decl.range, codes))
      }
    }
    guard !allowing.isEmpty else { return }
    diagnostics.removeAll { diagnostic in
      guard diagnostic.severity == .warning, let policies = allowing[diagnostic.source.file]
      else { return false }
      // The last policy that starts at or before the warning: the only one that may hold it.
      var low = 0
      var high = policies.count
      while low < high {
        let middle = (low + high) / 2
        if policies[middle].range.start <= diagnostic.range.start {
          low = middle + 1
        } else {
          high = middle
        }
      }
      guard low > 0 else { return false }
      let policy = policies[low - 1]
      return policy.codes.contains(diagnostic.code) && diagnostic.range.end <= policy.range.end
    }
  }

  /// The warning code `name`, or nil after reporting why it cannot be allowed.
  private mutating func allowedCode(
    _ name: String, _ range: SourceRange, in source: Source
  ) -> DiagnosticCode? {
    let warnings = DiagnosticCode.warnings.map(\.rawValue)
    if let code = DiagnosticCode(rawValue: name), DiagnosticCode.warnings.contains(code) {
      return code
    }
    let message =
      DiagnosticCode(rawValue: name) == nil
      ? "no warning is called '\(name)'" : "'\(name)' is an error's code: errors cannot be allowed"
    let close = Suggestions.closest(to: name, in: warnings).map { "did you mean '\($0)'? " }
    report(
      .badProperty, message, range, in: source,
      help: (close ?? "") + "warnings: " + warnings.joined(separator: ", "))
    return nil
  }
}
