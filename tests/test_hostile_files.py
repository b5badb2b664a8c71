"""Folders that try to hang, exhaust or crash a batch (issue 16): device files, FIFOs,
symlink loops, dangling links, non-UTF-8 names, unreadable folders. Every case is either
skipped with the reason said or recorded as a failure, and the good files around it are stored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hostile import make_fifo, run_measured
from stancemap.store.db import Store

MEMORY_LIMIT_MB = 500


def _article(title: str, n: int) -> str:
    return f"{title}\n\n" + " ".join(
        f"The foreign minister said on day {n} that talks on the ceasefire would continue in city {n + i}." for i in range(8)
    )


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "news"
    root.mkdir()
    (root / "a-first.txt").write_text(_article("First article", 1), encoding="utf-8")
    (root / "b-zero.txt").symlink_to("/dev/zero")
    (root / "c-urandom.txt").symlink_to("/dev/urandom")
    make_fifo(root / "d-pipe.txt")
    (root / "e-self").symlink_to("e-self")  # ln -s e-self e-self
    (root / "f-gone.txt").symlink_to(root / "missing.txt")
    (root / "g-folder-link").symlink_to(tmp_path)  # a cycle if followed
    bad = os.fsencode(str(root)) + b"/h-bad\xff\xfe.txt"
    with open(bad, "wb") as fh:
        fh.write(_article("Non-UTF-8 file name", 2).encode())
    (root / "z-last.txt").write_text(_article("Last article", 3), encoding="utf-8")
    return root


def test_a_hostile_folder_reads_only_regular_files(folder, tmp_path):
    db = tmp_path / "s.duckdb"
    run = run_measured("ingest", folder, "--db", db, "--json", timeout=300)  # a FIFO read would block forever
    summary = json.loads(run.stdout)
    assert run.returncode == 1, run.stderr
    assert sorted(a["title"] for a in summary["articles"]) == ["First article", "Last article", "Non-UTF-8 file name"]
    skipped = {Path(r["source"]).name: r["reason"] for r in summary["not_articles"]}
    assert skipped == {
        "b-zero.txt": "not a regular file: a character device",
        "c-urandom.txt": "not a regular file: a character device",
        "d-pipe.txt": "not a regular file: a FIFO (named pipe)",
        "g-folder-link": "not a regular file: a link to a folder (not followed)",
    }
    failures = {Path(f["source"]).name: f["reason"] for f in summary["failures"]}
    assert failures == {"e-self": "symlink loop: the link points back to itself",
                        "f-gone.txt": f"dangling symlink: its target {str(folder / 'missing.txt')!r} does not exist"}
    # the odd bytes of the name are kept, escaped, in the stored location
    bad_source = next(a["source"] for a in summary["articles"] if a["title"] == "Non-UTF-8 file name")
    assert bad_source.endswith("h-bad\\xff\\xfe.txt")
    assert run.peak_mb < MEMORY_LIMIT_MB, f"peak memory {run.peak_mb:.0f} MB"
    # what was skipped is said on a normal run too
    again = run_measured("ingest", folder, "--db", db, timeout=300)
    assert "skipped 4 entries that are not a regular file" in again.stderr
    assert "3 sources already stored" in again.stderr  # the non-UTF-8 name is found again under its stored location
    with Store(db, read_only=True) as store:
        assert {Path(f["source"]).name for f in store.failures()} == {"e-self", "f-gone.txt"}


def test_devices_and_pipes_named_explicitly_are_failures(tmp_path):
    db = tmp_path / "s.duckdb"
    fifo = make_fifo(tmp_path / "pipe")
    urls = tmp_path / "urls"
    urls.symlink_to("/dev/zero")
    good = tmp_path / "good.txt"
    good.write_text(_article("Good article", 4), encoding="utf-8")
    run = run_measured("ingest", fifo, "/dev/zero", "/dev/urandom", good, "--urls", urls, "--db", db, "--json", timeout=300)
    summary = json.loads(run.stdout)
    reasons = {f["source"]: f["reason"] for f in summary["failures"]}
    assert reasons[str(fifo)] == "a FIFO (named pipe), not a regular file: only files are read"
    assert reasons["/dev/zero"] == "a character device, not a regular file: only files are read"
    assert reasons["/dev/urandom"] == "a character device, not a regular file: only files are read"
    assert reasons[str(urls)] == "cannot read URL list: a character device, not a regular file: only files are read"
    assert [a["title"] for a in summary["articles"]] == ["Good article"]
    assert run.peak_mb < MEMORY_LIMIT_MB


def test_proc_files_of_unknown_size_are_bounded(tmp_path, cli):
    # /proc files say they are 0 bytes long: the read is still bounded by --max-bytes
    db = tmp_path / "s.duckdb"
    result = cli("ingest", "/proc/self/maps", "--db", db, "--json", "--max-bytes", "100")
    (failure,) = json.loads(result.stdout)["failures"]
    assert failure["reason"] == "file is over the size cap of 100 bytes (--max-bytes)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_is_a_recorded_failure(cli, tmp_path):
    root = tmp_path / "news"
    (root / "locked").mkdir(parents=True)
    (root / "ok.txt").write_text(_article("Readable", 5), encoding="utf-8")
    os.chmod(root / "locked", 0)
    try:
        summary = json.loads(cli("ingest", root, "--db", tmp_path / "s.duckdb", "--json").stdout)
    finally:
        os.chmod(root / "locked", 0o755)
    assert [a["title"] for a in summary["articles"]] == ["Readable"]
    (failure,) = summary["failures"]
    assert failure["source"].endswith("locked") and failure["reason"].startswith("cannot read folder:")


def test_a_folder_that_cannot_be_listed_is_recorded_even_as_root(cli, tmp_path):
    # root can read any folder, but not a "folder" that is a file's child: listing fails the same way
    root = tmp_path / "news"
    root.mkdir()
    (root / "ok.txt").write_text(_article("Readable", 6), encoding="utf-8")
    summary = json.loads(cli("ingest", root / "ok.txt" / "sub", root, "--db", tmp_path / "s.duckdb", "--json").stdout)
    assert [a["title"] for a in summary["articles"]] == ["Readable"]
    (failure,) = summary["failures"]
    assert failure["reason"] == "cannot read: Not a directory"
