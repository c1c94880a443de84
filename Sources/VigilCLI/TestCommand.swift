import Foundation
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
    folder ("complaints.vigil:6"); an end several policies share fails. One line per test; a
    failure shows what was expected, what was found, and why, part by part.

    The format of a test file, with its grammar, is in Grammar.md, section "Policy tests
    (.vigiltest files)"; the README's "vigil test" shows an example.

    The files a test file names (its policies and directory lines) must be inside its root:
    the test file's folder, or DIR with --root DIR. The policy files' includes and holidays
    files are read only inside their own folder, or DIR.

    Exit codes: 0 every test passed; 1 a test failed; 2 a test or policy file has errors, a
    file given is not a .vigiltest file, or there was no test to run.

    """

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    let paths = arguments.positionals
    guard !paths.isEmpty else {
      throw UsageError("name the test files or folders to run")
    }
    try GivenPaths.requireExisting(paths, what: "test file or folder")
    for path in paths where !path.hasSuffix(".vigiltest") && !isFolder(path) {
      throw .unreadable(notATestFile(path))
    }
    var runner = PolicyTestRunner(root: arguments.value("root"))
    runner.rootOption = RootOption.name
    let report = runner.run(paths: paths)
    context.stdout.write(report.text)
    context.stderr.write(DiagnosticRenderer().render(report.diagnostics))
    if report.diagnostics.isEmpty && report.passed + report.failed == 0 {
      // Nothing was tested: not a pass.
      context.stderr.write("vigil test: no tests: \(noTests(paths, files: report.files))\n")
      return 2
    }
    context.stderr.write(
      "vigil test: \(report.passed) passed, \(report.failed) failed"
        + " (\(plural(report.files, "file")))"
        + (report.diagnostics.isEmpty
          ? "" : "; \(plural(report.diagnostics.count, "error")) in test or policy files")
        + "\n")
    if !report.diagnostics.isEmpty { return 2 }
    return report.failed > 0 ? 1 : 0
  }

  static func isFolder(_ path: String) -> Bool {
    var folder: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
  }

  /// What is wrong with a file given that is not a `.vigiltest` file, and which one to give.
  static func notATestFile(_ path: String) -> String {
    guard path.hasSuffix(".vigil") else {
      return "'\(path)' is not a test file: test files end in .vigiltest"
    }
    let tests = String(path.dropLast(".vigil".count)) + ".vigiltest"
    return "'\(path)' is a policy file, not a test file: its tests go in '\(tests)', "
      + (FileManager.default.fileExists(atPath: tests)
        ? "so run: vigil test \(tests)"
        : "which does not exist (Grammar.md, \"Policy tests\", shows what one holds)")
  }

  /// Why a run found no test: no test file in the folders given, or test files without one.
  static func noTests(_ paths: [String], files: Int) -> String {
    let given = paths.map { "'\($0)'" }.joined(separator: ", ")
    if files == 0 {
      return "no .vigiltest file in \(given)"
    }
    return "\(given) \(files == 1 && paths.count == 1 ? "holds" : "hold") no 'test' block"
      + " (Grammar.md, \"Policy tests\", shows what one holds)"
  }
}
