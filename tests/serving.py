"""A real `stancemap serve` application under uvicorn on 127.0.0.1, in a thread of the test process."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import uvicorn

from stancemap.serve.app import create_app
from stancemap.serve.corrections import parse_tokens
from stancemap.serve.data import Workbench

TOKEN = "tester:correct-horse-battery"
SECRET = TOKEN.split(":", 1)[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """The workbench over a copy of a store, served until stop()."""

    def __init__(self, db: Path, copy_to: Path, tokens: list[str] | None = (TOKEN,)):
        shutil.copyfile(db, copy_to)
        self.db = copy_to
        self.workbench = Workbench(copy_to, writable=bool(tokens))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(self.workbench, parse_tokens(list(tokens or [])), "127.0.0.1")
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        for _ in range(500):  # started within a few seconds, or the test fails below
            if self.server.started:
                break
            time.sleep(0.02)
        assert self.server.started, "uvicorn did not start"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.workbench.close()
