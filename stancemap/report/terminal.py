"""The terminal report: rich tables of camps, actors and findings, and the cited summary."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..analysis.dataset import LABELS, citation_date, readable_days
from ..console import SafeConsole, plain
from ..safety import visible
from ..analysis.findings import plural
from ..analysis.result import AnalysisResult

STYLE = {"support": "green", "oppose": "red", "neutral": "cyan", "mixed": "yellow"}
MAX_ACTORS = 25


def _stance_cell(stance: dict, leaning: str | None) -> Text:
    counts = " / ".join(str(stance[label]) for label in LABELS)
    text = Text(counts)
    if leaning:
        text.append(f" {leaning}", style=STYLE.get(leaning, ""))
    return text


def camp_table(result: AnalysisResult) -> Table:
    table = Table(title=plain(f"Camps on {result.conflict} (support / oppose / neutral)"), show_lines=False)
    table.add_column("camp", style="bold")
    table.add_column("members")
    table.add_column("stmts", justify="right")
    for side in result.sides:
        table.add_column(plain(side))
    for camp in result.camps():
        d = camp.to_dict(result.sides)
        members = ", ".join(camp.members[:5]) + (f" +{len(camp.members) - 5}" if len(camp.members) > 5 else "")
        table.add_row(
            plain(camp.name), plain(members), str(camp.statements),
            *[_stance_cell(d["stance"][s], d["leaning"][s]) for s in result.sides],
        )
    return table


def actor_table(result: AnalysisResult, limit: int = MAX_ACTORS) -> Table:
    actors = result.actors()
    title = f"Actors ({len(actors)}; the {limit} with the most coded statements)" if len(actors) > limit else "Actors"
    table = Table(title=title)
    table.add_column("actor", style="bold")
    table.add_column("camp")
    table.add_column("stmts", justify="right")
    for side in result.sides:
        table.add_column(plain(side))
    for actor in actors[:limit]:
        d = actor.to_dict(result.sides)
        table.add_row(
            plain(actor.name), plain(actor.camp), str(actor.statements),
            *[_stance_cell(d["stance"][s], d["leaning"][s]) for s in result.sides],
        )
    return table


def outlet_table(result: AnalysisResult, limit: int = MAX_ACTORS) -> Table | None:
    """Per outlet (or outlet country): whose statements it carries and how they stand."""
    outlets = result.outlets()
    if not outlets:
        return None
    title = f"By {result.by} (support / oppose / neutral of the statements each carries)"
    table = Table(title=title)
    table.add_column(result.by, style="bold")
    table.add_column("arts", justify="right")
    table.add_column("stmts", justify="right")
    table.add_column("camps quoted most")
    for side in result.sides:
        table.add_column(side)
    for o in outlets[:limit]:
        d = o.to_dict(result.sides, result.by)
        name = o.name + (f" ({d['country']})" if result.by == "outlet" and d.get("country") else "")
        table.add_row(
            name, str(o.articles), str(o.statements), ", ".join(f"{c} {n}" for c, n in o.camps[:3]),
            *[_stance_cell(d["stance"][s], d["leaning"][s]) for s in result.sides],
        )
    return table


def print_report(result: AnalysisResult, console: Console | None = None) -> None:
    console = console or SafeConsole()
    window = readable_days(*result.window) if result.window else "no dated statements"
    console.print(
        Text.assemble(Text(visible(result.conflict), style="bold"), plain(
            f": sides {', '.join(result.sides)}; {plural(result.articles, 'article')}, "
            f"{plural(len(result.rows), 'statement')} ({result.time_note()}){result.unattributed_note()}; window {window}; by {result.period}")),
        highlight=False,
    )
    console.print(camp_table(result))
    console.print(actor_table(result))
    outlets = outlet_table(result)
    if outlets is not None:
        console.print(outlets)
    for kind, title in (("divergence", "Divergences"), ("shift", "Shifts"), ("background", "Background")):
        findings = result.findings_of(kind)
        console.print(f"\n[bold]{title}[/bold] ({len(findings)})", highlight=False)
        if not findings and kind != "background":
            console.print("  none found" + ("" if result.window else " (they need dated statements)"), style="dim")
        for f in findings:
            console.print(plain("• " + f.text))
            for row in f.rows[:4]:
                s = row.statement
                line = Text("    ")
                line.append(visible(f"{s.speaker}, {row.date_shown}, {row.article.id[:8]}: "), style="dim")
                line.append(visible(s.quote or s.sentence), style="italic")
                console.print(line)
            if len(f.rows) > 4:
                console.print(f"    … {len(f.rows) - 4} more in --html/--md/--json", style="dim")
    console.print("\n[bold]Summary[/bold]")
    for sentence in result.summary:
        console.print(plain("• " + sentence.text))
        for c in sentence.citations:
            console.print(plain(f"    [{c['article'][:8]}, {citation_date(c)}] “{c['quote']}”"), style="dim")
