import Foundation
import Testing

@testable import VigilLSP

/// Each feature of `vigil lsp` on a small workspace, with the exact JSON it answers.
@Suite("LSP features")
struct LanguageServerFeatureTests {
  static let common = """
    # Shared definitions.
    define complaint = type == "complaint"
    define unresolved = from created_at until resolved_at

    calendar support_hours:
      monday to friday "09:00-17:00"
      zone "Europe/Paris"

    """
  static let main = """
    include "common.vigil"

    policy slow_complaint:
      complaint unresolvd > 48h in support_hours → notify owner
      severity: high

    """
  /// Does not include common.vigil: its `complaint` is a field.
  static let other = """
    policy other:
      complaint == "x" → flag

    """

  static func workspace() throws -> ServerHarness {
    let harness = try ServerHarness(files: [
      "common.vigil": common, "main.vigil": main, "other.vigil": other,
      "sample.csv": "id,owner,customer.tier,created_at\n1,ann,key,2026-01-01T00:00:00Z\n",
    ])
    harness.initialize(options: ["sample": "sample.csv"])
    return harness
  }

  @Test func diagnosticsAreThoseOfVigilCheckWithTheDidYouMeanAsRelatedInformation() throws {
    let harness = try Self.workspace()
    harness.open("main.vigil", Self.main)
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/main.vigil","version":1,"diagnostics":[{"range":{"start":{"line":3,"character":12},"end":{"line":3,"character":21}},"severity":1,"code":"unknown-name","source":"vigil","message":"no definition named 'unresolvd'\nhelp: did you mean 'unresolved'? (for a field of that name, write it in backquotes: `unresolvd`)","relatedInformation":[{"location":{"uri":"file:///WS/common.vigil","range":{"start":{"line":2,"character":7},"end":{"line":2,"character":17}}},"message":"did you mean 'unresolved'? defined here"}],"data":{"replacement":"unresolved"}},{"range":{"start":{"line":3,"character":12},"end":{"line":3,"character":27}},"severity":1,"code":"bad-calendar","source":"vigil","message":"only a state's length can be counted in a calendar\nhelp: compare a state with a duration: unresolved > 16h in support_hours"}]}}"#
      ])
  }

  @Test func diagnosticsWaitForTheDelayAfterTheLastChange() throws {
    let harness = try Self.workspace()
    harness.open("main.vigil", Self.main)
    _ = harness.publishAll()
    harness.outputs.now = 1_000_000_000
    // Fix the typo: "unresolvd" → "unresolved" (insert "e" at line 3, column 20).
    harness.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": .string(harness.uri("main.vigil")), "version": 2],
        "contentChanges": [
          [
            "range": [
              "start": ["line": 3, "character": 20], "end": ["line": 3, "character": 20],
            ],
            "text": "e",
          ]
        ],
      ])
    #expect(harness.server.nextDeadline == 1_010_000_000)
    harness.server.publishDueDiagnostics(now: 1_009_999_999)
    #expect(harness.take() == [])
    harness.server.publishDueDiagnostics(now: 1_010_000_000)
    #expect(
      harness.take() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/main.vigil","version":2,"diagnostics":[]}}"#
      ])
  }

  @Test func aChangeToAnIncludedFileChecksTheFilesIncludingItAgain() throws {
    let harness = try Self.workspace()
    harness.open("main.vigil", Self.main)
    harness.open("common.vigil", Self.common)
    _ = harness.publishAll()
    // A change to another document in between forgets no includer.
    harness.open("other.vigil", Self.other)
    _ = harness.publishAll()
    // Rename the definition `unresolved` to `unresolvd` in the editor, unsaved: main.vigil
    // reads it from the editor, and its errors go.
    harness.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": .string(harness.uri("common.vigil")), "version": 2],
        "contentChanges": [
          [
            "text": .string(
              Self.common.replacingOccurrences(of: "unresolved =", with: "unresolvd ="))
          ]
        ],
      ])
    #expect(
      harness.publishAll() == [
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/common.vigil","version":2,"diagnostics":[{"range":{"start":{"line":1,"character":7},"end":{"line":1,"character":16}},"severity":2,"code":"unused-definition","source":"vigil","message":"'complaint' is defined but never used\nhelp: remove it, or use it in a policy"},{"range":{"start":{"line":2,"character":7},"end":{"line":2,"character":16}},"severity":2,"code":"unused-definition","source":"vigil","message":"'unresolvd' is defined but never used\nhelp: remove it, or use it in a policy"}]}}"#,
        #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///WS/main.vigil","version":1,"diagnostics":[]}}"#,
      ])
  }

  @Test func formattingIsVigilFmt() throws {
    let harness = try Self.workspace()
    harness.open("a.vigil", "define  x=1\npolicy p:\n  x>2 -> flag\n")
    let options: JSON = ["tabSize": 2, "insertSpaces": true]
    #expect(
      harness.result(
        "textDocument/formatting",
        ["textDocument": ["uri": .string(harness.uri("a.vigil"))], "options": options])
        == #"[{"range":{"start":{"line":0,"character":0},"end":{"line":3,"character":0}},"newText":"define x = 1\npolicy p:\n  x > 2 → flag\n"}]"#
    )
    harness.open("b.vigil", "define x = 1\n")
    #expect(
      harness.result(
        "textDocument/formatting",
        ["textDocument": ["uri": .string(harness.uri("b.vigil"))], "options": options]) == "[]")
    harness.open("c.vigil", "policy p:\n  x > → flag\n")
    #expect(
      harness.request(
        "textDocument/formatting",
        ["textDocument": ["uri": .string(harness.uri("c.vigil"))], "options": options])
        == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32803,"message":"cannot format c.vigil: it does not parse (line 2: expected a condition before the arrow); fix its errors first"}}"#
    )
  }

  @Test func documentSymbolsAndFolding() throws {
    let harness = try Self.workspace()
    harness.open("common.vigil", Self.common)
    harness.open("main.vigil", Self.main)
    let common: JSON = ["textDocument": ["uri": .string(harness.uri("common.vigil"))]]
    #expect(
      harness.result("textDocument/documentSymbol", common)
        == #"[{"name":"complaint","detail":"type == \"complaint\"","kind":14,"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":38}},"selectionRange":{"start":{"line":1,"character":7},"end":{"line":1,"character":16}}},{"name":"unresolved","detail":"from created_at until resolved_at","kind":14,"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":53}},"selectionRange":{"start":{"line":2,"character":7},"end":{"line":2,"character":17}}},{"name":"support_hours","detail":"calendar","kind":24,"range":{"start":{"line":4,"character":0},"end":{"line":6,"character":21}},"selectionRange":{"start":{"line":4,"character":9},"end":{"line":4,"character":22}}}]"#
    )
    #expect(
      harness.result("textDocument/foldingRange", common) == #"[{"startLine":4,"endLine":6}]"#)
    let main: JSON = ["textDocument": ["uri": .string(harness.uri("main.vigil"))]]
    #expect(
      harness.result("textDocument/documentSymbol", main)
        == #"[{"name":"slow_complaint","detail":"high","kind":12,"range":{"start":{"line":2,"character":0},"end":{"line":4,"character":16}},"selectionRange":{"start":{"line":2,"character":7},"end":{"line":2,"character":21}}}]"#
    )
  }

  @Test func hover() throws {
    let harness = try Self.workspace()
    harness.open("main.vigil", Self.main.replacingOccurrences(of: "unresolvd", with: "unresolved"))
    let expected = [
      // A definition of the included file, with its inferred type.
      (
        3, 5,
        #"{"contents":{"kind":"markdown","value":"```vigil\ndefine complaint = type == \"complaint\"\n```\n\ntype: a true/false value\n\ndefined in common.vigil:2"},"range":{"start":{"line":3,"character":2},"end":{"line":3,"character":11}}}"#
      ),
      (
        3, 26,
        #"{"contents":{"kind":"markdown","value":"duration `48h` = 172800000 ms"},"range":{"start":{"line":3,"character":25},"end":{"line":3,"character":28}}}"#
      ),
      (
        3, 32,
        #"{"contents":{"kind":"markdown","value":"```vigil\ncalendar support_hours:\n  monday to friday \"09:00-17:00\"\n  zone \"Europe/Paris\"\n```"},"range":{"start":{"line":3,"character":32},"end":{"line":3,"character":45}}}"#
      ),
      (
        3, 57,
        #"{"contents":{"kind":"markdown","value":"field `owner`\n\ntype: a value"},"range":{"start":{"line":3,"character":55},"end":{"line":3,"character":60}}}"#
      ),
      // A keyword: nothing to say.
      (3, 50, "null"),
      (
        2, 10,
        #"{"contents":{"kind":"markdown","value":"policy `slow_complaint`, severity high"},"range":{"start":{"line":2,"character":7},"end":{"line":2,"character":21}}}"#
      ),
    ]
    for (line, character, hover) in expected {
      #expect(
        harness.result("textDocument/hover", harness.at("main.vigil", line, character)) == hover)
    }
    harness.open("p.vigil", "policy p:\n  x > 1 → flag\n  because: \"Why.\"\n")
    #expect(
      harness.result("textDocument/hover", harness.at("p.vigil", 0, 7))
        == #"{"contents":{"kind":"markdown","value":"policy `p`, severity medium\n\nWhy."},"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":8}}}"#
    )
    harness.open("b.vigil", "define n = len(lower(owner)) + days(3d12h)\n")
    #expect(
      harness.result("textDocument/hover", harness.at("b.vigil", 0, 12))
        == #"{"contents":{"kind":"markdown","value":"builtin function\n\n`len(text or list)`"},"range":{"start":{"line":0,"character":11},"end":{"line":0,"character":14}}}"#
    )
    #expect(
      harness.result("textDocument/hover", harness.at("b.vigil", 0, 38))
        == #"{"contents":{"kind":"markdown","value":"duration `3d12h` = 84h = 302400000 ms"},"range":{"start":{"line":0,"character":36},"end":{"line":0,"character":41}}}"#
    )
    #expect(
      harness.result("textDocument/hover", harness.at("b.vigil", 0, 7))
        == #"{"contents":{"kind":"markdown","value":"```vigil\ndefine n = len(lower(owner)) + days(3d12h)\n```\n\ntype: a number"},"range":{"start":{"line":0,"character":7},"end":{"line":0,"character":8}}}"#
    )
  }

  @Test func definitionReferencesAndRenameAcrossFiles() throws {
    let harness = try Self.workspace()
    harness.open("main.vigil", Self.main)
    let complaint = harness.at("main.vigil", 3, 4)
    #expect(
      harness.result("textDocument/definition", complaint)
        == #"{"uri":"file:///WS/common.vigil","range":{"start":{"line":1,"character":7},"end":{"line":1,"character":16}}}"#
    )
    #expect(
      harness.result("textDocument/definition", harness.at("main.vigil", 3, 35))
        == #"{"uri":"file:///WS/common.vigil","range":{"start":{"line":4,"character":9},"end":{"line":4,"character":22}}}"#
    )
    // other.vigil names a field `complaint`: it does not include common.vigil.
    #expect(
      harness.result(
        "textDocument/references", complaint.setting("context", ["includeDeclaration": true]))
        == #"[{"uri":"file:///WS/common.vigil","range":{"start":{"line":1,"character":7},"end":{"line":1,"character":16}}},{"uri":"file:///WS/main.vigil","range":{"start":{"line":3,"character":2},"end":{"line":3,"character":11}}}]"#
    )
    #expect(
      harness.result(
        "textDocument/references", complaint.setting("context", ["includeDeclaration": false]))
        == #"[{"uri":"file:///WS/main.vigil","range":{"start":{"line":3,"character":2},"end":{"line":3,"character":11}}}]"#
    )
    #expect(
      harness.result("textDocument/rename", complaint.setting("newName", "grievance"))
        == #"{"changes":{"file:///WS/common.vigil":[{"range":{"start":{"line":1,"character":7},"end":{"line":1,"character":16}},"newText":"grievance"}],"file:///WS/main.vigil":[{"range":{"start":{"line":3,"character":2},"end":{"line":3,"character":11}},"newText":"grievance"}]}}"#
    )
    #expect(
      harness.request("textDocument/rename", complaint.setting("newName", "not"))
        == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32803,"message":"'not' cannot name a definition, calendar or policy: use letters, digits and _, starting with a letter or _, and no reserved word"}}"#
    )
    #expect(
      harness.request(
        "textDocument/rename", harness.at("main.vigil", 3, 57).setting("newName", "x"))
        == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32803,"message":"only a definition, a calendar or a policy can be renamed here"}}"#
    )
  }

  @Test func completionOffersTheSetsNamesAndTheSampleFields() throws {
    let harness = try Self.workspace()
    harness.open("main.vigil", Self.main)
    harness.server.handle([
      "jsonrpc": "2.0", "id": 1, "method": "textDocument/completion",
      "params": harness.at("main.vigil", 3, 2),
    ])
    let items = harness.outputs.sent.first?["result"]?["items"]?.array ?? []
    #expect(
      items.map { $0["label"]?.string ?? "?" } == [
        "complaint", "unresolved", "support_hours", "time", "lower", "upper", "len", "days",
        "hours", "minutes", "coalesce", "count", "share", "average", "sum", "median", "p90",
        "p95", "p99", "percentile", "min", "max", "earliest", "latest", "previous", "first",
        "last", "history", "created_at", "customer", "id", "owner", "severity:", "because:",
        "accountable:", "allow:", "per", "among", "at least", "warn at", "unless followed by",
        "cycles:", "not", "no", "from", "now", "true", "false", "null", "manager of", "team of",
        "role of", "email of", "lead of", "each cycle from",
      ])
    #expect(
      [0, 1, 2, 6, 28, 32].map { items[$0].serialized } == [
        #"{"label":"complaint","kind":6,"detail":"a true/false value"}"#,
        #"{"label":"unresolved","kind":6,"detail":"a state"}"#,
        #"{"label":"support_hours","kind":23,"detail":"calendar"}"#,
        #"{"label":"len","kind":3,"detail":"len(text or list)"}"#,
        #"{"label":"created_at","kind":5,"detail":"field of the sample"}"#,
        #"{"label":"severity:","kind":14}"#,
      ])
    _ = harness.take()
    harness.open("b.vigil", "define t = customer.\n")
    #expect(
      harness.result("textDocument/completion", harness.at("b.vigil", 0, 20))
        == #"{"isIncomplete":false,"items":[{"label":"tier","kind":5,"detail":"field of the sample"}]}"#
    )
    // In a calendar's version: its lines' keywords only, no names.
    harness.open("c.vigil", "calendar c:\n  zone \"UTC\"\n  from \"2027-01-01\":\n    \n")
    #expect(
      harness.result("textDocument/completion", harness.at("c.vigil", 3, 4))
        == #"{"isIncomplete":false,"items":[{"label":"monday","kind":14},{"label":"tuesday","kind":14},{"label":"wednesday","kind":14},{"label":"thursday","kind":14},{"label":"friday","kind":14},{"label":"saturday","kind":14},{"label":"sunday","kind":14},{"label":"zone","kind":14},{"label":"holidays","kind":14}]}"#
    )
  }

  @Test func aQuickFixAppliesTheDidYouMean() throws {
    let harness = try Self.workspace()
    harness.open("main.vigil", Self.main)
    let params: JSON = [
      "textDocument": ["uri": .string(harness.uri("main.vigil"))],
      "range": ["start": ["line": 3, "character": 14], "end": ["line": 3, "character": 14]],
      "context": ["diagnostics": []],
    ]
    #expect(
      harness.result("textDocument/codeAction", params)
        == #"[{"title":"Replace with 'unresolved'","kind":"quickfix","diagnostics":[{"range":{"start":{"line":3,"character":12},"end":{"line":3,"character":21}},"severity":1,"code":"unknown-name","source":"vigil","message":"no definition named 'unresolvd'\nhelp: did you mean 'unresolved'? (for a field of that name, write it in backquotes: `unresolvd`)","relatedInformation":[{"location":{"uri":"file:///WS/common.vigil","range":{"start":{"line":2,"character":7},"end":{"line":2,"character":17}}},"message":"did you mean 'unresolved'? defined here"}],"data":{"replacement":"unresolved"}}],"isPreferred":true,"edit":{"changes":{"file:///WS/main.vigil":[{"range":{"start":{"line":3,"character":12},"end":{"line":3,"character":21}},"newText":"unresolved"}]}}}]"#
    )
    // Elsewhere on the line: no fix.
    #expect(
      harness.result(
        "textDocument/codeAction",
        params.setting(
          "range", ["start": ["line": 4, "character": 0], "end": ["line": 4, "character": 3]]))
        == "[]")
  }

  @Test func semanticTokensCountUTF16Columns() throws {
    let harness = try Self.workspace()
    // 😀 is 2 UTF-16 units: the string is 5 long and `==` starts at column 24.
    harness.open("a.vigil", "# é\ndefine x = lower(\"😀é\") == y\npolicy p:\n  x → flag\n")
    #expect(
      harness.result(
        "textDocument/semanticTokens/full",
        ["textDocument": ["uri": .string(harness.uri("a.vigil"))]])
        == #"{"data":[0,0,3,6,0,1,0,6,0,0,0,7,1,1,0,0,2,1,7,0,0,2,5,3,0,0,6,5,4,0,0,7,2,7,0,0,3,1,2,0,1,0,6,0,0,0,7,1,9,0,1,2,1,1,0,0,2,1,7,0,0,2,4,0,0]}"#
    )
  }
}
