"""The analysis stage: coded statements in, camps / timelines / shifts / divergences / summary out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable

from ..records import Actor, Coding, Statement
from ..stance.conflicts import resolve_conflict
from ..store.corrections import corrected_codings, corrected_statements, merge
from ..store.db import Store
from .background import background_findings, mark_background
from .camps import Camp, load_kb_camps
from .dataset import ArticleRef, Row, build_rows
from .divergence import find_divergences
from .result import OUTLET_DIMENSIONS, AnalysisResult
from .shifts import find_shifts
from .summary import summarise
from .timeline import PERIODS, timeline


def analyze_rows(rows: list[Row], conflict: str, sides: list[str], period: str = "week", by: str = "outlet") -> AnalysisResult:
    """Run every analysis over rows already joined to codings, articles and camps; `by` is the
    outlet view's dimension (`outlet` or `country`, the outlet's country)."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}: use one of {', '.join(PERIODS)}")
    if by not in OUTLET_DIMENSIONS:
        raise ValueError(f"unknown outlet dimension {by!r}: use one of {', '.join(OUTLET_DIMENSIONS)}")
    window = mark_background(rows)
    current = [r for r in rows if not r.background]
    findings = (
        find_divergences(rows, sides, period)
        + find_shifts(rows, sides, period)
        + background_findings(rows, sides, window)
    )
    return AnalysisResult(
        conflict=conflict, sides=sides, period=period, rows=rows, window=window,
        actor_points=timeline(current, sides, period, "actor"),
        camp_points=timeline(current, sides, period, "camp"),
        findings=findings,
        summary=summarise(rows, findings, sides),
        articles=len({r.article.id for r in rows}),
        by=by,
    )


def analyze_records(
    statements: Iterable[Statement],
    codings: Iterable[Coding],
    conflict: str,
    sides: list[str],
    actors: Iterable[Actor] = (),
    articles: dict[str, ArticleRef] | None = None,
    period: str = "week",
    camp_overrides: dict[str, Camp] | None = None,
    by: str = "outlet",
) -> AnalysisResult:
    """Analyse plain records (from a notebook, the gold, or the store)."""
    by_statement = {c.statement_id: c for c in codings if c.conflict == conflict}
    statements = list(statements)
    rows = build_rows(statements, by_statement, articles or {}, actors, camp_overrides)
    return replace(analyze_rows(rows, conflict, sides, period, by), unattributed=sum(s.unattributed for s in statements))


def conflict_sides(conflict: str | Path) -> tuple[str, list[str]]:
    """A conflict's id and side names, from the stance stage's catalogue or a YAML file."""
    found = resolve_conflict(str(conflict))
    return found.id, [side.name for side in found.sides]


def analyze_store(
    store: Store,
    conflict: str,
    sides: list[str] | None = None,
    period: str = "week",
    kb: str | Path | Iterable[str | Path] | None = None,
    article_ids: Iterable[str] | None = None,
    by: str = "outlet",
) -> AnalysisResult:
    """Analyse what a store holds for one conflict (statements coded for it), optionally
    only the statements of some articles."""
    if sides is None:
        conflict, sides = conflict_sides(conflict)
    codings = {sid: c for (sid, conf), c in store.codings(conflict).items()}
    scope = set(article_ids) if article_ids is not None else None
    statements = [
        s for s in store.statements(coded_for=conflict) if s.id in codings and (scope is None or s.article_id in scope)
    ]
    # the analysts' corrections (stancemap serve) over the machine's values
    fixes = merge(store.corrections([s.id for s in statements])) if statements else {}
    if fixes:
        statements = corrected_statements(statements, fixes)
        codings = corrected_codings(codings, [s.id for s in statements], conflict, fixes)
    articles = {}
    stored = store.articles(sorted({s.article_id for s in statements})) if statements else []
    first_seen = store.first_sources([a.id for a in stored if not a.url and not a.source])
    for article in stored:
        ref = ArticleRef.of(article)
        if not ref.url and not ref.source:
            ref = replace(ref, source=first_seen.get(ref.id))
        articles[ref.id] = ref
    overrides: dict[str, Camp] = {}
    for path in ([kb] if isinstance(kb, (str, Path)) else list(kb or [])):
        overrides.update(load_kb_camps(path))
    rows = build_rows(statements, codings, articles, store.actors(), overrides)
    result = analyze_rows(rows, conflict, sides, period, by)
    return replace(result, unattributed=sum(s.unattributed for s in statements))
