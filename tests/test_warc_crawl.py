"""A crawl's WARC: the records that are not pages (requests, metadata, errors, images) are
skipped and counted, and the pages are read one record at a time (issue 17)."""

from __future__ import annotations

import json
import sys

from conftest import REPO, shared_path, unreserved_conflict_news

sys.path.insert(0, str(REPO / "bench"))
from crawl import off_topic, write_warc  # noqa: E402  the benchmark's own crawl builder


def test_records_that_are_not_pages_are_skipped_and_counted(cli, db, tmp_path):
    shared_path("data", "article-extraction-benchmark")
    docs = [(f"karabakh/{p.name}", "text/plain; charset=utf-8", p.read_bytes()) for p in unreserved_conflict_news()[:3]]
    docs += [d for d in off_topic() if d[0].startswith("pages/")][:3]
    warc = tmp_path / "crawl.warc.gz"
    written = write_warc(warc, 1, docs)
    assert written["responses"] == 6 and written["not_found"] == written["images"] == 1
    result = cli("ingest", warc, "--db", db, "--json")
    summary = json.loads(result.stdout)
    assert summary["added"] == 6, summary["failures"]
    assert summary["warc_records_skipped"] == {
        "not a response record": written["requests"] + written["metadata"],
        "not a 2xx response": 1,
        "not an HTML or text response": 1,
    }
    said = " ".join(cli("ingest", warc, "--db", tmp_path / "again.duckdb").stderr.split())
    assert "skipped 9 WARC records that are not a page: 7 not a response record" in said
