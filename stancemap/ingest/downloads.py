"""Fetching pages over HTTP(S): bounded in time, size and redirects, and polite about who we are.

A batch of thousands of URLs must not hang on one slow server or fill the disk
with one endless response, so every fetch has a connect/read timeout, an
overall deadline, a byte cap checked while streaming, and a redirect limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from ..config import __version__
from .errors import IngestError

DEFAULT_TIMEOUT = 20.0  # seconds, per connect/read and (x3) for the whole response
DEFAULT_MAX_BYTES = 50_000_000
MAX_REDIRECTS = 5
USER_AGENT = f"stancemap/{__version__} (news statement analysis; +https://pypi.org/project/stancemap/)"


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str | None
    data: bytes


def check_url(url: str) -> None:
    """Refuse anything but http(s) URLs with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise IngestError(f"unsupported URL scheme {parts.scheme!r}: only http and https are fetched")
    if not parts.netloc:
        raise IngestError("URL has no host")


def client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """One connection pool for a batch."""
    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"},
    )


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    http: httpx.Client | None = None,
) -> Fetched:
    """The body of a 2xx response, or IngestError naming what went wrong."""
    check_url(url)
    own = http is None
    http = http or client(timeout)
    deadline = time.monotonic() + 3 * timeout
    try:
        with http.stream("GET", url) as response:
            final = str(response.url)
            if urlsplit(final).scheme not in ("http", "https"):
                raise IngestError(f"redirected to a non-http(s) URL {final}")
            if response.status_code >= 400:
                raise IngestError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise IngestError(f"response is {int(declared):,} bytes, over the size cap of {max_bytes:,} (--max-bytes)")
            chunks = bytearray()
            for chunk in response.iter_bytes():  # decoded: the cap also bounds gzip bombs
                chunks += chunk
                if len(chunks) > max_bytes:
                    raise IngestError(f"response exceeds the size cap of {max_bytes:,} bytes (--max-bytes)")
                if time.monotonic() > deadline:
                    raise IngestError(f"response took longer than {3 * timeout:g} s to arrive")
            return Fetched(final, response.status_code, response.headers.get("content-type"), bytes(chunks))
    except httpx.TooManyRedirects:
        raise IngestError(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException as exc:
        raise IngestError(f"timed out after {timeout:g} s ({type(exc).__name__})") from None
    except httpx.HTTPError as exc:
        raise IngestError(f"fetch failed: {type(exc).__name__}: {exc}") from None
    finally:
        if own:
            http.close()

