"""Every real page of the extraction benchmark (181 sites, several languages and charsets) goes
through the real CLI into a real store without a single failure, with title and date."""

from __future__ import annotations

import json

from conftest import shared_path


def test_extraction_benchmark_pages_ingest_without_failures(cli, db):
    pages = shared_path("data", "article-extraction-benchmark", "html")
    result = cli("ingest", pages, "--db", db, "--json")
    summary = json.loads(result.stdout)
    assert result.exit_code == 0, summary["failures"]
    assert summary["added"] == len(list(pages.glob("*.html.gz")))
    rows = json.loads(cli("articles", "--db", db, "--json").stdout)
    assert all(row["title"] and row["published"] and row["language"] for row in rows)
    assert sum(row["language"] == "en" for row in rows) > 0.8 * len(rows)
    assert sum(bool(row["publisher"]) for row in rows) > 0.9 * len(rows)
