import VigilLSP

/// `vigil lsp`: the language server, over standard input and output.
enum LSPCommand {
  static let info = CommandInfo(
    name: name, summary: summary, usage: usage, details: details, options: options,
    run: { arguments, context in try run(arguments, context) })

  static let name = "lsp"
  static let summary = "Serve the Language Server Protocol to an editor, over standard input/output"
  static let usage = "vigil lsp [--stdio]"
  static let details = """
    An editor starts it and talks JSON-RPC 2.0 with it on standard input and output
    (Content-Length framing); messages for people go to standard error. For .vigil files:
    diagnostics as you type (those vigil check gives, with their codes; a did-you-mean is
    related information), quick fixes (apply a did-you-mean, remove an unused definition,
    allow a warning in its policy), formatting (whole or a range) as vigil fmt, document symbols,
    folding (a calendar's versions too), semantic tokens, hover (a definition's text and
    inferred type, a field's type, a builtin's or aggregate's use, a duration's exact value,
    a calendar version's time in force), go to definition, references and rename of
    definitions, calendars and policies (with the expect lines of test files) across the
    workspace's files, completion (the keywords that may stand at the cursor, definitions,
    calendars, builtins, and the field names of a sample data file), and a code lens over
    each policy with its violations in the sample and "explain record ID", whose command
    vigil.explain answers with vigil explain's text (also sent as window/showMessage).
    A file is checked as vigil check FILE checks it: with its includes, which are read from
    the editor when it has them open; an edit checks the closed files that include it too.
    For .vigiltest files: their syntax errors and, once saved, their failed expectations as
    vigil test reports them.

    Settings, as initializationOptions or in vigil.json in the workspace folder:
    {"sample": "data/complaints.csv", "diagnosticsDelay": 10}: the data file whose field
    names completion offers and which the code lens audits (JSON Lines or CSV, relative to
    the workspace folder), and the milliseconds after the last change before diagnostics
    are published (default 10).

    Exit codes: 0 the editor sent shutdown then exit; 1 exit without shutdown, or the input
    ended.

    """
  static let options = [
    OptionSpec(
      name: "stdio", help: "Talk over standard input and output (the default, and only way).")
  ]

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    guard arguments.positionals.isEmpty else {
      throw UsageError("takes no file: the editor sends the documents")
    }
    return StdioConnection.run(version: VigilCLI.version) { line in
      StdioConnection.writeAll(2, Array((line + "\n").utf8))
    }
  }
}
