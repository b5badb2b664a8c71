"""The pages: conflict, actor, statement, search and network, rendered on the server.

Templates autoescape every value; article text that carries our marks goes through the
report's escaping (`report.html_page._e`) piece by piece, so the only markup is ours. The
pages' scripts and styles are files of this package (no inline script: the Content
Security Policy forbids it), and the report's stylesheet is served as it is.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from urllib.parse import urlencode
from typing import Any, Optional

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..analysis.dataset import readable_date
from ..report.html_page import _e, safe_href
from ..safety import http_url
from .api import MAX_PAGE, filters, workbench
from .data import Filters, NotFound, Workbench

PAGE_SIZE = 50
MAX_BODY_SHOWN = 200_000  # characters of an article shown on a statement page

_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(default=True))
_env.filters["readable_date"] = lambda v: readable_date(v)
_env.filters["href"] = lambda link: http_url(link) or ""

router = APIRouter(include_in_schema=False)


def _page(template: str, status: int = 200, **values: Any) -> HTMLResponse:
    return HTMLResponse(_env.get_template(template).render(**values), status_code=status)


def _missing(exc: NotFound) -> HTMLResponse:
    return _page("error.html", 404, message=str(exc))


def marked(text: str, base: int, spans: dict[str, list[tuple[int, int]]]) -> Markup:
    """Text (starting at body offset `base`) escaped, with each span's class marked; spans may
    overlap: a piece inside two spans carries both classes."""
    cuts = {0, len(text)}
    local: list[tuple[int, int, str]] = []
    for cls, pairs in spans.items():
        for start, end in pairs:
            a, b = max(0, start - base), min(len(text), end - base)
            if a < b:
                local.append((a, b, cls))
                cuts |= {a, b}
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        classes = sorted({cls for s, e, cls in local if s <= a and b <= e})
        piece = _e(text[a:b])
        out.append(f'<mark class="{" ".join(classes)}">{piece}</mark>' if classes else piece)
    return Markup("".join(out))


def article_marked(body: str, statement: Any) -> dict[str, Markup]:
    """The article around the statement: before, the sentence with its marks, after."""
    s = statement
    spans = {
        "speaker": list(s.source_spans), "cue": list(s.cue_spans), "content": list(s.content_spans),
        "quote": [(s.quote_start, s.quote_end)] if s.quote_start is not None and s.quote_end else [],
    }
    start, end = s.sent_start, s.sent_end
    before = body[max(0, start - MAX_BODY_SHOWN // 2) : start]
    after = body[end : end + MAX_BODY_SHOWN // 2]
    return {"before": Markup(_e(before)), "sentence": marked(body[start:end], start, spans), "after": Markup(_e(after))}


@router.get("/", response_class=HTMLResponse)
def index(wb: Workbench = Depends(workbench)) -> HTMLResponse:
    return _page("index.html", conflicts=wb.conflicts(), writable=wb.writable)


@router.get("/assets/report.css")
def report_css() -> Response:
    css = resources.files("stancemap.report").joinpath("templates/report.css").read_text("utf-8")
    return Response(css, media_type="text/css")


@router.get("/conflicts/{name}", response_class=HTMLResponse)
def conflict_page(name: str, wb: Workbench = Depends(workbench)) -> HTMLResponse:
    try:
        view = wb.view(name)
    except NotFound as exc:
        return _missing(exc)
    result = view.result
    camps = [c.to_dict(result.sides) for c in result.camps()]
    findings = [f.to_dict() for f in result.findings]
    corrected = sum(1 for r in view.rows if r["corrected"])
    return _page("conflict.html", conflict=result.conflict, sides=result.sides, camps=camps, findings=findings,
                 summary=[s.to_dict() for s in result.summary], statements=len(view.rows), corrected=corrected,
                 articles=result.articles)


@router.get("/actors", response_class=HTMLResponse)
def actors_page(conflict: Optional[str] = Query(None, max_length=200), wb: Workbench = Depends(workbench)) -> HTMLResponse:
    try:
        actors = wb.actors(conflict)
        cid = wb.conflict_id(conflict)
    except NotFound as exc:
        return _missing(exc)
    return _page("actors.html", conflict=cid, actors=actors, sides=wb.view(cid).result.sides)


@router.get("/actors/{name:path}", response_class=HTMLResponse)
def actor_page(name: str, conflict: Optional[str] = Query(None, max_length=200), wb: Workbench = Depends(workbench)) -> HTMLResponse:
    try:
        actor = wb.actor(name, conflict)
        cid = wb.conflict_id(conflict)
    except NotFound as exc:
        return _missing(exc)
    return _page("actor.html", conflict=cid, actor=actor, sides=wb.view(cid).result.sides)


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(statement_id: str, conflict: Optional[str] = Query(None, max_length=200),
                   wb: Workbench = Depends(workbench)) -> HTMLResponse:
    from ..stance.actions import action_names

    try:
        detail = wb.statement(statement_id[:40], conflict)
    except NotFound as exc:
        return _missing(exc)
    article = detail["article"]
    return _page("statement.html", conflict=detail["conflict"], s=detail, text=article_marked(detail["_body"], detail["_statement"]),
                 href=safe_href(article["url"]), actions=action_names(), writable=wb.writable)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    conflict: Optional[str] = Query(None, max_length=200),
    f: Filters = Depends(filters),
    page: int = Query(1, ge=1, le=100_000),
    size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE),
    wb: Workbench = Depends(workbench),
) -> HTMLResponse:
    from ..stance.actions import action_names

    try:
        rows = wb.search(conflict, f)
        cid = wb.conflict_id(conflict)
    except NotFound as exc:
        return _missing(exc)
    view = wb.view(cid)
    camps = sorted({r["camp"] for r in view.rows})
    start = (page - 1) * size
    query = f.query_string()
    return _page("search.html", conflict=cid, f=f, rows=rows[start : start + size], total=len(rows), page=page,
                 size=size, pages=max(1, -(-len(rows) // size)), sides=view.result.sides, camps=camps,
                 actions=action_names(), query=urlencode({"conflict": cid}) + ("&" + query if query else ""))


@router.get("/network", response_class=HTMLResponse)
def network_page(conflict: Optional[str] = Query(None, max_length=200), wb: Workbench = Depends(workbench)) -> HTMLResponse:
    try:
        cid = wb.conflict_id(conflict)
        network = wb.network(cid)
    except NotFound as exc:
        return _missing(exc)
    return _page("network.html", conflict=cid, network=network)
