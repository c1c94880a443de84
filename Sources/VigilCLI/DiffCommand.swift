import Vigil
import VigilEvaluation
import VigilSyntax

/// `vigil diff OLD NEW --data FILE`: what a change of policies would have changed.
enum DiffCommand {
  static let info = CommandInfo(
    name: name, summary: summary, usage: usage, details: details, options: options,
    run: { arguments, context in try run(arguments, context) })

  static let name = "diff"
  static let summary = "Compare the violations two versions of the policies find"
  static let usage = "vigil diff OLD_RULES NEW_RULES --data FILE [--data FILE…] [options]"
  static let details = """
    OLD_RULES and NEW_RULES are a .vigil file or a folder of them each. Both versions audit
    the same records as of the same instant (give --now to replay a past month exactly);
    the violations and records at risk that appear, disappear or change party, severity,
    escalation level or action are listed per policy, with each policy's counts. A finding
    is matched by its policy and its record (or group): a named policy by its name, a bare
    rule by its text as vigil fmt prints it, not its line, so a rule that moved is not a
    change (two rules of one text in one version are matched in order); measurements are
    not compared. Dishonest pauses (paused in … unless …) are matched by their policy,
    record, cycle, state and beginning, and those that appear, disappear or change are
    listed under their policy too. Standard output gets the changes; standard error a
    summary.

    Exit codes: 0 nothing changed; 1 something changed; 2 policy or usage errors.

    """
  static let options =
    [
      OptionSpec(
        name: "data", value: "FILE", repeats: true, help: "Records to audit (repeatable)."),
      OptionSpec(
        name: "format", value: "text|json", help: "text (default) or json (JSON Lines)."),
      CheckCommand.allowOption,
    ] + DataOptions.readingOptions + [RootOption.spec]

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    guard arguments.positionals.count == 2 else {
      throw UsageError("name two versions of the policies: OLD_RULES NEW_RULES")
    }
    let dataPaths = arguments.all("data")
    guard !dataPaths.isEmpty else { throw UsageError("name the records to replay: --data FILE") }
    if dataPaths.contains("-") {
      throw UsageError("the records are read twice, so they must be a file, not '-'")
    }
    let now = try NowOption.parse(arguments.value("now"), clock: context.clock).now
    let format = try DataOptions.textOrJSON(arguments.value("format"))
    let formats = try dataPaths.map { (path) throws(UsageError) in
      try DataOptions.format(of: path, arguments.value("input-format"))
    }
    let allowed = try CheckCommand.allowed(arguments)
    let root = arguments.value("root")
    try GivenPaths.requireExisting(arguments.positionals, what: GivenPaths.policies)
    guard let old = load(arguments.positionals[0], root, allowed, context),
      let new = load(arguments.positionals[1], root, allowed, context)
    else { return 2 }
    // Each input is read once per version: one that cannot be read stops the diff first.
    for path in dataPaths { _ = try DataOptions.open(path, context) }
    let maxLineBytes = try DataOptions.maxLineBytes(arguments.value("max-line-bytes"))
    let directory = try AuditCommand.readDirectory(
      arguments.value("directory"), new.directoryUses.isEmpty ? old : new,
      maxLineBytes: maxLineBytes, context)
    let idField = DataOptions.idField(arguments)
    var replays: [Replay] = []
    for policies in [old, new] {
      let replay = Replay()
      for (path, inputFormat) in zip(dataPaths, formats) {
        let input = try DataOptions.open(path, context)
        var options = AuditOptions(now: now, idField: idField, directory: directory)
        options.maxLineBytes = maxLineBytes
        options.limitOption = DataOptions.limitOption
        options.idOption = DataOptions.idOption
        replay.add(
          policies.audit(
            input: input, format: DataOptions.format(inputFormat, of: input), name: path,
            options: options,
            handler: replay.handler))
      }
      replays.append(replay)
    }
    for name in new.calendarsEditedInPlace(since: old) {
      context.stderr.write(
        "note: calendar '\(name)' was changed in place (its own hours, zone or holidays, or a "
          + "version it had): the new policies grade the past by the new hours too; to keep the "
          + "past's grades, write the change as a version of the calendar: from \"DATE\": and, "
          + "indented under it, the lines that change\n")
    }
    let diff = ViolationDiff(
      old: replays[0].found.violations, of: old, new: replays[1].found.violations, of: new,
      oldPauses: replays[0].found.pauses, newPauses: replays[1].found.pauses)
    context.stdout.write(DiffWriter(format: format).write(diff))
    let totals = diff.totals
    let records = replays[1].counts.audited
    context.stderr.write(
      "vigil diff: \(totals.added) added, \(totals.removed) removed, \(totals.changed) changed; "
        + "\(plural(totals.before, "violation")) before, \(totals.after) after "
        + "(\(plural(records, "record")) audited"
        + (replays.contains { $0.counts.dataErrors > 0 }
          ? "; data errors: \(replays[0].counts.dataErrors) before, \(replays[1].counts.dataErrors) after"
          : "")
        + ")" + pausesText(totals.pauses) + "\n")
    let pauseChanges = totals.pauses.added + totals.pauses.removed + totals.pauses.changed
    return totals.added + totals.removed + totals.changed + pauseChanges > 0 ? 1 : 0
  }

  /// `; dishonest pauses: 1 before, 2 after (1 added, 0 removed, 0 changed)`, or nothing when
  /// neither audit found one.
  static func pausesText(_ pauses: ViolationDiff.PauseSummary) -> String {
    guard !pauses.isEmpty else { return "" }
    return
      "; dishonest pauses: \(pauses.before) before, \(pauses.after) after (\(pauses.added) added, "
      + "\(pauses.removed) removed, \(pauses.changed) changed)"
  }

  /// The policies at `path` (inside `root`, if given), or nil after printing their errors.
  static func load(
    _ path: String, _ root: String?, _ allowed: Set<DiagnosticCode>, _ context: CommandContext
  ) -> PolicySet? {
    do {
      let policies = try PolicySet(contentsOf: [path], root: root, rootOption: RootOption.name)
      context.stderr.write(
        DiagnosticRenderer().render(policies.warnings.filter { !allowed.contains($0.code) }))
      return policies
    } catch {
      context.stderr.write(
        DiagnosticRenderer().render(
          error.all.filter { $0.severity == .error || !allowed.contains($0.code) }))
      context.stderr.write(
        "vigil diff: the policies in \(path) have \(plural(error.errors.count, "error")); "
          + "nothing was compared\n")
      return nil
    }
  }
}

/// One version's replay: what it found, and its counts.
final class Replay {
  final class Found {
    var violations: [Violation] = []
    var pauses: [PauseFinding] = []
  }
  let found = Found()
  var counts = AuditCounts()

  var handler: AuditHandler {
    let found = self.found
    var handler = AuditHandler(
      violation: { found.violations.append($0) }, rejection: { _ in true }, dataError: { _ in },
      notEnoughData: { _ in })
    handler.dishonestPause = { found.pauses.append($0) }
    return handler
  }

  func add(_ counts: AuditCounts) {
    self.counts = self.counts + counts
  }
}
