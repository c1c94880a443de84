import Foundation
import Testing
import VigilCore
import VigilSyntax

@testable import Vigil
@testable import VigilCLI

/// What one in-process run of `vigil` printed and returned.
struct CLIResult: Equatable {
  var code: Int32
  var stdout: String
  var stderr: String
}

/// The clock of in-process runs: 2025-12-01T09:30:00Z, so that what a report says of when it
/// was made is the same on every run.
let testClock: Int64 = 1_764_581_400_000

/// Runs `vigil` in-process. Paths under the repository are shown relative to it, so
/// outputs are the same on every machine.
func vigil(_ arguments: [String], stdin: String? = nil) -> CLIResult {
  let out = StringSink()
  let err = StringSink()
  let input = stdin.map { ByteInput(string: $0) }
  let code = VigilCLI.run(
    arguments, stdout: out, stderr: err, stdin: input, clock: { testClock })
  return CLIResult(code: code, stdout: relative(out.text), stderr: relative(err.text))
}

/// `text` with the repository's absolute path removed.
func relative(_ text: String) -> String {
  text.replacingOccurrences(of: Paths.root.path + "/", with: "")
}

/// A path inside the repository.
func repoPath(_ relative: String) -> String {
  Paths.root.appendingPathComponent(relative).path
}

/// Compares `actual` with the golden file at `relativePath` (under the repository), or
/// rewrites the golden file when `UPDATE_GOLDENS=1`.
func expectGolden(
  _ actual: String, _ relativePath: String,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  let url = Paths.root.appendingPathComponent(relativePath)
  if Paths.updateGoldens {
    if let failure = unreadableInput(in: actual) {
      Issue.record(
        "not writing golden \(relativePath): the run could not read its input (\(failure))",
        sourceLocation: sourceLocation)
      return
    }
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try actual.write(to: url, atomically: true, encoding: .utf8)
    } catch {
      Issue.record("cannot write golden \(relativePath): \(error)", sourceLocation: sourceLocation)
    }
    return
  }
  guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
    Issue.record(
      "missing golden file \(relativePath); run with UPDATE_GOLDENS=1",
      sourceLocation: sourceLocation)
    return
  }
  guard actual != expected else { return }
  let (got, wanted) = (actual.components(separatedBy: "\n"), expected.components(separatedBy: "\n"))
  let line =
    zip(got, wanted).enumerated().first { $1.0 != $1.1 }?.offset ?? min(got.count, wanted.count)
  let shown = { (lines: [String]) in lines.indices.contains(line) ? lines[line] : "(the end)" }
  Issue.record(
    """
    golden \(relativePath) differs from line \(line + 1) (UPDATE_GOLDENS=1 rewrites it):
      expected: \(shown(wanted))
      actual:   \(shown(got))
    """, sourceLocation: sourceLocation)
}

/// `stderr` of an audit without its block saying where the report came from (`audit by
/// vigil …` and its indented lines), for tests about the rest of it: paths of temporary files
/// and digests of generated policies are not the same from run to run.
func withoutProvenance(_ stderr: String) -> String {
  var lines: [Substring] = []
  var inBlock = false
  for line in stderr.split(separator: "\n", omittingEmptySubsequences: false) {
    if line.hasPrefix("audit by vigil ") {
      inBlock = true
    } else if !(inBlock && line.hasPrefix("  ")) {
      inBlock = false
      lines.append(line)
    }
  }
  return lines.joined(separator: "\n")
}

/// The first line of `output` saying that a file the run was given could not be opened —
/// a failed run, whose output must never become a golden file.
func unreadableInput(in output: String) -> String? {
  output.split(separator: "\n").first { line in
    line.contains(": cannot open '") || line.contains("]: no such file or folder: ")
      || (line.hasPrefix("vigil ") && line.contains(": cannot read the "))
  }.map(String.init)
}
