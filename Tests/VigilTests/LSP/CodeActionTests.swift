import Foundation
import Testing

@testable import VigilLSP

/// The quick fixes besides the did-you-mean: removing an unused definition, allowing a
/// warning in its policy.
@Suite("LSP code actions")
struct CodeActionTests {
  static let text = """
    define unused = 1

    policy p:
      score > 5 and score < 3 → flag
      severity: low

    policy q:
      score > 5 and score < 3 → flag
      allow: "suspicious-unit"
    """

  static func actions(line: Int) throws -> String {
    let harness = try ServerHarness()
    harness.initialize()
    harness.open("w.vigil", text)
    return harness.result(
      "textDocument/codeAction",
      [
        "textDocument": ["uri": .string(harness.uri("w.vigil"))],
        "range": [
          "start": ["line": JSON(line), "character": 0],
          "end": ["line": JSON(line), "character": 0],
        ],
        "context": ["diagnostics": []],
      ])
  }

  @Test func removeAnUnusedDefinitionWithItsLine() throws {
    let actions = try Self.actions(line: 0)
    #expect(
      actions
        == #"[{"title":"Remove the unused definition 'unused'","kind":"quickfix","diagnostics":[{"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":13}},"severity":2,"code":"unused-definition","source":"vigil","message":"'unused' is defined but never used\nhelp: remove it, or use it in a policy"}],"isPreferred":false,"edit":{"changes":{"file:///WS/w.vigil":[{"range":{"start":{"line":0,"character":0},"end":{"line":1,"character":0}},"newText":""}]}}}]"#
    )
  }

  @Test func allowAWarningOnANewLineAfterThePolicy() throws {
    let actions = try Self.actions(line: 3)
    #expect(
      actions
        == #"[{"title":"Allow 'never-fires' in policy 'p'","kind":"quickfix","diagnostics":[{"range":{"start":{"line":3,"character":2},"end":{"line":3,"character":25}},"severity":2,"code":"never-fires","source":"vigil","message":"this condition is never true, so the policy never fires\nhelp: 'score > 5' and 'score < 3' cannot both be true"}],"isPreferred":false,"edit":{"changes":{"file:///WS/w.vigil":[{"range":{"start":{"line":5,"character":0},"end":{"line":5,"character":0}},"newText":"  allow: \"never-fires\"\n"}]}}}]"#
    )
  }

  @Test func allowAWarningOnThePolicysAllowLine() throws {
    let actions = try Self.actions(line: 7)
    #expect(
      actions
        == #"[{"title":"Allow 'never-fires' in policy 'q'","kind":"quickfix","diagnostics":[{"range":{"start":{"line":7,"character":2},"end":{"line":7,"character":25}},"severity":2,"code":"never-fires","source":"vigil","message":"this condition is never true, so the policy never fires\nhelp: 'score > 5' and 'score < 3' cannot both be true"}],"isPreferred":false,"edit":{"changes":{"file:///WS/w.vigil":[{"range":{"start":{"line":8,"character":26},"end":{"line":8,"character":26}},"newText":", \"never-fires\""}]}}},{"title":"Allow 'duplicate-condition' in policy 'q'","kind":"quickfix","diagnostics":[{"range":{"start":{"line":7,"character":2},"end":{"line":7,"character":25}},"severity":2,"code":"duplicate-condition","source":"vigil","message":"policy 'q' has the same condition as policy 'p'\nhelp: both fire for the same records; give one policy both actions, or tell them apart","relatedInformation":[{"location":{"uri":"file:///WS/w.vigil","range":{"start":{"line":3,"character":2},"end":{"line":3,"character":25}}},"message":"the same condition"}]}],"isPreferred":false,"edit":{"changes":{"file:///WS/w.vigil":[{"range":{"start":{"line":8,"character":26},"end":{"line":8,"character":26}},"newText":", \"duplicate-condition\""}]}}}]"#
    )
  }
}
