"""Shifts: an actor or camp whose stance on a side changes from one period to a later one.

Only dated, non-background statements count; a period's stance is its
majority label (or "mixed"); a shift is a change into a clear label, cited
with the statements on either side of it.
"""

from __future__ import annotations

from .dataset import Row, count_statements, readable_days
from .findings import Finding, join_words
from .timeline import MIXED, UNDATED, Point, series, timeline


def _deciding(point: Point, side: str, label: str) -> list[Row]:
    """The statements of a period that carry its label on a side (all labelled ones when mixed)."""
    if label == MIXED:
        return [r for r in point.rows if r.label(side)]
    return [r for r in point.rows if r.label(side) == label]


def _label(point: Point, side: str, label: str) -> str:
    """A period's label in words; a mixed one shows what it was mixed of."""
    if label != MIXED:
        return label
    counts = point.stance.get(side, {})
    return "mixed (" + ", ".join(f"{n} {lab}" for lab, n in sorted(counts.items()) if n) + ")"


def _when(rows: list[Row]) -> str:
    days = sorted(r.midpoint for r in rows if r.midpoint is not None)
    return readable_days(days[0], days[0]) if days else "?"


def find_shifts(rows: list[Row], sides: list[str], period: str = "week") -> list[Finding]:
    findings = []
    usable = [r for r in rows if not r.background and r.bounds is not None]
    for level in ("actor", "camp"):
        for entity, points in series(timeline(usable, sides, period, level)).items():
            points = [p for p in points if p.period != UNDATED and len(p.period) > 4]
            for before, after in zip(points, points[1:]):
                changes = []
                for side in sides:
                    old, new = before.dominant(side), after.dominant(side)
                    # a clear label that changes, or a split camp closing ranks behind a side
                    # (split -> neutral is one neutral statement after a quarrel, not a shift)
                    if old and new and new != MIXED and old != new and (old != MIXED or new != "neutral"):
                        changes.append((side, old, new))
                if not changes:
                    continue
                if level == "camp" and len({r.speaker for r in before.rows + after.rows}) < 2:
                    continue  # a one-speaker camp's shift is that speaker's, already reported
                if level == "camp" and not before.rows[0].camp.state:
                    continue  # "Unaffiliated" or "Analysts" is a bucket, not a camp that can change its mind
                earlier = {id(r): r for side, old, _ in changes for r in _deciding(before, side, old)}
                later = {id(r): r for side, _, new in changes for r in _deciding(after, side, new)}
                camp = after.rows[0].camp.label
                who = entity if level == "camp" else f"{entity} ({camp})"
                moves = join_words(
                    [f"on {side} from {_label(before, side, old)} to {new}" for side, old, new in changes]
                )
                n_before, n_after = count_statements(earlier.values()), count_statements(later.values())
                text = (
                    f"{who} shifted around {_when(list(later.values()))}: {moves} "
                    f"({n_before} statement{'s' * (n_before != 1)} before, "
                    f"{n_after} after; periods {before.period} -> {after.period})."
                )
                findings.append(
                    Finding(
                        "shift", text, list(earlier.values()) + list(later.values()), entity=entity,
                        period=after.period,
                        details={
                            "level": level, "from_period": before.period, "to_period": after.period,
                            "changes": [{"side": s, "from": o, "to": n} for s, o, n in changes],
                            "before": n_before, "after": n_after,
                        },
                    )
                )
    return findings
