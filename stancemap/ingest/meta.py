"""Sidecar metadata: a CSV or JSON Lines table that says, per input file, what its page does not.

Research corpora keep their metadata beside the texts (`sources.csv`: file, outlet,
published, ...). `--meta FILE` joins each input file to the row whose `file` column names
it (the path relative to the source given, or the file name) and takes the fields it
knows: `published`, `outlet` (or `publisher`), `country`, `url`, `title`, `language`.
Other columns are ignored. Nothing is guessed: a row that names no input, an input with
no row, a name two inputs share and a value that is not what its column holds are
reported, and those rows or values are not used.

Precedence: the table's values replace what the page gave, except `published`. A date the
article prints itself (its dateline, its page's markup) wins over the table's: on the
Syria corpus the data set's date column disagrees with the articles' own datelines on 221
of 788 articles, by up to months, and the dateline is the date the annotators used. The
disagreement is reported. A dateline without a year yields to the table.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from ..userfile import UserFileError, read_text

FIELDS = ("published", "outlet", "publisher", "country", "url", "title", "language")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?")


class MetaError(ValueError):
    """A metadata table that cannot be used at all (unreadable, no `file` column)."""


@dataclass
class MetaRow:
    line: int  # line of the table (CSV: counting the header as line 1)
    file: str  # the `file` column, as written
    values: dict[str, str] = field(default_factory=dict)  # the known fields it gives (non-empty)


@dataclass
class MetaTable:
    path: str
    rows: list[MetaRow]
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)  # bad values: {line, field, value, why}


def read_meta(path: str | Path) -> MetaTable:
    """Read a CSV (comma, tab or semicolon separated, header row) or JSON Lines table."""
    path = Path(path)
    try:
        text = read_text(path, "file")
    except UserFileError as exc:
        raise MetaError(f"--meta {exc}") from None
    records = _jsonl(text, path) if text.lstrip().startswith("{") else _csv(text, path)
    columns: list[str] = []
    for _, record in records:
        columns.extend(k for k in record if k not in columns)
    if "file" not in columns:
        raise MetaError(f"--meta {path}: no `file` column (columns: {', '.join(columns) or 'none'})")
    table = MetaTable(str(path), [], [c for c in columns if c not in FIELDS and c != "file"])
    for line, record in records:
        name = str(record.get("file") or "").strip()
        if not name:
            table.problems.append({"line": line, "field": "file", "value": "", "why": "no file named"})
            continue
        values: dict[str, str] = {}
        for key in FIELDS:
            value = record.get(key)
            value = "" if value is None else str(value).strip()
            if not value:
                continue
            if key == "published" and not _ISO.fullmatch(value):
                table.problems.append({"line": line, "field": key, "value": value,
                                       "why": "not an ISO date (YYYY-MM-DD, optionally with THH:MM)"})
                continue
            values[key] = value
        table.rows.append(MetaRow(line, name, values))
    return table


def _csv(text: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    head = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=head.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if reader.fieldnames is None:
        raise MetaError(f"--meta {path}: the table is empty")
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames]
    return [(reader.line_num, row) for row in reader]


def _jsonl(text: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MetaError(f"--meta {path}: line {n} is not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise MetaError(f"--meta {path}: line {n} is not a JSON object")
        out.append((n, {str(k).strip().lower(): v for k, v in record.items()}))
    return out


# -- the join -------------------------------------------------------------------------


@dataclass
class Input:
    """An input file as the user gave it: its location (as stored) and its names."""

    location: str
    relative: str  # path relative to the source given (the file name when a file was given)
    name: str


def _key(text: str) -> str:
    return str(PurePosixPath(text.replace("\\", "/"))).removeprefix("./")


@dataclass
class Join:
    matches: dict[str, MetaRow] = field(default_factory=dict)  # input location -> row
    rows_without_input: list[MetaRow] = field(default_factory=list)
    inputs_without_row: list[str] = field(default_factory=list)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)  # {line, file, inputs}
    duplicate_rows: list[dict[str, Any]] = field(default_factory=list)  # {line, file, first_line}


def join(table: MetaTable, inputs: Iterable[Input]) -> Join:
    """Each input to the one row that names it: by its path relative to the source given, by
    its absolute path, or by its file name when no other input shares that name."""
    inputs = list(inputs)
    out = Join()
    by_relative: dict[str, list[Input]] = {}
    by_name: dict[str, list[Input]] = {}
    by_location = {_key(i.location): i for i in inputs}
    for item in inputs:
        by_relative.setdefault(_key(item.relative), []).append(item)
        by_name.setdefault(item.name, []).append(item)
    for row in table.rows:
        key = _key(row.file)
        found = by_relative.get(key) or ([by_location[key]] if key in by_location else None)
        if not found and "/" not in key:
            found = by_name.get(key)
        if not found:
            resolved = _key(str(Path(row.file).resolve()))
            found = [by_location[resolved]] if resolved in by_location else None
        if not found:
            out.rows_without_input.append(row)
            continue
        if len(found) > 1:
            out.ambiguous.append({"line": row.line, "file": row.file, "inputs": [i.location for i in found]})
            continue
        location = found[0].location
        if location in out.matches:
            out.duplicate_rows.append({"line": row.line, "file": row.file, "first_line": out.matches[location].line})
            continue
        out.matches[location] = row
    out.inputs_without_row = [i.location for i in inputs if i.location not in out.matches]
    return out


# -- applying it ----------------------------------------------------------------------


def _same_day(a: str | None, b: str | None) -> bool:
    return bool(a and b and a[:10] == b[:10])


def merged(article: Any, row: MetaRow) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The article fields the row changes, and a published-date disagreement to report (or None)."""
    v = row.values
    changes: dict[str, Any] = {}
    for key, column in (("title", "title"), ("url", "url"), ("country", "country"), ("language", "language")):
        if column in v and v[column] != getattr(article, key):
            changes[key] = v[column]
    outlet = v.get("outlet") or v.get("publisher")
    if outlet and outlet != article.publisher:
        changes["publisher"] = outlet
    disagreement = None
    published = v.get("published")
    if published:
        own = article.published_from in ("page", "dateline") and bool(article.published)
        if own and article.published_from == "dateline" and article.dateline and article.dateline.startswith("--"):
            own = False  # a dateline without a year yields to the table
        if not own:
            if published != article.published or article.published_from != "meta":
                changes.update(published=published, published_from="meta")
        elif not _same_day(article.published, published):
            disagreement = {"published": article.published, "from": article.published_from, "meta": published}
    return changes, disagreement


def apply(store: Any, table: MetaTable, inputs: list[Input]) -> dict[str, Any]:
    """Join the table to the inputs and write what it gives onto their stored articles.

    Returns the report: counts, rows naming no input, inputs with no row, ambiguous names,
    bad values, published dates the articles give otherwise, and `redated` (ids of articles
    whose publication date changed: their statements must be dated again).
    """
    result = join(table, inputs)
    updated: list[str] = []
    redated: list[str] = []
    disagreements: list[dict[str, Any]] = []
    for location, row in result.matches.items():
        ids = [r[0] for r in store.con.execute(
            "SELECT article_id FROM article_sources WHERE location = ?", [location]).fetchall()]
        for article in store.articles(ids) if ids else []:
            changes, disagreement = merged(article, row)
            if disagreement:
                disagreements.append({"source": location, "article": article.id, "line": row.line, **disagreement})
            if changes:
                store.update_article(article.id, changes)
                updated.append(article.id)
                if "published" in changes and not _same_day(changes["published"], article.published):
                    redated.append(article.id)
    return {
        "file": table.path,
        "rows": len(table.rows),
        "joined": len(result.matches),
        "updated": len(set(updated)),
        "rows_without_input": [{"line": r.line, "file": r.file} for r in result.rows_without_input],
        "inputs_without_row": result.inputs_without_row,
        "ambiguous": result.ambiguous,
        "duplicate_rows": result.duplicate_rows,
        "bad_values": table.problems,
        "ignored_columns": table.ignored_columns,
        "published_disagreements": disagreements,
        "redated": sorted(set(redated)),
    }
