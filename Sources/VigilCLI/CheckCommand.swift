import Vigil

/// `vigil check PATH…`: parse and check policy files, print diagnostics.
enum CheckCommand {
  static let info = CommandInfo(
    name: name, summary: summary, usage: usage, details: details, options: options,
    run: { arguments, context in try run(arguments, context) })

  static let name = "check"
  static let summary = "Check policy files and report errors and warnings"
  static let usage = "vigil check PATH… [--data FILE]"
  static let details = """
    PATH is a .vigil file or a folder of them. With --data, field names are checked against
    the fields found in the first 1000 records of FILE, with suggestions for misspellings.

    Exit codes: 0 no errors (warnings allowed); 2 errors.

    """
  static let options = [
    OptionSpec(name: "data", value: "FILE", help: "Sample FILE's fields to check field names."),
    OptionSpec(
      name: "input-format", value: "jsonl|csv", help: "The data's format, if not by extension."),
  ]

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError("name at least one policy file or folder")
    }
    var knownFields: Set<FieldPath>?
    if let data = arguments.value("data") {
      let format = try DataOptions.format(of: data, arguments.value("input-format"))
      let input = try DataOptions.open(data, context)
      knownFields = Set(FieldSampler.fieldNames(input: input, format: format, limit: 1000))
    }
    let renderer = DiagnosticRenderer()
    do {
      let policies = try PolicySet(contentsOf: arguments.positionals, knownFields: knownFields)
      context.stderr.write(renderer.render(policies.warnings))
      let count = policies.policyNames.count
      context.stderr.write(
        "vigil: \(plural(count, "policy", "policies")) checked: no errors, "
          + "\(plural(policies.warnings.count, "warning"))\n")
      return 0
    } catch {
      context.stderr.write(renderer.render(error.all))
      let errors = error.errors.count
      context.stderr.write(
        "vigil: \(plural(errors, "error")), "
          + "\(plural(error.all.count - errors, "warning"))\n")
      return 2
    }
  }
}

func plural(_ count: Int, _ noun: String, _ nouns: String? = nil) -> String {
  "\(count) \(count == 1 ? noun : nouns ?? noun + "s")"
}
