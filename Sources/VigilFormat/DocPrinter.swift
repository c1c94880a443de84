/// Prints a `Doc` into lines no wider than a limit where it can: a group stays on one line when
/// it fits (with whatever follows it up to the next possible break), else its lines break.
/// Every break starts a continuation line at one indentation, deeper than the statement's.
package struct DocPrinter {
  /// How wide a line may be.
  package let width: Int
  /// The statement's indentation (its first line).
  package let indent: Int
  /// The indentation of its continuation lines.
  package let continuation: Int

  private enum Mode { case flat, broken }

  /// A command of the printer's stack: a document in a mode, or the rest of a fill.
  private enum Command {
    case doc(Mode, Doc)
    case fillRest([Doc], Int)
  }

  private var lines: [FormattedLine] = []
  private var code = ""
  private var comment: String?
  private var lineIndent: Int
  /// After an end-of-line comment: the next text starts a new line.
  private var mustBreak = false

  /// A printer for a statement at `indent`, its continuation lines at `continuation`.
  package init(width: Int, indent: Int, continuation: Int) {
    self.width = width
    self.indent = indent
    self.continuation = continuation
    self.lineIndent = indent
  }

  /// The lines of `doc`.
  package static func print(
    _ doc: Doc, width: Int, indent: Int, continuation: Int
  ) -> [FormattedLine] {
    var printer = DocPrinter(width: width, indent: indent, continuation: continuation)
    printer.run(doc)
    return printer.lines
  }

  private mutating func run(_ doc: Doc) {
    var stack: [Command] = [.doc(.broken, doc)]
    while let command = stack.popLast() {
      switch command {
      case .fillRest(let items, let index):
        guard index < items.count else { continue }
        let fitsFlat = !mustBreak && fits([.doc(.flat, items[index])], rest: [], extra: 1)
        if fitsFlat { append(" ") } else { newline() }
        stack.append(.fillRest(items, index + 1))
        stack.append(.doc(.flat, items[index]))
      case .doc(let mode, let doc):
        process(doc, mode, &stack)
      }
    }
    if !code.isEmpty || comment != nil { newline() }
  }

  private mutating func process(_ doc: Doc, _ mode: Mode, _ stack: inout [Command]) {
    switch doc {
    case .text(let text):
      if mustBreak { newline() }
      append(text)
    case .space:
      if mustBreak { newline() } else { append(" ") }
    case .line:
      if mustBreak || mode == .broken { newline() } else { append(" ") }
    case .concat(let docs):
      stack.append(contentsOf: docs.reversed().map { .doc(mode, $0) })
    case .group(let inner):
      let flat = mode == .flat || fits([.doc(.flat, inner)], rest: stack, extra: 0)
      stack.append(.doc(flat ? .flat : .broken, inner))
    case .fill(let items):
      guard let first = items.first else { return }
      stack.append(.fillRest(items, 1))
      stack.append(.doc(.flat, first))
    case .comment(let text):
      if comment != nil { newline() }
      comment = text
      mustBreak = true
    case .commentLine(let text):
      if !code.isEmpty || comment != nil { newline() }
      lines.append(FormattedLine(indent: lineIndent, code: "", comment: text))
      lineIndent = continuation
      mustBreak = false
    }
  }

  private mutating func append(_ text: String) {
    code += text
  }

  private mutating func newline() {
    while code.last == " " { code.removeLast() }
    if !code.isEmpty || comment != nil {
      lines.append(FormattedLine(indent: lineIndent, code: code, comment: comment))
    }
    code = ""
    comment = nil
    lineIndent = continuation
    mustBreak = false
  }

  /// Whether `commands`, printed flat after the current column (and `extra` columns more),
  /// fit, together with what follows them in `rest` up to its first line break.
  private func fits(_ commands: [Command], rest: [Command], extra: Int) -> Bool {
    var remaining = width - lineIndent - code.count - extra
    var broken = mustBreak
    var pending = commands
    var restIndex = rest.count - 1
    while remaining >= 0 {
      guard let command = pending.popLast() else {
        guard restIndex >= 0 else { return true }
        pending.append(rest[restIndex])
        restIndex -= 1
        continue
      }
      let mode: Mode
      let doc: Doc
      switch command {
      case .fillRest: return true
      case .doc(let commandMode, let commandDoc):
        mode = commandMode
        doc = commandDoc
      }
      switch doc {
      case .text(let text):
        if broken {
          remaining = width - continuation
          broken = false
        }
        remaining -= text.count
      case .space:
        if broken {
          remaining = width - continuation
          broken = false
        } else {
          remaining -= 1
        }
      case .line:
        if mode == .broken { return true }
        if broken {
          remaining = width - continuation
          broken = false
        } else {
          remaining -= 1
        }
      case .concat(let docs):
        pending.append(contentsOf: docs.reversed().map { .doc(mode, $0) })
      case .group(let inner):
        pending.append(.doc(mode, inner))
      case .fill(let items):
        let spaced = items.enumerated().flatMap {
          $0.offset == 0 ? [$0.element] : [.space, $0.element]
        }
        pending.append(contentsOf: spaced.reversed().map { .doc(.flat, $0) })
      case .comment:
        broken = true
      case .commentLine:
        remaining = width - continuation
        broken = false
      }
    }
    return false
  }
}
