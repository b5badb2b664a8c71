"""A short summary written from the data: every sentence carries its citations.

Nothing is said that the statements do not show; each sentence lists the
article, date and quote (or sentence excerpt) it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..actors.affiliation import camp_model
from .dataset import Row, count_statements
from .findings import Finding, describe_stance, join_words, plural, top_actions
from .timeline import leaning, tally

CITATIONS_PER_SENTENCE = 3
MAX_CAMP_SENTENCES = 6


@dataclass
class Sentence:
    text: str
    citations: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": self.citations}


def excerpt(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def citation(row: Row) -> dict[str, Any]:
    s = row.statement
    return {
        "article": row.article.id, "url": row.article.link, "date": s.date.value,
        "placed_at": row.placed_at.isoformat() if row.placed_at else None,
        # a short quote ("iron fist") says little alone: cite the sentence around it then
        "speaker": s.speaker, "quote": excerpt(s.quote if s.quote and len(s.quote) >= 40 else s.sentence),
    }


def _spread(rows: list[Row], n: int) -> list[Row]:
    """Up to n citations, one per speaker first, so a sentence about a camp cites several members."""
    picked, speakers, sentences = [], set(), set()
    for r in rows:
        key = (r.article.id, r.statement.sent_start)
        if r.speaker not in speakers and key not in sentences:
            picked.append(r)
            speakers.add(r.speaker)
            sentences.add(key)
    for r in rows:
        key = (r.article.id, r.statement.sent_start)
        if len(picked) >= n:
            break
        if key not in sentences:
            picked.append(r)
            sentences.add(key)
    return picked[:n]


def summarise(rows: list[Row], findings: list[Finding], sides: list[str]) -> list[Sentence]:
    out: list[Sentence] = []
    for f in findings:
        if f.kind == "divergence":
            out.append(Sentence(f.text, [citation(r) for r in _spread(f.rows, CITATIONS_PER_SENTENCE + 1)]))
    for f in findings:
        if f.kind == "shift" and f.details.get("level") == "actor":
            out.append(Sentence(f.text, [citation(r) for r in _spread(f.rows, CITATIONS_PER_SENTENCE)]))
    current = [r for r in rows if not r.background]
    camps: dict[str, list[Row]] = {}
    for r in current:
        if r.camp.state or r.camp.name in camp_model().stateless or r.camp.name == camp_model().international:
            camps.setdefault(r.camp.label, []).append(r)  # "Unaffiliated" is a bucket, not a camp to summarise
    ranked = sorted(camps.items(), key=lambda kv: -sum(1 for r in kv[1] if any(r.label(s) for s in sides)))
    for label, members in ranked[:MAX_CAMP_SENTENCES]:
        coded = [r for r in members if any(r.label(s) for s in sides)]
        if not coded:
            continue
        phrase = describe_stance(coded, sides)
        if not phrase:
            continue
        counts = tally(coded, sides)
        leanings = {s: leaning(counts[s]) for s in sides}
        deciding = [r for r in coded if any(r.label(s) == leanings[s] for s in sides)]
        # side-taking statements first: they are what the sentence claims
        deciding.sort(key=lambda r: not any(r.label(s) in ("support", "oppose") and r.label(s) == leanings[s] for s in sides))
        acts = top_actions(coded)
        colour = f", mostly by {join_words(acts)}" if acts else ""
        speakers = sorted({r.speaker for r in coded})
        who = speakers[0] if len(speakers) == 1 else f"{len(speakers)} speakers"
        out.append(
            Sentence(
                f"{label} ({who}, {plural(count_statements(coded), 'coded statement')}) {phrase}{colour}.",
                [citation(r) for r in _spread(deciding or coded, CITATIONS_PER_SENTENCE)],
            )
        )
    background = [f for f in findings if f.kind == "background"]
    if background:
        years = sorted({f.period for f in background if f.period})
        out.append(
            Sentence(
                f"Background statements from {join_words(years)} are reported apart from the conflict's timeline.",
                [citation(r) for r in _spread([f.rows[0] for f in background], CITATIONS_PER_SENTENCE + 1)],
            )
        )
    return out
