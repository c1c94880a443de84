import Foundation
import VigilCore
import VigilEvaluation
import VigilRecords

extension PolicySet {
  /// Streams one input through the policies on a thread of its own, and hands on what it
  /// finds as an asynchronous sequence, in input order then policy order, the groups'
  /// findings after the records', and last `.finished` with the audit's counts.
  ///
  ///     for await finding in policies.findings(in: input, format: .jsonl, name: "t", now: now) {
  ///       if case .violation(let violation) = finding { print(violation.policy) }
  ///     }
  ///
  /// The audit starts when the sequence is first iterated, keeps at most a few hundred
  /// findings ahead of its consumer (memory stays flat), and stops reading when the
  /// iterating task is cancelled or the loop ends early.
  /// A line (or CSV record) longer than `maxLineBytes` is rejected, skipped unread.
  public func findings(
    in input: ByteInput, format: InputFormat, name: String, now: Date, idField: String = "id",
    directory: Directory? = nil, maxLineBytes: Int = LineLimit.defaultBytes
  ) -> FindingStream {
    var options = AuditOptions(
      now: Self.milliseconds(now), idField: FieldPath(idField), directory: directory)
    options.maxLineBytes = maxLineBytes
    options.jobs = 1
    let settings = options
    let channel = FindingChannel()
    let checked = self.checked
    // INVARIANT: the input is read by the audit's thread only, once the stream is iterated.
    nonisolated(unsafe) let input = input
    let audit: @Sendable () -> Void = {
      Self.run(checked, input: input, format: format, name: name, options: settings, channel)
    }
    return FindingStream(channel: channel, start: FindingStream.Starter(audit))
  }

  /// The audit of a `FindingStream`, on its own thread.
  private static func run(
    _ checked: CheckedProgram, input: ByteInput, format: InputFormat, name: String,
    options: AuditOptions, _ channel: FindingChannel
  ) {
    let driver = AuditDriver(checked, options: options)
    var groups = driver.newTally()
    var (counts, stopped) = driver.run(input: input, format: format, name: name, groups: &groups) {
      findings in
      for (index, finding) in findings.enumerated() {
        if !channel.send(AuditFinding(finding)) { return index + 1 }
      }
      return nil
    }
    if !stopped {
      counts =
        counts
        + driver.judge(&groups) { findings in
          for finding in findings {
            if !channel.send(AuditFinding(finding)) {
              stopped = true
              return
            }
          }
        }
    }
    channel.note(audited: counts.audited)
    if !stopped, channel.send(.finished(counts)) {
      channel.finish()
    } else {
      channel.end()
    }
  }
}
