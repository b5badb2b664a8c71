"""The analysis input: each coded statement joined with its article, its date bounds and its camp.

Analysis works on these rows only, so it runs the same on a store, on gold
annotations or on records built in a notebook.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable

from ..records import PAGE_VOICE, QUOTE_CLOSED_BY_TAG, QUOTE_CONTINUES_PREVIOUS, Actor, Article, Coding, DateSaid, Statement
from ..timespans import MONTH_ABBR, OPEN, date_interval
from .camps import Camp, assign_camps

LABELS = ("support", "oppose", "neutral")
MAX_PLACEABLE_DAYS = 45  # a date range wider than this says too little to place in a period


@dataclass(frozen=True)
class ArticleRef:
    """Just enough of an article to cite it."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    publisher: str | None = None  # the outlet
    country: str | None = None  # the outlet's country, as the metadata gives it

    @classmethod
    def of(cls, article: Article, article_id: str | None = None) -> "ArticleRef":
        return cls(
            id=article_id or article.id, title=article.title, url=article.url,
            source=article.source, published=article.published, publisher=article.publisher, country=article.country,
        )

    @property
    def link(self) -> str | None:
        """Where a reader can open the article: its URL, else the input it was read from."""
        return self.url or self.source


@dataclass
class Row:
    """One coded statement with everything the analysis needs."""

    statement: Statement
    coding: Coding | None
    article: ArticleRef
    camp: Camp
    bounds: tuple[date, date] | None = None
    background: bool = False
    extra: dict = field(default_factory=dict)
    run: str | None = None  # the first statement of the quotation this one carries on (mark_quotation_runs)
    placed: bool = False  # placed at its article's publication day: the text gives it no narrower date

    @property
    def speaker(self) -> str:
        return self.statement.speaker

    @property
    def quotation(self) -> object:
        """What this statement counts as in tallies: its quotation run, else itself."""
        return self.run if self.run is not None else id(self)

    def label(self, side: str) -> str | None:
        if self.coding is None:
            return None
        stance = self.coding.stance.get(side)
        return stance.label if stance is not None else None

    @property
    def midpoint(self) -> date | None:
        if self.bounds is None:
            return None
        start, end = self.bounds
        return start + (end - start) // 2

    @property
    def date_text(self) -> str | None:
        return self.statement.date.value

    @property
    def placed_at(self) -> date | None:
        """The day a statement placed at publication is placed at (None when its text dates it)."""
        return self.bounds[0] if self.placed and self.bounds else None

    @property
    def date_shown(self) -> str:
        """The date as reports show it: the date said, or where the analysis placed it and why
        ("5 Apr 2017 (placed at publication; said on or before 5 Apr 2017)")."""
        said = self.statement.date.value
        if not self.placed or self.bounds is None:
            return readable_date(said)
        day = readable_days(self.bounds[0], self.bounds[0])
        return f"{day} (placed at publication" + (f"; said {readable_date(said)})" if said else ")")

    @property
    def actions(self) -> list[str]:
        return [a.name for a in self.coding.actions] if self.coding else []


def date_bounds(said: DateSaid | str | None) -> tuple[date, date] | None:
    """The first and last day a statement may have been made; None when unknown.

    An open start (`../2020-10-18`) says too little to place a statement: None, as
    for no date (`placement` then puts it at its article's publication day).
    """
    value = said.value if isinstance(said, DateSaid) else said
    if not value:
        return None
    try:
        start, stop = date_interval(value)
    except ValueError:
        return None  # not a date: shown as it is, placed nowhere
    if start == date.min or stop == date.max:
        return None
    return (start, stop) if start <= stop else (stop, start)


def readable_days(start: date, end: date) -> str:
    """The days from `start` to `end` as a reader writes them: "1 Oct 2020", "1–3 Oct 2020",
    "28 Sep – 3 Oct 2020", "Oct 2020", "Sep–Oct 2020", "2020", "1993–1994"."""
    if end < start:
        start, end = end, start

    def day(d: date, year: bool = True) -> str:
        return f"{d.day} {MONTH_ABBR[d.month]}" + (f" {d.year}" if year else "")

    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_months and (start.month, end.month) == (1, 12):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if whole_months:
        if (start.year, start.month) == (end.year, end.month):
            return f"{MONTH_ABBR[start.month]} {start.year}"
        if start.year == end.year:
            return f"{MONTH_ABBR[start.month]}–{MONTH_ABBR[end.month]} {end.year}"
        return f"{MONTH_ABBR[start.month]} {start.year} – {MONTH_ABBR[end.month]} {end.year}"
    if start == end:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day(end)}"
    if start.year == end.year:
        return f"{day(start, year=False)} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def readable_date(value: str | DateSaid | None, unknown: str = "undated") -> str:
    """A stored date value (YYYY, YYYY-MM, YYYY-MM-DD, START/END, ../END) as a reader expects it:
    "1 Oct 2020", "Oct 2020", "2020", "1–3 Oct 2020", "on or before 3 Oct 2020". Reports show this;
    JSON and exports keep the value. A value that is not a date is shown as it is."""
    text = value.value if isinstance(value, DateSaid) else value
    if not text:
        return unknown
    first, slash, last = text.partition("/")
    if slash and first.strip() == OPEN:
        return f"on or before {readable_date(last)}" if date_bounds(last) is not None else text
    bounds = date_bounds(text)
    return readable_days(*bounds) if bounds is not None else text


def continues_quotation(before: Statement, after: Statement) -> bool:
    """Whether `after`, the statement right after `before` in the article, carries on the same
    speaker's quotation: one quotation across both sentences, a quoted sentence that continues the
    attribution before it, or one whose quotation the speaker tag after it closes."""
    if before.article_id != after.article_id or before.speaker != after.speaker or after.sent_start <= before.sent_start:
        return False
    if after.quote_start is not None and after.quote_start == before.quote_start:
        return True
    if PAGE_VOICE in (before.speaker_reason or "") and PAGE_VOICE in (after.speaker_reason or ""):
        return True  # one speech, one briefing's answers: the speaker's words run on
    return QUOTE_CONTINUES_PREVIOUS in (after.speaker_reason or "") or QUOTE_CLOSED_BY_TAG in (before.speaker_reason or "")


def mark_quotation_runs(rows: list[Row]) -> None:
    """Give each row of a multi-sentence quotation by one speaker the id of the run's first
    statement, so tallies count the quotation once (an interviewee quoted over ten sentences is one
    statement, not ten). Rows must be in text order; another statement in between ends a run."""
    before: Row | None = None
    for row in rows:
        if before is not None and continues_quotation(before.statement, row.statement):
            row.run = before.run
        else:
            row.run = f"{row.statement.article_id}:{row.statement.sent_start}:{row.speaker}"
        before = row


def count_statements(rows: Iterable[Row]) -> int:
    """Statements as tallies count them: a multi-sentence quotation by one speaker once."""
    return len({r.quotation for r in rows})


def placement(said: DateSaid | str | None, published: str | None) -> tuple[tuple[date, date] | None, bool]:
    """The days a statement is placed within, and whether it was placed at its article's
    publication day: when the text gives no date, or only a range wider than
    MAX_PLACEABLE_DAYS that holds the publication day ("on or before 5 Apr 2017"). A date the
    text gives narrowly, or one that lies away from publication ("In 2013, ..."), is kept."""
    bounds = date_bounds(said)
    published_day = date_bounds(published[:10]) if published else None
    if published_day is None:
        return bounds, False
    day = published_day[0]
    if bounds is None or (span_days(bounds) > MAX_PLACEABLE_DAYS and bounds[0] <= day <= bounds[1]):
        return (day, day), True
    return bounds, False


def citation_date(citation: dict) -> str:
    """A citation's date as reports show it (see Row.date_shown)."""
    if not citation.get("placed_at"):
        return readable_date(citation.get("date"))
    said = citation.get("date")
    return f"{readable_date(citation['placed_at'])} (placed at publication" + (f"; said {readable_date(said)})" if said else ")")


def build_rows(
    statements: Iterable[Statement],
    codings: dict[str, Coding],
    articles: dict[str, ArticleRef],
    actors: Iterable[Actor] = (),
    camp_overrides: dict[str, Camp] | None = None,
) -> list[Row]:
    """Join statements to codings (by statement id), articles and camps, in text order. A
    statement without a source (Statement.unattributed) has no speaker to place: it is left out."""
    statements = [s for s in statements if not s.unattributed]
    camps = assign_camps({s.speaker for s in statements}, list(actors), camp_overrides)
    rows = []
    for s in statements:
        ref = articles.get(s.article_id) or ArticleRef(s.article_id)
        bounds, placed = placement(s.date, ref.published)
        rows.append(Row(s, codings.get(s.id), ref, camps[s.speaker], bounds, placed=placed))
    rows.sort(key=lambda r: (r.article.id, r.statement.sent_start, r.speaker))
    mark_quotation_runs(rows)
    return rows


def span_days(bounds: tuple[date, date]) -> int:
    return (bounds[1] - bounds[0]) // timedelta(days=1) + 1
