"""The per-Doc token table every stage reads: one per parsed Doc, and what spaCy's own Token objects say."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap.actors.tokens import Tokens
from stancemap.nlp.token_table import token_table
from stancemap.stance.sentence_docs import sentence_doc
from stancemap.records import Article
from stancemap.statements.extract import extract_many

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp((EXAMPLES / "tehran-divided.txt").read_text("utf-8"))


def test_columns_read_what_the_tokens_say(doc):
    table = token_table(doc)
    assert len(table) == len(doc) > 300
    assert table.word == [t.text for t in doc]
    assert table.idx == [t.idx for t in doc]
    assert table.space == [bool(t.whitespace_) for t in doc]
    assert table.lower == [t.lower_ for t in doc]
    assert table.lemma_lower == [t.lemma_.lower() for t in doc]
    assert table.pos == [t.pos_ for t in doc] and table.tag == [t.tag_ for t in doc]
    assert table.dep == [t.dep_ for t in doc] and table.ent_type == [t.ent_type_ for t in doc]
    assert table.head == [t.head.i for t in doc]
    assert table.children == [[c.i for c in t.children] for t in doc]
    assert table.child_ids(-1) == [c.i for c in doc[-1].children]
    sents = list(doc.sents)
    assert len(sents) > 10 and table.sent_firsts == [s.start for s in sents]
    assert table.sent_of == [k for k, s in enumerate(sents) for _ in s]
    assert table.sent_start == [t.sent.start for t in doc] and table.sent_end == [t.sent.end for t in doc]
    assert table.span_text(5, 12) == doc[5:12].text and table.span_text(-3, len(doc) + 4) == doc[-3:].text
    deep = next(t for t in doc if sum(1 for _ in t.ancestors) >= 3)
    assert all(table.is_ancestor(a.i, deep.i) for a in deep.ancestors) and not table.is_ancestor(deep.i, deep.i)


def test_one_table_per_doc_read_only_and_shared_by_the_stages(nlp, doc):
    table = token_table(doc)
    assert token_table(doc) is table
    assert Tokens(doc).word is table.word  # the actor rules read the same lists
    with pytest.raises(ValueError):
        table.rows[0, 0] = 1
    other = nlp("Azerbaijan said the talks would go on.")
    assert token_table(other) is not table and token_table(other).word[0] == "Azerbaijan"
    empty = token_table(nlp(""))
    assert len(empty) == 0 and empty.sent_firsts == [] and empty.sent_of == [] and empty.sent_end == []


def test_cutting_a_sentence_leaves_the_article_table_as_it_was(nlp):
    """`Span.as_doc` rewrites the heads of the rows it is given: the shared table must not change."""
    parsed = []
    (statements,) = extract_many([Article(body=(EXAMPLES / "tehran-divided.txt").read_text("utf-8"))], nlp,
                                 on_article=lambda article, doc, resolver: parsed.append(doc))
    doc = parsed[0]
    text = doc.text
    before = token_table(doc).rows.copy()
    table = token_table(doc)
    starts = [text.index(s.sentence, s.sent_start) for s in statements]
    spans = [doc.char_span(at, at + len(s.sentence), alignment_mode="expand") for at, s in zip(starts, statements)]
    cut_across = lambda s: (min(table.head[s.start : s.end]) < s.start or max(table.head[s.start : s.end]) >= s.end
                            or table.ent_iob[s.start] == 1 or (s.end < len(doc) and table.ent_iob[s.end] == 1))  # noqa: E731
    assert any(cut_across(s) for s in spans if s is not None), "no sentence here is cut across: as_doc is not reached"
    cuts = [sentence_doc(doc, text, s, nlp.tokenizer) for s in statements]
    assert statements and any(c is not None for c in cuts)
    assert (token_table(doc).rows == before).all()
