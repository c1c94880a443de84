import Vigil
import VigilSyntax

/// `vigil test PATH…`: run policy tests.
enum TestCommand {
  static let info = CommandInfo(
    name: name, summary: summary, usage: usage, details: details, options: [RootOption.spec],
    run: { arguments, context in try run(arguments, context) })

  static let name = "test"
  static let summary = "Run policy tests: example records and what each policy should find"
  static let usage = "vigil test PATH… [--root DIR]"
  static let details = """
    PATH is a .vigiltest file or a folder searched for them. A test file tests the policies of
    the .vigil file with the same name (or those its 'policies' line names); each test writes
    records with times relative to a fixed now, and expects per policy a violation (with its
    party, level, severity, open or closed), no violation, at risk, a data error or not enough
    data. A policy is named by its name, its location FILE:LINE, or the end of that at a
    folder ("complaints.vigil:6"); an end several policies share fails. One line per test; a failure shows what was expected, what was found, and why, part
    by part. The format is in the README.

    The files a test file names (its policies and directory lines) must be inside its root:
    the test file's folder, or DIR with --root DIR. The policy files' includes and holidays
    files are read only inside their own folder, or DIR.

    Exit codes: 0 every test passed; 1 a test failed; 2 a test or policy file has errors.

    """

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError("name the test files or folders to run")
    }
    var runner = PolicyTestRunner(root: arguments.value("root"))
    runner.rootOption = RootOption.name
    let report = runner.run(paths: arguments.positionals)
    context.stdout.write(report.text)
    context.stderr.write(DiagnosticRenderer().render(report.diagnostics))
    context.stderr.write(
      "vigil test: \(report.passed) passed, \(report.failed) failed"
        + " (\(plural(report.files, "file")))"
        + (report.diagnostics.isEmpty
          ? "" : "; \(plural(report.diagnostics.count, "error")) in test or policy files")
        + "\n")
    if !report.diagnostics.isEmpty { return 2 }
    if report.files == 0 {
      context.stderr.write("vigil test: no .vigiltest file found\n")
      return 2
    }
    return report.failed > 0 ? 1 : 0
  }
}
