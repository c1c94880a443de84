import Vigil
import VigilCore

/// A command's options, as declared for parsing and for `--help`.
struct OptionSpec: Sendable {
  /// The long name, without dashes (`now`).
  var name: String
  /// A one-letter alias (`o`), if any.
  var short: Character?
  /// The value's placeholder (`T`), or nil for a flag.
  var value: String?
  /// Whether it may be given more than once.
  var repeats = false
  /// What it does, for `--help`.
  var help: String
}

/// Parsed arguments: positionals and option values.
struct Arguments {
  var positionals: [String] = []
  var values: [String: [String]] = [:]
  var flags: Set<String> = []

  func value(_ name: String) -> String? { values[name]?.last }
  func all(_ name: String) -> [String] { values[name] ?? [] }
  func has(_ name: String) -> Bool { flags.contains(name) }

  /// Parses `arguments` against `specs`. `--name value`, `--name=value`, `-o value`; `--`
  /// ends options; a lone `-` is a positional or value (standard input).
  static func parse(_ arguments: [String], specs: [OptionSpec]) throws -> Arguments {
    var result = Arguments()
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
        result.positionals.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      var name = argument.hasPrefix("--") ? String(argument.dropFirst(2)) : ""
      var inline: String?
      if let equals = name.firstIndex(of: "=") {
        inline = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      let spec: OptionSpec?
      if argument.hasPrefix("--") {
        spec = specs.first { $0.name == name }
      } else {
        let letter = argument.dropFirst().first
        spec = argument.count == 2 ? specs.first { $0.short == letter } : nil
      }
      guard let spec else { throw unknownOption(argument, specs) }
      guard spec.value != nil else {
        if inline != nil { throw UsageError("\(argument.split(separator: "=")[0]) takes no value") }
        result.flags.insert(spec.name)
        continue
      }
      guard let value = inline ?? (index < arguments.count ? arguments[index] : nil) else {
        throw UsageError("--\(spec.name) needs a value: --\(spec.name) \(spec.value ?? "")")
      }
      if inline == nil { index += 1 }
      if !spec.repeats && result.values[spec.name] != nil {
        throw UsageError("--\(spec.name) is given twice")
      }
      result.values[spec.name, default: []].append(value)
    }
    return result
  }

  static func unknownOption(_ argument: String, _ specs: [OptionSpec]) -> UsageError {
    let name = argument.drop { $0 == "-" }.split(separator: "=").first.map(String.init) ?? ""
    if let close = Suggestions.closest(to: name, in: specs.map(\.name)) {
      return UsageError("unknown option '\(argument)'; did you mean '--\(close)'?")
    }
    return UsageError("unknown option '\(argument)'")
  }
}

/// A mistake on the command line: exit code 2, the message, and the command's usage (unless
/// the arguments were right but what they name is not: a file that cannot be read).
struct UsageError: Error {
  var message: String
  /// Whether the command's usage follows the message.
  var showsUsage = true
  init(_ message: String) { self.message = message }

  /// A path the arguments give that cannot be read: the message alone, no usage.
  static func unreadable(_ message: String) -> UsageError {
    var error = UsageError(message)
    error.showsUsage = false
    return error
  }
}
