import VigilCore
import VigilEvaluation
import VigilRecords
import VigilReports

extension PolicySet {
  /// Audits one input and writes the report, using `options.jobs` threads.
  ///
  /// The input is cut into chunks of whole records that are audited in parallel; their
  /// findings are delivered in input order (`AuditDriver`), so the output is byte for byte
  /// the same whatever the number of threads. Memory stays bounded: a few chunks at a time.
  ///
  /// - Parameters:
  ///   - write: receives the report's bytes, in order (the CSV header is not included).
  ///   - event: receives rejected records and data errors, in input order.
  /// - Returns: the counts, and whether the audit stopped at a rejected record.
  package func writeReport(
    input: ByteInput, format: InputFormat, name: String, options: AuditOptions,
    report: ReportFormat = .text, write: ([UInt8]) -> Void, event: (AuditEvent) -> Void
  ) -> (counts: AuditCounts, stopped: Bool) {
    let driver = AuditDriver(checked, options: options)
    var groups = driver.newTally()
    let writer = ViolationWriter(format: report, extra: Self.extraColumns(driver.program))
    var (counts, stopped) = driver.run(input: input, format: format, name: name, groups: &groups) {
      Self.deliver($0, writer: writer, write: write, event: event)
      return nil
    }
    counts =
      counts
      + driver.judge(&groups) { Self.deliver($0, writer: writer, write: write, event: event) }
    return (counts, stopped)
  }

  /// Audits one input of several and writes its record policies' report, adding its records
  /// to the groups of the group policies in `groups`; `writeGroupReport` judges the groups
  /// once every input was read.
  ///
  /// What the input says about the fields the policies read (`dataWarnings`) and about
  /// repeated record ids comes as `.warning` events: for CSV before the records' events (the
  /// header tells), for JSON Lines after them.
  package func writeReport(
    input: ByteInput, format: InputFormat, name: String, options: AuditOptions,
    report: ReportFormat = .text, groups: inout AuditTally, write: ([UInt8]) -> Void,
    event: (AuditEvent) -> Void
  ) -> (counts: AuditCounts, stopped: Bool) {
    writeReport(
      input: input, format: format, name: name, driver: driver(options), report: report,
      groups: &groups, write: write, event: event)
  }

  /// The driver of audits run as `options` say: the program compiled once, for every input
  /// of an audit (`writeReport(input:format:name:driver:…)`).
  package func driver(_ options: AuditOptions) -> AuditDriver {
    AuditDriver(checked, options: options)
  }

  /// Audits one input of several with `driver` (compiled once for all of them) and writes
  /// its record policies' report, adding its records to `groups`.
  package func writeReport(
    input: ByteInput, format: InputFormat, name: String, driver: AuditDriver,
    report: ReportFormat = .text, groups: inout AuditTally, write: ([UInt8]) -> Void,
    event: (AuditEvent) -> Void
  ) -> (counts: AuditCounts, stopped: Bool) {
    let writer = ViolationWriter(
      format: report, extra: Self.extraColumns(driver.program), program: driver.program)
    var selected: SelectedRecord?
    // The violations are written on the threads that found them, as they are found; the
    // events, in order, here.
    return driver.run(
      input: input, format: format, name: name, groups: &groups, selected: &selected,
      renderer: writer,
      consume: { findings, bytes in
        for case .event(let found) in findings { event(found) }
        if !bytes.isEmpty { write(bytes) }
      })
  }

  /// Judges the groups of the group policies and writes their violations, after the record
  /// policies' report (or, for the accountability report, adds them to `groups`); groups too
  /// small to judge are events. Returns the counts it adds.
  package func writeGroupReport(
    _ groups: inout AuditTally, driver: AuditDriver, report: ReportFormat = .text,
    write: ([UInt8]) -> Void, event: (AuditEvent) -> Void
  ) -> AuditCounts {
    let writer = ViolationWriter(
      format: report, extra: Self.extraColumns(driver.program), program: driver.program)
    // The violations are written as they are found (an event log's cases on the threads that
    // judged them); the events, in order, here.
    return driver.judge(&groups, renderer: writer) { findings, bytes in
      for case .event(let found) in findings { event(found) }
      if !bytes.isEmpty { write(bytes) }
    }
  }

  /// The columns of the violation report beyond the base ones that the policies of this set
  /// can fill (`ViolationWriter.ExtraColumns`).
  package var extraColumns: ViolationWriter.ExtraColumns {
    Self.extraColumns(Program(checked, idField: FieldPath("id")))
  }

  /// The extra columns `program`'s policies can fill: a dishonest pause's, and holders.
  static func extraColumns(_ program: Program) -> ViolationWriter.ExtraColumns {
    var extra: ViolationWriter.ExtraColumns = []
    if program.policies.contains(where: \.reportsPauses)
      || program.groupPolicies.contains(where: \.reportsPauses)
    {
      extra.insert(.pauses)
    }
    if program.groupPolicies.contains(where: { $0.holding != nil })
      || program.policies.contains(where: { $0.history?.holding != nil })
    {
      extra.insert(.holders)
    }
    return extra
  }

  /// Writes a batch of findings: the violations' report bytes at once, after the events.
  private static func deliver(
    _ findings: [Finding], writer: ViolationWriter, write: ([UInt8]) -> Void,
    event: (AuditEvent) -> Void
  ) {
    var out = ByteBuffer(capacity: 192 * findings.count)
    for finding in findings {
      switch finding {
      case .violation(let violation): writer.write(violation, to: &out)
      case .pause(let pause): writer.write(pause, to: &out)
      case .event(let found): event(found)
      }
    }
    if !out.isEmpty { write(out.array()) }
  }
}
