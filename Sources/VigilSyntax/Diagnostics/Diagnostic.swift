/// How serious a diagnostic is.
public enum DiagnosticSeverity: String, Sendable, Comparable {
  /// The policy set cannot be used.
  case error
  /// Probably a mistake; the policy set still runs.
  case warning

  public static func < (lhs: DiagnosticSeverity, rhs: DiagnosticSeverity) -> Bool {
    lhs == .error && rhs == .warning
  }
}

/// A problem found in a policy file, with where it is and how to fix it.
public struct Diagnostic: Sendable, Hashable, Error {
  /// Error or warning.
  public var severity: DiagnosticSeverity
  /// The stable code (`unknown-name`), shown as `error[unknown-name]`.
  public var code: DiagnosticCode
  /// What is wrong, in one line.
  public var message: String
  /// The file the problem is in.
  public var source: Source
  /// The text the problem is about.
  public var range: SourceRange
  /// How to fix it, when there is something to say.
  public var help: String?
  /// Further places to look, each with a message.
  public var notes: [Note]
  /// The text that fixes it, when it is certain (`==` for `=`, `2d` for `2 days`): what
  /// `vigil check --format sarif` offers as a fix.
  package var fix: Fix?

  /// A replacement of the text in `range` by `replacement`, in the diagnostic's file.
  package struct Fix: Sendable, Hashable {
    package var range: SourceRange
    package var replacement: String
  }

  /// A further place related to a diagnostic.
  public struct Note: Sendable, Hashable {
    /// What is there.
    public var message: String
    /// Where it is.
    public var source: Source
    /// The text it is about.
    public var range: SourceRange

    /// Makes one from its parts.
    package init(message: String, source: Source, range: SourceRange) {
      self.message = message
      self.source = source
      self.range = range
    }
  }

  /// A diagnostic.
  package init(
    _ severity: DiagnosticSeverity, _ code: DiagnosticCode, _ message: String,
    source: Source, range: SourceRange, help: String? = nil, notes: [Note] = []
  ) {
    self.severity = severity
    self.code = code
    self.message = message
    self.source = source
    self.range = range
    self.help = help
    self.notes = notes
  }

  /// Where the problem starts.
  public var location: SourceLocation { source.location(of: range.start) }
}

/// The diagnostics of a policy set that could not be compiled.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
  /// Every diagnostic, errors and warnings, sorted by file and position.
  public var all: [Diagnostic]

  /// The errors alone.
  public var errors: [Diagnostic] { all.filter { $0.severity == .error } }

  /// The diagnostics rendered as a compiler would print them, without colour.
  public var description: String { DiagnosticRenderer().render(all) }

  /// Makes one from its parts.
  package init(all: [Diagnostic]) {
    self.all = all
  }
}
