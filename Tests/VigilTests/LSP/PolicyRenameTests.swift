import Testing

@testable import VigilLSP

/// References and rename of a policy, with the test files that name it.
@Suite("LSP policy references and rename")
struct PolicyRenameTests {
  static let files = [
    "p.vigil": "policy slow:\n  from a until b > 2h → flag\n\npolicy other:\n  c > 1 → flag\n",
    // Tests p.vigil (the .vigil file of its name): both ways of naming the policy.
    "p.vigiltest": """
    test t:
      record "A":
        a = now - 3h
      expect slow: violation
      expect "slow": violation, open
      expect other: no violation

    """,
    // Tests q.vigil, whose `slow` is another policy.
    "q.vigil": "policy slow:\n  d > 1 → flag\n",
    "q.vigiltest":
      "policies \"q.vigil\"\n\ntest u:\n  record \"B\":\n    d = 2\n  expect slow: violation\n",
  ]

  static func harness() throws -> ServerHarness {
    let harness = try ServerHarness(files: Self.files)
    harness.initialize()
    harness.open("p.vigil", Self.files["p.vigil"] ?? "")
    return harness
  }

  static let references =
    #"[{"uri":"file:///WS/p.vigil","range":{"start":{"line":0,"character":7},"end":{"line":0,"character":11}}},{"uri":"file:///WS/p.vigiltest","range":{"start":{"line":3,"character":9},"end":{"line":3,"character":13}}},{"uri":"file:///WS/p.vigiltest","range":{"start":{"line":4,"character":9},"end":{"line":4,"character":15}}}]"#

  @Test func referencesFromTheDeclarationAndFromATest() throws {
    let harness = try Self.harness()
    #expect(
      harness.result("textDocument/references", harness.at("p.vigil", 0, 8)) == Self.references)
    // From an `expect` of the open test file: the same places; definition goes to the policy.
    harness.open("p.vigiltest", Self.files["p.vigiltest"] ?? "")
    #expect(
      harness.result("textDocument/references", harness.at("p.vigiltest", 4, 11)) == Self.references
    )
    #expect(
      harness.result("textDocument/definition", harness.at("p.vigiltest", 3, 10))
        == #"{"uri":"file:///WS/p.vigil","range":{"start":{"line":0,"character":7},"end":{"line":0,"character":11}}}"#
    )
    // q.vigiltest's `slow` is q.vigil's.
    harness.open("q.vigiltest", Self.files["q.vigiltest"] ?? "")
    #expect(
      harness.result("textDocument/references", harness.at("q.vigiltest", 5, 10))
        == #"[{"uri":"file:///WS/q.vigil","range":{"start":{"line":0,"character":7},"end":{"line":0,"character":11}}},{"uri":"file:///WS/q.vigiltest","range":{"start":{"line":5,"character":9},"end":{"line":5,"character":13}}}]"#
    )
  }

  @Test func renameChangesTheDeclarationAndTheTestsQuotedOrNot() throws {
    let harness = try Self.harness()
    var params = harness.at("p.vigil", 0, 8)
    params = params.setting("newName", "slow_resolution")
    #expect(
      harness.result("textDocument/rename", params)
        == #"{"changes":{"file:///WS/p.vigil":[{"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":11}},"newText":"slow_resolution"}],"file:///WS/p.vigiltest":[{"range":{"start":{"line":3,"character":9},"end":{"line":3,"character":13}},"newText":"slow_resolution"},{"range":{"start":{"line":4,"character":9},"end":{"line":4,"character":15}},"newText":"\"slow_resolution\""}]}}"#
    )
    params = params.setting("newName", "other")
    #expect(
      harness.request("textDocument/rename", params)
        == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32803,"message":"a policy named 'other' already exists (p.vigil:4): choose another name"}}"#
    )
    params = params.setting("newName", "not")
    #expect(
      harness.request("textDocument/rename", params)
        == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32803,"message":"'not' cannot name a definition, calendar or policy: use letters, digits and _, starting with a letter or _, and no reserved word"}}"#
    )
  }
}
