"""Text and links from untrusted input, made safe for the places stancemap puts them.

Articles, feeds, file names and URLs come from anyone. Before any of it reaches a
terminal, its control characters (ESC starts the sequences that clear the screen,
write the clipboard, set the window title or hide a link) are shown as visible
escapes; before a URL becomes a link in a report it must be http(s); and a
location that is not valid Unicode (a file name in another encoding) is written
with its odd bytes escaped, so the store and the terminal can hold it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

# C0 controls except TAB and LF, DEL, the C1 controls (U+0080-U+009F: CSI, OSC ... in
# 8-bit form), lone surrogates, and the bidirectional overrides and isolates that can
# make text read differently from what it is ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_UNSAFE_WITH_NEWLINES = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: Any, *, newlines: bool = True) -> str:
    """The text with every control character shown as an escape (`\\x1b`); tabs and, unless
    `newlines` is False, line feeds are kept. Safe to print to a terminal."""
    text = "" if text is None else str(text)
    return (_UNSAFE if newlines else _UNSAFE_WITH_NEWLINES).sub(_escape_char, text)


def has_unsafe(text: str) -> bool:
    return bool(_UNSAFE.search(text))


_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_dumps(data: Any, **kwargs: Any) -> str:
    """json.dumps that never emits a raw control character: C0 controls are escaped by json
    itself; DEL, C1 controls, bidi overrides and line separators are escaped here (as \\uXXXX,
    which is valid JSON anywhere they can occur: inside strings)."""
    text = json.dumps(data, ensure_ascii=False, **kwargs)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_location(location: Any) -> str:
    """A source location (path or URL) as text that is valid Unicode: the bytes of a file
    name that is not UTF-8 (held by Python as surrogate escapes) are written as \\xNN."""
    text = str(location)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def http_url(url: Any) -> str | None:
    """The URL when it is an absolute http(s) URL with a host and no control characters or
    spaces, else None: only such URLs are stored as an article's URL or become links."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or len(url) > 8192 or re.search(r"[\x00-\x20\x7f-\x9f\\<>\"`]", url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


__all__ = ["has_unsafe", "http_url", "json_dumps", "safe_location", "visible"]
