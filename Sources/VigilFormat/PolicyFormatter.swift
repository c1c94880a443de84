import VigilSemantics
import VigilSyntax

/// Prints policy files in one canonical layout, as `gofmt` does for Go: the same tree always
/// prints the same way, every comment stays where it was written, and the result parses back
/// to the same tree.
///
///     let formatted = try PolicyFormatter().format(Source(text: text, file: "rules/x.vigil"))
///
/// The layout: statements at the left margin and block lines indented 2 spaces; one space
/// around operators and after commas; `→` as the arrow; strings re-escaped, other literals and
/// names as written; the parentheses the author wrote kept; at most one blank line, where the
/// author left one; consecutive one-line definitions with their `=` aligned; end-of-line
/// comments of consecutive lines aligned; a statement longer than the line width broken
/// before its arrow, then before `or`, then before `and`, onto lines indented 4 spaces more.
package struct PolicyFormatter: Sendable {
  /// The widest line the formatter makes, unless a single word is wider.
  package var lineWidth: Int

  /// A formatter making lines of at most `lineWidth` columns.
  package init(lineWidth: Int = 100) {
    self.lineWidth = lineWidth
  }

  /// The canonical text of `source`.
  /// - Throws: `Diagnostics` holding its syntax errors, when it does not parse.
  package func format(_ source: Source) throws(Diagnostics) -> String {
    let (file, diagnostics) = Parser.parse(source)
    guard diagnostics.isEmpty else {
      throw Diagnostics(all: Checker.sorted(diagnostics, files: [file]))
    }
    let tokens = FormatTokens(source: source)
    let layout = FileLayout(file, tokens: tokens)
    var printer = ElementPrinter(
      builder: DocBuilder(tokens: tokens, trailing: layout.trailing, leading: layout.leading),
      width: lineWidth)
    return FormattedLine.render(printer.lines(of: layout.elements, indent: 0))
  }

  /// The canonical text of each bare rule of `file` (which parsed without errors), by the
  /// line where the rule starts: the rule as `format` prints it, without its comments — what
  /// identifies a bare rule wherever it stands (`vigil diff`).
  package func bareRuleTexts(of file: PolicyFile) -> [Int: String] {
    let tokens = FormatTokens(source: file.source)
    var builder = DocBuilder(tokens: tokens, trailing: [:], leading: [:])
    var texts: [Int: String] = [:]
    for case .unit(let unit) in FileLayout(file, tokens: tokens).elements {
      guard case .rule(let rule) = unit.kind else { continue }
      let lines = DocPrinter.print(builder.unit(unit), width: lineWidth, indent: 0, continuation: 4)
      texts[file.source.line(of: rule.range.start)] = FormattedLine.render(lines)
    }
    return texts
  }

  /// The canonical text of `text`, named `file` in diagnostics.
  /// - Throws: `Diagnostics` holding its syntax errors, when it does not parse.
  package func format(_ text: String, file: String) throws(Diagnostics) -> String {
    try format(Source(text: text, file: file))
  }
}

/// Prints a file's or a block's elements as lines: blank lines where the author left some
/// (none at the start of a block), comments at their element's indentation, definitions
/// aligned.
private struct ElementPrinter {
  var builder: DocBuilder
  let width: Int

  mutating func lines(of elements: [LayoutElement], indent: Int) -> [FormattedLine] {
    var out: [FormattedLine] = []
    var position = 0
    while position < elements.count {
      let element = elements[position]
      if position > 0,
        element.firstLine(builder.tokens) > elements[position - 1].lastLine(builder.tokens) + 1
      {
        out.append(.blank)
      }
      switch element {
      case .comment(let comment):
        out.append(
          FormattedLine(indent: indent, code: "", comment: FileLayout.trimmed(comment.text)))
        position += 1
      case .unit(let unit):
        if case .define = unit.kind {
          let run = definitionRun(elements, from: position)
          out += definitions(run, indent: indent)
          position += run.count
        } else {
          out += print(builder.unit(unit), indent: indent)
          out += lines(of: unit.children, indent: indent + 2)
          position += 1
        }
      }
    }
    return out
  }

  /// The definitions from `start` on with no blank line or comment between them.
  private func definitionRun(_ elements: [LayoutElement], from start: Int) -> [LayoutUnit] {
    var run: [LayoutUnit] = []
    for position in start..<elements.count {
      guard case .unit(let unit) = elements[position], case .define = unit.kind else { break }
      if position > start {
        let previous = elements[position - 1].lastLine(builder.tokens)
        guard elements[position].firstLine(builder.tokens) == previous + 1 else { break }
      }
      run.append(unit)
    }
    return run
  }

  /// Consecutive definitions, those that fit on one line with their `=` aligned.
  private mutating func definitions(_ run: [LayoutUnit], indent: Int) -> [FormattedLine] {
    let plain = run.map { print(builder.unit($0), indent: indent) }
    var out: [FormattedLine] = []
    var position = 0
    while position < run.count {
      var end = position
      while end < run.count && plain[end].count == 1 { end += 1 }
      guard end - position > 1 else {
        out += plain[position]
        position += 1
        continue
      }
      let names = run[position..<end].map(Self.name)
      let longest = names.map(\.count).max() ?? 0
      for (offset, unit) in run[position..<end].enumerated() {
        let padding = longest - names[offset].count
        out += print(builder.unit(unit, padding: padding), indent: indent)
      }
      position = end
    }
    return out
  }

  private static func name(_ unit: LayoutUnit) -> String {
    guard case .define(let definition) = unit.kind else { return "" }
    return definition.name
  }

  private func print(_ doc: Doc, indent: Int) -> [FormattedLine] {
    DocPrinter.print(doc, width: width, indent: indent, continuation: indent + 4)
  }
}
