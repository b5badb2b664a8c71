"""The Markdown report: summary, camp table, findings with their evidence."""

from __future__ import annotations

from pathlib import Path

from ..analysis.dataset import LABELS, citation_date, readable_days
from ..analysis.findings import EVIDENCE_LIMIT, plural
from ..analysis.result import AnalysisResult
from .json import write_text

KIND_TITLES = {"divergence": "Divergences", "shift": "Shifts", "background": "Background"}


def _cell(text: object) -> str:
    """Table-safe text: no pipes or line breaks from article text."""
    return " ".join(str(text if text is not None else "").split()).replace("|", "\\|")


def _counts(stance: dict) -> str:
    return " / ".join(str(stance[label]) for label in LABELS)


def render_markdown(result: AnalysisResult) -> str:
    sides = result.sides
    out = [f"# Stance report: {result.conflict}", ""]
    window = readable_days(*result.window) if result.window else "no dated statements"
    out.append(
        f"Sides: {', '.join(sides)}. {plural(result.articles, 'article')}, {plural(len(result.rows), 'statement')} "
        f"({result.time_note()}); conflict window {window}; periods by {result.period}."
    )
    out += ["", "## Summary", ""]
    for sentence in result.summary:
        cites = "; ".join(
            f"{c['article'][:8]}, {citation_date(c)}, “{_cell(c['quote'])}”" for c in sentence.citations
        )
        out.append(f"- {sentence.text} [{cites}]")
    out += ["", "## Camps", "", "Counts are support / oppose / neutral statements.", ""]
    out.append("| camp | members | statements | " + " | ".join(sides) + " |")
    out.append("|---|---|---|" + "---|" * len(sides))
    for camp in result.camps():
        d = camp.to_dict(sides)
        cells = [f"{_counts(d['stance'][s])} ({d['leaning'][s] or '-'})" for s in sides]
        out.append(f"| {_cell(camp.name)} | {_cell(', '.join(camp.members))} | {camp.statements} | " + " | ".join(cells) + " |")
    out += ["", "## Actors", ""]
    out.append("| actor | camp | statements | " + " | ".join(sides) + " |")
    out.append("|---|---|---|" + "---|" * len(sides))
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
                link = row.article.link or row.article.id
                out.append(
                    f"  - {_cell(s.speaker)}, {row.date_shown} ([{row.article.id[:8]}]({link})): "
                    f"“{_cell(s.sentence)}”"
                )
            if len(f.rows) > EVIDENCE_LIMIT:
                out.append(f"  - … and {len(f.rows) - EVIDENCE_LIMIT} more statements")
    return "\n".join(out) + "\n"


def write_markdown(result: AnalysisResult, dest: str | Path) -> None:
    write_text(render_markdown(result), dest)
