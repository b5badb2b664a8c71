"""Parse only what can matter: which articles name the conflict, decided on the raw text.

In a crawl most articles never touch the conflict asked about, and the parse is nearly all
the cost. The test is the one that decides whether an article's statements are coded at all
(`about_conflict`: a side's name or alias, which lists its leaders and capitals, a
territory, a keyword or a name of the conflict, all from the conflict catalogue), run as a
regular-expression search before any parse: an article it turns away would have had its
statements stored but never coded nor analysed, so nothing on topic is lost. Such articles
stay in the store ingested but not parsed; an `analyze` for another conflict, or `--all`,
parses them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..stance.article_coding import about_conflict
from ..store.db import Store


class Words(NamedTuple):
    """What `about_conflict` reads of an article."""

    title: str | None
    body: str


CHUNK = 500  # articles read from the store at a time: a crawl's bodies never sit in memory at once


def split_by_relevance(store: Store, ids: list[str], spec: Any) -> tuple[list[str], list[str]]:
    """(articles that name the conflict, articles that never do), each in the order given."""
    named, not_named = [], []
    for start in range(0, len(ids), CHUNK):
        for aid, title, body in store.texts(ids[start : start + CHUNK]):
            (named if about_conflict(spec, Words(title, body)) else not_named).append(aid)
    order = {aid: n for n, aid in enumerate(ids)}
    return sorted(named, key=order.__getitem__), sorted(not_named, key=order.__getitem__)
