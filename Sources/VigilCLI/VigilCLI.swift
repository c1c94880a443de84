import Vigil
import VigilCore
import VigilRecords

/// The `vigil` command line, a thin layer over the library. Every command runs in-process
/// against the sinks it is given, so tests see exactly what a user sees.
package enum VigilCLI {
  /// The version `vigil --version` prints.
  package static let version = "0.1.0"

  static let commands: [CommandInfo] = [
    CheckCommand.info, AuditCommand.info, TestCommand.info, ExplainCommand.info, DiffCommand.info,
    FormatCommand.info,
    LSPCommand.info,
    SQLCommand.info,
    WatchCommand.info,
  ]

  /// Runs `vigil` on the process's standard streams and returns the exit code.
  package static func main(_ arguments: [String]) -> Int32 {
    // An interrupted command removes the temporary files of what it was writing.
    TemporaryFiles.installSignalHandlers()
    LeftForExit.processEndsAfterCommand = true
    let stdout = FileSink(descriptor: 1)
    let stderr = FileSink(descriptor: 2)
    let code = run(arguments, stdout: stdout, stderr: stderr)
    stdout.flush()
    stderr.flush()
    return code
  }

  /// Runs `vigil` with `arguments` (without the program's name).
  /// - Parameters:
  ///   - stdin: what `-` reads; the process's standard input when nil.
  ///   - clock: the time without `--now`, in milliseconds since the epoch; the system clock
  ///     when nil.
  /// - Returns: the exit code: 0 no violations, 1 violations, 2 policy or usage errors,
  ///   3 data errors under `--strict`.
  package static func run(
    _ arguments: [String], stdout: OutputSink, stderr: OutputSink, stdin: ByteInput? = nil,
    clock: (@Sendable () -> Int64)? = nil
  ) -> Int32 {
    let context = CommandContext(
      stdout: stdout, stderr: stderr, stdin: stdin, clock: clock ?? NowOption.systemClock)
    guard let first = arguments.first else {
      stderr.write(generalHelp)
      return 2
    }
    switch first {
    case "--help", "-h":
      stdout.write(generalHelp)
      return 0
    case "help":
      return help(topic: arguments.dropFirst().first, context)
    case "--version", "-V":
      stdout.write("vigil \(version)\n")
      return 0
    default:
      break
    }
    if first == "version" {
      stderr.write("vigil: unknown command 'version'; for the version, run: vigil --version\n")
      return 2
    }
    guard let command = commands.first(where: { $0.name == first }) else {
      var message = "vigil: unknown command '\(first)'"
      if let close = Suggestions.closest(to: first, in: commands.map(\.name)) {
        message += "; did you mean '\(close)'?"
      }
      stderr.write(message + "\n\n" + generalHelp)
      return 2
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
      stdout.write(command.help)
      return 0
    }
    do {
      let parsed = try Arguments.parse(rest, specs: command.options)
      return try command.run(parsed, context)
    } catch let error as UsageError {
      stderr.write(
        "vigil \(command.name): \(error.message)\n"
          + (error.showsUsage ? "\n\(command.usageLines)" : ""))
      return 2
    } catch {
      stderr.write("vigil \(command.name): \(error)\n")
      return 2
    }
  }

  static func help(topic: String?, _ context: CommandContext) -> Int32 {
    guard let topic else {
      context.stdout.write(generalHelp)
      return 0
    }
    if topic == "help" || topic == "--help" || topic == "-h" {
      context.stdout.write(helpHelp)
      return 0
    }
    guard let command = commands.first(where: { $0.name == topic }) else {
      context.stderr.write("vigil help: no command named '\(topic)'\n\n" + generalHelp)
      return 2
    }
    context.stdout.write(command.help)
    return 0
  }

  /// What `vigil help help` shows.
  static var helpHelp: String {
    """
    Show help for a command

    Usage: vigil help [COMMAND]

    Without COMMAND, lists the commands; with one, shows its options, what it does and its
    exit codes, as 'vigil COMMAND --help' does. COMMAND is one of:
      \(commands.map(\.name).joined(separator: ", ")), help.

    Exit codes: 0 shown; 2 no command of that name.

    """
  }

  static var generalHelp: String {
    var text = """
      vigil \(version) — checks service records against service-quality policies

      Usage: vigil <command> [arguments]

      Commands:

      """
    for command in commands {
      text += "  " + command.name.padding(9) + command.summary + "\n"
    }
    text += """
        help     Show help for a command: vigil help audit

      Options: --help, --version

      Exit codes (audit): 0 no violations; 1 violations found; 2 policy or usage errors;
      3 data errors under --strict. Each command's --help gives its own.

      """
    return text
  }
}

/// What a command writes to and reads from.
struct CommandContext {
  let stdout: OutputSink
  let stderr: OutputSink
  let stdin: ByteInput?
  /// The time when no `--now` is given.
  let clock: @Sendable () -> Int64
}

/// One `vigil` command: its name, its help, and what it runs.
struct CommandInfo: Sendable {
  var name: String
  var summary: String
  /// `vigil audit RULES… --data FILE …`
  var usage: String
  /// More about the command, after the options.
  var details: String
  var options: [OptionSpec]
  var run: @Sendable (Arguments, CommandContext) throws -> Int32

  var usageLines: String {
    "Usage: \(usage)\nRun 'vigil help \(name)' for more.\n"
  }

  var help: String {
    var text = "\(summary)\n\nUsage: \(usage)\n\nOptions:\n"
    for option in options {
      var flag = "--\(option.name)"
      if let short = option.short { flag = "-\(short), " + flag }
      if let value = option.value { flag += " \(value)" }
      text += Self.optionLine(flag, option.help)
    }
    text += Self.optionLine("-h, --help", "Show this help.")
    return text + (details.isEmpty ? "" : "\n" + details)
  }
}

extension CommandInfo {
  /// The column where options' help starts, and the width help lines are wrapped to.
  static let helpColumn = 28
  static let helpWidth = 100

  /// `  --flag VALUE   What it does`, its help wrapped at `helpWidth` columns with every line
  /// after the first starting at `helpColumn` (and the first too when the flag reaches it).
  static func optionLine(_ flag: String, _ help: String) -> String {
    let indent = String(repeating: " ", count: helpColumn)
    var lines =
      flag.count < helpColumn - 2 ? ["  " + flag.padding(helpColumn - 2)] : ["  " + flag, indent]
    var atStart = true
    for word in help.split(separator: " ") {
      if !atStart && lines[lines.count - 1].count + 1 + word.count > helpWidth {
        lines.append(indent)
        atStart = true
      }
      lines[lines.count - 1] += (atStart ? "" : " ") + word
      atStart = false
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
