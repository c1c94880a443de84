import Foundation
import Testing

@testable import VigilCLI

/// Files `vigil` writes are replaced whole or not at all.
@Suite("Replaced files")
struct ReplacementFileTests {
  static let policy = repoPath("Tests/VigilTests/Fixtures/cli/policy.vigil")
  static let clean = repoPath("Tests/VigilTests/Fixtures/cli/clean.jsonl")
  static let now = ["--now", "2026-11-25T00:00:00Z"]

  /// A new folder holding `report.txt` with `old` in it.
  static func folder(old: String = "old\n", mode: Int = 0o640) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("vigil-replace-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let report = folder.appendingPathComponent("report.txt")
    try old.write(to: report, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: report.path)
    return folder
  }

  static func names(_ folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  static func mode(_ path: String) throws -> Int {
    try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
  }

  @Test func aUsageErrorAfterTheFilesWereOpenedLeavesTheOldOnes() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = folder.appendingPathComponent("report.txt").path
    let missing = folder.appendingPathComponent("missing.jsonl").path
    let result = vigil(
      [
        "audit", Self.policy, "--data", Self.clean, "--data", missing, "-o", report, "--errors",
        folder.appendingPathComponent("errors.jsonl").path,
      ] + Self.now)
    #expect(result.code == 2)
    #expect(
      result.stderr
        == "vigil audit: cannot read the data file '\(missing)': No such file or directory\n")
    #expect(try String(contentsOfFile: report, encoding: .utf8) == "old\n")
    #expect(try Self.names(folder) == ["report.txt"])
  }

  @Test func aReplacedReportKeepsTheOldOnesPermissionsAndANewOneFollowsTheUmask() throws {
    let folder = try Self.folder(mode: 0o600)
    defer { try? FileManager.default.removeItem(at: folder) }
    let report = folder.appendingPathComponent("report.txt").path
    let errors = folder.appendingPathComponent("errors.jsonl").path
    let result = vigil(
      ["audit", Self.policy, "--data", Self.clean, "-o", report, "--errors", errors] + Self.now)
    #expect(result.code == 0)
    #expect(try String(contentsOfFile: report, encoding: .utf8) == "")
    #expect(try Self.mode(report) == 0o600)
    // What the umask makes of 0666, as for any new file.
    let reference = folder.appendingPathComponent("reference").path
    close(open(reference, O_WRONLY | O_CREAT, 0o666))
    #expect(try Self.mode(errors) == Self.mode(reference))
    try FileManager.default.removeItem(atPath: reference)
    #expect(try Self.names(folder) == ["errors.jsonl", "report.txt"])
  }

  @Test func aPipeIsWrittenToAndStaysAPipe() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pipe = folder.appendingPathComponent("pipe").path
    #expect(mkfifo(pipe, 0o600) == 0)
    let records = repoPath("Tests/VigilTests/Fixtures/cli/records.jsonl")
    let received = PipeReader(path: pipe)
    let result = vigil(["audit", Self.policy, "--data", records, "-o", pipe] + Self.now)
    // Should vigil not have opened the pipe, this lets the reader see its end, not wait forever.
    close(open(pipe, O_WRONLY | O_NONBLOCK))
    #expect(result.code == 1)
    // The golden names the policy file by its path from the repository's root.
    let golden = try String(contentsOfFile: records + ".txt", encoding: .utf8)
    #expect(
      received.text()
        == golden.replacingOccurrences(
          of: "Tests/VigilTests/Fixtures/cli/policy.vigil", with: Self.policy))
    #expect(try Self.names(folder) == ["pipe", "report.txt"])
    #expect(Self.kind(pipe) == S_IFIFO)
  }

  @Test func aDeviceIsWrittenToAndStaysADevice() throws {
    let result = vigil(
      [
        "audit", Self.policy, "--data", repoPath("Tests/VigilTests/Fixtures/cli/records.jsonl"),
        "-o", "/dev/null",
      ] + Self.now)
    #expect(result.code == 1)
    #expect(result.stdout == "")
    #expect(Self.kind("/dev/null") == S_IFCHR)
  }

  /// The kind of file at `path` (`S_IFREG`, `S_IFIFO`, …), 0 when there is none.
  static func kind(_ path: String) -> mode_t {
    var status = stat()
    return stat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
  }

  @Test func aSymbolicLinkStaysALinkToTheReplacedFile() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("latest.txt").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "report.txt")
    let result = vigil(["audit", Self.policy, "--data", Self.clean, "-o", link] + Self.now)
    #expect(result.code == 0)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "report.txt")
    #expect(
      try String(contentsOfFile: folder.appendingPathComponent("report.txt").path, encoding: .utf8)
        == "")
    #expect(try Self.names(folder) == ["latest.txt", "report.txt"])
  }

  @Test func theTemporaryFilesOfProcessesThatAreGoneAreRemoved() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // No process has a number above Linux's and macOS's highest (4194304 and 99999).
    let gone = ".report.txt.vigil-999999999-a1B2c3"
    let running = ".report.txt.vigil-\(getpid())-a1B2c3"
    let others = [".report.txt.vigil-notes", ".other.txt.vigil-999999999-a1B2c3", "report.txt"]
    for name in [gone, running] + others.dropLast() {
      try "x".write(
        to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
    }
    let report = folder.appendingPathComponent("report.txt").path
    #expect(vigil(["audit", Self.policy, "--data", Self.clean, "-o", report] + Self.now).code == 0)
    #expect(try Self.names(folder) == ([running] + others).sorted())
  }

  @Test func fmtReplacesAFileWholeKeepingItsPermissionsAndLinks() throws {
    let folder = try Self.folder(old: "policy p:\n    x>1 -> flag\n", mode: 0o604)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("p.vigil").path
    try FileManager.default.moveItem(
      atPath: folder.appendingPathComponent("report.txt").path, toPath: file)
    let link = folder.appendingPathComponent("link.vigil").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "p.vigil")
    let result = vigil(["fmt", link])
    #expect(result == CLIResult(code: 0, stdout: "", stderr: ""))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "policy p:\n  x > 1 → flag\n")
    #expect(try Self.mode(file) == 0o604)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "p.vigil")
    #expect(try Self.names(folder) == ["link.vigil", "p.vigil"])
  }

  @Test func aFileThatCannotBeRenamedInPlaceIsAnErrorAndLeavesNothing() throws {
    let folder = try Self.folder()
    let report = folder.appendingPathComponent("report.txt").path
    let file = try ReplacementFile(path: report)
    file.write("new\n")
    // The folder goes away before the report is complete.
    try FileManager.default.removeItem(at: folder)
    var message: String?
    do {
      try file.commit()
    } catch {
      message = error.message
    }
    #expect(
      message == "cannot write '\(report)' (No such file or directory); it was left as it was")
    do {
      try file.commit()
    } catch {
      Issue.record("a second commit does nothing, but threw \(error.message)")
    }
    let second = try ReplacementFile(
      path: FileManager.default.temporaryDirectory.path + "/vigil-\(UUID().uuidString)")
    second.discard()
    #expect(!FileManager.default.fileExists(atPath: second.temporaryPath))
  }

  @Test func theFirstFailedWriteIsKept() throws {
    let descriptor = open("/dev/full", O_WRONLY)
    try #require(descriptor >= 0, "/dev/full cannot be opened")
    defer { close(descriptor) }
    let sink = FileSink(descriptor: descriptor)
    sink.write("a report")
    #expect(sink.failure == nil)
    sink.flush()
    #expect(sink.failure == ENOSPC)
  }
}

/// Reads everything written to a named pipe, on a thread of its own (opening a pipe waits for
/// the writer).
final class PipeReader: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var data = Data()

  init(path: String) {
    Thread.detachNewThread { [self] in
      data = FileHandle(forReadingAtPath: path)?.readDataToEndOfFile() ?? Data()
      done.signal()
    }
  }

  /// What was written, once the writer closed the pipe.
  func text() -> String {
    done.wait()
    return String(decoding: data, as: UTF8.self)
  }
}
