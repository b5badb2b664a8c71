"""What `ingest`, `articles` and `show` print: plain dicts for --json, rich tables for people."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..console import plain
from ..english import count, tally
from ..records import Article
from ..store.db import Store
from .sources import IngestSummary

LIST_FIELDS = ("id", "title", "published", "publisher", "country", "url", "language")


def article_dict(article: Article, sources: list[str], *, body: bool = False, full: bool = False) -> dict[str, Any]:
    """An article as JSON-ready data; `full` adds every metadata field, `body` the clean body."""
    d = article.to_dict()
    out = {key: d[key] for key in LIST_FIELDS}
    if full:
        for key in ("published_from", "dateline", "header_end", "original_source", "original_url", "authors",
                    "cited_authors", "tags", "views", "format", "links"):
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
        table.add_row(*map(plain, (
            row["id"],
            row["title"] or "",
            row["published"] or "",
            " ".join(x for x in (row["publisher"], f"({row['country']})" if row.get("country") else None) if x),
            row["language"] or "",
            _short(sources[0]) + (f" (+{len(sources) - 1} more)" if len(sources) > 1 else "") if sources else "",
        )))
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
        meta.add_row(key, plain(value))
    console.print(Panel(Group(meta), title=plain(row.get("title") or row["id"]), title_align="left"))
    console.print(plain(row.get("body") or ""))


def print_summary(console: Console, summary: IngestSummary, *, quiet: bool = False) -> None:
    """The end-of-run summary (counts, duplicates, skipped files), then every failure with its reason.

    `quiet` keeps only the failures and the warning that nothing was found.
    """
    if not quiet:
        parts = [f"[green]{count(len(summary.added), 'article')} added[/green]", count(len(summary.duplicates), "duplicate")]
        if summary.skipped:
            parts.append(f"{count(len(summary.skipped), 'source')} already stored")
        parts.append(f"[red]{count(len(summary.failures), 'failure')}[/red]" if summary.failures else "0 failures")
        console.print("ingest: " + ", ".join(parts), highlight=False)
        for dup in summary.duplicates:
            console.print(plain(f"duplicate {dup['id']}: {dup['source']}"), highlight=False, soft_wrap=True)
        special = [r for r in summary.not_articles if r["reason"].startswith("not a regular file")]
        if special:  # devices, pipes, sockets and links to folders met in a folder walk
            reasons = [r["reason"].removeprefix("not a regular file: ") for r in special]
            console.print(plain(f"skipped {count(len(special), 'entry', 'entries')} that {'is' if len(special) == 1 else 'are'} "
                                f"not a regular file ({tally(reasons)}): {', '.join(r['source'] for r in special[:5])}"
                                + (" ..." if len(special) > 5 else "")), highlight=False, soft_wrap=True)
        others = [r for r in summary.not_articles if r not in special]
        if others:
            reasons = [r["reason"].removeprefix("not an article: ") for r in others]
            n = len(others)
            console.print(plain(f"skipped {count(n, 'file')} that {'is not an article' if n == 1 else 'are not articles'} ({tally(reasons)}); "
                                "name a file explicitly to read it anyway"), highlight=False, soft_wrap=True)
        if summary.warc_skipped:
            n = sum(summary.warc_skipped.values())
            console.print(plain(f"skipped {count(n, 'WARC record')} that {'is' if n == 1 else 'are'} not a page: "
                                + ", ".join(f"{k} {why}" for why, k in summary.warc_skipped.most_common())),
                          highlight=False, soft_wrap=True)
    if summary.meta is not None and not quiet:
        print_meta(console, summary.meta)
    for failure in summary.failures:
        console.print(Text.assemble(("failed", "red"), " ", plain(f"{failure['source']}: {failure['reason']}")), highlight=False, soft_wrap=True)
    if summary.found_nothing:
        console.print("[yellow]warning:[/yellow] no article found in the sources given"
                      + (" (only files that are not articles)" if summary.not_articles else ""), highlight=False)


def print_meta(console: Console, meta: dict[str, Any], limit: int = 5) -> None:
    """What --meta joined, and each kind of mismatch with its first few cases."""
    console.print(plain(f"meta {meta['file']}: {count(meta['joined'], 'input')} joined to a row "
                        f"({count(meta['updated'], 'article')} updated)"), highlight=False, soft_wrap=True)

    def some(items: list, show) -> str:
        shown = ", ".join(show(x) for x in items[:limit])
        return shown + (f", … ({len(items) - limit} more)" if len(items) > limit else "")

    problems = [
        ("row names no input", "rows name no input", meta["rows_without_input"], lambda r: f"line {r['line']} {r['file']}"),
        ("input has no row", "inputs have no row", meta["inputs_without_row"], lambda loc: _short(loc, 40)),
        ("row names more than one input", "rows name more than one input", meta["ambiguous"],
         lambda r: f"line {r['line']} {r['file']}"),
        ("row repeats an input", "rows repeat an input", meta["duplicate_rows"],
         lambda r: f"line {r['line']} {r['file']} (first on line {r['first_line']})"),
        ("value is not used", "values are not used", meta["bad_values"],
         lambda p: f"line {p['line']} {p['field']}={p['value']!r}: {p['why']}"),
        ("article dates itself otherwise (its own date kept)", "articles date themselves otherwise (their own dates kept)",
         meta["published_disagreements"],
         lambda d: f"{_short(d['source'], 30)}: {d['from']} {d['published'][:16]}, table {d['meta']}"),
    ]
    for one, many, items, show in problems:
        if items:
            console.print(plain(f"  {len(items)} {one if len(items) == 1 else many}: {some(items, show)}"),
                          highlight=False, soft_wrap=True)
