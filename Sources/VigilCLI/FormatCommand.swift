import Foundation
import Vigil
import VigilCore
import VigilFormat
import VigilRecords
import VigilSyntax

/// `vigil fmt PATH…`: rewrite policy files in the canonical layout, or check or show what would
/// change.
enum FormatCommand {
  static let info = CommandInfo(
    name: name, summary: summary, usage: usage, details: details, options: options,
    run: { arguments, context in try run(arguments, context) })

  static let name = "fmt"
  static let summary = "Format policy files in the canonical layout"
  static let usage = "vigil fmt PATH… [--check | --diff]"
  static let details = """
    PATH is a .vigil file or a folder, whose .vigil files are formatted (recursively, in
    sorted order, skipping hidden folders); - formats standard input to standard output. Files
    are rewritten in place, and only when their layout changes: each is written beside itself
    and renamed over the old one, so an interrupted run leaves no file half written. A file
    that does not parse is left as it is and its errors are shown.

    Exit codes: 0 done (with --check or --diff: nothing would change); 1 with --check or
    --diff, some file would change; 2 a file does not parse or cannot be read, or a usage error.

    """
  static let options = [
    OptionSpec(
      name: "check", help: "Change nothing; list the files that would change (exit 1 if any)."),
    OptionSpec(
      name: "diff", help: "Change nothing; show how each file would change (exit 1 if any)."),
  ]

  /// What to do with a file whose layout would change.
  enum Mode {
    case write, check, diff
  }

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError("name at least one policy file or folder, or - for standard input")
    }
    let mode: Mode = arguments.has("diff") ? .diff : arguments.has("check") ? .check : .write
    var run = FormatRun(mode: mode, context: context)
    for path in arguments.positionals {
      if path == "-" {
        run.formatStandardInput()
        continue
      }
      for file in run.files(at: path) { run.format(file) }
    }
    return run.finish()
  }
}

/// One `vigil fmt` run: formats files one by one and remembers what happened.
struct FormatRun {
  let mode: FormatCommand.Mode
  let context: CommandContext
  let formatter = PolicyFormatter()
  /// Files that would change (with `--check` or `--diff`).
  var changed = 0
  /// Files that do not parse or cannot be read or written.
  var failed = 0
  /// Their errors.
  var errors = 0

  init(mode: FormatCommand.Mode, context: CommandContext) {
    self.mode = mode
    self.context = context
  }

  /// The `.vigil` files at `path`: the file itself, or those in the folder, sorted.
  mutating func files(at path: String) -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      fail("no such file or folder: \(path)")
      return []
    }
    guard isDirectory.boolValue else { return [path] }
    guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
    var found: [String] = []
    while let relative = walker.nextObject() as? String {
      let name = (relative as NSString).lastPathComponent
      if name.hasPrefix(".") {
        walker.skipDescendants()
      } else if name.hasSuffix(".vigil") {
        found.append(relative)
      }
    }
    if found.isEmpty { fail("no .vigil files in \(path)") }
    let base = path.hasSuffix("/") ? String(path.dropLast()) : path
    return found.sorted().map { base + "/" + $0 }
  }

  /// Formats the file at `path` as the mode says.
  mutating func format(_ path: String) {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      fail("cannot read \(path) (missing or not UTF-8)")
      return
    }
    guard let formatted = formatted(text, file: path), formatted != text else { return }
    switch mode {
    case .write:
      // Written beside the file and renamed over it: an interrupted run never leaves half.
      do {
        let file = try ReplacementFile(path: path)
        file.write(formatted)
        try file.commit()
      } catch {
        fail(error.message)
      }
    case .check:
      changed += 1
      context.stdout.write(path + "\n")
    case .diff:
      changed += 1
      context.stdout.write(UnifiedDiff().render(old: text, new: formatted, file: path))
    }
  }

  /// Formats standard input: to standard output, or checked or diffed as `stdin`.
  mutating func formatStandardInput() {
    let input = context.stdin ?? ByteInput(fileDescriptor: 0)
    let text: String
    do {
      var bytes = try input.readAll()
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
      guard let decoded = String(validating: bytes, as: UTF8.self) else {
        fail("cannot read standard input (not UTF-8)")
        return
      }
      text = decoded
    } catch {
      fail(error.message)
      return
    }
    guard let formatted = formatted(text, file: "stdin") else { return }
    switch mode {
    case .write:
      context.stdout.write(formatted)
    case .check where formatted != text:
      changed += 1
      context.stdout.write("stdin\n")
    case .diff where formatted != text:
      changed += 1
      context.stdout.write(UnifiedDiff().render(old: text, new: formatted, file: "stdin"))
    case .check, .diff:
      break
    }
  }

  /// `text` formatted, or nil after its errors were shown.
  private mutating func formatted(_ text: String, file: String) -> String? {
    do {
      return try formatter.format(text, file: file)
    } catch {
      context.stderr.write(DiagnosticRenderer().render(error.all))
      failed += 1
      errors += error.errors.count
      return nil
    }
  }

  private mutating func fail(_ message: String) {
    context.stderr.write("vigil fmt: \(message)\n")
    failed += 1
  }

  /// The exit code, after a summary of the files left unformatted.
  func finish() -> Int32 {
    if errors > 0 {
      context.stderr.write(
        "vigil: \(plural(errors, "error")): "
          + "\(plural(failed, "file", "files")) left as \(failed == 1 ? "it was" : "they were")\n")
    }
    if failed > 0 { return 2 }
    return changed > 0 ? 1 : 0
  }
}
