#!/usr/bin/env python3
"""Times `postlint server` from an edit to the diagnostics of that edit.

Usage: scripts/lsp-latency.py [--edits N] BINARY FILE

Starts BINARY's language server over stdio, opens FILE (a content file of a
site), then makes N edits one at a time (a character typed at the end of a
line in the middle of the file, as an incremental change) and measures,
for each, the time from sending the change to receiving the
`publishDiagnostics` of its version. Prints the time to the opened file's
first diagnostics and to those of its site pass (a site's first lint
learns the site), and the edits' median, 90th percentile and worst.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import time


def send(proc, message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def receive(proc):
    length = None
    while True:
        line = proc.stdout.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(proc.stdout.read(length))


def wait_for_version(proc, uri, version):
    while True:
        message = receive(proc)
        if message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            if params["uri"] == uri and params.get("version") == version:
                return params


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("binary")
    parser.add_argument("file")
    args = parser.parse_args()
    path = pathlib.Path(args.file).resolve()
    uri = path.as_uri()
    text = path.read_text()
    proc = subprocess.Popen(
        [args.binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    while receive(proc).get("id") != 1:
        pass
    send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    started = time.perf_counter()
    send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    first = wait_for_version(proc, uri, 1)
    opened = time.perf_counter() - started
    # The server lints what changed before it answers a request: the answer
    # comes once the site pass of the first lint (which learns the site)
    # has published.
    send(proc, {"jsonrpc": "2.0", "id": 3, "method": "postlint/sync", "params": {}})
    while True:
        message = receive(proc)
        if message.get("method") == "textDocument/publishDiagnostics":
            first = message["params"]
        if message.get("id") == 3:
            break
    settled = time.perf_counter() - started
    lines = text.split("\n")
    line = len(lines) // 2
    column = len(lines[line].encode("utf-16-le")) // 2
    times = []
    for edit in range(args.edits):
        version = edit + 2
        change = {"range": {"start": {"line": line, "character": column + edit},
                            "end": {"line": line, "character": column + edit}},
                  "text": "x"}
        started = time.perf_counter()
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        last = wait_for_version(proc, uri, version)
        times.append(time.perf_counter() - started)
    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while receive(proc).get("id") != 2:
        pass
    send(proc, {"jsonrpc": "2.0", "method": "exit"})
    proc.wait()
    times.sort()
    ms = lambda s: f"{s * 1000:.1f} ms"
    print(f"{path.name}: {len(lines)} lines, {len(first['diagnostics'])} findings at open")
    print(f"open: first diagnostics {ms(opened)}, with the site pass {ms(settled)}; "
          f"{len(times)} edits: median {ms(statistics.median(times))}, "
          f"p90 {ms(times[int(len(times) * 0.9) - 1])}, worst {ms(times[-1])}; "
          f"{len(last['diagnostics'])} findings after the last edit")


if __name__ == "__main__":
    main()
