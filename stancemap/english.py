"""Counts and lists as an English reader expects them ("1 source", "3 failures")."""

from __future__ import annotations

from collections import Counter
from typing import Iterable


def count(n: int, noun: str, plural: str | None = None) -> str:
    """`n` with the noun in the number it needs: count(1, "failure") == "1 failure"."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def tally(reasons: Iterable[str]) -> str:
    """Reasons with how often each occurs, most frequent first: "2 × a CSV table, 1 × a README"."""
    return ", ".join(f"{n} × {reason}" for reason, n in Counter(reasons).most_common())
