"""Date strings as the days they cover, and the English month names: one reading for every stage.

A date said is written `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, a range `START/END` of
those, or an open range `../END` (some day up to END, ISO 8601's open start).
`1993` covers all of 1993, `2020-10` all of October 2020.
"""

from __future__ import annotations

import calendar
from datetime import date

OPEN = ".."  # ISO 8601's open end of a range: `../2020-10-18`

# Month names as English text writes them (not the locale's): full, three letters, and "Sept".
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
MONTH_ABBR = ("", *(name[:3] for name in MONTH_NAMES))  # MONTH_ABBR[10] == "Oct"
MONTHS = {**{name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)},
          **{name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)}, "sept": 9}  # lower-case name -> number
MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))  # a regex alternative of every name, longest first


def point_days(text: str) -> tuple[date, date]:
    """The first and last day of YYYY, YYYY-MM or YYYY-MM-DD (ValueError when it is not one)."""
    parts = [int(p) for p in text.strip()[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    d = date(*parts)
    return d, d


def date_interval(text: str) -> tuple[date, date]:
    """The days a date string covers; an open start (`../END`) begins at date.min."""
    text = text.strip()
    if "/" in text:
        start, end = text.split("/", 1)
        first = date.min if start.strip() == OPEN else point_days(start)[0]
        last = date.max if end.strip() == OPEN else point_days(end)[1]
        return first, last
    return point_days(text)
