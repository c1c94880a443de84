import Foundation
import Vigil

/// Where `vigil audit` writes: the report (`-o FILE`, else standard output) and the list of
/// rejected lines and data errors (`--errors FILE`). A file is written beside its target
/// and replaces it only at `commit()`, when the audit ran to its end; on a usage error, a
/// failed write or a signal the old file stays as it was (`ReplacementFile`).
final class AuditOutputs {
  /// Where the report goes.
  let report: OutputSink
  /// The error list, when asked for.
  let errorLog: ErrorLog?
  private var files: [ReplacementFile] = []

  /// Opens `-o` and `--errors` as `arguments` give them; `inputs` are the files the audit
  /// reads, which neither may name.
  init(_ arguments: Arguments, inputs: [String], _ context: CommandContext) throws(UsageError) {
    let reportPath = arguments.value("output").flatMap { $0 == "-" ? nil : $0 }
    let errorsPath = arguments.value("errors")
    if errorsPath == "-" && reportPath == nil {
      throw UsageError(
        "--errors - would mix the errors with the report on standard output: "
          + "write the report to a file with -o FILE, or the errors with --errors FILE")
    }
    let written = [("-o", reportPath), ("--errors", errorsPath)].compactMap { flag, path in
      path.flatMap { $0 == "-" ? nil : (flag, $0) }
    }
    try Self.checkDistinct(written, inputs)
    var report: OutputSink = context.stdout
    var errors: OutputSink?
    for (flag, path) in written {
      let file: ReplacementFile
      do {
        file = try ReplacementFile(path: path)
      } catch {
        throw UsageError(error.message)
      }
      files.append(file)
      if flag == "-o" { report = file } else { errors = file }
    }
    self.report = report
    errorLog = errorsPath.map { ErrorLog(path: $0, sink: errors ?? context.stdout) }
  }

  /// Replaces the files with what was written; false after showing why one could not be.
  func commit(_ stderr: OutputSink) -> Bool {
    var committed = true
    for file in files {
      do {
        try file.commit()
      } catch {
        stderr.write("vigil audit: \(error.message)\n")
        committed = false
      }
    }
    return committed
  }

  /// Fails when two of the files written, or a file written and one read, are the same file.
  private static func checkDistinct(
    _ written: [(flag: String, path: String)], _ inputs: [String]
  ) throws(UsageError) {
    let read = inputs.filter { $0 != "-" }.map { ($0, canonical($0)) }
    for (index, (flag, path)) in written.enumerated() {
      let target = canonical(path)
      if let (input, _) = read.first(where: { $0.1 == target }) {
        throw UsageError(
          "\(flag) '\(path)' is '\(input)', which the audit reads: write elsewhere")
      }
      if let other = written[..<index].first(where: { canonical($0.path) == target }) {
        throw UsageError("\(other.flag) and \(flag) both write '\(path)': give each its own file")
      }
    }
  }

  /// The absolute path of `path`, with `.`, `..` and symbolic links resolved.
  private static func canonical(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
