"""Placed in time: a statement its text does not date is placed at its article's publication day,
marked as placed in the analysis, every report and every export; the date said stays the date said.
A small dated corpus of our own through the real CLI and a real DuckDB file, and records of our own."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from stancemap.analysis import analyze_records
from stancemap.analysis.dataset import ArticleRef, placement
from stancemap.records import Actor, Coding, DateSaid, SideStance, Statement

CONFLICT = "armenia-azerbaijan"


@pytest.mark.parametrize(
    "said, published, bounds, placed",
    [
        (None, "2020-03-20T10:00", (date(2020, 3, 20), date(2020, 3, 20)), True),  # nothing said: at publication
        ("../2020-03-20", "2020-03-20", (date(2020, 3, 20), date(2020, 3, 20)), True),  # "on or before" publication
        ("2019-11-02/2020-03-20", "2020-03-20", (date(2020, 3, 20), date(2020, 3, 20)), True),  # too wide to place
        ("2020-03-18/2020-03-20", "2020-03-20", (date(2020, 3, 18), date(2020, 3, 20)), False),  # narrow: kept
        ("2020-03-19", "2020-03-20", (date(2020, 3, 19), date(2020, 3, 19)), False),  # a day said: kept
        ("2013", "2020-03-20", (date(2013, 1, 1), date(2013, 12, 31)), False),  # away from publication: kept
        (None, None, None, False),  # no publication date either: undated
    ],
)
def test_placement_uses_publication_only_where_the_text_gives_no_narrower_date(said, published, bounds, placed):
    assert placement(DateSaid(said), published) == (bounds, placed)


def test_a_shift_comes_out_of_statements_placed_at_publication():
    """Two undated statements in articles published two months apart: placed, they shift."""
    def statement(article, text, start):
        return Statement(article, "Emmanuel Macron", "Emmanuel Macron", "subject", "said", text, start, start + len(text))

    jan = statement("a1", "Macron said France backs Azerbaijan.", 0)
    mar = statement("a2", "Macron said France backs Armenia.", 0)
    codings = [
        Coding(jan.id, CONFLICT, stance={"Azerbaijan": SideStance("support", 0.9, "backs")}),
        Coding(mar.id, CONFLICT, stance={"Azerbaijan": SideStance("oppose", 0.9, "backs Armenia")}),
    ]
    articles = {"a1": ArticleRef("a1", published="2020-01-15"), "a2": ArticleRef("a2", published="2020-03-20")}
    actors = [Actor("Emmanuel Macron", "person", country="France", roles=[{"role": "President", "of": "France"}])]
    result = analyze_records([jan, mar], codings, CONFLICT, ["Armenia", "Azerbaijan"], actors, articles, "month")
    assert all(r.placed for r in result.rows) and result.time_counts() == {"dated": 0, "placed": 2, "undated": 0}
    shifts = result.findings_of("shift")
    assert shifts and shifts[0].details["changes"] == [{"side": "Azerbaijan", "from": "support", "to": "oppose"}]
    evidence = shifts[0].to_dict()["evidence"]
    assert {e["placed_at"] for e in evidence} == {"2020-01-15", "2020-03-20"}
    assert all(e["date"] is None for e in evidence)  # the date said stays unknown
    assert "placed at publication" in result.rows[0].date_shown


@pytest.fixture(scope="module")
def placed_run(tmp_path_factory):
    from typer.testing import CliRunner

    from stancemap.cli import app

    folder = tmp_path_factory.mktemp("placed")
    news = folder / "news"
    news.mkdir()
    (news / "dated.txt").write_text(  # a dateline: the text dates the statement
        "Erdogan backs Baku\n\nWed 15 Jan 2020 Turkish President Recep Tayyip Erdogan said Turkey stood with "
        "Azerbaijan and accused Armenia of occupying its land.\n", encoding="utf-8")
    (news / "meta.txt").write_text(  # a date from the table only: the statement is placed there
        "Erdogan again\n\nTurkish President Recep Tayyip Erdogan said Turkey stood with Azerbaijan and accused "
        "Armenia of occupying Azerbaijani land.\n", encoding="utf-8")
    (news / "none.txt").write_text(  # no date anywhere: undated
        "Pashinyan speaks\n\nArmenian Prime Minister Nikol Pashinyan accused Azerbaijan of shelling Stepanakert.\n",
        encoding="utf-8")
    meta = folder / "meta.csv"
    meta.write_text("file,published,outlet\nmeta.txt,2020-03-20,Daily Example\n", encoding="utf-8")
    db = folder / "p.duckdb"
    runner = CliRunner()
    result = runner.invoke(app, ["analyze", str(news), "--meta", str(meta), "--conflict", CONFLICT, "--db", str(db),
                                 "--period", "month", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {"db": db, "report": json.loads(result.stdout)}


def test_the_report_counts_and_marks_what_it_placed(placed_run, cli):
    report = placed_run["report"]
    assert report["time"] == {"dated": 1, "placed": 1, "undated": 1}
    periods = {(p["entity"], p["period"]) for p in report["timeline"]["actors"]}
    assert ("Recep Tayyip Erdogan", "2020-01") in periods and ("Recep Tayyip Erdogan", "2020-03") in periods
    assert ("Nikol Pashinyan", "undated") in periods
    md = cli("report", "--db", placed_run["db"], "--conflict", CONFLICT, "--md", "-").stdout
    assert "1 placed at their article's publication" in md and "1 undated" in md
    terminal = " ".join(cli("report", "--db", placed_run["db"], "--conflict", CONFLICT).stdout.split())
    assert "1 dated by their text, 1 placed at their article's publication, 1 undated" in terminal


def test_statements_json_carries_published_beside_the_date_said(placed_run, cli):
    rows = json.loads(cli("statements", "--db", placed_run["db"], "--json").stdout)
    dated = next(r for r in rows if "occupying its land" in r["sentence"])
    placed = next(r for r in rows if "Azerbaijani land" in r["sentence"])
    assert dated["date"]["value"] == "2020-01-15" and dated["published"] == "2020-01-15"
    assert placed["date"]["value"] == "../2020-03-20" and placed["published"] == "2020-03-20"


def test_exports_mark_the_statements_placed_at_publication(placed_run, cli):
    out = cli("export", "--db", placed_run["db"], "--format", "csv").stdout
    rows = {r["sentence"][-20:]: r for r in csv.DictReader(io.StringIO(out))}
    by_text = {("dated" if "its land" in k else "placed" if "Azerbaijani land" in k else "none"): r for k, r in rows.items()}
    assert (by_text["dated"]["placed_at"], by_text["dated"]["placed"]) == ("2020-01-15", "False")
    assert (by_text["placed"]["placed_at"], by_text["placed"]["placed"]) == ("2020-03-20", "True")
    assert (by_text["none"]["placed_at"], by_text["none"]["placed"]) == ("", "False")
    cameo = cli("export", "--db", placed_run["db"], "--format", "cameo").stdout
    events = list(csv.DictReader(io.StringIO(cameo), delimiter="\t"))
    kinds = {(e["date"], e["date_kind"]) for e in events if e["source_actor"] == "Recep Tayyip Erdogan"}
    assert kinds == {("20200115", "said"), ("20200320", "published")}


def test_a_corpus_over_years_reads_by_quarter(placed_run, cli):
    from stancemap.analysis.timeline import period_label

    assert period_label(date(2016, 8, 1), "quarter") == "2016-Q3"
    report = json.loads(cli("report", "--db", placed_run["db"], "--conflict", CONFLICT, "--period", "quarter",
                            "--json").stdout)
    assert {p["period"] for p in report["timeline"]["actors"]} == {"2020-Q1", "undated"}
    assert cli("report", "--db", placed_run["db"], "--conflict", CONFLICT, "--period", "year").exit_code == 2
