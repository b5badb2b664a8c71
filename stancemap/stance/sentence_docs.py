"""A statement's sentence as a Doc of its own, cut from the article's parse, so coding never parses it again."""

from __future__ import annotations

from typing import Any

from spacy.attrs import LENGTH, SPACY
from spacy.tokens import Doc

from ..nlp.text import keep_text
from ..nlp.token_table import TokenTable, token_table


def sentence_doc(doc: Any, text: str, statement: Any, tokenizer: Any) -> Any:
    """The statement's sentence as a Doc of its own, cut from the article's parse.

    None when the article's tokens for it differ from the sentence's own tokenization
    (the coder then parses the sentence itself, exactly as it would have). Words and
    spaces are read from the article's token table (its annotation rows), not from Token objects.
    """
    raw = text[statement.sent_start : statement.sent_end]
    start = statement.sent_start + len(raw) - len(raw.lstrip())
    end = start + len(statement.sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    table = token_table(doc)
    a, b = span.start, span.end
    words = _words(text, span.start_char, table.length[a:b], table.space[a:b])
    spaces = table.space[a:b]
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
    if _self_contained(a, b, table):
        out = _copy_tokens(doc.vocab, words, spaces, table.attrs, table.rows[a:b])
    else:
        # spaCy re-roots heads and trims entities cut off, in the array it is given: a copy, the table is shared
        out = span.as_doc(array_head=table.attrs, array=table.rows.copy())
        if spaces[-1]:
            out = _copy_tokens(doc.vocab, words, spaces, table.attrs, out.to_array(table.attrs))
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


def _self_contained(start: int, end: int, table: TokenTable) -> bool:
    """No head outside the tokens start..end and no entity across their edges: copying
    their rows is all `Span.as_doc` would do."""
    heads = table.head[start:end]
    inside = 1  # ENT_IOB 1: a token inside an entity, not opening it
    return (min(heads) >= start and max(heads) < end and table.ent_iob[start] != inside
            and (end >= len(table.ent_iob) or table.ent_iob[end] != inside))


def _copy_tokens(vocab: Any, words: list[str], spaces: list[bool], attrs: list, rows: Any) -> Any:
    """A Doc of these words and their annotation rows; the last token keeps no trailing space."""
    out = Doc(vocab, words=words, spaces=spaces[:-1] + [False])
    keep = [i for i, a in enumerate(attrs) if a not in (SPACY, LENGTH)]
    out.from_array([attrs[i] for i in keep], rows[:, keep])
    return out
