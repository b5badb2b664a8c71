"""--workers and --cluster give the store and the reports of one process (issue 17): worker
processes on this machine, and a real Dask scheduler with workers on 127.0.0.1, one of them
killed half-way through the run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from crawl_inputs import mixed_crawl, stored

CONFLICT = "armenia-azerbaijan"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    return mixed_crawl(tmp_path_factory.mktemp("crawl"), karabakh=14, pages=4)


def analyze(crawl: Path, db: Path, *extra: str) -> subprocess.CompletedProcess:
    """The real command in its own process (worker processes are started from it); --all so the
    pages that never name the conflict go through the workers too."""
    reports = [f"--json-file={db.with_suffix('.json')}", f"--html={db.with_suffix('.html')}"]
    return subprocess.run([str(BIN / "stancemap"), "analyze", str(crawl), "--conflict", CONFLICT, "--db", str(db),
                           "--all", *reports, "--quiet", *extra], capture_output=True, text=True, cwd=REPO, timeout=900)


@pytest.fixture(scope="module")
def one_process(crawl, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("one") / "one.duckdb"
    done = analyze(crawl, db)
    assert done.returncode == 0, done.stderr
    return db


def assert_same_run(db: Path, reference: Path) -> None:
    ours, theirs = stored(db), stored(reference)
    assert theirs["statements"] and theirs["codings"]
    for table in theirs:
        assert ours[table] == theirs[table], table
    for suffix in (".json", ".html"):
        assert db.with_suffix(suffix).read_bytes() == reference.with_suffix(suffix).read_bytes()


def test_two_worker_processes_store_and_report_what_one_process_does(crawl, one_process, tmp_path):
    db = tmp_path / "two.duckdb"
    done = analyze(crawl, db, "--workers", "2", "--batch", "2")
    assert done.returncode == 0, done.stderr
    assert_same_run(db, one_process)


def test_workers_must_be_a_count_or_auto(cli, crawl, db):
    result = cli("analyze", crawl, "--db", db, "--workers", "many")
    assert result.exit_code == 2
    assert "--workers 'many'" in result.stderr and "auto" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dask_cluster(tmp_path):
    """`dask scheduler` and two `dask worker` processes (one thread each, no nanny: a killed
    worker stays dead) on 127.0.0.1."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = open(tmp_path / "dask.log", "w")
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=logs, stderr=logs, cwd=REPO)]
    for _ in range(2):
        procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny",
                                       "--no-dashboard", "--host", "127.0.0.1"], stdout=logs, stderr=logs, cwd=REPO))
    try:
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()  # reaped: no zombie left for a later test that lists this process's children
        logs.close()


def test_a_dask_cluster_gives_the_one_process_run_even_when_a_worker_is_killed(crawl, one_process, dask_cluster, tmp_path):
    from distributed import Client

    address = dask_cluster
    db = tmp_path / "cluster.duckdb"
    reports = [f"--json-file={db.with_suffix('.json')}", f"--html={db.with_suffix('.html')}"]
    run = subprocess.Popen([str(BIN / "stancemap"), "analyze", str(crawl), "--conflict", CONFLICT, "--db", str(db), "--all",
                            *reports, "--quiet", "--cluster", address, "--batch", "1"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    # kill one worker once it has finished a batch and is working on another
    killed = None
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # _batches_done runs on the scheduler
    with Client(address, timeout="60s") as client:
        pids = client.run(os.getpid)  # worker address -> process id
        deadline = time.monotonic() + 600
        while killed is None and run.poll() is None and time.monotonic() < deadline:
            if client.run_on_scheduler(_batches_done) >= 2:
                busy = [addr for addr, keys in client.processing().items() if keys]
                if busy:
                    killed = pids[busy[0]]
                    os.kill(killed, signal.SIGKILL)
            time.sleep(0.05)
    out, err = run.communicate(timeout=900)
    assert run.returncode == 0, err
    assert killed is not None, "the run ended before a worker could be killed"
    assert_same_run(db, one_process)


def _batches_done(dask_scheduler) -> int:
    """Batches finished so far, counted in the scheduler's log of transitions: a result the driver
    has gathered is released at once, so the tasks held in memory may never number two."""
    return len({t.key for t in dask_scheduler.transition_log if t.finish == "memory" and "work_batch" in str(t.key)})


def _worker_processes() -> list:
    """This process's pool workers: the children of its fork server (or, where workers are
    spawned, its own children that run multiprocessing's spawn_main)."""
    import psutil

    children = psutil.Process().children()
    servers = [p for p in children if "forkserver" in _command_line(p)]
    if servers:
        return [worker for server in servers for worker in server.children() if worker.is_running()]
    return [p for p in children if "spawn_main" in _command_line(p)]


def _command_line(process) -> str:
    """A child's command line; empty for one that has ended (a zombie an earlier test left)."""
    import psutil

    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return ""


@pytest.mark.parametrize("stage", ["ingest", "extract"])
def test_a_killed_worker_process_costs_nothing(crawl, one_process, tmp_path, monkeypatch, stage):
    """The pool is started again and the batches not yet written are sent again, whether the
    worker was reading sources into articles or parsing them."""
    from stancemap.analysis.parallel import Parallel
    from stancemap.analysis.pipeline import run_analyze
    from stancemap.ingest.sources import _Run
    from stancemap.store.db import Store

    monkeypatch.setattr(_Run, "PAGES", 1)  # a page per task: several are with the workers when one dies
    killed = []

    def kill_a_worker_half_way(at: str, done: int, total: int) -> None:
        if at.startswith(stage) and done >= (4 if stage == "ingest" else 1) and not killed:
            workers = _worker_processes()
            killed.append(workers[0].pid)
            workers[0].kill()

    db = tmp_path / "killed.duckdb"
    with Store(db) as store:
        _, run = run_analyze([str(crawl)], store, CONFLICT, parse_all=True, parallel=Parallel(workers=2, batch=1),
                             progress=kill_a_worker_half_way)
    assert killed and not run.failures
    ours, theirs = stored(db), stored(one_process)
    for table in theirs:
        assert ours[table] == theirs[table], table
