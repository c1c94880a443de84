import Foundation
import Testing

@testable import VigilLSP

/// The server's settings: from `initializationOptions`, else the workspace's `vigil.json`;
/// what is wrong with them is logged, and the rest used.
@Suite("LSP settings")
struct ServerSettingsTests {
  @Test func initializationOptionsComeFirstAndPathsAreRelativeToTheWorkspace() {
    let settings = ServerSettings.load(
      options: ["sample": "data/x.csv", "diagnosticsDelay": 0], folder: "/work/space")
    #expect(settings == ServerSettings(sample: "/work/space/data/x.csv", diagnosticsDelay: 0))
  }

  @Test func vigilJSONInTheWorkspaceFolder() throws {
    let folder = try temporaryFolder("lsp-settings")
    defer { try? FileManager.default.removeItem(at: folder) }
    try #"{"sample": "/abs/x.jsonl"}"#.write(
      to: folder.appendingPathComponent("vigil.json"), atomically: true, encoding: .utf8)
    #expect(
      ServerSettings.load(options: nil, folder: folder.path)
        == ServerSettings(sample: "/abs/x.jsonl"))
    try "{".write(
      to: folder.appendingPathComponent("vigil.json"), atomically: true, encoding: .utf8)
    let broken = ServerSettings.load(options: nil, folder: folder.path)
    #expect(broken.sample == nil)
    #expect(
      broken.problems == [
        "\(folder.path)/vigil.json is not JSON (the text ends inside an object at byte 1): its settings are ignored"
      ])
  }

  @Test func wrongValuesAreReportedAndLeftOut() {
    let settings = ServerSettings.load(
      options: ["sample": 3, "diagnosticsDelay": -1], folder: nil)
    #expect(settings.sample == nil)
    #expect(settings.diagnosticsDelay == nil)
    #expect(
      settings.problems == [
        "initializationOptions: \"sample\" must be a path, as a string",
        "initializationOptions: \"diagnosticsDelay\" must be milliseconds from 0 to 10000",
      ])
  }

  @Test func theDelayOptionSetsTheDebounce() throws {
    let harness = try ServerHarness()
    harness.initialize(options: ["diagnosticsDelay": 250])
    harness.open("a.vigil", "define x = 1\n")
    #expect(harness.server.nextDeadline == 250_000_000)
  }
}
