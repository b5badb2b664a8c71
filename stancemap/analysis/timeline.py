"""Stance over time: per actor and per camp, by day, week, month or quarter, with the statement counts.

A statement is placed in the period of the middle of its date bounds when
those bounds are narrow enough to place it (a range of a few weeks). A statement
the text does not date (or dates only "on or before" publication) is placed at
its article's publication day, and the row says so (`Row.placed`); without a
publication date either it is "undated" and never invented into a period.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from .dataset import LABELS, MAX_PLACEABLE_DAYS, Row, count_statements, span_days

PERIODS = ("day", "week", "month", "quarter")
WINDOW = "window"  # one period spanning every dated statement
UNDATED = "undated"
DECISIVE_SHARE = 0.6  # a label this share of the statements or more is the period's stance
MIXED = "mixed"


def period_of(row: Row, period: str) -> str:
    """The period label of a statement ("2020-W41", "2020-10", "2020-10-05", "1993", "undated")."""
    if period not in PERIODS + (WINDOW,):
        raise ValueError(f"unknown period {period!r}: use one of {', '.join(PERIODS)}")
    if row.bounds is None:
        return UNDATED
    start, end = row.bounds
    if span_days(row.bounds) > MAX_PLACEABLE_DAYS:
        return str(start.year) if start.year == end.year else UNDATED
    return period_label(row.midpoint, period)


def period_label(day: date, period: str) -> str:
    if period == WINDOW:
        return "whole window"
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def period_sort_key(label: str) -> tuple:
    """Chronological order of period labels; years sort before their weeks, undated last."""
    if label == UNDATED:
        return (9999, "")
    if not label[:4].isdigit():
        return (9998, label)
    return (int(label[:4]), label[4:])


def dominant(counts: Counter) -> str | None:
    """The label that carries a period: the majority label, `mixed` when none clearly leads."""
    total = sum(counts[label] for label in LABELS)
    if total == 0:
        return None
    label, n = max(((lab, counts[lab]) for lab in LABELS), key=lambda x: x[1])
    return label if n / total >= DECISIVE_SHARE else MIXED


PARTISAN_SHARE = 0.5  # taking sides this often is a position even when neutral statements are many
PARTISAN_RATIO = 2.0


def leaning(counts: Counter) -> str | None:
    """Where an actor or camp stands overall on a side.

    Neutral statements (appeals, reports) are common even from belligerents,
    so a camp that takes a side in at least half of its statements, one way
    at least twice as often as the other, leans that way; a camp whose
    neutral statements are at least as many as its side-taking ones is
    neutral; anything else is `mixed`.
    """
    total = sum(counts[label] for label in LABELS)
    if total == 0:
        return None
    support, oppose, neutral = counts["support"], counts["oppose"], counts["neutral"]
    if (support + oppose) / total >= PARTISAN_SHARE:
        if support >= PARTISAN_RATIO * oppose and support:
            return "support"
        if oppose >= PARTISAN_RATIO * support and oppose:
            return "oppose"
    if neutral >= support + oppose:
        return "neutral"
    return MIXED


@dataclass
class Point:
    """One entity's stance in one period, with the statements behind it."""

    entity: str  # actor name or camp label
    level: str  # actor | camp
    period: str
    rows: list[Row] = field(default_factory=list)
    stance: dict[str, Counter] = field(default_factory=dict)

    @property
    def statements(self) -> int:
        return count_statements(self.rows)

    def dominant(self, side: str) -> str | None:
        return dominant(self.stance.get(side, Counter()))

    def to_dict(self, sides: list[str]) -> dict:
        return {
            "entity": self.entity, "level": self.level, "period": self.period, "statements": self.statements,
            "stance": {s: {lab: self.stance.get(s, Counter())[lab] for lab in LABELS} for s in sides},
            "dominant": {s: self.dominant(s) for s in sides},
        }


def tally(rows: Iterable[Row], sides: list[str]) -> dict[str, Counter]:
    """Support / oppose / neutral counts per side over some statements. A multi-sentence quotation by
    one speaker counts once, with the label most of its sentences carry on that side (the first on a tie)."""
    runs: dict[object, list[Row]] = {}
    for row in rows:
        runs.setdefault(row.quotation, []).append(row)
    out = {side: Counter() for side in sides}
    for members in runs.values():
        for side in sides:
            labels = Counter(label for label in (r.label(side) for r in members) if label in LABELS)
            if labels:
                out[side][labels.most_common(1)[0][0]] += 1
    return out


def timeline(rows: Iterable[Row], sides: list[str], period: str = "week", level: str = "camp") -> list[Point]:
    """Stance points for every actor (level="actor") or camp (level="camp"), in time order."""
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        entity = row.speaker if level == "actor" else row.camp.label
        groups[(entity, period_of(row, period))].append(row)
    points = [
        Point(entity, level, label, members, tally(members, sides)) for (entity, label), members in groups.items()
    ]
    points.sort(key=lambda p: (p.entity, period_sort_key(p.period)))
    return points


def series(points: list[Point]) -> dict[str, list[Point]]:
    """Points grouped per entity, each list in time order."""
    out: dict[str, list[Point]] = defaultdict(list)
    for p in points:
        out[p.entity].append(p)
    for entity in out:
        out[entity].sort(key=lambda p: period_sort_key(p.period))
    return dict(out)
