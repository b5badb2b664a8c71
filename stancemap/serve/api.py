"""The JSON API: statements with the filters as query parameters, one statement (machine and
corrected), actors, a conflict's analysis (the `analyze --json` shape), its network and timelines."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from ..safety import json_dumps
from .data import Filters, NotFound, Workbench

MAX_PAGE = 500  # rows per page of /api/statements
MAX_DOWNLOAD = 100_000  # rows of one CSV/JSON download
ID_PATTERN = r"^[0-9a-f]{1,40}$"
LABEL = Literal["support", "oppose", "neutral"]


class Error(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": Error, "description": "No such conflict, statement or actor"},
                                           400: {"model": Error, "description": "A filter that cannot be read"}}


class SideStanceOut(BaseModel):
    label: str
    confidence: float


class StatementOut(BaseModel):
    id: str
    article_id: str
    article_title: Optional[str]
    outlet: Optional[str]
    published: Optional[str]
    speaker: str
    camp: str
    cue: str
    sentence: str
    quote: Optional[str]
    date: Optional[str]
    date_shown: str
    actions: list[str]
    targets: list[str]
    stance: dict[str, SideStanceOut]
    background: bool
    corrected: bool


class StatementPage(BaseModel):
    conflict: str
    total: int
    limit: int
    offset: int
    items: list[StatementOut]


class MachineValues(BaseModel):
    speaker: str
    speaker_mention: Optional[str]
    speaker_reason: Optional[str]
    cue: str
    date: Optional[str]
    date_reason: Optional[str]
    actions: list[str]
    stance: dict[str, dict[str, Any]]


class CorrectedValues(BaseModel):
    not_statement: bool
    speaker: str
    date: Optional[str]
    actions: list[str]
    stance: dict[str, SideStanceOut]


class CorrectionOut(BaseModel):
    id: int
    statement_id: str
    conflict: Optional[str]
    made_at: str
    author: str
    note: str
    changes: dict[str, Any]


class ArticleOut(BaseModel):
    id: str
    title: Optional[str]
    url: Optional[str]
    publisher: Optional[str]
    published: Optional[str]


class StatementDetail(BaseModel):
    id: str
    conflict: Optional[str]
    sides: list[str]
    sentence: str
    machine: MachineValues
    corrected: Optional[CorrectedValues]
    current: Optional[StatementOut]
    article: ArticleOut
    history: list[CorrectionOut]


class ActorOut(BaseModel):
    name: str
    camp: str
    statements: int
    coded: int
    leaning: dict[str, Optional[str]]
    roles: list[str]
    kind: Optional[str]
    country: Optional[str]


class NetworkNode(BaseModel):
    name: str
    camp: str


class NetworkEdge(BaseModel):
    source: str
    action: str
    target: str
    statements: list[str]
    count: int


class Network(BaseModel):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


def workbench(request: Request) -> Workbench:
    return request.app.state.workbench


DAY_PATTERN = r"^(\d{4}-\d{2}-\d{2})?$"  # empty is allowed: a search form sends its empty date fields


def _day(name: str, value: str) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name}: {value!r} is not a day of the calendar") from None


def filters(
    q: str = Query("", max_length=200, description="Words that must all appear (case-insensitive)"),
    scope: Literal["statements", "articles"] = Query("statements", description="Search the statements, or their articles' text"),
    actor: str = Query("", max_length=200, description="Speaker name contains"),
    camp: str = Query("", max_length=200, description="Camp label contains"),
    side: str = Query("", max_length=200, description="A side of the conflict"),
    stance: Literal["", "support", "oppose", "neutral"] = Query("", description="Stance label (on `side`, or any side)"),
    action: str = Query("", max_length=60, description="An action name"),
    outlet: str = Query("", max_length=200, description="Outlet name contains"),
    date_from: str = Query("", pattern=DAY_PATTERN, description="Said on or after (YYYY-MM-DD; empty: no bound)"),
    date_to: str = Query("", pattern=DAY_PATTERN, description="Said on or before (YYYY-MM-DD; empty: no bound)"),
) -> Filters:
    return Filters(q=q, scope=scope, actor=actor, camp=camp, side=side, stance=stance, action=action,
                   outlet=outlet, date_from=_day("date_from", date_from), date_to=_day("date_to", date_to))



ConflictQuery = Query(None, max_length=200, description="Conflict id; default: the first coded in the store")

router = APIRouter(prefix="/api", tags=["api"])


def _not_found(exc: NotFound) -> HTTPException:
    return HTTPException(404, str(exc))


@router.get("/statements", response_model=StatementPage, responses=ERRORS)
def list_statements(
    conflict: Optional[str] = ConflictQuery,
    f: Filters = Depends(filters),
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=10_000_000),
    wb: Workbench = Depends(workbench),
) -> dict[str, Any]:
    """Statements coded for a conflict, corrected values shown, filtered and paged."""
    try:
        rows = wb.search(conflict, f)
        cid = wb.conflict_id(conflict)
    except NotFound as exc:
        raise _not_found(exc) from None
    return {"conflict": cid, "total": len(rows), "limit": limit, "offset": offset, "items": rows[offset : offset + limit]}


CSV_COLUMNS = ("id", "article_id", "article_title", "outlet", "published", "speaker", "camp", "cue", "sentence",
               "quote", "date", "actions", "targets", "corrected")


def rows_csv(rows: list[dict[str, Any]], sides: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([*CSV_COLUMNS, *(f"stance_{s}" for s in sides), *(f"confidence_{s}" for s in sides)])
    for r in rows:
        cells = [";".join(r[c]) if isinstance(r[c], list) else r[c] for c in CSV_COLUMNS]
        cells += [r["stance"].get(s, {}).get("label", "") for s in sides]
        cells += [r["stance"].get(s, {}).get("confidence", "") for s in sides]
        writer.writerow(["" if c is None else _no_formula(str(c)) for c in cells])
    return buf.getvalue()


def _no_formula(cell: str) -> str:
    """A cell a spreadsheet would run as a formula (=, +, -, @) is quoted with an apostrophe."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


@router.get("/statements.{fmt}", responses={200: {"content": {"text/csv": {}, "application/json": {}},
                                                  "description": "Every filtered row"}, **ERRORS})
def download_statements(
    fmt: Literal["csv", "json"],
    conflict: Optional[str] = ConflictQuery,
    f: Filters = Depends(filters),
    wb: Workbench = Depends(workbench),
) -> Response:
    """Exactly the rows the filters select (all pages), as CSV or JSON."""
    try:
        rows = wb.search(conflict, f)[:MAX_DOWNLOAD]
        view = wb.view(conflict)
    except NotFound as exc:
        raise _not_found(exc) from None
    name = f"statements-{view.result.conflict}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return Response(rows_csv(rows, view.result.sides), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(json_dumps(rows, indent=1), media_type="application/json", headers=headers)


@router.get("/statements/{statement_id}", response_model=StatementDetail, responses=ERRORS)
def get_statement(
    statement_id: str = Path(..., pattern=ID_PATTERN, description="The statement id (16 hex digits)"),
    conflict: Optional[str] = ConflictQuery,
    wb: Workbench = Depends(workbench),
) -> dict[str, Any]:
    """One statement: `machine` (what the machine found), `corrected` (null when no one corrected
    it), `current` (the row as lists show it) and the history of corrections."""
    try:
        detail = wb.statement(statement_id, conflict)
    except NotFound as exc:
        raise _not_found(exc) from None
    return {k: v for k, v in detail.items() if not k.startswith("_")}


@router.get("/actors", response_model=list[ActorOut], responses=ERRORS)
def list_actors(conflict: Optional[str] = ConflictQuery, wb: Workbench = Depends(workbench)) -> list[dict[str, Any]]:
    """Every speaker of the conflict's statements with camp, counts, leaning per side and roles."""
    try:
        return wb.actors(conflict)
    except NotFound as exc:
        raise _not_found(exc) from None


@router.get("/conflicts", response_model=list[str])
def list_conflicts(wb: Workbench = Depends(workbench)) -> list[str]:
    """The conflicts the store holds codings for."""
    return wb.conflicts()


@router.get("/conflicts/{name}/analysis", response_model=dict[str, Any], responses=ERRORS)
def conflict_analysis(name: str, wb: Workbench = Depends(workbench)) -> dict[str, Any]:
    """The analysis of the corrected statements: the shape of `stancemap analyze --json`."""
    try:
        return wb.view(name).result.to_json()
    except NotFound as exc:
        raise _not_found(exc) from None


@router.get("/conflicts/{name}/network", response_model=Network, responses=ERRORS)
def conflict_network(name: str, wb: Workbench = Depends(workbench)) -> dict[str, Any]:
    """Who accuses, criticises, endorses, threatens, mediates for whom, with the statements behind each edge."""
    try:
        return wb.network(name)
    except NotFound as exc:
        raise _not_found(exc) from None


@router.get("/conflicts/{name}/timelines", response_model=dict[str, Any], responses=ERRORS)
def conflict_timelines(name: str, wb: Workbench = Depends(workbench)) -> dict[str, Any]:
    """Each camp's stance counts per period, with the days the period's statements span."""
    try:
        return wb.timelines(name)
    except NotFound as exc:
        raise _not_found(exc) from None
