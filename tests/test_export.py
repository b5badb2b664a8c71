"""Exports written by the real CLI from a real DuckDB store and read back with DuckDB."""

from __future__ import annotations

import csv
import json
import re
from datetime import date

import duckdb
import pytest

import stancemap
from conftest import EXAMPLES
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
    kinds = duckdb.sql(
        f"SELECT DISTINCT source_actor, date, date_kind, date_precision, date_said, source_country, source_country_code "
        f"FROM read_csv('{out}', delim='\\t', header=true, all_varchar=true, quote='') ORDER BY source_actor"
    ).fetchall()
    assert kinds == [
        ("Government of Turkey", "20201011", "said", "day", "2020-10-11", "Turkey", "TUR"),
        ("Pope Francis", "20201012", "published", "day", None, "Vatican", "VAT"),  # the KB knows the Pope's see
    ]
    codes = duckdb.sql(
        f"SELECT DISTINCT target_country, target_country_code FROM read_csv('{out}', delim='\\t', header=true, "
        f"all_varchar=true, quote='') WHERE target_country IS NOT NULL ORDER BY 1"
    ).fetchall()
    assert codes == [("Armenia", "ARM"), ("Azerbaijan", "AZE")]


def _cameo_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_cameo_dates_each_event_where_its_statement_is_placed_and_says_how(cli, tmp_path):
    """The bundled articles through the real pipeline: every event has a date, and its kind and precision."""
    db = tmp_path / "ex.duckdb"
    ran = cli("analyze", EXAMPLES, "--db", db, "--conflict", "armenia-azerbaijan", "--quiet")
    assert ran.exit_code == 0, ran.output
    events = _cameo_rows(cli("export", "-f", "cameo", "--conflict", "armenia-azerbaijan", "--db", db).stdout)
    assert events and all(re.fullmatch(r"\d{8}", e["date"]) for e in events)
    assert {e["date_kind"] for e in events} <= {"said", "published"}
    for e in events:
        said = e["date_said"]
        if e["date_kind"] == "said" and e["date_precision"] == "day":
            assert e["date"] == said.replace("-", "")
        elif e["date_kind"] == "said" and e["date_precision"] == "range":
            start, end = (date.fromisoformat(d) for d in said.split("/"))
            assert e["date"] == (start + (end - start) // 2).strftime("%Y%m%d")  # the middle, as the timelines place it
    assert any(e["date_precision"] == "range" for e in events) and any(e["date_precision"] == "day" for e in events)
    assert {(e["source_country"], e["source_country_code"]) for e in events if e["source_country"]} >= {
        ("Russia", "RUS"), ("Turkey", "TUR"), ("Iran", "IRN")}
    # a store of articles with no publication date: the date is empty and says it is unknown
    folder = tmp_path / "undated"
    folder.mkdir()
    (folder / "note.txt").write_text(
        "Talks on Karabakh\n\nTurkish Foreign Minister Mevlut Cavusoglu said Turkey stood with Azerbaijan "
        "and accused Armenia of occupying its land.\n", encoding="utf-8")
    undated_db = tmp_path / "undated.duckdb"
    assert cli("analyze", folder, "--db", undated_db, "--conflict", "armenia-azerbaijan", "--quiet").exit_code == 0
    undated = _cameo_rows(cli("export", "-f", "cameo", "--db", undated_db).stdout)
    assert undated and all((e["date"], e["date_kind"], e["date_precision"]) == ("", "unknown", "") for e in undated)
    assert all(e["source_country_code"] == "TUR" for e in undated)


def test_csv_jsonl_parquet_and_the_dataframe_carry_the_speakers_camp(cli, tmp_path):
    db = tmp_path / "ex.duckdb"
    assert cli("analyze", EXAMPLES, "--db", db, "--conflict", "armenia-azerbaijan", "--quiet").exit_code == 0
    report = json.loads(cli("report", "--db", db, "--conflict", "armenia-azerbaijan", "--json").stdout)
    camp_of = {a["actor"]: a["camp"] for a in report["actors"]}
    assert len(set(camp_of.values())) > 3
    rows = list(csv.DictReader(cli("export", "-f", "csv", "--conflict", "armenia-azerbaijan", "--db", db).stdout.splitlines()))
    assert {r["speaker"]: r["speaker_camp"] for r in rows} == camp_of  # the camps of the report
    countries = {(r["speaker_country"], r["speaker_country_code"]) for r in rows if r["speaker_country"]}
    assert {("Turkey", "TUR"), ("Russia", "RUS"), ("Armenia", "ARM")} <= countries
    assert all(re.fullmatch(r"[A-Z]{3}", code) for _, code in countries)
    lines = [json.loads(x) for x in cli("export", "-f", "jsonl", "--conflict", "armenia-azerbaijan", "--db", db).stdout.splitlines()]
    assert {r["speaker"]: r["speaker_camp"] for r in lines} == camp_of
    parquet = tmp_path / "coded.parquet"
    assert cli("export", "-f", "parquet", "--conflict", "armenia-azerbaijan", "-o", parquet, "--db", db).exit_code == 0
    pairs = duckdb.sql(f"SELECT DISTINCT speaker, speaker_camp FROM read_parquet('{parquet}')").fetchall()
    assert dict(pairs) == camp_of
    with stancemap.open(db) as sm:
        frame = sm.statements("armenia-azerbaijan").df()
        everything = sm.statements().df()
    assert dict(zip(frame.speaker, frame.speaker_camp)) == camp_of
    assert everything.speaker_camp.notna().all()


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
