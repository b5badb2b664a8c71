"""The main job end to end: ingest -> extract -> code -> analyze, doing only the work not yet stored.

Sources already ingested are skipped, articles that already have statements
are not parsed again, statements already coded for the conflict are not
coded again; so re-running `stancemap analyze` on a grown folder only
processes what is new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..store.db import Store
from .analyze import analyze_store, conflict_sides
from .result import AnalysisResult

# progress(stage, done, total): stage is "ingest" (sources), "extract" (articles) or "code" (articles)
Progress = Callable[[str, int, int], None]


@dataclass
class RunSummary:
    """What the run did before analysing, for the end-of-run line and --json."""

    sources: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    extracted: int = 0
    coded: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def scope_ids(store: Store, ingest_summary: Any) -> list[str]:
    """The articles the given sources stand for: added, duplicates, and those stored by earlier runs."""
    ids = [a["id"] for a in ingest_summary.added] + [a["id"] for a in ingest_summary.duplicates]
    for location in ingest_summary.skipped:
        rows = store.con.execute("SELECT article_id FROM article_sources WHERE location = ?", [location]).fetchall()
        ids.extend(r[0] for r in rows)
    return list(dict.fromkeys(ids))


def _without_statements(store: Store, ids: list[str]) -> list[str]:
    if not ids:
        return []
    have = {
        r[0]
        for r in store.con.execute(
            "SELECT DISTINCT article_id FROM statements WHERE article_id IN (SELECT unnest(?))", [ids]
        ).fetchall()
    }
    return [i for i in ids if i not in have]


def code_articles(
    store: Store, conflict_id: str, conflict: str, ids: list[str], model: str | None = None,
    progress: Progress | None = None, batch_size: int = 64,
) -> int:
    """Code, for one conflict, the statements of these articles that are not coded for it yet.

    Sentences are parsed in batches with nlp.pipe (one call per sentence
    costs about twice as much) and handed to the stance coder with the
    statement, so nothing is parsed twice.
    """
    from ..nlp.pipeline import load
    from ..stance import get_coder
    from ..stance.conflicts import resolve_conflict

    coded = set(sid for (sid, _conf) in store.codings(conflict_id))
    wanted = set(ids)
    todo: dict[str, list] = {}
    for statement in store.statements():
        if statement.article_id in wanted and statement.id not in coded:
            todo.setdefault(statement.article_id, []).append(statement)
    if not todo:
        return 0
    nlp = load(model)
    coder = get_coder(None, nlp)
    spec = resolve_conflict(conflict)
    done = 0
    batch: list[str] = []
    for n, aid in enumerate([a for a in ids if a in todo], 1):
        batch.append(aid)
        if len(batch) < batch_size // 4 and n < len(todo):
            continue
        statements = [s for a in batch for s in todo[a]]
        sentences = list(dict.fromkeys(s.sentence for s in statements))
        docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=batch_size)))
        for aid_in_batch in batch:
            try:
                codings = [coder.code(s, spec, docs[s.sentence]) for s in todo[aid_in_batch]]
                store.replace_codings(conflict_id, codings)
                done += len(codings)
            except Exception as exc:  # one article's coding failure never stops the batch
                store.add_failure(aid_in_batch, "code", f"{type(exc).__name__}: {exc}")
        batch = []
        if progress:
            progress("code", n, len(todo))
    return done


def detect_conflict(store: Store, ids: list[str] | None = None) -> str:
    """The catalogue conflict these articles are most about (summed match scores)."""
    from ..stance.conflicts import match_conflicts

    scores: dict[str, float] = {}
    for article in store.articles(ids) if ids or ids is None else []:
        for cid, score in match_conflicts(f"{article.title or ''}\n{article.body}"):
            scores[cid] = scores.get(cid, 0.0) + score
    if not scores:
        raise LookupError("no catalogue conflict matches these articles: pass --conflict NAME or a YAML file")
    return max(scores, key=scores.get)


def run_analyze(
    sources: Iterable[str],
    store: Store,
    conflict: str | None,
    period: str = "week",
    model: str | None = None,
    kb: Iterable[str | Path] = (),
    progress: Progress | None = None,
) -> tuple[AnalysisResult, RunSummary]:
    """Ingest the sources, extract and code what is new, and analyse those articles.

    Without a conflict, the catalogue conflict the articles match best is used.
    """
    from ..ingest.sources import ingest_sources
    from ..statements.extract import extract_articles

    kb = list(kb)
    run = RunSummary()
    sources = list(sources)
    run.sources = len(sources)
    ingested = ingest_sources(
        sources, store, progress=(lambda done, total, _loc: progress("ingest", done, total)) if progress else None
    )
    run.added, run.duplicates, run.skipped = len(ingested.added), len(ingested.duplicates), len(ingested.skipped)
    run.failures.extend({"stage": "ingest", **f} for f in ingested.failures)
    ids = scope_ids(store, ingested)
    conflict = conflict or detect_conflict(store, ids)
    conflict_id, sides = conflict_sides(conflict)
    todo = _without_statements(store, ids)
    if todo:
        extracted = extract_articles(
            store, ids=todo, model=model, kb_files=[str(k) for k in kb],
            progress=(lambda done, total: progress("extract", done, total)) if progress else None,
        )
        run.extracted = extracted.articles
        run.failures.extend({"stage": "extract", "source": s, "reason": r} for s, r in extracted.failed)
    elif progress:
        progress("extract", 0, 0)
    run.coded = code_articles(store, conflict_id, conflict, ids, model, progress)
    result = analyze_store(store, conflict_id, sides, period=period, kb=list(kb), article_ids=ids)
    result.articles = len(ids)
    return result, run
