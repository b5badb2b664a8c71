"""Exports written by the real CLI from a real DuckDB store and read back with DuckDB."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest

from stancemap.records import Article, DateSaid, Statement
from stancemap.stance import code_statements
from stancemap.store.db import Store

BODY = (
    "Armenia and Azerbaijan fought over Nagorno-Karabakh in the autumn. "
    "The Turkish foreign ministry condemned Armenia for the attack on Ganja. "
    "Pope Francis urged both sides to lay down their arms and return to talks."
)


@pytest.fixture
def coded_db(db, nlp):
    """A store holding one article, two statements and their Karabakh codings."""
    article = Article(body=BODY, title="Fighting in the Caucasus", url="https://news.example/karabakh-1", published="2020-10-12")
    sents = [BODY.split(". ")[1] + ".", BODY.split(". ")[2]]
    stmts = []
    for speaker, sent, date in (("Government of Turkey", sents[0], "2020-10-11"), ("Pope Francis", sents[1], None)):
        start = BODY.index(sent)
        stmts.append(Statement(
            article_id=article.id, speaker=speaker, speaker_mention=speaker, speaker_reason="test", cue="",
            sentence=sent, sent_start=start, sent_end=start + len(sent),
            date=DateSaid(date, "day" if date else "unknown"),
        ))
    with Store(db) as store:
        store.add_article(article)
        store.replace_statements(article.id, stmts)
        store.replace_codings("armenia-azerbaijan", code_statements(stmts, "armenia-azerbaijan", nlp=nlp))
    return db


def test_csv_export_reads_back(cli, coded_db, tmp_path):
    out = tmp_path / "coded.csv"
    result = cli("export", "--format", "csv", "--conflict", "armenia-azerbaijan", "--out", out, "--db", coded_db)
    assert result.exit_code == 0, result.output
    rows = duckdb.sql(f"SELECT speaker, actions, stance_Armenia, stance_Azerbaijan, url FROM read_csv_auto('{out}') ORDER BY speaker").fetchall()
    assert rows[0][0] == "Government of Turkey" and "criticize" in rows[0][1] and rows[0][2] == "oppose"
    assert rows[1][0] == "Pope Francis" and rows[1][2] == rows[1][3] == "neutral"
    assert rows[0][4] == "https://news.example/karabakh-1"


def test_parquet_export_has_typed_columns(cli, coded_db, tmp_path):
    out = tmp_path / "coded.parquet"
    assert cli("export", "-f", "parquet", "-o", out, "--db", coded_db).exit_code == 0
    con = duckdb.connect()
    described = {name: typ for name, typ, *_ in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out}')").fetchall()}
    assert described["sent_start"] == "BIGINT" and described["goldstein"] == "DOUBLE"
    n, low = con.execute(f"SELECT count(*), min(goldstein) FROM read_parquet('{out}')").fetchone()
    assert n == 2 and low == -2.0  # the criticism is the most conflictual action


def test_parquet_to_stdout_is_refused(cli, coded_db):
    result = cli("export", "-f", "parquet", "--db", coded_db)
    assert result.exit_code == 2 and "parquet is binary" in result.output


def test_jsonl_export_nests_actions_and_stance(cli, coded_db):
    result = cli("export", "-f", "jsonl", "--db", coded_db)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    turkey = next(r for r in rows if r["speaker"] == "Government of Turkey")
    assert {"name": "criticize", "cameo": "111", "goldstein": -2.0} in turkey["actions"]
    assert turkey["stance"]["Armenia"]["label"] == "oppose" and turkey["stance"]["Armenia"]["cue"]
    assert turkey["speaker_country"] == "Turkey"


def test_cameo_event_table(cli, coded_db, tmp_path):
    out = tmp_path / "events.tsv"
    assert cli("export", "-f", "cameo", "--conflict", "armenia-azerbaijan", "-o", out, "--db", coded_db).exit_code == 0
    header = out.read_text(encoding="utf-8").splitlines()[0].split("\t")
    for col in ("date", "source_actor", "source_country", "target_actor", "target_country", "event_code",
                "event_root_code", "goldstein", "source_url", "sentence", "quote", "stance_Armenia", "stance_Azerbaijan"):
        assert col in header
    events = duckdb.sql(
        f"SELECT date, source_actor, target_actor, target_country, event_code, event_root_code, goldstein "
        f"FROM read_csv('{out}', delim='\\t', header=true, all_varchar=true) ORDER BY source_actor, event_code, target_actor"
    ).fetchall()
    turkey = [e for e in events if e[1] == "Government of Turkey"]
    assert ("20201011", "Government of Turkey", "Armenia", "Armenia", "111", "11", "-2.0") in turkey
    pope = [e for e in events if e[1] == "Pope Francis"]
    assert {e[2] for e in pope} == {"Armenia", "Azerbaijan"}  # one event per target
    assert all(e[0] == "20201012" for e in pope)  # no date said: the publication date


def test_statements_json_shows_the_coding(cli, coded_db):
    result = cli("statements", "--json", "--db", coded_db)
    rows = json.loads(result.stdout)
    pope = next(r for r in rows if r["speaker"] == "Pope Francis")
    assert pope["actions"][0]["name"] == "appeal_deescalation"
    assert pope["stance"]["Azerbaijan"] == {"label": "neutral", "confidence": pope["stance"]["Azerbaijan"]["confidence"],
                                            "cue": pope["stance"]["Azerbaijan"]["cue"]}
    assert set(pope["targets"]) == {"Armenia", "Azerbaijan"}


def test_code_command_recodes_stored_statements_for_another_conflict(cli, coded_db):
    result = cli("code", "--conflict", "russia-ukraine", "--json", "--db", coded_db)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["by_conflict"] == {"russia-ukraine": 2}
    with Store(coded_db, read_only=True) as store:
        conflicts = {conf for (_sid, conf) in store.codings()}
    assert conflicts == {"armenia-azerbaijan", "russia-ukraine"}
    result = cli("export", "-f", "csv", "--conflict", "russia-ukraine", "--db", coded_db)
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert len(rows) == 2 and all(r["conflict"] == "russia-ukraine" for r in rows)
    bad = cli("code", "--conflict", "atlantis", "--db", coded_db)
    assert bad.exit_code == 2 and "atlantis" in bad.output
