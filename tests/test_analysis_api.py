"""The notebook API: `stancemap.open(db)` over a real DuckDB file built from the seed's gold records."""

from __future__ import annotations

import json
import re

import duckdb
import pandas as pd
import pytest

import stancemap
from conftest import shared_path
from gold_records import CONFLICT, gold_records
from stancemap.analysis.dataset import count_statements
from stancemap.store.db import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    statements, codings, actors, _, _ = gold_records(shared_path("gold", "seed.yaml"))
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    with Store(path) as store:
        store.replace_statements(statements[0].article_id, statements)
        store.replace_codings(CONFLICT, codings)
        store.upsert_actors(actors)
    return path


def test_statements_are_a_duckdb_relation_with_a_stance_column_per_side(db):
    with stancemap.open(db) as sm:
        rel = sm.statements(CONFLICT)
        assert isinstance(rel, duckdb.DuckDBPyRelation)
        df = rel.df()
        assert {"speaker", "sentence", "date", "stance_Armenia", "stance_Azerbaijan"} <= set(df.columns)
        zarif = df[df.speaker == "Muhammad Javad Zarif"]
        assert set(zarif.stance_Azerbaijan) == {"neutral"}
        clerics = df[df.speaker == "Khamenei's representatives in Iranian Azerbaijan"]
        assert set(clerics.stance_Azerbaijan) == {"support"}
        assert len(sm.statements().df()) == len(df)
        assert sm.sql("SELECT count(DISTINCT speaker) AS n FROM statements").fetchone()[0] == df.speaker.nunique()


def test_actors_and_the_analysis_as_dataframes(db):
    with stancemap.open(db) as sm:
        assert "Ali Akbar Velayati" in set(sm.actors().df().actor)
        result = sm.analyze(CONFLICT, period="month")
    camps = result.camps
    assert isinstance(camps, pd.DataFrame)
    circle = camps[camps.camp == "Iran / Supreme Leader's circle"].iloc[0]
    assert circle.Azerbaijan_leaning == "support" and circle.Azerbaijan_support >= 5
    assert set(result.findings.kind) == {"divergence", "shift", "background"}
    timeline = result.timeline
    assert {"level", "entity", "period", "side", "support", "oppose", "neutral", "stance"} <= set(timeline.columns)
    assert set(timeline.period) >= {"2020-09", "2020-10"}
    # a multi-sentence quotation by one speaker counts once
    assert result.actors.statements.sum() + result.actors.background.sum() == count_statements(result.result.rows)
    assert all(isinstance(s, str) for s in result.summary)


def test_opening_a_missing_store_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.duckdb"):
        stancemap.open(tmp_path / "nowhere.duckdb")


def test_the_actor_column_has_one_name_in_the_api_json_markdown_and_html(db, cli, tmp_path):
    with stancemap.open(db) as sm:
        result = sm.analyze(CONFLICT)
        stored = sm.actors().df()
    frame = result.actors
    assert frame.columns[0] == "actor" and "name" not in frame.columns
    assert "actor" in stored.columns and "name" not in stored.columns
    # the two tables join on the one column
    joined = frame.merge(stored, on="actor")
    assert "Ali Akbar Velayati" in set(joined.actor)
    report = cli("report", "--db", db, "--conflict", CONFLICT, "--json")
    assert report.exit_code == 0, report.output
    actors = json.loads(report.stdout)["actors"]
    assert [a["actor"] for a in actors] == list(frame.actor)
    assert all("name" not in a for a in actors)
    md = cli("report", "--db", db, "--conflict", CONFLICT, "--md", "-").stdout
    assert "| actor | camp | statements |" in md
    page = tmp_path / "r.html"
    assert cli("report", "--db", db, "--conflict", CONFLICT, "--html", page, "--quiet").exit_code == 0
    assert re.search(r'<th[^>]*><button type="button">actor</button></th>', page.read_text("utf-8"))
