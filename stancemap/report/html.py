"""The HTML report: one self-contained file (inline CSS, JS and SVG; no network) an analyst can audit.

Every piece of article text goes through `escape`; the only markup is ours.
"""

from __future__ import annotations

import math
from html import escape
from importlib import resources
from pathlib import Path
from string import Template

from .. import __version__
from ..analysis.dataset import LABELS, Row, readable_date, readable_days
from ..analysis.findings import EVIDENCE_LIMIT, plural
from ..analysis.result import AnalysisResult
from ..analysis.timeline import UNDATED, Point, period_sort_key, series
from .json import write_text

SIDE_COLOURS = ["#8250df", "#bc4c00", "#0a7ea4", "#cf222e", "#116329", "#6e7781"]
MAX_CHARTS = 24
CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 460, 170, 46, 12, 12, 46


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(f"templates/{name}").read_text("utf-8")


def _e(text: object) -> str:
    return escape(str(text if text is not None else ""), quote=True)


def article_href(row: Row) -> str | None:
    """A link back to the article: its URL, or the local file it was read from."""
    link = row.article.link
    if not link:
        return None
    if link.startswith(("http://", "https://")):
        return link
    path = Path(link.split("#", 1)[0])
    if path.exists():
        return path.resolve().as_uri()
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


def _leaning_class(label: str | None) -> str:
    return f' class="{label}"' if label else ""


def matrix_html(result: AnalysisResult) -> str:
    sides = result.sides
    head = "".join(f"<th>{_e(s)}</th>" for s in sides)
    rows = []
    for camp in result.camps():
        d = camp.to_dict(sides)
        cells = []
        for side in sides:
            counts = d["stance"][side]
            lean = d["leaning"][side]
            text = " / ".join(str(counts[lab]) for lab in LABELS)
            cells.append(
                f'<td{_leaning_class(lean)}>{text}' + (f' <span class="lean">{_e(lean)}</span>' if lean else "") + "</td>"
            )
        members = ", ".join(camp.members[:8]) + (f" +{len(camp.members) - 8}" if len(camp.members) > 8 else "")
        rows.append(
            f'<tr><td><a href="#camp-{_slug(camp.name)}">{_e(camp.name)}</a></td><td>{_e(members)}</td>'
            f'<td class="num">{camp.statements}</td>{"".join(cells)}</tr>'
        )
    return (
        '<table class="matrix"><thead><tr><th>camp</th><th>members</th><th>statements</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


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
            r = 3 + 2 * math.sqrt(total)
            tip = f"{name} on {side}, {period}: " + ", ".join(f"{counts[lab]} {lab}" for lab in LABELS)
            parts.append(
                f'<circle class="point" cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{colour}" fill-opacity="0.55" '
                f'stroke="{colour}"><title>{_e(tip)}</title></circle>'
            )
    parts.append("</svg>")
    return "".join(parts)


def charts_html(result: AnalysisResult) -> str:
    by_camp = series(result.camp_points)
    periods = sorted({p.period for p in result.camp_points if len(p.period) > 4 or p.period == UNDATED}, key=period_sort_key)
    if not periods:
        return "<p>No statements to chart.</p>"
    legend = "".join(
        f'<span><i class="swatch" style="background:{SIDE_COLOURS[k % len(SIDE_COLOURS)]}"></i>{_e(side)}</span>'
        for k, side in enumerate(result.sides)
    )
    coded = {
        name: points for name, points in by_camp.items()
        if any(sum(p.stance[s][lab] for lab in LABELS) for p in points for s in result.sides)
    }
    if not coded:
        return "<p>No statement has a stance on a side yet.</p>"
    ranked = sorted(coded.items(), key=lambda kv: -sum(p.statements for p in kv[1]))[:MAX_CHARTS]
    out = [f'<p class="legend">{legend}</p>']
    for name, points in ranked:
        out.append(
            f'<figure class="chart" id="chart-{_slug(name)}"><h3>{_e(name)}</h3>'
            f"{chart_svg(name, points, periods, result.sides)}</figure>"
        )
    return "".join(out)


def _cite_link(row: Row) -> str:
    return f'<a href="#st-{row.statement.id}">{_e(row.speaker)}, {_e(readable_date(row.statement.date.value))}</a>'


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


def summary_html(result: AnalysisResult) -> str:
    items = []
    for sentence in result.summary:
        cites = "; ".join(
            f'<a href="{_e(c["url"] or "#")}">{_e(c["article"][:8])}</a>, {_e(readable_date(c["date"]))}, “{_e(c["quote"])}”'
            for c in sentence.citations
        )
        items.append(f'<li>{_e(sentence.text)} <span class="cite">[{cites}]</span></li>')
    return f'<ul class="summary">{"".join(items)}</ul>' if items else "<p>No coded statements.</p>"


def actors_html(result: AnalysisResult) -> str:
    sides = result.sides
    head = "".join(f"<th>{_e(s)}</th>" for s in sides)
    rows = []
    for actor in result.actors():
        d = actor.to_dict(sides)
        cells = "".join(
            f'<td{_leaning_class(d["leaning"][s])}>' + " / ".join(str(d["stance"][s][lab]) for lab in LABELS) + "</td>"
            for s in sides
        )
        rows.append(
            f"<tr><td>{_e(actor.name)}</td><td>{_e(actor.camp)}</td><td class=\"num\">{actor.statements}</td>"
            f'<td class="num">{actor.background}</td>{cells}</tr>'
        )
    return (
        "<table><thead><tr><th>actor</th><th>camp</th><th>statements</th><th>background</th>"
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def statement_html(row: Row) -> str:
    s = row.statement
    badges = "".join(
        f'<span class="badge {st.label}">{_e(side)}: {_e(st.label)}</span>'
        for side, st in (row.coding.stance.items() if row.coding else [])
    )
    actions = ", ".join(row.actions)
    href = article_href(row)
    title = row.article.title or row.article.id[:12]
    link = f'<a class="article" href="{_e(href)}">{_e(title)}</a>' if href else _e(title)
    extra = " · background" if row.background else ""
    return (
        f'<li class="statement" id="st-{s.id}"><div class="st-head"><b>{_e(s.speaker)}</b> ({_e(row.camp.label)}) · '
        f'{_e(readable_date(s.date.value))}{extra} · cue “{_e(s.cue)}”{" · " + _e(actions) if actions else ""} {badges}</div>'
        f'<div class="sentence">{highlight(row)}</div><div class="st-head">{link}</div></li>'
    )


def evidence_html(result: AnalysisResult) -> str:
    groups: dict[str, list[Row]] = {}
    for row in result.rows:
        groups.setdefault(row.camp.label, []).append(row)
    order = [c.name for c in result.camps()] + sorted(set(groups) - {c.name for c in result.camps()})
    out = []
    for name in order:
        rows = sorted(groups.get(name, []), key=lambda r: (r.speaker, r.bounds or (), r.article.id, r.statement.sent_start))
        if rows:
            out.append(
                f'<div class="camp-group" id="camp-{_slug(name)}"><h3>{_e(name)} ({len(rows)})</h3>'
                f'<ol class="statements">{"".join(statement_html(r) for r in rows)}</ol></div>'
            )
    return "".join(out) or "<p>No statements.</p>"


def render_html(result: AnalysisResult) -> str:
    window = readable_days(*result.window) if result.window else "no dated statements"
    meta = (
        f"Sides: {', '.join(result.sides)} · {plural(result.articles, 'article')} · {plural(len(result.rows), 'statement')} · "
        f"window {window} · by {result.period}"
    )
    return Template(_asset("report.html")).substitute(
        title=_e(f"stancemap: {result.conflict}"), meta=_e(meta), period=_e(result.period),
        css=_asset("report.css"), js=_asset("report.js"), version=_e(__version__),
        summary=summary_html(result), matrix=matrix_html(result), charts=charts_html(result),
        findings=findings_html(result), actors=actors_html(result), evidence=evidence_html(result),
    )


def write_html(result: AnalysisResult, dest: str | Path) -> None:
    write_text(render_html(result), dest)
