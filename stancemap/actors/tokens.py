"""The tokens of one parsed article, read out of spaCy once.

spaCy builds a new Python Token object on every `doc[i]`, every pass over a Doc or Span
and every `.head` or `.children`, and `span.text` joins the span's tokens again; the actor
rules ask such questions hundreds of thousands of times per corpus. This table makes each
Token object once, reads the words, tags, heads and sentence of every position in a few
array reads and the children of every position from the heads, so the rules walk positions
in plain lists. It belongs to one Doc and lives as long as the article's resolver; a parse
never changes after it is made.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LENGTH, LOWER, POS
from spacy.tokens import Doc, Token

from ..nlp.text import doc_text

_CHAIN_DEPS = {"compound", "amod", "poss", "nmod", "det", "flat", "nummod", "punct", "case"}
NOT_NAME_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def is_name_token(tok: Token) -> bool:
    """A token that can be (part of) a proper name."""
    return is_name_word(tok.pos_, tok.ent_type_, tok.text)


def is_name_word(pos: str, ent_type: str, text: str) -> bool:
    """A capitalised proper noun that is no date, time or number."""
    return pos == "PROPN" and ent_type not in NOT_NAME_LABELS and text[:1].isupper()


def _labels(doc: Doc, attr: int) -> list[str]:
    """One string attribute (`pos_`, `dep_`, ...) of every token, from a single array read."""
    ids = doc.to_array(attr).tolist()
    strings = doc.vocab.strings
    names = {i: strings[i] for i in set(ids)}
    return [names[i] for i in ids]


def _children_index(head: numpy.ndarray) -> tuple[list[int], list[int]]:
    """Every position's dependents, grouped by head in text order, and where each head's group starts:
    the children of `i` are `order[start[i]:start[i + 1]]`. One sort in numpy instead of a list per token."""
    n = len(head)
    dependents = numpy.flatnonzero(head != numpy.arange(n))  # all but the roots, in text order
    order = dependents[numpy.argsort(head[dependents], kind="stable")]  # stable: text order within a head
    start = numpy.searchsorted(head[order], numpy.arange(n + 1))
    return order.tolist(), start.tolist()


class Tokens:
    """Per-position facts of one parsed Doc (positions are token indexes)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.tok: list[Token] = list(doc)
        self.idx = doc.to_array(IDX).tolist()
        self.word = [self.text[start : start + n] for start, n in zip(self.idx, doc.to_array(LENGTH).tolist())]
        self.lower = _labels(doc, LOWER)
        self.pos = _labels(doc, POS)
        self.dep = _labels(doc, DEP)
        self.ent = _labels(doc, ENT_TYPE)
        head = numpy.arange(len(doc)) + doc.to_array(HEAD).astype("int64")  # offsets -> positions
        self.head = head.tolist()
        self._children_order, self._children_start = _children_index(head)
        self.sent_of: list[int] = []  # sentence number of each token
        self.sent_start: list[int] = []  # first token of each token's sentence
        self.sent_end: list[int] = []  # one past its last token
        for n, sent in enumerate(doc.sents):
            size = sent.end - sent.start
            self.sent_of.extend([n] * size)
            self.sent_start.extend([sent.start] * size)
            self.sent_end.extend([sent.end] * size)
        self.nouns = [i for i, pos in enumerate(self.pos) if pos in {"NOUN", "PROPN"}]  # where mentions can be headed
        self.is_name = [False] * len(self.word)
        for i in self.nouns:  # only a proper noun can be a name word
            self.is_name[i] = self.pos[i] == "PROPN" and is_name_word("PROPN", self.ent[i], self.word[i])
        self._left_chain: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.word)

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`, cut from the article's text (indexes as a Doc slice takes them)."""
        n = len(self.word)
        if not 0 <= start < end <= n:  # out of range or empty: bounds as Doc slicing sets them
            start, end = start + n if start < 0 else start, end + n if end < 0 else end
            start = min(n, max(0, start))
            end = min(n, max(start, end))
            if start == end:
                return ""
        return self.text[self.idx[start] : self.idx[end - 1] + len(self.word[end - 1])]

    def child_ids(self, i: int) -> list[int]:
        """Positions of `doc[i].children`."""
        if i < 0:  # as doc[i] counts from the end
            i += len(self.word)
        return self._children_order[self._children_start[i] : self._children_start[i + 1]]

    def children(self, i: int) -> list[Token]:
        """`doc[i].children`, as Tokens made once."""
        return [self.tok[c] for c in self.child_ids(i)]

    def is_ancestor(self, anc: int, i: int) -> bool:
        """Whether `anc` is on the path from `i` up to its sentence root (as `Token.ancestors`)."""
        steps = 0
        while self.head[i] != i and steps < len(self.word):
            i = self.head[i]
            if i == anc:
                return True
            steps += 1
        return False

    def left_chain(self, at: int) -> int:
        """First token of the modifiers that attach inside the noun phrase ending at `at`."""
        found = self._left_chain.get(at)
        if found is None:
            found = self._left_chain[at] = self._read_left_chain(at)
        return found

    def _read_left_chain(self, at: int) -> int:
        i = at - 1
        start_sent = self.sent_start[at]
        while i >= start_sent:
            dep, head = self.dep[i], self.head[i]
            if dep == "case" and head == i - 1:
                i -= 1
                continue
            if dep in _CHAIN_DEPS and at >= head > i and not (dep == "punct" and self.word[i] not in "-–"):
                i -= 1
                continue
            if dep in {"compound", "amod", "poss", "det"} and self.is_ancestor(at, i) and head <= at:
                i -= 1
                continue
            break
        return i + 1

    def numbered_end(self, i: int) -> int:
        """One past a name at `i` that goes on with a number ("France 24", "Rustavi 2", "Channel 4"): a short
        number right after it, one space away; else i + 1. Such a name is no country, whatever its first word."""
        j = i + 1
        if (j < len(self.word) and self.word[j].isdigit() and len(self.word[j]) <= 3 and self.word[i][:1].isupper()
                and self.idx[j] == self.idx[i] + len(self.word[i]) + 1 and self.text[self.idx[j] - 1] == " "):
            return j + 1
        return i + 1

    def of_object(self, i: int) -> Token | None:
        """The object of an 'of' phrase hanging on token `i` ("Republic of Azerbaijan" -> Azerbaijan)."""
        prep = i + 1  # the 'of' right after, a child of `i` (whose head is `i`, as Token.children reads it)
        if prep >= len(self.word) or self.head[prep] != i or self.dep[prep] != "prep" or self.lower[prep] != "of":
            return None
        for pobj in self.child_ids(prep):
            if self.dep[pobj] == "pobj":
                return self.tok[pobj]
        return None
