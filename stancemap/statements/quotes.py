"""Direct quotations: spans between quote marks, straight or curly.

Straight double quotes (") and doubled single quotes ('') toggle; curly
“ ” open and close. A quotation left open at the end of a paragraph ends
there (news style reopens a continued quote on the next paragraph).
Single quotes are left alone: they mark scare quotes and apostrophes.
"""

from __future__ import annotations

import re

_MARK = re.compile(r"''|``|[\"“”„‟«»]")
_PARA = re.compile(r"\n\s*\n|\n")
OPENING = {"“", "„", "‟", "«", "``"}
CLOSING = {"”", "»"}


def find_quotes(text: str, max_len: int = 3000) -> list[tuple[int, int]]:
    """(start, end) offsets of quotations, marks included, in text order."""
    quotes: list[tuple[int, int]] = []
    para_start = 0
    for para_break in list(_PARA.finditer(text)) + [None]:
        para_end = para_break.start() if para_break else len(text)
        quotes.extend(_paragraph_quotes(text, para_start, para_end, max_len))
        if para_break:
            para_start = para_break.end()
    return quotes


def _paragraph_quotes(text: str, start: int, end: int, max_len: int) -> list[tuple[int, int]]:
    out = []
    open_at: int | None = None
    for m in _MARK.finditer(text, start, end):
        mark = m.group()
        if open_at is None:
            if mark in CLOSING:
                continue  # a stray closing mark: nothing to close
            open_at = m.start()
        else:
            if mark in OPENING:
                if mark == "“" or mark == "``":
                    open_at = m.start()  # a missing close: restart at the new opening
                continue
            if m.end() - open_at <= max_len:
                out.append((open_at, m.end()))
            open_at = None
    if open_at is not None and end - open_at > 1:
        stripped_end = end
        while stripped_end > open_at and text[stripped_end - 1].isspace():
            stripped_end -= 1
        if stripped_end - open_at <= max_len:
            out.append((open_at, stripped_end))
    return out


def inner(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The quotation without its marks and surrounding whitespace."""
    s, e = span
    while s < e and (text[s] in "\"“”„‟«»'`" or text[s].isspace()):
        s += 1
    while e > s and (text[e - 1] in "\"“”„‟«»'`" or text[e - 1].isspace()):
        e -= 1
    return s, e
