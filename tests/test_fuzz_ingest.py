"""A bounded fuzz target over ingest's sniffing, decoding and extraction (issue 16).

Property: whatever the bytes, reading them either gives an article (a non-empty body, an
http(s) URL or none) or raises IngestError with a reason; nothing else escapes, and the
size cap holds after decompression. Inputs are built from the shapes ingest meets
(HTML, text dumps, feeds, WARC headers, gzip, BOMs, declared charsets) mixed with noise.

The examples at the top are the crashes the fuzzer (and the hostile-input probes) found,
kept as regression cases. Run longer locally with FUZZ_EXAMPLES=5000.
"""

from __future__ import annotations

import gzip
import io
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stancemap.ingest.decode import decode, wide_without_bom
from stancemap.ingest.detect import maybe_gunzip, sniff
from stancemap.ingest.errors import IngestError
from stancemap.ingest.feeds import parse_feed
from stancemap.ingest.sources import read_document
from stancemap.ingest.warc import iter_pages

MAX_BYTES = 200_000
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))

FRAGMENTS = [
    b"<!DOCTYPE html>", b"<html lang='en'>", b"<head>", b"<meta charset='utf-8'>", b"<meta charset='windows-1251'>",
    b"<meta charset='x-bogus'>", b"<title>", b"</title>", b"<body>", b"<article>", b"<p>", b"</p>", b"<div>" * 50,
    b"<script>alert(1)</script>", b"<link rel='canonical' href='javascript:alert(1)'>", b"<a href='http://[x'>", b"</html>",
    b"<?xml version='1.0' encoding='utf-8'?>", b"<rss version='2.0'><channel>", b"<item><link>javascript:x</link>",
    b"<title>T</title></item>", b"</channel></rss>", b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<entry>",
    b"WARC/1.0\r\n", b"WARC-Type: response\r\n", b"Content-Length: 99999999\r\n", b"\r\n",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x1b[2J", b"\x00", b"\xe9", b"\xc3\xa9",
    "Foreign Minister Zarif said on 5 October that talks must resume. ".encode(),
    "🕒 9 Oct in 14:20 📌 Politics\n".encode(), b"(upload/2020-10-09/x.jpg)\n", b"[Share](https://t.me/share/url?url=http://[)\n",
    b"https://twitter.com/intent/tweet?text=A%20title%20|%20Site&url=https%3A%2F%2Fsite.example%2Fa\n",
    b"#tag #news\n", b"Views: 1234\n", b"\n\n", b"Title line\n\n", "Ж".encode("koi8-r") * 20, "ä".encode("utf-16-le") * 20,
]

chunks = st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=64), st.text(max_size=64).map(lambda t: t.encode("utf-8", "surrogatepass")))
documents = st.lists(chunks, max_size=40).map(b"".join)
wrapped = st.one_of(
    documents,
    documents.map(gzip.compress),
    documents.map(lambda d: gzip.compress(gzip.compress(d))),
    documents.map(lambda d: gzip.compress(d)[: max(1, len(gzip.compress(d)) // 2)]),  # truncated gzip
)


def _read(data: bytes, name: str = "input") -> None:
    """What ingest does with one payload, minus the store."""
    data = wide_without_bom(maybe_gunzip(data, MAX_BYTES))
    assert len(data) <= 2 * MAX_BYTES  # UTF-16 as UTF-8 may grow
    kind = sniff(data, name)
    assert kind in ("warc", "feed", "html", "text", "binary", "empty")
    if kind in ("empty", "binary"):
        return
    if kind == "warc":
        for page in iter_pages(io.BytesIO(data), MAX_BYTES):
            assert page.data is None or len(page.data) <= MAX_BYTES
        return
    if kind == "feed":
        for entry in parse_feed(data, "https://wire.example/"):
            assert entry.link is None or isinstance(entry.link, str)
        return
    text, encoding = decode(data)
    assert isinstance(text, str) and encoding
    for as_kind in dict.fromkeys([kind, "text", "html"]):  # also the extractor sniffing did not choose
        try:
            article = read_document(data, name, kind=as_kind)
        except IngestError:
            continue
        assert article.body.strip()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=wrapped, name=st.sampled_from(["page.html", "dump.txt", "feed.xml", "x"]))
# crashes found so far, kept as regression cases
@example(data=("🕒 9 Oct in 14:20\n\nTitle **bold**\n\n" + "Zarif said on October 5, 2020 that talks must resume "
               "https://evil.example]x now.\n" * 3).encode(), name="dump.txt")  # urlsplit raised "Invalid IPv6 URL"
@example(data=b"<rss><channel><link>http://[x</link><item><link>a</link><title>t</title></item></channel></rss>", name="feed.xml")
@example(data=b"\x1f\x8b", name="x")
@example(data=b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nab", name="x")
def test_reading_any_bytes_gives_an_article_or_a_reason(data: bytes, name: str) -> None:
    try:
        _read(data, name)
    except IngestError as exc:
        assert str(exc)  # a reason a user can read
