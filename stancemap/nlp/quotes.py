"""Direct quotations: spans between quote marks, straight or curly.

Straight double quotes (") and doubled single quotes ('') toggle; curly
“ ” open and close. A quotation left open at the end of a paragraph ends
there (news style reopens a continued quote on the next paragraph).
Single quotes are left alone: they mark scare quotes and apostrophes.

Scraped pages lose the paragraph breaks, so an unclosed paragraph-final
quotation would pair with the next quote mark and turn the rest of the
article inside out. Two signs of a lost break keep the pairing in step: a
sentence glued to the next ("...know the place.The family arrived"), where an
open quotation ends; and a straight mark shaped as an opening (space before,
a word after) right after a finished sentence while one is open, where the open
one ends and a new one starts ('...accompanies them. "We need observers," she
said'); after a comma it closes ('The children kept crying, "he laments'). A straight mark shaped
as a closing (a word or punctuation before, space after) with none open is a
stray closing mark and opens nothing; a curly closing mark that opens a line, a
word right after it ('”Fear. I am afraid.”'), is a mistyped opening and opens one.
"""

from __future__ import annotations

import re

# (every alternative a literal, so the regex engine skips ahead to the marks' first characters)
_MARK = re.compile(r"''|``|‘‘|’’|\"|“|”|„|‟|«|»")
_PARA = re.compile(r"\n\s*\n|\n")
OPENING = {"“", "„", "‟", "«", "``", "‘‘"}
CLOSING = {"”", "»", "’’"}  # ('„...’’' as some pages type a low-high pair)
# a sentence glued to the next one: a paragraph break the page lost ("place.The")
# (the punctuation first and the letter before it checked behind, so the scan skips to punctuation)
_GLUED_BREAK = re.compile(r"[.!?](?<=[a-z0-9%)][.!?])(?=[A-Z][a-z])")
_BEFORE_OPENING = set(" \t\n([{—–-/")
_AFTER_CLOSING = set(" \t\n.,;:!?)]}—–-/")


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


def _shape(text: str, start: int, end: int) -> str:
    """'open' (space before, a word after), 'close' (a word before, space after) or '' for a
    straight mark; curly marks say what they are."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if (before in _BEFORE_OPENING or before in "\"“”'") and not after.isspace():
        return "open"
    if before not in _BEFORE_OPENING and after in _AFTER_CLOSING:
        return "close"
    return ""


def _ended_sentence(text: str, open_at: int, at: int) -> int | None:
    """Where a quotation left open before `at` ends: after the last sentence punctuation
    before it, when there is text there at all."""
    stop = at
    while stop > open_at and text[stop - 1].isspace():
        stop -= 1
    return stop if stop - open_at > 2 and text[stop - 1] in ".!?" else None


def _paragraph_quotes(text: str, start: int, end: int, max_len: int) -> list[tuple[int, int]]:
    out = []
    open_at: int | None = None
    breaks = [m.end() for m in _GLUED_BREAK.finditer(text, start, end)]
    for m in _MARK.finditer(text, start, end):
        mark = m.group()
        if open_at is not None:
            lost = next((b for b in breaks if open_at < b <= m.start()), None)
            if lost is not None:
                # a paragraph break the page lost ends the open quotation ("...the place.The")
                if lost - open_at <= max_len:
                    out.append((open_at, lost))
                open_at = None
        straight = mark not in OPENING and mark not in CLOSING
        shape = _shape(text, m.start(), m.end()) if straight else ""
        if open_at is None:
            opens_line = mark in CLOSING and not text[start:m.start()].strip() and text[m.end():m.end() + 1].isalnum()
            if (mark in CLOSING and not opens_line) or shape == "close":
                continue  # a stray closing mark: nothing to close (one opening a line is a mistyped opening: '”Fear. I ...')
            open_at = m.start()
        else:
            stop = _ended_sentence(text, open_at, m.start())
            if mark in OPENING or (shape == "open" and stop is not None):
                if mark in {"“", "``"} or shape == "open":
                    # a missing close: the open quotation ended at its last sentence; restart here
                    if stop is not None and stop - open_at <= max_len:
                        out.append((open_at, stop))
                    open_at = m.start()
                continue
            # (an opening-shaped straight mark after a comma closes: 'crying, "he laments')
            if m.end() - open_at <= max_len:
                out.append((open_at, m.end()))
            open_at = None
    lost = next((b for b in breaks if open_at is not None and b > open_at), None)
    if open_at is not None and lost is not None:
        if lost - open_at <= max_len:
            out.append((open_at, lost))  # the page lost the paragraph break where the quotation ended
    elif open_at is not None and end - open_at > 1:
        stripped_end = end
        while stripped_end > open_at and text[stripped_end - 1].isspace():
            stripped_end -= 1
        if stripped_end - open_at <= max_len:
            out.append((open_at, stripped_end))
    return out


def inner(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The quotation without its marks and surrounding whitespace."""
    s, e = span
    while s < e and (text[s] in "\"“”„‟«»'`‘’" or text[s].isspace()):
        s += 1
    while e > s and (text[e - 1] in "\"“”„‟«»'`‘’" or text[e - 1].isspace()):
        e -= 1
    return s, e
