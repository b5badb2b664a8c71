"""Helpers for the hostile-input tests: the real CLI in a child process with its peak memory,
local HTTP servers on loopback addresses, and compression bombs built on the fly."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from conftest import REPO

# Runs the real CLI and reports the process's own peak resident memory on stderr: VmHWM, the
# high-water mark of this program's memory. (resource.getrusage's ru_maxrss would do on its own,
# but Linux carries it over from the forking parent, here a pytest process that holds spaCy.)
_MEASURED = (
    "import resource, sys\n"
    "from stancemap.cli import app\n"
    "def peak_kb():\n"
    "    try:\n"
    "        with open('/proc/self/status') as fh:\n"
    "            return int(next(l for l in fh if l.startswith('VmHWM:')).split()[1])\n"
    "    except (OSError, StopIteration):\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "try:\n"
    "    app(args=sys.argv[1:], prog_name='stancemap')\n"
    "finally:\n"
    "    sys.stderr.write(f'\\nPEAK_RSS_KB {peak_kb()}\\n')\n"
)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float


def run_measured(*args: object, timeout: float = 600, env: dict | None = None) -> Run:
    """`stancemap ARGS` in a child process; its exit code, output and peak RSS in MB."""
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED, *map(str, args)],
        capture_output=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    peak = [line for line in stderr.splitlines() if line.startswith("PEAK_RSS_KB ")]
    assert peak, f"the child process did not report its memory: {stderr[-2000:]}"
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), stderr, int(peak[-1].split()[1]) / 1024)


Handler = Callable[[BaseHTTPRequestHandler], None]


class LocalServer:
    """A threaded HTTP server on one loopback address; routes map a path to a function that
    answers the request itself, and every request path is recorded."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Handler] = {}
        self.requests: list[str] = []
        state = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                state.requests.append(self.path)
                route = state.routes.get(self.path.split("?", 1)[0])
                try:
                    if route is None:
                        send(self, 404, b"not here", "text/plain")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), _Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.base = f"http://{host}:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "LocalServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
         headers: dict | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def page(title: str, n: int = 0) -> bytes:
    """A small complete news page whose body differs with n."""
    paragraphs = "".join(
        f"<p>On day {n}, the foreign minister said that talks on the ceasefire would continue in city {n + i}, "
        f"and that the delegation expected answers on point {i + 1} of the plan before the weekend.</p>"
        for i in range(5)
    )
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>").encode()


def gzip_of_spaces(n: int) -> bytes:
    """gzip of n spaces, built a MiB at a time (never n bytes in memory)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1 << 20)
    out = bytearray()
    left = n
    while left:
        step = min(left, len(block))
        out += comp.compress(block[:step])
        left -= step
    out += comp.flush()
    return bytes(out)


def double_gzip_bomb(n: int) -> bytes:
    """gzip(gzip(n spaces)): a few kilobytes for gigabytes."""
    return gzip.compress(gzip_of_spaces(n), 9)


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path
