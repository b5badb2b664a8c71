"""Parse only what can matter: with --conflict, articles that never name the conflict are
stored but not parsed, and no on-topic statement is lost against a full parse."""

from __future__ import annotations

import re

import pytest

from crawl_inputs import mixed_crawl, stored
from stancemap.store.db import Store

CONFLICT = "armenia-azerbaijan"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    return mixed_crawl(tmp_path_factory.mktemp("crawl"), karabakh=10, pages=14)


@pytest.fixture(scope="module")
def runs(crawl, tmp_path_factory):
    """The crawl analysed with the relevance test (default) and with --all (a full parse)."""
    from typer.testing import CliRunner

    from stancemap.cli import app

    out = {}
    for name, extra in (("filtered", []), ("full", ["--all"])):
        db = tmp_path_factory.mktemp(name) / "run.duckdb"
        result = CliRunner().invoke(app, ["analyze", str(crawl), "--conflict", CONFLICT, "--db", str(db), *extra],
                                    catch_exceptions=False)
        out[name] = (db, result)
    return out


def test_articles_that_never_name_the_conflict_are_not_parsed_and_the_summary_says_so(runs):
    db, result = runs["filtered"]
    skipped = re.search(r"(\d+) articles never name the conflict and were not parsed", " ".join(result.stderr.split()))
    assert skipped, result.stderr
    with Store(db, read_only=True) as store:
        articles = [a.id for a in store.articles()]
        unparsed = store.unextracted(articles)
    assert int(skipped[1]) == len(unparsed) > 0
    assert len(unparsed) < len(articles)
    full_db, _ = runs["full"]
    with Store(full_db, read_only=True) as store:
        assert store.unextracted(articles) == []


def test_no_on_topic_statement_is_lost_against_a_full_parse(runs):
    filtered, full = stored(runs["filtered"][0]), stored(runs["full"][0])
    assert filtered["codings"], "the Karabakh articles have coded statements"
    assert filtered["codings"] == full["codings"]
    coded = {row[0] for row in full["codings"]}
    assert [s for s in filtered["statements"] if s[0] in coded] == [s for s in full["statements"] if s[0] in coded]


def test_a_later_run_with_all_parses_what_was_skipped(runs, crawl, cli):
    db, _ = runs["filtered"]
    result = cli("analyze", crawl, "--conflict", CONFLICT, "--db", db, "--all", "--quiet")
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        assert store.unextracted([a.id for a in store.articles()]) == []
    assert stored(db)["codings"] == stored(runs["full"][0])["codings"]
