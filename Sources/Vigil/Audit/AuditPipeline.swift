import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports

/// How to run a streamed audit that writes a report.
public struct AuditOptions: Sendable {
  /// The audit instant, in milliseconds since the epoch.
  public var now: Int64
  /// The field naming a record.
  public var idField: FieldPath
  /// The report's format.
  public var report: ReportFormat
  /// How many threads evaluate records (1: all on the calling thread).
  public var jobs: Int
  /// Stop at the first rejected record.
  public var strict: Bool
  /// The people directory relations (`manager of owner`) read.
  public var directory: Directory?
  /// Gather the accountability report into the tally instead of writing violations.
  public var accountability = false
  /// Whether the id field was named (`--id`): then an input none of whose records has it is
  /// an error (`DataWarning.Code.unknownIDField`), not records named by their line.
  public var idFieldGiven = false
  /// Records longer than this many bytes (without their line end) are rejected, without
  /// being read whole into memory (`--max-line-bytes`; default `LineLimit.defaultBytes`,
  /// 64 MiB).
  public var maxLineBytes = LineLimit.defaultBytes
  /// The usual size of the chunks the input is cut into (tests make it small); nil: as
  /// suits the policies (`ChunkReader.size(eventLog:)`).
  var chunkSize: Int?

  /// Options for an audit as of `now`.
  public init(
    now: Int64, idField: FieldPath = FieldPath("id"), report: ReportFormat = .text,
    jobs: Int = 1, strict: Bool = false, directory: Directory? = nil
  ) {
    self.directory = directory
    self.now = now
    self.idField = idField
    self.report = report
    self.jobs = jobs
    self.strict = strict
  }
}

extension PolicySet {
  /// Audits one input and writes the report, using `options.jobs` threads.
  ///
  /// The input is cut into chunks of whole records that are audited in parallel; their
  /// reports and events are delivered in input order, so the output is byte for byte the
  /// same whatever the number of threads. Memory stays bounded: a few chunks at a time.
  ///
  /// - Parameters:
  ///   - write: receives the report's bytes, in order (the CSV header is not included).
  ///   - event: receives rejected records and data errors, in input order.
  /// - Returns: the counts, and whether the audit stopped at a rejected record.
  public func writeReport(
    input: ByteInput, format: InputFormat, name: String, options: AuditOptions,
    write: ([UInt8]) -> Void, event: (AuditEvent) -> Void
  ) -> (counts: AuditCounts, stopped: Bool) {
    var groups = AuditTally(for: self, accountability: options.accountability)
    var (counts, stopped) = writeReport(
      input: input, format: format, name: name, options: options, groups: &groups, write: write,
      event: event)
    counts = counts + writeGroupReport(&groups, options: options, write: write, event: event)
    return (counts, stopped)
  }

  /// Audits one input of several and writes its record policies' report, adding its records
  /// to the groups of the group policies in `groups`; `writeGroupReport` judges the groups
  /// once every input was read.
  ///
  /// What the input says about the fields the policies read (`dataWarnings`) and about
  /// repeated record ids comes as `.warning` events: for CSV before the records' events (the
  /// header tells), for JSON Lines after them.
  public func writeReport(
    input: ByteInput, format: InputFormat, name: String, options: AuditOptions,
    groups: inout AuditTally, write: ([UInt8]) -> Void, event: (AuditEvent) -> Void
  ) -> (counts: AuditCounts, stopped: Bool) {
    let program = Program(checked, idField: options.idField)
    var baseLine = 0
    var header: CSVReaderBox?
    if format == .csv {
      let reader = CSVReader(input: input, layout: program.layout)
      if case .rejected(let line, let reason) = reader.readHeader() {
        event(.rejected(Rejection(input: name, line: line, reason: reason)))
        return (AuditCounts(audited: 0, rejected: 1, violations: 0, open: 0, dataErrors: 0), true)
      }
      header = CSVReaderBox(reader)
      baseLine = reader.currentLine - 1
      let presence = FieldPresence(
        marks: reader.fieldMarks, names: FieldPresence.names(columns: reader.columns), csv: true)
      for warning in dataWarnings(
        presence, input: name, idField: options.idField, idGiven: options.idFieldGiven)
      {
        event(.warning(warning))
      }
    }
    let chunks = ChunkReader(
      input: input, format: format,
      size: options.chunkSize ?? ChunkReader.size(eventLog: !program.tallyShape.caseWidths.isEmpty),
      maxLineBytes: options.maxLineBytes)
    if format == .jsonl { chunks.skipByteOrderMark() }
    let auditor = ChunkAuditor(
      program: program, name: name, now: options.now,
      writer: ViolationWriter(format: options.report), strict: options.strict, header: header,
      directory: options.directory, accountability: options.accountability,
      maxLineBytes: options.maxLineBytes)
    var merger = ChunkMerger(
      name: name, writer: auditor.writer, baseLine: baseLine,
      groups: AuditTally(program.tallyShape), fields: FieldMarks(count: program.layout.count))
    defer { groups.merge(merger.groups) }
    func consume(_ result: ChunkResult) -> Bool {
      merger.merge(result, write: write, event: event)
      return !result.stopped
    }
    if options.jobs <= 1 {
      while let chunk = chunks.next() {
        if !consume(auditor.audit(chunk)) { break }
      }
    } else {
      // Each thread compiles the program for itself: threads that shared closures and strings
      // would fight over their reference counts.
      let checked = self.checked
      let queue = OrderedWorkQueue<ChunkReader.Chunk, ChunkResult>(
        workers: options.jobs, maximumInFlight: 2 * options.jobs + 2,
        makeWork: {
          auditor.isolated(Program(checked, idField: options.idField, isolated: true)).audit
        })
      queue.run(produce: chunks.next, consume: consume)
    }
    if let error = input.readError {
      merger.counts.rejected += 1
      event(.rejected(Rejection(input: name, line: 0, reason: error.message)))
    }
    if format == .jsonl && !merger.stopped {
      // The data's own names (parsing the head whole) are wanted only to say what a field no
      // record has, or an --id field, might have been meant as: most audits never need them.
      let needsNames = merger.fields.seen.contains(false) || options.idFieldGiven
      let presence = FieldPresence(
        marks: merger.fields, names: needsNames ? HeadSample.names(merger.head) : [],
        csv: false)
      for warning in dataWarnings(
        presence, input: name, idField: options.idField, idGiven: options.idFieldGiven)
      {
        event(.warning(warning))
      }
    }
    if let warning = merger.ids.warning(input: name, idField: options.idField) {
      event(.warning(warning))
    }
    return (merger.counts, merger.stopped)
  }

  /// Judges the groups of the group policies and writes their violations, after the record
  /// policies' report (or, for the accountability report, adds them to `groups`); groups too
  /// small to judge are events. Returns the counts it adds.
  public func writeGroupReport(
    _ groups: inout AuditTally, options: AuditOptions, write: ([UInt8]) -> Void,
    event: (AuditEvent) -> Void
  ) -> AuditCounts {
    let program = Program(checked, idField: options.idField)
    let writer = ViolationWriter(format: options.report)
    var counts = AuditCounts()
    var out: [UInt8] = []
    var accountability = groups.accountability
    program.judge(groups, now: options.now, directory: options.directory) { finding in
      switch finding {
      case .violation(let violation) where violation.atRisk != nil:
        // A group at risk is not a violation: the accountability report counts it as met.
        counts.atRisk += 1
        if accountability == nil { writer.write(violation, to: &out) }
      case .violation(let violation):
        counts.countViolation(open: violation.open)
        if accountability != nil {
          accountability!.add(violation, namedByLine: false)
        } else {
          writer.write(violation, to: &out)
        }
      case .judged(let policy, let severity, let party, let met):
        accountability?.addScope(policy: policy, severity: severity, party: party, met: met)
      case .trend(let point):
        accountability?.series.append(point)
      case .notEnoughData(let shortfall):
        counts.notEnoughData += 1
        event(.notEnoughData(shortfall))
      case .dataError(let report):
        counts.dataErrors += 1
        event(.dataError(report))
      }
    }
    groups.accountability = accountability
    if !out.isEmpty { write(out) }
    return counts
  }
}

/// Puts chunk results back together in input order: lines counted from the input's start,
/// records without an id named by their real line.
struct ChunkMerger {
  let name: String
  let writer: any ViolationEncoder
  /// Lines before the current chunk.
  var baseLine: Int
  var counts = AuditCounts()
  var stopped = false
  /// The groups of the chunks merged so far.
  var groups: AuditTally
  /// For JSON Lines: which fields the records merged so far have, and which they repeat.
  var fields: FieldMarks
  /// The ids of the records merged so far.
  var ids = RecordIDIndex()
  /// The input's whole lines in its first `HeadSample.limit` bytes (JSON Lines), gathered
  /// from the chunks that hold them, in order.
  var head: [UInt8] = []

  mutating func merge(
    _ result: ChunkResult, write: ([UInt8]) -> Void, event: (AuditEvent) -> Void
  ) {
    counts = counts + result.counts
    stopped = result.stopped
    groups.merge(result.groups.renumbered(baseLine: baseLine, input: name))
    if let marks = result.fields { fields.merge(marks, baseLine: baseLine) }
    if let head = result.head { self.head += head }
    ids.add(result.ids, baseLine: baseLine)
    for (_, found, namedByLine) in result.events {
      event(renumbered(found, namedByLine: namedByLine))
    }
    if result.deferred.isEmpty {
      write(result.output)
    } else {
      write(spliced(result))
    }
    baseLine += result.lines
  }

  /// The chunk's output with its line-named violations written in their places.
  private func spliced(_ result: ChunkResult) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(result.output.count + 256 * result.deferred.count)
    var written = 0
    for (offset, violation) in result.deferred {
      out.append(contentsOf: result.output[written..<offset])
      written = offset
      var renamed = violation
      renamed.line += baseLine
      renamed.record = "\(name):\(renamed.line)"
      writer.write(renamed, to: &out)
    }
    out.append(contentsOf: result.output[written...])
    return out
  }

  private func renumbered(_ found: AuditEvent, namedByLine: Bool) -> AuditEvent {
    switch found {
    case .rejected(var rejection):
      rejection.line += baseLine
      return .rejected(rejection)
    case .dataError(var report):
      report.line += baseLine
      if namedByLine { report.record = "\(name):\(report.line)" }
      return .dataError(report)
    case .notEnoughData, .warning:
      return found
    }
  }
}
