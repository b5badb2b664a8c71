"""Datelines: the publication date a news body opens with, and the header it ends.

Wire copy and scraped research corpora start the body with the outlet's dateline:
"Wed 05 Apr 2017 ...", "Fri 07 Apr 2017 at 0914 ...", "12 February 2015 ...",
"Date of publication 4 October 2016 ...", "Last updated at Apr 052017 BEIRUT ...",
"01-10-2014 ...", "TEHRAN, Oct 7 (Reuters) - ...", sometimes after a repeat of the
title ("Syria air strikes kill 32 Monitor AFP Monday 2 Feb 2015 ..."). `find_dateline`
reads it: the date (the article's publication date when nothing better is known) and
where the header ends. The header (repeated title, label, dateline, its city and agency)
is not prose: statement finding does not read it, so a dateline city ("TEHRAN") is never
taken for a speaker.

Only the head of the body is looked at, and a date there counts as a dateline only where
it reads as one: at the very start, after a label ("Published", "Posted on", "Last updated
at"), after a weekday, or between non-prose words; never after a preposition ("On 12
February 2015 the ministry said ...") or inside a clause ("ministers met 12 February
2015 in Geneva"). Numeric dates are read day first (01-10-2014 is 1 October), the order
of the outlets that write them so, unless only the other order is a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..actors.kb import load_kb  # the gazetteer (see tests/test_layout.py ALLOWED)
from ..records import Article
from ..timespans import MONTH_WORD, MONTHS
from ..wordlists import word_set
from .page_dates import PageDate, complete_year

HEAD_CHARS = 250  # a dateline starts within this many characters of the body's start

_MON = rf"(?i:(?P<mon>{MONTH_WORD}))\.?"
_WEEKDAY = (r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
            r"|sat(?:urday)?|sun(?:day)?)\.?,?")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

# Dates with a year, as datelines write them (commas optional: some corpora strip them).
_FULL = [
    re.compile(rf"{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}(?!\d)", re.I),  # 12 February 2015
    re.compile(rf"{_MON}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),  # April 5 2017, Aug. 1, 2016
    re.compile(rf"{_MON}\s+(?P<day>[0-3]\d){_YEAR}(?!\d)", re.I),  # Apr 052017 (the space lost)
    re.compile(r"(?P<a>[0-3]?\d)(?P<sep>[-./])(?P<b>[0-3]?\d)(?P=sep)" + _YEAR + r"(?!\d)"),  # 01-10-2014, 05.10.2017
    re.compile(rf"{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),  # 2017-04-05
]
# "TEHRAN, Oct 7 (Reuters) -": a city in capitals, the day without a year, an agency and/or a dash.
_WIRE = [
    re.compile(
        r"(?P<city>[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+)*)(?:,?\s+[A-Z][a-zA-Z.]+(?:\s+[A-Z][a-zA-Z.]+)?)?,?\s+"
        + day_month + rf"(?:,?\s+{_YEAR})?" + r"(?P<tail>\s*\([^()\n]{1,40}\)\s*[-–—]*|\s+[-–—]+)"
    )
    for day_month in (rf"{_MON}\s+{_DAY}", rf"{_DAY}\s+{_MON}")
]
_LABEL = re.compile(
    r"(?:\b(?:posted|published|updated|last\s+updated|first\s+published|date\s+of\s+publication|dated|date)"
    r"(?:\s+(?:on|at))?\s*:?\s*)$",
    re.I,
)
_WEEKDAY_BEFORE = re.compile(rf"\b{_WEEKDAY}\s*$", re.I)
_PREPOSITIONS = word_set("stancemap.ingest", "prepositions")
# a sentence ended before the date: a lowercase word, its stop, a capital after
_SENTENCE_END = re.compile(r"[a-z]{2,}[.!?][\"'”’)]*\s+[\"“A-Z]")
# after the date: a time ("at 0914", "19:02", "0147 PM", "2037 UTC+3"), an update note
_TIME = re.compile(
    r"(?:\s*,?\s*(?:at\s+)?(?P<h>[0-2]?\d):(?P<m>[0-5]\d)(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?"
    r"|\s+at\s+(?P<h2>[0-2]\d)\.?(?P<m2>[0-5]\d)(?:\s*[ap]\.?m\.?)?"
    r"|\s+(?P<h3>[0-2]\d)(?P<m3>[0-5]\d)(?=\s*(?:[ap]\.?m\.?|utc|gmt))(?:\s*[ap]\.?m\.?)?)"
    r"(?:\s*(?:utc|gmt)(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?)?",
    re.I,
)
_AMPM_PM = re.compile(r"p\.?m\.?", re.I)
_UPDATED = re.compile(r"\s*\((?:last\s+)?updated[^()\n]{0,40}\)", re.I)
_AGENCY = re.compile(r"\s*\([^()\n]{1,40}\)\s*[-–—]+|\s+[-–—]+(?=\s)")
_CAPS_RUN = re.compile(r"\s+(?P<run>[A-Z][A-Z'\-]{2,}(?:\s+[A-Z][A-Z'\-]{1,})*)(?=[\s,]|$)")
_PLACE_AGENCY = re.compile(r"\s+(?:[A-Z][a-z]+\s+){0,3}[A-Z]{2,}\s*[-–—]")  # "Aleppo SANA-"
_TITLE_WORD = re.compile(r",?\s+[A-Z][a-z]+")


@dataclass
class Dateline:
    """A dateline found at the head of a body."""

    date: PageDate  # year None for a wire dateline that gives none ("TEHRAN, Oct 7 (Reuters) -")
    text: str  # the date as written
    start: int  # where the date is written (offsets in the body)
    end: int
    header_end: int  # where the prose starts: the body before this is the header

    def iso(self) -> str | None:
        return self.date.iso()


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        date(year or 2000, month, day)
    except ValueError:
        return False
    return True


def _full_date(m: re.Match) -> PageDate | None:
    g = m.groupdict()
    year = int(g["year"])
    if g.get("a") is not None:  # numeric: day first unless only month first is a date
        a, b = int(g["a"]), int(g["b"])
        for day, month in ((a, b), (b, a)):
            if 1 <= month <= 12 and _valid(year, month, day):
                return PageDate(year, month, day)
        return None
    month = MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else int(g["month"])
    day = int(g["day"])
    return PageDate(year, month, day) if _valid(year, month, day) else None


def _previous_word(text: str) -> str:
    m = re.search(r"([A-Za-z']+)\W*$", text)
    return m.group(1) if m else ""


def _next_word(text: str) -> str:
    m = re.match(r"\W*([A-Za-z']+)", text)
    return m.group(1) if m else ""


def _reads_as_dateline(body: str, start: int, end: int) -> bool:
    """Whether a date at body[start:end] stands apart from prose (see the module's docstring)."""
    before = body[:start]
    if not before.strip():
        return True
    if _SENTENCE_END.search(before):
        return False  # the prose has begun
    if before.rstrip().endswith(("(", "[")) or body[end:].lstrip()[:1] in {".", ")", "]", ";"}:
        return False  # a date in brackets or ending a sentence is the prose's own
    if _LABEL.search(before) or _WEEKDAY_BEFORE.search(before):
        return True
    word = _previous_word(before)
    if word.lower() in _PREPOSITIONS:
        return False
    after = _next_word(body[end:])
    # a lowercase word on both sides is a clause ("ministers met 12 February 2015 in Geneva")
    return not (word[:1].islower() and after[:1].islower() and after.lower() not in {"by", "at", "updated"})


def _time(body: str, pos: int, found: PageDate) -> tuple[PageDate, int]:
    m = _TIME.match(body, pos)
    if not m:
        return found, pos
    hour = m.group("h") or m.group("h2") or m.group("h3")
    minute = m.group("m") or m.group("m2") or m.group("m3")
    h, mi = int(hour), int(minute)
    if _AMPM_PM.search(m.group(0)) and h < 12:
        h += 12
    if h > 23:
        return found, pos
    return PageDate(found.year, found.month, found.day, h, mi), m.end()


def _country_after(body: str, pos: int) -> int | None:
    """Where a country name right after `pos` ends ('KHAN SHEIKHUN Syria', ', United Kingdom')."""
    ends = []
    for _ in range(3):
        m = _TITLE_WORD.match(body, ends[-1] if ends else pos)
        if m is None:
            break
        ends.append(m.end())
    for end in reversed(ends):
        if _country_words(body[pos:end].strip(" ,")):
            return end
    return None


def _country_words(words: str) -> bool:
    """'Syria' after 'KHAN SHEIKHUN': a country name, the rest of a city's dateline."""
    kb = load_kb()
    return kb.country(words) is not None and kb.country_of_adjective(words) is None


def _is_place(run: str) -> bool:
    """A word in capitals that the knowledge base knows as a capital city (BEIRUT, TEHRAN)."""
    return load_kb().is_capital(run)


def _header_end(body: str, pos: int) -> int:
    """Past what follows a dateline's date: an update note, a city in capitals (with its
    country), an agency in brackets and a dash; then past separators and spaces."""
    m = _UPDATED.match(body, pos)
    if m:
        pos = m.end()
    m = _CAPS_RUN.match(body, pos)
    if m:
        run_end = m.end()
        country_end = _country_after(body, run_end)
        agency = _AGENCY.match(body, country_end or run_end)
        if country_end or agency is not None or _is_place(m.group("run")):
            pos = agency.end() if agency is not None else (country_end or run_end)
    m = _AGENCY.match(body, pos) or _PLACE_AGENCY.match(body, pos)
    if m:
        pos = m.end()
    while pos < len(body) and (body[pos].isspace() or body[pos] in "-–—:|,"):
        pos += 1
    return pos


def find_dateline(body: str) -> Dateline | None:
    """The dateline at the head of `body`, or None (see the module's docstring)."""
    head = body[: HEAD_CHARS + 40]
    wire = _WIRE[0].match(head) or _WIRE[1].match(head)
    if wire:
        g = wire.groupdict()
        month, day = MONTHS[g["mon"].lower().rstrip(".")], int(g["day"])
        year = int(g["year"]) if g.get("year") else None
        if _valid(year, month, day):
            text_start = wire.start("mon") if wire.start("mon") < wire.start("day") else wire.start("day")
            date_end = wire.start("tail")
            end = _header_end(body, wire.end())
            return Dateline(PageDate(year, month, day), body[text_start:date_end], text_start, date_end, end)
    best: tuple[int, int, PageDate] | None = None
    for pattern in _FULL:
        for m in pattern.finditer(head):
            if m.start() > HEAD_CHARS:
                break
            if best is not None and m.start() >= best[0]:
                break
            if m.start() > 0 and body[m.start() - 1].isalnum():
                continue  # inside a word or number
            found = _full_date(m)
            if found is None or not _reads_as_dateline(body, m.start(), m.end()):
                continue
            best = (m.start(), m.end(), found)
            break
    if best is None:
        return None
    start, end, found = best
    found, after_time = _time(body, end, found)
    return Dateline(found, body[start:end], start, end, _header_end(body, after_time))


def apply_dateline(article: Article) -> Article:
    """Note the body's dateline on the article: its header end (always) and, when the article
    has no publication date of its own yet, the dateline's date as `published`. A dateline
    without a year takes the year of the dated links or full dates the page carries (within
    about half a year), else gives no publication date. Done once per article."""
    if article.published and not article.published_from:
        article.published_from = "page"
    if article.header_end is not None or not article.body:
        return article
    found = find_dateline(article.body)
    if found is None:
        article.header_end = 0
        return article
    article.dateline = found.iso() or f"--{found.date.month:02d}-{found.date.day:02d}"
    article.header_end = found.header_end
    if not article.published:
        when = complete_year(found.date, article.raw_text or article.body, article.body[found.header_end:])
        if when is not None and when.iso():
            article.published, article.published_from = when.iso(), "dateline"
    return article
