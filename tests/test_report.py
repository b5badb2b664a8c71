"""Reports from a real store built from the seed's gold records: JSON, Markdown, terminal, HTML."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from rich.console import Console

from conftest import shared_path
from gold_records import CONFLICT, gold_records
from stancemap.analysis import analyze_records, analyze_store
from stancemap.analysis.timeline import UNDATED, period_of
from stancemap.records import Actor, Article, Coding, DateSaid, SideStance, Statement
from stancemap.report import print_report, render_html, render_markdown
from stancemap.store.db import Store

HOSTILE = 'He said "<script>alert(1)</script> & <img src=x onerror=alert(2)>" at the <b>summit</b>.'


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    """A real DuckDB file holding the seed's annotated statements, codings and actors."""
    statements, codings, actors, articles, _ = gold_records(shared_path("gold", "seed.yaml"))
    ref = articles[statements[0].article_id]
    article = Article(body=shared_path("seed", "000_b1cc76adf05f4c39.txt").read_text("utf-8"), title=ref.title, url=ref.url)
    assert article.id == ref.id
    path = tmp_path_factory.mktemp("report") / "seed.duckdb"
    with Store(path) as store:
        store.add_article(article)
        store.replace_statements(statements[0].article_id, statements)
        store.replace_codings(CONFLICT, codings)
        store.upsert_actors(actors)
    return path


@pytest.fixture(scope="module")
def result(seed_db):
    with Store(seed_db, read_only=True) as store:
        return analyze_store(store, CONFLICT)


def test_report_json_to_stdout_has_the_documented_shape(seed_db, cli):
    out = cli("report", "--db", seed_db, "--conflict", CONFLICT, "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["conflict"] == CONFLICT and data["sides"] == ["Armenia", "Azerbaijan"]
    assert {"actor", "camp", "statements", "stance"} <= set(data["actors"][0])
    assert {"name", "members", "stance"} <= set(data["camps"][0])
    assert {f["kind"] for f in data["findings"]} == {"divergence", "shift", "background"}
    for f in data["findings"]:
        assert isinstance(f["text"], str)
        assert all({"article", "sentence", "date"} <= set(e) for e in f["evidence"])


def test_report_defaults_to_the_only_coded_conflict_and_prints_tables(seed_db, cli):
    out = cli("report", "--db", seed_db)
    assert out.exit_code == 0, out.output
    assert "Camps on armenia-azerbaijan" in out.stdout
    assert "Supreme Leader's circle" in out.stdout and "Divergences (1)" in out.stdout


def test_report_writes_files(seed_db, cli, tmp_path):
    md, html, js = tmp_path / "r.md", tmp_path / "sub" / "r.html", tmp_path / "r.json"
    out = cli("report", "--db", seed_db, "--md", md, "--html", html, "--json-file", js, "--period", "month", "--quiet")
    assert out.exit_code == 0, out.output
    assert "Camps on armenia-azerbaijan" in out.stdout  # --quiet hides status, never the result
    assert "wrote" not in out.stdout
    assert md.read_text("utf-8").startswith("# Stance report")
    assert json.loads(js.read_text("utf-8"))["period"] == "month"
    assert html.read_text("utf-8").lstrip().startswith("<!DOCTYPE html>")


def test_markdown_lists_findings_with_their_evidence(result):
    md = render_markdown(result)
    divergence = md.split("## Divergences")[1].split("## Shifts")[0]
    assert "Supreme Leader's circle" in divergence
    assert "Muhammad Javad Zarif" in divergence and "calls for an immediate end to hostilities" in divergence
    background = md.split("## Background")[1]
    assert "1993" in background and "1994" in background and "2019" in background
    assert "| Iran / Government |" in md


def test_terminal_report_shows_camps_actors_findings_and_summary(result):
    console = Console(record=True, width=200)
    print_report(result, console)
    text = console.export_text()
    for expected in ("Camps on", "Actors", "Divergences (1)", "Shifts", "Background (3)", "Summary",
                     "Iran / Supreme Leader's circle", "Ali Akbar Velayati"):
        assert expected in text


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _hostile_result():
    text = HOSTILE
    s = Statement("evil", "Mallory <x>", "He", "test", "said", text, 0, len(text),
                  quote=text[9:-16], quote_start=9, quote_end=len(text) - 16, date=DateSaid("2021-01-02", "day"),
                  cue_spans=[(3, 7)], source_spans=[(0, 2)])
    c = Coding(s.id, "c", stance={"North": SideStance("support", 0.9, "x")})
    return analyze_records([s], [c], "c", ["North"], [Actor("Mallory <x>", country="Ruritania")])


def test_html_escapes_all_article_text_and_marks_speaker_cue_and_quote():
    html = render_html(_hostile_result())
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>summit" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    parser = _Collector()
    parser.feed(html)
    assert not [a for t, a in parser.tags if t == "img"]
    scripts = [t for t, _ in parser.tags if t == "script"]
    assert len(scripts) == 1  # ours, inline
    assert re.search(r'<mark class="speaker">He</mark> <mark class="cue">said</mark>', html)
    assert '<mark class="quote">&lt;script&gt;' in html


def test_html_is_self_contained(result):
    html = render_html(result)
    parser = _Collector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert not (tag in ("script", "img", "iframe") and attrs.get("src")), (tag, attrs)
        assert not (tag == "link" and attrs.get("rel") == "stylesheet"), attrs
    assert "@import" not in html and "url(http" not in html
    assert html.count("<svg") >= 2  # one chart per camp with coded statements
    assert html.count('class="statement"') == len(result.rows)
    assert 'href="https://vestnikkavkaza.net/' in html  # links back to the article


def test_a_report_of_an_empty_store_says_so(tmp_path, cli):
    db = tmp_path / "empty.duckdb"
    Store(db).close()
    out = cli("report", "--db", db)
    assert out.exit_code == 2 and "nothing is coded yet" in out.output
    out = cli("report", "--db", db, "--conflict", CONFLICT, "--json")
    assert out.exit_code == 1 and out.stdout == ""
    assert f"nothing is coded for {CONFLICT}" in out.output and f"stancemap code --conflict {CONFLICT}" in out.output
    assert "<svg" not in render_html(analyze_records([], [], CONFLICT, ["Armenia", "Azerbaijan"]))


def _charts(html: str) -> set[str]:
    return {unescape(name) for name in re.findall(r'<figure class="chart" id="chart-[^"]+"><h3>([^<]*)</h3>', html)}


def test_a_chart_is_drawn_only_for_a_camp_with_a_dated_statement_that_takes_a_stance(result):
    html = render_html(result)
    charted = _charts(html)
    assert charted == {"Iran / Government", "Iran / Supreme Leader's circle"}
    for camp in result.camps():
        dated = [
            r for r in result.current
            if r.camp.label == camp.name and len(period_of(r, result.period)) > 4 and period_of(r, result.period) != UNDATED
            and any(r.label(side) for side in result.sides)
        ]
        assert (camp.name in charted) == bool(dated), camp.name
    assert "1 camp with no dated statement that takes a stance gets no chart" in html


def test_a_large_undated_corpus_charts_only_its_dated_camps_ranks_actors_and_closes_evidence(conflict_news_db, cli, tmp_path):
    """Conflict-news pages have no publication date; only a few statements are dated at all (a
    briefing's or a speech's title gives its day): the camps of those get a chart, no other camp
    gets a chart of lone "undated" dots."""
    page = tmp_path / "cn.html"
    assert cli("report", "--db", conflict_news_db, "--html", page, "--quiet").exit_code == 0
    html = page.read_text("utf-8")
    charts = html.count('<svg class="timeline-chart"')
    left_out = re.search(r"(\d+) camps with no dated statement that takes a stance get no chart", html)
    assert left_out and int(left_out.group(1)) >= 10 * max(charts, 1)
    data = json.loads(cli("report", "--db", conflict_news_db, "--json").stdout)
    assert len(data["actors"]) > 100
    ranked = [(a["coded"], a["statements"]) for a in data["actors"]]
    assert ranked == sorted(ranked, reverse=True)  # the actors that matter first
    box = html.split('<div class="table-box" id="actors-table"')[1].split("</table>")[0]
    assert box.startswith(' data-limit="30"')
    names = [unescape(n) for n in re.findall(r'<tr data-search="[^"]*"><td class="num" data-v="\d+">\d+</td><td>([^<]*)</td>', box)]
    assert names == [a["actor"] for a in data["actors"]]  # every actor is in the page, in rank order
    evidence = html.split('<section id="evidence">')[1]
    groups = re.findall(r'<details class="camp-group" id="camp-[^"]*"( open)?>', evidence)
    assert len(groups) >= len(data["camps"])  # one per camp (and per group of background statements)
    assert groups and not any(groups)  # a corpus this size starts with its groups closed


def test_undated_news_gets_no_chart_and_says_why(cli, tmp_path):
    """Three undated conflict-news reports (no title dating a speech among them): not one chart of
    lone "undated" dots, and the page says why there is no timeline."""
    from conftest import unreserved_conflict_news

    files = [p for p in unreserved_conflict_news() if p.stem in {"005", "009", "010"}]
    db, page = tmp_path / "u.duckdb", tmp_path / "u.html"
    assert cli("analyze", *map(str, files), "--conflict", "armenia-azerbaijan", "--db", db, "--quiet").exit_code == 0
    assert cli("report", "--db", db, "--html", page, "--quiet").exit_code == 0
    html = page.read_text("utf-8")
    assert "<svg" not in html
    assert "No camp has a dated statement with a stance, so there is no timeline to draw" in html
    m = re.search(r"; (\d+) of (\d+) articles have no publication date", html)
    assert m and m.group(1) == m.group(2) == "3"
