import VigilSyntax

/// The line structure of a parsed file, as the formatter prints it: its statements and, inside
/// `policy` and `calendar` blocks, their lines, each with its tokens; the comments on lines of
/// their own placed among them; the end-of-line comments and the comments inside a statement
/// attached to the tokens they follow or precede.
package struct FileLayout {
  /// The top-level statements and comments, in order.
  package private(set) var elements: [LayoutElement] = []
  /// End-of-line comments, by the index of the token they follow.
  package private(set) var trailing: [Int: [String]] = [:]
  /// Comments on lines of their own inside a statement, by the index of the token after them.
  package private(set) var leading: [Int: [String]] = [:]

  /// The layout of `file`, whose tokens are `tokens`.
  package init(_ file: PolicyFile, tokens: FormatTokens) {
    let finder = LineFinder(tokens: tokens)
    let starts = file.items.map { finder.first(of: $0) }
    var units: [LayoutUnit] = []
    for (position, item) in file.items.enumerated() {
      let end = position + 1 < starts.count ? starts[position + 1] : tokens.tokens.count - 1
      units.append(finder.unit(item, first: starts[position], end: end))
    }
    var topComments: [Lexer.Comment] = []
    for comment in tokens.comments {
      place(comment, in: &units, topComments: &topComments, tokens: tokens)
    }
    elements = Self.merged(units.map(LayoutElement.unit), topComments, tokens)
  }

  /// Puts `comment` where it belongs: after the token before it on its line; else before the
  /// statement or block line it precedes; else, inside a statement, before the token after it.
  private mutating func place(
    _ comment: Lexer.Comment, in units: inout [LayoutUnit], topComments: inout [Lexer.Comment],
    tokens: FormatTokens
  ) {
    let source = tokens.source
    let next = tokens.index(from: comment.range.start)
    let line = source.line(of: comment.range.start)
    if next > 0 && tokens.line(ofToken: next - 1) == line {
      trailing[next - 1, default: []].append(Self.trimmed(comment.text))
      return
    }
    let isEnd = next == tokens.tokens.count - 1
    for owner in units.indices where units[owner].adopt(comment, before: next) { return }
    if isEnd || units.contains(where: { $0.first == next }) {
      let previous = units.lastIndex { $0.first < next }
      if let previous, units[previous].isBlock,
        Self.column(of: comment, in: source) > tokens.tokens[units[previous].first].indent
      {
        units[previous].children.append(.comment(comment))
      } else {
        topComments.append(comment)
      }
      return
    }
    leading[next, default: []].append(Self.trimmed(comment.text))
  }

  /// Units and comments together, in the order of the file.
  package static func merged(
    _ units: [LayoutElement], _ comments: [Lexer.Comment], _ tokens: FormatTokens
  ) -> [LayoutElement] {
    let all = units + comments.map(LayoutElement.comment)
    return all.sorted { $0.start(tokens) < $1.start(tokens) }.map { element in
      guard case .unit(var unit) = element else { return element }
      unit.children = merged(unit.children, [], tokens)
      return .unit(unit)
    }
  }

  /// A comment's text without trailing spaces (or a carriage return).
  package static func trimmed(_ text: String) -> String {
    var text = Substring(text)
    while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
    return String(text)
  }

  /// The column where `comment` starts, tabs counting to the next multiple of 8.
  private static func column(of comment: Lexer.Comment, in source: Source) -> Int {
    let lineStart = source.lineStarts[source.line(of: comment.range.start) - 1]
    var column = 0
    for byte in source.bytes[lineStart..<comment.range.start] {
      column = byte == UInt8(ascii: "\t") ? column + 8 - column % 8 : column + 1
    }
    return column
  }
}

/// A statement or block line, or a comment on a line of its own.
package enum LayoutElement {
  case unit(LayoutUnit)
  case comment(Lexer.Comment)

  /// Where it starts in the file.
  package func start(_ tokens: FormatTokens) -> Int {
    switch self {
    case .unit(let unit): return tokens.tokens[unit.first].range.start
    case .comment(let comment): return comment.range.start
    }
  }

  /// Its first line.
  package func firstLine(_ tokens: FormatTokens) -> Int {
    tokens.source.line(of: start(tokens))
  }

  /// Its last line (a block's, its last line's).
  package func lastLine(_ tokens: FormatTokens) -> Int {
    switch self {
    case .comment(let comment): return tokens.source.line(of: comment.range.start)
    case .unit(let unit):
      if let last = unit.children.last { return last.lastLine(tokens) }
      return tokens.line(ofToken: Swift.max(unit.first, unit.end - 1))
    }
  }
}

/// One statement, or one line of a block, and the tokens it spans.
package struct LayoutUnit {
  /// What it is.
  package enum Kind {
    case include, missing
    case events(EventsDecl)
    case define(Definition)
    case rule(Rule)
    /// A policy's header; its lines are the children.
    case policy(PolicyDecl)
    /// A calendar's header; its lines are the children.
    case calendar(CalendarDecl)
    /// A line of a policy block.
    case policyLine(PolicyLine)
    /// A line of a calendar block (words, texts and commas only).
    case calendarLine
    /// `from "2027-01-01":` in a calendar block; the version's lines are the children.
    case calendarVersion(CalendarDecl)
  }

  package var kind: Kind
  /// Its first token.
  package var first: Int
  /// One past its last token.
  package var end: Int
  /// A block's lines and the comments among them.
  package var children: [LayoutElement] = []

  /// Whether it is a block (a policy or a calendar).
  package var isBlock: Bool {
    switch kind {
    case .policy, .calendar, .calendarVersion: return true
    default: return false
    }
  }

  /// Puts `comment`, on a line of its own before the block line starting at token `next`,
  /// among the lines of the block (or of a block inside it) that has that line; false when
  /// none has.
  package mutating func adopt(_ comment: Lexer.Comment, before next: Int) -> Bool {
    if lineStarts.contains(next) {
      children.append(.comment(comment))
      return true
    }
    for index in children.indices {
      guard case .unit(var child) = children[index], child.isBlock else { continue }
      if child.adopt(comment, before: next) {
        children[index] = .unit(child)
        return true
      }
    }
    return false
  }

  /// The first tokens of its block lines.
  package var lineStarts: Set<Int> {
    var starts: Set<Int> = []
    for case .unit(let line) in children { starts.insert(line.first) }
    return starts
  }

  /// Where its header ends: its first line's first token, or its end.
  package var headerEnd: Int {
    var end = self.end
    for case .unit(let line) in children { end = Swift.min(end, line.first) }
    return end
  }
}

/// A line of a policy block: a rule, a property, or a group clause.
package enum PolicyLine {
  case rule(Rule)
  /// `accountable: PARTY`, whether `at breach`, `held longest` or `by share` follows, and the
  /// list of changes after `in` if one does (`… at breach in history`).
  case accountable(Expr, holding: Bool, history: Expr?)
  case grouping(Grouping)
  case scope(Expr)
  case followUp(FollowUp)
  case warning(Expr)
  /// `severity:`, `because:`, `at least`: words and texts only.
  case words
}
