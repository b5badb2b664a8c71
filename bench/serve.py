"""Load check of `stancemap serve`: requests/s and latency of /api/statements with filters.

The store holds the Karabakh corpus (../shared/data/conflict-news, the files tests may read)
coded for armenia-azerbaijan and the Syria corpus (../shared/data/syria-news, with its
sources.csv) coded for syria, built with the real `stancemap analyze`. The real server runs
in its own process on 127.0.0.1; a bounded local client (CLIENTS threads, REQUESTS requests
in all, over a fixed list of filter queries for both conflicts) measures each request's
latency after one warm-up pass that builds the server's per-conflict views.

Run: .venv/bin/python bench/serve.py [STORE]   (STORE: reuse a store built before)
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from shared_data import unreserved_articles  # bench/ is the scripts' folder

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"

CLIENTS = 4
REQUESTS = 2000
QUERIES = [
    {"conflict": "armenia-azerbaijan"},
    {"conflict": "armenia-azerbaijan", "side": "Armenia", "stance": "oppose"},
    {"conflict": "armenia-azerbaijan", "camp": "Iran", "limit": 100},
    {"conflict": "armenia-azerbaijan", "q": "ceasefire", "action": "appeal_deescalation"},
    {"conflict": "armenia-azerbaijan", "actor": "aliyev", "offset": 5},
    {"conflict": "syria", "outlet": "sana"},
    {"conflict": "syria", "date_from": "2017-01-01", "date_to": "2017-12-31", "side": "Syrian government"},
    {"conflict": "syria", "q": "chemical attack", "limit": 200},
    {"conflict": "syria", "q": "Assad", "scope": "articles"},
    {"conflict": "syria", "stance": "support", "camp": "Russia"},
]


def build_store(path: Path) -> None:
    karabakh = unreserved_articles("conflict-news")
    syria = SHARED / "syria-news"
    cli = [sys.executable, "-m", "stancemap"]
    for args in (
        ["analyze", *map(str, karabakh), "--conflict", "armenia-azerbaijan"],
        ["analyze", str(syria / "articles"), "--meta", str(syria / "sources.csv"), "--conflict", "syria"],
    ):
        started = time.perf_counter()
        subprocess.run([*cli, *args, "--db", str(path), "--quiet"], check=True, stdout=subprocess.DEVNULL)
        print(f"built: {args[0]} {args[-1]} in {time.perf_counter() - started:.0f} s", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(url: str) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(REQUESTS))

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=url, timeout=60) as client:
            for n in counter:
                params = QUERIES[n % len(QUERIES)]
                started = time.perf_counter()
                response = client.get("/api/statements", params=params)
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    errors += response.status_code != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies), "errors": errors, "per_second": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
    }


def main(store: str | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="stancemap-bench-serve-") as tmp:
        path = Path(store) if store else Path(tmp) / "bench.duckdb"
        if not path.exists():
            build_store(path)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "stancemap", "serve", "--db", str(path), "--port", str(port), "--quiet"],
                                  env={k: v for k, v in os.environ.items() if k != "STANCEMAP_TOKEN"})  # read-only
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    httpx.get(f"{url}/api/conflicts", timeout=2)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            with httpx.Client(base_url=url, timeout=600) as client:
                for conflict in ("armenia-azerbaijan", "syria"):  # the first request of a conflict builds its view
                    started = time.perf_counter()
                    client.get("/api/statements", params={"conflict": conflict, "limit": 1}).raise_for_status()
                    print(f"first request for {conflict} (analysis of the stored statements): "
                          f"{time.perf_counter() - started:.1f} s", flush=True)
                for q in QUERIES:  # warm-up: every query once (the article texts for scope=articles)
                    client.get("/api/statements", params={**q, "limit": 1}).raise_for_status()
                total = {c: client.get("/api/statements", params={"conflict": c, "limit": 1}).json()["total"]
                         for c in ("armenia-azerbaijan", "syria")}
            print(f"store: {total['armenia-azerbaijan']} Karabakh and {total['syria']} Syria statements coded", flush=True)
            figures = load(url)
            print(f"/api/statements with filters, {CLIENTS} clients, {figures['requests']} requests over {len(QUERIES)} queries: "
                  f"{figures['per_second']:.0f} requests/s, p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
                  f"{figures['errors']} errors", flush=True)
            print("load: " + subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
