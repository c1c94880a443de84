import Foundation
import Vigil
import VigilSyntax

/// A saved `.vigiltest` file run as `vigil test FILE` runs it (its policy files read from
/// disk): the diagnostics of files it could not use, and each failed expectation by line.
enum TestFileRun {
  /// A failed expectation (or a record that could not be made): its line (from 1) and what
  /// `vigil test` says of it.
  struct Failure: Equatable {
    var line: Int
    var message: String
  }

  /// Runs the tests of the file at `path`.
  static func run(path: String) -> (diagnostics: [Diagnostic], failures: [Failure]) {
    let report = PolicyTestRunner().run(paths: [path])
    return (report.diagnostics, failures(in: report.text, path: path))
  }

  /// The failures a report names in the file `path`: each `  PATH:LINE: text` line, with the
  /// lines indented further under it (`got: …`, why).
  static func failures(in report: String, path: String) -> [Failure] {
    let prefix = "  \(path):"
    var failures: [Failure] = []
    for line in report.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix(prefix) {
        let rest = line.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":"), let number = Int(rest[..<colon]) else {
          continue
        }
        let text = rest[rest.index(after: colon)...].drop { $0 == " " }
        failures.append(Failure(line: number, message: "failed: \(text)"))
      } else if line.hasPrefix("    "), !failures.isEmpty {
        failures[failures.count - 1].message += "\n" + line.dropFirst(4)
      }
    }
    return failures
  }
}
