"""Every feature of `vigil lsp`, as a real client sees it: exact results."""

import asyncio

from conftest import MAIN, plain
from lsprotocol import types
from pytest_lsp import LanguageClient


def uri(client: LanguageClient, name: str) -> str:
    return (client.workspace_folder / name).as_uri()


def doc(client, name):
    return types.TextDocumentIdentifier(uri=uri(client, name))


def pos(line, character):
    return types.Position(line=line, character=character)


def rng(a, b, c, d):
    return {"start": {"line": a, "character": b}, "end": {"line": c, "character": d}}


async def open_document(client, name, text, version=1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri(client, name), language_id="vigil", version=version, text=text
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


UNKNOWN_NAME = {
    "range": rng(3, 12, 3, 21),
    "severity": 1,
    "code": "unknown-name",
    "source": "vigil",
    "message": "no definition named 'unresolvd'\nhelp: did you mean 'unresolved'? "
    "(for a field of that name, write it in backquotes: `unresolvd`)",
    "relatedInformation": [
        {
            "location": {"uri": "COMMON", "range": rng(2, 7, 2, 17)},
            "message": "did you mean 'unresolved'? defined here",
        }
    ],
    "data": {"replacement": "unresolved"},
}


def unknown_name(client):
    expected = dict(UNKNOWN_NAME)
    expected["relatedInformation"] = [
        {**expected["relatedInformation"][0], "location": {"uri": uri(client, "common.vigil"), "range": rng(2, 7, 2, 17)}}
    ]
    return expected


async def test_diagnostics_on_open_and_on_an_incremental_change(client: LanguageClient):
    await open_document(client, "main.vigil", MAIN)
    assert [plain(d) for d in client.diagnostics[uri(client, "main.vigil")]] == [unknown_name(client)]
    # Insert the missing "e": the error goes.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri(client, "main.vigil"), version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=pos(3, 20), end=pos(3, 20)), text="e"
                )
            ],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri(client, "main.vigil")]) == []


async def test_formatting_is_vigil_fmt(client: LanguageClient):
    await open_document(client, "a.vigil", "define  x=1\npolicy p:\n  x>2 -> flag\n")
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=doc(client, "a.vigil"),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert [plain(e) for e in edits] == [
        {"range": rng(0, 0, 3, 0), "newText": "define x = 1\npolicy p:\n  x > 2 → flag\n"}
    ]


async def test_range_formatting_edits_only_the_lines_of_the_range(client: LanguageClient):
    await open_document(client, "r.vigil", "define  x=1\n\npolicy q:\n  x  <  1 → flag\n")
    edits = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(
            text_document=doc(client, "r.vigil"),
            range=types.Range(start=pos(2, 0), end=pos(3, 5)),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert [plain(e) for e in edits] == [{"range": rng(3, 0, 4, 0), "newText": "  x < 1 → flag\n"}]


async def test_document_symbols_and_folding(client: LanguageClient):
    await open_document(client, "common.vigil", (client.workspace_folder / "common.vigil").read_text())
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(client, "common.vigil"))
    )
    assert [(s.name, s.kind, plain(s.selection_range)) for s in symbols] == [
        ("complaint", types.SymbolKind.Constant, rng(1, 7, 1, 16)),
        ("unresolved", types.SymbolKind.Constant, rng(2, 7, 2, 17)),
        ("support_hours", types.SymbolKind.Event, rng(4, 9, 4, 22)),
    ]
    folds = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=doc(client, "common.vigil"))
    )
    assert [plain(f) for f in folds] == [{"startLine": 4, "endLine": 6}]


async def test_hover(client: LanguageClient):
    await open_document(client, "main.vigil", MAIN.replace("unresolvd", "unresolved"))
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(client, "main.vigil"), position=pos(3, 5))
    )
    assert hover.contents.value == (
        '```vigil\ndefine complaint = type == "complaint"\n```\n\n'
        "type: a true/false value\n\ndefined in common.vigil:2"
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(client, "main.vigil"), position=pos(3, 26))
    )
    assert hover.contents.value == "duration `48h` = 172800000 ms"
    assert plain(hover.range) == rng(3, 25, 3, 28)


async def test_definition_references_and_rename_across_files(client: LanguageClient):
    await open_document(client, "main.vigil", MAIN)
    where = types.TextDocumentPositionParams(text_document=doc(client, "main.vigil"), position=pos(3, 4))
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=where.text_document, position=where.position)
    )
    assert plain(found) == {"uri": uri(client, "common.vigil"), "range": rng(1, 7, 1, 16)}
    references = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=where.text_document,
            position=where.position,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert [plain(r) for r in references] == [
        {"uri": uri(client, "common.vigil"), "range": rng(1, 7, 1, 16)},
        {"uri": uri(client, "main.vigil"), "range": rng(3, 2, 3, 11)},
    ]
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=where.text_document, position=where.position, new_name="grievance")
    )
    assert plain(edit) == {
        "changes": {
            uri(client, "common.vigil"): [{"range": rng(1, 7, 1, 16), "newText": "grievance"}],
            uri(client, "main.vigil"): [{"range": rng(3, 2, 3, 11), "newText": "grievance"}],
        }
    }


async def test_completion_offers_definitions_builtins_keywords_and_sample_fields(client: LanguageClient):
    await open_document(client, "main.vigil", MAIN)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(client, "main.vigil"), position=pos(3, 2))
    )
    labels = [item.label for item in result.items]
    assert labels[:4] == ["complaint", "unresolved", "support_hours", "time"]
    assert [i.label for i in result.items if i.kind == types.CompletionItemKind.Field] == [
        "created_at", "customer", "id", "owner",
    ]
    await open_document(client, "b.vigil", "define t = customer.\n")
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(client, "b.vigil"), position=pos(0, 20))
    )
    assert [plain(i) for i in result.items] == [
        {"label": "tier", "kind": 5, "detail": "field of the sample"}
    ]



async def test_completion_offers_the_keywords_that_may_stand_at_the_cursor(client: LanguageClient):
    text = (
        "calendar c:\n  zone \"UTC\"\n  \n\npolicy p:\n  complaint  → flag\n  \n  severity: \n"
    )
    await open_document(client, "k.vigil", text)

    async def keywords(line, character):
        result = await client.text_document_completion_async(
            types.CompletionParams(text_document=doc(client, "k.vigil"), position=pos(line, character))
        )
        return [i.label for i in result.items if i.kind == types.CompletionItemKind.Keyword]

    expression_start = ["not", "no", "from", "now", "true", "false", "null",
                        "manager of", "team of", "role of", "email of", "lead of",
                        "each cycle from"]
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    assert await keywords(2, 2) == days + ["zone", "holidays", "from"]
    assert await keywords(3, 0) == ["policy", "define", "calendar", "include", "events",
                                    "missing"] + expression_start
    assert await keywords(6, 2) == ["severity:", "because:", "accountable:", "allow:", "per",
                                    "among", "at least", "warn at",
                                    "unless followed by", "cycles:"] + expression_start
    assert await keywords(5, 12) == ["and", "or", "not", "in", "contains", "matches", "between",
                                     "is", "is not", "missing", "present", "from", "until",
                                     "paused in", "while", "where", "within", "no",
                                     "business days", "of"] + expression_start[3:]
    assert await keywords(7, 12) == ["low", "medium", "high", "critical"]


async def test_quick_fix_applies_the_did_you_mean(client: LanguageClient):
    await open_document(client, "main.vigil", MAIN)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(client, "main.vigil"),
            range=types.Range(start=pos(3, 14), end=pos(3, 14)),
            context=types.CodeActionContext(diagnostics=client.diagnostics[uri(client, "main.vigil")]),
        )
    )
    assert [(a.title, a.kind, plain(a.edit)) for a in actions] == [
        (
            "Replace with 'unresolved'",
            types.CodeActionKind.QuickFix,
            {"changes": {uri(client, "main.vigil"): [{"range": rng(3, 12, 3, 21), "newText": "unresolved"}]}},
        )
    ]


async def test_semantic_tokens(client: LanguageClient):
    await open_document(client, "a.vigil", '# é\ndefine x = lower("😀é") == y\npolicy p:\n  x → flag\n')
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=doc(client, "a.vigil"))
    )
    assert list(tokens.data) == [
        0, 0, 3, 6, 0, 1, 0, 6, 0, 0, 0, 7, 1, 1, 0, 0, 2, 1, 7, 0, 0, 2, 5, 3, 0, 0, 6, 5, 4, 0,
        0, 7, 2, 7, 0, 0, 3, 1, 2, 0, 1, 0, 6, 0, 0, 0, 7, 1, 9, 0, 1, 2, 1, 1, 0, 0, 2, 1, 7, 0,
        0, 2, 4, 0, 0,
    ]


async def test_unknown_method_and_bad_params_are_errors_not_crashes(client: LanguageClient):
    await open_document(client, "main.vigil", MAIN)
    try:
        await client.protocol.send_request_async("vigil/noSuchMethod", {})
        raise AssertionError("no error")
    except Exception as error:  # pygls raises its JsonRpc error types
        assert (type(error).__name__, error.code, error.message) == (
            "JsonRpcMethodNotFound", -32601, "Method not found: vigil/noSuchMethod",
        )
    # The server still answers.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(client, "main.vigil"), position=pos(3, 26))
    )
    assert hover.contents.value == "duration `48h` = 172800000 ms"


async def test_code_lens_counts_each_policys_violations_in_the_sample(client: LanguageClient):
    folder = client.workspace_folder
    # The workspace's sample has no complaint: each policy finds none in it.
    await open_document(client, "main.vigil", MAIN.replace("unresolvd", "unresolved"))
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=doc(client, "main.vigil"))
    )
    assert [(plain(lens.range), lens.command.title) for lens in lenses] == [
        (rng(2, 0, 2, 0), "0 violations in sample.csv")
    ]
    # A complaint open for 120 hours, then the sample changed on disk.
    (folder / "sample.csv").write_text(
        "id,type,owner,created_at,resolved_at\n"
        "1,complaint,ann,2026-01-05T00:00:00Z,2026-01-10T00:00:00Z\n"
    )
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=(folder / "sample.csv").as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=doc(client, "main.vigil"))
    )
    assert [lens.command.title for lens in lenses] == ["1 violation in sample.csv", "explain record 1"]


async def test_the_explain_lens_shows_vigil_explains_text_for_its_record(client: LanguageClient):
    folder = client.workspace_folder
    (folder / "sample.csv").write_text(
        "id,type,owner,created_at,resolved_at\n"
        "1,complaint,ann,2026-01-05T00:00:00Z,2026-01-06T00:00:00Z\n"
        "2,complaint,bo,2026-01-05T00:00:00Z,2026-01-10T00:00:00Z\n"
    )
    await open_document(client, "main.vigil", MAIN.replace("unresolvd", "unresolved"))
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=doc(client, "main.vigil"))
    )
    explain = lenses[1].command
    assert (explain.title, explain.command, list(explain.arguments)) == (
        "explain record 2", "vigil.explain", [uri(client, "main.vigil"), "slow_complaint", "2"]
    )
    text = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=explain.command, arguments=explain.arguments)
    )
    expected = (
        "slow_complaint (" + str(folder / "main.vigil") + ":4): fired\n"
        "  [high] 2 → notify bo: unresolved 120h > 48h (closed)\n"
        "  scope: complaint (in scope, violated)\n"
        "  complaint unresolved > 48h: true\n"
        "    complaint: true\n"
        "    unresolved > 48h: true: 120h > 48h\n"
        "      unresolved: closed: from 2026-01-05T00:00:00Z until 2026-01-10T00:00:00Z, 120h\n"
    )
    # The first line names the time of the audit (now): the rest is exact.
    heading, rest = text.split("\n\n", 1)
    assert heading.startswith("record 2 (sample.csv:3), as of ")
    assert rest == expected
    # The same text shown as a message (it came before the result).
    assert [(m.type, m.message) for m in client.messages] == [(types.MessageType.Info, text)]


async def test_quick_fixes_remove_an_unused_definition_and_allow_a_warning(client: LanguageClient):
    text = (
        "define unused = 1\n\npolicy p:\n  score > 5 and score < 3 → flag\n  severity: low\n"
    )
    await open_document(client, "w.vigil", text)
    for line, expected in [
        (0, [("Remove the unused definition 'unused'", rng(0, 0, 1, 0), "")]),
        (3, [("Allow 'never-fires' in policy 'p'", rng(5, 0, 5, 0), '  allow: "never-fires"\n')]),
    ]:
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=doc(client, "w.vigil"),
                range=types.Range(start=pos(line, 0), end=pos(line, 0)),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
        found = []
        for action in actions:
            (edit,) = action.edit.changes[uri(client, "w.vigil")]
            found.append((action.title, plain(edit.range), edit.new_text))
        assert found == expected


async def test_a_saved_test_file_shows_its_failed_expectation(client: LanguageClient):
    folder = client.workspace_folder
    (folder / "t.vigil").write_text("policy slow:\n  from created_at until resolved_at > 48h → flag\n")
    tests = (
        "now @2026-11-25T00:00:00Z\n\ntest wrong:\n  record \"B\":\n    created_at = now - 1h\n"
        "  expect \"slow\": violation\n"
    )
    (folder / "t.vigiltest").write_text(tests)
    await open_document(client, "t.vigiltest", tests)
    assert [(d.code, plain(d.range), d.message.split("\n")[:2])
            for d in client.diagnostics[uri(client, "t.vigiltest")]] == [
        ("test-failed", rng(5, 0, 5, 26), ['failed: expect "slow": violation', "got: no violation"])
    ]


VERSIONED = """\
calendar office:
  monday to friday "09:00-17:00"
  zone "Europe/Rome"
  from "2026-11-02":
    monday to friday "08:00-18:00"
    holidays "2026-12-08"
  from "2027-03-29T06:00:00Z":
    zone "UTC"
"""


async def test_a_calendars_versions_in_outline_folding_tokens_and_hover(client: LanguageClient):
    await open_document(client, "v.vigil", VERSIONED)
    (calendar,) = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(client, "v.vigil"))
    )
    assert [(c.name, c.detail, plain(c.range), plain(c.selection_range)) for c in calendar.children] == [
        ('from "2026-11-02"', "version of office", rng(3, 2, 5, 25), rng(3, 7, 3, 19)),
        ('from "2027-03-29T06:00:00Z"', "version of office", rng(6, 2, 7, 14), rng(6, 7, 6, 29)),
    ]
    folds = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=doc(client, "v.vigil"))
    )
    assert [(f.start_line, f.end_line) for f in folds] == [(0, 7), (3, 5), (6, 7)]
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=doc(client, "v.vigil"))
    )
    # Line 3: `from` a keyword (0) at column 2, its date a string (4) 12 long.
    data = tokens.data
    fifths = [list(data[i:i + 5]) for i in range(0, len(data), 5)]
    assert fifths[8:10] == [[1, 2, 4, 0, 0], [0, 5, 12, 4, 0]]
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(client, "v.vigil"), position=pos(3, 10))
    )
    assert hover.contents.value == (
        'version of calendar `office`, in force from "2026-11-02" until "2027-03-29T06:00:00Z"\n\n'
        '```vigil\nfrom "2026-11-02":\n  monday to friday "08:00-18:00"\n  holidays "2026-12-08"\n```'
    )


async def test_a_policy_is_renamed_with_the_tests_that_name_it(client: LanguageClient):
    folder = client.workspace_folder
    tests = 'test t:\n  record "A":\n    a = now - 3h\n  expect slow: violation\n  expect "slow": violation\n'
    (folder / "r.vigil").write_text("policy slow:\n  from a until b > 2h → flag\n")
    (folder / "r.vigiltest").write_text(tests)
    await open_document(client, "r.vigiltest", tests)
    references = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(client, "r.vigiltest"), position=pos(3, 10),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert [(r.uri, plain(r.range)) for r in references] == [
        (uri(client, "r.vigil"), rng(0, 7, 0, 11)),
        (uri(client, "r.vigiltest"), rng(3, 9, 3, 13)),
        (uri(client, "r.vigiltest"), rng(4, 9, 4, 15)),
    ]
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc(client, "r.vigiltest"), position=pos(4, 11), new_name="late")
    )
    assert plain(edit)["changes"] == {
        uri(client, "r.vigil"): [{"range": rng(0, 7, 0, 11), "newText": "late"}],
        uri(client, "r.vigiltest"): [
            {"range": rng(3, 9, 3, 13), "newText": "late"},
            {"range": rng(4, 9, 4, 15), "newText": '"late"'},
        ],
    }


async def test_a_closed_file_that_includes_an_edited_document_gets_its_diagnostics(client: LanguageClient):
    from conftest import COMMON

    await open_document(client, "common.vigil", COMMON)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri(client, "common.vigil"), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(
                text=COMMON.replace("define complaint ", "define complaints "))],
        )
    )
    # common.vigil's, then main.vigil's (closed, it includes common.vigil). Both may be
    # published before a wait for the next notification would begin (a machine under load
    # ran into that and waited for ever): wait until main.vigil's are there, 20 s at most.
    expected = [
        ("unknown-name", rng(3, 2, 3, 11), "no definition named 'complaint'"),
        ("unknown-name", rng(3, 12, 3, 21), "no definition named 'unresolvd'"),
    ]

    def published():
        return [(d.code, plain(d.range), d.message.split("\n")[0])
                for d in client.diagnostics.get(uri(client, "main.vigil"), [])]

    async def arrived():
        while published() != expected:
            await asyncio.sleep(0.02)

    try:
        await asyncio.wait_for(arrived(), timeout=20)
    except asyncio.TimeoutError:
        pass
    assert published() == expected
