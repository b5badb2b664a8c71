"""`ActorResolver._head_word_describes` lets `_description` skip its later branches for most nouns.

The gate and the branches are two lists that must stay in step: the gate may only save work,
never change an answer. Every noun of real articles is described with and without it.
"""

from __future__ import annotations

from conftest import unreserved_conflict_news
from stancemap.actors.kb import load_kb
from stancemap.actors.resolve import ActorResolver
from stancemap.ingest.sources import read_document


class UngatedResolver(ActorResolver):
    """Every noun goes through every branch of `_description`."""

    def _head_word_describes(self, tok, lower, lemma) -> bool:
        return True


def answer(res):
    return None if res is None else (res.actor.name if res.actor is not None else None, res.reason)


def test_the_head_word_gate_never_changes_a_description(nlp):
    kb = load_kb()
    compared = described = 0
    for path in unreserved_conflict_news()[:12]:
        article = read_document(path.read_bytes(), str(path))
        doc = nlp(article.prose)
        gated, ungated = ActorResolver(kb, doc, article), UngatedResolver(kb, doc, article)
        for tok in doc:
            if tok.pos_ not in {"NOUN", "PROPN"}:
                continue
            got, full = answer(gated._description(tok)), answer(ungated._description(tok))
            assert got == full, f"{path.name}: '{tok.text}' (sentence: {tok.sent.text[:120]!r})"
            compared += 1
            described += full is not None
    assert compared > 1000 and described > 20
