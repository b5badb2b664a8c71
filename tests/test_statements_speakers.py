"""Quotations on scraped pages that lost their paragraph breaks. Sentences written for these tests."""

from __future__ import annotations

from stancemap.records import Article
from stancemap.statements.extract import MentionResolver, extract_article
from stancemap.statements.quotes import find_quotes


def extract(nlp, text: str, **kw):
    return extract_article(Article(body=text, published="2021-03-10"), nlp, resolver_factory=lambda d, a: MentionResolver(), **kw)


# --- quotations whose paragraph breaks the page lost ------------------------------------------------


def test_a_quotation_left_open_before_a_glued_sentence_ends_there():
    text = ('She said: "We will not leave. Our home is here.The family arrived in 2000. '
            'Its pseudonym was "Barcelona". Later he said "no".')
    quotes = [text[s:e] for s, e in find_quotes(text)]
    assert quotes == ['"We will not leave. Our home is here.', '"Barcelona"', '"no"']


def test_a_reopened_quotation_ends_the_open_one():
    text = ('She added: "The news is misleading. Armenia is the victim. "We need observers," she said. '
            'The army claimed a "counter-offensive". Reuters reported new clashes.')
    quotes = [text[s:e] for s, e in find_quotes(text)]
    assert quotes == ['"The news is misleading. Armenia is the victim.', '"We need observers,"', '"counter-offensive"']


def test_sentences_after_a_lost_paragraph_break_are_not_the_quoted_speakers(nlp):
    text = ('She added: "The attacks are unprovoked. "We need international observers," she said. '
            'Armenia declared martial law. The army said 16 soldiers were killed. Reuters reported new clashes.')
    got = {(s.speaker, s.sentence.split()[0]) for s in extract(nlp, text)}
    assert ("Reuters", "Reuters") in got and ("The army", "The") in got
    assert not any(who == "She" and first in {"Armenia", "Reuters", "The"} for who, first in got)
