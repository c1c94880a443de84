/// The lexer, parser, checker and formatter on any text.
///
/// Properties: nothing crashes; a text that does not parse is refused by the formatter; a
/// text that parses formats to a text that parses to the same tree (ranges aside, as
/// `FormatCorpusTests` compares: `fileShape`), keeps its comments, formats to itself again,
/// and checks to the same diagnostics (severity and code, in order: messages quote the source
/// as written, which formatting changes) and the same policies.
enum PolicyTextTarget {
  /// A folder that does not exist: holidays files named without a slash resolve inside it
  /// and are never found (the fuzzer must not read the machine's files).
  static let file = "/nonexistent-vigil-fuzz/fuzz.vigil"

  static func run(_ bytes: UnsafeRawBufferPointer) {
    let original = text(bytes)
    let source = Source(text: original, file: file)
    let (tree, errors) = Parser.parse(source)
    guard errors.isEmpty else {
      if let formatted = try? PolicyFormatter().format(source) {
        fail("formatted a text that does not parse, to:\n\(formatted)")
      }
      return
    }
    let formatted: String
    do {
      formatted = try PolicyFormatter().format(source)
    } catch {
      fail("the formatter refuses a text that parses:\n\(error)")
    }
    let formattedSource = Source(text: formatted, file: file)
    let (reparsed, reparseErrors) = Parser.parse(formattedSource)
    guard reparseErrors.isEmpty else {
      fail("the formatted text does not parse:\n\(formatted)\n\(Diagnostics(all: reparseErrors))")
    }
    guard fileShape(reparsed) == fileShape(tree) else {
      fail("the formatted text means otherwise:\n\(formatted)")
    }
    guard comments(formatted) == comments(original) else {
      fail("the formatted text lost or changed comments:\n\(formatted)")
    }
    guard (try? PolicyFormatter().format(formattedSource)) == formatted else {
      fail("formatting twice changes the text:\n\(formatted)")
    }
    guard readsOnlyMissingFiles(tree) else { return }
    let first = check(tree)
    let second = check(reparsed)
    guard first == second else {
      fail("the formatted text checks otherwise:\n\(first)\nversus\n\(second)\n\(formatted)")
    }
  }

  /// Whether every holidays file the text names resolves inside the missing folder.
  static func readsOnlyMissingFiles(_ tree: PolicyFile) -> Bool {
    for case .calendar(let calendar) in tree.items
    where calendar.holidayFiles.contains(where: { $0.path.contains("/") || $0.path.isEmpty }) {
      return false
    }
    return true
  }

  /// What checking `tree` alone gives (includes are not followed), without locations: each
  /// diagnostic's severity and code, and the policies' names; the program is compiled too.
  static func check(_ tree: PolicyFile) -> [String] {
    var checker = Checker(files: [tree], knownFields: nil)
    let program = checker.check()
    var found = Checker.sorted(checker.diagnostics, files: [tree]).map {
      "\($0.severity) \($0.code)"
    }
    if let program {
      _ = Program(program, idField: FieldPath("id"))
      found += program.policies.map { "policy \(withoutLines($0.name))" }
    }
    return found
  }

  /// `text` without what formatting may change: the line numbers it names (`fuzz.vigil:12`,
  /// `line 12`, replaced by `N`) and the spaces of the source it quotes.
  static func withoutLines(_ text: String) -> String {
    var out = ""
    var skipping = false
    for character in text where !character.isWhitespace {
      if skipping, character.isASCII, character.isNumber { continue }
      skipping = false
      out.append(character)
      if out.hasSuffix(".vigil:") || out.hasSuffix("line") {
        out.append("N")
        skipping = true
      }
    }
    return out
  }

  /// The texts of the comments of `text`, in order, without trailing spaces.
  static func comments(_ text: String) -> [String] {
    var lexer = Lexer(source: Source(text: text, file: file))
    _ = lexer.tokenize()
    return lexer.comments.map { FileLayout.trimmed($0.text) }
  }
}
