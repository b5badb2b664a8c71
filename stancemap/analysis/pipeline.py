"""The main job end to end: ingest -> extract -> code -> analyze, doing only the work not yet stored.

Sources already ingested are skipped, articles that already have statements
are not parsed again, statements already coded for the conflict are not
coded again; so re-running `stancemap analyze` on a grown folder only
processes what is new.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..english import count
from ..ingest.sources import ingest_sources
from ..stance.article_coding import ArticleCoder, Progress, code_articles
from ..stance.conflicts import match_conflicts, resolve_conflict
from ..statements.extract import extract_articles
from ..store.db import Store
from .analyze import analyze_store, conflict_sides
from .relevance import split_by_relevance
from .result import AnalysisResult


@dataclass
class RunSummary:
    """What the run did before analysing, for the end-of-run line and --json."""

    sources: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    extracted: int = 0
    coded: int = 0
    off_topic: int = 0  # articles that never name the conflict: their statements are stored, not coded
    not_parsed: int = 0  # articles that never name the --conflict, left unparsed (relevance.split_by_relevance)
    workers: int = 1  # processes that parsed (analysis.parallel)
    worker_peak_mb: list[float] = field(default_factory=list)  # each worker's peak resident memory
    not_articles: int = 0  # files a folder walk passed over (tables, READMEs, images, ...)
    warc_skipped: int = 0  # WARC records that are not HTML or text responses (requests, metadata, images, ...)
    failures: list[dict[str, str]] = field(default_factory=list)
    meta: dict[str, Any] | None = None  # what --meta joined and what it could not (ingest.meta.apply)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class NothingRead(LookupError):
    """No article could be read from the sources given: there is nothing to report on."""

    def __init__(self, run: RunSummary):
        self.run = run
        why = []
        if run.failures:
            why.append(count(len(run.failures), "source") + " failed")
        if run.not_articles:
            why.append(count(run.not_articles, "file") + " are not articles")
        if not run.sources:
            why.append("no source was given")
        elif not why:
            why.append("no article found")
        super().__init__(f"nothing could be read from the sources given ({'; '.join(why)}): no report written")


def scope_ids(store: Store, ingest_summary: Any) -> list[str]:
    """The articles the given sources stand for: added, duplicates, and those stored by earlier runs."""
    ids = [a["id"] for a in ingest_summary.added] + [a["id"] for a in ingest_summary.duplicates]
    for location in ingest_summary.skipped:
        rows = store.con.execute("SELECT article_id FROM article_sources WHERE location = ?", [location]).fetchall()
        ids.extend(r[0] for r in rows)
    return list(dict.fromkeys(ids))


def _without_statements(store: Store, ids: list[str]) -> list[str]:
    """The articles extraction has not finished (never started, or a run killed half-way)."""
    return store.unextracted(ids)


def detect_conflict(store: Store, ids: list[str] | None = None) -> str:
    """The catalogue conflict these articles are most about (summed match scores)."""
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
    meta: Any = None,
    by: str = "outlet",
    allow_private: bool = False,
    allow_networks: Iterable[str] = (),
    parse_all: bool = False,
    parallel: Any = None,
    attribution: str | None = None,
) -> tuple[AnalysisResult, RunSummary]:
    """Ingest the sources, extract and code what is new, and analyse those articles.

    Without a conflict, the catalogue conflict the articles match best is used. `meta`: a
    sidecar metadata table (path or `ingest.meta.MetaTable`) joined to the input files;
    articles whose publication date it changes are extracted again (their dates said
    resolve against it). With a conflict named, articles that never name it are not parsed
    (they stay stored for another conflict) unless `parse_all`. `parallel`: an
    `analysis.parallel.Parallel` to parse on worker processes or a Dask cluster. `attribution`:
    the attribution stage (rules, learned or combined; statements.learned_attribution).
    """
    kb = list(kb)
    with ExitStack() as pool:
        # the workers start first: they load the model while this process lists the sources
        backend = pool.enter_context(parallel.open(model)) if parallel is not None else None
        run = RunSummary()
        sources = list(sources)
        run.sources = len(sources)
        reading = None
        if backend is not None:
            from .parallel import Jobs

            reading = Jobs(backend)
        ingested = ingest_sources(
            sources, store, progress=(lambda done, total, _loc: progress("ingest", done, total)) if progress else None,
            meta=meta,
            allow_private=allow_private, allow_networks=allow_networks, workers=reading,
        )
        run.meta = ingested.meta
        run.added, run.duplicates, run.skipped = len(ingested.added), len(ingested.duplicates), len(ingested.skipped)
        run.failures.extend({"stage": "ingest", **f} for f in ingested.failures)
        run.not_articles = len(ingested.not_articles)
        run.warc_skipped = sum(ingested.warc_skipped.values())
        ids = scope_ids(store, ingested)
        if not ids:
            raise NothingRead(run)
        named = conflict is not None
        conflict = conflict or detect_conflict(store, ids)
        conflict_id, sides = conflict_sides(conflict)
        redated = set((ingested.meta or {}).get("redated") or ())
        todo = list(dict.fromkeys(_without_statements(store, ids) + [i for i in ids if i in redated]))
        if named and not parse_all and todo:
            todo, not_named = split_by_relevance(store, todo, resolve_conflict(conflict))
            run.not_parsed = len(not_named)
        handled: set[str] = set()
        if todo and parallel is not None:
            done = parallel.run(
                store, todo, model=model, kb=[str(k) for k in kb], conflict=(conflict_id, resolve_conflict(conflict)),
                progress=(lambda n, total, workers: progress(f"extract ×{workers}", n, total)) if progress else None,
                attribution=attribution, backend=backend,
            )
            run.extracted, run.coded, run.off_topic, handled = done.summary.articles, done.coded, len(done.off_topic), done.handled
            peaks = dict(reading.peak_mb) if reading is not None else {}
            for pid, mb in done.worker_peak_mb.items():
                peaks[pid] = max(peaks.get(pid, 0.0), mb)
            run.workers, run.worker_peak_mb = done.workers, sorted(peaks.values())
            run.failures.extend({"stage": "extract", "source": s, "reason": r} for s, r in done.summary.failed)
        elif todo:
            # statements are coded as each article is extracted, from its parse (no second parse)
            coder = ArticleCoder(store, conflict_id, conflict, model, kb=[str(k) for k in kb])
            extracted = extract_articles(
                store, ids=todo, model=model, kb_files=[str(k) for k in kb], attribution=attribution,
                hints=resolve_conflict(conflict).hints,
                progress=(lambda done, total: progress("extract", done, total)) if progress else None,
                on_article=coder,
            )
            coder.flush()
            coder.recode_changed_speakers()
            run.extracted = extracted.articles
            run.coded = coder.done
            run.off_topic = len(coder.off_topic)
            handled = coder.handled
            run.failures.extend({"stage": "extract", "source": s, "reason": r} for s, r in extracted.failed)
        elif progress:
            progress("extract", 0, 0)
        pool.close()  # the workers' memory is free before the analysis
        # what the coder saw during extraction is done; the rest (stored earlier, or a failed coding) is coded now
        coded, off_topic = code_articles(store, conflict_id, conflict, [i for i in ids if i not in handled], model, progress,
                                         kb=[str(k) for k in kb])
        run.coded += coded
        run.off_topic += off_topic
        result = analyze_store(store, conflict_id, sides, period=period, kb=list(kb), article_ids=ids, by=by)
        result.articles = len(ids)
    return result, run
