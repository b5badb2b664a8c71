"""The Markdown report: summary, camp table, findings with their evidence."""

from __future__ import annotations

import re
from pathlib import Path

from ..analysis.dataset import LABELS, citation_date, readable_days
from ..analysis.findings import EVIDENCE_LIMIT, plural
from ..analysis.result import AnalysisResult
from ..safety import http_url, visible
from .json import write_text

KIND_TITLES = {"divergence": "Divergences", "shift": "Shifts", "background": "Background"}


_HTML_CHARS = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN_CHARS = re.compile(r"([\\`*_\[\]|~])")


def _side_table_head(columns: list[str], sides: list[str]) -> list[str]:
    """A table's header row and rule: these columns, then one per side."""
    return ["| " + " | ".join(columns) + " | " + " | ".join(map(_cell, sides)) + " |",
            "|" + "---|" * len(columns) + "---|" * len(sides)]


def _cell(text: object) -> str:
    """Text from input as inert Markdown: one line, control characters visible, HTML
    escaped (a renderer must not run a `<script>` from an article) and Markdown syntax
    escaped (no link, emphasis or table cell is made by article text)."""
    text = visible(" ".join(str(text if text is not None else "").split()))
    text = "".join(_HTML_CHARS.get(ch, ch) for ch in text)
    return _MARKDOWN_CHARS.sub(r"\\\1", text)


def _link(label: str, url: str | None) -> str:
    """A Markdown link when the URL is http(s), else the label alone: no `javascript:`
    or local path becomes something to click."""
    href = http_url(url)
    if not href:
        return _cell(label)
    return f"[{_cell(label)}](<{href.replace('<', '%3C').replace('>', '%3E')}>)"


def _counts(stance: dict) -> str:
    return " / ".join(str(stance[label]) for label in LABELS)


def render_markdown(result: AnalysisResult) -> str:
    sides = result.sides
    out = [f"# Stance report: {_cell(result.conflict)}", ""]
    window = readable_days(*result.window) if result.window else "no dated statements"
    out.append(
        f"Sides: {_cell(', '.join(sides))}. {plural(result.articles, 'article')}, {plural(len(result.rows), 'statement')} "
        f"({result.time_note()}){result.unattributed_note()}; conflict window {window}; periods by {result.period}."
    )
    out += ["", "## Summary", ""]
    for sentence in result.summary:
        cites = "; ".join(
            f"{_link(c['article'][:8], c.get('url'))}, {citation_date(c)}, “{_cell(c['quote'])}”" for c in sentence.citations
        )
        out.append(f"- {_cell(sentence.text)} \\[{cites}\\]")
    out += ["", "## Camps", "", "Counts are support / oppose / neutral statements.", ""]
    out += _side_table_head(["camp", "members", "statements"], sides)
    for camp in result.camps():
        d = camp.to_dict(sides)
        cells = [f"{_counts(d['stance'][s])} ({d['leaning'][s] or '-'})" for s in sides]
        out.append(f"| {_cell(camp.name)} | {_cell(', '.join(camp.members))} | {camp.statements} | " + " | ".join(cells) + " |")
    out += ["", "## Actors", ""]
    out += _side_table_head(["actor", "camp", "statements"], sides)
    for actor in result.actors():
        d = actor.to_dict(sides)
        cells = [f"{_counts(d['stance'][s])}" for s in sides]
        out.append(f"| {_cell(actor.name)} | {_cell(actor.camp)} | {actor.statements} | " + " | ".join(cells) + " |")
    outlets = result.outlets()
    if outlets:
        out += ["", f"## By {result.by}", "", "Whose statements each carries (the camps it quotes most) and how they stand.", ""]
        other = "country" if result.by == "outlet" else "outlets"
        out.append(f"| {result.by} | {other} | articles | statements | camps quoted most | " + " | ".join(sides) + " |")
        out.append("|---|---|---|---|---|" + "---|" * len(sides))
        for o in outlets:
            d = o.to_dict(sides, result.by)
            cells = [f"{_counts(d['stance'][s])} ({d['leaning'][s] or '-'})" for s in sides]
            camps = ", ".join(f"{c} {n}" for c, n in o.camps[:3])
            out.append(f"| {_cell(o.name)} | {_cell(', '.join(o.others))} | {o.articles} | {o.statements} | {_cell(camps)} | "
                       + " | ".join(cells) + " |")
    for kind in ("divergence", "shift", "background"):
        findings = result.findings_of(kind)
        out += ["", f"## {KIND_TITLES[kind]}", ""]
        if not findings:
            out.append("None found" + (" (they need dated statements)." if kind != "background" and not result.window else "."))
        for f in findings:
            out += [f"- **{_cell(f.text)}**"]
            for row in f.rows[:EVIDENCE_LIMIT]:
                s = row.statement
                out.append(
                    f"  - {_cell(s.speaker)}, {row.date_shown} ({_link(row.article.id[:8], row.article.url)}): "
                    f"“{_cell(s.sentence)}”"
                )
            if len(f.rows) > EVIDENCE_LIMIT:
                out.append(f"  - … and {len(f.rows) - EVIDENCE_LIMIT} more statements")
    return "\n".join(out) + "\n"


def write_markdown(result: AnalysisResult, dest: str | Path) -> None:
    write_text(render_markdown(result), dest)
