"""`stancemap ingest / articles / show` on real files and a real DuckDB file: examples, the seed,
duplicates, resume, and every kind of bad input recorded as a failure without stopping the batch."""

from __future__ import annotations

import gzip
import json
import os
import shutil

import duckdb
import pytest

from conftest import EXAMPLE_FILES, EXAMPLES, shared_path
from stancemap.store.db import Store


def _json(result):
    assert result.output.strip(), result.output
    return json.loads(result.stdout)


def test_examples_ingest_list_and_show(cli, db):
    result = cli("ingest", EXAMPLES, "--db", db, "--json")
    assert result.exit_code == 0, result.output
    summary = _json(result)
    assert summary["added"] == len(EXAMPLE_FILES) and summary["failed"] == 0

    rows = _json(cli("articles", "--db", db, "--json"))
    by_format = {row["title"]: row for row in rows}
    assert len(rows) == len(EXAMPLE_FILES)
    for row in rows:
        assert set(row) >= {"id", "title", "published", "publisher", "url", "language", "sources"}
        assert row["language"] == "en"
        assert len(row["sources"]) == 1 and row["sources"][0].startswith(str(EXAMPLES.resolve()))
        assert row["published"].startswith("2020-10")
        assert "body" not in row
    html = next(r for r in rows if r["sources"][0].endswith(".html"))
    assert html["publisher"] == "The Caspian Ledger"
    assert html["published"] == "2020-10-10T09:45"
    assert html["url"] == "https://caspian-ledger.example/world/2020/10/10/moscow-humanitarian-truce"
    dump = next(r for r in rows if r["sources"][0].endswith(".txt"))
    assert dump["publisher"] == "Caucasus Dispatch" and dump["published"] == "2020-10-09T14:20"
    assert by_format

    with_body = _json(cli("articles", "--db", db, "--json", "--body"))
    html_body = next(r["body"] for r in with_body if r["id"] == html["id"])
    assert html_body.startswith("Armenia and Azerbaijan agreed on Saturday")
    for furniture in ("Related coverage", "newsletter", "Subscribe", "All rights reserved", "Photo: Ledger staff", "fictional example"):
        assert furniture not in html_body
    assert "Josep Borrell" in html_body and "Hadrut and Terter" in html_body

    shown = _json(cli("show", html["id"][:6], "--db", db, "--json"))
    assert shown["id"] == html["id"] and shown["authors"] == ["Mariam Hovsepyan"]
    assert shown["body"] == html_body and shown["sources"] == html["sources"]
    text = cli("show", html["id"], "--db", db)
    assert text.exit_code == 0 and "Mnatsakanyan" in text.output and "The Caspian Ledger" in text.output
    listing = cli("articles", "--db", db)
    assert listing.exit_code == 0 and html["id"] in listing.output


def test_show_unknown_or_ambiguous_id_fails_clearly(cli, db):
    cli("ingest", EXAMPLES, "--db", db, "--quiet")
    result = cli("show", "zzzz", "--db", db)
    assert result.exit_code == 2 and "no such article" in result.output
    ambiguous = cli("show", "", "--db", db)
    assert ambiguous.exit_code == 2 and f"matches {len(EXAMPLE_FILES)} articles" in ambiguous.output


def test_articles_without_a_database_says_so(cli, tmp_path):
    result = cli("articles", "--db", tmp_path / "none.duckdb")
    assert result.exit_code == 2 and "stancemap ingest" in result.output


def test_seed_through_the_cli_matches_gold(cli, db):
    seed = shared_path("seed", "000_b1cc76adf05f4c39.txt")
    assert cli("ingest", seed, "--db", db, "--quiet").exit_code == 0
    (row,) = _json(cli("articles", "--db", db, "--json"))
    shown = _json(cli("show", row["id"], "--db", db, "--json"))
    assert shown["title"] == "The Armenian-Azerbaijani Conflict and Its Implications for Iran"
    assert shown["published"] == "2020-10-18T08:00"
    assert shown["publisher"] == "Vestnik Kavkaza"
    assert shown["views"] == 3690
    assert shown["original_source"] == "Begin-Sadat Center for Strategic Studies"
    assert shown["cited_authors"] == ["Arvin Khoshnood", "Ardavan Khoshnood"]


def test_duplicates_keep_every_location_and_reruns_resume(cli, db, tmp_path):
    pages = tmp_path / "pages"
    (pages / "mirror").mkdir(parents=True)
    shutil.copy(EXAMPLES / "moscow-truce.html", pages / "original.html")
    # The same article gzip-compressed under another name with no extension: bytes decide, not names.
    (pages / "mirror" / "copy").write_bytes(gzip.compress((EXAMPLES / "moscow-truce.html").read_bytes()))
    shutil.copy(EXAMPLES / "ceasefire-calls.txt", pages / "dump.txt")

    first = _json(cli("ingest", pages, "--db", db, "--json"))
    assert first["added"] == 2 and first["duplicates"] == 1 and first["failed"] == 0
    dup = first["duplicate_articles"][0]
    # Files are read in path order: mirror/copy first, so original.html is the duplicate.
    assert dup["source"].endswith("original.html")

    rows = _json(cli("articles", "--db", db, "--json"))
    html = next(r for r in rows if r["title"].startswith("Armenia and Azerbaijan agree"))
    assert dup["id"] == html["id"]
    assert sorted(os.path.basename(s) for s in html["sources"]) == ["copy", "original.html"]

    # A re-run skips what is stored; a copy at a new location is a duplicate with its location kept.
    shutil.copy(EXAMPLES / "ceasefire-calls.txt", pages / "again.txt")
    second = _json(cli("ingest", pages, "--db", db, "--json"))
    assert second["added"] == 0 and second["skipped"] == 3 and second["duplicates"] == 1
    assert len(_json(cli("articles", "--db", db, "--json"))) == 2


def _bad_inputs(root):
    """One file per kind of bad input the issue names, plus one good file."""
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.html").write_bytes(b"  \n\t\n")
    (bad / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    latin1 = ("Le ministre a déclaré à la presse que les négociations reprendraient à Genève. " * 20).encode("latin-1")
    (bad / "latin1.txt").write_bytes(b"Titre\n\n" + latin1)
    html_cp1252 = (
        '<html><head><meta charset="utf-8"><title>Café</title></head><body><article><p>'
        + "Le président a réaffirmé son soutien à l'accord signé à Moscou, a précisé l'Élysée. " * 10
        + "</p></article></body></html>"
    ).encode("cp1252")
    (bad / "wrong-charset.html").write_bytes(html_cp1252)
    whole = gzip.compress((EXAMPLES / "moscow-truce.html").read_bytes())
    (bad / "truncated.html.gz").write_bytes(whole[: len(whole) // 2])
    (bad / "no-article.html").write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/a'>News</a> <a href='/b'>Sport</a></nav>"
        "<footer>© 2020 Example</footer></body></html>",
        encoding="utf-8",
    )
    with open(bad / "huge.txt", "wb") as fh:  # 200 MB, sparse: costs no disk or time
        fh.truncate(200_000_000)
    shutil.copy(EXAMPLES / "ceasefire-calls.txt", bad / "good.txt")
    return bad


EXPECTED_REASONS = {
    "empty.txt": "empty input",
    "blank.html": "empty input",
    "image.png": "PNG image",
    "latin1.txt": "invalid UTF-8",
    "wrong-charset.html": "wrong declared charset",
    "truncated.html.gz": "truncated gzip",
    "no-article.html": "no article text",
    "huge.txt": "over the size cap",
    "missing.html": "no such file",
}


def test_bad_inputs_are_recorded_and_never_stop_the_batch(cli, db, tmp_path):
    bad = _bad_inputs(tmp_path)
    # the folder walk passes over the PNG; named explicitly, it is tried and fails
    result = cli("ingest", bad, bad / "missing.html", bad / "image.png", "--db", db)
    assert result.exit_code == 1
    # The end-of-run summary names every failed input and its reason.
    assert "1 article added" in result.output and "9 failures" in result.output
    assert "skipped 1 file that is not an article (1 × image (.png))" in result.output
    for name in EXPECTED_REASONS:
        assert name in result.output

    with Store(db) as store:
        failures = {os.path.basename(f["source"]): f for f in store.failures()}
        assert [a.title for a in store.articles()] == [
            "Ceasefire calls multiply as fighting over Nagorno-Karabakh enters its third week"
        ]
    assert set(failures) == set(EXPECTED_REASONS)
    for name, reason in EXPECTED_REASONS.items():
        assert reason in failures[name]["reason"], (name, failures[name]["reason"])
        assert failures[name]["stage"] == "ingest"


def test_bad_inputs_json_summary(cli, db, tmp_path):
    bad = _bad_inputs(tmp_path)
    result = cli("ingest", bad, "--db", db, "--json", "--max-bytes", "100000")
    assert result.exit_code == 1
    summary = _json(result)
    assert summary["added"] == 1 and summary["failed"] == 7
    assert [os.path.basename(f["source"]) for f in summary["not_articles"]] == ["image.png"]
    reasons = {os.path.basename(f["source"]): f["reason"] for f in summary["failures"]}
    assert "100,000" in reasons["huge.txt"]


def test_small_size_cap_applies_to_decompressed_gzip(cli, db, tmp_path):
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress((EXAMPLES / "moscow-truce.html").read_bytes()))
    assert page.stat().st_size < 3000
    summary = _json(cli("ingest", page, "--db", db, "--json", "--max-bytes", "3000"))
    assert summary["failed"] == 1 and "size cap" in summary["failures"][0]["reason"]


def test_declared_latin1_and_bom_are_decoded(cli, db, tmp_path):
    paragraph = "Le ministre a déclaré que les négociations reprendraient à Genève la semaine prochaine. " * 6
    html = f'<html><head><meta charset="iso-8859-1"><title>Négociations</title></head><body><article><p>{paragraph}</p></article></body></html>'
    (tmp_path / "latin1.html").write_bytes(html.encode("latin-1"))
    (tmp_path / "bom.txt").write_bytes("\ufeffTitre\n\n".encode("utf-8") + ("Déclaration du ministère. " * 10).encode("utf-8"))
    summary = _json(cli("ingest", tmp_path / "latin1.html", tmp_path / "bom.txt", "--db", db, "--json"))
    assert summary["failed"] == 0 and summary["added"] == 2
    with Store(db) as store:
        bodies = [a.body for a in store.articles()]
    assert any("déclaré que les négociations" in b for b in bodies)
    assert any(b.startswith("Déclaration du ministère.") for b in bodies)


def test_missing_url_list_is_a_recorded_failure(cli, db, tmp_path):
    result = cli("ingest", EXAMPLES, "--urls", tmp_path / "nope.txt", "--db", db, "--json")
    summary = _json(result)
    assert result.exit_code == 1 and summary["added"] == len(EXAMPLE_FILES)
    assert summary["failures"] == [{"source": str(tmp_path / "nope.txt"), "reason": "cannot read URL list: No such file or directory"}]


def test_no_sources_is_a_usage_error(cli, db):
    result = cli("ingest", "--db", db)
    assert result.exit_code == 2 and "at least one source" in result.output


def test_store_file_is_plain_duckdb(cli, db):
    cli("ingest", EXAMPLES, "--db", db, "--quiet")
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(EXAMPLE_FILES)
        assert con.execute("SELECT count(*) FROM article_sources").fetchone()[0] == len(EXAMPLE_FILES)
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("flag", ["--quiet", "-q"])
def test_quiet_prints_nothing_on_success(cli, db, flag):
    result = cli("ingest", EXAMPLES, "--db", db, flag)
    assert result.exit_code == 0 and result.output.strip() == ""
