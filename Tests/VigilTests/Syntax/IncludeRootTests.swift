import Foundation
import Testing
import VigilSyntax

@testable import Vigil

/// Includes and holidays files are read only inside the root folder: a path that leaves it
/// (`..`, absolute, a symbolic link pointing outside) is `include-outside-root`, and the file
/// is never opened — its lines never show in a diagnostic.
@Suite("Includes stay inside the root")
struct IncludeRootTests {
  static let folder = "Tests/VigilTests/Fixtures/diagnostics"

  /// `outside_root.vigil` includes `../outside/secret.vigil` and reads
  /// `../outside/holidays.txt`, whose lines would show in errors if they were read.
  @Test("paths that leave the file's folder are errors, and nothing of them is read")
  func escapesAreRefused() {
    let result = vigil(["check", repoPath("\(Self.folder)/outside_root.vigil")])
    #expect(result.code == 2)
    #expect(result.stdout == "")
    expectGolden(result.stderr, "\(Self.folder)/outside_root.stderr")
    #expect(!result.stderr.contains("SECRET"))
  }

  /// The same file under a wider root: the files beside the folder are read (and their lines
  /// do show, so the test above would see them), `/etc` stays out.
  @Test("--root widens the root: the files beside the folder are read, absolute paths never")
  func widerRoot() {
    let result = vigil([
      "check", repoPath("\(Self.folder)/outside_root.vigil"), "--root",
      repoPath("Tests/VigilTests/Fixtures"),
    ])
    #expect(result.code == 2)
    expectGolden(result.stderr, "\(Self.folder)/outside_root_wider.stderr")
  }

  /// A temporary folder `root/` (its real path, links resolved) with `secret.vigil` and
  /// `secret.txt` beside it, outside.
  static func folder(_ files: [String: String], links: [String: String] = [:]) throws -> URL {
    let temporary = URL(
      fileURLWithPath: IncludeRoot.realPath(FileManager.default.temporaryDirectory.path) ?? "/tmp")
    let base = temporary.appendingPathComponent("vigil-root-\(UUID().uuidString)")
    let root = base.appendingPathComponent("root")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try "SECRET define leaked = 1\n".write(
      to: base.appendingPathComponent("secret.vigil"), atomically: true, encoding: .utf8)
    try "SECRET-holiday\n".write(
      to: base.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(
      at: base.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
    try "SECRET define other = 2\n".write(
      to: base.appendingPathComponent("elsewhere/x.vigil"), atomically: true, encoding: .utf8)
    for (name, text) in files {
      let url = root.appendingPathComponent(name)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    for (name, target) in links {
      try FileManager.default.createSymbolicLink(
        atPath: root.appendingPathComponent(name).path, withDestinationPath: target)
    }
    return root
  }

  /// The diagnostics of `check`, with the temporary folder's path shown as `TMP`.
  static func check(_ arguments: [String], in root: URL) -> String {
    let base = root.deletingLastPathComponent().path
    return vigil(["check"] + arguments).stderr.replacingOccurrences(of: base, with: "TMP")
  }

  @Test("a symbolic link inside the root that points outside is refused, not followed")
  func linksOutside() throws {
    let root = try Self.folder(
      [
        "a.vigil": """
        include "link.vigil"
        include "folder/x.vigil"
        calendar office:
          monday "09:00-17:00"
          holidays from "days.txt"
        policy slow:
          from created_at until resolved_at > 1h in office → flag

        """
      ],
      links: [
        "link.vigil": "../secret.vigil", "folder": "../elsewhere", "days.txt": "../secret.txt",
      ]
    )
    defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
    #expect(
      Self.check([root.appendingPathComponent("a.vigil").path], in: root) == """
        TMP/root/a.vigil:1:1: error[include-outside-root]: the included file 'link.vigil' is a symbolic link to TMP/secret.vigil, outside the root folder TMP/root
          1 | include "link.vigil"
            | ^~~~~~~~~~~~~~~~~~~~
          help: write a path relative to this file that stays inside TMP/root: move the file inside it, or give a root folder that holds it with --root DIR
        TMP/root/a.vigil:2:1: error[include-outside-root]: the included file 'folder/x.vigil' is a symbolic link to TMP/elsewhere/x.vigil, outside the root folder TMP/root
          2 | include "folder/x.vigil"
            | ^~~~~~~~~~~~~~~~~~~~~~~~
          help: write a path relative to this file that stays inside TMP/root: move the file inside it, or give a root folder that holds it with --root DIR
        TMP/root/a.vigil:5:17: error[include-outside-root]: the holidays file 'days.txt' is a symbolic link to TMP/secret.txt, outside the root folder TMP/root
          5 |   holidays from "days.txt"
            |                 ^~~~~~~~~~
          help: write a path relative to this file that stays inside TMP/root: move the file inside it, or give a root folder that holds it with --root DIR
        vigil: 3 errors, 0 warnings

        """)
    // A folder given: a `.vigil` link found in it that points outside is refused too.
    #expect(
      Self.check([root.path], in: root).split(separator: "\n").filter {
        $0.contains("root/link.vigil")
      } == [
        "TMP/root/link.vigil: error[include-outside-root]: TMP/root/link.vigil is a symbolic link to TMP/secret.vigil, outside the root folder TMP/root"
      ])
  }

  @Test("includes and holidays files inside the root are read, through .. and links inside")
  func insideIsRead() throws {
    let root = try Self.folder(
      [
        "teams/a.vigil": """
        include "../common.vigil"
        include "../teams/../extra/more.vigil"
        calendar office:
          monday to friday "09:00-17:00"
          holidays from "../days.txt"
        policy slow:
          unresolved > 8h in office → flag

        """,
        "common.vigil": "define unresolved = from created_at until resolved_at\n",
        "extra/more.vigil": "policy late:\n  unresolved > 90h → flag\n",
        "days.txt": "2026-12-25\n",
      ], links: ["linked": "teams"])
    defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
    let records = """
      {"id":"A","created_at":"2026-12-24T09:00:00Z","resolved_at":"2026-12-28T10:00:00Z"}
      """
    let now = Date(timeIntervalSince1970: 1.8e9)
    // Given the file in its folder `teams/`, the root is `teams/`: its `../` leave it.
    let narrow = #expect(throws: Diagnostics.self) {
      try PolicySet(contentsOf: [root.appendingPathComponent("teams/a.vigil").path])
    }
    #expect(narrow?.errors.map(\.code) == Array(repeating: .includeOutsideRoot, count: 3))
    // The folder given; or the file with --root; or the file through a link to its folder.
    let given: [([String], String?)] = [
      ([root.path], nil), ([root.appendingPathComponent("teams/a.vigil").path], root.path),
      ([root.appendingPathComponent("linked/a.vigil").path], root.path),
    ]
    for (paths, rootFolder) in given {
      let policies = try PolicySet(contentsOf: paths, root: rootFolder)
      let audit = policies.audit(jsonLines: records, now: now)
      // 24 Dec 09:00 to 28 Dec 10:00: 97h; at work 8h (24th) + 25th off + 1h (28th) = 9h.
      #expect(
        audit.violations.map { "\($0.policy) \($0.measured ?? "-")" } == [
          "late unresolved 97h", "slow unresolved 9h business (office)",
        ], "\(paths)")
      #expect(
        policies.digest.files.map { "\($0.kind) \(($0.path as NSString).lastPathComponent)" }
          .sorted() == [
            "holidays days.txt", "policy a.vigil", "policy common.vigil", "policy more.vigil",
          ], "\(paths)")
    }
  }
}
