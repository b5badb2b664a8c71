"""Plain-text articles ("title, blank line, body"): the body is a verbatim slice of the file.

Annotated corpora index characters of the original file, so nothing here is
rewritten: Article.raw_text is the decoded file and
body == raw_text[body_offset : body_offset + len(body)], which lets any span
found in the body be mapped back to the input.
"""

from __future__ import annotations

import re

from ..records import Article
from .errors import IngestError

MIN_BODY_CHARS = 40
_TITLE_MAX_CHARS = 300


def extract_plaintext(text: str, source: str | None = None) -> Article:
    """Title = first line when it reads as one (a blank line follows, or it is short and unpunctuated); body = the rest, verbatim."""
    m = re.match(r"[\s\ufeff]*", text)  # a byte order mark is kept in the text (offsets), never in the title
    start = m.end() if m else 0
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    first_line = text[start:line_end].strip()
    rest = text[line_end:]
    title = None
    body_start = start
    next_is_blank = bool(re.match(r"\r?\n[ \t\r\u00a0]*(?:\n|$)", rest))
    looks_like_title = (
        next_is_blank
        or first_line.endswith(";")
        or (len(first_line.split()) <= 20 and not re.search(r"[.!?…][\"'”’»)]*$", first_line))
    )
    # "Title, blank line, body" is the convention: then even a long first line is the title.
    max_chars = _TITLE_MAX_CHARS * 4 if next_is_blank else _TITLE_MAX_CHARS
    if first_line and len(first_line) <= max_chars and looks_like_title and rest.strip():
        title = first_line.rstrip(" ;") or None
        body_start = line_end
    # Skip leading whitespace; keep trailing whitespace out of the body.
    lead = re.match(r"\s*", text[body_start:])
    body_start += lead.end() if lead else 0
    body_end = len(text.rstrip())
    body = text[body_start:body_end]
    if len(body.strip()) < MIN_BODY_CHARS:
        raise IngestError(f"no article text: only {len(body.strip())} characters after the title line")
    return Article(body=body, title=title, source=source, format="text", raw_text=text, body_offset=body_start)
