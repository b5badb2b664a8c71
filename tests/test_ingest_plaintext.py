"""Plain-text articles keep the file's characters: body is a verbatim slice of raw_text, so annotation
offsets into the input (PolNeAR's brat spans) map onto the body through body_offset."""

from __future__ import annotations

import re

import pytest

from conftest import shared_path, unreserved_conflict_news
from stancemap.ingest.errors import IngestError
from stancemap.ingest.plaintext import extract_plaintext
from stancemap.store.db import Store


def test_title_blank_line_body_is_a_verbatim_slice():
    text = "\n  Talks resume in Geneva; \n\nThe envoy said on Monday that talks would resume.\nA second line.  \n\n"
    article = extract_plaintext(text, source="t.txt")
    assert article.title == "Talks resume in Geneva"
    assert article.body == "The envoy said on Monday that talks would resume.\nA second line."
    assert article.raw_text[article.body_offset : article.body_offset + len(article.body)] == article.body
    assert article.format == "text"


def test_text_without_body_is_refused():
    with pytest.raises(IngestError, match="no article text"):
        extract_plaintext("Only a title line\n\n")


def test_polnear_dev_ingests_verbatim_and_annotation_offsets_map_onto_the_body(cli, db):
    dev = shared_path("data", "polnear", "dev")
    result = cli("ingest", dev / "text", "--db", db, "--quiet")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        articles = {}
        for article in store.articles():
            for location in store.sources(article.id):
                articles[location.rsplit("/", 1)[-1]] = article
    files = sorted((dev / "text").glob("*.txt"))
    assert len(articles) == len(files)
    mapped = 0
    for path in files:
        article = articles[path.name]
        raw = path.read_bytes().decode("utf-8")
        assert article.format == "text" and article.raw_text == raw
        assert article.title == raw.split("\n", 1)[0].strip().rstrip(" ;")
        start = article.body_offset
        assert raw[start : start + len(article.body)] == article.body
        ann = sorted((dev / "attributions").glob(f"{path.stem}_*.ann"))
        if not ann:
            continue
        for line in ann[0].read_text(encoding="utf-8").splitlines():
            m = re.match(r"T\d+\t\w+ (\d+) (\d+)\t(.*)", line)  # continuous spans
            if not m:
                continue
            begin, end, text = int(m[1]), int(m[2]), m[3]
            assert raw[begin:end] == text
            if begin >= start:
                assert article.body[begin - start : end - start] == text
                mapped += 1
    assert mapped > 1000


def test_conflict_news_titles_and_bodies(cli, db):
    sample = unreserved_conflict_news()[:20]
    result = cli("ingest", *sample, "--db", db, "--json")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        stored = {store.sources(a.id)[0].rsplit("/", 1)[-1]: a for a in store.articles()}
    for path in sample:
        raw = path.read_text(encoding="utf-8")
        title, _, _ = raw.partition("\n")
        article = stored[path.name]
        assert article.title == title.strip()
        assert article.raw_text[article.body_offset :].startswith(article.body)
        assert article.body.strip() == raw.partition("\n")[2].strip()
        assert article.language == "en"


def test_a_first_sentence_is_not_mistaken_for_a_title():
    text = "The minister said on Monday that the talks would resume in Geneva next week.\nHe added that nothing was agreed.\n"
    article = extract_plaintext(text)
    assert article.title is None and article.body == text.strip() and article.body_offset == 0
