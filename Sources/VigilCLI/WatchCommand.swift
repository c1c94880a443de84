import Vigil
import VigilCore
import VigilEvaluation
import VigilLive
import VigilRecords
import VigilReports

/// `vigil watch RULES… --data FILE|-`: the audit, run continuously over a growing input.
enum WatchCommand {
  static let info = CommandInfo(
    name: "watch", summary: "Watch a growing file and report each finding the moment it happens",
    usage: "vigil watch RULES… --data FILE|- [options]", details: details, options: options,
    run: { arguments, context in try run(arguments, context) })

  static let details = """
    FILE is followed as 'tail -F' does: lines appended are read as they come, a file
    truncated is read again from its start, a file replaced by another of its name (rotated)
    is finished and the new one read from its start. '-' reads standard input until it
    closes. Each line is a record (JSON Lines, or CSV after its header); with --id, a line
    replaces the earlier line of the same id (a record export written as records change).

    Each record is judged as 'vigil audit --now CLOCK' judges it, and judged again, with no
    new line, at the instants its verdict can change (a state passing its threshold or its
    warning, in working time for a calendar). Each finding is written once, when it
    becomes true, one JSON object a line (or text with --format text): "finding" is
    violation, at-risk (with the time left), escalated (an open violation reached a further
    level of its escalation chain), resolved-late (a violation's state closed),
    resolved-in-time (a record at risk no longer is, unbroken), resolved (a violation that
    stood while its condition held no longer does), withdrawn (a closed violation a newer
    line takes back), data-error, or dishonest-pause (a pause of a state measured with
    'paused in H while P unless Q' that the audit first lists as not honest: once, a
    millisecond after the change that contradicted it, with the audit's pause fields as of
    then; withdrawn when a newer line or a late event takes it back); "at" is the instant it
    became true, "line" the record's line; the audit's fields follow.

    --clock wall (default) judges at the machine's clock. --clock event judges at the largest
    event time seen (the latest instant a record's states start or end at, an event's
    'ordered by' time) less
    --lateness: a replay of a past file gives, finding by finding, what 'vigil audit --now T'
    gives at each T. A line older than the event clock is applied and marked "late": true.

    --exec CMD also delivers each finding to a command: '/bin/sh -c CMD' runs once per
    finding, with the finding's JSON line (as written with --format json) on its standard
    input; exit status 0 means delivered, and the command's standard output goes to
    standard error. Standard output is unchanged. Deliveries run in order on a thread of
    their own, so the watch never waits on them: a delivery that fails, or runs longer than
    --exec-timeout (default 30s; it is killed), is tried again after --exec-retry (default
    1s), doubling up to --exec-retry-max (default 5m), the findings after it waiting behind
    it. With --state, findings not yet delivered are kept in the state file and delivered
    first, in order, when the watch goes on: each once when the command succeeds, but a
    watch killed during a delivery (or after it, before the next checkpoint) delivers that
    finding again (at least once). Without --state they are lost when the watch ends. When
    the input ends, the watch delivers what is queued until a delivery fails, then says on
    standard error how many findings were not delivered.

    The policies of a file with an 'events per KEY, ordered by T' line judge cases: each
    line is an event of its case, and a case is judged again when an event of it arrives,
    when an event stamped after the clock happens, and at the instants its verdicts can
    change; its findings name the case, and "line" is its latest event's.

    A case with no timer pending (all its events happened, no state of it open, nothing
    reading now) and no event for --release-after (default 90d) is released: its events
    are dropped, a 16-byte digest of its key kept, so memory grows with the cases still
    open. A later event of a released case is not judged; it is named on standard error.
    With --id, a record is released alike (no timer pending, no newer line of its id for
    D; a 16-byte digest of its id kept), and a later line of its id is not judged. A group
    of a sequence policy is released alike (none of its records with a timer pending, no
    line of it for D), and a later line of it is not judged by that policy.
    --release-after never keeps every case, record and group.

    A sequence policy (unless followed by B within D) is watched record by record: a record
    its rule fires for at time T is a violation at T + D + 1ms unless a record of its group
    where B holds, stamped after T and by T + D, came (exactly D later is in time), and
    resolved-late when one comes later; with --id a newer line replaces the older in its
    group.

    A group policy that aggregates records (per ... with counts, shares, averages, extremes,
    at least N, calendar windows, previous) is watched group by group: each group's
    aggregates are kept as lines come (a record stamped after the clock counts when the
    clock reaches it; with --id a newer line takes the older one's part out of its group),
    and a group changed is judged as the audit judges it; its findings name the group, and
    "line" is the line that last changed it. One whose records' parts move with the clock
    (a state or now in its among, keys, window or aggregates: count(unresolved > 4h),
    no B within D) keeps its records and adds its groups up again at each instant it is
    judged: when a line is read, and when a record's state begins, ends or reaches its
    limit, or a comparison with now changes a verdict. A value of a line it cannot read is
    a data-error naming that line. One that judges each cycle of a group is judged so,
    cycle by cycle: each cycle's verdict is a finding of its own.

    A record policy reading the record's own list of changes is watched: one naming the
    holders of the list (accountable: FIELD at breach in H, by share, held longest), and one
    judging each cycle of the list (each cycle in H), cycle by cycle: a change of the list
    counts when the clock reaches its time, and each cycle's verdict is a finding of its own.

    Exit codes: 0 the input ended (standard input closed, or --no-follow at the end of
    FILE); 2 policy or usage errors, or FILE cannot be read.

    """

  static let options = [
    OptionSpec(
      name: "data", value: "FILE|-", help: "The records to watch (a file, or - for standard input)."
    ),
    OptionSpec(
      name: "id", value: "FIELD",
      help: "The field that identifies a record: a newer line replaces the older one."),
    OptionSpec(
      name: "clock", value: "wall|event",
      help: "Judge at the machine's clock (default) or at the events' times less --lateness."),
    OptionSpec(
      name: "lateness", value: "D",
      help: "How far the event clock stays behind the latest event time (default: 0s)."),
    OptionSpec(
      name: "format", value: "json|text", help: "How findings are written (default: json)."),
    DataOptions.inputFormatSpec,
    OptionSpec(name: "no-follow", help: "Stop at the end of FILE instead of waiting for more."),
    OptionSpec(
      name: "state", value: "STATE",
      help: "Keep where the watch is in STATE, and go on from there when restarted."),
    OptionSpec(
      name: "checkpoint-lines", value: "N",
      help:
        "With --state: write it every N lines (default: 1000) or second, but not sooner than "
        + "9 times as long as the last took."),
    OptionSpec(
      name: "release-after", value: "D|never",
      help:
        "Let go of a case, record or sequence group with no timer pending and no line for D "
        + "(default: 90d)."),
    OptionSpec(
      name: "exec", value: "CMD",
      help: "Also run '/bin/sh -c CMD' per finding, its JSON line on standard input."),
    OptionSpec(
      name: "exec-timeout", value: "D",
      help: "Kill a delivery running longer than D and try it again (default: 30s)."),
    OptionSpec(
      name: "exec-retry", value: "D",
      help: "Wait D before trying a failed delivery again, doubling (default: 1s)."),
    OptionSpec(
      name: "exec-retry-max", value: "D",
      help: "The longest wait between tries of a delivery (default: 5m)."),
    DataOptions.directorySpec,
    DataOptions.maxLineBytesSpec,
    RootOption.spec,
  ]

  static func run(_ arguments: Arguments, _ context: CommandContext) throws(UsageError) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError("name the policy files to watch with")
    }
    guard let path = arguments.value("data") else {
      throw UsageError("name the records to watch: --data FILE (or - for standard input)")
    }
    let settings = try parseSettings(arguments)
    let format = try DataOptions.textOrJSON(arguments.value("format") ?? "json")
    let inputFormat =
      try DataOptions.format(of: path, arguments.value("input-format")) ?? .jsonl
    try GivenPaths.requireExisting(arguments.positionals, what: GivenPaths.policies)
    let policies: PolicySet
    do {
      policies = try PolicySet(
        contentsOf: arguments.positionals, root: arguments.value("root"),
        rootOption: RootOption.name)
    } catch {
      context.stderr.write(DiagnosticRenderer().render(error.all))
      context.stderr.write(
        "vigil: the policies have \(plural(error.errors.count, "error")); nothing was watched\n")
      return 2
    }
    context.stderr.write(DiagnosticRenderer().render(policies.warnings))
    let maxLineBytes = try DataOptions.maxLineBytes(arguments.value("max-line-bytes"))
    let directory = try AuditCommand.readDirectory(
      arguments.value("directory"), policies, maxLineBytes: maxLineBytes, context)
    let idField = DataOptions.idField(arguments)
    let checked = policies.driver(AuditOptions(now: 0, idField: idField)).checked
    let live = LiveProgram(checked, idField: idField, directory: directory)
    explainLimits(live, context)
    let source = try follower(path, follows: !arguments.has("no-follow"), context)
    let name = path == "-" ? "stdin" : path
    let decoder = RecordDecoder(
      layout: live.layout, format: inputFormat, maxLineBytes: maxLineBytes,
      limitOption: DataOptions.limitOption)
    let sink = try execSink(arguments)
    let session = try WatchSession(
      statePath: arguments.value("state"), digest: policies.digest.sha256, source: source,
      decoder: decoder, sink: sink, context: context)
    if let text = arguments.value("checkpoint-lines") {
      guard let lines = Int(text), lines >= 1 else {
        throw UsageError("--checkpoint-lines must be a positive number of lines, not '\(text)'")
      }
      session.checkpointLines = lines
    }
    let engine = session.engine(live, input: name, replacesByID: arguments.value("id") != nil)
    engine.releaseAfter = try releaseAfter(arguments)
    guard session.restored || source.open() else {
      throw .unreadable("cannot read the data file '\(path)': no such file, or not readable")
    }
    let writer = FindingWriter(format: format)
    let sinkWriter = FindingWriter(format: .json)
    let watcher = Watcher(
      engine: engine, decoder: decoder, settings: settings, wallClock: context.clock,
      emit: { findings in
        var bytes: [UInt8] = []
        var lines: [String] = []
        for finding in findings {
          writer.write(finding, to: &bytes)
          if sink != nil {
            var line: [UInt8] = []
            sinkWriter.write(finding, to: &line)
            lines.append(String(decoding: line.dropLast(), as: UTF8.self))
          }
        }
        session.emit(bytes, lines: lines, engine: engine)
      },
      notice: { message in
        context.stderr.write(message)
        context.stderr.flush()
      })
    watcher.afterLine = { session.lineRead(engine: engine, between: watcher.isBetweenRecords) }
    watcher.onIdle = { session.idle(engine: engine, between: watcher.isBetweenRecords) }
    sink?.start()
    watcher.run(source)
    session.finish(engine: engine)
    for line in summary(of: engine) { context.stderr.write("vigil watch: \(line)\n") }
    return 0
  }

  /// What the end of a run says of `engine`: a line for each count that is not zero (lines
  /// late, cases, records, groups and windows released, lines not judged), in this order.
  static func summary(of engine: WatchEngine) -> [String] {
    let lines: [(count: Int, message: String)] = [
      (engine.lateLines, "\(plural(engine.lateLines, "line")) came late"),
      (
        engine.releasedCaseCount,
        "\(plural(engine.releasedCaseCount, "case")) released; at most "
          + "\(engine.mostCases) kept at once, \(engine.caseCount) at the end"
      ),
      (
        engine.eventsOfReleasedCases,
        "\(plural(engine.eventsOfReleasedCases, "event")) of released cases "
          + "not judged: keep cases longer with --release-after"
      ),
      (
        engine.releasedRecordCount,
        "\(plural(engine.releasedRecordCount, "record")) released; at most "
          + "\(engine.mostRecords) kept at once, \(engine.recordCount) at the end"
      ),
      (
        engine.releasedSequenceGroupCount,
        "\(plural(engine.releasedSequenceGroupCount, "group")) of sequence policies "
          + "released; \(engine.sequenceGroupCount) kept at the end"
      ),
      (
        engine.linesOfReleasedSequenceGroups,
        "\(plural(engine.linesOfReleasedSequenceGroups, "line")) of released groups "
          + "not judged by their sequence policies: keep groups longer with --release-after"
      ),
      (
        engine.releasedWindowCount,
        "\(plural(engine.releasedWindowCount, "window")) of group policies "
          + "released; \(engine.groupCount) groups kept at the end"
      ),
      (
        engine.linesOfClosedWindows,
        "\(plural(engine.linesOfClosedWindows, "line")) of closed windows not "
          + "judged by their group policies: keep windows longer with --release-after"
      ),
      (
        engine.releasedGroupIDCount,
        "\(plural(engine.releasedGroupIDCount, "record")) released by the group policies "
          + "without a window (\(plural(engine.releasedGroupPartCount, "part")) kept in their "
          + "groups' aggregates); \(engine.groupPartCount) parts kept at the end"
      ),
      (
        engine.releasedGroupCount,
        "\(plural(engine.releasedGroupCount, "group")) of group policies without a window "
          + "released; \(engine.groupCount) groups kept at the end"
      ),
      (
        engine.linesOfReleasedGroups,
        "\(plural(engine.linesOfReleasedGroups, "line")) of records or groups they released "
          + "not judged by the group policies without a window: keep them longer with "
          + "--release-after"
      ),
      (
        engine.releasedMovingCount,
        "\(plural(engine.releasedMovingCount, "record")) of group policies whose "
          + "parts move with the clock released; at most \(engine.mostMovingRecords) kept at "
          + "once, \(engine.movingRecordCount) at the end"
      ),
      (
        engine.linesOfReleasedMoving,
        "\(plural(engine.linesOfReleasedMoving, "line")) of records they released "
          + "not judged by them: keep records longer with --release-after"
      ),
      (
        engine.foldedCycleCount,
        "\(plural(engine.foldedCycleCount, "closed cycle")) of group policies judged per cycle "
          + "folded; \(plural(engine.releasedCycleChanges, "change")) of records released kept "
          + "at the end"
      ),
      (
        engine.linesBeforeFoldedCycles,
        "\(plural(engine.linesBeforeFoldedCycles, "line")) falling before folded cycles not "
          + "judged by their group policies: keep records longer with --release-after"
      ),
      (
        engine.linesOfReleasedRecords,
        "\(plural(engine.linesOfReleasedRecords, "line")) of released records "
          + "not judged: keep records longer with --release-after"
      ),
    ]
    return lines.filter { $0.count > 0 }.map(\.message)
  }

  /// `--clock`, `--lateness`.
  static func parseSettings(_ arguments: Arguments) throws(UsageError) -> WatchSettings {
    var settings = WatchSettings()
    switch arguments.value("clock") {
    case nil, "wall": settings.eventClock = false
    case "event": settings.eventClock = true
    case let other?: throw UsageError("--clock must be wall or event, not '\(other)'")
    }
    if let text = arguments.value("lateness") {
      guard let lateness = DurationText.parse(text), lateness >= 0 else {
        throw UsageError("--lateness must be a duration such as 30s or 5m, not '\(text)'")
      }
      guard settings.eventClock else {
        throw UsageError("--lateness is for the event clock: add --clock event")
      }
      settings.lateness = lateness
    }
    return settings
  }

  /// `--release-after D|never`: how long a case with no timer pending is kept after its
  /// last judgement (default 90 days); nil for never released.
  static func releaseAfter(_ arguments: Arguments) throws(UsageError) -> Int64? {
    guard let text = arguments.value("release-after") else { return 90 * 86_400_000 }
    guard text != "never" else { return nil }
    guard let duration = DurationText.parse(text), duration >= 0 else {
      throw UsageError(
        "--release-after must be a duration such as 7d or 12h, or never, not '\(text)'")
    }
    return duration
  }

  /// `--exec CMD` and its timing options: the sink, not started yet.
  static func execSink(_ arguments: Arguments) throws(UsageError) -> ExecSink? {
    var settings = ExecSettings()
    let names = ["exec-timeout", "exec-retry", "exec-retry-max"]
    var values: [Int64] = [settings.timeout, settings.firstRetry, settings.maxRetry]
    for (index, name) in names.enumerated() {
      guard let text = arguments.value(name) else { continue }
      guard let value = DurationText.parse(text), value > 0 else {
        throw UsageError(
          "--\(name) must be a positive duration such as 500ms or 30s, not '\(text)'")
      }
      guard arguments.value("exec") != nil else {
        throw UsageError("--\(name) is for --exec: add --exec CMD")
      }
      values[index] = value
    }
    settings = ExecSettings(timeout: values[0], firstRetry: values[1], maxRetry: values[2])
    guard settings.firstRetry <= settings.maxRetry else {
      throw UsageError("--exec-retry must not be longer than --exec-retry-max")
    }
    guard let command = arguments.value("exec") else { return nil }
    return ExecSink(command: command, settings: settings)
  }

  /// Says on standard error what the watch leaves out or cannot time.
  static func explainLimits(_ live: LiveProgram, _ context: CommandContext) {
    for (name, location, reason) in live.groupPolicies {
      context.stderr.write(
        "\(location): warning: policy \(name) judges groups vigil watch does not watch: "
          + "\(reason); its findings come only from vigil audit\n")
    }
    for (policy, location, reason) in live.untimed {
      context.stderr.write(
        "\(location): warning: policy \(policy): \(reason); vigil watch judges it again only "
          + "when its record changes (write the time in a state, from … until …, to have it "
          + "timed)\n")
    }
  }

  /// What reads the input: standard input, or the file followed.
  static func follower(
    _ path: String, follows: Bool, _ context: CommandContext
  ) throws(UsageError) -> FileFollower {
    if path == "-" {
      guard let given = context.stdin else { return FileFollower(path: nil, follows: true) }
      do {
        return FileFollower(bytes: try given.readAll())
      } catch {
        throw .unreadable("cannot read standard input: \(error.message)")
      }
    }
    return FileFollower(path: path, follows: follows)
  }
}

/// Writes findings as JSON Lines (the audit's fields after `finding`, `at`, `line`) or text.
struct FindingWriter {
  let format: ReportFormat

  func write(_ finding: LiveFinding, to out: inout [UInt8]) {
    let at = TimeParsing.formatISO8601(finding.at)
    if format == .json {
      out.append(contentsOf: "{\"finding\":\"\(finding.kind.rawValue)\",\"at\":\"\(at)\"".utf8)
      if finding.late { out.append(contentsOf: ",\"late\":true".utf8) }
      if let pause = finding.pause {
        // The audit's row of the pause, but its "finding" (the watch's comes first).
        out.append(contentsOf: ",\"line\":\(pause.line),".utf8)
        var row: [UInt8] = []
        ViolationWriter(format: .json, extra: [.pauses]).write(pause, to: &row)
        let text = String(decoding: row.dropFirst().dropLast(), as: UTF8.self)
        out.append(contentsOf: text.replacing(",\"finding\":\"dishonest pause\"", with: "").utf8)
      } else if let violation = finding.violation {
        out.append(contentsOf: ",\"line\":\(violation.line),".utf8)
        var object: [UInt8] = []
        ViolationWriter(format: .json).writeJSON(violation, to: &object)
        out.append(contentsOf: object.dropFirst())
      } else if let report = finding.dataError {
        out.append(contentsOf: ",\"line\":\(report.line),\"record\":".utf8)
        JSONText.append(report.record, to: &out)
        out.append(contentsOf: ",\"policy\":".utf8)
        JSONText.append(report.policy, to: &out)
        out.append(contentsOf: ",\"field\":".utf8)
        JSONText.append(report.error.field, to: &out)
        out.append(contentsOf: ",\"message\":".utf8)
        JSONText.append(report.error.message, to: &out)
        out.append(contentsOf: "}".utf8)
      } else {
        out.append(contentsOf: "}".utf8)
      }
      out.append(10)
      return
    }
    out.append(contentsOf: "\(at) \(finding.kind.rawValue)\(finding.late ? " (late)" : ""): ".utf8)
    if let pause = finding.pause {
      ViolationWriter(format: .text).writeText(pause, to: &out)
    } else if let violation = finding.violation {
      ViolationWriter(format: .text).writeText(violation, to: &out)
    } else if let report = finding.dataError {
      out.append(
        contentsOf:
          "\(report.input):\(report.line): record \(report.record), policy \(report.policy): \(report.error.field): \(report.error.message)"
          .utf8)
    }
    out.append(10)
  }
}
