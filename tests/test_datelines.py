"""Datelines: the date a plain-text news body opens with becomes its publication date, the header
is not read for speakers, and relative days resolve against it. Small corpora of our own through
the real CLI and a real DuckDB file."""

from __future__ import annotations

import json

import duckdb
import pytest

from stancemap.ingest.dateline import find_dateline
from stancemap.store.db import SCHEMA_VERSION, Store

BODY = "ministry said the talks had failed and would resume after the holiday in the capital."


@pytest.mark.parametrize(
    "head, published, rest",
    [
        ("Wed 05 Apr 2017 ", "2017-04-05", "The ministry"),
        ("Fri 07 Apr 2017 at 0914 ", "2017-04-07T09:14", "The ministry"),
        ("12 February 2015 ", "2015-02-12", "The ministry"),
        ("Monday 07 November 2016 19:02 ", "2016-11-07T19:02", "The ministry"),
        ("Apr 052017 ", "2017-04-05", "The ministry"),  # the space before the year lost
        ("Last updated at Jun 062016 AMMAN ", "2016-06-06", "The ministry"),
        ("Last updated at Apr 052017 KHAN SHEIKHUN Syria ", "2017-04-05", "The ministry"),
        ("01-10-2014 ", "2014-10-01", "The ministry"),  # day first
        ("10-25-2014 ", "2014-10-25", "The ministry"),  # only month first is a date
        ("05.10.2017(updated 1935 05.10.2017) ", "2017-10-05", "The ministry"),
        ("Date of publication 4 October 2016 ", "2016-10-04", "The ministry"),
        ("Posted on April 4, 2017 ", "2017-04-04", "The ministry"),
        ("Published August 15 2016 ", "2016-08-15", "The ministry"),
        ("Aug. 1 2016 ", "2016-08-01", "The ministry"),
        ("Sat Feb 28 2015 ", "2015-02-28", "The ministry"),
        ("Talks fail again Monitor AFP Monday 2 Feb 2015 ", "2015-02-02", "The ministry"),  # after a repeated title
        ("BAKU, Azerbaijan, 7 October 2020 (AFP) — ", "2020-10-07", "The ministry"),
        ("07-08-2013 0147 PM ", "2013-08-07T13:47", "The ministry"),
    ],
)
def test_each_dateline_form_gives_the_date_and_the_end_of_the_header(head, published, rest):
    body = head + "The " + BODY
    found = find_dateline(body)
    assert found is not None
    assert found.iso() == published
    assert body[found.header_end:].startswith(rest)


def test_a_wire_dateline_without_a_year_is_cut_and_gives_only_the_day():
    body = "TEHRAN, Oct 7 (News Example) - Iran's Foreign Ministry spokesman said the talks had failed."
    found = find_dateline(body)
    assert found is not None and found.date.year is None and (found.date.month, found.date.day) == (10, 7)
    assert body[found.header_end:].startswith("Iran's Foreign Ministry")


@pytest.mark.parametrize(
    "body",
    [
        "On 12 February 2015 Russia said it would send envoys to the talks in the capital city.",
        "Ministers met 12 February 2015 in Geneva and said the talks had failed again that day.",
        "The army said the talks failed. On Monday 2 Feb 2015 it attacked the town again and again.",
        "A ceasefire is to apply from Saturday afternoon (10.10.2020).Both sides said they would keep it.",
        "The ceasefire agreed on 10 November 2020 holds, the ministry said in a statement on Sunday.",
        "The talks, which began 3 March 2019. The ministry said they had failed in the end again.",
    ],
)
def test_a_date_in_the_prose_is_no_dateline(body):
    assert find_dateline(body) is None


def _write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _articles(cli, db):
    rows = json.loads(cli("articles", "--db", db, "--json").stdout)
    return {r["sources"][0].rsplit("/", 1)[-1]: r for r in rows}


def test_ingest_takes_published_from_the_dateline_and_shows_where_it_came_from(tmp_path, db, cli):
    news = tmp_path / "news"
    _write(news, "a.txt", "Talks fail\n\nWed 05 Apr 2017 The ministry said the talks had failed on Tuesday.\n")
    _write(news, "b.txt", "Talks resume\n\nTEHRAN, Oct 7 (News Example) - The envoy said talks would resume "
           "after the meeting of 1 October 2020 in Geneva.\n")
    _write(news, "c.txt", "No dateline\n\nThe envoy said the talks would resume next month in Geneva, officials said.\n")
    assert cli("ingest", news, "--db", db, "--quiet").exit_code == 0
    rows = _articles(cli, db)
    assert rows["a.txt"]["published"] == "2017-04-05"
    assert rows["b.txt"]["published"] == "2020-10-07"  # the year from the full date the body writes
    assert rows["c.txt"]["published"] is None
    shown = json.loads(cli("show", rows["a.txt"]["id"], "--db", db, "--json").stdout)
    assert shown["published_from"] == "dateline" and shown["dateline"] == "2017-04-05"
    assert shown["body"].startswith("Wed 05 Apr 2017 The ministry")  # the body stays verbatim
    assert shown["body"][shown["header_end"]:].startswith("The ministry")


def test_a_dateline_city_is_never_a_speaker_and_relative_days_resolve_against_the_dateline(tmp_path, db, cli):
    news = tmp_path / "news"
    _write(news, "wire.txt", "Iran urges talks\n\n"
           "TEHRAN, Oct 7, 2020 (News Example) - Foreign Ministry spokesman Saeed Khatibzadeh said on Tuesday "
           "that both sides must return to talks. The Armenian defence ministry said yesterday that the shelling "
           "went on. A monitoring group said the toll rose.\n")
    _write(news, "caps.txt", "Strikes go on\n\nLast updated at Jul 262016 BEIRUT Syrian army officers said "
           "the strikes would go on. The monitor said Tuesday that the toll had risen.\n")
    assert cli("ingest", news, "--db", db, "--extract", "--quiet").exit_code == 0
    rows = json.loads(cli("statements", "--db", db, "--json").stdout)
    speakers = {r["speaker"] for r in rows}
    assert not any("Tehran" in s or "TEHRAN" in s or "Beirut" in s.title() or "Lebanon" in s for s in speakers), speakers
    by_start = {r["sentence"][:20]: r for r in rows}
    khatibzadeh = next(r for r in rows if "Khatibzadeh" in r["speaker"])
    assert khatibzadeh["date"]["value"] == "2020-10-06"  # 7 Oct 2020 was a Wednesday
    assert khatibzadeh["date"]["reason"] == "relative date in the sentence"
    yesterday = next(r for r in rows if r["sentence"].startswith("The Armenian"))
    assert yesterday["date"]["value"] == "2020-10-06"
    # a statement with no time of its own in a report under a dateline: the dateline's day
    toll = next(r for r in rows if r["sentence"].startswith("A monitoring group"))
    assert toll["date"] == {"value": "2020-10-07", "precision": "day",
                            "reason": "no time of its own in a report under a dateline: the dateline's day"}
    officers = next(r for r in rows if r["sentence"].strip().startswith("Syrian army officers"))
    assert officers["date"]["value"] == "2016-07-26"
    monitor = next(r for r in rows if r["sentence"].startswith("The monitor said Tuesday"))
    assert monitor["date"]["value"] == "2016-07-26"  # a bare weekday ("said Tuesday"); 26 July 2016 was a Tuesday
    assert by_start


def test_only_a_dateline_dates_undated_statements_and_never_what_the_verb_puts_earlier(tmp_path, db, cli):
    """Publication known from the page or metadata only gives a range ending at it; under a dateline,
    a past perfect or 'earlier' keeps the range too."""
    news = tmp_path / "news"
    _write(news, "dated.txt", "Toll rises\n\n12 February 2015 A monitoring group said the toll rose. "
           "The ministry had said the roads were open. Governor Talal Barazi earlier said that schools would close.\n")
    assert cli("ingest", news, "--db", db, "--extract", "--quiet").exit_code == 0
    rows = {r["sentence"][:12]: r["date"] for r in json.loads(cli("statements", "--db", db, "--json").stdout)}
    assert rows["A monitoring"]["value"] == "2015-02-12"
    assert rows["The ministry"]["precision"] == "range" and rows["The ministry"]["value"].endswith("/2015-02-12")
    assert rows["Governor Tal"]["precision"] == "range"


def test_a_version_1_store_gains_the_new_article_columns(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:  # make a version-1 file: drop the new columns, set the version back
        for column in ("country", "published_from", "dateline", "header_end"):
            store.con.execute(f"ALTER TABLE articles DROP COLUMN {column}")
        store.con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with Store(path) as store:
        columns = [r[0] for r in store.con.execute("DESCRIBE articles").fetchall()]
        assert columns[-4:] == ["country", "published_from", "dateline", "header_end"]
        version = store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        assert version == str(SCHEMA_VERSION)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    con.close()
