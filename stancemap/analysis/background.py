"""Background: statements dated long before the conflict the coverage is about.

An article on a 2020 war that recalls what a leader said in 1993 gives
context, not a position in the war. The conflict window is found from the
data: the run of dated statements that reaches the latest one without a gap
of more than BACKGROUND_GAP_DAYS . Earlier statements are background findings, kept out
of the timelines, shifts and divergences.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from .dataset import Row, readable_days, span_days
from .findings import Finding, describe_stance
from .timeline import MAX_PLACEABLE_DAYS

BACKGROUND_GAP_DAYS = 180


def conflict_window(rows: list[Row]) -> tuple[date, date] | None:
    """First and last day of the run of dated statements that reaches the latest one."""
    dated = [r.bounds for r in rows if r.bounds is not None]
    if not dated:
        return None
    # Only dates precise to a few weeks stretch the window; a vague "2020" must not pull it back a year.
    precise = [b for b in dated if span_days(b) <= MAX_PLACEABLE_DAYS] or dated
    dated = sorted(precise, key=lambda b: b[0], reverse=True)
    last = max(b[1] for b in dated)
    window_start = dated[0][0]
    gap = timedelta(days=BACKGROUND_GAP_DAYS)
    for first, end in dated:
        if end >= window_start - gap:
            window_start = min(window_start, first)
    return window_start, last


def mark_background(rows: list[Row]) -> tuple[date, date] | None:
    """Flag rows dated before the conflict window by more than the gap; return the window."""
    window = conflict_window(rows)
    if window is None:
        return None
    limit = window[0] - timedelta(days=BACKGROUND_GAP_DAYS)
    for row in rows:
        row.background = row.bounds is not None and row.bounds[1] < limit
    return window


def background_findings(rows: list[Row], sides: list[str], window: tuple[date, date] | None) -> list[Finding]:
    """One finding per speaker and year of background statements that take a position on a side."""
    groups: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for row in rows:
        # only positions count: a recalled event ("the war broke out in 1991") is not a finding
        if row.background and row.bounds is not None and any(row.label(side) for side in sides):
            groups[(row.speaker, row.bounds[0].year)].append(row)
    findings = []
    for (speaker, year), members in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        stance = describe_stance(members, sides)
        when = readable_days(window[0], window[0]) if window else "the conflict"
        text = (
            f"Background ({year}): {speaker} ({members[0].camp.label}) {stance}, "
            f"long before the coverage window that starts {when}."
        )
        findings.append(Finding("background", text, members, entity=speaker, period=str(year)))
    return findings
