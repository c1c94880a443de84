/// The stable code of each kind of diagnostic. Codes never change meaning; scripts and
/// documentation may rely on them.
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable {
  // Syntax
  /// A character that cannot start any token.
  case unexpectedCharacter = "unexpected-character"
  /// A string literal without its closing quote.
  case unterminatedString = "unterminated-string"
  /// An escape sequence a string cannot hold.
  case invalidEscape = "invalid-escape"
  /// A malformed number, duration, percentage or timestamp literal.
  case invalidLiteral = "invalid-literal"
  /// A token where another was expected.
  case syntax = "syntax"
  /// Expressions nested deeper than the parser allows.
  case nestingTooDeep = "nesting-too-deep"
  // Files
  /// An included file that cannot be read.
  case includeNotFound = "include-not-found"
  /// Files that include each other.
  case includeCycle = "include-cycle"
  /// An include or holidays file outside the root folder (or with no root to read from).
  case includeOutsideRoot = "include-outside-root"
  /// A file that would take a policy set past the bytes it may hold (16 MiB), not read.
  case policyTooLarge = "policy-too-large"
  // Names
  /// A name that is neither a definition, a builtin nor (as far as can be told) a field.
  case unknownName = "unknown-name"
  /// A call of a function that does not exist.
  case unknownFunction = "unknown-function"
  /// A field that the sampled data never has.
  case unknownField = "unknown-field"
  /// Two definitions with one name.
  case duplicateDefinition = "duplicate-definition"
  /// Two policies with one name.
  case duplicatePolicy = "duplicate-policy"
  /// Definitions that refer to each other in a circle.
  case cyclicDefinition = "cyclic-definition"
  // Types
  /// An operand of the wrong type.
  case typeMismatch = "type-mismatch"
  /// A call with the wrong number or kind of arguments.
  case badArguments = "bad-arguments"
  /// A `matches` pattern that is not a valid regular expression.
  case invalidRegex = "invalid-regex"
  /// A `matches` pattern with a construct that cannot match in linear time (back-references,
  /// look-around, possessive repetitions, atomic groups, …) or that Vigil's engine lacks.
  case unsupportedRegex = "unsupported-regex"
  /// A `time()` pattern that cannot be read.
  case invalidTimePattern = "invalid-time-pattern"
  /// A time zone name that is not in the IANA database.
  case unknownZone = "unknown-zone"
  // Policies
  /// A policy property that does not exist or is given twice.
  case badProperty = "bad-property"
  /// A severity other than low, medium, high, critical.
  case unknownSeverity = "unknown-severity"
  /// A policy block without a rule, or with two.
  case badPolicy = "bad-policy"
  /// A group policy's parts in the wrong place: an aggregate outside a group policy, a field
  /// outside an aggregate that is not a group key, `previous` without windows.
  case badGroup = "bad-group"
  /// A calendar that cannot be used: no hours, a malformed or overlapping interval, a bad
  /// date, or a name no calendar has.
  case badCalendar = "bad-calendar"
  /// A construct `vigil sql` cannot compile for the dialect asked for (yet).
  case unsupportedInSQL = "unsupported-in-sql"
  /// A condition that does not depend on the record.
  case constantCondition = "constant-condition"
  /// A definition that nothing uses.
  case unusedDefinition = "unused-definition"
  // Lints: warnings about conditions that are valid but probably not what was meant
  /// A condition that can never be true, so its policy never fires.
  case neverFires = "never-fires"
  /// A condition that is true for every record, so its policy always fires.
  case alwaysFires = "always-fires"
  /// Two policies whose conditions are the same.
  case duplicateCondition = "duplicate-condition"
  /// A text, or a field whose values are texts, compared with a number.
  case textComparedWithNumber = "text-compared-with-number"
  /// A duration whose unit is probably not the one meant (`48m` for `48h`).
  case suspiciousUnit = "suspicious-unit"

  /// The codes of warnings, which `vigil check --allow CODE` can switch off (errors cannot
  /// be), in the order the documentation lists them.
  package static let warnings: [DiagnosticCode] = [
    .unknownField, .constantCondition, .unusedDefinition, .neverFires, .alwaysFires,
    .duplicateCondition, .textComparedWithNumber, .suspiciousUnit,
  ]
}
