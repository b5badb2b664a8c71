"""What `ingest`, `articles` and `show` print: plain dicts for --json, rich tables for people."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..records import Article
from ..store.db import Store
from .sources import IngestSummary

LIST_FIELDS = ("id", "title", "published", "publisher", "url", "language")


def article_dict(article: Article, sources: list[str], *, body: bool = False, full: bool = False) -> dict[str, Any]:
    """An article as JSON-ready data; `full` adds every metadata field, `body` the clean body."""
    d = article.to_dict()
    out = {key: d[key] for key in LIST_FIELDS}
    if full:
        for key in ("original_source", "original_url", "authors", "cited_authors", "tags", "views", "format", "links"):
            out[key] = d[key]
    out["sources"] = sources
    if body:
        out["body"] = article.body
    return out


def stored_articles(store: Store, *, body: bool = False) -> list[dict[str, Any]]:
    return [article_dict(a, store.sources(a.id), body=body) for a in store.articles()]


def articles_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(show_lines=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=3, overflow="fold")
    table.add_column("published", no_wrap=True)
    table.add_column("publisher", ratio=1, overflow="fold")
    table.add_column("lang", no_wrap=True)
    table.add_column("sources", ratio=2, overflow="fold")
    for row in rows:
        sources = row["sources"]
        table.add_row(
            row["id"],
            row["title"] or "",
            row["published"] or "",
            row["publisher"] or "",
            row["language"] or "",
            _short(sources[0]) + (f" (+{len(sources) - 1} more)" if len(sources) > 1 else "") if sources else "",
        )
    return table


def _short(location: str, width: int = 48) -> str:
    return location if len(location) <= width else "…" + location[-(width - 1):]


def print_article(console: Console, row: dict[str, Any]) -> None:
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column(overflow="fold")
    for key, value in row.items():
        if key in ("body", "links") or value in (None, [], ""):
            continue
        if isinstance(value, list):
            value = "\n".join(map(str, value)) if key == "sources" else ", ".join(map(str, value))
        meta.add_row(key, str(value))
    console.print(Panel(Group(meta), title=row.get("title") or row["id"], title_align="left"))
    console.print(Text(row.get("body") or ""))


def print_summary(console: Console, summary: IngestSummary) -> None:
    """The end-of-run summary: counts, then every failure with its reason."""
    parts = [f"[green]{len(summary.added)} added[/green]", f"{len(summary.duplicates)} duplicate"]
    if summary.skipped:
        parts.append(f"{len(summary.skipped)} already stored")
    parts.append(f"[red]{len(summary.failures)} failed[/red]" if summary.failures else "0 failed")
    console.print("ingest: " + ", ".join(parts), highlight=False)
    for dup in summary.duplicates:
        console.print(f"duplicate {dup['id']}: {escape(str(dup['source']))}", highlight=False, soft_wrap=True)
    for failure in summary.failures:
        console.print(f"[red]failed[/red] {escape(failure['source'])}: {escape(failure['reason'])}", highlight=False, soft_wrap=True)
