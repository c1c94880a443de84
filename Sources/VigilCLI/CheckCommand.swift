import Vigil
import VigilCore
import VigilEvaluation
import VigilRecords
import VigilSyntax

/// `vigil check PATH…`: parse and check policy files, print diagnostics.
enum CheckCommand {
  static let info = CommandInfo(
    name: name, summary: summary, usage: usage, details: details, options: options,
    run: { arguments, context in try run(arguments, context) })

  static let name = "check"
  static let summary = "Check policy files and report errors and warnings"
  static let usage =
    "vigil check PATH… [--data FILE] [--allow CODE…] [--format text|json|sarif] [--root DIR]"
  static let details = """
    PATH is a .vigil file or a folder of them. With --data, every record of FILE is read for
    the fields the policies read: a field no record has is a warning, with the closest field
    the data has, as vigil audit gives it; fields whose values in the first 1000 records are
    texts are checked against comparisons with numbers. Policy files with no policy are a
    warning. --allow CODE switches off the warnings with that code (repeatable, or
    comma-separated; 'all' for every warning); errors cannot be switched off.

    --format json writes the diagnostics to standard output, one JSON object a line: file,
    line, column, end_line, end_column (columns in Unicode code points, the end one past the
    last), severity, code, message, help, fix ({"replacement"} when the fix is certain, as
    '==' for '=') and notes; a warning about --data has no file. --format sarif writes one
    SARIF 2.1.0 log, which code-scanning tools read: a result per diagnostic with its rule
    (the code), level, message and help, region, notes as related locations and fixes. The
    summary line stays on standard error.

    \(RootOption.details)

    Exit codes: 0 no errors (warnings allowed); 2 errors.

    """
  static let options = [
    OptionSpec(
      name: "data", value: "FILE", help: "Check the fields the policies read against FILE's."),
    DataOptions.inputFormatSpec,
    allowOption,
    OptionSpec(
      name: "format", value: "text|json|sarif",
      help: "text (default, on standard error), JSON Lines or SARIF 2.1.0 (on standard output)."),
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
    let format = try parseFormat(arguments.value("format"))
    var data: (path: String, format: InputFormat, bytes: [UInt8]?, sample: FieldSample)?
    if let path = arguments.value("data") {
      let given = try DataOptions.format(of: path, arguments.value("input-format"))
      // Standard input is read once, whole: sampled, then read again for every record.
      let whole = path == "-" ? try readAll(DataOptions.open(path, context)) : nil
      let format = given ?? whole.flatMap { InputFormat.sniffed($0) } ?? .jsonl
      let sample = FieldSampler.sample(
        input: try open(path, whole, context), format: format, limit: 1000)
      data = (path, format, whole, sample)
    }
    let renderer = DiagnosticRenderer()
    try GivenPaths.requireExisting(arguments.positionals, what: GivenPaths.policies)
    let policies: PolicySet
    do {
      policies = try PolicySet(
        contentsOf: arguments.positionals, root: arguments.value("root"),
        rootOption: RootOption.name, textFields: data?.sample.textFields ?? [:])
    } catch {
      let shown = error.all.filter { $0.severity == .error || !allowed.contains($0.code) }
      if format == .text { context.stderr.write(renderer.render(shown)) }
      context.stdout.write(
        CheckReportWriter(format: format, diagnostics: shown, dataWarnings: []).write())
      let errors = error.errors.count
      context.stderr.write(
        "vigil: \(plural(errors, "error")), "
          + "\(plural(shown.count - errors, "warning"))"
          + allowedCount(error.all.count - shown.count) + "\n")
      return 2
    }
    let warnings = policies.warnings.filter { !allowed.contains($0.code) }
    if format == .text { context.stderr.write(renderer.render(warnings)) }
    // The same judgement of the data as `vigil audit`'s, over every record.
    var dataWarnings = policies.policyNames.isEmpty ? [DataWarning.noPolicies] : []
    if let data {
      let presence = policies.fieldPresence(
        input: try open(data.path, data.bytes, context), format: data.format,
        idField: FieldPath("id"), names: data.sample.fields)
      dataWarnings += policies.dataWarnings(
        presence, input: data.path == "-" ? "stdin" : data.path, idField: FieldPath("id"),
        idGiven: false)
    }
    let allowedCodes = Set(allowed.map(\.rawValue))
    let shownData = dataWarnings.filter { !allowedCodes.contains($0.code.rawValue) }
    if format == .text {
      for warning in shownData { context.stderr.write(warning.rendered(asError: false)) }
    }
    context.stdout.write(
      CheckReportWriter(format: format, diagnostics: warnings, dataWarnings: shownData).write())
    let hidden = policies.warnings.count - warnings.count + dataWarnings.count - shownData.count
    context.stderr.write(
      "vigil: \(plural(policies.policyNames.count, "policy", "policies")) checked: no errors, "
        + "\(plural(warnings.count + shownData.count, "warning"))" + allowedCount(hidden) + "\n")
    return 0
  }

  /// `--format`: text (the default), json or sarif.
  static func parseFormat(_ text: String?) throws(UsageError) -> CheckReportWriter.Format {
    guard let text else { return .text }
    guard let format = CheckReportWriter.Format(rawValue: text) else {
      throw UsageError("--format must be text, json or sarif, not '\(text)'")
    }
    return format
  }

  /// The data at `path`, or the bytes of standard input read before.
  static func open(_ path: String, _ whole: [UInt8]?, _ context: CommandContext) throws(UsageError)
    -> ByteInput
  {
    if let whole { return ByteInput(bytes: whole) }
    return try DataOptions.open(path, context)
  }

  /// Every byte of `input` (standard input, to be read twice).
  static func readAll(_ input: ByteInput) throws(UsageError) -> [UInt8] {
    do {
      return try input.readAll()
    } catch {
      throw UsageError(error.message)
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
