"""Broken, foreign, newer and locked stores through every command (issue 16): one clear line
(what, which file, what to do), exit code 2, and nothing written into a file stancemap did
not create."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import EXAMPLES
from stancemap.store.db import SCHEMA_VERSION, Store, StoreError

COMMANDS = [
    ["ingest", str(EXAMPLES / "moscow-truce.html")],
    ["articles"],
    ["articles", "--body"],
    ["show", "00e5"],
    ["extract"],
    ["statements"],
    ["actors"],
    ["code", "--conflict", "armenia-azerbaijan"],
    ["report", "--conflict", "armenia-azerbaijan"],
    ["export"],
    ["analyze", str(EXAMPLES / "moscow-truce.html"), "--conflict", "armenia-azerbaijan"],
]


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "good.duckdb"
    with Store(path) as store:
        store.con.execute("INSERT INTO failures VALUES ('x', 'ingest', 'y', now())")
    return path


def _foreign(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (region VARCHAR, amount INTEGER)")
    con.execute("INSERT INTO sales VALUES ('north', 10)")
    con.close()
    return path


def _sqlite(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return path


def _with_version(good: Path, path: Path, value: str) -> Path:
    shutil.copy(good, path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [value])
    con.close()
    return path


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _cut(good: Path, path: Path) -> Path:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def _scrambled(good: Path, path: Path) -> Path:
    data = bytearray(good.read_bytes())
    for i in range(4096, len(data), 7):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


CASES = {
    "foreign": (lambda good, p: _foreign(p), "a DuckDB database, but not a stancemap store (it holds the tables sales)"),
    "sqlite": (lambda good, p: _sqlite(p), "a SQLite database, not a DuckDB database"),
    "text": (lambda good, p: _written(p, b"not a database\n" * 50), "not a DuckDB database"),
    "zero-bytes": (lambda good, p: _written(p, b""), "an empty file, not a DuckDB database"),
    "newer": (lambda good, p: _with_version(good, p, "99"), f"schema version 99 is newer than this stancemap ({SCHEMA_VERSION}); upgrade stancemap"),
    "banana": (lambda good, p: _with_version(good, p, "banana"), "unreadable schema version 'banana'"),
    "truncated": (_cut, "damaged (DuckDB: Could not read enough bytes"),
    "corrupted": (_scrambled, "damaged (DuckDB: Corrupt database file"),
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_unusable_store_is_one_clear_line_and_stays_untouched(case, good, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # where DuckDB would put a downloaded extension
    make, words = CASES[case]
    path = make(good, tmp_path / f"{case}.duckdb")
    before = _digest(path)
    for command in COMMANDS:
        result = cli(*command, "--db", path)
        assert result.exit_code == 2, (command, result.output)
        message = " ".join(result.stderr.split())
        assert message.startswith(f"error: {path}: ") and words in message, (command, message)
        assert result.stdout == ""
    assert _digest(path) == before  # not one byte written
    assert not (tmp_path / "home" / ".duckdb").exists()  # no extension fetched or installed


def test_an_empty_duckdb_file_is_not_a_store_to_read_but_may_become_one(cli, tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    result = cli("articles", "--db", path)
    assert result.exit_code == 2
    assert "an empty DuckDB database, not a stancemap store yet (run `stancemap ingest` first)" in " ".join(result.stderr.split())
    assert cli("ingest", EXAMPLES / "moscow-truce.html", "--db", path, "--quiet").exit_code == 0
    assert cli("articles", "--db", path).exit_code == 0


def test_a_store_held_by_another_process(cli, good, tmp_path):
    path = tmp_path / "held.duckdb"
    shutil.copy(good, path)
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, sys, time\ncon = duckdb.connect({str(path)!r})\n"
                                                     "print('held', flush=True)\ntime.sleep(120)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        for command in (["ingest", str(EXAMPLES / "moscow-truce.html")], ["articles"], ["report", "--conflict", "armenia-azerbaijan"]):
            result = cli(*command, "--db", path)
            message = " ".join(result.stderr.split())
            assert result.exit_code == 2, result.output
            assert f"error: {path}: in use by another process (PID {holder.pid}): wait for it to finish, or give another --db" == message
    finally:
        holder.kill()
        holder.wait()
    assert cli("articles", "--db", path).exit_code == 0  # free again


def test_the_python_api_raises_store_error(tmp_path):
    with pytest.raises(StoreError, match="not a stancemap store"):
        Store(_foreign(tmp_path / "f.duckdb"))


def test_a_store_whose_creation_was_cut_short_is_finished_not_refused(cli, tmp_path):
    # what an older stancemap killed between creating its tables and writing the version left
    path = tmp_path / "cut.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("CREATE TABLE failures (source VARCHAR, stage VARCHAR, reason VARCHAR, failed_at TIMESTAMP)")
    con.close()
    result = cli("articles", "--db", path)
    assert result.exit_code == 2 and "a store whose creation was cut short" in " ".join(result.stderr.split())
    assert cli("ingest", EXAMPLES / "moscow-truce.html", "--db", path, "--quiet").exit_code == 0
    assert cli("articles", "--db", path).exit_code == 0
