import VigilCore
import VigilRecords
import VigilSemantics

/// The one place where records meet policies: compiles a checked program once, moves an
/// input's records through it — cut into chunks of whole records, audited on `options.jobs`
/// threads — and hands what it finds to a consumer as one stream, in input order, the same
/// whatever the number of threads. The report writers, `vigil diff`, `vigil test` and the
/// embedding API's audits all consume this stream (cel-go's shape: compile, then evaluate).
///
/// Group policies gather their groups in an `AuditTally` across inputs; `judge` delivers
/// their findings once every input was read.
package struct AuditDriver: Sendable {
  /// The checked policies.
  package let checked: CheckedProgram
  /// The compiled program.
  package let program: Program
  /// How the audit runs.
  package let options: AuditOptions
  /// The fields read, by slot: the program's, then any more the consumer wants (`explain`
  /// evaluates parts of conditions that read more).
  package let layout: RecordLayout

  /// A driver for `checked`, compiled once for `options.idField`; `layout`, when given, must
  /// begin with the program's.
  package init(_ checked: CheckedProgram, options: AuditOptions, layout: RecordLayout? = nil) {
    self.checked = checked
    self.options = options
    program = Program(checked, idField: options.idField)
    self.layout = layout ?? program.layout
  }

  /// An empty tally for the program's group policies (and the accountability report's
  /// counts, when the options gather it).
  package func newTally() -> AuditTally {
    var tally = AuditTally(program.tallyShape)
    if options.accountability {
      tally.accountability = AccountabilityTally(
        gate: KeptLinesGate(listsViolations: options.listsPartyViolations))
    }
    return tally
  }

  /// Audits one input, adding its records to the groups of `groups`, and hands its findings
  /// to `consume` in input order, a batch at a time. `consume` returns nil to go on, or how
  /// many findings of the batch it took before stopping the audit (then the counts are those
  /// up to the last finding taken).
  ///
  /// What the input says about the fields the policies read, and about repeated record ids,
  /// comes as `.warning` events: for CSV before the records' findings (the header tells), for
  /// JSON Lines after them.
  /// - Returns: the counts, and whether the audit stopped (`strict`, or `consume`).
  package func run(
    input: ByteInput, format: InputFormat, name: String, groups: inout AuditTally,
    consume: ([Finding]) -> Int?
  ) -> (counts: AuditCounts, stopped: Bool) {
    var selected: SelectedRecord?
    return run(
      input: input, format: format, name: name, groups: &groups, selected: &selected,
      consume: consume)
  }

  /// `run(input:format:name:groups:consume:)`, handing back in `selected` the first record
  /// that `options.selecting` names.
  package func run(
    input: ByteInput, format: InputFormat, name: String, groups: inout AuditTally,
    selected: inout SelectedRecord?, consume: ([Finding]) -> Int?
  ) -> (counts: AuditCounts, stopped: Bool) {
    run(
      input: input, format: format, name: name, groups: &groups, selected: &selected,
      prepare: { _ in () }, consume: { findings, _ in consume(findings) })
  }

  /// `run(input:format:name:groups:consume:)`, with `prepare` run on the thread that audited
  /// each chunk — a report writer renders the chunk's violations there, in parallel — and its
  /// result handed to `consume` with the findings, in input order. The findings of the input
  /// as a whole (warnings, a read error) are prepared on the calling thread.
  package func run<Prepared: Sendable>(
    input: ByteInput, format: InputFormat, name: String, groups: inout AuditTally,
    selected: inout SelectedRecord?, prepare: @escaping @Sendable ([Finding]) -> Prepared,
    consume: ([Finding], Prepared) -> Int?
  ) -> (counts: AuditCounts, stopped: Bool) {
    run(
      input: input, format: format, name: name, groups: &groups, selected: &selected,
      renderer: nil, prepare: { prepare($0.findings) }, whole: prepare, consume: consume)
  }

  /// `run(input:format:name:groups:consume:)` for a report that lists what records break:
  /// `renderer` writes each violation and dishonest pause as report bytes on the thread that
  /// found it (they are never kept as values), and `consume` gets, in input order, each
  /// chunk's events and the bytes of its findings.
  package func run(
    input: ByteInput, format: InputFormat, name: String, groups: inout AuditTally,
    selected: inout SelectedRecord?, renderer: some FindingRenderer,
    consume: ([Finding], [UInt8]) -> Void
  ) -> (counts: AuditCounts, stopped: Bool) {
    run(
      input: input, format: format, name: name, groups: &groups, selected: &selected,
      renderer: renderer, prepare: { $0.rendered },
      // The input's findings as a whole are events (warnings, a read error): no bytes.
      whole: { _ in [] },
      consume: { findings, bytes in
        consume(findings, bytes)
        return nil
      })
  }

  /// Both `run`s: `prepare` makes what `consume` gets with a chunk's findings from the chunk's
  /// result, on the thread that audited it; `whole` from the findings of the input as a
  /// whole, on the calling thread.
  private func run<Prepared: Sendable>(
    input: ByteInput, format: InputFormat, name: String, groups: inout AuditTally,
    selected: inout SelectedRecord?, renderer: (any FindingRenderer)?,
    prepare: @escaping @Sendable (ChunkResult) -> Prepared,
    whole: ([Finding]) -> Prepared, consume: ([Finding], Prepared) -> Int?
  ) -> (counts: AuditCounts, stopped: Bool) {
    /// Hands on findings of the input as a whole, prepared here.
    func hand(_ findings: [Finding]) -> Int? { consume(findings, whole(findings)) }
    var header: CSVReaderBox?
    var baseLine = 0
    if format == .csv {
      let reader = CSVReader(input: input, layout: layout)
      if case .rejected(let line, let reason) = reader.readHeader() {
        _ = hand([.event(.rejected(Rejection(input: name, line: line, reason: reason)))])
        return (AuditCounts(audited: 0, rejected: 1, violations: 0, open: 0, dataErrors: 0), true)
      }
      header = CSVReaderBox(reader)
      baseLine = reader.currentLine - 1
      let presence = FieldPresence(
        marks: reader.fieldMarks, names: FieldPresence.names(columns: reader.columns), csv: true)
      if hand(warnings(presence, input: name)) != nil {
        return (AuditCounts(), true)
      }
    }
    var stitcher = ChunkStitcher(
      groups: AuditTally(program.tallyShape), fields: FieldMarks(count: layout.count),
      ids: RecordIDIndex(threads: options.jobs), baseLine: baseLine)
    defer {
      groups.merge(stitcher.groups)
      selected = stitcher.selected
    }
    if let renderer, releasesCases(of: input, into: groups) {
      stitcher.groups.release = CaseRelease(
        program: program, renderer: renderer, now: options.now, directory: options.directory)
      stitcher.reread = { end in
        rereadCases(input, format: format, name: name, upTo: end)
      }
    }
    var consumerStopped = false
    auditChunks(
      input: input, format: format, name: name, header: header, baseLine: baseLine,
      renderer: renderer, keptLines: groups.accountability?.gate, prepare: prepare
    ) { result, prepared in
      input.addLineFeeds(result.uncountedLineFeeds)
      let before = stitcher.counts
      let findings = stitcher.stitch(result)
      guard let taken = consume(findings, prepared) else { return !result.stopped }
      stitcher.counts = before + Self.counts(of: result, upTo: taken)
      consumerStopped = true
      return false
    }
    if consumerStopped { return (stitcher.counts, true) }
    var ending: [Finding] = []
    if let error = input.readError {
      stitcher.counts.rejected += 1
      ending.append(.event(.rejected(Rejection(input: name, line: 0, reason: error.message))))
    }
    if format == .jsonl && !stitcher.stopped {
      // The data's own names (parsing the head whole) are wanted only to say what a field no
      // record has, or an --id field, might have been meant as: most audits never need them.
      let needsNames = stitcher.fields.seen.contains(false) || options.idFieldGiven
      let presence = FieldPresence(
        marks: stitcher.fields, names: needsNames ? HeadSample.names(stitcher.head) : [],
        csv: false)
      ending += warnings(presence, input: name)
    }
    if let warning = stitcher.ids.warning(
      input: name, idField: options.idField, idOption: options.idOption)
    {
      ending.append(.event(.warning(warning)))
    }
    stitcher.ids.letGo()
    if !ending.isEmpty, hand(ending) != nil { return (stitcher.counts, true) }
    return (stitcher.counts, stitcher.stopped)
  }

  /// Judges the groups of the group policies once every input was read, and hands their
  /// findings (violations, groups too small, data errors) to `consume`. For the
  /// accountability report, their violations and verdicts go to `groups.accountability`
  /// instead. Returns the counts it adds.
  package func judge(_ groups: inout AuditTally, consume: ([Finding]) -> Void) -> AuditCounts {
    judge(&groups, renderer: nil) { findings, _ in consume(findings) }
  }

  /// Judges the groups as `judge(_:consume:)` does, `renderer` writing the violations and
  /// dishonest pauses it finds as report bytes (a case's violation of a plain policy as it is
  /// found, on the thread that judged it: `CaseDraft`), unless the tally keeps them for the
  /// accountability report: `consume` receives the events of a batch, then its bytes.
  package func judge(
    _ groups: inout AuditTally, renderer: (any FindingRenderer)?,
    consume: ([Finding], [UInt8]) -> Void
  ) -> AuditCounts {
    var counts = AuditCounts()
    var findings: [Finding] = []
    var out = ByteBuffer(capacity: renderer == nil ? 16 : 1 << 17)
    var accountability = groups.accountability
    // An event log's cases are judged on every thread, each with its own program.
    let helpers =
      options.jobs > 1 && !program.tallyShape.caseWidths.isEmpty
      ? (1..<options.jobs).map { _ in Program(checked, idField: options.idField, isolated: true) }
      : []
    // Handed on in batches: an event log's cases may break policies by the hundred thousand.
    func handOn(_ found: inout [Finding], _ bytes: inout ByteBuffer) {
      consume(found, bytes.array())
      found.removeAll(keepingCapacity: true)
      bytes.truncate(to: 0)
    }
    program.judge(
      groups, now: options.now, directory: options.directory, helpers: helpers,
      renderer: accountability == nil ? renderer : nil,
      rendered: { violations in
        if out.count >= 1 << 17 { handOn(&findings, &out) }
        counts = counts + violations.counts
        violations.bytes.withUnsafeBufferPointer { out.append(bytes: $0) }
      },
      found: { finding in
        if findings.count == 4096 || out.count >= 1 << 17 { handOn(&findings, &out) }
        switch finding {
        case .violation(let violation) where violation.atRisk != nil:
          // A group at risk is not a violation: the accountability report counts it as pending.
          counts.atRisk += 1
          if accountability != nil {
            accountability?.addAtRisk(violation)
          } else if let renderer {
            renderer.write(violation, to: &out)
          } else {
            findings.append(.violation(violation))
          }
        case .violation(let violation):
          counts.countViolation(open: violation.open)
          if accountability != nil {
            accountability!.add(violation)
          } else if let renderer {
            renderer.write(violation, to: &out)
          } else {
            findings.append(.violation(violation))
          }
        case .pause(let pause):
          counts.dishonestPauses += 1
          if accountability != nil {
            accountability!.addPause(pause)
          } else if let renderer {
            renderer.write(pause, to: &out)
          } else {
            findings.append(.pause(pause))
          }
        case .judged(let policy, let severity, let party, let outcome):
          accountability?.addScope(
            policy: policy, severity: severity, party: party, outcome: outcome)
        case .trend(let point):
          accountability?.series.append(point)
        case .notEnoughData(let shortfall):
          counts.notEnoughData += 1
          findings.append(.event(.notEnoughData(shortfall)))
        case .dataError(let report):
          counts.dataErrors += 1
          findings.append(.event(.dataError(report)))
        }
      })
    groups.accountability = accountability
    if !findings.isEmpty || !out.isEmpty { handOn(&findings, &out) }
    return counts
  }

  /// Audits records given as dictionaries (nested objects as `.record` values), named
  /// `name:N` (N from 1) when they have no id, adding them to the groups of `groups`.
  package func run(
    records: some Sequence<[String: Value]>, name: String, groups: inout AuditTally,
    consume: (Finding) -> Void
  ) -> AuditCounts {
    let frame = Frame(slots: program.layout.count, now: options.now, directory: options.directory)
    var counts = AuditCounts()
    for (index, record) in records.enumerated() {
      for (slot, path) in program.layout.fields.enumerated() {
        frame.values[slot] = path.lookup(in: record)
      }
      counts.audited += 1
      func dataError(_ report: DataErrorReport) {
        counts.dataErrors += 1
        consume(.event(.dataError(report)))
      }
      program.evaluate(
        frame, input: name, line: index + 1,
        violation: { violation in
          counts.count(violation)
          consume(.violation(violation))
        },
        dataError: dataError,
        pause: {
          counts.dishonestPauses += 1
          consume(.pause($0))
        })
      program.tally(frame, into: &groups, input: name, line: index + 1, dataError: dataError)
    }
    return counts
  }

  /// Runs the chunks of one input through the auditors, on `options.jobs` threads, handing
  /// each chunk's result, and what `prepare` made of its findings on the same thread, to
  /// `consume` in input order until it returns false.
  private func auditChunks<Prepared: Sendable>(
    input: ByteInput, format: InputFormat, name: String, header: CSVReaderBox?, baseLine: Int,
    renderer: (any FindingRenderer)?, keptLines: KeptLinesGate?,
    prepare: @escaping @Sendable (ChunkResult) -> Prepared,
    consume: (ChunkResult, Prepared) -> Bool
  ) {
    let ledger =
      countsLinesInChunks(format: format, listed: renderer != nil) ? LineFeedLedger() : nil
    let chunks = ChunkReader(
      input: input, format: format, size: chunkSize, maxLineBytes: options.maxLineBytes,
      ledger: ledger)
    if format == .jsonl { chunks.skipByteOrderMark() }
    let auditor = ChunkAuditor(
      program: program, name: name, baseLine: baseLine, now: options.now, strict: options.strict,
      header: header,
      directory: options.directory, accountability: options.accountability,
      maxLineBytes: options.maxLineBytes, limitOption: options.limitOption, layout: layout,
      selecting: options.selecting, renderer: renderer, keptLines: keptLines, ledger: ledger)
    if options.jobs <= 1 {
      while let chunk = chunks.next() {
        let result = auditor.audit(chunk)
        if !consume(result, prepare(result)) { break }
      }
      return
    }
    // Each thread compiles the program for itself: threads that shared closures and strings
    // would fight over their reference counts.
    let (checked, idField) = (self.checked, options.idField)
    let queue = OrderedWorkQueue<ChunkReader.Chunk, (ChunkResult, Prepared)>(
      // An event log's chunks hold tables of cases: fewer wait to be merged.
      workers: options.jobs,
      maximumInFlight: program.tallyShape.caseWidths.isEmpty
        ? 2 * options.jobs + 2 : options.jobs + 1,
      makeWork: {
        let own = auditor.isolated(Program(checked, idField: idField, isolated: true))
        return { chunk in
          let result = own.audit(chunk)
          return (result, prepare(result))
        }
      })
    queue.run(produce: chunks.next) { consume($0.0, $0.1) }
  }

  /// Whether the chunks' auditors count their line feeds, not the reading thread
  /// (`LineFeedLedger`): for JSON Lines (CSV's chunks are cut by a scan that counts them)
  /// listed by a renderer (whose findings are the events only: their lines are shifted when
  /// stitched, as are the violations an accountability report's tally keeps), not `strict`
  /// (which stops at a chunk's record), with no policy that keeps records' lines in its
  /// groups (an event log's cases, a sequence's records: they would count from the chunk's
  /// start), and no record handed back whole.
  private func countsLinesInChunks(format: InputFormat, listed: Bool) -> Bool {
    format == .jsonl && listed && !options.strict
      && options.selecting == nil && program.tallyShape.caseWidths.isEmpty
      && !program.groupPolicies.contains { $0.sequence != nil }
  }

  /// The usual size of the input's chunks.
  private var chunkSize: Int {
    options.chunkSize ?? ChunkReader.size(eventLog: !program.tallyShape.caseWidths.isEmpty)
  }

  /// Whether a listing of `input` releases its cases while they come sorted by case
  /// (`CaseRelease`): asked for, with cases to release and none from an earlier input, and
  /// an input that can be read again should it turn out not to be sorted.
  private func releasesCases(of input: ByteInput, into groups: AuditTally) -> Bool {
    options.releasesSortedCases && !options.accountability && options.selecting == nil
      && !program.tallyShape.caseWidths.isEmpty && groups.caseCount == 0
      && groups.release == nil && input.canReopen
  }

  /// The case tables of `input`'s records before byte `end` (a chunk's offset), read again
  /// from its start (the same chunks, adding their events to the cases only), for a log whose
  /// cases were released until a chunk showed it is not sorted by case.
  private func rereadCases(
    _ input: ByteInput, format: InputFormat, name: String, upTo end: Int
  ) -> Result<[CaseTable], CaseRereadError> {
    let failure = CaseRereadError(
      input: name,
      reason:
        "the cases of this log came sorted by case up to byte \(end) of its records, then "
        + "one came again or out of order, and the log could not be read again (it is no "
        + "longer the same file): the cases judged before then are judged on their events "
        + "up to there")
    guard let again = input.reopened() else { return .failure(failure) }
    var header: CSVReaderBox?
    if format == .csv {
      let reader = CSVReader(input: again, layout: layout)
      if case .rejected = reader.readHeader() { return .failure(failure) }
      header = CSVReaderBox(reader)
    }
    let chunks = ChunkReader(
      input: again, format: format, size: chunkSize, maxLineBytes: options.maxLineBytes)
    if format == .jsonl { chunks.skipByteOrderMark() }
    let auditor = ChunkAuditor(
      program: program, name: name, baseLine: 0, now: options.now, strict: false,
      header: header, directory: options.directory, accountability: false,
      maxLineBytes: options.maxLineBytes, limitOption: options.limitOption, layout: layout,
      selecting: nil, renderer: nil)
    var tables = AuditTally(program.tallyShape).cases
    var read = 0
    while read < end, let chunk = chunks.next() {
      read = chunk.offset + chunk.count
      let result = auditor.audit(chunk)
      for table in tables.indices { tables[table].merge(result.groups.cases[table]) }
    }
    // The chunks are cut where they were: the same bytes, the same size.
    return read == end ? .success(tables) : .failure(failure)
  }

  /// The warnings about an input's fields, as findings.
  private func warnings(_ presence: FieldPresence, input: String) -> [Finding] {
    checked.dataWarnings(
      presence, input: input, idField: options.idField, idGiven: options.idFieldGiven,
      idOption: options.idOption
    ).map { .event(.warning($0)) }
  }

  /// The counts of a chunk's first `taken` findings, with the records audited up to the
  /// last of them.
  private static func counts(of result: ChunkResult, upTo taken: Int) -> AuditCounts {
    var counts = AuditCounts()
    counts.audited = taken > 0 ? result.audited[taken - 1] : 0
    for finding in result.findings.prefix(taken) {
      switch finding {
      case .violation(let violation): counts.count(violation)
      case .pause: counts.dishonestPauses += 1
      case .event(.rejected): counts.rejected += 1
      case .event(.dataError): counts.dataErrors += 1
      case .event(.notEnoughData): counts.notEnoughData += 1
      case .event(.warning): break
      }
    }
    return counts
  }
}

extension AuditCounts {
  /// Counts a violation, or a record at risk.
  package mutating func count(_ violation: Violation) {
    if violation.atRisk != nil {
      atRisk += 1
    } else {
      countViolation(open: violation.open)
    }
  }
}
