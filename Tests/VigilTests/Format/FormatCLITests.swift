import Foundation
import Testing

/// `vigil fmt` in-process: rewriting in place, standard input, `--check`, `--diff`, files that do
/// not parse, usage errors and help.
@Suite("vigil fmt")
struct FormatCLITests {
  static let folder = "Tests/VigilTests/Fixtures/format"
  let cli = repoPath("\(folder)/cli")

  @Test func formatsStandardInputToStandardOutput() throws {
    let text = try String(contentsOfFile: "\(cli)/untidy.vigil", encoding: .utf8)
    let result = vigil(["fmt", "-"], stdin: text)
    #expect(result.code == 0)
    #expect(result.stderr == "")
    expectGolden(result.stdout, "\(Self.folder)/cli/stdin.stdout")
    #expect(vigil(["fmt", "-"], stdin: result.stdout).stdout == result.stdout)
  }

  @Test func checkListsTheFilesThatWouldChange() {
    let result = vigil(["fmt", "--check", cli])
    #expect(result.code == 1)
    #expect(result.stderr == "")
    expectGolden(result.stdout, "\(Self.folder)/cli/check.stdout")
    #expect(
      vigil(["fmt", "--check", "\(cli)/tidy.vigil"]) == CLIResult(code: 0, stdout: "", stderr: ""))
  }

  @Test func checkOnStandardInput() {
    #expect(
      vigil(["fmt", "--check", "-"], stdin: "a → flag\n")
        == CLIResult(code: 0, stdout: "", stderr: ""))
    #expect(
      vigil(["fmt", "--check", "-"], stdin: "a->flag\n")
        == CLIResult(code: 1, stdout: "stdin\n", stderr: ""))
  }

  @Test func diffShowsHowEachFileWouldChange() {
    let result = vigil(["fmt", "--diff", cli])
    #expect(result.code == 1)
    #expect(result.stderr == "")
    expectGolden(result.stdout, "\(Self.folder)/cli/diff.stdout")
    #expect(
      vigil(["fmt", "--diff", "\(cli)/tidy.vigil"]) == CLIResult(code: 0, stdout: "", stderr: ""))
  }

  @Test func aFileThatDoesNotParseIsShownAndLeftAlone() {
    let result = vigil(["fmt", "--check", repoPath("\(Self.folder)/broken")])
    #expect(result.code == 2)
    #expect(result.stdout == "\(Self.folder)/broken/untidy.vigil\n")
    expectGolden(result.stderr, "\(Self.folder)/broken/check.stderr")
    let check = vigil(["check", repoPath("\(Self.folder)/broken/broken.vigil")])
    let diagnostics = String(result.stderr.split(separator: "\nvigil: ")[0]) + "\n"
    #expect(check.stderr.contains(diagnostics), "vigil check renders them alike")
  }

  @Test func rewritesFilesInPlace() throws {
    let folder = try copy(["cli", "broken"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let before = try contents(of: folder)
    let result = vigil(["fmt", folder.path])
    #expect(result.code == 2)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("broken/broken.vigil:4:41: error[syntax]"))
    let after = try contents(of: folder)
    #expect(after.keys == before.keys)
    for (name, text) in after {
      switch name {
      case "broken/broken.vigil", "cli/tidy.vigil", "cli/.hidden/ignored.vigil":
        #expect(text == before[name], "\(name) should be left as it was")
      default:
        #expect(text != before[name], "\(name) should be formatted")
        #expect(vigil(["fmt", "-"], stdin: text).stdout == text, "\(name) is not canonical")
      }
    }
    #expect(vigil(["fmt", folder.appendingPathComponent("cli").path]).code == 0)
    #expect(try contents(of: folder) == after)
  }

  @Test func showsHelp() {
    let result = vigil(["fmt", "--help"])
    #expect(result.code == 0)
    expectGolden(result.stdout, "\(Self.folder)/cli/help.stdout")
    #expect(
      vigil(["--help"]).stdout.contains("  fmt      Format policy files in the canonical layout\n"))
  }

  @Test(
    arguments: [
      (["fmt"], "vigil fmt: name at least one policy file or folder, or - for standard input\n"),
      (["fmt", "--chek", "x"], "vigil fmt: unknown option '--chek'; did you mean '--check'?\n"),
    ])
  func usageErrors(_ arguments: [String], _ message: String) {
    let result = vigil(arguments)
    #expect(result.code == 2)
    #expect(result.stderr.hasPrefix(message))
  }

  @Test func aFolderWithoutPolicyFilesIsAnError() throws {
    let folder = try copy([])
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = vigil(["fmt", folder.path])
    #expect(result.code == 2)
    #expect(result.stderr == "vigil fmt: no .vigil files in \(folder.path)\n")
  }

  @Test func missingPathsAreErrors() {
    let result = vigil(["fmt", "--check", "no/such/file.vigil"])
    #expect(
      result
        == CLIResult(
          code: 2, stdout: "", stderr: "vigil fmt: no such file or folder: no/such/file.vigil\n"))
  }

  /// A fresh temporary folder holding copies of the fixture folders `names`.
  func copy(_ names: [String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("vigil-fmt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in names {
      try FileManager.default.copyItem(
        atPath: repoPath("\(Self.folder)/\(name)"), toPath: folder.appendingPathComponent(name).path
      )
    }
    return folder
  }

  /// The `.vigil` files under `folder`, by relative path.
  func contents(of folder: URL) throws -> [String: String] {
    var found: [String: String] = [:]
    let walker = FileManager.default.enumerator(atPath: folder.path)
    while let relative = walker?.nextObject() as? String {
      guard relative.hasSuffix(".vigil") else { continue }
      found[relative] = try String(
        contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
    }
    return found
  }
}
