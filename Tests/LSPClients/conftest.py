"""End-to-end tests of `vigil lsp` driven by a real client (pytest-lsp, on pygls).

The server is the binary named by $VIGIL (default: `vigil` on the PATH); each test starts it
on a new workspace folder holding the files below, and ends it with shutdown and exit.
"""

import os
import pathlib
import shutil
import tempfile

import pytest_lsp
from lsprotocol import converters, types
from pytest_lsp import ClientServerConfig, LanguageClient

VIGIL = os.environ.get("VIGIL", "vigil")

COMMON = """\
# Shared definitions.
define complaint = type == "complaint"
define unresolved = from created_at until resolved_at

calendar support_hours:
  monday to friday "09:00-17:00"
  zone "Europe/Paris"
"""

MAIN = """\
include "common.vigil"

policy slow_complaint:
  complaint unresolvd > 48h → notify owner
  severity: high
"""

SAMPLE = "id,owner,customer.tier,created_at\n1,ann,key,2026-01-01T00:00:00Z\n"

CONVERTER = converters.get_converter()


def plain(value):
    """An lsprotocol value as the JSON the server sent (dicts and lists)."""
    return CONVERTER.unstructure(value)


def make_workspace() -> pathlib.Path:
    folder = pathlib.Path(tempfile.mkdtemp(prefix="vigil-lsp-e2e-"))
    (folder / "common.vigil").write_text(COMMON)
    (folder / "main.vigil").write_text(MAIN)
    (folder / "sample.csv").write_text(SAMPLE)
    return folder


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[VIGIL, "lsp", "--stdio"]))
async def client(lsp_client: LanguageClient):
    folder = make_workspace()
    lsp_client.workspace_folder = folder
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=folder.as_uri(),
            initialization_options={"sample": "sample.csv"},
        )
    )
    yield
    await lsp_client.shutdown_session()
    shutil.rmtree(folder, ignore_errors=True)
