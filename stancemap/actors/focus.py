"""The country a stretch of text is about, for "the government", "the defence ministry" and for
a titled person with no nationality ("Foreign Minister Evarist Bartolo").

Every country word (name, adjective, demonym, capital) and the country of every person named
is a mark; recent sentences weigh most, the title's first country counts everywhere. A
destination ("travel to Armenia"), a counterpart ("his Armenian counterpart") or the theatre
of a conflict ("the Nagorno-Karabakh war") weighs little.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable

from spacy.tokens import Token

from ..wordlists import word_set
from .kb import KnowledgeBase
from .tokens import Tokens

CONFLICT_NOUNS = word_set("stancemap.actors", "conflict_nouns")
ELSEWHERE_WEIGHT = 0.25


def elsewhere(tok: Token) -> bool:
    """A country word that names a destination, a counterpart or the theatre of a conflict ("the
    Nagorno-Karabakh war", "fighting in Karabakh"), not the side the text speaks for."""
    if tok.dep_ == "conj" and tok.head.i < tok.i:  # "arms sales to Turkey and Azerbaijan": as the first one
        return elsewhere(tok.head)
    if tok.dep_ == "pobj" and tok.head.lower_ in {"to", "into", "toward", "towards"}:
        return True
    if tok.dep_ in {"compound", "amod", "nmod"} and tok.head.lemma_ in CONFLICT_NOUNS:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in {"in", "over", "around", "for"} and tok.head.head.lemma_ in CONFLICT_NOUNS:
        return True
    if tok.dep_ == "dobj" and tok.head.lemma_ in {"visit", "reach", "enter"}:
        return True
    return tok.dep_ in {"amod", "compound", "poss"} and tok.head.lemma_ in {"counterpart", "colleague", "host"}


def title_countries(kb: KnowledgeBase, title: str | None) -> Counter[str]:
    """Countries an article's title names, in order; a topic label before a colon, a topic or destination
    after 'on', 'over', 'to' ..., a theatre ("Karabakh conflict") and capitals other than the headline's
    first word do not count."""
    found: Counter[str] = Counter()
    title = re.sub(r"^[^:]{1,40}:\s*", "", title or "")  # "Nagorno-Karabakh: Azerbaijan says ...": the theatre
    matches = list(re.finditer(r"[A-Z][\w'’-]*", title))
    words = [m.group() for m in matches]
    # "... on Karabakh", "FM to visit Yerevan", "escalating Karabakh conflict": a topic, destination or theatre
    conflict = "|".join(sorted(CONFLICT_NOUNS))
    listed = r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?(?:\s*,\s*|\s+and\s+|\s*&\s*))*"  # "to Turkey, Azerbaijan"
    topic = [bool(re.search(rf"\b(?i:on|over|about|to|into|visit|visits)\s+(?:(?i:the)\s+)?{listed}$", title[: m.start()]))
             or bool(re.match(rf"(?:['’]s)?\s+(?:{conflict})s?\b", title[m.end() :], re.I)) for m in matches]
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2])
        if i + 1 < len(words) and kb.country(pair) and not kb.is_capital(pair):
            if not topic[i]:
                found[kb.country(pair)] += 1
            i += 2
            continue
        word = re.sub(r"['’]s$", "", words[i])
        # a capital counts only as the headline's subject ("Tehran speaks with two voices")
        c = None if (kb.is_capital(word) and matches[i].start() > 0) or topic[i] else kb.country(word)
        if c:
            found[c] += 1
        i += 1
    return found


class CountryFocus:
    """Weighted country marks of one parsed article."""

    def __init__(self, kb: KnowledgeBase, tokens: Tokens, sent_of: list[int], title: str | None,
                 people: Iterable[tuple[int, str]] = ()):
        self.kb = kb
        self.sent_of = sent_of
        self.title = title_countries(kb, title)
        marks = []
        for i, (pos, word) in enumerate(zip(tokens.pos, tokens.word)):
            if pos in {"PROPN", "ADJ", "NOUN"} and word[:1].isupper() and tokens.numbered_end(i) == i + 1:
                c = kb.country(word)  # not "France 24", a channel
                if c:
                    marks.append((i, c, ELSEWHERE_WEIGHT if elsewhere(tokens.tok[i]) else 1.0))
        marks.extend((i, c, 1.0) for i, c in people)
        self.marks = sorted(marks)

    @property
    def subject(self) -> str | None:
        """The title's first country: usually whose story it is."""
        return next(iter(self.title), None)

    def at(self, at: int, dominant: bool = False) -> str | None:
        """The country the text is about around token `at`; with `dominant`, only one that leads twice over."""
        here = self.sent_of[at]
        scores: Counter[str] = Counter()
        for rank, c in enumerate(self.title):
            scores[c] += 1.0 if rank == 0 else 0.3
        for i, c, w in self.marks:
            d = here - self.sent_of[i]
            scores[c] += 0.02 * w if d < 0 else w * (math.pow(0.6, d) + 0.02)
        ranked = scores.most_common(2)
        if not ranked:
            return None
        if dominant and len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
            return None
        return ranked[0][0]

    def evidenced(self, country: str | None, at: int) -> str | None:
        """`country` when the text names it as the side it speaks of near token `at` (in that sentence or the
        one before, not as a destination, counterpart or theatre) or the title's subject is that country;
        else None: a country weighed up from far away is a guess."""
        if country is None:
            return None
        if self.subject == country:
            return country
        here = self.sent_of[at]
        return country if any(c == country and w >= 1 and 0 <= here - self.sent_of[i] <= 1 for i, c, w in self.marks) else None

    def unrecognised_at(self, at: int) -> str | None:
        """The de facto state (a KB country without an ISO code) the text is about around `at`."""
        scores: Counter[str] = Counter()
        here = self.sent_of[at]
        for i, c, _ in self.marks:
            country = self.kb.countries.get(c)
            if country is not None and country.code == "-":
                d = here - self.sent_of[i]
                scores[c] += math.pow(0.6, d) if d >= 0 else 0.05
        return scores.most_common(1)[0][0] if scores else None

    def elsewhere_in_sentence(self, sent: int) -> set[str]:
        """Countries a sentence names only as a destination, counterpart or theatre."""
        return {c for i, c, w in self.marks if w < 1 and self.sent_of[i] == sent}
