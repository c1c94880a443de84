/// The JSON Lines and CSV readers, through the audit that uses them, on any bytes.
///
/// Properties: nothing crashes; every line (JSON Lines) or record (CSV) read is audited or
/// rejected, none lost; the parallel audit (`--jobs 2`, chunks of a few dozen bytes) writes
/// the same report, events and counts as one thread reading the whole input at once; the
/// streaming embedding API counts the same records audited and rejected.
enum RecordReaderTarget {
  /// A policy set, the id field of its data, and a column its CSV header has.
  struct Scenario {
    var marker: String
    var policies: PolicySet
    var idField: String
  }

  /// The policies of the repository whose data the seeds come from (Fuzz/seeds.sh), read once
  /// from the repository's root (the current folder): a CSV input uses the first whose
  /// header column appears in its first line, else the last.
  static let scenarios: [Scenario] = [
    ("Unique Key", "examples/nyc311.vigil", "Unique Key"),
    ("complaint_id", "examples/cfpb.vigil", "complaint_id"),
    ("Case ID", "examples/helpdesk_events.vigil", "Case ID"),
    ("incident_state", "examples/itsm_events.vigil", "number"),
    ("Ticket No", "Tests/VigilTests/Fixtures/cli/policy.vigil", "Ticket No"),
    ("", "rules", "id"),
  ].map { marker, path, id in
    do {
      return Scenario(
        marker: marker, policies: try PolicySet(contentsOf: [path]), idField: id)
    } catch {
      fail("cannot load \(path) (run from the repository's root): \(error)")
    }
  }

  /// 2026-11-25T00:00:00Z.
  static let now: Int64 = 1_795_564_800_000

  struct Run: Equatable {
    var output: [UInt8] = []
    var events: [String] = []
    var counts = AuditCounts()
    var stopped = false
  }

  static func run(_ bytes: UnsafeRawBufferPointer, format: InputFormat) {
    _ = scenarios
    let input = [UInt8](bytes)
    let lines = lineCounts(input, format: format)
    let scenario =
      format == .jsonl
      ? scenarios[scenarios.count - 1]
      : scenarios.first { !$0.marker.isEmpty && lines.first.contains($0.marker) }
        ?? scenarios[scenarios.count - 1]
    let whole = audit(input, format, scenario, jobs: 1, chunkSize: 1 << 30)
    let chunked = audit(input, format, scenario, jobs: 2, chunkSize: 24 + input.count % 71)
    guard chunked == whole else {
      fail(
        "jobs 2 and small chunks differ from jobs 1:\n\(describe(whole))\nversus\n\(describe(chunked))"
      )
    }
    let streamed = scenario.policies.audit(
      input: ByteInput(bytes: input), format: format, name: "fuzz", now: now,
      idField: FieldPath(scenario.idField),
      handler: AuditHandler(
        violation: { _ in }, rejection: { _ in true }, dataError: { _ in },
        notEnoughData: { _ in }))
    guard streamed.audited == whole.counts.audited, streamed.rejected == whole.counts.rejected
    else {
      fail("the streaming API read \(streamed), the report \(whole.counts)")
    }
    let read = whole.counts.audited + whole.counts.rejected
    if format == .csv, whole.events.first?.contains("invalid header") == true {
      guard read == 1 else { fail("\(read) records after an invalid header:\n\(describe(whole))") }
      return
    }
    if let expected = lines.exact {
      guard read == expected else {
        fail("\(expected) records in, \(read) read (audited + rejected):\n\(describe(whole))")
      }
    } else {
      guard read <= lines.atMost else {
        fail("at most \(lines.atMost) records in, \(read) read:\n\(describe(whole))")
      }
    }
  }

  /// The report of an audit of `input`.
  static func audit(
    _ input: [UInt8], _ format: InputFormat, _ scenario: Scenario, jobs: Int, chunkSize: Int
  ) -> Run {
    var options = AuditOptions(now: now, idField: FieldPath(scenario.idField), jobs: jobs)
    options.chunkSize = chunkSize
    var run = Run()
    (run.counts, run.stopped) = scenario.policies.writeReport(
      input: ByteInput(bytes: input), format: format, name: "fuzz", options: options,
      report: .csv, write: { run.output += $0 },
      event: { event in
        switch event {
        case .rejected(let rejection): run.events.append("\(rejection.line): \(rejection.reason)")
        case .dataError(let error):
          run.events.append("\(error.line) \(error.record) \(error.policy): \(error.error.message)")
        case .notEnoughData(let shortfall):
          run.events.append("\(shortfall.policy) \(shortfall.group.name): not enough data")
        case .warning(let warning):
          run.events.append("warning[\(warning.code.rawValue)]: \(warning.message)")
        }
      })
    return run
  }

  static func describe(_ run: Run) -> String {
    "\(run.counts) stopped: \(run.stopped)\n\(run.events.joined(separator: "\n"))\n"
      + text(run.output)
  }

  /// What the input's lines say of its records: the first line's text, how many records it
  /// holds when that is known without reading CSV quotes (every non-blank line of JSON
  /// Lines; every non-blank line after the header of CSV without quotes), and at most.
  static func lineCounts(
    _ input: [UInt8], format: InputFormat
  ) -> (first: String, exact: Int?, atMost: Int) {
    var pieces = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    if pieces.last?.isEmpty == true { pieces.removeLast() }
    let first = text(pieces.first ?? [])
    switch format {
    case .jsonl:
      let blank: Set<UInt8> = [9, 10, 13, 32]
      if pieces.first?.starts(with: [0xEF, 0xBB, 0xBF]) == true {
        pieces[0] = pieces[0].dropFirst(3)
      }
      let count = pieces.filter { !$0.allSatisfy(blank.contains) }.count
      return (first, count, count)
    case .csv:
      let nonBlank = pieces.filter { !($0.isEmpty || $0.elementsEqual([13])) }
      let records = max(nonBlank.count - 1, 0)
      let firstIsBlank = pieces.first.map { $0.isEmpty || $0.elementsEqual([13]) } ?? true
      let exact = input.contains(UInt8(ascii: "\"")) || firstIsBlank ? nil : records
      return (first, exact, records)
    }
  }
}
