"""Findings: a sentence a reader can check, with the statements that show it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .dataset import Row
from .timeline import MIXED, leaning, tally

VERB = {"support": "supported", "oppose": "opposed", "neutral": "was neutral on", MIXED: "was split on"}
EVIDENCE_LIMIT = 12  # statements listed per finding in the HTML and Markdown reports; the JSON lists all


@dataclass
class Finding:
    kind: str  # divergence | shift | background
    text: str
    rows: list[Row] = field(default_factory=list)
    entity: str | None = None
    period: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "text": self.text, "entity": self.entity, "period": self.period,
            "details": self.details, "evidence_count": len(self.rows),
            "evidence": [evidence(r) for r in self.rows],
        }


def evidence(row: Row) -> dict[str, Any]:
    """A statement as evidence: where to read it, what was said and how it was coded."""
    s = row.statement
    return {
        "statement": s.id,
        "article": row.article.id,
        "title": row.article.title,
        "url": row.article.link,
        "sentence": s.sentence,
        "date": s.date.value,
        "published": row.article.published,
        # the day the analysis placed it at, when the text gives it no date of its own
        "placed_at": row.placed_at.isoformat() if row.placed_at else None,
        "speaker": s.speaker,
        "camp": row.camp.label,
        "cue": s.cue,
        "quote": s.quote,
        "stance": {side: st.label for side, st in (row.coding.stance.items() if row.coding else [])},
        # the coder's confidence in each label: the chance it is right (calibrated on held-out folds)
        "confidence": {side: st.confidence for side, st in (row.coding.stance.items() if row.coding else [])},
        "actions": row.actions,
    }


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def stance_phrase(labels: dict[str, str | None]) -> str:
    """{"Azerbaijan": "support", "Armenia": "oppose"} -> "supported Azerbaijan and opposed Armenia"."""
    by_label: dict[str, list[str]] = {}
    for side, label in labels.items():
        if label:
            by_label.setdefault(label, []).append(side)
    parts = [f"{VERB[label]} {join_words(sides)}" for label, sides in by_label.items()]
    return join_words(parts)


def describe_stance(rows: list[Row], sides: list[str]) -> str:
    """Where a group of statements leans on each side, in words."""
    counts = tally(rows, sides)
    return stance_phrase({side: leaning(counts[side]) for side in sides})


ACTION_WORDS = {
    "appeal_deescalation": "appeals for de-escalation", "offer_mediation": "offers of mediation",
    "intent_cooperate": "pledges of help", "endorse": "endorsements", "criticize": "criticism",
    "accuse": "accusations", "deny": "denials", "decline_comment": "declining to take sides",
    "consult": "consultations", "demand": "demands", "reject": "rejections", "threaten": "threats",
    "military": "military action", "aid": "aid",
}


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def top_actions(rows: list[Row], n: int = 2) -> list[str]:
    """The commonest coded actions, for "urging talks"-style colour in a finding."""
    counts = Counter(a for r in rows for a in r.actions if a != "statement")
    return [ACTION_WORDS.get(a, a.replace("_", " ")) for a, _ in counts.most_common(n)]
