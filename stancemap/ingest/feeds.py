"""RSS/Atom feeds: each entry is a pointer to an article (its link) and maybe the article itself.

Full-text feeds carry the body in content:encoded; summary feeds carry only a
teaser. The entry link is fetched when it can be, and the feed's own content
is the fallback when it is long enough to be the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser

from .errors import IngestError


@dataclass
class FeedEntry:
    link: str | None
    title: str | None
    published: str | None  # ISO date/time from the feed, when given
    author: str | None
    content: str | None  # HTML of the entry's full content or summary
    tags: list[str]


def _iso(parsed) -> str | None:
    if not parsed:
        return None
    y, mo, d, h, mi = parsed[:5]
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}"


def parse_feed(data: bytes, base_url: str | None = None) -> list[FeedEntry]:
    """Entries of an RSS/Atom document; IngestError when it is no feed or is broken before any entry."""
    feed = feedparser.parse(data)
    if not feed.entries:
        problem = f" ({feed.bozo_exception})" if feed.get("bozo") and feed.get("bozo_exception") else ""
        raise IngestError(f"feed has no entries{problem}")
    base = base_url or feed.feed.get("link")
    entries = []
    for e in feed.entries:
        link = e.get("link")
        if link and base:
            try:
                link = urljoin(base, link)
            except ValueError:  # a malformed link ("http://[x") stays as it is and is refused later
                pass
        content = None
        if e.get("content"):
            content = max((c.get("value") or "" for c in e.content), key=len) or None
        if not content:
            content = e.get("summary")
        entries.append(
            FeedEntry(
                link=link,
                title=e.get("title"),
                published=_iso(e.get("published_parsed") or e.get("updated_parsed")),
                author=e.get("author"),
                content=content,
                tags=[t.get("term") for t in e.get("tags", []) if t.get("term")],
            )
        )
    return entries
