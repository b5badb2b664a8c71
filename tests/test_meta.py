"""Sidecar metadata (`--meta`): a CSV or JSON Lines table joined to the input files by its `file`
column, its mismatches reported, and the article's own dateline kept over the table's date.
Small corpora of our own through the real CLI and a real DuckDB file; the two shared
corpora's sources.csv as they are."""

from __future__ import annotations

import json

import pytest

from conftest import shared_path
from stancemap.ingest.meta import MetaError, read_meta


def _corpus(tmp_path):
    news = tmp_path / "news"
    (news / "wires").mkdir(parents=True)
    (news / "a.txt").write_text("Talks fail\n\nThe ministry said the talks had failed, officials in the capital said.\n",
                                encoding="utf-8")
    (news / "b.txt").write_text("Talks resume\n\n12 February 2015 The envoy said talks would resume in Geneva soon.\n",
                                encoding="utf-8")
    (news / "wires" / "c.txt").write_text("No row\n\nGovernor Talal Barazi said the roads were open again after the storm.\n",
                                          encoding="utf-8")
    return news


def _by_file(cli, db):
    rows = json.loads(cli("articles", "--db", db, "--json").stdout)
    return {r["sources"][0].rsplit("/", 1)[-1]: r for r in rows}


def test_a_csv_sidecar_fills_the_metadata_and_reports_every_mismatch(tmp_path, db, cli):
    news = _corpus(tmp_path)
    meta = tmp_path / "sources.csv"
    meta.write_text(
        "file,outlet,published,country,url,title,language,chars\n"
        "a.txt,Daily Example,2020-10-05,IE,https://example.org/a,Talks fail in Geneva,en,80\n"
        "b.txt,Wire Example,2015-02-13,,,,,70\n"  # the dateline says 12 February: it wins, and is reported
        "gone.txt,Nobody,2020-01-01,,,,,1\n"  # names no input
        "a.txt,Again,2020-10-06,,,,,1\n"  # a second row for a.txt
        "wires/x.txt,Bad Date,yesterday,,,,,1\n",
        encoding="utf-8",
    )
    result = cli("ingest", news, "--db", db, "--meta", meta, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["meta"]
    assert report["joined"] == 2
    assert [r["file"] for r in report["rows_without_input"]] == ["gone.txt", "wires/x.txt"]
    assert [loc.rsplit("/", 1)[-1] for loc in report["inputs_without_row"]] == ["c.txt"]
    assert report["duplicate_rows"] == [{"line": 5, "file": "a.txt", "first_line": 2}]
    assert report["bad_values"][0]["field"] == "published" and report["bad_values"][0]["value"] == "yesterday"
    assert report["ignored_columns"] == ["chars"]
    [disagreement] = report["published_disagreements"]
    assert disagreement["published"] == "2015-02-12" and disagreement["meta"] == "2015-02-13"
    assert disagreement["from"] == "dateline"
    rows = _by_file(cli, db)
    a, b, c = rows["a.txt"], rows["b.txt"], rows["c.txt"]
    assert (a["published"], a["publisher"], a["country"], a["url"], a["title"], a["language"]) == (
        "2020-10-05", "Daily Example", "IE", "https://example.org/a", "Talks fail in Geneva", "en")
    assert (b["published"], b["publisher"]) == ("2015-02-12", "Wire Example")
    assert c["published"] is None and c["publisher"] is None
    shown = json.loads(cli("show", a["id"], "--db", db, "--json").stdout)
    assert shown["published_from"] == "meta"
    # the person-readable summary names each kind of mismatch
    text = cli("ingest", news, "--db", db, "--meta", meta).output
    assert "2 rows name no input" in text and "1 input has no row" in text
    assert "1 article dates itself otherwise" in text


def test_a_jsonl_sidecar_joins_by_path_relative_to_the_source_and_dates_statements(tmp_path, db, cli):
    news = _corpus(tmp_path)
    meta = tmp_path / "meta.jsonl"
    meta.write_text(
        json.dumps({"file": "wires/c.txt", "publisher": "Wire Example", "published": "2021-03-10T08:30"}) + "\n"
        + json.dumps({"file": "a.txt", "published": "2020-10-05"}) + "\n",
        encoding="utf-8",
    )
    result = cli("ingest", news, "--db", db, "--meta", meta, "--extract", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["meta"]
    assert report["joined"] == 2 and [x.rsplit("/", 1)[-1] for x in report["inputs_without_row"]] == ["b.txt"]
    rows = _by_file(cli, db)
    assert rows["c.txt"]["published"] == "2021-03-10T08:30" and rows["c.txt"]["publisher"] == "Wire Example"
    statements = json.loads(cli("statements", "--db", db, "--json").stdout)
    governor = next(s for s in statements if s["sentence"].startswith("Governor Talal Barazi"))
    # a date from metadata only gives a range ending at it (a dateline would date the statement)
    assert governor["date"]["value"] == "../2021-03-10" and governor["published"] == "2021-03-10T08:30"


def test_a_name_two_inputs_share_joins_neither_and_a_new_date_redates_the_statements(tmp_path, db, cli):
    news = tmp_path / "news"
    for folder in ("x", "y"):
        (news / folder).mkdir(parents=True)
        (news / folder / "same.txt").write_text(
            f"Report {folder}\n\nThe {folder} council said on Monday that the bridge was closed for repairs.\n",
            encoding="utf-8")
    meta = tmp_path / "m.csv"
    meta.write_text("file,published\nsame.txt,2020-10-07\nx/same.txt,2020-10-07\n", encoding="utf-8")
    assert cli("ingest", news, "--db", db, "--extract", "--quiet").exit_code == 0
    before = json.loads(cli("statements", "--db", db, "--json").stdout)
    assert all(s["date"]["value"] is None for s in before)
    result = cli("ingest", news, "--db", db, "--meta", meta, "--extract", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["meta"]
    assert report["ambiguous"][0]["file"] == "same.txt" and len(report["ambiguous"][0]["inputs"]) == 2
    assert report["joined"] == 1 and len(report["redated"]) == 1
    after = {s["sentence"][:6]: s["date"]["value"] for s in json.loads(cli("statements", "--db", db, "--json").stdout)}
    assert after["The x "] == "2020-10-05"  # on Monday, against Wednesday 7 October 2020
    assert after["The y "] is None


def test_an_unusable_table_stops_before_any_work(tmp_path, db, cli):
    news = _corpus(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,published\na.txt,2020-01-01\n", encoding="utf-8")
    result = cli("ingest", news, "--db", db, "--meta", bad)
    assert result.exit_code == 2 and "no `file` column" in result.output
    assert not db.exists()
    result = cli("analyze", news, "--db", db, "--meta", tmp_path / "missing.csv")
    assert result.exit_code == 2 and "no such file" in result.output
    with pytest.raises(MetaError, match="line 1 is not JSON"):
        (tmp_path / "x.jsonl").write_text("{oops\n", encoding="utf-8")
        read_meta(tmp_path / "x.jsonl")


def test_both_shared_sources_csv_work_as_they_are(tmp_path, db, cli):
    syria = shared_path("data", "syria-news")
    karabakh = shared_path("data", "conflict-news")
    syria_files = [syria / "articles" / f"{n}.txt" for n in ("001", "002", "135")]
    result = cli("ingest", *syria_files, "--db", db, "--meta", syria / "sources.csv", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["meta"]
    assert report["joined"] == 3 and not report["inputs_without_row"] and not report["bad_values"]
    assert len(report["rows_without_input"]) == 797
    rows = _by_file(cli, db)
    assert rows["001.txt"]["publisher"] == "nna" and rows["001.txt"]["published"] == "2017-04-05"
    assert rows["135.txt"]["published"] and rows["135.txt"]["published"] == _row(syria, "135.txt")["published"]
    db2 = tmp_path / "k.duckdb"
    result = cli("ingest", *[karabakh / "articles" / f"{n}.txt" for n in ("001", "002")], "--db", db2,
                 "--meta", karabakh / "sources.csv", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["meta"]["joined"] == 2
    rows = _by_file(cli, db2)
    assert rows["001.txt"]["country"] == _row(karabakh, "001.txt")["country"]  # as given: never mapped or guessed
    assert rows["001.txt"]["published"] is None


def _row(corpus, name):
    import csv

    with open(corpus / "sources.csv", encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh) if r["file"] == name)
