"""A run killed half-way, run again the same way, finishes the work the killed run left
(issue 16): articles stored but not extracted are extracted by `ingest --extract` and by
`analyze`, whatever the point the first run was killed at."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO
from stancemap.store.db import Store

SPEAKERS = ["Sergei Lavrov", "Jeyhun Bayramov", "Zohrab Mnatsakanyan", "Mevlut Cavusoglu", "Mohammad Javad Zarif",
            "Anna Naghdalyan", "Hikmet Hajiyev", "Maria Zakharova"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The bundled examples and 16 short articles, one with no statement at all."""
    root = tmp_path_factory.mktemp("corpus")
    for path in EXAMPLES.iterdir():
        if path.is_file():
            shutil.copy(path, root / path.name)
    for n in range(16):
        a, b = SPEAKERS[n % len(SPEAKERS)], SPEAKERS[(n + 3) % len(SPEAKERS)]
        (root / f"wire-{n:02d}.txt").write_text(
            f"Talks on day {n}\n\n"
            f"{a} said on October {n + 1}, 2020 that the ceasefire in Nagorno-Karabakh must hold and that talks in "
            f"city {n} would resume. {b} told reporters that Azerbaijan had violated the truce {n} times. "
            f"\"We will not accept this,\" {b} added, according to the ministry.\n",
            encoding="utf-8",
        )
    (root / "weather.txt").write_text("Weather\n\nRain is expected over the hills on Friday, with sun later in the week.\n",
                                      encoding="utf-8")
    return root


def _state(db: Path) -> tuple[list[str], set[str], int]:
    with Store(db, read_only=True) as store:
        ids = sorted(r[0] for r in store.con.execute("SELECT id FROM statements").fetchall())
        actors = {a.name for a in store.actors()}
        articles = len(store.articles())
    return ids, actors, articles


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[list[str], set[str], int]:
    from typer.testing import CliRunner

    from stancemap.cli import app

    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--extract", "--db", str(db), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    state = _state(db)
    assert len(state[0]) > 20 and state[2] == 20
    return state


def test_ingest_extract_finishes_articles_a_plain_ingest_stored(cli, db, corpus, reference):
    assert cli("ingest", corpus, "--db", db, "--quiet").exit_code == 0  # stored, never extracted
    rerun = cli("ingest", corpus, "--extract", "--db", db)
    assert rerun.exit_code == 0, rerun.output
    assert "0 articles added" in rerun.stderr and "20 sources already stored" in rerun.stderr
    assert "from 20 articles" in rerun.stderr
    assert _state(db) == reference
    # done is done: the article without statements is not parsed again either
    again = cli("ingest", corpus, "--extract", "--db", db)
    assert "statement" not in again.stderr


def test_ingest_extract_finishes_a_partial_extraction(cli, db, corpus, reference):
    assert cli("ingest", corpus, "--db", db, "--quiet").exit_code == 0
    with Store(db, read_only=True) as store:
        first_two = [a.id for a in store.articles()[:2]]
    assert cli("extract", "--db", db, "--article", first_two[0], "--article", first_two[1], "--quiet").exit_code == 0
    rerun = cli("ingest", corpus, "--extract", "--db", db)
    assert "from 18 articles" in rerun.stderr
    assert _state(db) == reference


def test_analyze_finishes_what_a_killed_ingest_left(cli, db, corpus, reference):
    assert cli("ingest", corpus, "--db", db, "--quiet").exit_code == 0
    result = cli("analyze", corpus, "--db", db, "--conflict", "armenia-azerbaijan", "--json")
    assert result.exit_code == 0, result.output
    assert _state(db)[0] == reference[0]


def _ingest_extract(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-c", "from stancemap.cli import app; app()", "ingest", str(corpus), "--extract",
            "--db", str(db), "--quiet"]


def test_sigkill_at_any_point_then_the_same_command_again(corpus, reference, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    full = subprocess.run(_ingest_extract(corpus, tmp_path / "full.duckdb"), env=env, capture_output=True, timeout=600)
    whole = time.monotonic() - started
    assert full.returncode == 0, full.stderr
    for fraction in (0.35, 0.7):  # where the kill lands is not asserted; only that the re-run finishes the work
        db = tmp_path / f"killed-{fraction}.duckdb"
        proc = subprocess.Popen(_ingest_extract(corpus, db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=whole * fraction)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        rerun = subprocess.run(_ingest_extract(corpus, db), env=env, capture_output=True, text=True, timeout=600)
        assert rerun.returncode == 0, rerun.stderr
        assert _state(db) == reference, f"killed at {fraction:.0%} of a run"
