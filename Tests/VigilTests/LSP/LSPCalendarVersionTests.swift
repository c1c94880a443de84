import Testing

@testable import VigilLSP

/// A calendar's versions (`from "DATE":`) in the outline, folding, semantic tokens and hover.
@Suite("LSP calendar versions")
struct LSPCalendarVersionTests {
  static let text = """
    calendar office:
      monday to friday "09:00-17:00"
      zone "Europe/Rome"
      from "2026-11-02":
        monday to friday "08:00-18:00"
        holidays "2026-12-08"
      from "2027-03-29T06:00:00Z":
        zone "UTC"

    policy p:
      from a until b > 8h in office → flag

    """

  static func harness() throws -> ServerHarness {
    let harness = try ServerHarness()
    harness.initialize()
    harness.open("c.vigil", Self.text)
    return harness
  }

  @Test func eachVersionIsAChildOfItsCalendarAndFolds() throws {
    let harness = try Self.harness()
    let params: JSON = ["textDocument": ["uri": .string(harness.uri("c.vigil"))]]
    #expect(
      harness.result("textDocument/documentSymbol", params)
        == #"[{"name":"office","detail":"calendar","kind":24,"range":{"start":{"line":0,"character":0},"end":{"line":7,"character":14}},"selectionRange":{"start":{"line":0,"character":9},"end":{"line":0,"character":15}},"children":[{"name":"from \"2026-11-02\"","detail":"version of office","kind":24,"range":{"start":{"line":3,"character":2},"end":{"line":5,"character":25}},"selectionRange":{"start":{"line":3,"character":7},"end":{"line":3,"character":19}}},{"name":"from \"2027-03-29T06:00:00Z\"","detail":"version of office","kind":24,"range":{"start":{"line":6,"character":2},"end":{"line":7,"character":14}},"selectionRange":{"start":{"line":6,"character":7},"end":{"line":6,"character":29}}}]},{"name":"p","kind":12,"range":{"start":{"line":9,"character":0},"end":{"line":10,"character":38}},"selectionRange":{"start":{"line":9,"character":7},"end":{"line":9,"character":8}}}]"#
    )
    #expect(
      harness.result("textDocument/foldingRange", params)
        == #"[{"startLine":0,"endLine":7},{"startLine":3,"endLine":5},{"startLine":6,"endLine":7},{"startLine":9,"endLine":10}]"#
    )
  }

  @Test func semanticTokensMarkAVersionsKeywordAndDate() throws {
    let harness = try Self.harness()
    let params: JSON = ["textDocument": ["uri": .string(harness.uri("c.vigil"))]]
    // Lines 3 and 6: `from` a keyword (0), its date a string (4); the calendar's name in the
    // policy a namespace (8).
    #expect(
      harness.result("textDocument/semanticTokens/full", params)
        == #"{"data":[0,0,8,0,0,0,9,6,8,0,1,2,6,0,0,0,7,2,0,0,0,3,6,0,0,0,7,13,4,0,1,2,4,0,0,0,5,13,4,0,1,2,4,0,0,0,5,12,4,0,1,4,6,0,0,0,7,2,0,0,0,3,6,0,0,0,7,13,4,0,1,4,8,0,0,0,9,12,4,0,1,2,4,0,0,0,5,22,4,0,1,4,4,0,0,0,5,5,4,0,2,0,6,0,0,0,7,1,9,0,1,2,4,0,0,0,5,1,2,0,0,2,5,0,0,0,6,1,2,0,0,2,1,7,0,0,2,2,5,0,0,3,2,0,0,0,3,6,8,0,0,7,1,7,0,0,2,4,0,0]}"#
    )
  }

  @Test func hoverOverAVersionSaysWhenItIsInForce() throws {
    let harness = try Self.harness()
    #expect(
      harness.result("textDocument/hover", harness.at("c.vigil", 3, 10))
        == #"{"contents":{"kind":"markdown","value":"version of calendar `office`, in force from \"2026-11-02\" until \"2027-03-29T06:00:00Z\"\n\n```vigil\nfrom \"2026-11-02\":\n  monday to friday \"08:00-18:00\"\n  holidays \"2026-12-08\"\n```"},"range":{"start":{"line":3,"character":7},"end":{"line":3,"character":19}}}"#
    )
    #expect(
      harness.result("textDocument/hover", harness.at("c.vigil", 6, 3))
        == #"{"contents":{"kind":"markdown","value":"version of calendar `office`, in force from \"2027-03-29T06:00:00Z\" on\n\n```vigil\nfrom \"2027-03-29T06:00:00Z\":\n  zone \"UTC\"\n```"},"range":{"start":{"line":6,"character":2},"end":{"line":6,"character":6}}}"#
    )
    #expect(
      harness.result("textDocument/hover", harness.at("c.vigil", 10, 26))
        == #"{"contents":{"kind":"markdown","value":"```vigil\ncalendar office:\n  monday to friday \"09:00-17:00\"\n  zone \"Europe/Rome\"\n  from \"2026-11-02\":\n    monday to friday \"08:00-18:00\"\n    holidays \"2026-12-08\"\n  from \"2027-03-29T06:00:00Z\":\n    zone \"UTC\"\n```\n\nversions: from \"2026-11-02\", from \"2027-03-29T06:00:00Z\""},"range":{"start":{"line":10,"character":25},"end":{"line":10,"character":31}}}"#
    )
  }
}
