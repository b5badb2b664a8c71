"""`stancemap serve` over HTTP on 127.0.0.1: the API, corrections and their guards, the pages' escaping."""

from __future__ import annotations

import csv
import io
import json
import re

import httpx
import pytest

from serving import SECRET, Served
from stancemap.records import Article, Coding, DateSaid, SideStance, Statement
from stancemap.store.db import Store
from test_report import HOSTILE, _Collector

CONFLICT = "armenia-azerbaijan"
AUTH = {"Authorization": f"Bearer {SECRET}"}


@pytest.fixture(scope="module")
def served(examples_db, tmp_path_factory):
    s = Served(examples_db, tmp_path_factory.mktemp("serve") / "store.duckdb")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def client(served):
    with httpx.Client(base_url=served.url, timeout=30) as c:
        yield c


def _statements(client, **params) -> dict:
    r = client.get("/api/statements", params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    return r.json()


def test_filters_select_the_statements_they_name(client):
    everything = _statements(client)
    assert everything["conflict"] == CONFLICT and everything["total"] == len(everything["items"]) >= 30
    lavrov = _statements(client, actor="lavrov")["items"]
    assert lavrov and all("Lavrov" in r["speaker"] for r in lavrov)
    iran = _statements(client, camp="Iran / Parliament")["items"]
    assert iran and {r["camp"] for r in iran} == {"Iran / Parliament"}
    opposing = _statements(client, side="Armenia", stance="oppose")["items"]
    assert opposing and all(r["stance"]["Armenia"]["label"] == "oppose" for r in opposing)
    appeals = _statements(client, action="appeal_deescalation")["items"]
    assert appeals and all("appeal_deescalation" in r["actions"] for r in appeals)
    dispatch = _statements(client, outlet="caucasus dispatch")["items"]
    assert dispatch and {r["outlet"] for r in dispatch} == {"Caucasus Dispatch"}
    early = _statements(client, date_to="2020-10-01")["items"]
    assert early and all(r["date"] is None or r["date"] <= "2020-10-01" or "/" in r["date"] for r in early)
    assert len(early) < everything["total"]


def test_full_text_search_needs_every_word_and_can_search_the_articles(client):
    hits = _statements(client, q="halt fighting")["items"]
    assert hits and all("halt" in r["sentence"].lower() and "fighting" in r["sentence"].lower() for r in hits)
    assert _statements(client, q="halt zzzunseen")["total"] == 0
    in_articles = _statements(client, q="Karimi", scope="articles")
    in_statements = _statements(client, q="Karimi")
    assert in_articles["total"] > in_statements["total"]  # every statement of the article that names him


def test_pages_are_capped_and_paged(client):
    assert client.get("/api/statements", params={"limit": 501}).status_code == 422
    first, second = (_statements(client, limit=5, offset=o)["items"] for o in (0, 5))
    assert len(first) == 5 and not {r["id"] for r in first} & {r["id"] for r in second}


def test_the_download_holds_exactly_the_filtered_rows(client):
    wanted = _statements(client, side="Azerbaijan", stance="support")["items"]
    r = client.get("/api/statements.csv", params={"side": "Azerbaijan", "stance": "support"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["id"] for row in rows] == [w["id"] for w in wanted]
    assert all(row["stance_Azerbaijan"] == "support" for row in rows)
    as_json = client.get("/api/statements.json", params={"side": "Azerbaijan", "stance": "support"}).json()
    assert [row["id"] for row in as_json] == [w["id"] for w in wanted]


def test_a_correction_needs_the_token_and_keeps_the_machines_values(client, served):
    target = _statements(client, actor="Government of France")["items"][0]
    sid = target["id"]
    body = {"conflict": CONFLICT, "stance": {"Armenia": "oppose"}, "actions": ["criticize"], "note": "reads as a rebuke"}
    url = f"/api/statements/{sid}/correction"
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, json=body, headers={"Authorization": "Bearer not-the-token"}).status_code == 403
    assert client.post(url, json={**body, "stance": {"Mars": "oppose"}}, headers=AUTH).status_code == 400
    assert client.post(url, json={**body, "actions": ["invade"]}, headers=AUTH).status_code == 400
    made = client.post(url, json=body, headers=AUTH)
    assert made.status_code == 201, made.text
    assert made.json()["author"] == "tester" and made.json()["note"] == "reads as a rebuke"

    detail = client.get(f"/api/statements/{sid}").json()
    assert detail["machine"]["stance"]["Armenia"]["label"] == target["stance"]["Armenia"]["label"] == "neutral"
    assert detail["machine"]["actions"] == target["actions"]
    assert detail["corrected"]["stance"]["Armenia"]["label"] == "oppose"
    assert detail["corrected"]["actions"] == ["criticize"]
    assert [h["note"] for h in detail["history"]] == ["reads as a rebuke"]
    listed = next(r for r in _statements(client)["items"] if r["id"] == sid)
    assert listed["corrected"] and listed["stance"]["Armenia"]["label"] == "oppose"
    analysis = client.get(f"/api/conflicts/{CONFLICT}/analysis").json()
    assert set(analysis) >= {"conflict", "sides", "actors", "camps", "findings", "timeline", "summary"}
    # the machine's row is still in the store, untouched
    with _reader(served) as con:
        stance = json.loads(con.execute("SELECT stance FROM codings WHERE statement_id = ?", [sid]).fetchone()[0])
    assert stance["Armenia"]["label"] == "neutral"


class _reader:
    """The served store's connection (the server holds the file open), as a context manager."""

    def __init__(self, served):
        self.con = served.workbench.store.con.cursor()

    def __enter__(self):
        return self.con

    def __exit__(self, *exc):
        self.con.close()


def test_not_a_statement_takes_it_out_of_lists_and_analysis(client):
    before = _statements(client)
    sid = before["items"][-1]["id"]
    r = client.post(f"/api/statements/{sid}/correction", json={"not_statement": True, "note": "a headline"}, headers=AUTH)
    assert r.status_code == 201
    after = _statements(client)
    assert after["total"] == before["total"] - 1 and sid not in {x["id"] for x in after["items"]}
    detail = client.get(f"/api/statements/{sid}").json()
    assert detail["corrected"]["not_statement"] is True and detail["current"] is None


def test_request_bodies_and_hosts_are_guarded(client, served):
    sid = _statements(client, limit=1)["items"][0]["id"]
    big = {"note": "x" * 20_000, "speaker": "Someone"}
    assert client.post(f"/api/statements/{sid}/correction", json=big, headers=AUTH).status_code == 413
    rebound = client.get("/api/statements", headers={"Host": "attacker.example"})
    assert rebound.status_code == 400
    page = client.get(f"/conflicts/{CONFLICT}")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"


def test_a_server_without_token_is_read_only(examples_db, tmp_path):
    s = Served(examples_db, tmp_path / "ro.duckdb", tokens=None)
    try:
        with httpx.Client(base_url=s.url) as c:
            sid = c.get("/api/statements", params={"limit": 1}).json()["items"][0]["id"]
            r = c.post(f"/api/statements/{sid}/correction", json={"speaker": "X"}, headers=AUTH)
            assert r.status_code == 403 and "read-only" in r.json()["detail"]
            assert "Read-only" in c.get("/").text
    finally:
        s.stop()


def test_serving_on_another_address_without_a_token_says_it_is_read_only(cli, tmp_path):
    result = cli("serve", "--host", "0.0.0.0", "--db", tmp_path / "none.duckdb")
    assert result.exit_code == 2
    assert "without --token: read-only" in result.output and "no stancemap database here" in result.output


def test_a_server_with_a_token_does_not_create_a_store_where_there_is_none(cli, tmp_path):
    missing = tmp_path / "typo.duckdb"
    result = cli("serve", "--token", "ana:long-enough-secret", "--db", missing)
    assert result.exit_code == 2 and "no stancemap database here" in result.output
    assert not missing.exists()
    assert "shorter than 8" in cli("serve", "--token", "ana:short", "--db", missing).output


@pytest.fixture(scope="module")
def hostile_served(tmp_path_factory):
    """A store whose article, speaker and outlet carry markup."""
    body = "Intro line.\n" + HOSTILE + "\nMore text."
    article = Article(body=body, title="<i>Title</i> & more", publisher="<b>Outlet</b>", url="javascript:alert(3)",
                      published="2021-01-02")
    start = body.index(HOSTILE)
    s = Statement(article.id, "Mallory <x>", "He", "test", "said", HOSTILE, start, start + len(HOSTILE),
                  quote=HOSTILE[9:-16], quote_start=start + 9, quote_end=start + len(HOSTILE) - 16,
                  date=DateSaid("2021-01-02", "day"), cue_spans=[(start + 3, start + 7)], source_spans=[(start, start + 2)],
                  content_spans=[(start + 8, start + len(HOSTILE) - 16)])
    path = tmp_path_factory.mktemp("hostile") / "src.duckdb"
    with Store(path) as store:
        store.add_article(article)
        store.replace_statements(article.id, [s])
        store.replace_codings(CONFLICT, [Coding(s.id, CONFLICT, stance={"Armenia": SideStance("support", 0.9, "<u>x</u>")})])
    served = Served(path, path.with_name("served.duckdb"))
    yield served, s.id
    served.stop()


def test_pages_escape_all_article_text_as_the_report_does(hostile_served):
    served, sid = hostile_served
    with httpx.Client(base_url=served.url) as c:
        pages = {u: c.get(u).text for u in (f"/statements/{sid}", "/search", "/search?q=summit", f"/conflicts/{CONFLICT}",
                                            "/actors", "/actors/Mallory%20%3Cx%3E", "/network")}
    for url, html in pages.items():
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>summit" not in html, url
        assert "<b>Outlet" not in html and "<i>Title" not in html and "<x>" not in html, url
        parser = _Collector()
        parser.feed(html)
        assert not [a for t, a in parser.tags if t == "img"], url
        scripts = [a for t, a in parser.tags if t == "script"]
        assert scripts == [{"src": "/static/workbench.js", "defer": None}], url  # ours only, from this server
        assert 'href="javascript:' not in html, url
    page = pages[f"/statements/{sid}"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert re.search(r'<mark class="speaker">He</mark> <mark class="cue">said</mark>', page)
    assert re.search(r'<mark class="content quote">&lt;script&gt;', page)
