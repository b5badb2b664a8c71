"""A multi-sentence quotation by one speaker counts once in the camp and actor tallies, on a real
article: a BBC report whose Syrian interviewees speak in long quotations (conflict-news 265, not one
of the files reserved for evaluation)."""

from __future__ import annotations

import duckdb
import pytest

from conftest import shared_path
from stancemap.analysis import analyze_store
from stancemap.store.db import Store


@pytest.fixture(scope="module")
def interviews(tmp_path_factory):
    from typer.testing import CliRunner

    from stancemap.cli import app

    article = shared_path("data", "conflict-news", "articles", "265.txt")
    db = tmp_path_factory.mktemp("quotations") / "q.duckdb"
    run = CliRunner().invoke(app, ["analyze", str(article), "--conflict", "armenia-azerbaijan", "--db", str(db), "--quiet"],
                             catch_exceptions=False)
    assert run.exit_code == 0, run.output
    return db


def test_an_interviewee_quoted_over_many_sentences_counts_once_per_quotation(interviews):
    con = duckdb.connect(str(interviews), read_only=True)
    sentences = dict(con.execute("SELECT speaker, count(*) FROM statements GROUP BY speaker").fetchall())
    quotations = dict(con.execute(
        "SELECT speaker, count(DISTINCT coalesce(quote_start, sent_start)) FROM statements GROUP BY speaker").fetchall())
    con.close()
    with Store(interviews) as store:
        result = analyze_store(store, "armenia-azerbaijan")
    counted = {a.name: a.statements + a.background for a in result.actors()}
    # Samir and Ismael speak in quotations of several sentences each: a count per quotation, not per sentence
    for name in ("Samir", "Ismael"):
        assert sentences[name] >= 2 * counted[name], (name, sentences[name], counted[name])
        assert counted[name] <= quotations[name]
    # every sentence of a speaker stays a row, to cite as evidence; those whose source names no one
    # ("" speaker: unattributed) are counted apart
    assert len(result.rows) == sum(n for name, n in sentences.items() if name)
    assert result.unattributed == sentences.get("", 0)
    camp_total = sum(c.statements for c in result.camps())
    assert camp_total == sum(a.statements for a in result.actors())
    assert camp_total < len([r for r in result.rows if not r.background])


def test_a_speech_counts_once_in_the_tallies(tmp_path):
    """A foreign minister's speech (conflict-news 028, a development article): every sentence is his
    unit, to cite, and the whole speech one statement in the camp and actor tallies."""
    from typer.testing import CliRunner

    from stancemap.cli import app

    article = shared_path("data", "conflict-news", "articles", "028.txt")
    db = tmp_path / "speech.duckdb"
    run = CliRunner().invoke(app, ["analyze", str(article), "--conflict", "armenia-azerbaijan", "--db", str(db), "--quiet"],
                             catch_exceptions=False)
    assert run.exit_code == 0, run.output
    con = duckdb.connect(str(db), read_only=True)
    sentences = dict(con.execute("SELECT speaker, count(*) FROM statements GROUP BY speaker").fetchall())
    con.close()
    with Store(db) as store:
        result = analyze_store(store, "armenia-azerbaijan")
    counted = {a.name: a.statements + a.background for a in result.actors()}
    speaker = max(sentences, key=sentences.get)
    assert "Maas" in speaker and sentences[speaker] >= 20
    # the speech is cut into runs only where another speaker's statement comes between
    others = sum(n for who, n in sentences.items() if who != speaker)
    assert 1 <= counted[speaker] <= others + 1
