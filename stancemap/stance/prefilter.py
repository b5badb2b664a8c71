"""Telling fast whether a sentence can hold any of many case-insensitive patterns.

Coding a statement tries about a hundred regular expressions (action phrases, stance cues)
on its sentence, and most sentences hold none of them. One scan with all of a group's
patterns joined tells when none can match, so the patterns need trying one by one only in
the few sentences where the scan finds something.

The scan runs on the lower-cased sentence, case-sensitively: the regex engine compares
plain characters about twice as fast as it folds case. Where every letter of the sentence
is ASCII (curly quotes and dashes are no letters), a pattern spelt in lower case matches
the lower-cased sentence wherever it matches the sentence case-insensitively, so the scan
misses nothing. For other sentences, or patterns that spell an upper-case letter, the gate
answers "maybe" and the patterns are tried as before.
"""

from __future__ import annotations

import re
from typing import Iterable

_ESCAPE = re.compile(r"\\.")
_UPPER = re.compile(r"[A-Z]")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def lowered(text: str) -> str | None:
    """The sentence in lower case when its letters are all ASCII, else None (lower-casing
    other letters is not always what case-insensitive matching does: "ſ", "İ")."""
    if text.isascii() or all(ch.isascii() or ch.lower() == ch.upper() for ch in set(text)):
        return text.lower()
    return None


def spelt_in_lower_case(pattern: str) -> bool:
    """Whether a pattern names no upper-case letter (escapes such as \\S and \\W aside)."""
    return not _UPPER.search(_ESCAPE.sub("", pattern))


def joinable(patterns: Iterable[str]) -> bool:
    """Whether patterns can be joined into one alternation: none refers back to a group
    by number or name (joining renumbers the groups)."""
    return not any(_BACKREFERENCE.search(p) for p in patterns)


class Gate:
    """One scan telling whether any of the patterns can match a sentence."""

    def __init__(self, patterns: Iterable[str]):
        patterns = list(patterns)
        self.empty = not patterns
        self.regex: re.Pattern[str] | None = None
        if patterns and joinable(patterns) and all(spelt_in_lower_case(p) for p in patterns):
            try:
                self.regex = re.compile("|".join(f"(?:{p})" for p in patterns))
            except re.error:  # e.g. a pattern with a flag that must open the whole expression
                self.regex = None

    def may_match(self, lower_text: str | None) -> bool:
        """False only when no pattern can match the sentence; `lower_text` is `lowered(sentence)`."""
        if self.empty:
            return False
        if self.regex is None or lower_text is None:
            return True
        return self.regex.search(lower_text) is not None
