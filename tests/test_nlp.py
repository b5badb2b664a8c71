"""The spaCy pipeline as stancemap loads it: the same annotations as the model as shipped."""

from __future__ import annotations

import spacy
from conftest import EXAMPLE_FILES, shared_path

from stancemap.config import model_name
from stancemap.nlp.attribute_ruler import MemoAttributeRuler, use_memo_attribute_ruler
from stancemap.nlp.lemmatizer import CachedLemmatizer, use_cached_lemmatizer
from stancemap.nlp.segmentation import add_glued_sentences


def _shipped_and_ours(nlp):
    """The model as spacy.load gives it (with the glued-sentence set-up, so both tokenize alike)
    and as stancemap builds it."""
    return add_glued_sentences(spacy.load(model_name())), nlp


def _texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in EXAMPLE_FILES if p.suffix == ".txt"]
    return texts + [shared_path("seed", "000_b1cc76adf05f4c39.txt").read_text("utf-8")]


def test_memoised_lemmatizer_gives_the_models_own_lemmas(nlp):
    shipped, nlp = _shipped_and_ours(nlp)
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    texts = _texts() * 2  # the second pass answers from the memo
    for ours, theirs in zip(nlp.pipe(texts), shipped.pipe(texts)):
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
        assert any(t.lemma_ != t.lower_ for t in ours)  # real lemmatisation happened ("said" -> "say")


def test_a_lemmatizer_that_is_not_rule_based_is_left_alone():
    blank = spacy.blank("en")
    blank.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not isinstance(use_cached_lemmatizer(blank).get_pipe("lemmatizer"), CachedLemmatizer)


def test_memoised_attribute_ruler_gives_the_models_own_annotations(nlp):
    shipped, nlp = _shipped_and_ours(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), MemoAttributeRuler)
    # words and patterns the ruler's multi-token and label rules fire on, plus real articles twice
    odd = "There is no deal.\n\nY'all know it: we're gonna win, they ain't leaving, let's go. But he did, did he not?"
    texts = [odd, *_texts(), odd, *_texts()]
    for ours, theirs in zip(nlp.pipe(texts), shipped.pipe(texts)):
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in ours] == [
            (t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in theirs
        ]
    assert nlp.get_pipe("attribute_ruler").memo  # the second pass was answered from the memo


def test_an_attribute_ruler_testing_other_attributes_runs_as_it_is():
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "Baku", "IS_TITLE": True}]], {"LEMMA": "baku"})
    memo = use_memo_attribute_ruler(blank).get_pipe("attribute_ruler")
    assert isinstance(memo, MemoAttributeRuler) and memo.plan is None
    assert [t.lemma_ for t in blank("Baku said")] == ["baku", ""]


def test_every_caller_gets_the_pipeline_as_declared_whatever_ran_before(nlp):
    """load() gives the glued-sentence component and infixes from the start; no stage adds them later."""
    from stancemap.nlp.model import build
    from stancemap.nlp.segmentation import COMPONENT

    fresh = build()
    assert COMPONENT in nlp.pipe_names and fresh.pipe_names == nlp.pipe_names
    assert nlp.get_pipe_meta(COMPONENT).factory == COMPONENT  # registered as a factory: the config can name it
    text = "They meet again on October 29.A senior official said the truce would hold."
    assert [s.text for s in fresh(text).sents] == [s.text for s in nlp(text).sents] == [
        "They meet again on October 29.", "A senior official said the truce would hold."]


def test_statements_refuse_a_bare_model():
    import pytest

    from stancemap.records import Article
    from stancemap.statements.extract import extract_article

    with pytest.raises(ValueError, match="glued_sentences"):
        extract_article(Article(body="Aliyev said the talks would go on."), spacy.load(model_name()))


def test_the_default_model_is_loaded_once_however_it_is_named(nlp):
    """`load()`, `load(None)` and `load(<the default's name>)` were three cache keys: a run whose
    stages named the model differently loaded (and held) it twice."""
    from stancemap.nlp.model import english_words, load

    assert load() is nlp
    assert load(None) is nlp
    assert load(model_name()) is nlp
    assert english_words()  # the dictionary comes from that same pipeline


def test_a_long_parse_collects_less_often_and_gives_the_setting_back():
    import gc

    from stancemap.nlp.model import PARSE_COLLECTION_THRESHOLD, fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (max(PARSE_COLLECTION_THRESHOLD, before[0]), *before[1:])
    assert gc.get_threshold() == before
    try:
        with fewer_collections():
            raise ValueError("an article that fails")
    except ValueError:
        pass
    assert gc.get_threshold() == before
