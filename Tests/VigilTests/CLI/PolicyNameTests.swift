import Foundation
import Testing
import VigilSyntax

@testable import Vigil

/// A policy file is named the same way however its path was typed, and a policy is found by
/// the same forms everywhere it is named (Fixtures/names: two files with a bare rule on the
/// same line).
@Suite("Policy names")
struct PolicyNameTests {
  static let folder = "Tests/VigilTests/Fixtures/names"
  static let root = Paths.root.path

  @Test(
    "paths are normalised: no '.', no repeated or trailing '/', 'NAME/..' gone when NAME is a folder",
    arguments: [
      ("rules/a.vigil", "rules/a.vigil"),
      ("./rules/a.vigil", "rules/a.vigil"),
      ("rules//a.vigil", "rules/a.vigil"),
      ("./rules/./a.vigil", "rules/a.vigil"),
      ("rules/", "rules"),
      (".//rules//", "rules"),
      (".", "."),
      ("./", "."),
      ("", "."),
      ("../a.vigil", "../a.vigil"),
      ("../../a.vigil", "../../a.vigil"),
      ("/", "/"),
      ("/..", "/"),
      ("/../a.vigil", "/a.vigil"),
      ("//x//y/./", "/x/y"),
      // Not a folder: '..' cannot be taken away.
      ("\(root)/no such folder/../a.vigil", "\(root)/no such folder/../a.vigil"),
      ("\(root)/README.md/../a.vigil", "\(root)/README.md/../a.vigil"),
      ("\(root)/rules/../rules/a.vigil", "\(root)/rules/a.vigil"),
      ("\(root)/./Tests/VigilTests/../../rules/a.vigil", "\(root)/rules/a.vigil"),
    ])
  func normalises(_ typed: String, _ expected: String) {
    #expect(PolicyPath.normalized(typed) == expected)
  }

  @Test("'..' after a symbolic link stays: the link's '..' is its target's parent")
  func keepsDotDotAfterALink() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("vigil-names-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(
      atPath: folder + "/real/inner", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/link", withDestinationPath: folder + "/real/inner")
    #expect(PolicyPath.normalized(folder + "/link/../a.vigil") == folder + "/link/../a.vigil")
    #expect(PolicyPath.normalized(folder + "/real/inner/../a.vigil") == folder + "/real/a.vigil")
    #expect(PolicyPath.normalized(folder + "/link/x/..") == folder + "/link/x/..")
  }

  /// Run from the repository's root, as a person types the paths.
  @Test(
    "an audit names its rules the same however the folder or file was typed",
    arguments: [
      ["rules"], ["./rules"], ["rules/"], ["./rules/"], ["rules//"], ["\(root)/./rules/"],
      ["examples/../rules"],
    ])
  func auditNames(_ rules: [String]) throws {
    try Paths.enterRoot()
    let result = vigil(
      ["audit"] + rules + [
        "--data", "examples/interactions.jsonl", "--now", "2026-11-25T00:00:00Z",
      ])
    #expect(result.code == 1)
    expectGolden(result.stdout, "examples/expected/interactions.jsonl.txt")
    expectGolden(result.stderr, "examples/expected/interactions.jsonl.stderr")
  }

  @Test(
    "a file is named the same however it was typed",
    arguments: [
      "rules/complaints.vigil", "./rules/complaints.vigil", "rules//complaints.vigil",
      "rules/./complaints.vigil", "examples/../rules/complaints.vigil",
    ])
  func fileNames(_ file: String) throws {
    try Paths.enterRoot()
    let result = vigil([
      "audit", file, "--data", "examples/interactions.jsonl", "--now", "2026-11-25T00:00:00Z",
    ])
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/complaints_audit.txt")
  }

  /// `PolicySet.policyName(for:)`, which `explain --policy` and `.vigiltest` files share.
  @Test(
    "a policy is named by its name, its FILE:LINE or the end of it; an ambiguous end is an error",
    arguments: [
      ("open_enquiry", "open_enquiry"),
      ("\(folder)/two/complaints.vigil:5", "open_enquiry"),
      ("complaints.vigil:5", "open_enquiry"),
      ("two/complaints.vigil:2", "\(folder)/two/complaints.vigil:2"),
      ("names/one/complaints.vigil:2", "\(folder)/one/complaints.vigil:2"),
      ("./one/complaints.vigil:2", "\(folder)/one/complaints.vigil:2"),
      ("one//complaints.vigil:2", "\(folder)/one/complaints.vigil:2"),
      ("\(folder)/one/complaints.vigil:2", "\(folder)/one/complaints.vigil:2"),
      (
        "complaints.vigil:2",
        "error: 'complaints.vigil:2' could name 2 policies: \(folder)/one/complaints.vigil:2, "
          + "\(folder)/two/complaints.vigil:2; give more of the path"
      ),
      (
        "vigil:5", "error: no policy is named 'vigil:5'"
      ),
      ("laints.vigil:2", "error: no policy is named 'laints.vigil:2'"),
      (
        "complaints.vigil:3",
        "error: no policy is named 'complaints.vigil:3'; did you mean 'complaints.vigil:2'?"
      ),
      (
        "open_enquiri", "error: no policy is named 'open_enquiri'; did you mean 'open_enquiry'?"
      ),
      (
        "one/complaints.vigil:12",
        "error: no policy is named 'one/complaints.vigil:12'; did you mean "
          + "'one/complaints.vigil:2'?"
      ),
    ])
  func references(_ reference: String, _ expected: String) throws {
    let policies = try PolicySet(
      contentsOf: [repoPath("\(Self.folder)/one"), repoPath("\(Self.folder)/two")])
    let found: String
    do {
      found = try policies.policyName(for: reference)
    } catch {
      found = "error: " + error.message
    }
    #expect(relative(found) == expected)
  }

  @Test("a test file names its policies every way, and an ambiguous name fails listing both")
  func testFile() {
    let result = vigil(["test", repoPath("\(Self.folder)/names.vigiltest")])
    #expect(result.code == 1)
    expectGolden(result.stdout, "\(Self.folder)/names.txt")
    #expect(result.stderr == "vigil test: 1 passed, 1 failed (1 file)\n")
  }
}
