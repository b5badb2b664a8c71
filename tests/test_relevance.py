"""Parse only what can matter: with --conflict, articles that never name the conflict are
stored but not parsed, and no on-topic statement is lost against a full parse."""

from __future__ import annotations

import re

import pytest

from crawl_inputs import mixed_crawl, stored
from stancemap.store.db import Store

CONFLICT = "armenia-azerbaijan"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    return mixed_crawl(tmp_path_factory.mktemp("crawl"), karabakh=10, pages=14)


@pytest.fixture(scope="module")
def runs(crawl, tmp_path_factory):
    """The crawl analysed with the relevance test (default) and with --all (a full parse)."""
    from typer.testing import CliRunner

    from stancemap.cli import app

    out = {}
    for name, extra in (("filtered", []), ("full", ["--all"])):
        db = tmp_path_factory.mktemp(name) / "run.duckdb"
        result = CliRunner().invoke(app, ["analyze", str(crawl), "--conflict", CONFLICT, "--db", str(db), *extra],
                                    catch_exceptions=False)
        out[name] = (db, result)
    return out


def test_articles_that_never_name_the_conflict_are_not_parsed_and_the_summary_says_so(runs):
    db, result = runs["filtered"]
    skipped = re.search(r"(\d+) articles never name the conflict and were not parsed", " ".join(result.stderr.split()))
    assert skipped, result.stderr
    with Store(db, read_only=True) as store:
        articles = [a.id for a in store.articles()]
        unparsed = store.unextracted(articles)
    assert int(skipped[1]) == len(unparsed) > 0
    assert len(unparsed) < len(articles)
    full_db, _ = runs["full"]
    with Store(full_db, read_only=True) as store:
        assert store.unextracted(articles) == []


def test_no_on_topic_statement_is_lost_against_a_full_parse(runs):
    filtered, full = stored(runs["filtered"][0]), stored(runs["full"][0])
    assert filtered["codings"], "the Karabakh articles have coded statements"
    assert filtered["codings"] == full["codings"]
    coded = {row[0] for row in full["codings"]}
    assert [s for s in filtered["statements"] if s[0] in coded] == [s for s in full["statements"] if s[0] in coded]


def test_a_later_run_with_all_parses_what_was_skipped(runs, crawl, cli):
    db, _ = runs["filtered"]
    result = cli("analyze", crawl, "--conflict", CONFLICT, "--db", db, "--all", "--quiet")
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        assert store.unextracted([a.id for a in store.articles()]) == []
    assert stored(db)["codings"] == stored(runs["full"][0])["codings"]


def test_every_letter_a_case_blind_regex_takes_for_an_ascii_one_lowers_to_it_or_is_searched_in_full():
    """The substring search before `named_in`'s regexes lowers the text with str.lower(): sound
    only if every character the regexes match to an ASCII letter lowers to that letter, one
    character for one, or is among those that send the text to the regexes alone."""
    import sys

    from stancemap.stance.conflicts import _FOLDS_APART

    letter = re.compile("[a-z]", re.IGNORECASE)
    apart = set()
    for cp in range(128, sys.maxunicode + 1):
        c = chr(cp)
        if letter.fullmatch(c) and not (len(c.lower()) == 1 and c.lower().isascii()):
            apart.add(c)
    assert apart <= set(_FOLDS_APART)
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if len(c.lower()) != 1] == ["\u0130"]


@pytest.mark.parametrize("conflict", ["armenia-azerbaijan", "syria", "russia-ukraine", "israel-hamas"])
def test_the_substring_search_never_turns_away_a_text_the_regexes_find(conflict):
    """On news that names the conflicts and news that does not (the conflict-news articles and
    the pages of the extraction benchmark, as the crawl test reads them), and on names written
    with the letters a case-blind regex matches but str.lower() does not turn into ASCII."""
    import gzip

    from conftest import shared_path, unreserved_conflict_news
    from stancemap.ingest.html import extract_html
    from stancemap.stance.conflicts import resolve_conflict

    spec = resolve_conflict(conflict)
    texts = [p.read_text(encoding="utf-8") for p in unreserved_conflict_news()[:60]]
    for page in sorted(shared_path("data", "article-extraction-benchmark", "html").glob("*.html.gz"))[:40]:
        article = extract_html(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))
        texts.append(f"{article.title or ''}\n{article.body}")
    texts += ["Talks on NAGORNO-\u212aARABAKH resumed.", "ILHAM AL\u0130YEV spoke.", "The \u017fyrian army advanced.",
              "A Kyiv\u0131 report.", "President Ilham\u00a0Aliyev said", "Nothing here at all."]

    def regexes(text: str) -> bool:
        return bool((spec._topic_regex is not None and spec._topic_regex.search(text))
                    or any(rx.search(text) for _, rx in spec._mention_regex))

    found = [spec.named_in(t) for t in texts]
    assert found == [regexes(t) for t in texts]
    assert any(found) and not all(found)
