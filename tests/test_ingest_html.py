"""HTML pages (metadata, news cleanup), charset decoding and content sniffing, on pages written here
and on real pages of the extraction benchmark."""

from __future__ import annotations

import gzip
import json

import pytest

from conftest import EXAMPLES, shared_path
from stancemap.ingest.decode import decode
from stancemap.ingest.detect import gunzip, sniff
from stancemap.ingest.errors import IngestError
from stancemap.ingest.html import extract_html, html_to_text, news_cleanup
from stancemap.ingest.language import detect_language


def test_example_page_metadata_and_clean_body():
    html = (EXAMPLES / "moscow-truce.html").read_text(encoding="utf-8")
    article = extract_html(html, source="moscow-truce.html")
    assert article.title == "Armenia and Azerbaijan agree humanitarian truce after Moscow talks"
    assert article.published == "2020-10-10T09:45"  # the time comes from article:published_time
    assert article.publisher == "The Caspian Ledger"
    assert article.url == "https://caspian-ledger.example/world/2020/10/10/moscow-humanitarian-truce"
    assert article.authors == ["Mariam Hovsepyan"]
    assert {"Nagorno-Karabakh", "Russia"} <= set(article.tags)
    assert article.language == "en" and article.format == "html"
    # The headline is metadata, not the first paragraph; related lists and newsletter boxes are gone.
    assert article.body.startswith("Armenia and Azerbaijan agreed on Saturday")
    assert "Related coverage" not in article.body and "Sign up" not in article.body
    assert '"This must now lead to a lasting cessation of hostilities," he wrote on Twitter.' in article.body


def test_page_without_an_article_is_refused():
    html = "<html><head><title>Index</title></head><body><ul><li><a href='/a'>A</a></li></ul></body></html>"
    with pytest.raises(IngestError, match="no article text"):
        extract_html(html)


def test_news_cleanup_drops_furniture_by_shape_and_keeps_prose():
    body = "\n".join(
        [
            "Minister resigns over budget row",
            "The finance minister resigned on Tuesday after parliament rejected the budget.",
            "RELATED: Coalition talks collapse",
            "Sign up for our morning newsletter and get the news in your inbox.",
            "Photo: Agency staff",
            "The prime minister said he would name a successor within a week.",
            "More from our site",
            "Opposition wins regional vote",
            "Markets steady as bond yields fall",
            "Analysts said the resignation had been expected for weeks.",
            "© 2024 Example Media. All rights reserved.",
            "2024-03-05T10:22:00+01:00",
        ]
    )
    trace: list[tuple[str, str]] = []
    cleaned = news_cleanup(body, title="Minister resigns over budget row | Example Media", trace=trace)
    assert cleaned.split("\n") == [
        "The finance minister resigned on Tuesday after parliament rejected the budget.",
        "The prime minister said he would name a successor within a week.",
        "Analysts said the resignation had been expected for weeks.",
    ]
    assert {rule for rule, _ in trace} == {"heading", "promo", "list-header", "list-item", "bare"}


def test_news_cleanup_keeps_a_lede_that_repeats_the_description():
    lede = "The finance minister resigned on Tuesday after parliament rejected the budget."
    assert news_cleanup(lede + "\nMore text follows here in a sentence.", title="Other", description=lede).startswith(lede)


def test_feed_fragment_to_text():
    assert html_to_text("<p>One <b>bold</b> line.</p><p>Two</p><script>x()</script>") == "One bold line.\n\nTwo"


# --- decoding -----------------------------------------------------------------------------------


def test_decode_prefers_utf8_then_declared_charset():
    assert decode("Genève".encode("utf-8")) == ("Genève", "utf-8")
    cp1251 = '<meta charset="windows-1251"><p>Москва</p>'.encode("cp1251")
    assert decode(cp1251)[0].endswith("Москва</p>")
    assert decode("Москва".encode("koi8-r"), content_type="text/html; charset=KOI8-R")[0] == "Москва"


def test_decode_keeps_the_bom_so_offsets_stay_file_offsets():
    text, encoding = decode(b"\xef\xbb\xbfTitle\n\nBody")
    assert text == "\ufeffTitle\n\nBody" and encoding == "utf-8"
    assert decode("Hé".encode("utf-16"))[0].endswith("Hé")


def test_decode_tolerates_a_stray_byte_but_refuses_a_wrong_charset():
    page = ("A long and ordinary paragraph of text. " * 100).encode() + b"\xff" + b" end."
    text, _ = decode(page)
    assert "\ufffd" in text
    with pytest.raises(IngestError, match="invalid UTF-8 and no charset declared"):
        decode(("Déclaration à la presse. " * 20).encode("latin-1"))
    with pytest.raises(IngestError, match="the page says utf-8"):
        decode(('<meta charset="utf-8">' + "Éléments décisifs. " * 20).encode("latin-1"))
    with pytest.raises(IngestError, match="neither in the declared euc_kr"):
        decode(('<meta charset="euc-kr">' + "Éléments décisifs. " * 20).encode("latin-1"))


# --- sniffing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, name, kind",
    [
        (b"", "a.html", "empty"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x.bin", "warc"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel>', "feed", "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>', "f.txt", "feed"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt", "html"),
        (b"Title\n\nBody text of an article.", "page.html", "html"),  # no markup: the extension breaks the tie
        (b"Title\n\nBody text of an article.", "page", "text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt", "binary"),
    ],
)
def test_sniff(data, name, kind):
    assert sniff(data, name) == kind


def test_gunzip_refuses_truncated_streams_and_bombs():
    data = gzip.compress(b"x" * 100_000)
    assert gunzip(data, 200_000) == b"x" * 100_000
    assert gunzip(data + gzip.compress(b"y"), 200_000).endswith(b"y")  # several members
    with pytest.raises(IngestError, match="truncated gzip"):
        gunzip(data[:-10], 200_000)
    with pytest.raises(IngestError, match="size cap"):
        gunzip(data, 50_000)


def test_language_detection():
    assert detect_language("The minister said that the talks would resume in Geneva on Monday after the break.") == "en"
    assert detect_language("Der Minister sagte, dass die Gespräche am Montag in Genf wieder aufgenommen werden.") == "de"
    assert detect_language("short", declared="fr-FR") == "fr"


def test_benchmark_pages_extract_metadata_and_body():
    data = shared_path("data", "article-extraction-benchmark")
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:12]
    extracted = 0
    for key in keys:
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        text, _ = decode(raw)
        article = extract_html(text, url=truth[key]["url"])
        assert article.title and article.body
        first_words = " ".join(truth[key]["articleBody"].split()[:6])
        extracted += first_words in " ".join(article.body.split())
    assert extracted >= 9
