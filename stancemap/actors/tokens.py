"""The actor rules' view of one parsed article: the shared token table plus what only they ask.

The words, labels, heads, children and sentences come from `nlp.token_table` (read once per
Doc, shared with the attribution and stance stages); this adds the Token object of every
position (made once: `doc[i]` makes a new one on each call), where a mention can be headed,
which words can be names, and the noun-phrase walks the rules repeat. It lives as long as
the article's resolver.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..nlp.token_table import token_table
from .names import nouns

_CHAIN_DEPS = {"compound", "amod", "poss", "nmod", "det", "flat", "nummod", "punct", "case"}
_HYPHENS = {"-", "–"}
NOT_NAME_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def is_name_token(tok: Token) -> bool:
    """A token that can be (part of) a proper name."""
    return is_name_word(tok.pos_, tok.ent_type_, tok.text)


def is_name_word(pos: str, ent_type: str, text: str) -> bool:
    """A capitalised proper noun that is no date, time or number."""
    return pos == "PROPN" and ent_type not in NOT_NAME_LABELS and text[:1].isupper()


def _name_particles() -> set[str]:
    return nouns()["name_particles"]


class Tokens:
    """Per-position facts of one parsed Doc (positions are token indexes)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.table = table = token_table(doc)
        self.text = table.text
        self.tok: list[Token] = list(doc)
        self.idx = table.idx
        self.word = table.word
        self.lower = table.lower
        self.pos = table.pos
        self.dep = table.dep
        self.ent = table.ent_type
        self.head = table.head
        self.sent_of = table.sent_of  # sentence number of each token
        self.sent_start = table.sent_start  # first token of each token's sentence
        self.sent_end = table.sent_end  # one past its last token
        self.span_text = table.span_text
        self.child_ids = table.child_ids
        self.is_ancestor = table.is_ancestor
        self.nouns = [i for i, pos in enumerate(self.pos) if pos in {"NOUN", "PROPN"}]  # where mentions can be headed
        self.is_name = [False] * len(self.word)
        for i in self.nouns:  # only a proper noun can be a name word
            self.is_name[i] = self.pos[i] == "PROPN" and is_name_word("PROPN", self.ent[i], self.word[i])
        self._left_chain: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.word)

    def children(self, i: int) -> list[Token]:
        """`doc[i].children`, as Tokens made once."""
        return [self.tok[c] for c in self.child_ids(i)]

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
            if self._hyphened_particle(i, start_sent):
                # "Jaish al-Islam", "Ibrahim al-Assad": a particle and its hyphen are inside the name,
                # with the name word before them, whatever the parser made of the three
                i -= 2
                if i >= start_sent and self.is_name[i]:
                    i -= 1
                continue
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

    def _hyphened_particle(self, i: int, start_sent: int) -> bool:
        """Whether token `i` is the hyphen of a name particle written onto the next word ("al-", "el-"),
        the three with no space between them."""
        if self.word[i] not in _HYPHENS or i - 1 < start_sent or i + 1 >= len(self.word):
            return False
        return (self.lower[i - 1] in _name_particles() and self.idx[i] == self.idx[i - 1] + len(self.word[i - 1])
                and self.idx[i + 1] == self.idx[i] + 1)

    def numbered_end(self, i: int) -> int:
        """One past a name at `i` that goes on with a number ("France 24", "Rustavi 2", "Channel 4"): a short
        number right after it, one space away; else i + 1. Such a name is no country, whatever its first word."""
        j = i + 1
        if (j < len(self.word) and self.word[j].isdigit() and len(self.word[j]) <= 3 and self.word[i][:1].isupper()
                and self.idx[j] == self.idx[i] + len(self.word[i]) + 1 and self.text[self.idx[j] - 1] == " "):
            return j + 1
        return i + 1

    def of_phrase_ends(self, i: int) -> list[int]:
        """One past the end of the noun at `i` with each chain of 'of' phrases on it, the longest
        first ("Ministry of Defence of Armenia": after Armenia, after Defence, after Ministry)."""
        ends = [i + 1]
        while (obj := self.of_object(i)) is not None:
            ends.insert(0, obj.i + 1)
            i = obj.i
        return ends

    def of_object(self, i: int) -> Token | None:
        """The object of an 'of' phrase hanging on token `i` ("Republic of Azerbaijan" -> Azerbaijan)."""
        prep = i + 1  # the 'of' right after, a child of `i` (whose head is `i`, as Token.children reads it)
        if prep >= len(self.word) or self.head[prep] != i or self.dep[prep] != "prep" or self.lower[prep] != "of":
            return None
        for pobj in self.child_ids(prep):
            if self.dep[pobj] == "pobj":
                return self.tok[pobj]
        return None
