"""Sentences that scraped news runs together, split without touching the text.

Pages flattened to text glue a sentence to the next ("...it said.Armenian forces
hit ...", "...the loser.”The deal ...", "...reports TASS.On Monday ...") and a
heading to the first sentence under it ("Celebrations in BakuFlag-waving
Azerbaijanis ..."). The parser then reads two sentences as one and takes the
speaker from the wrong one. Two small changes to the pipeline fix that while
every character offset stays the same:

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

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from .quotes import find_quotes

COMPONENT = "glued_sentences"
GLUE_INFIXES = (
    r"(?<=[.!?])[\"“”](?=[\"“”]?[A-Z])",  # 'loser.”The', 'village."The', 'win.""The'
    r"(?<=[.!?][\"“”])[\"“”](?=[A-Z])",
    r"(?<=[A-Z]{2})\.(?=[A-Z][a-z])",  # 'TASS.On'
    r"(?<=[0-9%)\]])\.(?=[A-Z][a-z])",  # '2020.The', '(AFP).The'
    r"(?<=[a-z]{3})(?=[A-Z][a-z])",  # 'BakuFlag', 'mediateOn' (a heading glued to its text)
)
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "maj", "lt", "sgt", "rep", "sen", "gov", "jr", "sr", "inc", "co",
    "corp", "ltd", "no", "vs", "mt", "ft", "prof", "rev", "capt", "cmdr", "adm", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "etc", "al", "approx", "dept", "est", "fig", "gov't",
}
SENTENCE_END = {".", "!", "?"}
# words that open a sentence after a capitalised heading glued to it ("...ReutersThe ...")
OPENERS = {"The", "After", "According", "But", "Mr", "Ms", "Mrs", "This", "That", "He", "She", "They", "We",
           "Earlier", "Later", "Meanwhile", "However", "While", "When"}
QUOTE_MARKS = {"\"", "“", "”"}


def _starts_sentence(word: str) -> bool:
    return word[:1].isupper() or (word[:1] in QUOTE_MARKS and word[1:2].isupper())


def _glued_heading(prev, tok, before) -> bool:
    """'...in the conflictThe talks ...': a lowercase word glued to a capitalised one
    (not a handle such as '@realDonaldTrump'); after a capitalised word only a sentence opener."""
    if prev.whitespace_ or not prev.is_alpha or not tok.text[:1].isupper() or not tok.text[1:2].islower():
        return False
    if before is not None and before.text in {"@", "#"} and not before.whitespace_:
        return False
    if prev.text.islower() and len(prev) >= 3:
        return True
    return prev.text[:1].isupper() and prev.text[1:].islower() and len(prev) >= 4 and tok.text in OPENERS


def _ellipsis_before(doc: Doc, i: int) -> bool:
    """'...', '…' or a spaced '. . .' right before token i."""
    prev = doc[i - 1].text
    if prev in {"...", "…"} or prev.endswith("..."):
        return True
    return i >= 3 and all(t.text == "." for t in doc[i - 3 : i])


@Language.component(COMPONENT)
def glued_sentences(doc: Doc) -> Doc:
    """Mark a sentence start after sentence punctuation glued to a capitalised word."""
    opening = None
    quotes = None
    for i, tok in enumerate(doc[:-1]):
        if tok.text == "[" or (i and doc[i - 1].text == "["):
            tok.is_sent_start = False  # an editor's insertion "[the battle that ...]" never opens a sentence
            continue
        if i and _ellipsis_before(doc, i):
            quotes = quotes if quotes is not None else find_quotes(doc.text)
            if any(s < tok.idx < e for s, e in quotes):
                tok.is_sent_start = False  # "... in the country ... The government will": one quoted sentence
                continue
        if i and doc[i - 1].is_space and doc[i - 1].text.count("\n") >= 2 and not tok.is_space:
            tok.is_sent_start = True  # a blank line ends a heading or a paragraph
            continue
        if i and _glued_heading(doc[i - 1], tok, doc[i - 2] if i > 1 else None):
            tok.is_sent_start = True
            continue
        if tok.text not in SENTENCE_END or tok.whitespace_ or i == 0:
            continue
        prev = doc[i - 1]
        if prev.is_space or prev.lower_.rstrip(".") in ABBREVIATIONS or (len(prev) == 1 and prev.is_alpha):
            continue
        if "." in prev.text and prev.is_upper:
            continue  # "U.S.", "U.N."
        j = i + 1
        nxt = doc[j]
        if nxt.text in QUOTE_MARKS:
            if opening is None:
                opening = {s for s, _ in find_quotes(doc.text)}
            if nxt.idx not in opening:
                # a closing quote ends this sentence; the next one starts after it
                if nxt.whitespace_ or j + 1 >= len(doc):
                    continue
                closing = nxt
                j += 1
                nxt = doc[j]
                if nxt.text in QUOTE_MARKS and j + 1 < len(doc) and doc[j + 1].text[:1].isupper():
                    doc[j + 1].is_sent_start = False  # '...""The': the next sentence opens with a quotation
                elif not _starts_sentence(nxt.text):
                    continue
                closing.is_sent_start = False
            elif j + 1 >= len(doc) or not doc[j + 1].text[:1].isupper():
                continue
            else:
                doc[j + 1].is_sent_start = False  # the quotation opens the sentence
        elif not _starts_sentence(nxt.text):
            continue
        doc[j].is_sent_start = True
    return doc


def prepare(nlp: Language) -> Language:
    """Add the glued-sentence infixes and component to `nlp` once (idempotent); returns it."""
    if COMPONENT in nlp.pipe_names:
        return nlp
    finditer = nlp.tokenizer.infix_finditer
    current = [finditer.__self__.pattern] if finditer is not None else list(nlp.Defaults.infixes or [])
    nlp.tokenizer.infix_finditer = compile_infix_regex(current + list(GLUE_INFIXES)).finditer
    before = "parser" if "parser" in nlp.pipe_names else None
    if before:
        nlp.add_pipe(COMPONENT, before=before)
    else:
        nlp.add_pipe(COMPONENT, first=True)
    return nlp
