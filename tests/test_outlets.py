"""Outlets as a dimension (`analyze --by outlet|country`): per outlet or outlet country, whose
statements it carries and how they stand, in every report. A small corpus of our own with a
sidecar table, through the real CLI and a real DuckDB file."""

from __future__ import annotations

import json

import pytest

CONFLICT = "armenia-azerbaijan"
ERDOGAN = ("Turkish President Recep Tayyip Erdogan said Turkey stood with Azerbaijan and accused Armenia of "
           "occupying its land.")
PASHINYAN = "Armenian Prime Minister Nikol Pashinyan accused Azerbaijan of shelling Stepanakert."


@pytest.fixture(scope="module")
def outlets_run(tmp_path_factory):
    from typer.testing import CliRunner

    from stancemap.cli import app

    folder = tmp_path_factory.mktemp("outlets")
    news = folder / "news"
    news.mkdir()
    texts = {"a.txt": ERDOGAN, "b.txt": ERDOGAN.replace("its land", "Azerbaijani land"), "c.txt": PASHINYAN,
             "d.txt": PASHINYAN.replace("Stepanakert", "Stepanakert again"), "e.txt": PASHINYAN.replace("shelling", "bombing")}
    for i, (name, text) in enumerate(texts.items()):
        (news / name).write_text(f"Report {i}\n\nMon 12 Oct 2020 {text}\n", encoding="utf-8")
    meta = folder / "sources.csv"
    meta.write_text("file,outlet,country\na.txt,Ankara Daily,TR\nb.txt,Ankara Daily,TR\nc.txt,Yerevan News,AM\n"
                    "d.txt,Yerevan Post,AM\n", encoding="utf-8")  # e.txt: no row, so no outlet
    db = folder / "o.duckdb"
    runner = CliRunner()
    result = runner.invoke(app, ["analyze", str(news), "--meta", str(meta), "--conflict", CONFLICT, "--db", str(db),
                                 "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {"db": db, "report": json.loads(result.stdout)}


def test_by_outlet_shows_whose_statements_each_outlet_carries_and_how_they_stand(outlets_run):
    outlets = outlets_run["report"]["outlets"]
    assert outlets["by"] == "outlet"
    rows = {r["outlet"]: r for r in outlets["rows"]}
    assert list(rows) == ["Ankara Daily", "Yerevan News", "Yerevan Post", "(outlet unknown)"]
    ankara = rows["Ankara Daily"]
    assert (ankara["country"], ankara["articles"], ankara["statements"]) == ("TR", 2, 2)
    assert ankara["camps"] == [{"camp": "Turkey / Government", "statements": 2}]
    assert ankara["stance"]["Azerbaijan"]["support"] == 2 and ankara["leaning"]["Azerbaijan"] == "support"
    assert rows["Yerevan News"]["stance"]["Azerbaijan"]["oppose"] == 1


def test_by_country_groups_the_outlets_of_a_country(outlets_run, cli):
    report = json.loads(cli("report", "--db", outlets_run["db"], "--conflict", CONFLICT, "--by", "country", "--json").stdout)
    rows = {r["country"]: r for r in report["outlets"]["rows"]}
    assert report["outlets"]["by"] == "country"
    assert rows["AM"]["outlets"] == ["Yerevan News", "Yerevan Post"] and rows["AM"]["statements"] == 2
    assert rows["TR"]["leaning"]["Azerbaijan"] == "support" and rows["AM"]["leaning"]["Azerbaijan"] == "oppose"
    assert "(country unknown)" in rows


def test_every_report_has_the_outlet_view(outlets_run, cli, tmp_path):
    db = outlets_run["db"]
    md = cli("report", "--db", db, "--conflict", CONFLICT, "--by", "country", "--md", "-").stdout
    assert "## By country" in md and "| AM | Yerevan News, Yerevan Post | 2 | 2 |" in md
    terminal = " ".join(cli("report", "--db", db, "--conflict", CONFLICT).stdout.split())
    assert "By outlet" in terminal and "Ankara" in terminal and "(TR)" in terminal
    html = tmp_path / "r.html"
    assert cli("report", "--db", db, "--conflict", CONFLICT, "--html", html, "--quiet").exit_code == 0
    page = html.read_text("utf-8")
    assert '<section id="outlets"><h2>By outlet</h2>' in page and "Ankara Daily" in page
    assert cli("report", "--db", db, "--conflict", CONFLICT, "--by", "region").exit_code == 2


def test_without_outlets_the_view_is_empty_and_says_how_to_get_one(tmp_path, db, cli):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(f"Report\n\n{ERDOGAN}\n", encoding="utf-8")
    result = cli("analyze", news, "--conflict", CONFLICT, "--db", db, "--json")
    assert json.loads(result.stdout)["outlets"] == {"by": "outlet", "rows": []}
    html = tmp_path / "r.html"
    assert cli("report", "--db", db, "--conflict", CONFLICT, "--html", html, "--quiet").exit_code == 0
    assert "No article names its outlet" in html.read_text("utf-8")
