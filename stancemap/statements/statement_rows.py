"""Statements as rows for the CLI and JSON: with the input path and spans in input offsets."""

from __future__ import annotations

from typing import Any

from ..records import NO_CODING_JSON, Article, Statement
from ..store.corrections import correct_all


def _shift(spans: list, offset: int | None) -> list[list[int]] | None:
    if offset is None:
        return None
    return [[int(s) + offset, int(e) + offset] for s, e in spans]


def statement_row(st: Statement, article: Article | None, input_path: str | None) -> dict[str, Any]:
    """One statement; `input_spans` maps body offsets to the input text (null when the body
    is not a verbatim slice of the input, e.g. cleaned HTML)."""
    offset = article.body_offset if article is not None else None
    input_spans = None
    if offset is not None:
        input_spans = {
            "source": _shift(st.source_spans, offset),
            "cue": _shift(st.cue_spans, offset),
            "content": _shift(st.content_spans, offset),
        }
    return {
        "id": st.id,
        "article": st.article_id,
        "speaker": st.speaker,
        "unattributed": st.unattributed,  # no source identified: speaker empty (speaker_mention: "officials", or empty)
        "speaker_mention": st.speaker_mention,
        "speaker_reason": st.speaker_reason,
        "speaker_kind": st.speaker_kind,
        "cue": st.cue,
        "sentence": st.sentence,
        "sent_start": st.sent_start,
        "sent_end": st.sent_end,
        "quote": st.quote,
        "quote_start": st.quote_start,
        "quote_end": st.quote_end,
        "content": st.content,
        "date": {"value": st.date.value, "precision": st.date.precision, "reason": st.date.reason},
        "published": article.published if article is not None else None,  # the article's, beside the date said
        "addressee": st.addressee,
        "spans": {
            "source": [list(s) for s in st.source_spans],
            "cue": [list(s) for s in st.cue_spans],
            "content": [list(s) for s in st.content_spans],
        },
        "input": input_path,
        "input_spans": input_spans,
    }


def statement_rows(store: Any, actor: str | None = None, article_id: str | None = None) -> list[dict[str, Any]]:
    """Every stored statement (optionally one speaker's, or one article's) as a row."""
    stmts, codings = correct_all(store, store.statements(article_id=article_id, actor=actor), store.codings())
    ids = sorted({s.article_id for s in stmts})
    articles = {a.id: a for a in store.articles(ids)} if ids else {}
    sources = {i: (store.sources(i) or [None])[0] for i in ids}
    rows = [statement_row(s, articles.get(s.article_id), sources.get(s.article_id)) for s in stmts]
    _add_codings(codings, rows)
    return rows


def _add_codings(codings: dict[tuple[str, str], Any], rows: list[dict[str, Any]]) -> None:
    """Each statement's coding (stance stage): `actions`, `targets`, `stance` of its first coded
    conflict (alphabetical), and `codings` {conflict: coding} for all of them."""
    by_statement: dict[str, dict[str, Any]] = {}
    for (sid, conflict), coding in sorted(codings.items()):
        by_statement.setdefault(sid, {})[conflict] = coding.to_json()
    for row in rows:
        codings = by_statement.get(row["id"], {})
        first = next(iter(codings.values()), dict(NO_CODING_JSON))
        row.update(conflict=first.get("conflict"), actions=first["actions"], targets=first["targets"],
                   stance=first["stance"], codings=codings)
