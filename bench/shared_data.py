"""The `../shared` data the benchmarks read, without the files kept for blind evaluation.

The reserved list is `corpus/splits.yaml`'s `reserved:` (tests/conftest.py reads the same).
"""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


def reserved(corpus: str = "conflict-news") -> frozenset[str]:
    """File stems of one corpus that nothing may read."""
    splits = yaml.safe_load((REPO / "corpus" / "splits.yaml").read_text(encoding="utf-8"))
    return frozenset(str(n) for n in (splits.get("reserved") or {}).get(corpus, []))


def unreserved_articles(corpus: str = "conflict-news") -> list[Path]:
    """The corpus's article files a benchmark may read, in name order."""
    skip = reserved(corpus)
    return [p for p in sorted((SHARED / corpus / "articles").glob("*.txt")) if p.stem not in skip]
