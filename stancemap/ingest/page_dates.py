"""Publication dates as pages write them, with a missing year inferred from page evidence.

Scraped pages often print "18 Oct in 8:00" and leave the year to the reader's
calendar. The year is taken from dates the page itself carries (upload paths
like ``upload2/2020-10-18/``, dated URLs like ``/2020/10/18/``), never from
today's date: a page read in 2026 about 2020 must still say 2020.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..timespans import MONTH_WORD, MONTHS

_MONTH = rf"(?P<mon>{MONTH_WORD})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TIME = r"(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?"
_JOIN = r"(?:\s*(?:,|\bin\b|\bat\b|-|–|—|\|)?\s*)"

# Each pattern names the parts it has; the year is optional in the textual forms.
_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<month>[01]?\d)-{_DAY}(?:[T\s]+{_TIME})?", re.I),
    re.compile(rf"\b{_DAY}[./](?P<month>[01]?\d)[./]{_YEAR}(?:{_JOIN}{_TIME})?", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?(?:{_JOIN}{_TIME})?(?![\w])", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?:{_JOIN}{_TIME})?(?![\w])", re.I),
    re.compile(rf"\b{_TIME}{_JOIN}{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?(?![\w])", re.I),
    re.compile(rf"\b{_TIME}{_JOIN}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?![\w])", re.I),
]

# Dates carried by paths and URLs: upload2/2020-10-18/, /2020/10/18/, 20201018_...
_PATH_DATE_RES = [
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_.]([01]\d)[-/_.]([0-3]\d)(?!\d)"),
    re.compile(r"/((?:19|20)\d{2})/([01]\d)/(?!\d)"),
]
_URLISH_RE = re.compile(r"(?:https?://|www\.|\(/|/)[^\s)>\]]+|[\w\-]+/[\w\-./%]+\.(?:jpe?g|png|gif|webp|html?|php)")
_WRITTEN_FULL_DATE_RES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
]


@dataclass
class PageDate:
    """A date as written: year may be missing; hour/minute only when the page gives a time."""

    year: int | None
    month: int
    day: int
    hour: int | None = None
    minute: int | None = None
    second: int | None = None

    def iso(self) -> str | None:
        """ISO form as precise as the page allows; None without a year."""
        if self.year is None:
            return None
        out = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.hour is not None and self.minute is not None:
            out += f"T{self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                out += f":{self.second:02d}"
        return out


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 Feb stays possible without a year
    except ValueError:
        return False
    return True


def parse_date(text: str) -> PageDate | None:
    """The first date (with time, if written next to it) found in a short text such as a dateline."""
    best: tuple[int, PageDate] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            g = m.groupdict()
            month = MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else int(g["month"])
            day = int(g["day"])
            year = int(g["year"]) if g.get("year") else None
            if not _valid(year, month, day):
                continue
            hour = minute = second = None
            if g.get("hour") is not None and g.get("minute") is not None:
                hour, minute = int(g["hour"]), int(g["minute"])
                ampm = (g.get("ampm") or "").replace(".", "").lower()
                if ampm == "pm" and hour < 12:
                    hour += 12
                elif ampm == "am" and hour == 12:
                    hour = 0
                second = int(g["second"]) if g.get("second") else None
                if hour > 23:
                    hour = minute = second = None
            found = PageDate(year, month, day, hour, minute, second)
            if best is None or m.start() < best[0]:
                best = (m.start(), found)
            break
    return best[1] if best else None


def evidence_dates(text: str, months: bool = True) -> list[date]:
    """Dates the page carries in paths and URLs (strongest evidence of when it was made).

    A path with only year and month (/2019/10/) counts as the 15th of that month unless
    `months` is False.
    """
    found: list[date] = []
    for url in _URLISH_RE.findall(text):
        m = _PATH_DATE_RES[0].search(url)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            if _valid(y, mo, d):
                found.append(date(y, mo, d))
            continue
        m = _PATH_DATE_RES[1].search(url) if months else None
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            if 1 <= mo <= 12:
                found.append(date(y, mo, 15))
    return found


def written_dates(text: str) -> list[date]:
    """Full dates written in prose ("September 27, 2020"): weaker evidence, used only as a last resort."""
    out = []
    for pattern in _WRITTEN_FULL_DATE_RES:
        for m in pattern.finditer(text):
            year, mon, day = int(m["year"]), MONTHS[m["mon"].lower().rstrip(".")], int(m["day"])
            if _valid(year, mon, day):
                out.append(date(year, mon, day))
    return out


def infer_year(month: int, day: int, evidence: list[date]) -> int | None:
    """The year that puts month/day closest to a dated piece of evidence (None without evidence)."""
    best: tuple[int, int] | None = None
    for ev in evidence:
        for year in (ev.year - 1, ev.year, ev.year + 1):
            if not _valid(year, month, day):
                continue
            distance = abs((date(year, month, day) - ev).days)
            if best is None or distance < best[0]:
                best = (distance, year)
    if best is None or best[0] > 200:
        return None
    return best[1]


def complete_year(found: PageDate | None, page_text: str, body_text: str = "") -> PageDate | None:
    """Fill a missing year from path/URL dates, else from full dates written in the body."""
    if found is None or found.year is not None:
        return found
    for evidence in (evidence_dates(page_text), written_dates(body_text)):
        year = infer_year(found.month, found.day, evidence)
        if year is not None:
            return PageDate(year, found.month, found.day, found.hour, found.minute, found.second)
    return found

