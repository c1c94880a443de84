import VigilCore
import VigilRecords
import VigilSyntax

/// What auditing one chunk found. Its findings, groups and ids count lines from the input's
/// start (with a `LineFeedLedger`, from the chunk's start while `linesFromChunkStart`); its
/// field marks from the chunk's.
package struct ChunkResult: Sendable {
  /// What the chunk's records broke, and the events of reading them, in input order (with a
  /// renderer, the events only: its violations and pauses are in `rendered`).
  package var findings: [Finding] = []
  /// With a renderer (`ChunkAuditor.renderer`): the report's bytes for the chunk's violations
  /// and pauses, in input order.
  package var rendered: [UInt8] = []
  /// For each finding, how many of the chunk's records had been audited when it was found
  /// (the counts of an audit that stops at it).
  package var audited: [Int] = []
  /// The chunk's counts.
  package var counts = AuditCounts()
  /// The lines of the input before the chunk (unknown while `linesFromChunkStart`).
  package var baseLine = 0
  /// Whether its findings and ids count lines from the chunk's start: an auditor with a
  /// `LineFeedLedger` leaves them so unless a record needed its line from the input's
  /// start; the stitcher shifts them (`shiftLines`).
  package var linesFromChunkStart = false
  /// With a `LineFeedLedger`: the chunk's line feeds, and those of them the reading thread
  /// did not count (the input's `linesRead` leaves them out until they are added).
  package var lineFeeds = 0
  package var uncountedLineFeeds = 0
  /// Where the chunk starts among the bytes of the input's records.
  package var offset = 0
  /// Whether the chunk stopped at a rejected record (`--strict`).
  package var stopped = false
  /// What the chunk's records added to the groups of group policies.
  package var groups: AuditTally
  /// For JSON Lines: which fields the chunk's records have, and which they give twice.
  package var fields: FieldMarks?
  /// The ids of the chunk's records, to find repeated ones (not for event logs, whose
  /// records are a case's events).
  package var ids = ChunkIDs()
  /// For the first chunk of JSON Lines: its first lines, to name the data's fields.
  package var head: [UInt8]?
  /// The chunk's first record that `AuditOptions.selecting` names.
  package var selected: SelectedRecord?
}

/// A record handed back whole (`AuditOptions.selecting`): its values by slot, where it is,
/// and what it is named.
package struct SelectedRecord: Sendable {
  package var values: [Value]
  package var line: Int
  /// Its id (or `input:line`).
  package var id: String
  /// Whether it was named by its case (an event log's first event of that case).
  package var isCase: Bool
}

extension ChunkResult {
  /// Adds a finding of the chunk's, in order.
  mutating func add(_ finding: consuming Finding) {
    findings.append(finding)
    audited.append(counts.audited)
  }

  /// Counts the lines of its findings from the input's start, given the lines before the
  /// chunk; its ids' lines too, unless `ids` is false (then they are shifted as they are
  /// searched: `RecordIDIndex.add(_:lineBase:)`).
  mutating func shiftLines(to base: Int, ids shiftsIDs: Bool) {
    guard linesFromChunkStart else { return }
    linesFromChunkStart = false
    baseLine = base
    guard base != 0 else { return }
    for index in findings.indices {
      findings[index].shiftLine(by: base)
    }
    if shiftsIDs { ids.shiftLines(by: base) }
    groups.accountability?.shiftLines(by: base)
  }
}

/// Audits chunks of an input, each on its own: the work each thread does.
package struct ChunkAuditor: Sendable {
  package let program: Program
  package let name: String
  /// The lines of the input read before its chunks (a CSV header's).
  package let baseLine: Int
  package let now: Int64
  package let strict: Bool
  /// The CSV header's reader, for CSV input.
  package let header: CSVReaderBox?
  /// The people directory, shared read-only.
  package let directory: Directory?
  /// Gather the accountability report instead of listing violations.
  package let accountability: Bool
  /// Records longer than this many bytes are rejected.
  package let maxLineBytes: Int
  /// The setting that sets `maxLineBytes`, as rejections name it.
  package let limitOption: String?
  /// The fields read, by slot: the program's, and any more a consumer wants (`explain`).
  package let layout: RecordLayout
  /// The record to hand back whole, if any (`AuditOptions.selecting`).
  package let selecting: String?
  /// Renders violations and pauses as they are found, into `ChunkResult.rendered`, instead of
  /// adding them to the findings.
  package let renderer: (any FindingRenderer)?
  /// For the accountability report: which violations the parties' lists keep (nil: the
  /// first `PartyTally.keptLines` of each party's).
  package var keptLines: KeptLinesGate? = nil
  /// For JSON Lines listed by a renderer, not `strict`, with no policy keeping lines in its
  /// groups (an event log's cases, a sequence's records): where the chunks' line feeds are
  /// found, which the reading thread may leave uncounted. A chunk's records then count lines
  /// from its start until one needs its line from the input's (it has no id), and the chunk
  /// counts its line feeds.
  package var ledger: LineFeedLedger? = nil

  /// The same auditor with its own program and its own copies of shared strings.
  package func isolated(_ program: Program) -> ChunkAuditor {
    ChunkAuditor(
      program: program, name: name.unshared, baseLine: baseLine, now: now, strict: strict,
      header: header, directory: directory, accountability: accountability,
      maxLineBytes: maxLineBytes, limitOption: limitOption, layout: layout, selecting: selecting,
      renderer: renderer, keptLines: keptLines, ledger: ledger)
  }

  /// Audits one chunk.
  package func audit(_ chunk: ChunkReader.Chunk) -> ChunkResult {
    var result = ChunkResult(groups: AuditTally(program.tallyShape))
    // Lines are counted from the input's start: the chunk knows the line feeds before it,
    // unless the ledger has them (then from the chunk's start, until a record needs more).
    var base = baseLine + chunk.lineFeedsBefore
    if ledger != nil && chunk.index > 0 {
      base = 0
      result.linesFromChunkStart = true
    }
    result.baseLine = base
    result.offset = chunk.offset
    if accountability { result.groups.accountability = AccountabilityTally(gate: keptLines) }
    if let oversized = chunk.oversized {
      reject(oversized, line: base + 1, into: &result)
      result.lineFeeds = oversized.lineFeeds
      return result
    }
    let input = chunk.takeInput()
    let endsWithLineFeed = input.pending.last == RecordByte.lineFeed
    let frame = Frame(slots: layout.count, now: now, directory: directory)
    let json = header == nil ? JSONLinesReader(continuing: input, layout: layout) : nil
    // INVARIANT: CSV has a header.
    let csv = json == nil ? CSVReader(input: input, continuing: header!.reader) : nil
    json?.maxLineBytes = maxLineBytes
    csv?.maxLineBytes = maxLineBytes
    json?.limitOption = limitOption
    csv?.limitOption = limitOption
    // The input's first lines, whichever chunks hold them: the same for every chunk size.
    if json != nil && chunk.offset < HeadSample.limit {
      result.head = HeadSample.lines(of: input.pending, upTo: HeadSample.limit - chunk.offset)
    }
    // Room for a finding every 8 records of 256 bytes, without growing (a copy of them all).
    result.findings.reserveCapacity(chunk.count / 2048)
    result.audited.reserveCapacity(chunk.count / 2048)
    // Records in scope are counted here, and added to the tally at the chunk's end.
    var scopes = ScopeCounter(policies: accountability ? scopePolicies : [])
    let tracksIDs = program.tallyShape.caseWidths.isEmpty
    // A partition's share of a chunk of records of a few hundred bytes, each id 20 bytes and
    // its text: most partitions never grow.
    if tracksIDs { result.ids = ChunkIDs(partitionCapacity: chunk.count / 512) }
    let ids = result.ids
    // Held here for the chunk: the loop reads through them with no reference count per record.
    let slots = frame.slots
    // Bound once a chunk, and borrowed for each record (an optional would be copied).
    let renders = self.renderer != nil
    let renderer: any FindingRenderer = self.renderer ?? KeptFindings()
    // Room for a violation every 8 records, of 256 bytes.
    var rendered = ByteBuffer(capacity: renders ? max(1024, chunk.count / 8) : 0)
    // The readers used unretained in the loop (the locals above keep them): a reader bound
    // per record from an optional is a reference count per record.
    let jsonReader = json.map { Unmanaged.passUnretained($0) }
    let csvReader = csv.map { Unmanaged.passUnretained($0) }
    while true {
      // Both readers leave texts unread in the frame until a policy reads them.
      let outcome: ReadOutcome
      if let jsonReader {
        outcome = jsonReader._withUnsafeGuaranteedRef { $0.read(into: slots) }
      } else {
        // INVARIANT: made above when there is no JSON reader.
        outcome = csvReader.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.read(into: slots) }
      }
      switch outcome {
      case .end:
        withExtendedLifetime(csv) {}
        if let ledger { count(chunk, json, endsWithLineFeed: endsWithLineFeed, ledger, &result) }
        result.fields = json?.fieldMarks
        fold(scopes, into: &result)
        if renders { result.rendered = rendered.array() }
        return result
      case .record(let line):
        result.counts.audited += 1
        var named = true
        if tracksIDs {
          named = program.addRecordID(frame, line: base + line, to: ids)
        } else if result.linesFromChunkStart {
          named = program.hasRecordID(frame)
        }
        if !named && result.linesFromChunkStart {
          // Named `input:line`: the lines before the chunk are wanted.
          // INVARIANT: lines count from a chunk's start only with a ledger.
          base = baseLine + ledger!.lineFeeds(before: chunk.index)
          result.shiftLines(to: base, ids: true)
          scopes.shiftLines(by: base)
        }
        evaluate(
          frame, line: base + line, into: &result, renders: renders, renderer: renderer,
          rendered: &rendered,
          scopes: &scopes)
        if let selecting, result.selected == nil {
          result.selected = select(selecting, frame, line: base + line)
        }
      case .rejected(let line, let reason):
        result.counts.rejected += 1
        result.add(.event(.rejected(Rejection(input: name, line: base + line, reason: reason))))
        if strict {
          // Whoever waits for the chunk's line feeds is not kept waiting: what comes after
          // a stop is not reported.
          if let ledger { count(chunk, json, endsWithLineFeed: endsWithLineFeed, ledger, &result) }
          result.stopped = true
          fold(scopes, into: &result)
          if renders { result.rendered = rendered.array() }
          return result
        }
      }
    }
  }

  /// Writes the chunk's line feeds in `result` and, when the reading thread did not count
  /// them, in the ledger: the lines of JSON Lines read, less a last one without a line feed.
  private func count(
    _ chunk: ChunkReader.Chunk, _ json: JSONLinesReader?, endsWithLineFeed: Bool,
    _ ledger: LineFeedLedger, _ result: inout ChunkResult
  ) {
    if let counted = chunk.lineFeeds {
      result.lineFeeds = counted
      return
    }
    // INVARIANT: the reading thread counts the line feeds of CSV (the ledger is for JSON
    // Lines only).
    let lines = json!.linesRead
    result.lineFeeds = endsWithLineFeed ? lines : lines - 1
    result.uncountedLineFeeds = result.lineFeeds
    ledger.record(result.lineFeeds, ofChunk: chunk.index)
  }

  /// Hands the records counted in scope to the chunk's accountability tally, which adds them
  /// up with the other chunks' (`AccountabilityTally.recordScopes`).
  private func fold(_ scopes: ScopeCounter, into result: inout ChunkResult) {
    guard accountability else { return }
    // INVARIANT: an accountability audit's chunks have a tally.
    result.groups.accountability!.recordScopes = scopes
  }

  /// The record policies' names and severities, as a `ScopeCounter` names them.
  private var scopePolicies: [(name: String, severity: Severity)] {
    program.policies.map { ($0.name, $0.severity) }
  }

  /// The result of a chunk that is one record longer than the limit, skipped unread.
  private func reject(
    _ oversized: ChunkReader.Oversized, line: Int, into result: inout ChunkResult
  ) {
    let reason = LineLimit.rejection(
      length: oversized.length, limit: maxLineBytes, csv: header != nil, option: limitOption)
    result.counts.rejected = 1
    result.add(.event(.rejected(Rejection(input: name, line: line, reason: reason))))
    result.stopped = strict
  }

  /// The record in `frame` if `selecting` names it: by its id or `input:line`, or as the
  /// first event of the case of that name.
  private func select(_ selecting: String, _ frame: Frame, line: Int) -> SelectedRecord? {
    let id = program.recordID(frame, input: name, line: line)
    var isCase = false
    if id != selecting && "\(name):\(line)" != selecting {
      guard let cases = program.groupPolicies.first(where: { $0.caseSlot != nil }),
        program.groupName(of: frame, cases) == selecting
      else { return nil }
      isCase = true
    }
    let values = (0..<layout.count).map { frame.value($0) }
    return SelectedRecord(values: values, line: line, id: id, isCase: isCase)
  }

  /// Evaluates the record in `frame`, on line `line` of the input.
  @inline(__always)
  private func evaluate(
    _ frame: Frame, line: Int, into result: inout ChunkResult,
    renders: Bool, renderer: any FindingRenderer, rendered: inout ByteBuffer,
    scopes: inout ScopeCounter
  ) {
    func dataError(_ error: DataErrorReport) {
      result.counts.dataErrors += 1
      // Fields, not `add`: `tally` below holds `result.groups` while it reports errors.
      result.findings.append(.event(.dataError(error)))
      result.audited.append(result.counts.audited)
    }
    if accountability {
      evaluateForReport(frame, line: line, into: &result, scopes: &scopes)
    } else if renders {
      program.evaluateInline(
        frame, input: name, line: line,
        violation: { violation in
          result.counts.count(violation)
          renderer.write(violation, to: &rendered)
        },
        dataError: dataError, tracksScope: false, scope: { _, _, _ in },
        pause: {
          result.counts.dishonestPauses += 1
          renderer.write($0, to: &rendered)
        }, drafts: true,
        draft: { draft in
          result.counts.countViolation(open: draft.open)
          renderer.write(draft, to: &rendered)
        })
    } else {
      program.evaluate(
        frame, input: name, line: line,
        violation: { violation in
          result.counts.count(violation)
          result.add(.violation(violation))
        },
        dataError: dataError,
        pause: {
          result.counts.dishonestPauses += 1
          result.add(.pause($0))
        })
    }
    if !program.groupPolicies.isEmpty {
      program.tally(frame, into: &result.groups, input: name, line: line, dataError: dataError)
    }
  }

  /// `evaluate(_:line:into:renders:renderer:rendered:scopes:)` for the accountability report,
  /// which gathers counts per party instead of listing violations. A function of its own, so
  /// that the listing's path stays small enough to be inlined whole, and this one inlines the
  /// program's evaluation (its five closures are not passed on per policy).
  @inline(never)
  private func evaluateForReport(
    _ frame: Frame, line: Int, into result: inout ChunkResult, scopes: inout ScopeCounter
  ) {
    func dataError(_ error: DataErrorReport) {
      result.counts.dataErrors += 1
      result.findings.append(.event(.dataError(error)))
      result.audited.append(result.counts.audited)
    }
    // The report gathers counts per party instead of listing violations.
    program.evaluateInline(
      frame, input: name, line: line,
      violation: { violation in
        // A record at risk is not a violation: the report counts it as pending, and at risk.
        guard violation.atRisk == nil else {
          result.counts.atRisk += 1
          result.groups.accountability!.addAtRisk(violation)
          return
        }
        result.counts.countViolation(open: violation.open)
        result.groups.accountability!.add(violation)
      }, dataError: dataError, tracksScope: true,
      scope: { policy, party, outcome in
        scopes.add(policy: policy.index, party: party, outcome: outcome)
      },
      pause: {
        result.counts.dishonestPauses += 1
        result.groups.accountability!.addPause($0)
      }, drafts: true,
      draft: { draft in
        result.counts.countViolation(open: draft.open)
        result.groups.accountability!.add(draft, scopes: &scopes)
      })
  }
}

/// A CSV reader that has read a header, shared read-only by the threads that read chunks.
package final class CSVReaderBox: @unchecked Sendable {
  // Only its header (columns and their slots) is read after it is made.
  package let reader: CSVReader
  package init(_ reader: CSVReader) { self.reader = reader }
}

/// The renderer of an audit that keeps its findings as values: never called.
private struct KeptFindings: FindingRenderer {
  func write(_ violation: Violation, to out: inout ByteBuffer) {}
  func write(_ pause: PauseFinding, to out: inout ByteBuffer) {}
}
