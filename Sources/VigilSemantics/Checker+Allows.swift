import VigilCore
import VigilSyntax

/// `allow: "never-fires", …` in a policy: the warnings its authors have looked at and
/// accepted, not reported about that policy.
extension Checker {
  /// Drops the warnings each policy allows (those whose place is in the policy), and reports
  /// the codes that are not warnings'.
  package mutating func applyAllows() {
    for file in files {
      for case .policy(let decl) in file.items where !decl.allowed.isEmpty {
        var codes: Set<DiagnosticCode> = []
        for (name, range) in decl.allowed {
          if let code = allowedCode(name, range, in: file.source) { codes.insert(code) }
        }
        diagnostics.removeAll { diagnostic in
          diagnostic.severity == .warning && codes.contains(diagnostic.code)
            && diagnostic.source.file == file.source.file
            && diagnostic.range.start >= decl.range.start && diagnostic.range.end <= decl.range.end
        }
      }
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
