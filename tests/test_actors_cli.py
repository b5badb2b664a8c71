"""`stancemap actors` on a real DuckDB file filled with actors learned from a real parse."""

from __future__ import annotations

import json

import pytest

from stancemap.actors.kb import load_kb
from stancemap.actors.resolve import ActorResolver
from stancemap.records import Article
from stancemap.store.db import Store

TEXT = (
    "Keyhan, a newspaper close to Iran's Supreme Leader Ali Khamenei, initially refrained from taking sides. "
    "However, on October 5, Keyhan published an interview with Ali Akbar Velayati, Khamenei's adviser on "
    "international matters, in which he took Azerbaijan's side in the conflict. Velayati said Iran would help. "
    "On September 28, government spokesman Ali Rabiei said Iran could help the parties."
)


@pytest.fixture
def filled_db(nlp, db):
    article = Article(body=TEXT)
    resolver = ActorResolver(load_kb(), nlp(TEXT), article)
    with Store(db) as store:
        store.add_article(article)
        store.upsert_actors(resolver.learned_actors())
    return db


def test_actors_json_lists_roles_relations_affiliation_and_evidence(cli, filled_db):
    result = cli("actors", "--db", filled_db, "--json")
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    velayati = rows["Ali Akbar Velayati"]
    assert velayati["kind"] == "person" and velayati["country"] == "Iran"
    assert velayati["affiliation"] == ["Iran", "Supreme Leader's circle"]
    assert {"relation": "adviser_to", "target": "Ali Khamenei"} in velayati["relations"]
    assert "Velayati" in velayati["aliases"]
    assert any("Khamenei's adviser on international matters" in e["sentence"] for e in velayati["evidence"])
    keyhan = rows["Keyhan"]
    assert keyhan["kind"] == "media" and keyhan["affiliation"] == ["Iran", "Supreme Leader's circle"]
    assert rows["Ali Rabiei"]["affiliation"] == ["Iran", "Government"]


def test_actors_table_shows_the_evidence(cli, filled_db):
    result = cli("actors", "--db", filled_db)
    assert result.exit_code == 0
    assert "Ali Akbar Velayati" in result.output
    assert "Supreme Leader's circle" in result.output
    assert "adviser to Ali Khamenei" in result.output


def test_actors_kb_file_corrects_what_the_text_said(cli, filled_db, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("- name: Ali Rabiei\n  aliases: [Rabiei]\n  affiliation: [Iran, President's office]\n", encoding="utf-8")
    result = cli("actors", "--db", filled_db, "--json", "--kb", mine, "--name", "rabiei")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == ["Ali Rabiei"]
    assert rows[0]["affiliation"] == ["Iran", "President's office"]
    assert rows[0]["origin"] == "user"


def test_actors_bad_kb_file_is_a_clear_error(cli, filled_db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- kind: person\n", encoding="utf-8")
    result = cli("actors", "--db", filled_db, "--kb", bad)
    assert result.exit_code == 2
    assert "bad.yaml" in result.output and "name" in result.output


def test_actors_without_a_database_says_so(cli, tmp_path):
    result = cli("actors", "--db", tmp_path / "none.duckdb")
    assert result.exit_code == 2
    assert "none.duckdb" in result.output
