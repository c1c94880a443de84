"""`vigil lsp` fed 3,000 random messages (a fixed seed): methods it knows and does not, with
parameters of every wrong shape, random texts and edits, and random bytes between frames. It
answers every request exactly once and stays up to shut down cleanly."""

import random
import subprocess
import threading

from conftest import make_workspace
from test_robustness import Pipe

METHODS = [
    "textDocument/didOpen", "textDocument/didChange", "textDocument/didClose",
    "textDocument/hover", "textDocument/definition", "textDocument/references",
    "textDocument/rename", "textDocument/completion", "textDocument/codeAction",
    "textDocument/formatting", "textDocument/rangeFormatting", "textDocument/documentSymbol",
    "textDocument/foldingRange", "textDocument/semanticTokens/full", "textDocument/codeLens",
    "$/cancelRequest", "workspace/didChangeWatchedFiles", "vigil/unknown", "initialize",
]
PIECES = ["policy p:\n", "  x > 48h → flag\n", "define x = ", "calendar c:\n", "  monday \"09:00-17:00\"\n",
          "include \"common.vigil\"\n", "😀", "é", "\r\n", "`a b`", "now - 2d", "(", "\"", "→", "->", " ", "\n"]


def junk(rng):
    return rng.choice([None, 0, -1, 2**60, 1.5, "x", [], {}, [1, "a"], {"line": -5}, True])


def text(rng):
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 30)))


def position(rng):
    if rng.random() < 0.2:
        return junk(rng)
    return {"line": rng.randrange(0, 12), "character": rng.randrange(0, 40)}


def params(rng, method, uris):
    uri = rng.choice(uris)
    document = {"uri": uri} if rng.random() < 0.9 else junk(rng)
    if rng.random() < 0.1:
        return junk(rng)
    if method == "textDocument/didOpen":
        return {"textDocument": {"uri": uri, "languageId": "vigil", "version": 1, "text": text(rng)}}
    if method == "textDocument/didChange":
        change = {"text": text(rng)}
        if rng.random() < 0.8:
            change["range"] = {"start": position(rng), "end": position(rng)}
        return {"textDocument": {"uri": uri, "version": rng.randrange(100)}, "contentChanges": [change]}
    if method == "$/cancelRequest":
        return {"id": rng.randrange(3000)}
    return {"textDocument": document, "position": position(rng), "newName": rng.choice(["y", "not", "", 3]),
            "range": {"start": position(rng), "end": position(rng)}, "options": {},
            "context": {"diagnostics": [], "includeDeclaration": rng.random() < 0.5}}


def test_random_messages_never_stop_the_server():
    rng = random.Random(19)
    folder = make_workspace()
    uris = [(folder / name).as_uri() for name in ["main.vigil", "common.vigil", "x.vigil", "t.vigiltest"]]
    uris.append("untitled:1")
    # Its log is not read: a pipe left full would stop it.
    pipe = Pipe(stderr=subprocess.DEVNULL)
    responses = {}
    done = threading.Event()

    def read():
        while True:
            message = pipe.receive()
            if "id" in message and "method" not in message:
                responses[message["id"]] = responses.get(message["id"], 0) + 1
                if message["id"] == "last":
                    done.set()
                    return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    pipe.send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
               "params": {"rootUri": folder.as_uri(), "capabilities": {},
                          "initializationOptions": {"sample": "sample.csv", "diagnosticsDelay": 0}}})
    requests = {0}
    for number in range(1, 3001):
        if rng.random() < 0.02:
            pipe.raw(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))) + b"\r\n\r\n")
            continue
        method = rng.choice(METHODS)
        message = {"jsonrpc": "2.0", "method": method, "params": params(rng, method, uris)}
        if not method.startswith("textDocument/did") and not method.startswith("$/") and "watched" not in method:
            message["id"] = number
            requests.add(number)
        pipe.send(message)
    pipe.send({"jsonrpc": "2.0", "id": "last", "method": "shutdown"})
    assert done.wait(60), "the server stopped answering"
    # Every request answered, once (the random bytes are skipped up to the next frame).
    assert {id: count for id, count in responses.items() if count != 1 and id is not None} == {}
    assert requests - responses.keys() == set()
    pipe.send({"jsonrpc": "2.0", "method": "exit"})
    assert pipe.process.wait(timeout=10) == 0
