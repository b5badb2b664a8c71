"""Sentences that scraped news runs together, split without touching the text.

Pages flattened to text glue a sentence to the next ("...it said.Armenian forces
hit ...", "...the loser.”The deal ...", "...reports TASS.On Monday ...") and a
heading to the first sentence under it ("Celebrations in BakuFlag-waving
Azerbaijanis ..."). The parser then reads two sentences as one and takes the
speaker from the wrong one. Two small changes to the pipeline fix that while
every character offset stays the same (both made by `nlp.model`, which builds
the one pipeline every stage uses):

- tokenizer infixes split a quote mark glued between sentence punctuation and a
  capital, a period glued between an all-capital word and a capitalised one, and
  a lowercase run (3+ letters) glued to a capitalised word ("BakuFlag");
- a component before the parser starts a sentence after such a glued period,
  '!' or '?' (and after a closing quote that follows it), so the parser cannot
  join them. Abbreviations ("St.Louis", "U.S.") are left alone. It also keeps
  together what the parser tends to cut: an editor's "[insertion]" and an
  ellipsis inside a quotation ("... in the country ... The government will").
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from spacy.attrs import IDX, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from ..wordlists import word_set
from .quotes import find_quotes
from .text import keep_text

COMPONENT = "glued_sentences"
GLUE_INFIXES = (
    r"(?<=[.!?])[\"“”](?=[\"“”]?[A-Z])",  # 'loser.”The', 'village."The', 'win.""The'
    r"(?<=[.!?][\"“”])[\"“”](?=[A-Z])",
    r"(?<=[A-Z]{2})\.(?=[A-Z][a-z])",  # 'TASS.On'
    r"(?<=[0-9%)\]])\.(?=[A-Z][a-z])",  # '2020.The', '(AFP).The'
    r"(?<=[0-9a-z%)\]]{2})\.(?=[AI]$)",  # 'on October 29.A senior official': a one-letter word opens the next
    r"(?<=[a-z]{3})(?=[A-Z][a-z])",  # 'BakuFlag', 'mediateOn' (a heading glued to its text)
    r"(?<=[a-z]{2})[?!](?=[A-Z])",  # 'status?I would doubt it': an interview's question glued to the answer
    r"(?<=[0-9)\]])[?!](?=[A-Z][a-z])",  # 'on December 3?Sergey Lavrov: ...': the same after a number
)
ABBREVIATIONS = word_set("stancemap.nlp", "abbreviations")
SENTENCE_END = {".", "!", "?"}
# words that open a sentence after a capitalised heading glued to it ("...ReutersThe ...")
OPENERS = word_set("stancemap.nlp", "openers")
QUOTE_MARKS = {"\"", "“", "”"}
ELLIPSIS_ENDS = {".", "…"}  # the last character of a token that can end an ellipsis


def _starts_sentence(word: str) -> bool:
    return word[:1].isupper() or (word[:1] in QUOTE_MARKS and word[1:2].isupper())


def _glued_heading(words: list[str], spaced: list[bool], i: int) -> bool:
    """'...in the conflictThe talks ...': a lowercase word glued to a capitalised one
    (not a handle such as '@realDonaldTrump'); after a capitalised word only a sentence opener."""
    prev, word = words[i - 1], words[i]
    if spaced[i - 1] or not prev.isalpha() or not word[:1].isupper() or not word[1:2].islower():
        return False
    if i > 1 and words[i - 2] in {"@", "#"} and not spaced[i - 2]:
        return False
    if prev.islower() and len(prev) >= 3:
        return True
    return prev[:1].isupper() and prev[1:].islower() and len(prev) >= 4 and word in OPENERS


class _Tokens(NamedTuple):
    words: list[str]  # each token's text
    spaced: list[bool]  # whether a space follows it
    starts: list[int]  # its character offset
    text: str  # the Doc's text
    check: list[int]  # the positions a rule can fire on (see _positions_to_check)


def _token_table(doc: Doc) -> _Tokens:
    """The tokens as plain lists, read from arrays: this component runs on every article, and
    a Token object per word was most of its cost. Each distinct word is looked up once.

    Not the shared `token_table`: this runs inside the pipeline, before the parser, on a Doc
    that has no heads, labels or sentences yet and whose sentence starts it is about to
    change; the shared table is made once per finished parse, so it cannot be read here."""
    table = doc.to_array([ORTH, SPACY, IDX])
    orths, inverse = np.unique(table[:, 0], return_inverse=True)
    distinct = [doc.vocab.strings[orth] for orth in orths.tolist()]
    tokens = np.array(distinct, dtype=object)[inverse]
    spaced = table[:, 1] == 1
    words = tokens.tolist()
    tokens[spaced] += " "
    text = "".join(tokens.tolist())
    check = _positions_to_check(distinct, inverse, spaced)
    return _Tokens(words, spaced.tolist(), table[:, 2].tolist(), text, check)


def _positions_to_check(distinct: list[str], inverse: np.ndarray, spaced: np.ndarray) -> list[int]:
    """Token positions `glued_sentences` has to look at: a '[' or sentence punctuation, or the
    token after a '[', an ellipsis, a whitespace token or a token with no space after it. No
    rule fires on any other token, so most of an article's words are passed over unread."""
    acts = np.array([w == "[" or w in SENTENCE_END for w in distinct], dtype=bool)[inverse]
    leads = np.array([w == "[" or w[-1:] in ELLIPSIS_ENDS or w.isspace() for w in distinct], dtype=bool)[inverse]
    check = acts
    check[1:] |= leads[:-1] | ~spaced[:-1]
    return np.flatnonzero(check[:-1]).tolist()  # (the last token opens nothing)


def _ellipsis_before(words: list[str], i: int) -> bool:
    """'...', '…' or a spaced '. . .' right before token i."""
    prev = words[i - 1]
    if prev in {"...", "…"} or prev.endswith("..."):
        return True
    return i >= 3 and words[i - 3] == words[i - 2] == prev == "."


def glued_sentences(doc: Doc) -> Doc:
    """Mark a sentence start after sentence punctuation glued to a capitalised word.

    Works on plain lists of the tokens' text, spacing and offsets (read once from arrays),
    and sets the boundaries it decided at the end (a later decision on a token overrides an earlier).
    """
    words, spaced, starts, text, check = _token_table(doc)
    keep_text(doc, text)  # (the later stages read the text too)
    n = len(words)
    marks: dict[int, bool] = {}  # token index -> is_sent_start; a later decision overrides an earlier
    opening = None
    quotes = None
    for i in check:
        word = words[i]
        prev = words[i - 1] if i else ""
        if word == "[" or prev == "[":
            marks[i] = False  # an editor's insertion "[the battle that ...]" never opens a sentence
            continue
        if prev[-1:] in ELLIPSIS_ENDS and _ellipsis_before(words, i):
            quotes = quotes if quotes is not None else find_quotes(text)
            if any(s < starts[i] < e for s, e in quotes):
                marks[i] = False  # "... in the country ... The government will": one quoted sentence
                continue
        if prev.isspace() and prev.count("\n") >= 2 and not word.isspace():
            marks[i] = True  # a blank line ends a heading or a paragraph
            continue
        if i and not spaced[i - 1] and _glued_heading(words, spaced, i):
            marks[i] = True
            continue
        if word not in SENTENCE_END or spaced[i] or i == 0:
            continue
        if prev.isspace() or prev.lower().rstrip(".") in ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()):
            continue
        if "." in prev and prev.isupper():
            continue  # "U.S.", "U.N."
        j = i + 1
        nxt = words[j]
        if nxt in QUOTE_MARKS:
            if opening is None:
                quotes = quotes if quotes is not None else find_quotes(text)
                opening = {s for s, _ in quotes}
            if starts[j] not in opening:
                # a closing quote ends this sentence; the next one starts after it
                if spaced[j] or j + 1 >= n:
                    continue
                closing = j
                j += 1
                nxt = words[j]
                if nxt in QUOTE_MARKS and j + 1 < n and words[j + 1][:1].isupper():
                    marks[j + 1] = False  # '...""The': the next sentence opens with a quotation
                elif not _starts_sentence(nxt):
                    continue
                marks[closing] = False
            elif j + 1 >= n or not words[j + 1][:1].isupper():
                continue
            else:
                marks[j + 1] = False  # the quotation opens the sentence
        elif not _starts_sentence(nxt):
            continue
        marks[j] = True
    _set_sentence_starts(doc, marks)
    return doc


def _set_sentence_starts(doc: Doc, marks: dict[int, bool]) -> None:
    """Write the decided starts (True) and non-starts (False) in one array write: setting
    `Token.is_sent_start` checks the whole Doc for a parse on every call."""
    if not marks:
        return
    if doc.has_annotation("DEP"):
        raise ValueError(f"{COMPONENT} sets sentence starts, so it must run before the parser")
    column = doc.to_array([SENT_START]).astype(np.int64)
    for i, start in marks.items():
        column[i] = 1 if start else -1
    doc.from_array([SENT_START], column.astype(np.uint64))


@Language.factory(COMPONENT)
def make_glued_sentences(nlp, name):  # unannotated: spaCy validates a factory's annotations, which are strings here
    """The component, for `nlp.add_pipe("glued_sentences")` (it keeps no state)."""
    return glued_sentences


def add_glued_sentences(nlp: Language) -> Language:
    """Add the glued-sentence infixes to the tokenizer and the component before the parser; returns `nlp`.

    Called on a pipeline while it is being built (`nlp.model.build`), never on one in use.
    """
    if COMPONENT in nlp.pipe_names:
        raise ValueError(f"{COMPONENT} is already in this pipeline")
    finditer = nlp.tokenizer.infix_finditer
    current = [finditer.__self__.pattern] if finditer is not None else list(nlp.Defaults.infixes or [])
    nlp.tokenizer.infix_finditer = compile_infix_regex(current + list(GLUE_INFIXES)).finditer
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    else:
        nlp.add_pipe(COMPONENT, first=True)
    return nlp
