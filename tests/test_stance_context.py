"""The coder's Context reads each sentence's parse into index lists once; what it answers
from them must be what spaCy's own Token navigation answers."""

from __future__ import annotations

import pytest

from stancemap.records import Statement
from stancemap.stance.actions import Context
from stancemap.stance.conflicts import resolve_conflict
from stancemap.stance.stance import collective_regex

SENTENCES = [
    "Turkey, which has openly backed Azerbaijan, said on Monday that it would not take sides.",
    "The ministry said the town had been captured and that Armenian forces were shelled by the army.",
    "When Aliyev visited Tehran, Iran's foreign minister urged both sides to stop the fighting without delay.",
    '"We will win," said the president of Armenia, who refused to comment further.',
    "Putin called Pashinyan and Aliyev to discuss the ceasefire agreed in Moscow.",
]


@pytest.fixture(scope="module")
def contexts(nlp):
    conflict = resolve_conflict("armenia-azerbaijan")
    out = []
    for text in SENTENCES:
        statement = Statement(article_id="a", speaker="X", speaker_mention="X", speaker_reason="", cue="said",
                              sentence=text, sent_start=0, sent_end=len(text), content="")
        out.append(Context(statement, nlp(text), conflict, [], collective_regex()))
    return out


def test_token_facts_match_spacy(contexts):
    for ctx in contexts:
        tokens = list(ctx.doc)
        assert ctx.lemmas == [t.lemma_.lower() for t in tokens]
        assert ctx.pos == [t.pos_ for t in tokens] and ctx.deps == [t.dep_ for t in tokens]
        assert ctx.lowers == [t.lower_ for t in tokens] and ctx.ent_types == [t.ent_type_ for t in tokens]
        assert ctx.heads == [t.head.i for t in tokens]
        assert ctx.children == [[c.i for c in t.children] for t in tokens]


def test_navigation_matches_spacy(contexts):
    for ctx in contexts:
        for tok in ctx.doc:
            subtree = list(tok.subtree)
            assert ctx.subtree_range(tok) == (subtree[0].idx, subtree[-1].idx + len(subtree[-1].text))
            assert ctx.span_text(tok) == ctx.doc[subtree[0].i : subtree[-1].i + 1].text
            assert sorted(ctx.subtree_indexes(tok.i)) == [t.i for t in subtree]
            assert ctx.word(tok.i) == tok.text
        for char in range(len(ctx.text) + 1):
            found = next((t.i for t in ctx.doc if t.idx <= char < t.idx + len(t.text)), None)
            at = ctx.token_at(char)
            assert (at.i if at is not None else None) == found


def test_subject_and_negation_over_index_lists(contexts):
    backed = contexts[0]
    said = next(t for t in backed.doc if t.text == "said")
    assert backed.subject_of(said).text == "Turkey"
    take = next(t for t in backed.doc if t.text == "take")
    assert backed.is_negated(take)  # "would not take sides"
    assert not backed.is_negated(said)
    shelled = next(t for t in contexts[1].doc if t.text == "shelled")
    assert contexts[1].subject_of(shelled).text == "army"  # the agent of a passive
    urged = contexts[2]
    stop = next(t for t in urged.doc if t.text == "stop")
    assert urged.subject_of(stop).text == "sides"  # "urged both sides to stop": the doer inherited through xcomp
    refused = contexts[3]
    comment = next(t for t in refused.doc if t.text == "comment")
    assert refused.is_negated(comment)  # "refused to comment"
