"""POST /api/statements/{id}/correction: an analyst corrects the machine, with a Bearer token.

Tokens are `NAME:SECRET` (the name is the author recorded with each correction) or a
bare secret (author `analyst`). A write without `Authorization: Bearer ...` is refused
with 401, one with a token the server was not given with 403; the comparison takes the
same time whatever the token.
"""

from __future__ import annotations

import hmac
from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from ..store.corrections import CorrectionError
from .api import ERRORS, ID_PATTERN, CorrectionOut, Error, workbench
from .data import NotFound, Workbench

DEFAULT_AUTHOR = "analyst"


def parse_tokens(values: list[str]) -> dict[str, str]:
    """Secret -> author name, from `NAME:SECRET` or bare `SECRET` values."""
    out = {}
    for value in values:
        name, sep, secret = value.partition(":")
        if not sep:
            name, secret = DEFAULT_AUTHOR, value
        name, secret = name.strip() or DEFAULT_AUTHOR, secret.strip()
        if len(secret) < 8:
            raise ValueError(f"--token {name}:...: the secret is shorter than 8 characters; choose a longer one")
        out[secret] = name
    return out


def author_of(request: Request) -> str:
    """The author the request's Bearer token stands for; 401 without a token, 403 with a wrong one."""
    tokens: dict[str, str] = request.app.state.tokens
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "a correction needs `Authorization: Bearer TOKEN`", headers={"WWW-Authenticate": "Bearer"})
    found = None
    for secret, name in tokens.items():
        if hmac.compare_digest(secret.encode(), given.strip().encode()):
            found = name
    if found is None:
        raise HTTPException(403, "this token is not one the server was started with" if tokens
                            else "this server is read-only: it was started without --token")
    return found


class CorrectionIn(BaseModel):
    """What an analyst corrects; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    conflict: Optional[str] = Field(None, max_length=200, description="The conflict stance and actions are corrected for")
    speaker: Optional[str] = Field(None, max_length=200)
    stance: Optional[dict[str, Literal["support", "oppose", "neutral", "none"]]] = Field(
        None, description="side -> label; `none`: no stance on that side", max_length=12)
    actions: Optional[list[str]] = Field(None, max_length=20)
    date: Optional[str] = Field(None, max_length=40, description="YYYY, YYYY-MM, YYYY-MM-DD or START/END")
    not_statement: Optional[bool] = Field(None, description="true: the machine found a statement where there is none")
    note: str = Field("", max_length=2000)


router = APIRouter(prefix="/api", tags=["corrections"])


@router.post(
    "/statements/{statement_id}/correction", response_model=CorrectionOut, status_code=201,
    responses={**ERRORS, 400: {"model": Error, "description": "A field cannot be corrected that way"},
               401: {"model": Error, "description": "No Bearer token"},
               403: {"model": Error, "description": "A token the server was not started with, or a read-only server"},
               413: {"model": Error, "description": "The request body is too large"}},
)
def post_correction(
    body: CorrectionIn,
    statement_id: str = Path(..., pattern=ID_PATTERN),
    author: str = Depends(author_of),
    wb: Workbench = Depends(workbench),
) -> dict[str, Any]:
    """Record a correction of speaker, stance per side, actions, date said or "not a statement",
    with a note. The machine's values are kept; every answer shows the corrected ones."""
    changes = body.model_dump(exclude={"conflict", "note"}, exclude_none=True)
    try:
        return wb.correct(statement_id, body.conflict, author, body.note, changes)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except CorrectionError as exc:
        raise HTTPException(400, str(exc)) from None
    except PermissionError as exc:
        raise HTTPException(403, str(exc)) from None
