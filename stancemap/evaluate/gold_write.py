"""Analysts' corrections written as gold files, so `stancemap train` and `stancemap eval` learn from them.

One file per corrected article, in the gold schema that `load_gold` reads: each
statement the analyst corrected is a required unit with the corrected values; the
article's other statements are `optional` units (the machine's values, which no one
has confirmed: `train` leaves optional units out and `eval` neither rewards nor
penalises finding them); a statement the analyst marked "not a statement" is left
out, so finding it again counts against the pipeline. Sentences and quotes are
character offsets into the input file with the sentence's checksum (the offsets form),
where the sentence can be found in that file; otherwise (an HTML page, whose cleaned
text is not in the file as it reads) the sentence is written as it reads.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ..records import Coding, Statement
from ..store.corrections import correct_all
from .gold import read_source, sentence_sha1
from .scoring import locate


class GoldExportError(ValueError):
    """The corrections cannot be written as gold: the message says why."""


def _source_text(path: str | None) -> str | None:
    if not path or not Path(path).is_file():
        return None
    try:
        return read_source(Path(path))
    except (OSError, UnicodeDecodeError):
        return None


def _span(st: Statement, offset: int | None, text: str | None) -> tuple[int, int] | None:
    """Where the sentence is in the input text: at the body's offset when the body is a
    verbatim slice of it, else found there as `scripts/gold_offsets.py` finds it (tolerant to
    whitespace, case and quote style), nearest to where the body puts it."""
    if text is None:
        return None
    if offset is not None:
        start = offset + st.sent_start
        if text[start : start + len(st.sentence)] == st.sentence:
            return start, start + len(st.sentence)
    spans = locate(st.sentence, text)
    return min(spans, key=lambda sp: abs(sp[0] - st.sent_start)) if spans else None


def _unit(st: Statement, coding: Coding | None, optional: bool, offset: int | None, text: str | None) -> dict[str, Any]:
    unit: dict[str, Any] = {"speaker": st.speaker}
    span = _span(st, offset, text)
    if span is not None and text is not None:
        unit["sentence_span"] = list(span)
        unit["sentence_sha1"] = sentence_sha1(text[span[0] : span[1]])
        quote = locate(st.quote, text[span[0] : span[1]]) if st.quote else []
        if quote:
            unit["quote_span"] = [span[0] + quote[0][0], span[0] + quote[0][1]]
    else:
        unit["sentence"] = st.sentence
        if st.quote:
            unit["quote"] = st.quote
    if st.date.value and st.date.value[:1].isdigit():
        unit["date"] = st.date.value
    if coding is not None:
        unit["actions"] = [a.name for a in coding.actions]
        unit["stance"] = {side: s.label for side, s in coding.stance.items()}
    if optional:
        unit["optional"] = True
    return unit


def write_corrections_gold(store: Any, out_dir: str | Path, conflict: str) -> list[Path]:
    """Write one gold file per article with a correction for `conflict` (or a statement-level
    one) into out_dir; returns the files written."""
    from ..analysis.analyze import conflict_sides

    conflict_id, sides = conflict_sides(conflict)
    corrections = [c for c in store.corrections() if c["conflict"] in (None, conflict_id)]
    if not corrections:
        raise GoldExportError(f"no correction recorded for {conflict_id} in {store.path}: nothing to export")
    corrected_ids = {c["statement_id"] for c in corrections}
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise GoldExportError(f"{out}: not a folder (export --corrections writes one gold file per article into a folder)")
    out.mkdir(parents=True, exist_ok=True)
    machine = {s.id: s for s in store.statements()}
    articles_of = sorted({machine[sid].article_id for sid in corrected_ids if sid in machine})
    written = []
    for aid in articles_of:
        stored = store.statements(article_id=aid)
        statements, codings = correct_all(store, stored, store.codings(conflict_id))
        article = store.articles([aid])[0]
        source = (store.sources(aid) or [None])[0]
        text = _source_text(source)
        units = [_unit(st, codings.get((st.id, conflict_id)), st.id not in corrected_ids, article.body_offset, text)
                 for st in statements]
        meta = {k: getattr(article, k) for k in ("title", "published", "publisher", "url") if getattr(article, k)}
        path = out / f"{aid}.yaml"
        source_rel = os.path.relpath(Path(source).resolve(), out.resolve()) if source and Path(source).is_file() else (source or "")
        doc = {"source": source_rel, "article": meta, "conflict": {"name": conflict_id, "sides": sides},
               "camps": [], "statements": units}
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        written.append(path)
    return written
