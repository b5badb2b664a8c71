"""Dates as a reader writes them in tables and reports; JSON keeps the stored values."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from stancemap.analysis.dataset import date_bounds, readable_date, readable_days

CONFLICT = "armenia-azerbaijan"

# Two pages of our own: the first has no day-precise date, so an undated saying is open-ended
# up to publication; the second has one, so an undated saying runs from it to publication.
OPEN = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Yerevan rejects talks</title>
<meta property="article:published_time" content="2020-10-03T10:00:00+00:00"></head>
<body><article><h1>Yerevan rejects talks</h1>
<p>Armenian Prime Minister Nikol Pashinyan said Azerbaijan had rejected every proposal for a ceasefire and accused Baku of shelling Stepanakert.</p>
<p>In September 2020, Azerbaijani President Ilham Aliyev said Armenia must withdraw its forces from the occupied territories.</p>
<p>In 2019, Iranian Foreign Minister Mohammad Javad Zarif said Tehran would help both neighbours find a peaceful solution.</p>
</article></body></html>
"""
DAYS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Moscow calls for a truce</title>
<meta property="article:published_time" content="2020-10-03T18:00:00+00:00"></head>
<body><article><h1>Moscow calls for a truce</h1>
<p>On 1 October, Russian Foreign Minister Sergei Lavrov urged Armenia and Azerbaijan to stop the fighting.</p>
<p>Turkish President Recep Tayyip Erdogan said Turkey stood with Azerbaijan and accused Armenia of occupying its land.</p>
</article></body></html>
"""
EXPECTED = {  # speaker -> (stored value, what a reader sees)
    "Sergey Lavrov": ("2020-10-01", "1 Oct 2020"),
    "Recep Tayyip Erdogan": ("2020-10-01/2020-10-03", "1–3 Oct 2020"),
    "Nikol Pashinyan": ("../2020-10-03", "on or before 3 Oct 2020"),
    "Ilham Aliyev": ("2020-09", "Sep 2020"),
    "Mohammad Javad Zarif": ("2019", "2019"),
}


@pytest.mark.parametrize(
    "value, shown",
    [
        ("2020-10-01", "1 Oct 2020"),
        ("2020-10", "Oct 2020"),
        ("2020", "2020"),
        ("2020-10-01/2020-10-03", "1–3 Oct 2020"),
        ("2020-10-01/2020-10-01", "1 Oct 2020"),
        ("../2020-10-03", "on or before 3 Oct 2020"),
        ("2020-09-27/2020-10-18", "27 Sep – 18 Oct 2020"),
        ("2019-12-28/2020-01-03", "28 Dec 2019 – 3 Jan 2020"),
        ("2020-09/2020-10", "Sep–Oct 2020"),
        ("2019-11/2020-02", "Nov 2019 – Feb 2020"),
        ("1993/1994", "1993–1994"),
        ("2020-02-01/2020-02-29", "Feb 2020"),  # a whole month is the month
        ("2020-10-09T14:20", "9 Oct 2020"),  # a published timestamp is its day
        (None, "undated"),
        ("", "undated"),
        ("sometime", "sometime"),  # not a date: shown as stored, never guessed
    ],
)
def test_readable_date(value, shown):
    assert readable_date(value) == shown


def test_readable_days_reads_the_same_bounds_the_analysis_uses():
    for value in ("2020-10-05", "2020-02", "1993", "2020-09-27/2020-10-04"):
        assert readable_days(*date_bounds(value)) == readable_date(value)
    assert readable_days(date(2020, 10, 3), date(2020, 10, 1)) == "1–3 Oct 2020"


@pytest.fixture(scope="module")
def dated_db(tmp_path_factory):
    from typer.testing import CliRunner

    from stancemap.cli import app

    folder = tmp_path_factory.mktemp("dates")
    pages = folder / "pages"
    pages.mkdir()
    (pages / "open.html").write_text(OPEN, encoding="utf-8")
    (pages / "days.html").write_text(DAYS, encoding="utf-8")
    db = folder / "dates.duckdb"
    run = CliRunner().invoke(app, ["analyze", str(pages), "--conflict", CONFLICT, "--db", str(db), "--quiet"],
                             catch_exceptions=False)
    assert run.exit_code == 0, run.output
    return db


def test_the_statements_table_shows_dates_as_a_reader_expects_and_json_keeps_values(dated_db, cli):
    rows = json.loads(cli("statements", "--db", dated_db, "--json").stdout)
    assert {r["speaker"]: r["date"]["value"] for r in rows} == {k: v for k, (v, _) in EXPECTED.items()}
    table = cli("statements", "--db", dated_db, "--actor", "Pashinyan")
    assert table.exit_code == 0
    assert "on or before 3 Oct" in table.stdout and "../" not in table.stdout
    for speaker, (_, shown) in EXPECTED.items():
        out = cli("statements", "--db", dated_db, "--actor", speaker.split()[-1]).stdout
        words = " ".join(re.sub(r"[│┃]", " ", out).split())  # the table may wrap the date cell
        assert shown in words, (speaker, out)


def test_reports_show_readable_dates_and_json_the_stored_ones(dated_db, cli, tmp_path):
    md = cli("report", "--db", dated_db, "--conflict", CONFLICT, "--md", "-").stdout
    for _, shown in EXPECTED.values():
        assert shown in md
    assert "conflict window 1 Sep – 3 Oct 2020" in md
    assert "../2020" not in md and not re.search(r"\d{4}-\d{2}-\d{2}/", md)
    html = tmp_path / "r.html"
    assert cli("report", "--db", dated_db, "--conflict", CONFLICT, "--html", html, "--quiet").exit_code == 0
    page = html.read_text("utf-8")
    for _, shown in EXPECTED.values():
        assert shown in page
    assert "../2020" not in page and "2020-10-01/2020-10-03" not in page
    terminal = cli("report", "--db", dated_db, "--conflict", CONFLICT).stdout
    assert "window 1 Sep – 3 Oct 2020" in " ".join(terminal.split())
    assert "on or before 3 Oct 2020" in " ".join(terminal.split())
    data = json.loads(cli("report", "--db", dated_db, "--conflict", CONFLICT, "--json").stdout)
    assert data["window"] == ["2020-09-01", "2020-10-03"]
    cited = {c["date"] for s in data["summary"] for c in s["citations"]}
    assert "../2020-10-03" in cited and "2020-10-01/2020-10-03" in cited
