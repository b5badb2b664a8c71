"""Divergences: camps of one state that take different stances on a side in the same period.

This is the question an analyst asks of a regime ("the government stays
neutral while the Leader's circle takes sides"): it needs dated statements
from at least two camps of the same state in a shared period, each with a
clear majority label. Undated statements never make a divergence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from .dataset import Row, count_statements, readable_days
from .findings import Finding, join_words, plural, stance_phrase, top_actions
from .timeline import MIXED, UNDATED, period_sort_key, timeline


def find_divergences(rows: list[Row], sides: list[str], period: str = "week") -> list[Finding]:
    # camps of a known state and a known function: "Other" says nothing about where in the state one sits
    usable = [r for r in rows if not r.background and r.bounds is not None and r.camp.state and r.camp.name != "Other"]
    by_period: dict[str, dict[str, object]] = defaultdict(dict)
    for point in timeline(usable, sides, period, "camp"):
        if point.period != UNDATED and len(point.period) > 4:
            by_period[point.period][point.entity] = point
    pairs: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for label in sorted(by_period, key=period_sort_key):
        points = by_period[label]
        for a, b in combinations(sorted(points), 2):
            pa, pb = points[a], points[b]
            if pa.rows[0].camp.state != pb.rows[0].camp.state:
                continue
            for side in sides:
                la, lb = pa.dominant(side), pb.dominant(side)
                if la and lb and MIXED not in (la, lb) and la != lb:
                    pairs[(a, b)].append((label, side, pa, pb, la, lb))
    # Over the whole dated window too: camps that rarely speak in the same week still diverge,
    # and a divergence seen week by week gathers its evidence from the whole window.
    whole = {p.entity: p for p in timeline(usable, sides, "window", "camp")}
    for a, b in combinations(sorted(whole), 2):
        if whole[a].rows[0].camp.state != whole[b].rows[0].camp.state:
            continue
        for side in sides:
            la, lb = whole[a].dominant(side), whole[b].dominant(side)
            if la and lb and MIXED not in (la, lb) and la != lb:
                pairs[(a, b)].append((whole[a].period, side, whole[a], whole[b], la, lb))
    findings = []
    for (a, b), hits in pairs.items():
        periods = sorted({h[0] for h in hits}, key=period_sort_key)
        rows_a = {id(r): r for (_, side, pa, _, la, _) in hits for r in pa.rows if r.label(side) == la}
        rows_b = {id(r): r for (_, side, _, pb, _, lb) in hits for r in pb.rows if r.label(side) == lb}
        labels_a = {side: Counter(h[4] for h in hits if h[1] == side).most_common(1)[0][0] for side in {h[1] for h in hits}}
        labels_b = {side: Counter(h[5] for h in hits if h[1] == side).most_common(1)[0][0] for side in {h[1] for h in hits}}
        ordered = [s for s in sides if s in labels_a]
        state = hits[0][2].rows[0].camp.state
        name_a, name_b = hits[0][2].rows[0].camp.name, hits[0][3].rows[0].camp.name
        days = sorted(r.midpoint for r in list(rows_a.values()) + list(rows_b.values()) if r.midpoint)
        span = days[0].isoformat() if days[0] == days[-1] else f"{days[0].isoformat()} to {days[-1].isoformat()}"

        def part(name: str, labels: dict, members: dict) -> str:
            phrase = stance_phrase({s: labels[s] for s in ordered})
            acts = top_actions(list(members.values()))
            colour = f", mostly {join_words(acts)}" if acts else ""
            speakers = join_words(sorted({r.speaker for r in members.values()}))
            return f"the {name} ({speakers}) {phrase} ({plural(count_statements(members.values()), 'statement')}{colour})"

        text = (
            f"In {state}, the {name_a} and the {name_b} diverge ({readable_days(days[0], days[-1])}): "
            f"{part(name_a, labels_a, rows_a)}, while {part(name_b, labels_b, rows_b)}."
        )
        findings.append(
            Finding(
                "divergence", text, list(rows_a.values()) + list(rows_b.values()), entity=state,
                period=span,
                details={
                    "state": state, "camps": [a, b], "periods": periods,
                    "stance": {a: {s: labels_a[s] for s in ordered}, b: {s: labels_b[s] for s in ordered}},
                },
            )
        )
    findings.sort(key=lambda f: -len(f.rows))
    return findings

