"""Pages that used to give quietly wrong results (issue 16): extreme nesting, a charset
declared wrong, UTF-16 without a byte order mark, a byte order mark in the title."""

from __future__ import annotations

import json

PARAGRAPH = "<p>" + "The foreign minister said on Monday that the ceasefire must hold and talks must resume. " * 10 + "</p>"
RUSSIAN = "Министр иностранных дел заявил, что переговоры о прекращении огня продолжатся в Москве. " * 8


def _ingest(cli, db, *paths):
    result = cli("ingest", *paths, "--db", db, "--json")
    summary = json.loads(result.stdout)
    return {a["source"].rsplit("/", 1)[-1]: a for a in summary["articles"]}, {
        f["source"].rsplit("/", 1)[-1]: f["reason"] for f in summary["failures"]}


def test_pages_nested_past_the_parser_keep_their_text(cli, db, tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text("<html><head><title>Deep</title></head><body>" + "<div>" * 100_000 + PARAGRAPH + "</div>" * 100_000
                    + "</body></html>", encoding="utf-8")
    spans = tmp_path / "spans.html"
    spans.write_text("<html><head><title>Spans</title></head><body>" + "<span><b>" * 2_000 + PARAGRAPH.replace("Monday", "Tuesday")
                     + "</b></span>" * 2_000 + "</body></html>", encoding="utf-8")
    articles, failures = _ingest(cli, db, deep, spans)
    assert failures == {}
    assert articles["deep.html"]["title"] == "Deep"
    from stancemap.store.db import Store

    with Store(db, read_only=True) as store:
        bodies = {a.title: a.body for a in store.articles()}
    assert bodies["Deep"].startswith("The foreign minister said on Monday") and len(bodies["Deep"]) > 800
    assert "Tuesday" in bodies["Spans"]


def test_a_cyrillic_page_in_another_charset_than_declared_is_refused_not_mojibake(cli, db, tmp_path):
    page = "<html><head><meta charset='{}'><title>Новости</title></head><body><p>" + RUSSIAN + "</p></body></html>"
    (tmp_path / "koi8-said-1251.html").write_bytes(page.format("windows-1251").encode("koi8-r"))
    (tmp_path / "right-1251.html").write_bytes(page.format("windows-1251").encode("cp1251"))
    (tmp_path / "right-koi8.html").write_bytes(page.format("koi8-r").encode("koi8-r"))
    articles, failures = _ingest(cli, db, *sorted(tmp_path.glob("*.html")))
    assert failures["koi8-said-1251.html"].startswith("wrong declared charset: the page says cp1251")
    assert "it reads as koi8-r" in failures["koi8-said-1251.html"]
    assert articles["right-1251.html"]["title"] == "Новости"
    # the same text from the right file is the same article: one added, one duplicate
    assert "right-koi8.html" not in articles or articles["right-koi8.html"]["title"] == "Новости"


def test_utf16_without_a_byte_order_mark_is_read_when_its_charset_is_declared(cli, db, tmp_path):
    html = "<html><head><meta charset='utf-16le'><title>Wide</title></head><body>" + PARAGRAPH + "</body></html>"
    (tmp_path / "declared.html").write_bytes(html.encode("utf-16-le"))
    (tmp_path / "undeclared.html").write_bytes(html.replace("<meta charset='utf-16le'>", "").replace("Monday", "Sunday")
                                               .encode("utf-16-le"))
    articles, failures = _ingest(cli, db, tmp_path / "declared.html", tmp_path / "undeclared.html")
    assert articles["declared.html"]["title"] == "Wide"
    assert failures == {"undeclared.html": "not a text or HTML page: looks like binary data"}  # never guessed


def test_a_byte_order_mark_stays_out_of_the_title(cli, db, tmp_path):
    text = "Title line\n\n" + "The foreign minister said that talks would continue in Geneva next week. " * 5
    (tmp_path / "bom16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "bom8.txt").write_bytes(text.replace("Geneva", "Vienna").encode("utf-8-sig"))
    articles, failures = _ingest(cli, db, tmp_path / "bom16.txt", tmp_path / "bom8.txt")
    assert failures == {}
    assert articles["bom16.txt"]["title"] == "Title line" and articles["bom8.txt"]["title"] == "Title line"
    from stancemap.store.db import Store

    with Store(db, read_only=True) as store:
        for article in store.articles():
            # the body is still a verbatim slice of the decoded file (offsets map back to the input)
            assert article.raw_text[article.body_offset: article.body_offset + len(article.body)] == article.body
