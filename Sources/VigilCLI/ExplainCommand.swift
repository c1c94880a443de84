import Vigil
import VigilSyntax

/// `vigil explain RULES… --data FILE --record ID`: why each policy did or did not fire.
enum ExplainCommand {
  static let info = CommandInfo(
    name: name, summary: summary, usage: usage, details: details, options: options,
    run: { arguments, context in try run(arguments, context) })

  static let name = "explain"
  static let summary = "Show why each policy did or did not fire for one record"
  static let usage = "vigil explain RULES… --data FILE --record ID [--policy NAME…] [options]"
  static let details = """
    Finds the first record of FILE whose id is ID (or which is named FILE:LINE, for records
    without one) and, for each policy (or each --policy), prints its verdict (below) with the
    violation as a report shows it, then its condition part by part with each part's value
    for the record: conditions true, false or unknown, values compared, states with their
    start, end and length. Definitions are shown by name; --verbose also shows their bodies
    and the literals. Every record of FILE is read: a group policy's parts that add up its
    group are shown with the values of the record's group, and group and sequence verdicts
    are those of the whole audit; a policy judged per cycle lists the case's cycles with their
    verdicts and shows the condition of the first that broke it (else the last judged); a
    policy naming a holder (accountable: Resource at breach) lists who held the case in each
    stretch of its state, the time counted, the budget left, and the stretch that broke it.
    --policy takes a policy's name, its location FILE:LINE, or the end of that at a folder
    (complaints.vigil:6); one that could name several policies is an error listing them, one
    that names none an error listing every policy.

    Verdicts:
    \(verdicts)

    Exit codes: 0 explained; 1 no record has that id; 2 policy or usage errors.

    """
  /// Every verdict `explain` can print, one a line, with what it means.
  static var verdicts: String {
    PolicyExplanation.Verdict.allCases.map { verdict in
      let meaning: String
      switch verdict {
      case .fired:
        meaning = "the record broke the policy (its group did, or it was not followed in time)"
      case .notFired: meaning = "it did not"
      case .atRisk: meaning = "not yet broken, but past the policy's 'warn at'"
      case .dataError: meaning = "a value could not be read, so the condition is unknown"
      case .notEnoughData: meaning = "the record's group has fewer records than 'at least' asks"
      }
      return "  \(verdict.rawValue.padding(17))\(meaning)"
    }.joined(separator: "\n")
  }

  static let options =
    [
      OptionSpec(name: "data", value: "FILE", help: "The records (JSON Lines or CSV)."),
      OptionSpec(name: "record", value: "ID", help: "The record's id, or FILE:LINE."),
      OptionSpec(
        name: "policy", value: "NAME", repeats: true,
        help: "Explain only this policy: its name, FILE:LINE, or its end (repeatable)."),
      OptionSpec(name: "verbose", short: "v", help: "Show definitions' bodies and literals too."),
      OptionSpec(name: "format", value: "text|json", help: "text (default) or json."),
    ] + DataOptions.readingOptions + [RootOption.spec]

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError("name the policy files to explain")
    }
    guard let data = arguments.value("data") else {
      throw UsageError("name the records: --data FILE")
    }
    guard let record = arguments.value("record") else {
      throw UsageError("name the record to explain: --record ID")
    }
    let now = try NowOption.parse(arguments.value("now"), clock: context.clock).now
    let format = try DataOptions.textOrJSON(arguments.value("format"))
    let inputFormat = try DataOptions.format(of: data, arguments.value("input-format"))
    try GivenPaths.requireExisting(arguments.positionals, what: GivenPaths.policies)
    let policies: PolicySet
    do {
      policies = try PolicySet.explaining(
        contentsOf: arguments.positionals, root: arguments.value("root"),
        rootOption: RootOption.name)
    } catch {
      context.stderr.write(DiagnosticRenderer().render(error.all))
      context.stderr.write(
        "vigil: the policies have \(plural(error.errors.count, "error")); nothing was explained\n")
      return 2
    }
    var names: [String] = []
    for reference in arguments.all("policy") {
      do {
        names.append(try policies.policyName(for: reference))
      } catch  where !error.policies.isEmpty {
        // No policy answers to it: the names there are, one a line.
        context.stderr.write(
          "vigil explain: \(error.message)\nthe policies are:\n"
            + error.policies.map { "  \($0)\n" }.joined())
        return 2
      } catch {
        throw UsageError(error.message)
      }
    }
    let maxLineBytes = try DataOptions.maxLineBytes(arguments.value("max-line-bytes"))
    let directory = try AuditCommand.readDirectory(
      arguments.value("directory"), policies, maxLineBytes: maxLineBytes, context)
    let idField = DataOptions.idField(arguments)
    let shown = data == "-" ? "stdin" : data
    let input = try DataOptions.open(data, context)
    guard
      let explanation = policies.explain(
        record: record, input: input, format: DataOptions.format(inputFormat, of: input),
        name: shown, now: now, idField: idField, policies: names.isEmpty ? nil : names,
        directory: directory, maxLineBytes: maxLineBytes, limitOption: DataOptions.limitOption)
    else {
      context.stderr.write(
        "vigil explain: no record in \(shown) has the id '\(record)' (field \(idField.description))\n"
      )
      return 1
    }
    context.stdout.write(
      ExplanationWriter(format: format, verbose: arguments.has("verbose")).write(explanation))
    return 0
  }
}
