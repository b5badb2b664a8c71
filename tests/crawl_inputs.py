"""Real inputs for the scale tests, built in a temporary folder from ../shared, and what a
finished store holds, for comparing two runs row by row."""

from __future__ import annotations

import gzip
from pathlib import Path

from conftest import shared_path, unreserved_conflict_news
from stancemap.store.db import Store


def mixed_crawl(root: Path, karabakh: int, pages: int) -> Path:
    """A folder of Karabakh articles (conflict-news) and news pages of the extraction
    benchmark, which are about other things: the shape of a crawl on a small scale."""
    root.mkdir(parents=True, exist_ok=True)
    for path in unreserved_conflict_news()[:karabakh]:
        (root / path.name).write_bytes(path.read_bytes())
    for path in sorted(shared_path("data", "article-extraction-benchmark", "html").glob("*.html.gz"))[:pages]:
        (root / path.name.removesuffix(".gz")).write_bytes(gzip.decompress(path.read_bytes()))
    return root


def stored(db: Path, conflict: str = "armenia-azerbaijan") -> dict[str, list[tuple]]:
    """Everything a run decides, in a stable order: articles as read (all but when), where
    each was seen, statements, codings, actors, marks."""
    with Store(db, read_only=True) as store:
        q = store.con.execute
        return {
            "articles": q("SELECT * EXCLUDE (ingested_at) FROM articles ORDER BY id").fetchall(),
            "sources": q("SELECT article_id, location FROM article_sources ORDER BY ALL").fetchall(),
            "statements": q("SELECT * FROM statements ORDER BY id").fetchall(),
            "codings": q("SELECT statement_id, actions, targets, stance FROM codings WHERE conflict = ? "
                         "ORDER BY statement_id", [conflict]).fetchall(),
            "actors": q("SELECT * FROM actors ORDER BY id").fetchall(),
            "extracted": q("SELECT article_id FROM extracted ORDER BY article_id").fetchall(),
            "failures": q("SELECT source, stage, reason FROM failures ORDER BY ALL").fetchall(),
        }
