import Foundation
import VigilCore
import VigilRecords
import VigilSyntax

/// Runs policy test files: each test's records are audited by the file's policies as of the
/// test's now, and each expectation is checked against what the audit found. A failure says
/// what was expected, what was found, and — for a record — why, part by part (as
/// `vigil explain` shows it).
package struct PolicyTestRunner: Sendable {
  /// The instant tests run as of when they do not say.
  package static let defaultNow: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z

  /// What running the tests found.
  package struct Report: Sendable {
    /// The report to print: one line per test, and each failure's details.
    package var text = ""
    /// Diagnostics for test files or policies that could not be used.
    package var diagnostics: [Diagnostic] = []
    package var passed = 0
    package var failed = 0
    package var files = 0
  }

  /// The folder every policy file the tests name must be inside, with their includes and
  /// holidays files (`PolicySet(contentsOf:root:)`); nil: each policy file's folder.
  package var root: String?
  /// How the caller names the setting that gives `root`, for messages that advise it (the
  /// command line's `--root`); nil: none is named.
  package var rootOption: String?

  /// A runner; `root` as for `PolicySet(contentsOf:root:)`.
  package init(root: String? = nil) {
    self.root = root
  }

  /// Runs the tests in `paths`: `.vigiltest` files, or folders searched for them (sorted).
  package func run(paths: [String]) -> Report {
    var report = Report()
    for path in Self.testFiles(paths) {
      report.files += 1
      run(file: path, into: &report)
    }
    return report
  }

  static func testFiles(_ paths: [String]) -> [String] {
    var found: [String] = []
    for path in paths {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue
      else {
        found.append(path)
        continue
      }
      let names = (FileManager.default.subpaths(atPath: path) ?? []).filter {
        $0.hasSuffix(".vigiltest")
      }
      found += names.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
    return found
  }

  private func run(file path: String, into report: inout Report) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      report.diagnostics.append(
        Diagnostic(
          .error, .includeNotFound, "cannot read the test file '\(path)'",
          source: Source(text: "", file: path), range: SourceRange(0, 0)))
      return
    }
    let (file, parseErrors) = Parser.parseTests(Source(text: text, file: path))
    guard parseErrors.isEmpty else {
      report.diagnostics += parseErrors.sorted { $0.range.start < $1.range.start }
      return
    }
    let folder = (path as NSString).deletingLastPathComponent
    func resolved(_ name: String) -> String {
      name.hasPrefix("/") ? name : (folder as NSString).appendingPathComponent(name)
    }
    let errorsBefore = report.diagnostics.count
    // The files a test file names stay inside its root, as a policy file's includes do.
    let testRoot = IncludeRoot(root ?? (folder.isEmpty ? "." : folder))
    let written =
      file.policies.map { ("policy file", $0.path, $0.range) }
      + (file.directory.map { [("directory file", $0.path, $0.range)] } ?? [])
    for (what, name, range) in written {
      guard case .outside(let escape) = testRoot.resolve(name, from: path) else { continue }
      report.diagnostics.append(
        Diagnostic(
          .error, .includeOutsideRoot,
          PolicyLoader.outsideMessage(what, name, escape, testRoot), source: file.source,
          range: range, help: PolicyLoader.outsideHelp(testRoot, escape, rootOption: rootOption)))
    }
    guard report.diagnostics.count == errorsBefore else { return }
    let named: [(path: String, range: SourceRange)] =
      file.policies.isEmpty
      ? [((path as NSString).deletingPathExtension + ".vigil", SourceRange(0, 0))]
      : file.policies.map { (resolved($0.path), $0.range) }
    for (policyPath, range) in named where !FileManager.default.fileExists(atPath: policyPath) {
      report.diagnostics.append(
        Diagnostic(
          .error, .includeNotFound, "no policy file '\(policyPath)'", source: file.source,
          range: range,
          help: file.policies.isEmpty
            ? "a test file tests the .vigil file of its name; or name them: policies \"x.vigil\""
            : "name it relative to the test file"))
    }
    guard report.diagnostics.count == errorsBefore else { return }
    let policyPaths = named.map(\.path)
    let policies: PolicySet
    do {
      policies = try PolicySet.explaining(
        contentsOf: policyPaths, root: root, rootOption: rootOption)
    } catch {
      report.diagnostics += error.all
      return
    }
    var directory: Directory?
    if let (name, range) = file.directory {
      let full = resolved(name)
      do {
        directory = try Directory.read(
          input: try ByteInput(path: full), format: InputFormat(path: full) ?? .csv, name: name)
      } catch {
        // (A DirectoryError's text is its message; a RecordInputError's description is.)
        let why = (error as? DirectoryError)?.message ?? "\(error)"
        report.diagnostics.append(
          Diagnostic(
            .error, .includeNotFound, "the directory cannot be used: \(why)",
            source: file.source, range: range))
        return
      }
    }
    for test in file.tests {
      let outcome = run(test, file, policies, directory)
      let line = file.source.line(of: test.range.start)
      if let failure = outcome {
        report.failed += 1
        report.text += "FAIL \(path):\(line) \(test.name)\n" + failure
      } else {
        report.passed += 1
        report.text += "ok   \(path):\(line) \(test.name)\n"
      }
    }
  }

  /// Runs one test; nil when it passed, else what to print about it.
  private func run(
    _ test: PolicyTest, _ file: PolicyTestFile, _ policies: PolicySet, _ directory: Directory?
  ) -> String? {
    var now = Self.defaultNow
    var records: [[String: Value]] = []
    do throws(TestValues.Failure) {
      for nowExpr in [file.now, test.now].compactMap({ $0 }) {
        guard case .time(let instant) = try TestValues.value(nowExpr, now: now) else {
          throw TestValues.Failure(message: "now must be a time", range: nowExpr.range)
        }
        now = instant
      }
      for record in test.records {
        let fields = try TestValues.record(record, now: now)
        guard record.count > 1 else {
          records.append(fields)
          continue
        }
        for number in 1...record.count {
          var copy = fields
          copy["id"] = .text("\(record.id)-\(number)")
          records.append(copy)
        }
      }
    } catch {
      let line = file.source.line(of: error.range.start)
      return "  \(file.source.file):\(line): \(error.message)\n"
    }
    let audit = policies.audit(
      records, now: Date(timeIntervalSince1970: Double(now) / 1000), directory: directory)
    var failures = ""
    for expectation in test.expectations {
      let check = ExpectationCheck(
        expectation: expectation, test: test, policies: policies, audit: audit,
        records: records, now: now)
      guard let got = check.failure() else { continue }
      let line = file.source.line(of: expectation.range.start)
      failures += "  \(file.source.file):\(line): \(file.source.text(in: expectation.range))\n"
      failures += "    got: \(got)\n"
      if let why = why(check, records, now, policies, directory) { failures += why }
    }
    return failures.isEmpty ? nil : failures
  }

  /// For a failed expectation about one record: its condition part by part.
  private func why(
    _ check: ExpectationCheck, _ records: [[String: Value]], _ now: Int64,
    _ policies: PolicySet, _ directory: Directory?
  ) -> String? {
    guard let name = check.policyName, let subject = check.subject,
      let explanation = policies.explain(
        record: subject, among: records, now: now, policies: [name], directory: directory),
      let policy = explanation.policies.first
    else { return nil }
    let tree = ExplanationWriter(format: .text).condition(policy.condition, depth: 3)
    return "    why, for record \(subject):\n" + tree
  }
}
