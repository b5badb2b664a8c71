"""Coding stored statements for a conflict, without re-extracting or re-parsing articles.

Only the statements' sentences are parsed (once per process, shared by every
conflict coded in it), so coding the same store for another conflict is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .coder import Coder, actors_country_lookup
from .conflicts import Conflict, match_conflicts, resolve_conflict


@dataclass
class CodeSummary:
    statements: int = 0
    articles: int = 0
    by_conflict: dict[str, int] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)  # articles no catalogue conflict matched
    failed: list[tuple[str, str]] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        return {"statements": self.statements, "articles": self.articles, "by_conflict": self.by_conflict,
                "unmatched_articles": self.unmatched, "failed": [{"article": a, "reason": r} for a, r in self.failed]}


def code_store(store: Any, coder: Coder, conflict: Any = None, article_ids: list[str] | None = None,
               kb_files: list[str] | None = None) -> CodeSummary:
    """Code the stored statements of these articles (all by default) and store the codings.

    With a conflict, every statement is coded for it; without, each article is
    coded for the catalogue conflict its text matches best (articles that match
    none are listed in `unmatched`). One article's failure is recorded in the
    store and does not stop the others.
    """
    fixed: Conflict | None = resolve_conflict(conflict) if conflict is not None else None
    if hasattr(coder, "country_of"):  # what extraction learnt about speakers, as `build_coder` reads it
        coder.country_of = actors_country_lookup(store.actors(), kb_files or [])
    summary = CodeSummary()
    ids = article_ids if article_ids is not None else sorted({s.article_id for s in store.statements()})
    articles = {a.id: a for a in store.articles(ids)} if ids else {}
    for aid in ids:
        statements = store.statements(article_id=aid)
        if not statements:
            continue
        target = fixed
        if target is None:
            art = articles.get(aid)
            matches = match_conflicts(f"{art.title or ''}\n{art.body}") if art else []
            if not matches:
                summary.unmatched.append(aid)
                continue
            target = resolve_conflict(matches[0][0])
        try:
            codings = coder.code_many(statements, target)
            store.replace_codings(target.id, codings)
        except Exception as exc:  # one article's failure never stops the batch
            reason = f"{type(exc).__name__}: {exc}"
            summary.failed.append((aid, reason))
            store.add_failure(aid, "code", reason)
            continue
        summary.articles += 1
        summary.statements += len(codings)
        summary.by_conflict[target.id] = summary.by_conflict.get(target.id, 0) + len(codings)
    return summary
