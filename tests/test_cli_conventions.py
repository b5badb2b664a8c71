"""One convention for every command, run through the real CLI on the bundled examples.

Results on standard output (JSON with --json), progress and status on standard
error, --quiet hiding status but never the result, and messages that say what
happened when input or a filter gave nothing.
"""

from __future__ import annotations

import json
import shutil

import pytest

from stancemap.cli import app
from stancemap.store.db import Store

from conftest import EXAMPLE_FILES, EXAMPLES

CONFLICT = "armenia-azerbaijan"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """`analyze examples/ --json`: one run shared by the tests below."""
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("conv")
    db = tmp / "ex.duckdb"
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--json", "--conflict", CONFLICT, "--db", str(db)],
                                catch_exceptions=False)
    return db, result


def test_analyze_json_is_a_flag_that_prints_the_report_on_stdout(analysed, tmp_path, monkeypatch):
    db, result = analysed
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)  # stdout holds the JSON alone: status went to stderr
    assert report["conflict"] == CONFLICT and report["articles"] == len(EXAMPLE_FILES)
    assert f"1 source: {len(EXAMPLE_FILES)} new articles" in " ".join(result.stderr.split())


def test_report_quiet_still_prints_the_result(analysed, cli):
    db, _ = analysed
    out = cli("report", "--db", db, "-q")
    assert out.exit_code == 0 and "Camps on armenia-azerbaijan" in out.stdout
    out = cli("report", "--db", db, "-q", "--json")
    assert json.loads(out.stdout)["conflict"] == CONFLICT


def test_filters_that_match_nothing_say_so(analysed, cli):
    db, _ = analysed
    out = cli("actors", "--db", db, "--name", "Bishops")
    assert out.exit_code == 0 and out.stdout == ""
    assert "no actor matches --name 'Bishops'" in out.stderr and "actors stored" in out.stderr
    out = cli("statements", "--db", db, "--actor", "zzzz")
    assert out.exit_code == 0 and out.stdout == ""
    assert "no statement matches --actor 'zzzz'" in out.stderr and "statements stored" in out.stderr


def test_report_for_a_conflict_not_coded_says_how_to_code_it(analysed, cli):
    db, _ = analysed
    out = cli("report", "--db", db, "--conflict", "syria")
    assert out.exit_code == 1 and out.stdout == ""
    assert "nothing is coded for syria" in out.stderr and "stancemap code --conflict syria" in out.stderr


def test_a_misspelt_conflict_is_refused_before_any_work(cli, db):
    out = cli("analyze", EXAMPLES, "--conflict", "siria", "--db", db)
    assert out.exit_code == 2
    assert "did you mean syria?" in out.stderr
    with Store(db) as store:
        assert store.articles() == []  # nothing was ingested


@pytest.mark.parametrize("make_source", ["missing", "empty"])
def test_analyze_with_nothing_readable_prints_no_report_and_fails(cli, db, tmp_path, make_source):
    source = tmp_path / make_source
    if make_source == "empty":
        source.mkdir()
    out = cli("analyze", source, "--conflict", CONFLICT, "--db", db)
    assert out.exit_code == 1
    assert out.stdout == ""
    assert "nothing could be read from the sources given" in out.stderr


def test_ingest_of_an_empty_folder_warns(cli, db, tmp_path):
    (tmp_path / "empty").mkdir()
    out = cli("ingest", tmp_path / "empty", "--db", db)
    assert out.exit_code == 0
    assert "no article found in the sources given" in out.stderr


def test_a_folder_walk_skips_what_is_not_an_article(cli, db, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in EXAMPLE_FILES[:2]:
        shutil.copy(f, folder / f.name)
    (folder / "sources.csv").write_text("file,country\n" + "".join(f"{f.name},AM\n" for f in EXAMPLE_FILES[:2]))
    (folder / "README.md").write_text("# A corpus\n\nTwo articles, with a table of their sources.\n")
    out = cli("ingest", folder, "--db", db, "--json")
    summary = json.loads(out.stdout)
    assert summary["added"] == 2 and summary["failed"] == 0
    assert sorted(r["reason"] for r in summary["not_articles"]) == [
        "not an article: documentation (.md)", "not an article: table (.csv)"]
    out = cli("ingest", folder, "--db", db)
    assert "skipped 2 files that are not articles" in " ".join(out.stderr.split())
    with Store(db) as store:
        assert len(store.articles()) == 2
    # named explicitly, a file is still tried
    out = cli("ingest", folder / "sources.csv", "--db", db, "--json")
    assert json.loads(out.stdout)["not_articles"] == []


def test_counts_read_as_english(cli, db):
    out = cli("ingest", EXAMPLE_FILES[0], "--db", db)
    assert "ingest: 1 article added, 0 duplicates, 0 failures" in out.stderr
    assert out.stdout == ""


def test_help_shows_no_escape_backslashes(cli):
    for command in ("ingest", "extract", "analyze", "report", "export"):
        out = cli(command, "--help")
        assert "\\[" not in out.stdout, command
    assert "[env var: STANCEMAP_DB]" in cli("ingest", "--help").stdout
