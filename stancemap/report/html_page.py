"""The HTML report: one self-contained file (inline CSS, JS and SVG; no network) an analyst can audit.

Every piece of article text goes through `escape`; the only markup is ours.
"""

from __future__ import annotations

import math
import re
from html import escape
from importlib import resources
from pathlib import Path
from string import Template

from ..analysis.dataset import LABELS, Row, citation_date, readable_days
from ..config import __version__
from ..analysis.findings import EVIDENCE_LIMIT, plural
from ..analysis.result import AnalysisResult
from ..analysis.timeline import UNDATED, Point, period_of, period_sort_key, series
from ..safety import http_url, visible
from .json import write_text

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

SIDE_COLOURS = ["#8250df", "#bc4c00", "#0a7ea4", "#cf222e", "#116329", "#6e7781"]
MAX_CHARTS = 24
ACTORS_SHOWN = 30  # rows of the actor table shown before "Show all"
CAMPS_SHOWN = 20
OPEN_EVIDENCE = 300  # up to this many statements the evidence groups start open
MAX_RADIUS = 14.0  # a chart's dot grows with its statements up to this
CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 460, 170, 46, 12, 12, 46


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(f"templates/{name}").read_text("utf-8")


def _e(text: object) -> str:
    return escape(visible(text), quote=True)


def article_href(row: Row) -> str | None:
    """A link back to the article: its URL, or the local file it was read from."""
    return safe_href(row.article.link)


def safe_href(link: str | None) -> str | None:
    """An http(s) URL as it is; a local file that exists as the file: URI stancemap builds
    for it; anything else (`javascript:`, `data:`, a path that is not there) is no link."""
    if not link:
        return None
    url = http_url(link)
    if url:
        return url
    if _SCHEME_RE.match(link):
        return None
    try:
        path = Path(link.split("#", 1)[0])
        return path.resolve().as_uri() if path.is_file() else None
    except (OSError, ValueError, RuntimeError):
        return None


def _find_spans(sentence: str, needle: str | None, cls: str) -> list[tuple[int, int, str]]:
    if not needle:
        return []
    at = sentence.find(needle)
    return [(at, at + len(needle), cls)] if at >= 0 else []


def highlight(row: Row) -> str:
    """The sentence, escaped, with speaker mention, cue and quote marked.

    Stored character spans (article-body offsets) are used when they fall
    inside the sentence; otherwise the text is searched for.
    """
    s = row.statement
    sentence = s.sentence
    base = s.sent_start

    def relative(spans, cls):
        out = []
        for start, end in spans or []:
            a, b = start - base, end - base
            if 0 <= a < b <= len(sentence):
                out.append((a, b, cls))
        return out

    spans = relative(s.source_spans, "speaker") or _find_spans(sentence, s.speaker_mention, "speaker")
    spans += relative(s.cue_spans, "cue") or _find_spans(sentence, s.cue, "cue")
    quote = relative([(s.quote_start, s.quote_end)] if s.quote_start is not None and s.quote_end else [], "quote")
    spans += quote or _find_spans(sentence, s.quote, "quote")
    spans.sort()
    out, pos = [], 0
    for a, b, cls in spans:
        if a < pos:  # overlapping marks: keep the first
            continue
        out.append(_e(sentence[pos:a]))
        out.append(f'<mark class="{cls}">{_e(sentence[a:b])}</mark>')
        pos = b
    out.append(_e(sentence[pos:]))
    return "".join(out)


def _sort_head(label: str, col: int, kind: str, rowspan: int = 1, title: str | None = None, first: str = "") -> str:
    """A column heading that sorts the table by body cell `col` (numbers or text) when clicked:
    numbers largest first, text from A, unless `first` says "asc" or "desc"."""
    span = f' rowspan="{rowspan}"' if rowspan > 1 else ""
    tip = f' title="{_e(title)}"' if title else ""
    order = f' data-first="{first}"' if first else ""
    return f'<th{span} data-col="{col}" data-sort="{kind}"{order}{tip}><button type="button">{_e(label)}</button></th>'


def _side_heads(sides: list[str], first_col: int) -> tuple[str, str]:
    """The two heading rows of the per-side count columns: the side over support / oppose / neutral."""
    top = "".join(f'<th colspan="{len(LABELS) + 1}" class="side">{_e(side)}</th>' for side in sides)
    sub, col = [], first_col
    for side in sides:
        for lab in LABELS:
            sub.append(_sort_head(lab[:3], col, "num", title=f"statements coded {lab} on {side}"))
            col += 1
        sub.append(_sort_head("leaning", col, "text", title=f"leaning on {side}"))
        col += 1
    return top, "".join(sub)


def _side_cells(d: dict, sides: list[str]) -> str:
    """Support / oppose / neutral counts and the leaning per side, coloured by the leaning."""
    cells = []
    for side in sides:
        lean = d["leaning"][side] or ""
        for lab in LABELS:
            n = d["stance"][side][lab]
            cells.append(f'<td class="{f"num {lean}".strip()}" data-v="{n}">{n}</td>')
        cells.append(f'<td class="{lean}"><span class="lean">{_e(lean)}</span></td>' if lean else "<td></td>")
    return "".join(cells)


def _table_box(kind: str, noun: str, total: int, shown: int, table: str, placeholder: str) -> str:
    """A table with its tools: a filter box, the count shown, and a button that shows every row.

    Without a script every row is shown; the script hides all but the first `shown`."""
    return (
        f'<div class="table-box" id="{kind}-table" data-limit="{shown}" data-noun="{_e(noun)}">'
        f'<p class="tools"><label>Filter: <input class="table-filter" type="search" placeholder="{_e(placeholder)}"></label> '
        f'<span class="table-count">{plural(total, noun)}</span> '
        f'<button type="button" class="show-all" hidden>Show all {total}</button></p>'
        f"{table}</div>"
    )


def matrix_html(result: AnalysisResult) -> str:
    sides = result.sides
    top, sub = _side_heads(sides, 3)
    rows = []
    for camp in result.camps():
        d = camp.to_dict(sides)
        members = ", ".join(camp.members[:8]) + (f" +{len(camp.members) - 8}" if len(camp.members) > 8 else "")
        search = " ".join([camp.name, *camp.members]).lower()
        rows.append(
            f'<tr data-search="{_e(search)}"><td><a href="#camp-{_slug(camp.name)}">{_e(camp.name)}</a></td>'
            f'<td>{_e(members)}</td><td class="num" data-v="{camp.statements}">{camp.statements}</td>'
            f"{_side_cells(d, sides)}</tr>"
        )
    table = (
        '<table class="matrix sortable"><thead><tr>'
        f'{_sort_head("camp", 0, "text", 2)}{_sort_head("members", 1, "text", 2)}{_sort_head("statements", 2, "num", 2)}'
        f"{top}</tr><tr>{sub}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return _table_box("camps", "camp", len(rows), CAMPS_SHOWN, table, "camp, state or member")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def chart_svg(name: str, points: list[Point], periods: list[str], sides: list[str]) -> str:
    """An inline SVG line chart of a camp's net stance per side over the periods."""
    inner_w = CHART_W - PAD_L - PAD_R
    inner_h = CHART_H - PAD_T - PAD_B
    step = inner_w / max(len(periods) - 1, 1)
    xs = {p: PAD_L + (i * step if len(periods) > 1 else inner_w / 2) for i, p in enumerate(periods)}

    def y(score: float) -> float:
        return PAD_T + (1 - score) / 2 * inner_h

    parts = [
        f'<svg class="timeline-chart" role="img" aria-label="{_e(name)} stance over time" '
        f'xmlns="http://www.w3.org/2000/svg" width="{CHART_W}" height="{CHART_H}" viewBox="0 0 {CHART_W} {CHART_H}">'
    ]
    for score, label in ((1, "support"), (0, "neutral"), (-1, "oppose")):
        parts.append(
            f'<line x1="{PAD_L}" x2="{CHART_W - PAD_R}" y1="{y(score):.1f}" y2="{y(score):.1f}" '
            f'stroke="#d0d7de" stroke-dasharray="{"" if score == 0 else "3,3"}"/>'
            f'<text x="{PAD_L - 4}" y="{y(score) + 4:.1f}" font-size="10" text-anchor="end" fill="#57606a">{label}</text>'
        )
    every = max(1, math.ceil(len(periods) / 8))
    for i, p in enumerate(periods):
        if i % every == 0 or i == len(periods) - 1:
            parts.append(
                f'<text x="{xs[p]:.1f}" y="{CHART_H - PAD_B + 14}" font-size="10" text-anchor="end" fill="#57606a" '
                f'transform="rotate(-35 {xs[p]:.1f} {CHART_H - PAD_B + 14})">{_e(p)}</text>'
            )
    for k, side in enumerate(sides):
        colour = SIDE_COLOURS[k % len(SIDE_COLOURS)]
        coords = []
        for point in points:
            counts = point.stance.get(side)
            total = sum(counts[lab] for lab in LABELS) if counts else 0
            if not total or point.period not in xs:
                continue
            score = (counts["support"] - counts["oppose"]) / total
            nudge = (k - (len(sides) - 1) / 2) * 3  # sides with the same stance stay visible side by side
            coords.append((xs[point.period], y(score) + nudge, total, counts, point.period))
        if len(coords) > 1:
            path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy, *_ in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for cx, cy, total, counts, period in coords:
            r = min(3 + 2 * math.sqrt(total), MAX_RADIUS)
            tip = f"{name} on {side}, {period}: " + ", ".join(f"{counts[lab]} {lab}" for lab in LABELS)
            parts.append(
                f'<circle class="point" cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{colour}" fill-opacity="0.55" '
                f'stroke="{colour}"><title>{_e(tip)}</title></circle>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _dated(period: str) -> bool:
    """A period a chart can place: a day, week or month (not "undated", not a bare year)."""
    return period != UNDATED and len(period) > 4


def _has_stance(point: Point, sides: list[str]) -> bool:
    return any(point.stance.get(s) and sum(point.stance[s][lab] for lab in LABELS) for s in sides)


def charts_html(result: AnalysisResult) -> str:
    """One chart per camp that has a dated statement with a stance; no chart of undated dots."""
    sides = result.sides
    by_camp = series(result.camp_points)
    if not by_camp:
        return "<p>No statements to chart.</p>"
    charted = {
        name: points for name, points in by_camp.items() if any(_dated(p.period) and _has_stance(p, sides) for p in points)
    }
    undated = sum(1 for r in result.current if not _dated(period_of(r, result.period)))
    if not charted:
        why = (
            f"{undated} of {plural(len(result.current), 'statement')} are undated or dated too vaguely to place"
            if undated else "no statement takes a stance on a side"
        )
        articles = {r.article.id: r.article for r in result.rows}
        unpublished = sum(1 for a in articles.values() if not a.published)
        if undated and unpublished:
            why += f"; {unpublished} of {plural(len(articles), 'article')} have no publication date to date them by"
        return f'<p class="hint">No camp has a dated statement with a stance, so there is no timeline to draw ({why}).</p>'
    ranked = sorted(charted.items(), key=lambda kv: (-sum(p.statements for p in kv[1]), kv[0]))[:MAX_CHARTS]
    periods = sorted({p.period for _, points in ranked for p in points if _dated(p.period) or p.period == UNDATED},
                     key=period_sort_key)
    legend = "".join(
        f'<span><i class="swatch" style="background:{SIDE_COLOURS[k % len(SIDE_COLOURS)]}"></i>{_e(side)}</span>'
        for k, side in enumerate(sides)
    )
    notes = []
    if len(charted) > MAX_CHARTS:
        notes.append(f"The {MAX_CHARTS} camps with the most statements of {len(charted)} with dated ones.")
    left_out = len(by_camp) - len(charted)
    if left_out:
        verb = "gets" if left_out == 1 else "get"
        notes.append(
            f"{plural(left_out, 'camp')} with no dated statement that takes a stance {verb} no chart; "
            "their counts are in the camp table."
        )
    out = [f'<p class="legend">{legend}</p>']
    if notes:
        out.append(f'<p class="hint">{_e(" ".join(notes))}</p>')
    for name, points in ranked:
        out.append(
            f'<figure class="chart" id="chart-{_slug(name)}"><h3>{_e(name)}</h3>'
            f"{chart_svg(name, points, periods, sides)}</figure>"
        )
    return "".join(out)


def _cite_link(row: Row) -> str:
    return f'<a href="#st-{row.statement.id}">{_e(row.speaker)}, {_e(row.date_shown)}</a>'


def findings_html(result: AnalysisResult) -> str:
    out = []
    for kind, title in (("divergence", "Divergences"), ("shift", "Shifts"), ("background", "Background")):
        found = result.findings_of(kind)
        out.append(f"<h3>{title} ({len(found)})</h3>")
        if not found:
            needs_dates = kind != "background" and not result.window
            out.append('<p class="hint">None found' + (" (divergences and shifts need dated statements)." if needs_dates else ".") + "</p>")
        for f in found:
            items = "".join(
                f"<li>{_cite_link(r)}: “{_e(r.statement.quote or r.statement.sentence)}”</li>" for r in f.rows[:EVIDENCE_LIMIT]
            )
            more = f"<li>… {len(f.rows) - EVIDENCE_LIMIT} more</li>" if len(f.rows) > EVIDENCE_LIMIT else ""
            out.append(
                f'<div class="finding {kind}"><div class="kind">{kind}</div><p>{_e(f.text)}</p><ol>{items}{more}</ol></div>'
            )
    return "".join(out)


def _cite(citation: dict) -> str:
    href = safe_href(citation.get("url"))
    label = _e(citation["article"][:8])
    return f'<a href="{_e(href)}">{label}</a>' if href else label


def summary_html(result: AnalysisResult) -> str:
    items = []
    for sentence in result.summary:
        cites = "; ".join(
            f'{_cite(c)}, {_e(citation_date(c))}, “{_e(c["quote"])}”'
            for c in sentence.citations
        )
        items.append(f'<li>{_e(sentence.text)} <span class="cite">[{cites}]</span></li>')
    return f'<ul class="summary">{"".join(items)}</ul>' if items else "<p>No coded statements.</p>"


def actors_html(result: AnalysisResult) -> str:
    """Every actor, the ones that matter first (most coded statements, then most statements)."""
    sides = result.sides
    top, sub = _side_heads(sides, 6)
    rows = []
    for rank, actor in enumerate(result.actors(), 1):
        d = actor.to_dict(sides)
        search = f"{actor.name} {actor.camp}".lower()
        rows.append(
            f'<tr data-search="{_e(search)}"><td class="num" data-v="{rank}">{rank}</td><td>{_e(actor.name)}</td>'
            f"<td>{_e(actor.camp)}</td>"
            f'<td class="num" data-v="{actor.coded}">{actor.coded}</td>'
            f'<td class="num" data-v="{actor.statements}">{actor.statements}</td>'
            f'<td class="num" data-v="{actor.background}">{actor.background}</td>{_side_cells(d, sides)}</tr>'
        )
    if not rows:
        return "<p>No actors.</p>"
    table = (
        '<table class="actors sortable"><thead><tr>'
        f'{_sort_head("#", 0, "num", 2, "rank: most coded statements, then most statements", first="asc")}'
        f'{_sort_head("actor", 1, "text", 2)}{_sort_head("camp", 2, "text", 2)}'
        f'{_sort_head("coded", 3, "num", 2, "statements with a stance on at least one side")}'
        f'{_sort_head("statements", 4, "num", 2)}{_sort_head("background", 5, "num", 2)}'
        f"{top}</tr><tr>{sub}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return _table_box("actors", "actor", len(rows), ACTORS_SHOWN, table, "actor or camp")


def outlets_html(result: AnalysisResult) -> str:
    """Per outlet (or outlet country): whose statements it carries and how they stand."""
    outlets = result.outlets()
    if not outlets:
        return ('<p class="hint">No article names its outlet' + (" country" if result.by == "country" else "")
                + " (give the outlets with <code>--meta</code>).</p>")
    sides = result.sides
    top, sub = _side_heads(sides, 5)
    other = "country" if result.by == "outlet" else "outlets"
    rows = []
    for o in outlets:
        d = o.to_dict(sides, result.by)
        camps = ", ".join(f"{c} ({n})" for c, n in o.camps[:4])
        search = " ".join([o.name, *o.others, *(c for c, _ in o.camps)]).lower()
        rows.append(
            f'<tr data-search="{_e(search)}"><td>{_e(o.name)}</td><td>{_e(", ".join(o.others))}</td>'
            f'<td class="num" data-v="{o.articles}">{o.articles}</td><td class="num" data-v="{o.statements}">{o.statements}</td>'
            f"<td>{_e(camps)}</td>{_side_cells(d, sides)}</tr>"
        )
    table = (
        '<table class="outlets sortable"><thead><tr>'
        f'{_sort_head(result.by, 0, "text", 2)}{_sort_head(other, 1, "text", 2)}{_sort_head("articles", 2, "num", 2)}'
        f'{_sort_head("statements", 3, "num", 2)}{_sort_head("camps quoted most", 4, "text", 2)}'
        f"{top}</tr><tr>{sub}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return _table_box("outlets", result.by if result.by == "outlet" else "country", len(rows), CAMPS_SHOWN, table,
                      f"{result.by}, {other} or camp")


def statement_html(row: Row) -> str:
    s = row.statement
    badges = "".join(
        f'<span class="badge {st.label}" title="confidence {st.confidence:.2f}: the chance this label is right">'
        f'{_e(side)}: {_e(st.label)} <small>{st.confidence:.2f}</small></span>'
        for side, st in (row.coding.stance.items() if row.coding else [])
    )
    actions = ", ".join(row.actions)
    href = article_href(row)
    title = row.article.title or row.article.id[:12]
    link = f'<a class="article" href="{_e(href)}">{_e(title)}</a>' if href else _e(title)
    extra = " · background" if row.background else ""
    return (
        f'<li class="statement" id="st-{s.id}"><div class="st-head"><b>{_e(s.speaker)}</b> ({_e(row.camp.label)}) · '
        f'{_e(row.date_shown)}{extra} · cue “{_e(s.cue)}”{" · " + _e(actions) if actions else ""} {badges}</div>'
        f'<div class="sentence">{highlight(row)}</div><div class="st-head">{link}</div></li>'
    )


def evidence_html(result: AnalysisResult) -> str:
    """Every statement, grouped by camp; on a large corpus the groups start closed (a link or
    the filter opens them)."""
    groups: dict[str, list[Row]] = {}
    for row in result.rows:
        groups.setdefault(row.camp.label, []).append(row)
    order = [c.name for c in result.camps()] + sorted(set(groups) - {c.name for c in result.camps()})
    opened = " open" if len(result.rows) <= OPEN_EVIDENCE else ""
    out = []
    for name in order:
        rows = sorted(groups.get(name, []), key=lambda r: (r.speaker, r.bounds or (), r.article.id, r.statement.sent_start))
        if rows:
            out.append(
                f'<details class="camp-group" id="camp-{_slug(name)}"{opened}><summary><h3>{_e(name)} ({len(rows)})</h3></summary>'
                f'<ol class="statements">{"".join(statement_html(r) for r in rows)}</ol></details>'
            )
    return "".join(out) or "<p>No statements.</p>"


def render_html(result: AnalysisResult) -> str:
    window = readable_days(*result.window) if result.window else "no dated statements"
    meta = (
        f"Sides: {', '.join(result.sides)} · {plural(result.articles, 'article')} · {plural(len(result.rows), 'statement')} "
        f"({result.time_note()}){result.unattributed_note().replace(';', ' ·')} · window {window} · by {result.period}"
    )
    return Template(_asset("report.html")).substitute(
        title=_e(f"stancemap: {result.conflict}"), meta=_e(meta), period=_e(result.period),
        css=_asset("report.css"), js=_asset("report.js"), version=_e(__version__),
        summary=summary_html(result), matrix=matrix_html(result), charts=charts_html(result),
        findings=findings_html(result), actors=actors_html(result), evidence=evidence_html(result),
        outlets=outlets_html(result), by=_e(result.by),
    )


def write_html(result: AnalysisResult, dest: str | Path) -> None:
    write_text(render_html(result), dest)
