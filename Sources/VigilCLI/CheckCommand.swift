import Vigil

/// `vigil check PATH…`: parse and check policy files, print diagnostics.
enum CheckCommand {
  static let info = CommandInfo(
    name: name, summary: summary, usage: usage, details: details, options: options,
    run: { arguments, context in try run(arguments, context) })

  static let name = "check"
  static let summary = "Check policy files and report errors and warnings"
  static let usage = "vigil check PATH… [--data FILE] [--allow CODE…] [--root DIR]"
  static let details = """
    PATH is a .vigil file or a folder of them. With --data, field names are checked against
    the fields found in the first 1000 records of FILE, with suggestions for misspellings,
    and fields whose values are texts against comparisons with numbers. --allow CODE
    switches off the warnings with that code (repeatable, or comma-separated; 'all' for
    every warning); errors cannot be switched off.

    \(RootOption.details)

    Exit codes: 0 no errors (warnings allowed); 2 errors.

    """
  static let options = [
    OptionSpec(name: "data", value: "FILE", help: "Sample FILE's fields to check field names."),
    OptionSpec(
      name: "input-format", value: "jsonl|csv", help: "The data's format, if not by extension."),
    allowOption,
    RootOption.spec,
  ]

  /// `--allow CODE`: shared with `vigil audit`, which prints the same warnings.
  static let allowOption = OptionSpec(
    name: "allow", value: "CODE", repeats: true,
    help: "Do not report warnings with this code (repeatable; 'all': every warning).")

  /// The warning codes `--allow` names; a usage error for a code that is not a warning's.
  static func allowed(_ arguments: Arguments) throws(UsageError) -> Set<DiagnosticCode> {
    var codes: Set<DiagnosticCode> = []
    let names = arguments.all("allow").flatMap { $0.split(separator: ",") }.map {
      String($0.filter { $0 != " " })
    }
    for name in names {
      if name == "all" {
        codes.formUnion(DiagnosticCode.warnings)
      } else if let code = DiagnosticCode(rawValue: name), DiagnosticCode.warnings.contains(code) {
        codes.insert(code)
      } else if DiagnosticCode(rawValue: name) != nil {
        throw UsageError(
          "--allow takes the code of a warning, and '\(name)' is an error's: errors cannot be allowed"
        )
      } else {
        let known = DiagnosticCode.warnings.map(\.rawValue) + ["all"]
        let close = Suggestions.closest(to: name, in: known).map { "; did you mean '\($0)'?" }
        throw UsageError(
          "--allow: no warning is called '\(name)'"
            + (close ?? " (warnings: \(known.joined(separator: ", ")))"))
      }
    }
    return codes
  }

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError("name at least one policy file or folder")
    }
    let allowed = try allowed(arguments)
    var sample: FieldSample?
    if let data = arguments.value("data") {
      let format = try DataOptions.format(of: data, arguments.value("input-format"))
      let input = try DataOptions.open(data, context)
      sample = FieldSampler.sample(input: input, format: format, limit: 1000)
    }
    let renderer = DiagnosticRenderer()
    do {
      let policies = try PolicySet(
        contentsOf: arguments.positionals, root: arguments.value("root"),
        knownFields: sample.map { Set($0.fields) },
        textFields: sample?.textFields ?? [:])
      let warnings = policies.warnings.filter { !allowed.contains($0.code) }
      context.stderr.write(renderer.render(warnings))
      let count = policies.policyNames.count
      context.stderr.write(
        "vigil: \(plural(count, "policy", "policies")) checked: no errors, "
          + "\(plural(warnings.count, "warning"))"
          + allowedCount(policies.warnings.count - warnings.count) + "\n")
      return 0
    } catch {
      let shown = error.all.filter { $0.severity == .error || !allowed.contains($0.code) }
      context.stderr.write(renderer.render(shown))
      let errors = error.errors.count
      context.stderr.write(
        "vigil: \(plural(errors, "error")), "
          + "\(plural(shown.count - errors, "warning"))"
          + allowedCount(error.all.count - shown.count) + "\n")
      return 2
    }
  }

  /// ` (2 allowed)`: the warnings `--allow` kept quiet, if any.
  static func allowedCount(_ count: Int) -> String {
    count > 0 ? " (\(count) allowed)" : ""
  }
}

func plural(_ count: Int, _ noun: String, _ nouns: String? = nil) -> String {
  "\(count) \(count == 1 ? noun : nouns ?? noun + "s")"
}
