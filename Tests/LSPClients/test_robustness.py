"""`vigil lsp` driven by hand over a pipe: malformed frames and JSON, unknown methods, a
half-typed file and an include deleted under it are answered or skipped; it never dies."""

import json
import os
import pathlib
import subprocess

from conftest import VIGIL, make_workspace


class Pipe:
    def __init__(self, stderr=subprocess.PIPE):
        self.process = subprocess.Popen(
            [VIGIL, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr
        )

    def raw(self, data: bytes):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def receive(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = self.process.stdout.read(1)
            assert byte, "the server closed its output"
            header += byte
        length = int(header.decode().split(":")[1].strip())
        return json.loads(self.process.stdout.read(length))


def test_malformed_input_is_answered_or_skipped_and_the_server_lives():
    folder = make_workspace()
    pipe = Pipe()
    pipe.raw(b"Content-Length: 5\r\n\r\n{bad}")
    assert pipe.receive() == {
        "jsonrpc": "2.0",
        "id": None,
        "error": {"code": -32700, "message": "Parse error: expected a member's name in quotes at byte 1"},
    }
    # A header with no Content-Length, and one whose length is no number: skipped.
    pipe.raw(b"garbage\r\n\r\nContent-Length: x\r\n\r\n")
    pipe.send([1, 2])
    assert pipe.receive()["error"] == {
        "code": -32600,
        "message": "Invalid request: batches are not supported: send one message at a time",
    }
    pipe.send({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}})
    assert pipe.receive()["error"]["code"] == -32002
    pipe.send({"jsonrpc": "2.0", "id": 2, "method": "initialize",
               "params": {"rootUri": folder.as_uri(), "capabilities": {}}})
    assert pipe.receive()["result"]["serverInfo"] == {"name": "vigil", "version": "0.1.0"}
    pipe.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    pipe.send({"jsonrpc": "2.0", "id": 3, "method": "vigil/unknown"})
    assert pipe.receive() == {
        "jsonrpc": "2.0", "id": 3, "error": {"code": -32601, "message": "Method not found: vigil/unknown"}
    }
    # A half-typed file: its syntax error, no crash.
    main = (folder / "main.vigil").as_uri()
    pipe.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": main, "languageId": "vigil", "version": 1, "text": 'include "common.vigil"\npolicy p:\n  complaint > '}}})
    published = pipe.receive()
    assert [(d["code"], d["range"]["start"]) for d in published["params"]["diagnostics"]] == [
        ("syntax", {"line": 2, "character": 13})
    ]
    # The included file deleted under it: the next check says so.
    os.remove(folder / "common.vigil")
    pipe.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": main, "version": 2},
        "contentChanges": [{"text": 'include "common.vigil"\npolicy p:\n  complaint → flag\n'}]}})
    published = pipe.receive()
    assert [(d["code"], d["message"].split("\n")[0]) for d in published["params"]["diagnostics"]] == [
        ("include-not-found", "cannot read included file 'common.vigil'")
    ]
    # A change past the end of the text, a position far out: clamped, answered.
    pipe.send({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": main}, "position": {"line": 999, "character": 999}}})
    assert pipe.receive() == {"jsonrpc": "2.0", "id": 4, "result": None}
    pipe.send({"jsonrpc": "2.0", "id": 5, "method": "shutdown"})
    assert pipe.receive() == {"jsonrpc": "2.0", "id": 5, "result": None}
    pipe.send({"jsonrpc": "2.0", "method": "exit"})
    assert pipe.process.wait(timeout=10) == 0
    assert pipe.process.stderr.read().decode().splitlines() == [
        "vigil lsp: a message that is not JSON (expected a member's name in quotes at byte 1); answered with a parse error",
        "vigil lsp: skipped a malformed frame: a header line with no ':': 'garbage'",
        "vigil lsp: skipped a malformed frame: Content-Length is not a number: 'x'",
        "vigil lsp: batches are not supported: send one message at a time",
    ]


def resident_kib(pid: int) -> int:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_memory_stays_flat_over_10000_edits():
    folder = make_workspace()
    pipe = Pipe()
    pipe.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
               "params": {"rootUri": folder.as_uri(), "capabilities": {}}})
    pipe.receive()
    main = (folder / "main.vigil").as_uri()
    text = (folder / "main.vigil").read_text()
    pipe.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": main, "languageId": "vigil", "version": 1, "text": text}}})
    pipe.receive()
    version = 1
    resident = {}
    for batch in range(1, 101):
        # 100 edits: type "x" after "owner" and delete it again, 50 times.
        for n in range(100):
            version += 1
            change = ({"range": {"start": {"line": 3, "character": 42}, "end": {"line": 3, "character": 42}}, "text": "x"}
                      if n % 2 == 0 else
                      {"range": {"start": {"line": 3, "character": 42}, "end": {"line": 3, "character": 43}}, "text": ""})
            pipe.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": main, "version": version}, "contentChanges": [change]}})
        while True:
            published = pipe.receive()
            if published["params"]["version"] == version:
                break
        # The text is back as it was: the same diagnostic as at the start.
        assert [d["code"] for d in published["params"]["diagnostics"]] == ["unknown-name"]
        if batch in (10, 100):
            resident[batch] = resident_kib(pipe.process.pid)
    pipe.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    pipe.receive()
    pipe.send({"jsonrpc": "2.0", "method": "exit"})
    assert pipe.process.wait(timeout=10) == 0
    # After 1,000 edits the server has its working set; 9,000 more add less than 2 MiB.
    print("resident KiB after 1,000 and 10,000 edits:", resident[10], resident[100])
    assert resident[100] - resident[10] < 2048, resident
