"""A parsed document's text, built once.

`Doc.text` joins every token's text on each access, so a rule that reads it
per candidate walks the whole article again and again; this keeps the string
with the Doc (in `user_data`) after the first call.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = "stancemap.text"
_QUOTES_KEY = "stancemap.quotes"


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed on the first call only (a Doc's text never changes)."""
    text = doc.user_data.get(_KEY)
    if text is None or not _fits(doc, text):
        text = doc.text
        doc.user_data[_KEY] = text
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was built from (a pipeline component that read the words anyway,
    a sentence cut from an article), so `doc_text` need not join its tokens; the caller
    vouches that the words and spaces spell exactly `text`."""
    doc.user_data[_KEY] = text


def span_text(span: Span) -> str:
    """`span.text`, cut from the Doc's text instead of joined from a Token per word."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def _fits(doc: Doc, text: str) -> bool:
    """Guards against a stale copy (user_data copied to another Doc): the length must match."""
    if not len(doc):
        return text == ""
    last = doc[-1]
    return len(text) == last.idx + len(last.text_with_ws)


def doc_quotes(doc: Doc) -> list[tuple[int, int]]:
    """The document's quotations (`nlp.quotes.find_quotes` over its text), found once per Doc."""
    from .quotes import find_quotes

    quotes = doc.user_data.get(_QUOTES_KEY)
    if quotes is None:
        quotes = find_quotes(doc_text(doc))
        doc.user_data[_QUOTES_KEY] = quotes
    return quotes
