"""A statement's sentence as a Doc of its own, cut from the article's parse, so coding never parses it again."""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import ENT_IOB, HEAD, LENGTH, SPACY
from spacy.tokens import Doc

from ..nlp.text import keep_text


class ArticleRows:
    """The article's annotation rows, and the columns `sentence_doc` reads for each of its
    sentences as plain lists, read once per article (a parse never changes once made)."""

    def __init__(self, doc: Any):
        self.attrs = list(doc._get_array_attrs())
        self.array = doc.to_array(self.attrs)
        self.length = self.array[:, self.attrs.index(LENGTH)].tolist()
        self.space = [bool(x) for x in self.array[:, self.attrs.index(SPACY)].tolist()]
        self.head = (numpy.arange(len(doc)) + self.array[:, self.attrs.index(HEAD)].astype("int64")).tolist()
        self.ent_iob = self.array[:, self.attrs.index(ENT_IOB)].tolist()


def sentence_doc(doc: Any, text: str, statement: Any, tokenizer: Any, rows: ArticleRows | None = None) -> Any:
    """The statement's sentence as a Doc of its own, cut from the article's parse.

    None when the article's tokens for it differ from the sentence's own tokenization
    (the coder then parses the sentence itself, exactly as it would have). Words and
    spaces are read from the annotation rows (LENGTH, SPACY), not from Token objects.
    """
    raw = text[statement.sent_start : statement.sent_end]
    start = statement.sent_start + len(raw) - len(raw.lstrip())
    end = start + len(statement.sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    rows = rows if rows is not None else ArticleRows(doc)
    a, b = span.start, span.end
    words = _words(text, span.start_char, rows.length[a:b], rows.space[a:b])
    spaces = rows.space[a:b]
    # The tokenizer splits at whitespace first: a sentence that begins and ends at whitespace
    # has the article's own tokens. Only one glued to its neighbours needs the check.
    whole_chunks = (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace())
    if not (whole_chunks and span.start_char == start and span.end_char == end):
        own = tokenizer(statement.sentence)
        length, space = own.to_array([LENGTH, SPACY]).reshape(len(own), 2).T.tolist()
        if words != _words(statement.sentence, 0, length, space):
            return None
    if text[span.start_char : span.end_char] != statement.sentence:
        return None
    if _self_contained(a, b, rows):
        out = _copy_tokens(doc.vocab, words, spaces, rows.attrs, rows.array[a:b])
    else:
        out = span.as_doc(array_head=rows.attrs, array=rows.array)  # spaCy re-roots heads and trims entities cut off
        if spaces[-1]:
            out = _copy_tokens(doc.vocab, words, spaces, rows.attrs, out.to_array(rows.attrs))
    keep_text(out, statement.sentence)  # its words are the sentence's: no need to join them again
    return out


def _words(text: str, start: int, lengths: list[int], spaces: list) -> list[str]:
    """Each token's text, from its length and whether a space follows it: tokens sit one
    after another in the text, each followed by at most its one space."""
    words = []
    for n, space in zip(lengths, spaces):
        words.append(text[start : start + n])
        start += n + bool(space)
    return words


def _self_contained(start: int, end: int, rows: ArticleRows) -> bool:
    """No head outside the tokens start..end and no entity across their edges: copying
    their rows is all `Span.as_doc` would do."""
    heads = rows.head[start:end]
    inside = 1  # ENT_IOB 1: a token inside an entity, not opening it
    return (min(heads) >= start and max(heads) < end and rows.ent_iob[start] != inside
            and (end >= len(rows.ent_iob) or rows.ent_iob[end] != inside))


def _copy_tokens(vocab: Any, words: list[str], spaces: list[bool], attrs: list, rows: Any) -> Any:
    """A Doc of these words and their annotation rows; the last token keeps no trailing space."""
    out = Doc(vocab, words=words, spaces=spaces[:-1] + [False])
    keep = [i for i, a in enumerate(attrs) if a not in (SPACY, LENGTH)]
    out.from_array([attrs[i] for i in keep], rows[:, keep])
    return out
