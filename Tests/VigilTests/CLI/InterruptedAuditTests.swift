import Foundation
import Testing

/// A report is never half written: `vigil audit -o FILE --errors FILE` in a process of its
/// own, stopped midway by a signal, leaves the old files byte for byte and (unless killed
/// with SIGKILL) no temporary file; the next run removes what a killed one left.
@Suite("Interrupted audits", .serialized)
struct InterruptedAuditTests {
  static let policy = repoPath("Tests/VigilTests/Fixtures/cli/policy.vigil")
  static let oldReport = "the old report\n"
  static let oldErrors = "the old errors\n"

  /// A folder holding the old report and errors, and `records` generated records (every
  /// tenth with a `created_at` that cannot be read).
  static func folder(records: Int) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("vigil-interrupted-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try oldReport.write(
      to: folder.appendingPathComponent("report.txt"), atomically: false, encoding: .utf8)
    try oldErrors.write(
      to: folder.appendingPathComponent("errors.jsonl"), atomically: false, encoding: .utf8)
    var data = ""
    data.reserveCapacity(records * 80)
    for number in 1...records {
      let created = number % 10 == 0 ? "soon" : "2026-11-20T00:00:00Z"
      data += #"{"id":"R\#(number)","type":"complaint","owner":"kim","created_at":"\#(created)"}"#
      data += "\n"
    }
    try data.write(
      to: folder.appendingPathComponent("records.jsonl"), atomically: false, encoding: .utf8)
    return folder
  }

  /// Starts `vigil audit` over the folder's records, writing its report and errors there.
  static func start(in folder: URL) throws -> ChildProcess {
    guard let program = VigilProgram.url else {
      throw Failure(
        "the vigil program was not built; looked at "
          + VigilProgram.candidates.map(\.path).joined(separator: ", "))
    }
    let path = { (name: String) in folder.appendingPathComponent(name).path }
    return try ChildProcess(
      program,
      [
        "audit", policy, "--data", path("records.jsonl"), "--now", "2026-11-25T00:00:00Z", "-o",
        path("report.txt"), "--errors", path("errors.jsonl"), "--jobs", "2",
      ])
  }

  /// The folder's files, sorted.
  static func names(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  /// Waits until the process has written into both temporary files: it is midway.
  static func waitUntilWriting(_ process: ChildProcess, in folder: URL) throws {
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      let temporary = try names(in: folder).filter { $0.hasPrefix(".") }
      let sizes = try temporary.map {
        try FileManager.default.attributesOfItem(
          atPath: folder.appendingPathComponent($0).path)[.size] as? Int ?? 0
      }
      if temporary.count == 2 && sizes.allSatisfy({ $0 > 0 }) { return }
      guard process.isRunning else {
        throw Failure("the audit ended before it could be interrupted")
      }
      usleep(1000)
    }
    throw Failure("the audit wrote nothing in 60 seconds")
  }

  static func contents(_ folder: URL, _ name: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
  }

  @Test(
    "SIGINT or SIGTERM midway: the old files are untouched and no temporary file remains",
    arguments: [SIGINT, SIGTERM])
  func interrupted(by signal: Int32) throws {
    let folder = try Self.folder(records: 200_000)
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = try Self.start(in: folder)
    defer { process.stop() }
    try Self.waitUntilWriting(process, in: folder)
    kill(process.pid, signal)
    #expect(process.wait() == .signal(signal))
    #expect(try Self.contents(folder, "report.txt") == Self.oldReport)
    #expect(try Self.contents(folder, "errors.jsonl") == Self.oldErrors)
    #expect(try Self.names(in: folder) == ["errors.jsonl", "records.jsonl", "report.txt"])
  }

  @Test func killedMidwayThenRunAgain() throws {
    let folder = try Self.folder(records: 200_000)
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = try Self.start(in: folder)
    defer { process.stop() }
    try Self.waitUntilWriting(process, in: folder)
    kill(process.pid, SIGKILL)
    #expect(process.wait() == .signal(SIGKILL))
    #expect(try Self.contents(folder, "report.txt") == Self.oldReport)
    #expect(try Self.contents(folder, "errors.jsonl") == Self.oldErrors)
    // SIGKILL cannot be caught: its temporary files stay, named after the killed process.
    let pid = process.pid
    let left = try Self.names(in: folder).filter { $0.hasPrefix(".") }
    #expect(left.count == 2)
    #expect(
      left.map { String($0.dropLast(6)) } == [
        ".errors.jsonl.vigil-\(pid)-", ".report.txt.vigil-\(pid)-",
      ])

    // The next audit to the same files removes them, and replaces the files whole.
    try Array(
      try Self.contents(folder, "records.jsonl").split(separator: "\n").prefix(10)
    ).joined(separator: "\n").write(
      to: folder.appendingPathComponent("records.jsonl"), atomically: false, encoding: .utf8)
    let again = try Self.start(in: folder)
    defer { again.stop() }
    #expect(again.wait() == .exit(1))
    #expect(try Self.names(in: folder) == ["errors.jsonl", "records.jsonl", "report.txt"])
    let violations = (1...9).map { number in
      "\(relative(Self.policy)):4: [medium] R\(number) → escalate to kim: unresolved 120h > 48h (open)\n"
    }
    #expect(relative(try Self.contents(folder, "report.txt")) == violations.joined())
    #expect(
      relative(try Self.contents(folder, "errors.jsonl"))
        == #"{"kind":"data_error","file":"\#(folder.path)/records.jsonl","line":10,"record":"R10","policy":"\#(relative(Self.policy)):4","field":"created_at","value":"soon","message":"cannot read 'soon' as a time","help":"times are ISO-8601, e.g. 2026-11-25T09:30:00Z; other layouts need time(…)"}"#
        + "\n")
  }
}
