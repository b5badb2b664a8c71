"""The tokens of one parsed Doc as plain columns: read out of spaCy once, shared by every stage.

spaCy builds a new Python Token object on every `doc[i]`, `.head` and `.children`, and
`span.text` joins the span's tokens again; the actor, attribution and stance rules ask such
questions hundreds of thousands of times per corpus. `token_table(doc)` reads the columns
the stages use in one array read and gives each stage what it walks: the words, offsets,
labels, heads, children and sentences of every position, as lists (a column is made on
first use, so a stage pays only for what it reads: the stance coder makes a table per
sentence Doc, where the fixed cost counts) and as arrays of ids (for the rules that test
whole columns at once). The table is made once per Doc and kept beside it for as
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
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, LOWER, ORTH, POS, SENT_START, SPACY, TAG
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


# The attributes every stage reads, in one array read per Doc (the rows a Doc is copied with,
# `rows`, are read only for the sentence cutter).
_COLUMNS = (IDX, LENGTH, SPACY, ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, ENT_IOB, HEAD, SENT_START)
_AT = {attr: k for k, attr in enumerate(_COLUMNS)}


class _Column:
    """One column of every token as a list (`idx`, `pos`, ...), made on first use and then kept
    on the table."""

    def __init__(self, attr: int, strings: bool = False, lower_case: bool = False):
        self.attr, self.strings, self.lower_case = attr, strings, lower_case

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, table: "TokenTable | None", owner: type | None = None) -> Any:
        if table is None:
            return self
        column = table.ids(self.attr).tolist()
        if self.strings:  # each distinct id looked up once: a column repeats a few dozen labels
            store = table.strings
            names = {i: (store[i].lower() if self.lower_case else store[i]) for i in set(column)}
            column = [names[i] for i in column]
        table.__dict__[self.name] = column  # kept: this descriptor is not asked again for this table
        return column


class TokenTable:
    """Per-position facts of one parsed Doc (positions are token indexes)."""

    def __init__(self, doc: Doc):
        self._doc = weakref.ref(doc)  # for the text and the rows, read on demand (a table keeps no Doc alive)
        self.strings = doc.vocab.strings
        self.size = len(doc)
        self._ids = doc.to_array(list(_COLUMNS))
        self._ids.flags.writeable = False

    def __len__(self) -> int:
        return self.size

    def ids(self, attr: int) -> numpy.ndarray:
        """One column as an array of ids, read-only (HEAD holds offsets, as spaCy stores it)."""
        return self._ids[:, _AT[attr]]

    @cached_property
    def attrs(self) -> list[int]:
        """The annotation attributes spaCy copies a Doc with, in the order of `rows`."""
        return list(Doc._get_array_attrs())

    @cached_property
    def rows(self) -> numpy.ndarray:
        """The Doc's annotation rows for `attrs` (what `Span.as_doc` and `Doc.from_array` take), read-only."""
        rows = self._doc().to_array(self.attrs)
        rows.flags.writeable = False
        return rows

    # -- words and offsets ----------------------------------------------------------

    @cached_property
    def text(self) -> str:
        """The Doc's text (`doc_text`)."""
        return doc_text(self._doc())

    idx = _Column(IDX)  # each token's character offset in the Doc's text
    length = _Column(LENGTH)  # in characters

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

    lower = _Column(LOWER, strings=True)
    lemma_lower = _Column(LEMMA, strings=True, lower_case=True)  # each token's lemma in lower case
    pos = _Column(POS, strings=True)
    tag = _Column(TAG, strings=True)
    dep = _Column(DEP, strings=True)
    ent_type = _Column(ENT_TYPE, strings=True)

    ent_iob = _Column(ENT_IOB)  # spaCy's IOB code of each token (1: inside an entity, 3: opening one, 2: outside)

    # -- the tree -------------------------------------------------------------------

    @cached_property
    def head(self) -> list[int]:
        """Each token's head as a position (a root is its own head)."""
        offsets = self.ids(HEAD).astype("int64").tolist()  # HEAD holds offsets
        return [i + offset for i, offset in enumerate(offsets)]

    @cached_property
    def head_array(self) -> numpy.ndarray:
        """`head` as an array, read-only."""
        head = numpy.array(self.head, dtype="int64")
        head.flags.writeable = False
        return head

    @cached_property
    def children(self) -> list[list[int]]:
        """Each position's dependents in text order, as `Token.children` lists them."""
        children: list[list[int]] = [[] for _ in range(self.size)]
        for i, head in enumerate(self.head):
            if head != i:
                children[head].append(i)
        return children

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
