import Vigil
import VigilEvaluation
import VigilReports

/// `vigil audit --errors FILE`: every rejected line and data error of the audit, as JSON
/// Lines (`ErrorLogWriter`), complete and in input order, whatever standard error showed.
final class ErrorLog {
  /// The path as given (`-` for standard output).
  let path: String
  private let sink: OutputSink
  private var line: [UInt8] = []

  init(path: String, sink: OutputSink) {
    self.path = path
    self.sink = sink
  }

  /// Adds `event`, if it is a rejected line or a data error.
  func add(_ event: AuditEvent) {
    line.removeAll(keepingCapacity: true)
    if ErrorLogWriter.write(event, to: &line) { sink.write(line) }
  }

  /// What ends the note of the lines and errors standard error did not show: where they all
  /// are, or how to get them.
  static func whereAll(_ log: ErrorLog?) -> String {
    guard let log else { return "; --errors FILE lists them all" }
    return log.path == "-" ? "; standard output lists them all" : "; \(log.path) lists them all"
  }
}
