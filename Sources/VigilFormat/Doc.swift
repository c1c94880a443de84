/// What the formatter prints for one statement: its text, the places where a long statement
/// may break onto continuation lines, and the comments written inside it.
///
/// This is Wadler's "prettier printer" document: a `group` is printed on one line when it
/// fits, else its `line`s become line breaks; a `fill` breaks only the separators it must.
package indirect enum Doc: Sendable {
  /// Text that never breaks.
  case text(String)
  /// A space that never breaks (unless a comment ends the line before it).
  case space
  /// A space, or a line break when the group holding it does not fit.
  case line
  /// Documents one after another.
  case concat([Doc])
  /// A document printed flat when it fits, else with each of its own lines broken.
  case group(Doc)
  /// Items separated by breakable spaces, each separator broken only when the next item
  /// would not fit on the line.
  case fill([Doc])
  /// A comment at the end of the line; what follows it starts a new line.
  case comment(String)
  /// A comment on a line of its own, inside a statement.
  case commentLine(String)

  /// Nothing.
  package static let empty = Doc.concat([])
}
