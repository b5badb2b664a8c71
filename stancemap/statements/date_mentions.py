"""When a statement was made: date expressions in the text, resolved against the
publication date, with the precision the text supports.

Values are ISO strings: YYYY-MM-DD (day), YYYY-MM (month), YYYY (year), or
START/END (range). A range with no known start is written `../END` (ISO 8601's
open start). Without a publication date, relative dates ("yesterday") and
undated statements stay unknown: nothing is invented, today's date is never used.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..timespans import MONTH_WORD, MONTHS, date_interval
from ..wordlists import word_tuple

_MONTH = rf"(?P<month>{MONTH_WORD})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
# words that make a bare year a date ("in 2019", "since 1994", "early 2020")
YEAR_WORDS = word_tuple("stancemap.statements", "year_words")

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    # "10 Nov.2020": an abbreviation's period may stand for the space before the year
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+|(?<=\.)){_YEAR}\b", re.I)),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?![,\s]*\d{{4}})(?!\s*(?:%|percent|million|billion))", re.I)),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?![.,\s]*\d{{4}})", re.I)),
    ("my", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("y", re.compile(rf"(?:\b(?:{'|'.join(YEAR_WORDS)})\s+|\(){_YEAR}\b(?!\s*(?:%|percent|people|votes))", re.I)),
    ("rel", re.compile(
        r"\b(?P<rel>yesterday|today|tonight|this\s+(?:morning|afternoon|evening|week|month|year)|last\s+(?:night|week|month|year)"
        r"|earlier\s+this\s+(?:week|month|year)|(?:on|last|this)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
        # a bare weekday as news writes it ("killed Tuesday", "said late Monday"); not a holiday
        # ("Good Friday", "Super Tuesday") and not the week ahead ("next Wednesday")
        r"|(?<!\bnext )(?<!\bcoming )(?<!\bsuper )(?<!\bblack )(?<!\bgood )(?<!\bholy )(?<!\bash )(?<!\bcyber )"
        r"(?<!\bmaundy )(?<!\beaster )(?<!\bbloody )(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        r"|(?P<n>\d+|two|three|four|five|six|seven)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago)\b", re.I)),
]
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass
class DateMention:
    start: int
    end: int
    value: str
    precision: str  # day | month | year | range
    relative: bool = False
    inferred_year: bool = False

    @property
    def first_day(self) -> date:
        return date_interval(self.value)[0]

    @property
    def last_day(self) -> date:
        return date_interval(self.value)[1]


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, published: date | None, ref_year: int | None = None) -> list[DateMention]:
    """Date expressions in `text` with their resolved values (unresolvable ones left out).

    A day and month without a year take the publication year, moved back a year when
    that would fall after publication; without a publication date, the year of a nearby day
    the article spells out in full (see `story_days`), else `ref_year` when given.
    """
    matches = _pattern_matches(text, skip={"rel"} if published is None else set())
    anchors = story_days(text, matches) if published is None else []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for kind, _ in PATTERNS:
        for m in matches.get(kind, ()):
            s, e = m.span()
            if not free(s, e):
                continue
            mention = _resolve(kind, m, published, ref_year, anchors)
            if mention is None:
                continue
            mention.start, mention.end = s, e
            found.append(mention)
            taken.append((s, e))
    found.sort(key=lambda d: d.start)
    return found


# The first three letters of every month name. Searched case-sensitively in the casefolded text
# this is a fast scan (a case-insensitive alternation of names is tried at every word).
_MONTH_PREFIX = re.compile("|".join(sorted({re.escape(name[:3]) for name in MONTHS})))
_MONTH_LED = {"mdy", "md", "my"}  # patterns whose match starts with the month name


def _month_starts(text: str) -> list[int] | None:
    """Offsets where a month name may start (a superset of them); None when casefolding changes
    the text's length, so that its offsets would not line up with the text's."""
    folded = text.casefold()  # (casefold maps every character re.I matches to a month's letters)
    if len(folded) != len(text):
        return None
    return [m.start() for m in _MONTH_PREFIX.finditer(folded)]


def _finditer_from(pattern: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """`pattern.finditer(text)` tried only at `starts`, every offset where a match can begin:
    the same leftmost, non-overlapping matches (a match at an offset sees the text before it)."""
    out: list[re.Match] = []
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = pattern.match(text, start)
        if m is not None:
            out.append(m)
            pos = m.end()
    return out


_YEAR_DIGITS = re.compile(_YEAR)  # (starts with a digit: a fast scan)


def _year_phrase_starts(text: str) -> list[int]:
    """Offsets where a bare-year date ("in 2019", "(2020)") may start (a superset of them): the
    character before a year, and a YEAR_WORDS word ending where the spaces before a year begin."""
    out: set[int] = set()
    for m in _YEAR_DIGITS.finditer(text):  # (a year after '(' or a space never overlaps a digit run)
        year = m.start()
        out.add(year - 1)
        spaces = year
        while spaces > 0 and text[spaces - 1].isspace():
            spaces -= 1
        if spaces < year:
            out.update(spaces - len(word) for word in YEAR_WORDS)
    return sorted(start for start in out if start >= 0)


def _pattern_matches(text: str, skip: set[str] = frozenset()) -> dict[str, list[re.Match]]:
    """Each pattern's matches in `text`, scanned once (find_dates and story_days share them).
    `skip`: kinds not needed (relative dates mean nothing without a publication date).
    Patterns that start at a month name or before a year are tried only where those can start."""
    month_starts = _month_starts(text)
    out: dict[str, list[re.Match]] = {}
    for kind, pattern in PATTERNS:
        if kind in skip:
            continue
        if kind in _MONTH_LED and month_starts is not None:
            out[kind] = _finditer_from(pattern, text, month_starts)
        elif kind == "y":
            out[kind] = _finditer_from(pattern, text, _year_phrase_starts(text))
        else:
            out[kind] = list(pattern.finditer(text))
    return out


def _resolve(kind: str, m: re.Match, published: date | None, ref_year: int | None,
             anchors: list[date] = ()) -> DateMention | None:
    gd = m.groupdict()
    month = MONTHS.get((gd.get("month") or "").lower().rstrip("."), None)
    if kind == "iso":
        d = _day(int(gd["year"]), int(gd["month"]), int(gd["day"]))
        return DateMention(0, 0, d.isoformat(), "day") if d else None
    if kind in {"mdy", "dmy"}:
        d = _day(int(gd["year"]), month, int(gd["day"])) if month else None
        return DateMention(0, 0, d.isoformat(), "day") if d else None
    if kind in {"md", "dm"}:
        if not month:
            return None
        if kind == "md" and gd["month"].lower() in {"may", "march"} and not gd["month"][0].isupper():
            return None  # the verbs "may" and "march"
        if published is None:
            d = _near_story_day(month, int(gd["day"]), anchors)
            if d is None and ref_year is not None:
                d = _day(ref_year, month, int(gd["day"]))
            return DateMention(0, 0, d.isoformat(), "day", inferred_year=True) if d else None
        year = published.year
        d = _day(year, month, int(gd["day"]))
        if d is None:
            return None
        if published and d > published:
            d = _day(year - 1, month, int(gd["day"]))
            if d is None:
                return None
        return DateMention(0, 0, d.isoformat(), "day", inferred_year=True)
    if kind == "my":
        if not month:
            return None
        return DateMention(0, 0, f"{int(gd['year']):04d}-{month:02d}", "month")
    if kind == "y":
        return DateMention(0, 0, gd["year"], "year")
    if kind == "rel":
        if published is None:
            return None
        return _relative(m, published)
    return None


def _relative(m: re.Match, pub: date) -> DateMention | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    if rel in {"today", "tonight"} or rel.startswith("this morning") or rel.startswith("this afternoon") or rel.startswith("this evening"):
        return DateMention(0, 0, pub.isoformat(), "day", relative=True)
    if rel in {"yesterday", "last night"}:
        return DateMention(0, 0, (pub - timedelta(days=1)).isoformat(), "day", relative=True)
    if rel.endswith("week"):
        if rel.startswith("last"):
            start = pub - timedelta(days=pub.weekday() + 7)
            return DateMention(0, 0, f"{start.isoformat()}/{(start + timedelta(days=6)).isoformat()}", "range", relative=True)
        start = pub - timedelta(days=pub.weekday())
        return DateMention(0, 0, f"{start.isoformat()}/{pub.isoformat()}", "range", relative=True)
    if rel.endswith("month"):
        if rel.startswith("last"):
            y, mo = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
            return DateMention(0, 0, f"{y:04d}-{mo:02d}", "month", relative=True)
        return DateMention(0, 0, f"{pub.year:04d}-{pub.month:02d}", "month", relative=True)
    if rel.endswith("year"):
        if rel.startswith("last"):
            return DateMention(0, 0, str(pub.year - 1), "year", relative=True)
        return DateMention(0, 0, str(pub.year), "year", relative=True)
    if rel.endswith("ago"):
        n = m["n"].lower()
        n = _NUMBERS.get(n) or int(n)
        unit = m["unit"].lower().rstrip("s")
        if unit == "day":
            return DateMention(0, 0, (pub - timedelta(days=n)).isoformat(), "day", relative=True)
        if unit == "week":
            d = pub - timedelta(weeks=n)
            return DateMention(0, 0, f"{(d - timedelta(days=3)).isoformat()}/{(d + timedelta(days=3)).isoformat()}", "range", relative=True)
        if unit == "month":
            y, mo = pub.year, pub.month - n
            while mo < 1:
                y, mo = y - 1, mo + 12
            return DateMention(0, 0, f"{y:04d}-{mo:02d}", "month", relative=True)
        return DateMention(0, 0, str(pub.year - n), "year", relative=True)
    for name, wd in WEEKDAYS.items():
        if rel.endswith(name):
            back = (pub.weekday() - wd) % 7
            if rel.startswith("last") and back == 0:
                back = 7
            return DateMention(0, 0, (pub - timedelta(days=back)).isoformat(), "day", relative=True)
    return None


STORY_DAY_WINDOW = 92  # days between a day without a year and a full date of the same story
_FULL = ("iso", "mdy", "dmy")


def story_days(text: str, matches: dict[str, list[re.Match]] | None = None) -> list[date]:
    """Days spelled out in full in the latest year the article names at all: the story's own
    time when the page gives no publication date. An article is not older than the latest
    year it names, so full dates of earlier years ("arriving on December 6, 1988", "their
    statement of 9 March, 2019") date history, not the story."""
    matches = matches if matches is not None else _pattern_matches(text, skip={"md", "dm", "rel"})
    years: list[int] = []
    days: list[date] = []
    for kind, _ in PATTERNS:
        if kind in {"md", "dm", "rel"}:
            continue
        for m in matches[kind]:
            years.append(int(m["year"]))
            if kind in _FULL:
                month = int(m["month"]) if kind == "iso" else MONTHS.get(m["month"].lower().rstrip("."), 0)
                d = _day(int(m["year"]), month, int(m["day"])) if month else None
                if d:
                    days.append(d)
    if not years:
        return []
    latest = max(years)
    return [d for d in days if d.year == latest]


def _near_story_day(month: int, day: int, anchors: list[date]) -> date | None:
    """'On October 5' in an undated article: the year of a full date of the story within
    STORY_DAY_WINDOW days of it (the year before for a December seen from January), else unknown."""
    best: tuple[int, date] | None = None
    for anchor in anchors:
        for year in (anchor.year, anchor.year - 1):
            d = _day(year, month, day)
            if d is None:
                continue
            gap = abs((d - anchor).days)
            if gap <= STORY_DAY_WINDOW and (best is None or gap < best[0]):
                best = (gap, d)
    return best[1] if best else None


def context_start(mentions: list[DateMention], published: date | None) -> date | None:
    """Start of the story's own time: the earliest day-precise date within a year before publication."""
    if published is None:
        return None
    days = [m.first_day for m in mentions if m.precision == "day" and timedelta(0) <= published - m.first_day <= timedelta(days=366)]
    return min(days) if days else None
