import Foundation
import Vigil
import VigilEvaluation
import VigilRecords
import VigilReports
import VigilSyntax

/// `vigil audit RULES… --data FILE`: check records against policies, report violations.
enum AuditCommand {
  static let info = CommandInfo(
    name: name, summary: summary, usage: usage, details: details, options: options,
    run: { arguments, context in try run(arguments, context) })

  static let name = "audit"
  static let summary = "Audit records against policies and report violations"
  static let usage = "vigil audit RULES… --data FILE [--data FILE…] [options]"
  static let details = """
    RULES are .vigil files or folders of them. FILE is JSON Lines (.jsonl, .ndjson, .json)
    or CSV (.csv); '-' reads standard input (JSON Lines if it starts with '{', else CSV,
    unless --input-format says). Violations go to standard
    output (or -o FILE) in input order, then policy order, and group policies' violations
    after them; rejected lines, data errors, groups with not enough data and the summary go
    to standard error (at most 50 of each kind). With --report accountability, standard output
    gets one report per accountable party instead (rolled up by team and manager with
    --directory), and the groups with not enough data are one line, counted per policy.
    Per party and policy it counts the records in scope met, violated and pending (and at
    risk), with compliance = met / (met + violated): Grammar.md, "Scope and compliance".

    --errors FILE lists every rejected line and data error, in input order, one JSON object
    a line: kind ("rejected" or "data_error"), file, line, record, policy, field, value (as
    read), message, and help when there is one. --errors - writes them to standard output
    when the report goes to a file (-o FILE).

    A file written with -o or --errors is written beside it under a temporary name and
    replaces it only when the audit ends: an audit that fails (exit 2) or is interrupted
    (Ctrl-C, SIGTERM) leaves the old file as it was and no temporary file.

    Every report says where it came from: the instant (given with --now, or from the clock),
    the policy files and the SHA-256 digest of the policy set (every file read, includes and
    holidays files too; see README), each data file's bytes and lines, the directory, and
    Vigil's version — in a block before the summary line on standard error, in the
    accountability report, and as the last line of --format json, {"summary": {…}}.
    A violation whose open-or-closed nothing decided (open: null) is counted undetermined,
    neither open nor closed.

    Each input is judged as a whole (CSV before its records, JSON Lines after them); standard
    error names a field the policies read that no record has (with the field meant), a field
    given twice (a CSV column, a JSON key in one object), records repeating an earlier
    record's id, and policy files with no policy. These are warnings; --strict makes them
    errors. A CSV cell read as a number follows JSON's number grammar (0x10, NaN, inf and
    1_000 are data errors).

    Exit codes: 0 no violations; 1 violations found; 2 policy or usage errors, a file given
    that cannot be read (nothing is audited), a file that could not be written, or an --id
    field no input has; 3 a rejected line, a data error or
    a warning about an input under --strict. Stopped by
    SIGINT or SIGTERM, vigil ends by that signal (the shell shows 130 or 143).

    """
  static let options = [
    OptionSpec(name: "data", value: "FILE", repeats: true, help: "Records to audit (repeatable)."),
    NowOption.spec,
    OptionSpec(
      name: "format", value: "text|json|csv|html",
      help: "Report format (default: text; html for the accountability report)."),
    OptionSpec(
      name: "report", value: "violations|accountability",
      help: "What to report: each violation (default), or per accountable party."),
    OptionSpec(
      name: "id", value: "FIELD", help: "The field that identifies a record (default: id)."),
    DataOptions.inputFormatSpec,
    OptionSpec(
      name: "strict",
      help: "Stop at the first rejected line; exit 3 on data errors and warnings about inputs."),
    OptionSpec(
      name: "jobs", short: "j", value: "N", help: "Threads evaluating records (default: all cores)."
    ),
    DataOptions.maxLineBytesSpec,
    OptionSpec(
      name: "output", short: "o", value: "FILE",
      help: "Write the report to FILE (replaced only when the audit ends)."),
    OptionSpec(
      name: "errors", value: "FILE",
      help: "List every rejected line and data error in FILE (JSON Lines)."),
    DataOptions.directorySpec,
    CheckCommand.allowOption,
    RootOption.spec,
  ]

  /// At most this many rejected lines and data errors each are shown; all are counted.
  static let shownLimit = 50

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError("name the policy files to audit with")
    }
    let dataPaths = arguments.all("data")
    guard !dataPaths.isEmpty else { throw UsageError("name the records to audit: --data FILE") }
    let (now, nowSource) = try NowOption.parse(arguments.value("now"), clock: context.clock)
    let accountability = try parseReport(arguments.value("report"))
    let html = arguments.value("format") == "html"
    if html && !accountability {
      throw UsageError(
        "--format html is for the accountability report: add --report accountability")
    }
    let format = html ? .text : try parseFormat(arguments.value("format"))
    let givenFormats = try dataPaths.map { (path) throws(UsageError) in
      try DataOptions.format(of: path, arguments.value("input-format"))
    }
    let allowed = try CheckCommand.allowed(arguments)
    try GivenPaths.requireExisting(arguments.positionals, what: GivenPaths.policies)
    let policies: PolicySet
    do {
      policies = try PolicySet(
        contentsOf: arguments.positionals, root: arguments.value("root"),
        rootOption: RootOption.name)
    } catch {
      context.stderr.write(
        DiagnosticRenderer().render(
          error.all.filter { $0.severity == .error || !allowed.contains($0.code) }))
      context.stderr.write(
        "vigil: the policies have \(plural(error.errors.count, "error")); nothing was audited\n")
      return 2
    }
    context.stderr.write(
      DiagnosticRenderer().render(policies.warnings.filter { !allowed.contains($0.code) }))
    let maxLineBytes = try DataOptions.maxLineBytes(arguments.value("max-line-bytes"))
    let directoryFile = try readDirectoryFile(
      arguments.value("directory"), policies, maxLineBytes: maxLineBytes, context)
    let directory = directoryFile?.directory
    var provenance = AuditProvenance(
      version: VigilCLI.version, nowSource: nowSource, policies: policies.digest,
      directory: directoryFile?.read)
    provenance.generatedAt = context.clock()
    let outputs = try AuditOutputs(
      arguments, inputs: dataPaths + [arguments.value("directory")].compactMap { $0 }, context)
    let output = outputs.report
    let idField = DataOptions.idField(arguments)
    let jobs = try parseJobs(arguments.value("jobs"))
    // Every input opened before anything is written: one that cannot be read stops the audit.
    var inputs = try dataPaths.map { (path) throws(UsageError) in
      try DataOptions.open(path, context)
    }
    let formats = zip(givenFormats, inputs).map { DataOptions.format($0, of: $1) }
    let extra = accountability ? [] : policies.extraColumns
    if !accountability { output.write(ViolationWriter(format: format, extra: extra).header) }
    let run = AuditRun(stderr: context.stderr, strict: arguments.has("strict"), allowed: allowed)
    run.errorLog = outputs.errorLog
    run.summarizesShortfalls = accountability
    run.keepsProblems = accountability
    run.inputs = dataPaths.count
    if policies.policyNames.isEmpty { run.show(.warning(.noPolicies)) }
    var options = AuditOptions(
      now: now, idField: idField, jobs: jobs, strict: run.strict, directory: directory)
    options.accountability = accountability
    options.listsPartyViolations = html
    options.maxLineBytes = maxLineBytes
    options.limitOption = DataOptions.limitOption
    options.idOption = DataOptions.idOption
    options.idFieldGiven = arguments.value("id") != nil
    // A case of one input may come again in the next: only one input's are released.
    options.releasesSortedCases = dataPaths.count == 1
    // The policies compiled once, for every input.
    let driver = policies.driver(options)
    var groups = driver.newTally()
    for (path, inputFormat) in zip(dataPaths, formats) {
      let input = inputs.removeFirst()
      let name = path == "-" ? "stdin" : path
      let (counts, stopped) = policies.writeReport(
        input: input, format: inputFormat, name: name, driver: driver, report: format,
        groups: &groups, write: output.write, event: run.show)
      run.counts = run.counts + counts
      provenance.data.append(AuditProvenance.DataFile(path: name, input: input))
      if stopped && run.strict {
        run.stopped = true
        break
      }
    }
    if !run.stopped {
      run.counts =
        run.counts
        + policies.writeGroupReport(
          &groups, driver: driver, report: format, write: output.write, event: run.show)
    }
    var summary = AuditSummary(now: now, counts: run.counts, provenance: provenance)
    summary.warnings = run.warnings
    if accountability {
      var report = policies.accountabilityReport(
        groups, counts: run.counts, now: now, directory: directory)
      report.summary = summary
      report.problems = run.problems
      output.write(
        html
          ? AccountabilityHTML.render(report) : AccountabilityWriter(format: format).write(report))
    } else {
      output.write(ViolationWriter(format: format, extra: extra).footer(summary))
    }
    output.flush()
    if policies.readsEventLogs { run.cases = groups.caseCount }
    LeftForExit.leave(groups)
    let code = run.finish(csv: formats.allSatisfy { $0 == .csv }, summary: summary)
    return outputs.commit(context.stderr) ? code : 2
  }

  /// The people directory named by `--directory`; one is needed when the policies use it.
  /// Its lines or records are at most `maxLineBytes` long (`--max-line-bytes`).
  static func readDirectory(
    _ path: String?, _ policies: PolicySet, maxLineBytes: Int, _ context: CommandContext
  ) throws(UsageError) -> Directory? {
    try readDirectoryFile(path, policies, maxLineBytes: maxLineBytes, context)?.directory
  }

  /// The people directory named by `--directory`, and what was read of its file.
  static func readDirectoryFile(
    _ path: String?, _ policies: PolicySet, maxLineBytes: Int, _ context: CommandContext
  ) throws(UsageError) -> (directory: Directory, read: AuditProvenance.DataFile)? {
    guard let path else {
      if let first = policies.directoryUses.first {
        throw UsageError(
          "the policies name people through the directory (\(first)): give it with --directory people.csv"
        )
      }
      return nil
    }
    let input = try DataOptions.open(path, context, what: "directory file")
    do {
      let directory = try Directory.read(
        input: input, format: InputFormat(path: path) ?? .csv, name: path,
        maxLineBytes: maxLineBytes, limitOption: DataOptions.limitOption)
      return (directory, AuditProvenance.DataFile(path: path, input: input))
    } catch {
      throw UsageError("the directory cannot be used: \(error.message)")
    }
  }

  static func parseJobs(_ text: String?) throws(UsageError) -> Int {
    guard let text else { return ProcessInfo.processInfo.activeProcessorCount }
    guard let jobs = Int(text), jobs >= 1, jobs <= 256 else {
      throw UsageError("--jobs must be a number of threads from 1 to 256, not '\(text)'")
    }
    return jobs
  }

  static func parseReport(_ text: String?) throws(UsageError) -> Bool {
    switch text {
    case nil, "violations": return false
    case "accountability": return true
    case let other?:
      throw UsageError("--report must be violations or accountability, not '\(other)'")
    }
  }

  static func parseFormat(_ text: String?) throws(UsageError) -> ReportFormat {
    guard let text else { return .text }
    guard let format = ReportFormat(rawValue: text) else {
      throw UsageError("--format must be text, json, csv or html, not '\(text)'")
    }
    return format
  }
}

/// The running state of one `vigil audit`: counts, and what was shown on standard error.
final class AuditRun {
  let stderr: OutputSink
  let strict: Bool
  var counts = AuditCounts()
  var stopped = false
  var shownRejections = 0
  var shownDataErrors = 0
  var shownShortfalls = 0
  /// Whether the groups with not enough data are summed up in one line (the accountability
  /// report) rather than listed; then, per policy in the order met, how many there were.
  var summarizesShortfalls = false
  var shortfallsByPolicy: [(policy: String, groups: Int)] = []
  /// Whether the first data errors and rejected lines are kept (for the accountability
  /// report), and those kept.
  var keepsProblems = false
  var problems: [AuditEvent] = []
  /// The cases of the event logs, when the policies read any.
  var cases: Int?
  /// Where every rejected line and data error is listed (`--errors`).
  var errorLog: ErrorLog?
  /// The warnings about the inputs as wholes, in the order met (`--allow`ed ones left out).
  var warnings: [DataWarning] = []
  /// The codes `--allow` names.
  let allowed: Set<String>
  /// How many inputs the audit reads: an `--id` field is an error when none of them has it.
  var inputs = 1

  init(stderr: OutputSink, strict: Bool, allowed: Set<DiagnosticCode> = []) {
    self.stderr = stderr
    self.strict = strict
    self.allowed = Set(allowed.map(\.rawValue))
  }

  /// Shows a rejected record or a data error on standard error (the first 50 of each).
  func show(_ event: AuditEvent) {
    errorLog?.add(event)
    if keepsProblems, problems.count < AccountabilityReport.keptProblems {
      switch event {
      case .rejected, .dataError: problems.append(event)
      default: break
      }
    }
    switch event {
    case .rejected(let rejection):
      if shownRejections < AuditCommand.shownLimit || strict {
        stderr.write("\(rejection.input):\(rejection.line): rejected: \(rejection.reason)\n")
      }
      shownRejections += 1
    case .dataError(let report):
      if shownDataErrors < AuditCommand.shownLimit {
        let error = report.error
        // A group's error has no line of its own.
        let place =
          report.line == 0 && report.input.isEmpty
          ? "data error: group \(report.record)"
          : "\(report.input):\(report.line): data error: record \(report.record)"
        stderr.write(
          place + ", policy \(report.policy): \(error.field): \(error.message)\n")
        if let help = error.help { stderr.write("  help: \(help)\n") }
      }
      shownDataErrors += 1
    case .notEnoughData(let shortfall) where summarizesShortfalls:
      if let index = shortfallsByPolicy.firstIndex(where: { $0.policy == shortfall.policy }) {
        shortfallsByPolicy[index].groups += 1
      } else {
        shortfallsByPolicy.append((shortfall.policy, 1))
      }
    case .notEnoughData(let shortfall):
      if shownShortfalls < AuditCommand.shownLimit {
        let group = shortfall.group
        stderr.write(
          "\(shortfall.location): \(shortfall.policy): \(group.name): not enough data "
            + "(\(group.sample), at least \(shortfall.minimum) needed)\n")
      }
      shownShortfalls += 1
    case .warning(let warning):
      guard !allowed.contains(warning.code.rawValue) else { return }
      warnings.append(warning)
      let idError = warning.code == .unknownIDField && inputs == 1
      stderr.write(warning.rendered(asError: strict || idError))
    }
  }

  /// Prints what was not shown, where the report came from, and the summary line; returns
  /// the exit code.
  func finish(csv: Bool, summary: AuditSummary) -> Int32 {
    let hiddenRejections = shownRejections - AuditCommand.shownLimit
    if hiddenRejections > 0 && !strict {
      stderr.write(
        "… \(plural(hiddenRejections, "more rejected line")) not shown"
          + ErrorLog.whereAll(errorLog) + "\n")
    }
    let hiddenErrors = shownDataErrors - AuditCommand.shownLimit
    if hiddenErrors > 0 {
      stderr.write(
        "… \(plural(hiddenErrors, "more data error")) not shown" + ErrorLog.whereAll(errorLog)
          + "\n")
    }
    let hiddenShortfalls = shownShortfalls - AuditCommand.shownLimit
    if hiddenShortfalls > 0 {
      stderr.write("… \(plural(hiddenShortfalls, "more group")) with not enough data not shown\n")
    }
    if !shortfallsByPolicy.isEmpty {
      let total = shortfallsByPolicy.reduce(0) { $0 + $1.groups }
      stderr.write(
        "\(plural(total, "group")) with not enough data, not judged ("
          + shortfallsByPolicy.map { "\($0.policy) \($0.groups)" }.joined(separator: ", ")
          + "); --report violations lists each\n")
    }
    stderr.write(summary.provenanceText)
    let unit = csv ? "row" : "line"
    let shortfalls =
      (counts.notEnoughData > 0
        ? ", \(plural(counts.notEnoughData, "group")) with not enough data" : "")
      + (counts.atRisk > 0 ? ", \(counts.atRisk) at risk" : "")
      + (counts.dishonestPauses > 0 ? ", \(plural(counts.dishonestPauses, "dishonest pause"))" : "")
    stderr.write(
      "vigil: \(plural(counts.read, unit)), \(plural(counts.audited, "record")) audited"
        + (cases.map { " (\(plural($0, "case")))" } ?? "") + ", "
        + "\(counts.rejected) rejected, \(counts.violationsText), "
        + plural(counts.dataErrors, "data error") + shortfalls
        + (stopped ? "; stopped at the first rejected line (--strict)" : "") + "\n")
    // An `--id` field no record has is the option's error: records cannot be told apart.
    let lackingID = warnings.filter { $0.code == .unknownIDField }
    if lackingID.count == inputs {
      if inputs > 1, let field = lackingID.first?.fields.first {
        stderr.write("error: --id field '\(field)' is in no record of any input\n")
      }
      return 2
    }
    if strict && (counts.rejected > 0 || counts.dataErrors > 0 || !warnings.isEmpty) { return 3 }
    return counts.violations > 0 ? 1 : 0
  }
}
