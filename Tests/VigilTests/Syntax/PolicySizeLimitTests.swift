import Foundation
import Testing
import VigilSyntax

@testable import Vigil

/// A policy set holds at most 16 MiB — its files, includes and holidays files together, each
/// counted once. A file that would take it past the limit is `policy-too-large`: its size is
/// looked up first, and it is never read.
@Suite("A policy set has a size limit")
struct PolicySizeLimitTests {
  static let main = """
    include "part.vigil"
    calendar office:
      monday "09:00-17:00"
      holidays from "days.txt"
    policy slow:
      from created_at until resolved_at > 1h in office → flag

    """
  static let part = "define limit = 2\n# a longer file than the holidays file\n"
  static let days = "2026-12-25\n"
  static let help =
    "  help: nothing of the file was read: a policy set (its files, their includes and holidays"
    + " files) may hold at most LIMIT; split the policies into sets checked and audited one at"
    + " a time, or make the file smaller\n"

  /// A folder holding `main.vigil`, which includes `part.vigil` and reads `days.txt`.
  static func folder() throws -> URL {
    let folder = try temporaryFolder("size")
    for (name, text) in ["main.vigil": main, "part.vigil": part, "days.txt": days] {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return URL(fileURLWithPath: IncludeRoot.realPath(folder.path) ?? folder.path)
  }

  /// The loader's diagnostics for `main.vigil` under a limit of `limit` bytes, rendered, the
  /// folder shown as `TMP`, and the files it read.
  static func load(limit: Int, in folder: URL) throws -> (String, [String]) {
    var loader = PolicyLoader()
    loader.maxBytes = limit
    try loader.load(paths: [folder.appendingPathComponent("main.vigil").path])
    let rendered = DiagnosticRenderer().render(loader.diagnostics)
      .replacingOccurrences(of: folder.path + "/", with: "TMP/")
    let read = loader.sources.map { URL(fileURLWithPath: $0.path).lastPathComponent }
    #expect(loader.bytesRead == loader.sources.map(\.bytes).reduce(0, +))
    return (rendered, read)
  }

  /// The help line for `limit` bytes.
  static func help(_ limit: Int) -> String {
    help.replacingOccurrences(of: "LIMIT", with: "\(limit) bytes")
  }

  @Test("at the limit every file is read; a byte less and the last one is refused, unread")
  func boundary() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (main, part, days) = (Self.main.utf8.count, Self.part.utf8.count, Self.days.utf8.count)
    let all = main + part + days
    #expect(
      try Self.load(limit: all, in: folder) == ("", ["main.vigil", "part.vigil", "days.txt"]))
    let holidays = """
      TMP/main.vigil:4:17: error[policy-too-large]: the holidays file 'days.txt' is \(days) \
      bytes long: with the \(main + part) bytes read before it, the policy set would hold \
      \(all) bytes, more than the \(all - 1) bytes it may hold
        4 |   holidays from "days.txt"
          |                 ^~~~~~~~~~

      """
    #expect(
      try Self.load(limit: all - 1, in: folder)
        == (holidays + Self.help(all - 1), ["main.vigil", "part.vigil"]))
    let include = """
      TMP/main.vigil:1:1: error[policy-too-large]: the included file 'part.vigil' is \(part) \
      bytes long: with the \(main) bytes read before it, the policy set would hold \
      \(main + part) bytes, more than the \(main + part - 1) bytes it may hold
        1 | include "part.vigil"
          | ^~~~~~~~~~~~~~~~~~~~

      """
    // The include is refused; the holidays file, smaller, still fits.
    #expect(
      try Self.load(limit: main + part - 1, in: folder)
        == (include + Self.help(main + part - 1), ["main.vigil", "days.txt"]))
    #expect(try Self.load(limit: main, in: folder).1 == ["main.vigil"])
    let first = """
      TMP/main.vigil: error[policy-too-large]: TMP/main.vigil is \(main) bytes long, more than \
      the \(main - 1) bytes a policy set may hold

      """
    #expect(try Self.load(limit: main - 1, in: folder) == (first + Self.help(main - 1), []))
  }

  @Test("a file read twice (a holidays file named by two files) is counted once")
  func countedOnce() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let other = "calendar office2:\n  monday \"09:00-17:00\"\n  holidays from \"days.txt\"\n"
    try (Self.part + other).write(
      to: folder.appendingPathComponent("part.vigil"), atomically: true, encoding: .utf8)
    let all = Self.main.utf8.count + Self.part.utf8.count + other.utf8.count + Self.days.utf8.count
    #expect(
      try Self.load(limit: all, in: folder) == ("", ["main.vigil", "part.vigil", "days.txt"]))
  }

  @Test("policy text given to the embedding API: at the limit it is read, a byte more is refused")
  func text() {
    let text = "policy p:\n  x > 1 → flag\n"
    let size = text.utf8.count
    for (limit, expected) in [
      (size, ""),
      (
        size - 1,
        "p.vigil: error[policy-too-large]: p.vigil is \(size) bytes long, more than the"
          + " \(size - 1) bytes a policy set may hold\n" + Self.help(size - 1)
      ),
    ] {
      var loader = PolicyLoader()
      loader.maxBytes = limit
      loader.load(text: text, file: "p.vigil", root: nil)
      #expect(DiagnosticRenderer().render(loader.diagnostics) == expected)
      #expect(loader.sources.count == (expected.isEmpty ? 1 : 0))
    }
  }

  @Test("PolicySet(source:) refuses text over 16 MiB before parsing it")
  func textDefault() {
    let text = String(repeating: "#", count: 16 << 20) + "\n"
    #expect(throws: Diagnostics.self) { try PolicySet(source: text, file: "big.vigil") }
    do {
      _ = try PolicySet(source: text, file: "big.vigil")
    } catch {
      #expect(
        DiagnosticRenderer().render(error.all)
          == "big.vigil: error[policy-too-large]: big.vigil is 16777217 bytes long, more than"
          + " the 16777216 bytes (16 MiB) a policy set may hold\n"
          + Self.help(16 << 20).replacingOccurrences(of: "bytes;", with: "bytes (16 MiB);"))
    }
  }

  @Test("reading stops one byte past the limit when a file holds more than its size says")
  func device() {
    var loader = PolicyLoader()
    loader.maxBytes = 100
    guard case .tooLarge(let size, let atLeast) = loader.readWithinLimit("/dev/zero") else {
      Issue.record("/dev/zero was read whole")
      return
    }
    #expect(size == 101 && atLeast)
    #expect(loader.bytesRead == 0)
  }
}

/// `vigil check` with the real limit, 16 MiB: files of 16 MiB and a byte (sparse: never
/// read, they cost no disk).
@Suite("vigil check: the policy set's size limit")
struct PolicySizeLimitCLITests {
  static func sparse(_ url: URL, size: Int) throws {
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: UInt64(size))
    try handle.close()
  }

  @Test("an include and a holidays file over 16 MiB are refused, unread (golden)")
  func includeAndHolidays() throws {
    let folder = try temporaryFolder("size-cli")
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
    include "big.vigil"
    calendar office:
      monday "09:00-17:00"
      holidays from "big.txt"
    policy slow:
      from created_at until resolved_at > 1h in office → flag

    """.write(to: folder.appendingPathComponent("main.vigil"), atomically: true, encoding: .utf8)
    try Self.sparse(folder.appendingPathComponent("big.vigil"), size: (16 << 20) + 1)
    try Self.sparse(folder.appendingPathComponent("big.txt"), size: (16 << 20) + 1)
    let result = vigil(["check", folder.appendingPathComponent("main.vigil").path])
    #expect(result.code == 2)
    let real = IncludeRoot.realPath(folder.path) ?? folder.path
    expectGolden(
      result.stderr.replacingOccurrences(of: real, with: "TMP")
        .replacingOccurrences(of: folder.path, with: "TMP"),
      "Tests/VigilTests/Fixtures/diagnostics/policy_too_large.stderr")
  }

  @Test("a file given over 16 MiB is refused, unread; a device is read only up to the limit")
  func fileGiven() throws {
    let folder = try temporaryFolder("size-cli")
    defer { try? FileManager.default.removeItem(at: folder) }
    let big = folder.appendingPathComponent("big.vigil")
    try Self.sparse(big, size: (16 << 20) + 1)
    let help =
      "  help: nothing of the file was read: a policy set (its files, their includes and holidays"
      + " files) may hold at most 16777216 bytes (16 MiB); split the policies into sets checked"
      + " and audited one at a time, or make the file smaller\n"
    let result = vigil(["check", big.path])
    #expect(
      result
        == CLIResult(
          code: 2, stdout: "",
          stderr: "\(big.path): error[policy-too-large]: \(big.path) is 16777217 bytes long,"
            + " more than the 16777216 bytes (16 MiB) a policy set may hold\n" + help
            + "vigil: 1 error, 0 warnings\n"))
    let zero = vigil(["check", "/dev/zero"])
    #expect(
      zero
        == CLIResult(
          code: 2, stdout: "",
          stderr: "/dev/zero: error[policy-too-large]: /dev/zero is at least 16777217 bytes"
            + " long, more than the 16777216 bytes (16 MiB) a policy set may hold\n" + help
            + "vigil: 1 error, 0 warnings\n"))
  }
}
