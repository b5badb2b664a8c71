"""The web application: FastAPI routes for the API and the pages, and the guards around them.

FastAPI (on Starlette, served by uvicorn) because it derives the OpenAPI schema at
/openapi.json and the request validation from the same pydantic models the project
already uses, so the schema the tests check against is the code, not a second copy.

Guards: request bodies over MAX_BODY bytes are refused (413) before they are read; the
Host header must name the address served (a page elsewhere cannot reach a loopback
server through a rebound DNS name); every answer forbids scripts and styles from
anywhere but this server and being framed.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import __version__
from .data import Workbench

MAX_BODY = 16 * 1024  # bytes of one request body: a correction is a few hundred
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: caps request bodies and adds the security headers to every answer."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await self._too_large(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise _TooLarge
            return message

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        try:
            await self.app(scope, counted, secured)
        except _TooLarge:
            await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse({"detail": f"request body over {self.max_body} bytes"}, status_code=413)
        await response(scope, receive, send)


def allowed_hosts(host: str) -> list[str]:
    """The Host header values a server bound to `host` answers: its address (and, on loopback,
    localhost); any host when bound to all addresses (a proxy or LAN name is not known here)."""
    if host in ("0.0.0.0", "::", ""):
        return ["*"]
    names = [host, f"[{host}]"]
    try:
        if ipaddress.ip_address(host).is_loopback:
            names += list(LOOPBACK_NAMES)
    except ValueError:
        pass
    return names


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create_app(workbench: Workbench, tokens: dict[str, str] | None = None, host: str = "127.0.0.1") -> FastAPI:
    """The ASGI application over an open workbench; `tokens`: secret -> author (none: read-only)."""
    from . import api, corrections, pages

    app = FastAPI(
        title="stancemap workbench", version=__version__,
        description="Statements, actors and analyses of a stancemap store, and analysts' corrections of the machine's coding.",
        docs_url=None, redoc_url=None,  # the interactive docs load scripts from a CDN
    )
    app.state.workbench = workbench
    app.state.tokens = dict(tokens or {})
    app.include_router(api.router)
    app.include_router(corrections.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))
    app.add_middleware(Guard)  # outermost: the size cap before anything reads the body
    return app
