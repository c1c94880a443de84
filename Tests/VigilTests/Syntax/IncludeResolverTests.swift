import Foundation
import Testing
import VigilSyntax

@testable import Vigil

/// The embedding API's include resolver, and `--root` on every command that loads policies.
@Suite("Include resolvers and --root")
struct IncludeResolverTests {
  static let policy = """
    include "common.vigil"
    calendar office:
      monday to friday "09:00-17:00"
      holidays from "days.txt"
    policy slow:
      unresolved > 8h in office → flag

    """

  /// `root/` holding the policy as `a.vigil`, `common.vigil`, `days.txt` and an empty `sub/`.
  static func folder() throws -> URL {
    let root = try IncludeRootTests.folder([
      "a.vigil": policy, "common.vigil": "define unresolved = from created_at until resolved_at\n",
      "days.txt": "2026-12-25\n", "sub/empty.txt": "",
      "records.jsonl":
        #"{"id":"A","created_at":"2026-12-24T09:00:00Z","resolved_at":"2026-12-28T10:00:00Z"}"#
        + "\n",
      "a.vigiltest": """
      test slow:
        record "A":
          created_at = now - 3d
        expect slow: violation

      """,
    ])
    return root
  }

  @Test("PolicySet(source:) reads no file by default: includes and holidays files are errors")
  func noResolver() {
    let error = #expect(throws: Diagnostics.self) {
      try PolicySet(source: Self.policy, file: "p.vigil")
    }
    #expect(
      error?.description == """
        p.vigil:1:1: error[include-outside-root]: includes are not read here: the policies were given as text, with no root folder
          1 | include "common.vigil"
            | ^~~~~~~~~~~~~~~~~~~~~~
          help: give the policy set a root folder to read includes from (PolicySet(source:file:includes: .root("folder"))), or put the included text in it
        p.vigil:4:17: error[include-outside-root]: holidays files are not read here: the policies were given as text, with no root folder
          4 |   holidays from "days.txt"
            |                 ^~~~~~~~~~
          help: give the policy set a root folder to read files from (PolicySet(source:file:includes: .root("folder"))), or list the dates: holidays "2026-12-25"

        """)
  }

  @Test("PolicySet(source:includes: .root(…)) reads inside the root, relative to the file")
  func rootResolver() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
    let policies = try PolicySet(
      source: Self.policy, file: root.appendingPathComponent("user.vigil").path,
      includes: .root(root.path))
    let audit = policies.audit(
      jsonLines: try String(
        contentsOf: root.appendingPathComponent("records.jsonl"), encoding: .utf8),
      now: Date(timeIntervalSince1970: 1.8e9))
    // 8h on the 24th, the 25th a holiday, 1h on the 28th.
    #expect(audit.violations.map { $0.measured } == ["unresolved 9h business (office)"])
    // The same text under a narrower root: both files are outside.
    let error = #expect(throws: Diagnostics.self) {
      try PolicySet(
        source: Self.policy, file: root.appendingPathComponent("user.vigil").path,
        includes: .root(root.appendingPathComponent("sub").path))
    }
    #expect(
      error?.errors.map { relativeTo(root, $0.message) } == [
        "the included file 'common.vigil' is outside the root folder ROOT/sub",
        "the holidays file 'days.txt' is outside the root folder ROOT/sub",
      ])
  }

  func relativeTo(_ root: URL, _ text: String) -> String {
    text.replacingOccurrences(of: root.path, with: "ROOT")
  }

  /// Each command that loads policies takes `--root`: a root that does not hold the policy
  /// file given is an error before anything is read.
  @Test(
    "--root on check, audit, explain, diff and test",
    arguments: [
      (["check", "a.vigil"], "vigil: 1 error, 0 warnings"),
      (
        ["audit", "a.vigil", "--data", "records.jsonl", "--now", "2027-01-01"],
        "vigil: the policies have 1 error; nothing was audited"
      ),
      (
        ["explain", "a.vigil", "--data", "records.jsonl", "--record", "A"],
        "vigil: the policies have 1 error; nothing was explained"
      ),
      (
        ["diff", "a.vigil", "a.vigil", "--data", "records.jsonl"],
        "vigil diff: the policies in ROOT/a.vigil have 1 error; nothing was compared"
      ),
      (
        ["test", "a.vigiltest"],
        "vigil test: 0 passed, 0 failed (1 file); 1 error in test or policy files"
      ),
    ])
  func rootOption(_ arguments: [String], _ last: String) throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
    let full = arguments.map { $0.contains(".") ? root.appendingPathComponent($0).path : $0 }
    let narrow = vigil(full + ["--root", root.appendingPathComponent("sub").path])
    #expect(narrow.code == 2)
    #expect(
      relativeTo(root, narrow.stderr) == """
        vigil: error[include-outside-root]: ROOT/a.vigil is outside the root folder ROOT/sub (--root): give a root that holds every policy file
        \(last)

        """)
    // The root that holds it: the command runs (0 or 1: violations found).
    let wide = vigil(full + ["--root", root.path])
    #expect(wide.code < 2, "\(wide.stderr)")
  }

  /// A `.vigiltest` file's `policies` and `directory` lines name files inside its root too:
  /// its folder, or `--root`.
  @Test("the files a test file names stay inside its root")
  func testFilesAreConfined() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
    try """
    policies "../a.vigil"
    directory "../../secret.txt"
    test slow:
      record "A":
        created_at = now - 3d
      expect slow: violation

    """.write(
      to: root.appendingPathComponent("sub/t.vigiltest"), atomically: true, encoding: .utf8)
    let narrow = vigil(["test", root.appendingPathComponent("sub/t.vigiltest").path])
    #expect(narrow.code == 2)
    #expect(
      relativeTo(root, narrow.stderr) == """
        ROOT/sub/t.vigiltest:1:10: error[include-outside-root]: the policy file '../a.vigil' is outside the root folder ROOT/sub
          1 | policies "../a.vigil"
            |          ^~~~~~~~~~~~
          help: write a path relative to this file that stays inside ROOT/sub: move the file inside it, or give a root folder that holds it with --root DIR
        ROOT/sub/t.vigiltest:2:11: error[include-outside-root]: the directory file '../../secret.txt' is outside the root folder ROOT/sub
          2 | directory "../../secret.txt"
            |           ^~~~~~~~~~~~~~~~~~
          help: write a path relative to this file that stays inside ROOT/sub: move the file inside it, or give a root folder that holds it with --root DIR
        vigil test: 0 passed, 0 failed (1 file); 2 errors in test or policy files

        """)
    // With the root above: the policy file is read; the directory beside the root is not.
    let wide = vigil([
      "test", root.appendingPathComponent("sub/t.vigiltest").path, "--root", root.path,
    ])
    #expect(
      relativeTo(root, wide.stderr).split(separator: "\n").first
        == "ROOT/sub/t.vigiltest:2:11: error[include-outside-root]: the directory file '../../secret.txt' is outside the root folder ROOT"
    )
    #expect(!wide.stderr.contains("SECRET"))
  }

  @Test("--root must be a folder")
  func rootMustExist() {
    let result = vigil([
      "check", repoPath("rules"), "--root", repoPath("rules/no-such-folder"),
    ])
    #expect(result.code == 2)
    #expect(
      result.stderr == """
        vigil: error[include-not-found]: the root is no folder: rules/no-such-folder
        vigil: 1 error, 0 warnings

        """)
  }
}
