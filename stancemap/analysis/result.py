"""What an analysis returns: tables of actors and camps, timelines, findings, summary.

Reports (terminal, HTML, Markdown, JSON) and the Python API all read this one
object, so they say the same thing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .camps import camp_names
from .dataset import LABELS, Row, count_statements
from .findings import Finding
from .summary import Sentence
from .timeline import Point, leaning, tally


@dataclass
class ActorRow:
    name: str
    camp: str
    statements: int  # not counting background ones; a multi-sentence quotation counts once
    background: int
    stance: dict[str, Counter]
    coded: int = 0  # statements (not background) with a stance on at least one side

    def to_dict(self, sides: list[str]) -> dict[str, Any]:
        return {
            "actor": self.name, "camp": self.camp, "statements": self.statements, "coded": self.coded,
            "background": self.background,
            "stance": {s: {lab: self.stance[s][lab] for lab in LABELS} for s in sides},
            "leaning": {s: leaning(self.stance[s]) for s in sides},
        }


@dataclass
class CampRow:
    name: str
    state: str | None
    camp: str
    members: list[str]
    statements: int
    stance: dict[str, Counter]

    def to_dict(self, sides: list[str]) -> dict[str, Any]:
        return {
            "name": self.name, "state": self.state, "camp": self.camp, "members": self.members,
            "statements": self.statements,
            "stance": {s: {lab: self.stance[s][lab] for lab in LABELS} for s in sides},
            "leaning": {s: leaning(self.stance[s]) for s in sides},
        }


OUTLET_DIMENSIONS = ("outlet", "country")
UNKNOWN_OUTLET = {"outlet": "(outlet unknown)", "country": "(country unknown)"}


@dataclass
class OutletRow:
    """What one outlet (or the outlets of one country) carries: whose statements, how they stand."""

    name: str
    articles: int
    statements: int
    camps: list[tuple[str, int]]  # the camps it quotes, most statements first
    stance: dict[str, Counter]
    others: list[str] = field(default_factory=list)  # by outlet: its country (or countries); by country: its outlets

    def to_dict(self, sides: list[str], by: str) -> dict[str, Any]:
        other = {"country": ", ".join(self.others) or None} if by == "outlet" else {"outlets": self.others}
        return {
            by: self.name, **other, "articles": self.articles, "statements": self.statements,
            "camps": [{"camp": c, "statements": n} for c, n in self.camps],
            "stance": {s: {lab: self.stance[s][lab] for lab in LABELS} for s in sides},
            "leaning": {s: leaning(self.stance[s]) for s in sides},
        }


@dataclass
class AnalysisResult:
    conflict: str
    sides: list[str]
    period: str
    rows: list[Row]
    window: tuple[date, date] | None = None
    actor_points: list[Point] = field(default_factory=list)
    camp_points: list[Point] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    summary: list[Sentence] = field(default_factory=list)
    articles: int = 0
    by: str = "outlet"  # the outlet view's dimension: outlet, or the outlet's country
    unattributed: int = 0  # statements with no source identified ("officials said", "it was reported"): left out of the rows

    @property
    def current(self) -> list[Row]:
        return [r for r in self.rows if not r.background]

    def actors(self) -> list[ActorRow]:
        """One row per speaker, the actors that matter first: most statements with a stance on a
        side, then most statements. Stance counts exclude background."""
        names: dict[str, list[Row]] = {}
        for r in self.rows:
            names.setdefault(r.speaker, []).append(r)
        out = []
        for name, rows in names.items():
            now = [r for r in rows if not r.background]
            coded = count_statements(r for r in now if any(r.label(side) for side in self.sides))
            out.append(ActorRow(name, rows[0].camp.label, count_statements(now), count_statements(r for r in rows if r.background),
                                tally(now, self.sides), coded))
        out.sort(key=lambda a: (-a.coded, -a.statements, a.name))
        return out

    def camps(self) -> list[CampRow]:
        """One row per camp, grouped by state (most statements first), camps in their conventional order."""
        groups: dict[str, list[Row]] = {}
        for r in self.current:
            groups.setdefault(r.camp.label, []).append(r)
        order = {name: i for i, name in enumerate(camp_names())}
        out = []
        for label, rows in groups.items():
            counts = Counter(r.speaker for r in {r.quotation: r for r in rows}.values())
            members = [n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
            camp = rows[0].camp
            out.append(CampRow(label, camp.state, camp.name, members, count_statements(rows), tally(rows, self.sides)))
        by_state = Counter()
        for c in out:
            by_state[c.state] += c.statements
        # the states most spoken for first; inside a state, camps in their conventional order
        out.sort(key=lambda c: (c.state is None, -by_state[c.state], c.state or "", order.get(c.camp, 99), c.camp))
        return out

    def outlets(self, by: str | None = None) -> list[OutletRow]:
        """Per outlet (or outlet country): the articles and statements it carries, the camps it
        quotes and how those statements stand; the outlets that carry most first. Empty when no
        article names its outlet (or country)."""
        by = by or self.by
        if by not in OUTLET_DIMENSIONS:
            raise ValueError(f"unknown outlet dimension {by!r}: use one of {', '.join(OUTLET_DIMENSIONS)}")
        key = (lambda r: r.article.publisher) if by == "outlet" else (lambda r: r.article.country)
        if not any(key(r) for r in self.rows):
            return []
        groups: dict[str, list[Row]] = {}
        for r in self.current:
            groups.setdefault(key(r) or UNKNOWN_OUTLET[by], []).append(r)
        out = []
        for name, rows in groups.items():
            other = sorted({(r.article.country if by == "outlet" else r.article.publisher) or "" for r in rows} - {""})
            camps = Counter(r.camp.label for r in rows).most_common()
            out.append(OutletRow(name, len({r.article.id for r in rows}), len(rows), camps, tally(rows, self.sides), other))
        out.sort(key=lambda o: (o.name in UNKNOWN_OUTLET.values(), -o.statements, o.name))
        return out

    def time_counts(self) -> dict[str, int]:
        """How the statements are placed in time: dated by their own text, placed at their
        article's publication day (the text gives no narrower date), or undated."""
        placed = sum(1 for r in self.rows if r.placed)
        undated = sum(1 for r in self.rows if r.bounds is None)
        return {"dated": len(self.rows) - placed - undated, "placed": placed, "undated": undated}

    def time_note(self) -> str:
        """The time counts in words, for the reports' heading line."""
        c = self.time_counts()
        if not self.rows:
            return "no statements"
        parts = [f"{c['dated']:,} dated by their text"]
        if c["placed"]:
            parts.append(f"{c['placed']:,} placed at their article's publication")
        if c["undated"]:
            parts.append(f"{c['undated']:,} undated")
        return ", ".join(parts)

    def unattributed_note(self) -> str:
        """The statements left out for want of a source, for the reports' heading line."""
        if not self.unattributed:
            return ""
        return f"; {self.unattributed:,} unattributed (no source the text identifies, counted for no actor or camp)"

    def findings_of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON report (conflict, sides, actors, camps, findings) plus timeline and summary."""
        return {
            "conflict": self.conflict,
            "sides": self.sides,
            "period": self.period,
            "window": [d.isoformat() for d in self.window] if self.window else None,
            "articles": self.articles,
            "statements": len(self.rows),
            "unattributed": self.unattributed,
            "time": self.time_counts(),
            "actors": [a.to_dict(self.sides) for a in self.actors()],
            "camps": [c.to_dict(self.sides) for c in self.camps()],
            "outlets": {"by": self.by, "rows": [o.to_dict(self.sides, self.by) for o in self.outlets()]},
            "findings": [f.to_dict() for f in self.findings],
            "timeline": {
                "camps": [p.to_dict(self.sides) for p in self.camp_points],
                "actors": [p.to_dict(self.sides) for p in self.actor_points],
            },
            "summary": [s.to_dict() for s in self.summary],
        }
