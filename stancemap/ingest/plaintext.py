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
    """Title = first non-blank line (when short enough to be one); body = the rest, verbatim."""
    m = re.match(r"\s*", text)
    start = m.end() if m else 0
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    first_line = text[start:line_end].strip()
    rest = text[line_end:]
    title = None
    body_start = start
    if first_line and len(first_line) <= _TITLE_MAX_CHARS and rest.strip():
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
