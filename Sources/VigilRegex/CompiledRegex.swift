/// A regular expression compiled once, when the policy is checked, by Vigil's own engine:
/// the RE2 syntax, matched in time linear in the text (see Grammar.md, "Regular
/// expressions").
package final class CompiledRegex: Sendable {
  package let program: RegexProgram
  /// The pattern as written.
  package let pattern: String

  /// Compiles `pattern`; throws a `RegexError` that says what is wrong and where.
  package init(_ pattern: String) throws(RegexError) {
    let node = try RegexParser.parse(pattern)
    self.program = try RegexCompiler.compile(node, patternLength: pattern.utf8.count)
    self.pattern = pattern
  }

  /// Whether `text` holds a match (anywhere: a search, not a whole-text match).
  package func matches(_ text: String) -> Bool {
    if let verdict = text.utf8.withContiguousStorageIfAvailable({ program.matches($0) }) {
      return verdict
    }
    var copy = text
    return copy.withUTF8 { program.matches($0) }
  }
}
