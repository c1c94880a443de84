import VigilRecords

/// What auditing one chunk found, with lines counted from the chunk's start.
package struct ChunkResult: Sendable {
  /// The report's bytes for the chunk's violations.
  package var output: [UInt8] = []
  /// Violations of records named by their line, to be written at `offset` once the chunk's
  /// first line is known.
  package var deferred: [(offset: Int, violation: Violation)] = []
  /// Rejections and data errors, with where the report's bytes stood when they occurred.
  package var events: [(offset: Int, event: AuditEvent, namedByLine: Bool)] = []
  /// The chunk's counts.
  package var counts = AuditCounts()
  /// How many line feeds the chunk holds.
  package var lines = 0
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
}

/// Audits chunks of an input, each on its own: the work each thread does.
package struct ChunkAuditor: Sendable {
  package let program: Program
  package let name: String
  package let now: Int64
  package let writer: any ViolationEncoder
  package let strict: Bool
  /// The CSV header's reader, for CSV input.
  package let header: CSVReaderBox?
  /// The people directory, shared read-only.
  package let directory: Directory?
  /// Gather the accountability report instead of writing violations.
  package let accountability: Bool
  /// Records longer than this many bytes are rejected.
  package let maxLineBytes: Int

  /// The same auditor with its own program and its own copies of shared strings.
  package func isolated(_ program: Program) -> ChunkAuditor {
    ChunkAuditor(
      program: program, name: name.unshared, now: now, writer: writer, strict: strict,
      header: header, directory: directory, accountability: accountability,
      maxLineBytes: maxLineBytes)
  }

  /// Audits one chunk.
  package func audit(_ chunk: ChunkReader.Chunk) -> ChunkResult {
    var result = ChunkResult(groups: AuditTally(program.tallyShape))
    if accountability { result.groups.accountability = AccountabilityTally() }
    if let oversized = chunk.oversized {
      reject(oversized, into: &result)
      return result
    }
    let input = chunk.takeInput()
    result.output.reserveCapacity(chunk.count / 4)
    let frame = Frame(slots: program.layout.count, now: now, directory: directory)
    let json = header == nil ? JSONLinesReader(continuing: input, layout: program.layout) : nil
    // INVARIANT: CSV has a header.
    let csv = json == nil ? CSVReader(input: input, continuing: header!.reader) : nil
    let reader: any RecordReader = json ?? csv!
    json?.maxLineBytes = maxLineBytes
    csv?.maxLineBytes = maxLineBytes
    // The input's first lines, whichever chunks hold them: the same for every chunk size.
    if json != nil && chunk.offset < HeadSample.limit {
      result.head = HeadSample.lines(of: input.pending, upTo: HeadSample.limit - chunk.offset)
    }
    let tracksIDs = program.tallyShape.caseWidths.isEmpty
    if tracksIDs {
      result.ids.entries.reserveCapacity(chunk.count / 256)
      result.ids.bytes.reserveCapacity(chunk.count / 32)
    }
    while true {
      // Both readers leave texts unread in the frame until a policy reads them.
      switch json?.read(into: frame.slots) ?? csv!.read(into: frame.slots) {
      case .end:
        // Every chunk but the last ends with a line feed: the lines read are its line feeds.
        result.lines = reader.linesRead
        result.fields = json?.fieldMarks
        return result
      case .record(let line):
        result.counts.audited += 1
        if tracksIDs { program.addRecordID(frame, line: line, to: &result.ids) }
        evaluate(frame, line: line, into: &result)
      case .rejected(let line, let reason):
        result.counts.rejected += 1
        let rejection = Rejection(input: name, line: line, reason: reason)
        result.events.append((result.output.count, .rejected(rejection), false))
        if strict {
          result.stopped = true
          return result
        }
      }
    }
  }

  /// The result of a chunk that is one record longer than the limit, skipped unread.
  private func reject(_ oversized: ChunkReader.Oversized, into result: inout ChunkResult) {
    let reason = LineLimit.rejection(
      length: oversized.length, limit: maxLineBytes, csv: header != nil)
    result.counts.rejected = 1
    result.events.append((0, .rejected(Rejection(input: name, line: 1, reason: reason)), false))
    result.lines = oversized.lineFeeds
    result.stopped = strict
  }

  private func evaluate(_ frame: Frame, line: Int, into result: inout ChunkResult) {
    let namedByLine = !program.hasRecordID(frame)
    func dataError(_ error: DataErrorReport) {
      result.counts.dataErrors += 1
      result.events.append((result.output.count, .dataError(error), namedByLine))
    }
    if accountability {
      // The report gathers counts per party instead of listing violations.
      program.evaluate(
        frame, input: name, line: line,
        violation: { violation in
          // A record at risk is not a violation: the report counts it as meeting the policy.
          guard violation.atRisk == nil else {
            result.counts.atRisk += 1
            return
          }
          result.counts.countViolation(open: violation.open)
          result.groups.accountability!.add(violation, namedByLine: namedByLine)
        }, dataError: dataError, tracksScope: true,
        scope: { policy, party, met in
          result.groups.accountability!.addScope(
            policy: policy.name, severity: policy.severity, party: party, met: met)
        })
    } else {
      program.evaluate(
        frame, input: name, line: line,
        violation: { violation in
          if violation.atRisk != nil {
            result.counts.atRisk += 1
          } else {
            result.counts.countViolation(open: violation.open)
          }
          if namedByLine {
            result.deferred.append((result.output.count, violation))
          } else {
            writer.write(violation, to: &result.output)
          }
        }, dataError: dataError)
    }
    if !program.groupPolicies.isEmpty {
      program.tally(frame, into: &result.groups, input: name, line: line, dataError: dataError)
    }
  }

  /// Makes one from its parts.
  package init(
    program: Program, name: String, now: Int64, writer: any ViolationEncoder, strict: Bool,
    header: CSVReaderBox?, directory: Directory?, accountability: Bool, maxLineBytes: Int
  ) {
    self.program = program
    self.name = name
    self.now = now
    self.writer = writer
    self.strict = strict
    self.header = header
    self.directory = directory
    self.accountability = accountability
    self.maxLineBytes = maxLineBytes
  }
}

/// A CSV reader that has read a header, shared read-only by the threads that read chunks.
package final class CSVReaderBox: @unchecked Sendable {
  // Only its header (columns and their slots) is read after it is made.
  package let reader: CSVReader
  package init(_ reader: CSVReader) { self.reader = reader }
}
