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
