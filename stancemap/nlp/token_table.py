"""The tokens of one parsed Doc as plain columns: read out of spaCy once, shared by every stage.

spaCy builds a new Python Token object on every `doc[i]`, `.head` and `.children`, and
`span.text` joins the span's tokens again; the actor, attribution and stance rules ask such
questions hundreds of thousands of times per corpus. `token_table(doc)` reads the Doc's
annotation rows in one array read and gives each stage what it walks: the words, offsets,
labels, heads, children and sentences of every position, as lists (a column is made on
first use, so a stage pays only for what it reads) and as arrays of ids (for the rules
that test whole columns at once). The table is made once per Doc and kept beside it for as
long as the Doc lives; a parse never changes after it is made, so the table is read-only:
no caller writes to a column.

Only a finished parse has a table. The pipeline's own components (`segmentation`, the
memoised attribute ruler and lemmatizer) read the arrays while the Doc is still being
annotated, so they keep their own reads.
"""

from __future__ import annotations

import weakref
from functools import cached_property
from typing import Any

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, LOWER, POS, SENT_START, SPACY, TAG
from spacy.tokens import Doc

from .text import doc_text

# Kept beside each Doc without touching it: `user_data` is serialised and deep-copied with
# the Doc, and a table belongs to the one Doc it was read from. A table holds no reference
# to its Doc, so the entry goes when the Doc does.
_TABLES: weakref.WeakKeyDictionary[Doc, "TokenTable"] = weakref.WeakKeyDictionary()


def token_table(doc: Doc) -> "TokenTable":
    """The table of this parsed Doc, read on the first call and the same object after."""
    table = _TABLES.get(doc)
    if table is None:
        table = _TABLES[doc] = TokenTable(doc)
    return table


class _Labels:
    """A column of one string attribute of every token (`pos`, `dep`, ...), made on first use
    and then kept on the table; each distinct id is looked up once."""

    def __init__(self, attr: int, lower_case: bool = False):
        self.attr, self.lower_case = attr, lower_case

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, table: "TokenTable | None", owner: type | None = None) -> Any:
        if table is None:
            return self
        ids = table.ids(self.attr).tolist()
        names = {i: table.strings[i] for i in set(ids)}
        if self.lower_case:
            names = {i: name.lower() for i, name in names.items()}
        column = table.__dict__[self.name] = [names[i] for i in ids]  # kept: this descriptor is not asked again
        return column


class TokenTable:
    """Per-position facts of one parsed Doc (positions are token indexes)."""

    def __init__(self, doc: Doc):
        self.text = doc_text(doc)
        self.strings = doc.vocab.strings
        self.attrs = list(doc._get_array_attrs())  # the annotation rows spaCy copies a Doc with
        self.rows = doc.to_array(self.attrs)
        self.rows.flags.writeable = False
        self._lexical = doc.to_array([IDX, LOWER])  # (not in the rows: the first is an offset, the second a word's)
        self._lexical.flags.writeable = False
        self.size = len(doc)

    def __len__(self) -> int:
        return self.size

    def ids(self, attr: int) -> numpy.ndarray:
        """One column of the rows (or IDX, LOWER) as an array of ids, read-only; HEAD holds offsets."""
        if attr in (IDX, LOWER):
            return self._lexical[:, (IDX, LOWER).index(attr)]
        return self.rows[:, self.attrs.index(attr)]

    # -- words and offsets ----------------------------------------------------------

    @cached_property
    def idx(self) -> list[int]:
        """Each token's character offset in the Doc's text."""
        return self.ids(IDX).tolist()

    @cached_property
    def length(self) -> list[int]:
        """Each token's length in characters."""
        return self.ids(LENGTH).tolist()

    @cached_property
    def space(self) -> list[bool]:
        """Whether a space follows each token."""
        return [bool(x) for x in self.ids(SPACY).tolist()]

    @cached_property
    def word(self) -> list[str]:
        """Each token's text, cut from the Doc's text."""
        text = self.text
        return [text[start : start + n] for start, n in zip(self.idx, self.length)]

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`, cut from the Doc's text (indexes as a Doc slice takes them)."""
        n = self.size
        if not 0 <= start < end <= n:  # out of range or empty: bounds as Doc slicing sets them
            start, end = start + n if start < 0 else start, end + n if end < 0 else end
            start = min(n, max(0, start))
            end = min(n, max(start, end))
            if start == end:
                return ""
        return self.text[self.idx[start] : self.idx[end - 1] + self.length[end - 1]]

    # -- labels ---------------------------------------------------------------------

    lower = _Labels(LOWER)
    lemma_lower = _Labels(LEMMA, lower_case=True)  # each token's lemma in lower case
    pos = _Labels(POS)
    tag = _Labels(TAG)
    dep = _Labels(DEP)
    ent_type = _Labels(ENT_TYPE)

    @cached_property
    def ent_iob(self) -> list[int]:
        """spaCy's IOB code of each token (1: inside an entity, 3: opening one, 2: outside)."""
        return self.ids(ENT_IOB).tolist()

    # -- the tree -------------------------------------------------------------------

    @cached_property
    def head_array(self) -> numpy.ndarray:
        """Each token's head as a position (a root is its own head), read-only."""
        head = numpy.arange(self.size) + self.ids(HEAD).astype("int64")  # HEAD holds offsets
        head.flags.writeable = False
        return head

    @cached_property
    def head(self) -> list[int]:
        return self.head_array.tolist()

    @cached_property
    def children(self) -> list[list[int]]:
        """Each position's dependents in text order, as `Token.children` lists them; one sort in
        numpy instead of a walk of every head."""
        head = self.head_array
        n = self.size
        dependents = numpy.flatnonzero(head != numpy.arange(n))  # all but the roots, in text order
        order = dependents[numpy.argsort(head[dependents], kind="stable")]  # stable: text order within a head
        start = numpy.searchsorted(head[order], numpy.arange(n + 1)).tolist()
        order = order.tolist()
        return [order[start[i] : start[i + 1]] for i in range(n)]

    def child_ids(self, i: int) -> list[int]:
        """Positions of `doc[i].children` (a negative `i` counts from the end, as `doc[i]`)."""
        return self.children[i]

    def is_ancestor(self, anc: int, i: int) -> bool:
        """Whether `anc` is on the path from `i` up to its sentence root (as `Token.ancestors`)."""
        head = self.head
        steps = 0
        while head[i] != i and steps < self.size:
            i = head[i]
            if i == anc:
                return True
            steps += 1
        return False

    # -- sentences ------------------------------------------------------------------

    @cached_property
    def sent_firsts(self) -> list[int]:
        """The first token of every sentence, in order: where `Doc.sents` starts one."""
        starts = self.ids(SENT_START)
        return [0] + (numpy.flatnonzero(starts[1:] == 1) + 1).tolist() if self.size else []

    @cached_property
    def sent_of(self) -> list[int]:
        """Each token's sentence number."""
        return self._per_token(list(range(len(self.sent_firsts))))

    @cached_property
    def sent_start(self) -> list[int]:
        """The first token of each token's sentence."""
        return self._per_token(self.sent_firsts)

    @cached_property
    def sent_end(self) -> list[int]:
        """One past the last token of each token's sentence."""
        return self._per_token([*self.sent_firsts[1:], self.size] if self.size else [])

    def _per_token(self, per_sentence: list[int]) -> list[int]:
        bounds = self.sent_firsts + [self.size]
        out: list[int] = []
        for k, value in enumerate(per_sentence):
            out.extend([value] * (bounds[k + 1] - bounds[k]))
        return out
