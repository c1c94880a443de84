"""How long `vigil lsp` takes, seen from the client, to publish the diagnostics of a
2,000-line policy set after a change (its debounce included): the figure the README states.
Written to $VIGIL_LSP_LATENCY (default .build/lsp-latency.txt) for .ci/lsp-test to print."""

import os
import pathlib
import statistics
import time

from lsprotocol import types
from pytest_lsp import LanguageClient

EDITS = 30


def policy_set(folder: pathlib.Path) -> str:
    """Writes defs.vigil (400 definitions) and returns policies.vigil's text (320 policies of
    5 lines): 2,002 lines in all."""
    definitions = ["# Definitions."]
    for n in range(200):
        definitions.append(f'define kind_{n} = type == "kind {n}"')
        definitions.append(f"define open_{n} = from created_at until resolved_{n}_at")
    (folder / "defs.vigil").write_text("\n".join(definitions) + "\n")
    policies = ['include "defs.vigil"', ""]
    for n in range(320):
        policies += [
            f"policy slow_{n}:",
            f"  kind_{n % 200} open_{n % 200} > {n + 1}h → notify owner",
            "  severity: high",
            f'  because: "Kind {n % 200} must be settled within {n + 1} hours."',
            "",
        ]
    return "\n".join(policies)


async def test_diagnostics_latency_of_a_2000_line_policy_set(client: LanguageClient):
    folder = client.workspace_folder
    text = policy_set(folder)
    lines = len(text.splitlines()) + len((folder / "defs.vigil").read_text().splitlines())
    assert lines == 2002
    uri = (folder / "policies.vigil").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="vigil", version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []
    times = []
    for version in range(2, EDITS + 2):
        # Alternately break and mend the first policy's definition name (kind_0 → kindx0).
        broken = version % 2 == 0
        started = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=3, character=6),
                            end=types.Position(line=3, character=7),
                        ),
                        text="x" if broken else "_",
                    )
                ],
            )
        )
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        times.append((time.perf_counter() - started) * 1000)
        codes = [d.code for d in client.diagnostics[uri]]
        assert codes == (["unknown-name"] if broken else []), version
    times.sort()
    report = (
        f"diagnostics of a {lines}-line policy set after a change, seen by the client "
        f"({EDITS} edits, 10 ms debounce included): median {statistics.median(times):.1f} ms, "
        f"p90 {times[int(len(times) * 0.9) - 1]:.1f} ms, max {times[-1]:.1f} ms"
    )
    out = pathlib.Path(os.environ.get("VIGIL_LSP_LATENCY", ".build/lsp-latency.txt"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report + "\n")
